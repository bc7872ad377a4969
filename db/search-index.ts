/** The search index as a projection of documents, written in the same transaction as the document. */
import { exactTokens, indexTokens } from '../server/analysis/swedish.js';
import type { ExtractedMetadata, ProtocolParagraph } from '../server/ingest/types.js';
import { partyName } from '../server/domain/parties.js';
import { indexedText } from './index-budget.js';
import type { PreparedIndex } from '../server/ingest/stages/prepare-index.js';
import { PARAGRAPH_SLOTS, paragraphUnitId, paragraphUnitRange, SPLIT_FROM } from './search-units.js';

export { MAX_INDEXED_CHARS, indexedText } from './index-budget.js';

/** What one document contributes to the index, field by field. */
export interface SearchDoc {
  facets: { kind: string; body: string | null; municipality: string | null; date: string | null; parties: string[] };
  title: string;
  arende: string;
  people: string;
  body: string;
  /** The body already analysed (by the upload's worker); without it indexDocument analyses `body`. */
  prepared?: PreparedIndex;
  /**
   * A protocol's paragraphs, each its own hit (db/search-units.ts); their text is then not in `body`.
   * Their facet rows are the protocol's, with the paragraph's own parties (db/search-facets.ts).
   */
  paragraphs?: SearchParagraph[];
}

/** One protocol paragraph's searchable fields. */
export interface SearchParagraph {
  ordinal: number;
  /** "§ 79 Rubrik" */
  title: string;
  arende: string;
  people: string;
  body: string;
}

/** "§ 79 Kompletterande budget": the heading a paragraph hit is titled by. */
export function paragraphHeading(p: { number: string; title: string | null }): string {
  return [p.number, p.title].filter(Boolean).join(' ');
}

/** [start, end) of a paragraph within a text of `length`, clamped as the stored paragraph is (db/protocol.ts). */
export function paragraphSpan(p: Pick<ProtocolParagraph, 'start' | 'end'>, length: number): [number, number] {
  const start = Math.max(0, Math.min(length, Math.trunc(p.start) || 0));
  return [start, Math.max(start, Math.min(length, Math.trunc(p.end) || 0))];
}

/** The text outside the spans (a protocol's head, its signatures): what the protocol itself is found by. */
export function textOutside(text: string, spans: Array<[number, number]>): string {
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (s > at) parts.push(text.slice(at, s));
    at = Math.max(at, e);
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts.join('\n\n');
}

/** The paragraphs of a protocol that are indexed as units of their own: all of kind `protokoll` with two or more, up to the slots. */
export function indexedParagraphs(m: ExtractedMetadata): ProtocolParagraph[] {
  return m.kind === 'protokoll' && (m.paragraphs?.length ?? 0) >= SPLIT_FROM ? m.paragraphs!.slice(0, PARAGRAPH_SLOTS) : [];
}

function paragraphFields(m: ExtractedMetadata, p: ProtocolParagraph, body: string, ordinal: number): SearchParagraph {
  const names = [
    ...p.proposals.map((x) => x.name ?? ''), ...p.reservations.flatMap((r) => r.names), ...p.notes.flatMap((n) => n.names), ...p.jav.map((j) => j.name),
  ];
  const parties = new Set([
    ...p.proposals.map((x) => x.party ?? ''), ...p.reservations.flatMap((r) => r.parties), ...p.notes.flatMap((n) => n.parties),
  ].filter(Boolean));
  return {
    ordinal,
    title: paragraphHeading(p),
    arende: [p.title, p.diarienummer, m.body, m.municipality].filter(Boolean).join(' '),
    people: [...new Set(names.filter(Boolean)), ...[...parties].map((c) => `${c} ${partyName(c)}`)].join(' '),
    body,
  };
}

/** The one mapping from a document to its searchable fields. */
export function toSearchDoc(m: ExtractedMetadata, text: string, prepared?: PreparedIndex): SearchDoc {
  const names = [
    ...m.signatories.map((s) => s.name), ...m.interpellants.map((i) => i.name), m.addressee?.name ?? '',
    ...m.parties.map((p) => `${p} ${partyName(p)}`),
  ];
  const doc: SearchDoc = {
    facets: { kind: m.kind, body: m.body, municipality: m.municipality, date: m.date, parties: m.parties },
    title: m.title,
    arende: [m.arende.title, m.arende.diarienummer, m.body, m.municipality].filter(Boolean).join(' '),
    people: names.filter(Boolean).join(' '),
    body: indexedText(text),
    ...(prepared ? { prepared } : {}),
  };
  const paragraphs = indexedParagraphs(m);
  if (paragraphs.length === 0) return doc;
  // A protocol: each paragraph's text is its own unit's body, the rest (head, signatures) the
  // protocol's. The worker's analysis covers the whole text, so it is not used here.
  const indexed = indexedText(text);
  const spans = paragraphs.map((p) => paragraphSpan(p, indexed.length));
  return {
    ...doc, prepared: undefined, body: textOutside(indexed, spans),
    paragraphs: paragraphs.map((p, i) => paragraphFields(m, p, indexed.slice(spans[i]![0], spans[i]![1]), i)),
  };
}

