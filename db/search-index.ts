/** The search index as a projection of documents, written in the same transaction as the document. */
import { exactTokens, indexTokens } from '../server/analysis/swedish.js';
import type { ExtractedMetadata, ProtocolParagraph } from '../server/ingest/types.js';
import { partyName } from '../server/domain/parties.js';
import { indexedText } from './index-budget.js';
import { addTerms, addWords, type PreparedIndex } from '../server/ingest/stages/prepare-index.js';
import { PARAGRAPH_SLOTS, paragraphUnitId, paragraphUnitRange, SPLIT_FROM } from './search-units.js';
import { isPg, type Db } from './engine.js';
import * as pg from './pg/search-index.js';

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
/**
 * What a vocabulary batch belongs to: the SQLite connection, or on PostgreSQL the client of the
 * transaction the batch writes in (db/pg/search-index.ts).
 */
type BatchKey = object;

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
    term: c.prepare('INSERT INTO search_terms(term, rev, doc_count) VALUES (?, ?, ?) ON CONFLICT(term) DO UPDATE SET doc_count = doc_count + excluded.doc_count'),
    word: c.prepare('INSERT INTO search_words(word, doc_count) VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET doc_count = doc_count + excluded.doc_count'),
  };
}
function statementsFor(c: Sqlite) {
  let s = prepared.get(c);
  if (!s) { s = prepare(c); prepared.set(c, s); }
  return s;
}

/**
 * Vocabulary counts of a write batch (the bulk import's transaction), written once, sorted, just
 * before it commits. Per document, each distinct stem and word was one upsert in two randomly
 * written B-trees (about 450 per document, the larger part of the index's write cost); a batch of
 * 25 documents shares most of them, so it writes about half as many rows, in key order. Counts of
 * the document being written wait in `pending` until it is kept: a document whose savepoint rolls
 * back leaves no count behind.
 */
export interface VocabularyBatch {
  terms: Map<string, number>;
  words: Map<string, number>;
  pendingTerms: string[];
  pendingWords: string[];
}
const batches = new WeakMap<BatchKey, VocabularyBatch>();

/** The batch open on the connection (or PostgreSQL transaction client), if any. */
export function vocabularyBatchOf(c: BatchKey): VocabularyBatch | undefined {
  return batches.get(c);
}

/** From now until flushVocabularyBatch, the connection's vocabulary counts are buffered. */
export function beginVocabularyBatch(c: BatchKey): void {
  batches.set(c, { terms: new Map(), words: new Map(), pendingTerms: [], pendingWords: [] });
}

/** The document just written stays: its counts join the batch's. */
export function keepDocumentVocabulary(c: BatchKey): void {
  const b = batches.get(c);
  if (!b) return;
  for (const t of b.pendingTerms) b.terms.set(t, (b.terms.get(t) ?? 0) + 1);
  for (const w of b.pendingWords) b.words.set(w, (b.words.get(w) ?? 0) + 1);
  b.pendingTerms = [];
  b.pendingWords = [];
}

/** The document just written was rolled back: its counts go with it. */
export function dropDocumentVocabulary(c: BatchKey): void {
  const b = batches.get(c);
  if (b) { b.pendingTerms = []; b.pendingWords = []; }
}

/** Writes the batch's counts (inside its transaction) and ends buffering. */
export async function flushVocabularyBatch(db: Db): Promise<void> {
  if (isPg(db)) return pg.flushVocabularyBatch(db);
  const c = db.$client;
  const b = batches.get(c);
  if (!b) return;
  batches.delete(c);
  writeVocabulary(statementsFor(c), b.terms, b.words);
}

/** Ends buffering without writing (the batch rolled back). */
export function discardVocabularyBatch(c: BatchKey): void {
  batches.delete(c);
}

function writeVocabulary(st: ReturnType<typeof prepare>, terms: Map<string, number>, words: Map<string, number>): void {
  // Key order: each B-tree page is visited once per batch instead of once per document.
  for (const t of [...terms.keys()].sort()) st.term.run(t, [...t].reverse().join(''), terms.get(t)!);
  for (const w of [...words.keys()].sort()) st.word.run(w, words.get(w)!);
}

/**
 * Replaces the document's index entry and records its vocabulary. Takes the raw connection:
 * callers inside a drizzle transaction pass the same connection, so the writes join that transaction.
 * `fresh`: the id was created in this transaction, so there is no earlier entry to remove.
 */
