/**
 * Ärenden on PostgreSQL (db/arenden.ts calls these for a PostgreSQL handle), by the rules of
 * db/arenden.ts. Finding or creating an ärende runs under its scope's lock (the municipality, else
 * body, as the document's people: db/pg/locks.ts), so two server processes storing documents of the
 * same new matter at the same moment end with one ärende, and a title merge is never decided twice.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { arenden } from './schema.js';
import { inTx, lockScope } from './locks.js';
import type { PgDb } from '../engine.js';
import { arendeTitleKey, titlePrefix, titlesMatch } from '../../server/linking/arende-titles.js';
import { dnrKey, type ArendeKey, type ArendeRule } from '../arenden.js';

/** Live ärenden in the municipality known by a title that matches `key` (title keys in byte order, as SQLite's index reads them). */
async function byTitle(db: PgDb, municipality: string, key: string): Promise<Array<{ id: number; dnr: string | null }>> {
  const prefix = titlePrefix(key);
  const rows = (await db.execute(sql`
    SELECT a.id, a.dnr_key AS dnr, t.title_key AS key FROM arende_titles t JOIN arenden a ON a.id = t.arende_id AND a.merged_into_id IS NULL
    WHERE t.municipality = ${municipality} AND t.title_key COLLATE "C" >= ${prefix} AND t.title_key COLLATE "C" < ${`${prefix}\uffff`}
    ORDER BY t.title_key COLLATE "C", t.arende_id
    LIMIT 500`)).rows as Array<{ id: number; dnr: string | null; key: string }>;
  return rows.filter((r) => titlesMatch(r.key, key)).filter((r, i, all) => all.findIndex((x) => x.id === r.id) === i);
}

export async function findOrCreateArende(db: PgDb, k: ArendeKey): Promise<{ id: number; rule: ArendeRule } | null> {
  if (!k.diarienummer && !k.number && !k.title) return null;
  return inTx(db, async (tx) => {
    await lockScope(tx, k.municipality ?? k.body ?? '');
    const muni = k.municipality === null ? sql`${arenden.municipality} IS NULL` : eq(arenden.municipality, k.municipality);
    const live = sql`${arenden.mergedIntoId} IS NULL`;
    const dnr = k.diarienummer ? dnrKey(k.diarienummer) : null;
    const compatible = (other: string | null) => dnr === null || other === null || other === dnr;
    const titleKey = arendeTitleKey(k.title);

    let found: { id: number; rule: ArendeRule } | null = null;
    if (dnr) {
      const [hit] = await tx.select({ id: arenden.id }).from(arenden).where(and(muni, live, eq(arenden.dnrKey, dnr))).orderBy(asc(arenden.id)).limit(1);
      if (hit) found = { id: hit.id, rule: 'diarienummer' };
    }
    if (!found && k.number && k.body && k.meetingDate) {
      const hit = (await tx.select({ id: arenden.id, dnr: arenden.dnrKey }).from(arenden)
        .where(and(muni, live, eq(arenden.body, k.body), eq(arenden.meetingDate, k.meetingDate), eq(arenden.number, k.number))).orderBy(asc(arenden.id)))
        .find((a) => compatible(a.dnr));
      if (hit) found = { id: hit.id, rule: 'sammantrade_och_nummer' };
    }
    if (!found && titleKey && k.municipality) {
      const hit = (await byTitle(tx, k.municipality, titleKey)).find((a) => compatible(a.dnr));
      if (hit) found = { id: hit.id, rule: 'titel' };
    }
    if (!found) {
      const [created] = await tx.insert(arenden).values({ ...k, titleKey, dnrKey: dnr }).returning({ id: arenden.id });
      found = { id: created!.id, rule: 'ny' };
    } else {
      if (dnr) await tx.execute(sql`UPDATE arenden SET diarienummer = ${k.diarienummer}, dnr_key = ${dnr} WHERE id = ${found.id} AND dnr_key IS NULL`);
      if (k.title) await tx.execute(sql`UPDATE arenden SET title = ${k.title}, title_key = ${titleKey} WHERE id = ${found.id} AND title IS NULL`);
    }
    if (titleKey && k.municipality) {
      await tx.execute(sql`INSERT INTO arende_titles (arende_id, municipality, title_key) VALUES (${found.id}, ${k.municipality}, ${titleKey}) ON CONFLICT DO NOTHING`);
      const [own] = await tx.select({ dnr: arenden.dnrKey }).from(arenden).where(eq(arenden.id, found.id)).limit(1);
      const ownDnr = own?.dnr ?? null;
      for (const other of await byTitle(tx, k.municipality, titleKey)) {
        if (other.id !== found.id && (other.dnr === null || other.dnr === ownDnr)) await mergeArende(tx, other.id, found.id);
      }
    }
    return found;
  });
}

export async function mergeArende(db: PgDb, from: number, into: number): Promise<void> {
  await inTx(db, async (tx) => {
    // UPDATE OR IGNORE: a row that would collide with one `into` already has stays behind and is deleted.
    await tx.execute(sql`UPDATE document_arenden d SET arende_id = ${into}, rule = CASE WHEN d.rule = 'ny' THEN 'titel' ELSE d.rule END
      WHERE d.arende_id = ${from} AND NOT EXISTS (SELECT 1 FROM document_arenden x WHERE x.document_id = d.document_id AND x.arende_id = ${into})`);
    await tx.execute(sql`DELETE FROM document_arenden WHERE arende_id = ${from}`);
    await tx.execute(sql`UPDATE arende_titles t SET arende_id = ${into}
      WHERE t.arende_id = ${from} AND NOT EXISTS (SELECT 1 FROM arende_titles x WHERE x.municipality = t.municipality AND x.title_key = t.title_key AND x.arende_id = ${into})`);
    await tx.execute(sql`DELETE FROM arende_titles WHERE arende_id = ${from}`);
    await tx.execute(sql`UPDATE protocol_paragraphs SET arende_id = ${into} WHERE arende_id = ${from}`);
    await tx.execute(sql`UPDATE arenden SET merged_into_id = ${into} WHERE id = ${from}`);
    await tx.execute(sql`UPDATE arenden SET merged_into_id = ${into} WHERE merged_into_id = ${from}`);
  });
}

export async function liveArendeId(db: PgDb, id: number): Promise<number | undefined> {
  const [row] = await db.select({ merged: arenden.mergedIntoId }).from(arenden).where(eq(arenden.id, id)).limit(1);
  if (!row) return undefined;
  return row.merged ?? id;
}
