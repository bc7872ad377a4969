/**
 * Party memberships over time, derived from what documents say: a person who signs as (S) in
 * 2019–2021 and as (V) from 2022 has two memberships with those spans. A signature without a
 * party resolves to the membership valid on the document's date.
 */
import type { Executor } from './client.js';
import { sql, type SQL } from 'drizzle-orm';
import { isPg, type Db } from './engine.js';
import * as pg from './pg/memberships.js';

/** Which evidence rows a query reads, given the alias of the table they come from. */
export type Scope = (alias: 'a' | 'x') => SQL;

/**
 * Evidence of a party: a signature or authorship that states it, and a party the protocol writes
 * beside a member's name ("Anna Ek (S) yrkar …"), which counts as the text giving it.
 */
export function partyEvidence(scope: Scope): SQL {
  return sql`
    SELECT a.person_id, a.party_code, d.date, d.id AS document_id
    FROM document_authors a JOIN documents d ON d.id = a.document_id
    WHERE ${scope('a')} AND a.party_code IS NOT NULL AND a.party_source = 'document' AND d.withdrawn_at IS NULL
    UNION ALL
    SELECT x.person_id, x.party_code, d.date, d.id
    FROM protocol_positions x JOIN documents d ON d.id = x.document_id
    WHERE ${scope('x')} AND x.party_code IS NOT NULL AND x.party_source = 'document' AND d.withdrawn_at IS NULL`;
}

/** Evidence of a party's group in a body: a document signed for the group. */
export function groupEvidence(scope: Scope): SQL {
  return sql`
    SELECT a.person_id, a.party_code, a.group_body, d.date, d.id AS document_id
    FROM document_authors a JOIN documents d ON d.id = a.document_id
    WHERE ${scope('a')} AND a.party_code IS NOT NULL AND a.group_body IS NOT NULL AND d.withdrawn_at IS NULL`;
}

/** Rebuilds the derived memberships of these people from their documents. */
export async function rebuildMemberships(db: Db, personIds: Iterable<number>): Promise<void> {
  if (isPg(db)) return pg.rebuildMemberships(db, personIds);
  for (const id of new Set(personIds)) {
    const ofPerson: Scope = (t) => sql`${sql.raw(t)}.person_id = ${id}`;
    db.run(sql`DELETE FROM memberships WHERE person_id = ${id} AND source = 'derived'`);
    // Party itself, and separately each group in a body the documents name.
    db.run(sql`
      INSERT INTO memberships (person_id, party_code, group_body, from_date, to_date, document_count, source)
      SELECT person_id, party_code, NULL, min(date), max(date), count(DISTINCT document_id), 'derived'
      FROM (${partyEvidence(ofPerson)}) GROUP BY party_code`);
    db.run(sql`
      INSERT INTO memberships (person_id, party_code, group_body, from_date, to_date, document_count, source)
      SELECT person_id, party_code, group_body, min(date), max(date), count(DISTINCT document_id), 'derived'
      FROM (${groupEvidence(ofPerson)}) GROUP BY party_code, group_body`);
  }
}

/**
 * Adds one new document's evidence to these people's derived memberships, as rebuildMemberships would
 * give after it (spans widened, counts up by one), without re-reading their other documents: a
 * minister or an active member named in thousands of documents made every import of one more a scan
 * of all of them. Only for a document written in this transaction and never counted before; a
 * correction, withdrawal or merge rebuilds instead.
 */
export async function addDocumentToMemberships(db: Db, documentId: number, personIds: Iterable<number>): Promise<void> {
  if (isPg(db)) return pg.addDocumentToMemberships(db, documentId, personIds);
  for (const id of new Set(personIds)) {
    // `+person_id`: the document's few rows by its index, never the person's thousands by theirs.
    const inDocument: Scope = (t) => sql`${sql.raw(t)}.document_id = ${documentId} AND +${sql.raw(t)}.person_id = ${id}`;
    const parties = db.all<{ party: string; first: string | null; last: string | null }>(sql`
      SELECT party_code AS party, min(date) AS first, max(date) AS last FROM (${partyEvidence(inDocument)}) GROUP BY party_code`);
    for (const r of parties) widen(db, id, r.party, null, r.first, r.last);
    const groups = db.all<{ party: string; body: string; first: string | null; last: string | null }>(sql`
      SELECT party_code AS party, group_body AS body, min(date) AS first, max(date) AS last FROM (${groupEvidence(inDocument)})
      GROUP BY party_code, group_body`);
    for (const r of groups) widen(db, id, r.party, r.body, r.first, r.last);
  }
}

/** One more document in a derived membership: its span widened to the document's dates (min/max skip NULL, as the rebuild's aggregates do). */
function widen(db: Executor, personId: number, party: string, groupBody: string | null, first: string | null, last: string | null): void {
  const updated = db.run(sql`
    UPDATE memberships SET
      from_date = CASE WHEN from_date IS NULL THEN ${first} WHEN ${first} IS NULL THEN from_date ELSE min(from_date, ${first}) END,
      to_date = CASE WHEN to_date IS NULL THEN ${last} WHEN ${last} IS NULL THEN to_date ELSE max(to_date, ${last}) END,
      document_count = document_count + 1
    WHERE person_id = ${personId} AND party_code = ${party} AND group_body IS ${groupBody} AND source = 'derived'`);
  if (updated.changes > 0) return;
  db.run(sql`INSERT INTO memberships (person_id, party_code, group_body, from_date, to_date, document_count, source)
    VALUES (${personId}, ${party}, ${groupBody}, ${first}, ${last}, 1, 'derived')`);
}

/** The person's party on a date: the membership whose span holds the date, else the nearest in time. */
export async function partyOnDate(db: Db, personId: number, date: string | null): Promise<string | null> {
  if (isPg(db)) return pg.partyOnDate(db, personId, date);
  const row = db.get<{ party_code: string } | undefined>(sql`
    SELECT party_code FROM memberships
    WHERE person_id = ${personId} AND group_body IS NULL
    ORDER BY
      CASE WHEN ${date} IS NOT NULL AND from_date <= ${date} AND to_date >= ${date} THEN 0 ELSE 1 END,
      CASE WHEN ${date} IS NULL OR from_date IS NULL THEN 1e9
           ELSE min(abs(julianday(from_date) - julianday(${date})), abs(julianday(to_date) - julianday(${date}))) END,
      document_count DESC
    LIMIT 1`);
  return row?.party_code ?? null;
}

export interface MembershipRow {
  party: string;
  groupBody: string | null;
  from: string | null;
  to: string | null;
  documents: number;
}

/** A person's memberships, earliest first. */
export async function membershipsOf(db: Db, personId: number): Promise<MembershipRow[]> {
  if (isPg(db)) return pg.membershipsOf(db, personId);
  return db.all<{ party_code: string; group_body: string | null; from_date: string | null; to_date: string | null; document_count: number }>(sql`
    SELECT party_code, group_body, from_date, to_date, document_count FROM memberships
    WHERE person_id = ${personId} ORDER BY from_date IS NULL, from_date, group_body IS NOT NULL, party_code`)
    .map((r) => ({ party: r.party_code, groupBody: r.group_body, from: r.from_date, to: r.to_date, documents: r.document_count }));
}