export async function indexDocument(db: Db, id: number, doc: SearchDoc, opts: { fresh?: boolean } = {}): Promise<void> {
  if (isPg(db)) return pg.indexDocument(db, id, doc, opts);
  const c = db.$client;
  const st = statementsFor(c);
  if (!opts.fresh) await removeFromIndex(db, id);
  const batch = batches.get(c);
  const terms = batch ? batch.pendingTerms : [];
  const words = batch ? batch.pendingWords : [];
  // Words never span fields, so the body's tokens analysed elsewhere join the others' unchanged.
  writeUnit(st, id, doc.title, doc.arende, doc.people, doc.body, terms, words, doc.prepared);
  const f = doc.facets;
  st.facets.run(id, f.kind, f.body, f.municipality, f.date, f.parties.length ? `,${f.parties.join(',')},` : '', st.nextSeq.get() as number);
  for (const p of doc.paragraphs ?? []) writeUnit(st, paragraphUnitId(id, p.ordinal), p.title, p.arende, p.people, p.body, terms, words);
  if (!batch) writeVocabulary(st, countOf(terms), countOf(words));
}

function countOf(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/**
 * One unit's analysed columns, as both engines index them: the stems of title, ärende and people
 * (`fields`) and of the body, and the exact words of title, ärende and body (`exact`; people's names
 * are not in it).
 */
export function unitTokens(title: string, arende: string, people: string, body: string, prepared?: PreparedIndex) {
  const bodyExact = prepared?.bodyExact ?? exactTokens(body);
  const titleExact = exactTokens(title);
  const arendeExact = exactTokens(arende);
  const exact = [titleExact, arendeExact, bodyExact].filter(Boolean).join(' ');
  const fields = [title, arende, people].map(indexTokens) as [string, string, string];
  const bodyTokens = prepared?.bodyTokens ?? indexTokens(body);
  return { fields, bodyTokens, exact, titleExact, arendeExact, bodyExact };
}

/**
 * One unit's full-text row; its distinct stems and words are appended to `terms` and `words`
 * (counts are of units: what a query's doclists hold).
 */
function writeUnit(st: ReturnType<typeof prepare>, rowid: number, title: string, arende: string, people: string, body: string, terms: string[], words: string[], prepared?: PreparedIndex): void {
  const { fields, bodyTokens, exact, titleExact, arendeExact, bodyExact } = unitTokens(title, arende, people, body, prepared);
  st.insert.run(rowid, fields[0], fields[1], fields[2], bodyTokens, exact);
  const unitTerms = new Set<string>();
  for (const f of fields) addTerms(f, unitTerms);
  // The body's distinct terms come counted from the analysis when it ran in a worker.
  if (prepared) for (const t of prepared.bodyTerms) unitTerms.add(t);
  else addTerms(bodyTokens, unitTerms);
  for (const t of unitTerms) terms.push(t);
  const unitWords = addWords(arendeExact, addWords(titleExact, new Set<string>()));
  if (prepared) for (const w of prepared.bodyWords) unitWords.add(w);
  else addWords(bodyExact, unitWords);
  for (const w of unitWords) words.push(w);
}

/**
 * Drops the document and its paragraphs from the index (on SQLite vocabulary counts are approximate
 * and only ever grow; on PostgreSQL the document's counts are taken back, db/pg/search-index.ts).
 */
export async function removeFromIndex(db: Db, id: number): Promise<void> {
  if (isPg(db)) return pg.removeFromIndex(db, id);
  const c = db.$client;
  const st = statementsFor(c);
  st.remove.run(id);
  st.removeFacets.run(id);
  const [low, high] = paragraphUnitRange(id);
  for (const unit of st.units.all(low, high) as number[]) st.remove.run(unit);
}

/** Leaf pages FTS5 writes per merge step (its own unit of work for 'optimize' is 1,000): a step takes milliseconds. */
const MERGE_STEP_PAGES = 250;

/**
 * Merges the full-text index into one segment, in bounded steps, each its own transaction, so other
 * writers wait at most one step. A bulk import leaves a segment per batch, merged only four at a time
 * (FTS5's automerge), and every query term is looked up in every segment: over a freshly imported
 * archive of 10,000 documents a search cost a third less CPU once merged. `between` runs after each
 * step (a turn of the event loop, a checkpoint). Returns the number of steps that did work.
 */
export async function mergeSearchIndex(db: Db, between: () => Promise<void> | void = () => {}): Promise<number> {
  // PostgreSQL's GIN index has no segments to merge.
  if (isPg(db)) return 0;
  const c = db.$client;
  const step = c.prepare("INSERT INTO search_fts(search_fts, rank) VALUES ('merge', ?)");
  const changes = c.prepare('SELECT total_changes()').pluck();
  let steps = 0;
  for (;;) {
    const before = changes.get() as number;
    // Negative: every segment may be merged, as 'optimize' does, but only this much at a time.
    step.run(-MERGE_STEP_PAGES);
    // Once the index is one segment FTS5 writes nothing (its documentation's test for being done);
    // the command itself counts as one change.
    if ((changes.get() as number) - before <= 1) return steps;
    steps++;
    await between();
  }
}