type Sqlite = import('better-sqlite3').Database;

/** Statements prepared once per connection; indexing runs them hundreds of times per document. */
const prepared = new WeakMap<Sqlite, ReturnType<typeof prepare>>();
function prepare(c: Sqlite) {
  return {
    remove: c.prepare('DELETE FROM search_fts WHERE rowid = ?'),
    // The document's paragraph units, from FTS5's own row table (its rowid range; db/search-units.ts).
    units: c.prepare('SELECT id FROM search_fts_docsize WHERE id BETWEEN ? AND ?').pluck(),
    removeFacets: c.prepare('DELETE FROM search_facets WHERE document_id = ?'),
    // seq: the next number in write order, so in-memory copies read only rows written since (db/search-facets.ts).
    nextSeq: c.prepare('UPDATE search_seq SET n = n + 1 WHERE id = 1 RETURNING n').pluck(),
    facets: c.prepare('INSERT INTO search_facets(document_id, kind, body, municipality, date, party_codes, seq) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    insert: c.prepare('INSERT INTO search_fts(rowid, title, arende, people, body, exact) VALUES (?, ?, ?, ?, ?, ?)'),
    term: c.prepare('INSERT INTO search_terms(term, rev, doc_count) VALUES (?, ?, 1) ON CONFLICT(term) DO UPDATE SET doc_count = doc_count + 1'),
    word: c.prepare('INSERT INTO search_words(word, doc_count) VALUES (?, 1) ON CONFLICT(word) DO UPDATE SET doc_count = doc_count + 1'),
  };
}
function statementsFor(c: Sqlite) {
  let s = prepared.get(c);
  if (!s) { s = prepare(c); prepared.set(c, s); }
  return s;
}

/**
 * Replaces the document's index entry and records its vocabulary. Takes the raw connection:
 * callers inside a drizzle transaction pass the same connection, so the writes join that transaction.
 */
export function indexDocument(c: Sqlite, id: number, doc: SearchDoc): void {
  const st = statementsFor(c);
  removeFromIndex(c, id);
  // Words never span fields, so the body's tokens analysed elsewhere join the others' unchanged.
  writeUnit(st, id, doc.title, doc.arende, doc.people, doc.body, doc.prepared);
  const f = doc.facets;
  st.facets.run(id, f.kind, f.body, f.municipality, f.date, f.parties.length ? `,${f.parties.join(',')},` : '', st.nextSeq.get() as number);
  for (const p of doc.paragraphs ?? []) writeUnit(st, paragraphUnitId(id, p.ordinal), p.title, p.arende, p.people, p.body);
}

/** One unit's full-text row and its vocabulary (counts are of units: what a query's doclists hold). */
function writeUnit(st: ReturnType<typeof prepare>, rowid: number, title: string, arende: string, people: string, body: string, prepared?: PreparedIndex): void {
  const bodyExact = prepared?.bodyExact ?? exactTokens(body);
  const exact = [exactTokens(title), exactTokens(arende), bodyExact].filter(Boolean).join(' ');
  const fields = [title, arende, people].map(indexTokens);
  fields.push(prepared?.bodyTokens ?? indexTokens(body));
  st.insert.run(rowid, fields[0], fields[1], fields[2], fields[3], exact);
  for (const t of new Set(fields.flatMap((f) => f.split(' ')))) if (t.length >= 2) st.term.run(t, [...t].reverse().join(''));
  for (const w of new Set(exact.split(' '))) if (w.length >= 3 && !/^\d+$/.test(w)) st.word.run(w);
}

/** Drops the document and its paragraphs from the index (vocabulary counts are approximate and only ever grow). */
export function removeFromIndex(c: Sqlite, id: number): void {
  const st = statementsFor(c);
  st.remove.run(id);
  st.removeFacets.run(id);
  const [low, high] = paragraphUnitRange(id);
  for (const unit of st.units.all(low, high) as number[]) st.remove.run(unit);
}
