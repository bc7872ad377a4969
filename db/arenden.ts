/** Ärenden repository: one row per matter, found by the strongest key the metadata offers. */
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from './client.js';
import { arenden } from './schema.js';

export interface ArendeKey {
  municipality: string | null;
  body: string | null;
  meetingDate: string | null;
  number: string | null;
  title: string | null;
  diarienummer: string | null;
}

/**
 * Finds or creates the ärende: by municipality + diarienummer, else by body + meeting date + number.
 * Returns which rule matched; null when the document names no matter at all.
 */
export function findOrCreateArende(db: Executor, k: ArendeKey): { id: number; rule: string } | null {
  if (!k.diarienummer && !k.number && !k.title) return null;
  const muni = k.municipality === null ? sql`${arenden.municipality} IS NULL` : eq(arenden.municipality, k.municipality);
  if (k.diarienummer) {
    const hit = db.select({ id: arenden.id }).from(arenden).where(and(muni, eq(arenden.diarienummer, k.diarienummer))).get();
    if (hit) return { id: hit.id, rule: 'diarienummer' };
  } else if (k.number && k.body && k.meetingDate) {
    const hit = db.select({ id: arenden.id }).from(arenden)
      .where(and(muni, eq(arenden.body, k.body), eq(arenden.meetingDate, k.meetingDate), eq(arenden.number, k.number))).get();
    if (hit) return { id: hit.id, rule: 'sammantrade_och_nummer' };
  }
  const created = db.insert(arenden).values(k).returning({ id: arenden.id }).get();
  return { id: created.id, rule: 'ny' };
}
