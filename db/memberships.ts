/**
 * Party memberships over time, derived from what documents say: a person who signs as (S) in
 * 2019–2021 and as (V) from 2022 has two memberships with those spans. A signature without a
 * party resolves to the membership valid on the document's date.
 */
import type { Executor } from './client.js';
import { sql } from 'drizzle-orm';

/** Rebuilds the derived memberships of these people from their documents. */
export function rebuildMemberships(db: Executor, personIds: Iterable<number>): void {
  for (const id of new Set(personIds)) {
    db.run(sql`DELETE FROM memberships WHERE person_id = ${id} AND source = 'derived'`);
    // Party itself, and separately each group in a body the documents name.
    // A party the protocol writes beside a member's name ("Anna Ek (S) yrkar …") counts as the text giving it.
    db.run(sql`
      INSERT INTO memberships (person_id, party_code, group_body, from_date, to_date, document_count, source)
      SELECT person_id, party_code, NULL, min(date), max(date), count(DISTINCT document_id), 'derived' FROM (
        SELECT a.person_id, a.party_code, d.date, d.id AS document_id
        FROM document_authors a JOIN documents d ON d.id = a.document_id
        WHERE a.person_id = ${id} AND a.party_code IS NOT NULL AND a.party_source = 'document' AND d.withdrawn_at IS NULL
        UNION ALL
        SELECT x.person_id, x.party_code, d.date, d.id
        FROM protocol_positions x JOIN documents d ON d.id = x.document_id
        WHERE x.person_id = ${id} AND x.party_code IS NOT NULL AND x.party_source = 'document' AND d.withdrawn_at IS NULL)
      GROUP BY party_code`);
    db.run(sql`
      INSERT INTO memberships (person_id, party_code, group_body, from_date, to_date, document_count, source)
      SELECT a.person_id, a.party_code, a.group_body, min(d.date), max(d.date), count(DISTINCT d.id), 'derived'
      FROM document_authors a JOIN documents d ON d.id = a.document_id
      WHERE a.person_id = ${id} AND a.party_code IS NOT NULL AND a.group_body IS NOT NULL AND d.withdrawn_at IS NULL
      GROUP BY a.party_code, a.group_body`);
  }
}

/** The person's party on a date: the membership whose span holds the date, else the nearest in time. */
export function partyOnDate(db: Executor, personId: number, date: string | null): string | null {
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
export function membershipsOf(db: Executor, personId: number): MembershipRow[] {
  return db.all<{ party_code: string; group_body: string | null; from_date: string | null; to_date: string | null; document_count: number }>(sql`
    SELECT party_code, group_body, from_date, to_date, document_count FROM memberships
    WHERE person_id = ${personId} ORDER BY from_date IS NULL, from_date, group_body IS NOT NULL, party_code`)
    .map((r) => ({ party: r.party_code, groupBody: r.group_body, from: r.from_date, to: r.to_date, documents: r.document_count }));
}
