/**
 * Party memberships on PostgreSQL (db/memberships.ts calls these for a PostgreSQL handle), derived
 * from the same evidence queries. Rebuilding or widening a person's derived memberships runs under
 * that person's lock (db/pg/locks.ts): two server processes adding documents of one person at the
 * same moment must both count, in one row per party and group, not each insert its own.
 */
import { sql } from 'drizzle-orm';
import { inTx, LOCK_MEMBERSHIPS, lockIds } from './locks.js';
import type { PgDb } from '../engine.js';
import { groupEvidence, partyEvidence, type MembershipRow, type Scope } from '../memberships.js';

export async function rebuildMemberships(db: PgDb, personIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return;
  await inTx(db, async (tx) => {
    await lockIds(tx, LOCK_MEMBERSHIPS, ids);
    for (const id of ids) {
      const ofPerson: Scope = (t) => sql`${sql.raw(t)}.person_id = ${id}`;
      await tx.execute(sql`DELETE FROM memberships WHERE person_id = ${id} AND source = 'derived'`);
      // Dates are ISO text: min and max in byte order, as SQLite's.
      await tx.execute(sql`
        INSERT INTO memberships (person_id, party_code, group_body, from_date, to_date, document_count, source)
        SELECT person_id, party_code, NULL, min(date COLLATE "C"), max(date COLLATE "C"), count(DISTINCT document_id), 'derived'
        FROM (${partyEvidence(ofPerson)}) e GROUP BY person_id, party_code`);
      await tx.execute(sql`
        INSERT INTO memberships (person_id, party_code, group_body, from_date, to_date, document_count, source)
        SELECT person_id, party_code, group_body, min(date COLLATE "C"), max(date COLLATE "C"), count(DISTINCT document_id), 'derived'
        FROM (${groupEvidence(ofPerson)}) e GROUP BY person_id, party_code, group_body`);
    }
  });
}

export async function addDocumentToMemberships(db: PgDb, documentId: number, personIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return;
  await inTx(db, async (tx) => {
    await lockIds(tx, LOCK_MEMBERSHIPS, ids);
    for (const id of ids) {
      const inDocument: Scope = (t) => sql`${sql.raw(t)}.document_id = ${documentId} AND ${sql.raw(t)}.person_id = ${id}`;
      const parties = (await tx.execute(sql`
        SELECT party_code AS party, min(date COLLATE "C") AS first, max(date COLLATE "C") AS last FROM (${partyEvidence(inDocument)}) e
        GROUP BY party_code`)).rows as Array<{ party: string; first: string | null; last: string | null }>;
      for (const r of parties) await widen(tx, id, r.party, null, r.first, r.last);
      const groups = (await tx.execute(sql`
        SELECT party_code AS party, group_body AS body, min(date COLLATE "C") AS first, max(date COLLATE "C") AS last FROM (${groupEvidence(inDocument)}) e
        GROUP BY party_code, group_body`)).rows as Array<{ party: string; body: string; first: string | null; last: string | null }>;
      for (const r of groups) await widen(tx, id, r.party, r.body, r.first, r.last);
    }
  });
}

async function widen(tx: PgDb, personId: number, party: string, groupBody: string | null, first: string | null, last: string | null): Promise<void> {
  const updated = await tx.execute(sql`
    UPDATE memberships SET
      from_date = CASE WHEN from_date IS NULL THEN ${first}::text WHEN ${first}::text IS NULL THEN from_date ELSE least(from_date COLLATE "C", ${first}::text) END,
      to_date = CASE WHEN to_date IS NULL THEN ${last}::text WHEN ${last}::text IS NULL THEN to_date ELSE greatest(to_date COLLATE "C", ${last}::text) END,
      document_count = document_count + 1
    WHERE person_id = ${personId} AND party_code = ${party} AND group_body IS NOT DISTINCT FROM ${groupBody}::text AND source = 'derived'`);
  if ((updated.rowCount ?? 0) > 0) return;
  await tx.execute(sql`INSERT INTO memberships (person_id, party_code, group_body, from_date, to_date, document_count, source)
    VALUES (${personId}, ${party}, ${groupBody}, ${first}, ${last}, 1, 'derived')`);
}

/** SQLite's julianday() of a date as the archive writes it (YYYY-MM-DD, perhaps a time), null for anything else. */
function julianDay(s: string | null): number | null {
  if (s === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1);
  if (+mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +h > 24 || +mi > 59 || +se > 59) return null;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +se);
  return ms / 86_400_000 + 2_440_587.5;
}

export async function partyOnDate(db: PgDb, personId: number, date: string | null): Promise<string | null> {
  // The person's few memberships ordered here as SQLite's ORDER BY orders them, julianday() and NULLs first included.
  const rows = (await db.execute(sql`
    SELECT party_code, from_date, to_date, document_count FROM memberships
    WHERE person_id = ${personId} AND group_body IS NULL ORDER BY party_code COLLATE "C", id`)).rows as Array<{ party_code: string; from_date: string | null; to_date: string | null; document_count: number }>;
  const at = julianDay(date);
  const holds = (r: typeof rows[number]) => (date !== null && r.from_date !== null && r.to_date !== null && r.from_date <= date && r.to_date >= date ? 0 : 1);
  const distance = (r: typeof rows[number]): number | null => {
    if (date === null || r.from_date === null) return 1e9;
    const from = julianDay(r.from_date);
    const to = julianDay(r.to_date);
    // SQLite's min() of two values is NULL when either is.
    if (at === null || from === null || to === null) return null;
    return Math.min(Math.abs(from - at), Math.abs(to - at));
  };
  const nullsFirst = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a - b);
  const best = rows.map((r) => ({ r, k0: holds(r), k1: distance(r) }))
    .sort((a, b) => a.k0 - b.k0 || nullsFirst(a.k1, b.k1) || b.r.document_count - a.r.document_count)[0];
  return best?.r.party_code ?? null;
}

export async function membershipsOf(db: PgDb, personId: number): Promise<MembershipRow[]> {
  const rows = (await db.execute(sql`
    SELECT party_code, group_body, from_date, to_date, document_count FROM memberships
    WHERE person_id = ${personId}
    ORDER BY from_date IS NULL, from_date COLLATE "C", group_body IS NOT NULL, party_code COLLATE "C", id`)).rows as Array<{ party_code: string; group_body: string | null; from_date: string | null; to_date: string | null; document_count: number }>;
  return rows.map((r) => ({ party: r.party_code, groupBody: r.group_body, from: r.from_date, to: r.to_date, documents: r.document_count }));
}
