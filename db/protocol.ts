/**
 * A meeting protocol, paragraph by paragraph: each § of the effective metadata's `paragraphs` is a
 * `protocol_paragraphs` row joined to its ärende, and each proposal, vote, reservation, note and
 * jäv a `protocol_positions` row whose person resolves by the same rules as signatures. Written
 * reservations and notes uploaded on their own link to the paragraph they belong to. Everything
 * here runs inside the document's write transaction and is rebuilt with its other projections.
 */
import { sql } from 'drizzle-orm';

import { protocolParagraphs, protocolPositions, documentArenden } from './schema.js';
import type { ExtractedMetadata, ProtocolParagraph } from '../server/ingest/types.js';
import { findOrCreateArende } from './arenden.js';
import { resolvePerson } from './people.js';
import { ensureParty } from './parties.js';
import { partyOnDate } from './memberships.js';
import { parsePersonName } from '../server/linking/person-names.js';
import { paragraphAnchor, paragraphPositions } from '../server/linking/protocol-positions.js';
import { arendeTitleKey } from '../server/linking/arende-titles.js';
import { isPg, type Db } from './engine.js';
import * as pg from './pg/protocol.js';

/** Kinds that are written for one paragraph of a meeting and belong to it when uploaded apart. */
export const WRITTEN_FOR_PARAGRAPH = ['reservation', 'protokollsanteckning', 'sarskilt_yttrande'] as const;

/** People named in the document's positions (their memberships follow the positions). */
export async function positionPeople(db: Db, documentId: number): Promise<number[]> {
  if (isPg(db)) return pg.positionPeople(db, documentId);
  return db.all<{ id: number }>(sql`SELECT DISTINCT person_id AS id FROM protocol_positions WHERE document_id = ${documentId} AND person_id IS NOT NULL`)
    .map((r) => r.id);
}

/** Removes a document's paragraphs, positions and paragraph links (withdrawal, deletion, a rebuild). */
export async function removeProtocol(db: Db, documentId: number): Promise<void> {
  if (isPg(db)) return pg.removeProtocol(db, documentId);
  db.run(sql`DELETE FROM document_links WHERE relation = 'in_paragraph' AND rule <> 'manuell'
    AND (from_document_id = ${documentId} OR to_document_id = ${documentId})`);
  db.run(sql`DELETE FROM protocol_positions WHERE document_id = ${documentId}`);
  db.run(sql`DELETE FROM protocol_paragraphs WHERE document_id = ${documentId}`);
}

/** Offsets the text cannot hold are clamped, so a stale extraction never points past the text. */
export function clampSpan(p: ProtocolParagraph, length: number): { start: number; end: number } {
  const start = Math.max(0, Math.min(length, Math.trunc(p.start) || 0));
  return { start, end: Math.max(start, Math.min(length, Math.trunc(p.end) || 0)) };
}

/**
 * Projects a document's protocol paragraphs (kind `protokoll`) and, for a written reservation or
 * note, its link to a paragraph. `affected` gathers the people whose memberships must follow.
 */
export async function writeProtocol(db: Db, documentId: number, m: ExtractedMetadata, text: string, affected: Set<number>): Promise<void> {
  if (isPg(db)) return pg.writeProtocol(db, documentId, m, text, affected);
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
    if (arende) db.insert(documentArenden).values({ documentId, arendeId: arende.id, rule: arende.rule }).onConflictDoNothing().run();
    const { id: paragraphId } = db.insert(protocolParagraphs).values({
      documentId, ordinal, number: p.number, anchor: paragraphAnchor(p.number, anchors), title: p.title, diarienummer: p.diarienummer,
      decision: p.decision, startOffset: span.start, endOffset: span.end,
      voteJa: p.vote?.ja ?? null, voteNej: p.vote?.nej ?? null, voteAvstar: p.vote?.avstar ?? null,
      arendeId: arende?.id ?? null, arendeRule: arende?.rule ?? null,
    }).returning({ id: protocolParagraphs.id }).get();
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
      db.insert(protocolPositions).values({
        paragraphId, documentId, ordinal: i, what: d.what, kind: d.kind, partyCode: party, partySource, personId,
        nameAsWritten: mention?.display ?? d.name, sentence: d.sentence, startOffset: d.span?.[0] ?? null, endOffset: d.span?.[1] ?? null,
      }).run();
    }
    if (arende) {
      for (const r of db.all<{ id: number }>(sql`
        SELECT DISTINCT da.document_id AS id FROM document_arenden da JOIN documents d ON d.id = da.document_id AND d.withdrawn_at IS NULL
        WHERE da.arende_id = ${arende.id} AND d.kind IN ('reservation', 'protokollsanteckning', 'sarskilt_yttrande') AND d.id <> ${documentId}
        LIMIT 200`)) written.add(r.id);
    }
  }
  for (const id of written) await linkWrittenToParagraph(db, id);
}

