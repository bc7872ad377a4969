/**
 * A meeting protocol paragraph by paragraph on PostgreSQL (db/protocol.ts calls these for a
 * PostgreSQL handle). Written inside the document's transaction; ärenden, people, memberships and
 * parties through their own repository functions, as the SQLite body does. A document's rows are
 * rewritten by one transaction at a time: removeProtocol locks the document's row first, so two
 * processes rebuilding one document's projections take turns instead of colliding on
 * (document_id, ordinal).
 */
import { sql } from 'drizzle-orm';
import { documentArenden, protocolParagraphs, protocolPositions } from './schema.js';
import type { PgDb } from '../engine.js';
import type { ExtractedMetadata } from '../../server/ingest/types.js';
import { findOrCreateArende } from '../arenden.js';
import { resolvePerson } from '../people.js';
import { ensureParty } from '../parties.js';
import { partyOnDate } from '../memberships.js';
import { parsePersonName } from '../../server/linking/person-names.js';
import { paragraphAnchor, paragraphPositions } from '../../server/linking/protocol-positions.js';
import { arendeTitleKey } from '../../server/linking/arende-titles.js';
import {
  WRITTEN_FOR_PARAGRAPH, bestParagraphFor, clampSpan, type MeetingPosition, type StoredParagraph, type StoredPosition,
} from '../protocol.js';

const all = async <T>(db: PgDb, q: ReturnType<typeof sql>): Promise<T[]> => (await db.execute(q)).rows as T[];

export async function positionPeople(db: PgDb, documentId: number): Promise<number[]> {
  return (await all<{ id: number }>(db, sql`SELECT DISTINCT person_id AS id FROM protocol_positions WHERE document_id = ${documentId} AND person_id IS NOT NULL`))
    .map((r) => r.id);
}

export async function removeProtocol(db: PgDb, documentId: number): Promise<void> {
  // NO KEY UPDATE: other documents' rows may still reference this one (their foreign keys share it).
  await db.execute(sql`SELECT 1 FROM documents WHERE id = ${documentId} FOR NO KEY UPDATE`);
  await db.execute(sql`DELETE FROM document_links WHERE relation = 'in_paragraph' AND rule <> 'manuell'
    AND (from_document_id = ${documentId} OR to_document_id = ${documentId})`);
  await db.execute(sql`DELETE FROM protocol_positions WHERE document_id = ${documentId}`);
  await db.execute(sql`DELETE FROM protocol_paragraphs WHERE document_id = ${documentId}`);
}

export async function writeProtocol(db: PgDb, documentId: number, m: ExtractedMetadata, text: string, affected: Set<number>): Promise<void> {
  for (const id of await positionPeople(db, documentId)) affected.add(id);
  await removeProtocol(db, documentId);
  if ((WRITTEN_FOR_PARAGRAPH as readonly string[]).includes(m.kind)) await linkWrittenToParagraph(db, documentId);
  if (m.kind !== 'protokoll' || !m.paragraphs?.length) return;
  const scope = m.municipality ?? m.body ?? '';
  const anchors = new Set<string>();
  const written = new Set<number>();
  for (const [ordinal, p] of m.paragraphs.entries()) {
    const span = clampSpan(p, text.length);
    // A standing item without diarienummer ("Meddelanden", "Val av justerare") is no matter of its own.
    const arende = p.diarienummer || arendeTitleKey(p.title)
      ? await findOrCreateArende(db, { municipality: m.municipality, body: m.body, meetingDate: m.date, number: p.number, title: p.title, diarienummer: p.diarienummer })
      : null;
    if (arende) await db.insert(documentArenden).values({ documentId, arendeId: arende.id, rule: arende.rule }).onConflictDoNothing();
    const [row] = await db.insert(protocolParagraphs).values({
      documentId, ordinal, number: p.number, anchor: paragraphAnchor(p.number, anchors), title: p.title, diarienummer: p.diarienummer,
      decision: p.decision, startOffset: span.start, endOffset: span.end,
      voteJa: p.vote?.ja ?? null, voteNej: p.vote?.nej ?? null, voteAvstar: p.vote?.avstar ?? null,
      arendeId: arende?.id ?? null, arendeRule: arende?.rule ?? null,
    }).returning({ id: protocolParagraphs.id });
    const paragraphId = row!.id;
    for (const [i, d] of paragraphPositions({ ...p, ...span }, text).entries()) {
      const mention = d.name ? parsePersonName(d.name) : null;
      let party = d.party ?? mention?.party ?? null;
      let partySource: string | null = party ? 'document' : null;
      const personId = mention ? (await resolvePerson(db, mention, { documentId, scope, party })).personId : null;
      if (!party && personId !== null) {
        party = await partyOnDate(db, personId, m.date);
        if (party) partySource = 'membership';
      }
      if (party) await ensureParty(db, party);
      if (personId !== null) affected.add(personId);
      await db.insert(protocolPositions).values({
        paragraphId, documentId, ordinal: i, what: d.what, kind: d.kind, partyCode: party, partySource, personId,
        nameAsWritten: mention?.display ?? d.name, sentence: d.sentence, startOffset: d.span?.[0] ?? null, endOffset: d.span?.[1] ?? null,
      });
    }
    if (arende) {
      for (const r of await all<{ id: number }>(db, sql`
        SELECT DISTINCT da.document_id AS id FROM document_arenden da JOIN documents d ON d.id = da.document_id AND d.withdrawn_at IS NULL
        WHERE da.arende_id = ${arende.id} AND d.kind IN ('reservation', 'protokollsanteckning', 'sarskilt_yttrande') AND d.id <> ${documentId}
        LIMIT 200`)) written.add(r.id);
    }
  }
  for (const id of written) await linkWrittenToParagraph(db, id);
}

