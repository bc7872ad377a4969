/**
 * Ärenden: one row per matter, found by the strongest key the metadata offers:
 * municipality + diarienummer; else body + meeting date + ärende number; else a near-identical
 * normalised ärende title in the same municipality (any title the matter has been called by).
 * A document whose diarienummer differs from the matter's is never joined to it by a weaker rule.
 * When a document shows that two ärenden are one (a motion filed without diarienummer, then a
 * yrkande with both the diarienummer and the motion's title), the weaker one is merged into the other.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from './client.js';
import { arenden } from './schema.js';
import { arendeTitleKey, titlePrefix, titlesMatch } from '../server/linking/arende-titles.js';
import { isPg, type Db } from './engine.js';
import * as pg from './pg/arenden.js';

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

/** Live ärenden in the municipality known by a title that matches `key`, with their diarienummer. */
function byTitle(db: Executor, municipality: string, key: string): Array<{ id: number; dnr: string | null }> {
  const prefix = titlePrefix(key);
  return db.all<{ id: number; dnr: string | null; key: string }>(sql`
    SELECT a.id, a.dnr_key AS dnr, t.title_key AS key FROM arende_titles t JOIN arenden a ON a.id = t.arende_id AND a.merged_into_id IS NULL
    WHERE t.municipality = ${municipality} AND t.title_key >= ${prefix} AND t.title_key < ${`${prefix}\uffff`}
    LIMIT 500`)
    .filter((r) => titlesMatch(r.key, key))
    .filter((r, i, all) => all.findIndex((x) => x.id === r.id) === i);
}

/** Finds or creates the ärende; null when the document names no matter at all. */
export async function findOrCreateArende(db: Db, k: ArendeKey): Promise<{ id: number; rule: ArendeRule } | null> {
  if (isPg(db)) return pg.findOrCreateArende(db, k);
  if (!k.diarienummer && !k.number && !k.title) return null;
  const muni = k.municipality === null ? sql`${arenden.municipality} IS NULL` : eq(arenden.municipality, k.municipality);
  const live = sql`${arenden.mergedIntoId} IS NULL`;
  const dnr = k.diarienummer ? dnrKey(k.diarienummer) : null;
  const compatible = (other: string | null) => dnr === null || other === null || other === dnr;
  const titleKey = arendeTitleKey(k.title);

  let found: { id: number; rule: ArendeRule } | null = null;
  if (dnr) {
    const hit = db.select({ id: arenden.id }).from(arenden).where(and(muni, live, eq(arenden.dnrKey, dnr))).get();
    if (hit) found = { id: hit.id, rule: 'diarienummer' };
  }
  if (!found && k.number && k.body && k.meetingDate) {
    const hit = db.select({ id: arenden.id, dnr: arenden.dnrKey }).from(arenden)
      .where(and(muni, live, eq(arenden.body, k.body), eq(arenden.meetingDate, k.meetingDate), eq(arenden.number, k.number))).all()
      .find((a) => compatible(a.dnr));
    if (hit) found = { id: hit.id, rule: 'sammantrade_och_nummer' };
  }
  if (!found && titleKey && k.municipality) {
    const hit = byTitle(db, k.municipality, titleKey).find((a) => compatible(a.dnr));
    if (hit) found = { id: hit.id, rule: 'titel' };
  }
  if (!found) {
    const created = db.insert(arenden).values({ ...k, titleKey, dnrKey: dnr }).returning({ id: arenden.id }).get();
    found = { id: created.id, rule: 'ny' };
  } else {
    // A weaker rule matched: the matter learns the diarienummer or title it lacked.
    if (dnr) db.run(sql`UPDATE arenden SET diarienummer = ${k.diarienummer}, dnr_key = ${dnr} WHERE id = ${found.id} AND dnr_key IS NULL`);
    if (k.title) db.run(sql`UPDATE arenden SET title = ${k.title}, title_key = ${titleKey} WHERE id = ${found.id} AND title IS NULL`);
  }
  if (titleKey && k.municipality) {
    db.run(sql`INSERT OR IGNORE INTO arende_titles (arende_id, municipality, title_key) VALUES (${found.id}, ${k.municipality}, ${titleKey})`);
    // Ärenden known only by this title (no diarienummer of their own) are this matter too.
    const ownDnr = db.get<{ dnr: string | null }>(sql`SELECT dnr_key AS dnr FROM arenden WHERE id = ${found.id}`)?.dnr ?? null;
    for (const other of byTitle(db, k.municipality, titleKey)) {
      if (other.id !== found.id && (other.dnr === null || other.dnr === ownDnr)) await mergeArende(db, other.id, found.id);
    }
  }
  return found;
}

/** Moves every document, protocol paragraph and title of ärende `from` to `into`; `from` stays as a pointer for old links. */
export async function mergeArende(db: Db, from: number, into: number): Promise<void> {
  if (isPg(db)) return pg.mergeArende(db, from, into);
  db.run(sql`UPDATE OR IGNORE document_arenden SET arende_id = ${into}, rule = CASE WHEN rule = 'ny' THEN 'titel' ELSE rule END WHERE arende_id = ${from}`);
  db.run(sql`DELETE FROM document_arenden WHERE arende_id = ${from}`);
  db.run(sql`UPDATE OR IGNORE arende_titles SET arende_id = ${into} WHERE arende_id = ${from}`);
  db.run(sql`DELETE FROM arende_titles WHERE arende_id = ${from}`);
  db.run(sql`UPDATE protocol_paragraphs SET arende_id = ${into} WHERE arende_id = ${from}`);
  db.run(sql`UPDATE arenden SET merged_into_id = ${into} WHERE id = ${from}`);
  db.run(sql`UPDATE arenden SET merged_into_id = ${into} WHERE merged_into_id = ${from}`);
}

/** The live ärende an id now stands for (itself, or the one it was merged into). */
export async function liveArendeId(db: Db, id: number): Promise<number | undefined> {
  if (isPg(db)) return pg.liveArendeId(db, id);
  const row = db.get<{ merged: number | null } | undefined>(sql`SELECT merged_into_id AS merged FROM arenden WHERE id = ${id}`);
  if (!row) return undefined;
  return row.merged ?? id;
}