/** "§ 79", "79 §", "Ärende 79" → "79"; null without a number. */
function paragraphNumberKey(s: string | null): string | null {
  const m = s ? /(\d+)\s*([a-z])?\b/i.exec(s) : null;
  return m ? `${m[1]}${(m[2] ?? '').toLowerCase()}` : null;
}

/**
 * The paragraph a written document (its date, body, effective metadata as JSON and the start of
 * its text) belongs to among its ärenden's paragraphs, with the rule and confidence of the link; the
 * first of the best confidence, in the candidates' order. Null when none is at the same meeting or named.
 */
export function bestParagraphFor(
  me: { date: string | null; body: string | null; json: string; text: string },
  candidates: Array<{ id: number; document_id: number; number: string; date: string | null; body: string | null }>,
): { paragraph: number; document: number; rule: string; confidence: number } | null {
  const m = JSON.parse(me.json) as ExtractedMetadata;
  const own = paragraphNumberKey(m.arende.number);
  let best: { paragraph: number; document: number; rule: string; confidence: number } | null = null;
  for (const c of candidates) {
    const key = paragraphNumberKey(c.number);
    const sameBody = !me.body || !c.body || me.body.toLocaleLowerCase('sv') === c.body.toLocaleLowerCase('sv');
    const sameMeeting = me.date !== null && me.date === c.date && sameBody;
    const namesIt = key !== null && (own === key || new RegExp(`§\\s*${key}\\b`, 'i').test(me.text));
    const hit = sameMeeting && namesIt ? { rule: 'arende_sammantrade_och_paragraf', confidence: 0.95 }
      : sameMeeting ? { rule: 'arende_och_sammantrade', confidence: 0.85 }
        : namesIt && sameBody ? { rule: 'arende_och_paragraf', confidence: 0.75 } : null;
    if (hit && (!best || hit.confidence > best.confidence)) best = { paragraph: c.id, document: c.document_id, ...hit };
  }
  return best;
}

/**
 * Links a written reservation or note to the protocol paragraph it belongs to: a paragraph of the
 * same ärende at the same meeting (same date, and same body when both say), or of the same ärende
 * whose § the document names. The best candidate gets one `in_paragraph` link (rule, confidence).
 */
export async function linkWrittenToParagraph(db: Db, documentId: number): Promise<void> {
  if (isPg(db)) return pg.linkWrittenToParagraph(db, documentId);
  db.run(sql`DELETE FROM document_links WHERE relation = 'in_paragraph' AND rule <> 'manuell' AND from_document_id = ${documentId}`);
  const me = db.get<{ kind: string; date: string | null; body: string | null; json: string; text: string } | undefined>(sql`
    SELECT kind, date, body, metadata_json AS json, substr(text, 1, 20000) AS text FROM documents WHERE id = ${documentId} AND withdrawn_at IS NULL`);
  if (!me || !(WRITTEN_FOR_PARAGRAPH as readonly string[]).includes(me.kind)) return;
  const candidates = db.all<{ id: number; document_id: number; number: string; date: string | null; body: string | null }>(sql`
    SELECT p.id, p.document_id, p.number, d.date, d.body FROM document_arenden da
    JOIN protocol_paragraphs p ON p.arende_id = da.arende_id
    JOIN documents d ON d.id = p.document_id AND d.withdrawn_at IS NULL
    WHERE da.document_id = ${documentId} AND p.document_id <> ${documentId}
    LIMIT 200`);
  const best = bestParagraphFor(me, candidates);
  if (!best) return;
  db.run(sql`INSERT OR REPLACE INTO document_links (from_document_id, to_document_id, relation, rule, confidence, to_paragraph_id)
    VALUES (${documentId}, ${best.document}, 'in_paragraph', ${best.rule}, ${best.confidence}, ${best.paragraph})`);
}