export async function linkWrittenToParagraph(db: PgDb, documentId: number): Promise<void> {
  await db.execute(sql`DELETE FROM document_links WHERE relation = 'in_paragraph' AND rule <> 'manuell' AND from_document_id = ${documentId}`);
  const [me] = await all<{ kind: string; date: string | null; body: string | null; json: string; text: string }>(db, sql`
    SELECT kind, date, body, metadata_json AS json, substr(text, 1, 20000) AS text FROM documents WHERE id = ${documentId} AND withdrawn_at IS NULL`);
  if (!me || !(WRITTEN_FOR_PARAGRAPH as readonly string[]).includes(me.kind)) return;
  // Candidates in paragraph order: SQLite reads them so (the join walks protocol_paragraphs by its
  // ärende index), and the first of equal confidence wins.
  const candidates = await all<{ id: number; document_id: number; number: string; date: string | null; body: string | null }>(db, sql`
    SELECT p.id, p.document_id, p.number, d.date, d.body FROM document_arenden da
    JOIN protocol_paragraphs p ON p.arende_id = da.arende_id
    JOIN documents d ON d.id = p.document_id AND d.withdrawn_at IS NULL
    WHERE da.document_id = ${documentId} AND p.document_id <> ${documentId}
    ORDER BY da.arende_id, p.id
    LIMIT 200`);
  const best = bestParagraphFor(me, candidates);
  if (!best) return;
  // SQLite's INSERT OR REPLACE: the row of the same (from, to, relation), if any, becomes this link.
  await db.execute(sql`INSERT INTO document_links (from_document_id, to_document_id, relation, rule, confidence, to_paragraph_id)
    VALUES (${documentId}, ${best.document}, 'in_paragraph', ${best.rule}, ${best.confidence}, ${best.paragraph})
    ON CONFLICT (from_document_id, to_document_id, relation) DO UPDATE SET rule = excluded.rule, confidence = excluded.confidence,
      to_paragraph_id = excluded.to_paragraph_id, created_at = excluded.created_at`);
}

// ---- Read side ----

const POSITION_COLUMNS = sql`x.id, x.ordinal, x.what, x.kind, x.party_code AS party, x.party_source AS "partySource", x.person_id AS "personId",
  p.name AS "personName", p.slug AS "personSlug", x.name_as_written AS "nameAsWritten", x.sentence, x.start_offset AS "start", x.end_offset AS "end"`;

export async function paragraphsOf(db: PgDb, documentId: number): Promise<StoredParagraph[]> {
  const rows = await all<Omit<StoredParagraph, 'positions' | 'writtenDocuments' | 'vote'> & { ja: number | null; nej: number | null; avstar: number | null }>(db, sql`
    SELECT id, document_id AS "documentId", ordinal, number, anchor, title, diarienummer, decision, start_offset AS "start", end_offset AS "end",
      vote_ja AS ja, vote_nej AS nej, vote_avstar AS avstar, arende_id AS "arendeId", arende_rule AS "arendeRule"
    FROM protocol_paragraphs WHERE document_id = ${documentId} ORDER BY ordinal`);
  if (rows.length === 0) return [];
  const positions = new Map<number, StoredPosition[]>();
  for (const r of await all<StoredPosition & { paragraphId: number }>(db, sql`
    SELECT x.paragraph_id AS "paragraphId", ${POSITION_COLUMNS}
    FROM protocol_positions x LEFT JOIN people p ON p.id = x.person_id
    WHERE x.document_id = ${documentId} ORDER BY x.paragraph_id, x.ordinal`)) {
    const { paragraphId, ...pos } = r;
    positions.set(paragraphId, [...(positions.get(paragraphId) ?? []), pos]);
  }
  const written = new Map<number, StoredParagraph['writtenDocuments']>();
  for (const r of await all<{ paragraphId: number; id: number; kind: string; title: string; rule: string; confidence: number }>(db, sql`
    SELECT l.to_paragraph_id AS "paragraphId", d.id, d.kind, d.title, l.rule, l.confidence FROM document_links l
    JOIN documents d ON d.id = l.from_document_id AND d.withdrawn_at IS NULL
    WHERE l.to_document_id = ${documentId} AND l.relation = 'in_paragraph' ORDER BY d.id`)) {
    const { paragraphId, ...doc } = r;
    written.set(paragraphId, [...(written.get(paragraphId) ?? []), doc]);
  }
  return rows.map(({ ja, nej, avstar, ...r }) => ({
    ...r, vote: ja === null && nej === null ? null : { ja: ja ?? 0, nej: nej ?? 0, avstar: avstar ?? 0 },
    positions: positions.get(r.id) ?? [], writtenDocuments: written.get(r.id) ?? [],
  }));
}

