/**
 * Ärenden: one row per matter, found by the strongest key the metadata offers:
 * municipality + diarienummer; else body + meeting date + ärende number; else a near-identical
 * normalised ärende title in the same municipality. A document whose diarienummer differs from
 * the matter's is never joined to it by a weaker rule.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from './client.js';
import { arenden } from './schema.js';
import { arendeTitleKey, titlePrefix, titlesNearlyEqual } from '../server/linking/arende-titles.js';

export interface ArendeKey {
  municipality: string | null;
  body: string | null;
  meetingDate: string | null;
  number: string | null;
  title: string | null;
  diarienummer: string | null;
}

export type ArendeRule = 'diarienummer' | 'sammantrade_och_nummer' | 'titel' | 'ny';

/** Diarienummer compared without case or spacing ("KS 2017/64" = "ks-2017/64"). */
export function dnrKey(dnr: string): string {
  return dnr.toLocaleUpperCase('sv').replace(/[\s\-–.]+/g, '');
}

/** Finds or creates the ärende; null when the document names no matter at all. */
export function findOrCreateArende(db: Executor, k: ArendeKey): { id: number; rule: ArendeRule } | null {
  if (!k.diarienummer && !k.number && !k.title) return null;
  const muni = k.municipality === null ? sql`${arenden.municipality} IS NULL` : eq(arenden.municipality, k.municipality);
  const dnr = k.diarienummer ? dnrKey(k.diarienummer) : null;
  const compatible = (other: string | null) => dnr === null || other === null || dnrKey(other) === dnr;
  const titleKey = arendeTitleKey(k.title);

  if (dnr) {
    const hit = db.select({ id: arenden.id }).from(arenden)
      .where(and(muni, eq(arenden.dnrKey, dnr))).get();
    if (hit) return { id: hit.id, rule: 'diarienummer' };
  }
  if (k.number && k.body && k.meetingDate) {
    const hit = db.select({ id: arenden.id, dnr: arenden.diarienummer }).from(arenden)
      .where(and(muni, eq(arenden.body, k.body), eq(arenden.meetingDate, k.meetingDate), eq(arenden.number, k.number))).all()
      .find((a) => compatible(a.dnr));
    if (hit) return fillIn(db, hit.id, k, 'sammantrade_och_nummer');
  }
  if (titleKey && k.municipality) {
    const prefix = titlePrefix(titleKey);
    const hit = db.select({ id: arenden.id, key: arenden.titleKey, dnr: arenden.diarienummer }).from(arenden)
      .where(and(muni, sql`${arenden.titleKey} >= ${prefix} AND ${arenden.titleKey} < ${`${prefix}\uffff`}`)).limit(200).all()
      .find((a) => a.key !== null && compatible(a.dnr) && titlesNearlyEqual(a.key, titleKey));
    if (hit) return fillIn(db, hit.id, k, 'titel');
  }
  const created = db.insert(arenden).values({ ...k, titleKey, dnrKey: dnr }).returning({ id: arenden.id }).get();
  return { id: created.id, rule: 'ny' };
}

/** A weaker rule matched: the matter learns the diarienummer or title it lacked. */
function fillIn(db: Executor, id: number, k: ArendeKey, rule: ArendeRule): { id: number; rule: ArendeRule } {
  if (k.diarienummer) db.run(sql`UPDATE arenden SET diarienummer = ${k.diarienummer}, dnr_key = ${dnrKey(k.diarienummer)} WHERE id = ${id} AND diarienummer IS NULL`);
  if (k.title) db.run(sql`UPDATE arenden SET title = ${k.title}, title_key = ${arendeTitleKey(k.title)} WHERE id = ${id} AND title IS NULL`);
  return { id, rule };
}