// ---- Read side ----

export interface StoredPosition {
  id: number;
  ordinal: number;
  what: string;
  kind: string | null;
  party: string | null;
  partySource: string | null;
  personId: number | null;
  personName: string | null;
  personSlug: string | null;
  nameAsWritten: string | null;
  sentence: string;
  start: number | null;
  end: number | null;
}

export interface StoredParagraph {
  id: number;
  documentId: number;
  ordinal: number;
  number: string;
  anchor: string;
  title: string | null;
  diarienummer: string | null;
  decision: string | null;
  start: number;
  end: number;
  vote: { ja: number; nej: number; avstar: number } | null;
  arendeId: number | null;
  arendeRule: string | null;
  positions: StoredPosition[];
  /** Written reservations and notes uploaded on their own that belong to this paragraph. */
  writtenDocuments: Array<{ id: number; kind: string; title: string; rule: string; confidence: number }>;
}

const POSITION_COLUMNS = sql`x.id, x.ordinal, x.what, x.kind, x.party_code AS party, x.party_source AS partySource, x.person_id AS personId,
  p.name AS personName, p.slug AS personSlug, x.name_as_written AS nameAsWritten, x.sentence, x.start_offset AS "start", x.end_offset AS "end"`;

/** A live document's paragraphs in order, with their positions and the written documents linked to them. */
export async function paragraphsOf(db: Db, documentId: number): Promise<StoredParagraph[]> {
  if (isPg(db)) return pg.paragraphsOf(db, documentId);
  const rows = db.all<Omit<StoredParagraph, 'positions' | 'writtenDocuments' | 'vote'> & { ja: number | null; nej: number | null; avstar: number | null }>(sql`
    SELECT id, document_id AS documentId, ordinal, number, anchor, title, diarienummer, decision, start_offset AS "start", end_offset AS "end",
      vote_ja AS ja, vote_nej AS nej, vote_avstar AS avstar, arende_id AS arendeId, arende_rule AS arendeRule
    FROM protocol_paragraphs WHERE document_id = ${documentId} ORDER BY ordinal`);
  if (rows.length === 0) return [];
  const positions = new Map<number, StoredPosition[]>();
  for (const r of db.all<StoredPosition & { paragraphId: number }>(sql`
    SELECT x.paragraph_id AS paragraphId, ${POSITION_COLUMNS}
    FROM protocol_positions x LEFT JOIN people p ON p.id = x.person_id
    WHERE x.document_id = ${documentId} ORDER BY x.paragraph_id, x.ordinal`)) {
    const { paragraphId, ...pos } = r;
    positions.set(paragraphId, [...(positions.get(paragraphId) ?? []), pos]);
  }
  const written = new Map<number, StoredParagraph['writtenDocuments']>();
  for (const r of db.all<{ paragraphId: number; id: number; kind: string; title: string; rule: string; confidence: number }>(sql`
    SELECT l.to_paragraph_id AS paragraphId, d.id, d.kind, d.title, l.rule, l.confidence FROM document_links l
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

/** The paragraph a written reservation or note belongs to, if linked. */
export async function paragraphOfWritten(db: Db, documentId: number): Promise<{ documentId: number; title: string; number: string; anchor: string; rule: string; confidence: number } | undefined> {
  if (isPg(db)) return pg.paragraphOfWritten(db, documentId);
  return db.get(sql`
    SELECT p.document_id AS documentId, d.title, p.number, p.anchor, l.rule, l.confidence FROM document_links l
    JOIN protocol_paragraphs p ON p.id = l.to_paragraph_id JOIN documents d ON d.id = p.document_id AND d.withdrawn_at IS NULL
    WHERE l.from_document_id = ${documentId} AND l.relation = 'in_paragraph' LIMIT 1`);
}

/** A position together with the paragraph and meeting it was taken at. */
export interface MeetingPosition extends StoredPosition {
  documentId: number;
  paragraphNumber: string;
  paragraphAnchor: string;
  paragraphTitle: string | null;
  date: string | null;
  body: string | null;
  municipality: string | null;
  arendeId: number | null;
}

const MEETING_COLUMNS = sql`${POSITION_COLUMNS}, x.document_id AS documentId, pp.number AS paragraphNumber, pp.anchor AS paragraphAnchor,
  pp.title AS paragraphTitle, d.date, d.body, d.municipality, pp.arende_id AS arendeId`;

/** Every position taken on an ärende's paragraphs, by meeting date then paragraph and order. */
export async function positionsOnArende(db: Db, arendeId: number): Promise<MeetingPosition[]> {
  if (isPg(db)) return pg.positionsOnArende(db, arendeId);
  return db.all<MeetingPosition>(sql`
    SELECT ${MEETING_COLUMNS} FROM protocol_paragraphs pp
    JOIN documents d ON d.id = pp.document_id AND d.withdrawn_at IS NULL
    JOIN protocol_positions x ON x.paragraph_id = pp.id LEFT JOIN people p ON p.id = x.person_id
    WHERE pp.arende_id = ${arendeId}
    ORDER BY d.date IS NULL, d.date, d.id, pp.ordinal, x.ordinal`);
}

/** A party's positions (reservations, votes, proposals, notes), newest first; optionally one year and one body. */
export async function positionsOfParty(db: Db, code: string, f: { year?: string; body?: string; what?: string; limit?: number } = {}): Promise<MeetingPosition[]> {
  if (isPg(db)) return pg.positionsOfParty(db, code, f);
  return db.all<MeetingPosition>(sql`
    SELECT ${MEETING_COLUMNS} FROM protocol_positions x
    JOIN protocol_paragraphs pp ON pp.id = x.paragraph_id
    JOIN documents d ON d.id = x.document_id AND d.withdrawn_at IS NULL
    LEFT JOIN people p ON p.id = x.person_id
    WHERE x.party_code = ${code} AND x.what <> 'jav'
      ${f.what ? sql`AND x.what = ${f.what}` : sql``}
      ${f.year ? sql`AND d.date >= ${`${f.year}-01-01`} AND d.date < ${`${Number(f.year) + 1}-01-01`}` : sql``}
      ${f.body ? sql`AND sv_lower(d.body) = ${f.body.toLocaleLowerCase('sv')}` : sql``}
    ORDER BY d.date IS NULL, d.date DESC, d.id DESC, pp.ordinal, x.ordinal
    LIMIT ${f.limit ?? 100_000}`);
}

/** A party's positions counted by year, body and what, for the party page's table and chart. */
export async function partyPositionCounts(db: Db, code: string): Promise<Array<{ year: string; body: string | null; what: string; n: number }>> {
  if (isPg(db)) return pg.partyPositionCounts(db, code);
  return db.all(sql`
    SELECT coalesce(substr(d.date, 1, 4), 'okänt') AS year, d.body, x.what, count(*) AS n FROM protocol_positions x
    JOIN documents d ON d.id = x.document_id AND d.withdrawn_at IS NULL
    WHERE x.party_code = ${code} AND x.what <> 'jav'
    GROUP BY year, d.body, x.what ORDER BY year DESC, d.body, x.what`);
}

/** A person's own positions (proposals moved, votes cast, reservations, notes), newest first. */
export async function positionsOfPerson(db: Db, personId: number): Promise<MeetingPosition[]> {
  if (isPg(db)) return pg.positionsOfPerson(db, personId);
  return db.all<MeetingPosition>(sql`
    SELECT ${MEETING_COLUMNS} FROM protocol_positions x
    JOIN protocol_paragraphs pp ON pp.id = x.paragraph_id
    JOIN documents d ON d.id = x.document_id AND d.withdrawn_at IS NULL
    LEFT JOIN people p ON p.id = x.person_id
    WHERE x.person_id IN (SELECT id FROM people WHERE id = ${personId} OR merged_into_id = ${personId})
    ORDER BY d.date IS NULL, d.date DESC, d.id DESC, pp.ordinal, x.ordinal`);
}