export async function paragraphOfWritten(db: PgDb, documentId: number): Promise<{ documentId: number; title: string; number: string; anchor: string; rule: string; confidence: number } | undefined> {
  const [r] = await all<{ documentId: number; title: string; number: string; anchor: string; rule: string; confidence: number }>(db, sql`
    SELECT p.document_id AS "documentId", d.title, p.number, p.anchor, l.rule, l.confidence FROM document_links l
    JOIN protocol_paragraphs p ON p.id = l.to_paragraph_id JOIN documents d ON d.id = p.document_id AND d.withdrawn_at IS NULL
    WHERE l.from_document_id = ${documentId} AND l.relation = 'in_paragraph' LIMIT 1`);
  return r;
}

const MEETING_COLUMNS = sql`${POSITION_COLUMNS}, x.document_id AS "documentId", pp.number AS "paragraphNumber", pp.anchor AS "paragraphAnchor",
  pp.title AS "paragraphTitle", d.date, d.body, d.municipality, pp.arende_id AS "arendeId"`;

export async function positionsOnArende(db: PgDb, arendeId: number): Promise<MeetingPosition[]> {
  return all<MeetingPosition>(db, sql`
    SELECT ${MEETING_COLUMNS} FROM protocol_paragraphs pp
    JOIN documents d ON d.id = pp.document_id AND d.withdrawn_at IS NULL
    JOIN protocol_positions x ON x.paragraph_id = pp.id LEFT JOIN people p ON p.id = x.person_id
    WHERE pp.arende_id = ${arendeId}
    ORDER BY d.date IS NULL, d.date COLLATE "C", d.id, pp.ordinal, x.ordinal`);
}

export async function positionsOfParty(db: PgDb, code: string, f: { year?: string; body?: string; what?: string; limit?: number } = {}): Promise<MeetingPosition[]> {
  return all<MeetingPosition>(db, sql`
    SELECT ${MEETING_COLUMNS} FROM protocol_positions x
    JOIN protocol_paragraphs pp ON pp.id = x.paragraph_id
    JOIN documents d ON d.id = x.document_id AND d.withdrawn_at IS NULL
    LEFT JOIN people p ON p.id = x.person_id
    WHERE x.party_code = ${code} AND x.what <> 'jav'
      ${f.what ? sql`AND x.what = ${f.what}` : sql``}
      ${f.year ? sql`AND d.date COLLATE "C" >= ${`${f.year}-01-01`} AND d.date COLLATE "C" < ${`${Number(f.year) + 1}-01-01`}` : sql``}
      ${f.body ? sql`AND sv_lower(d.body) = ${f.body.toLocaleLowerCase('sv')}` : sql``}
    ORDER BY d.date IS NULL, d.date COLLATE "C" DESC, d.id DESC, pp.ordinal, x.ordinal
    LIMIT ${f.limit ?? 100_000}`);
}

export async function partyPositionCounts(db: PgDb, code: string): Promise<Array<{ year: string; body: string | null; what: string; n: number }>> {
  return all(db, sql`
    SELECT coalesce(substr(d.date, 1, 4), 'okänt') AS year, d.body, x.what, count(*)::int AS n FROM protocol_positions x
    JOIN documents d ON d.id = x.document_id AND d.withdrawn_at IS NULL
    WHERE x.party_code = ${code} AND x.what <> 'jav'
    GROUP BY 1, d.body, x.what ORDER BY coalesce(substr(d.date, 1, 4), 'okänt') COLLATE "C" DESC, d.body COLLATE "C", x.what COLLATE "C"`);
}

export async function positionsOfPerson(db: PgDb, personId: number): Promise<MeetingPosition[]> {
  return all<MeetingPosition>(db, sql`
    SELECT ${MEETING_COLUMNS} FROM protocol_positions x
    JOIN protocol_paragraphs pp ON pp.id = x.paragraph_id
    JOIN documents d ON d.id = x.document_id AND d.withdrawn_at IS NULL
    LEFT JOIN people p ON p.id = x.person_id
    WHERE x.person_id IN (SELECT id FROM people WHERE id = ${personId} OR merged_into_id = ${personId})
    ORDER BY d.date IS NULL, d.date COLLATE "C" DESC, d.id DESC, pp.ordinal, x.ordinal`);
}
