/** The search index as a projection of documents, written in the same transaction as the document. */
import { exactTokens, indexTokens } from '../server/analysis/swedish.js';
import type { ExtractedMetadata } from '../server/ingest/types.js';
import { partyName } from '../server/domain/parties.js';
import { indexedText } from './index-budget.js';
import type { PreparedIndex } from '../server/ingest/stages/prepare-index.js';

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
}

/** The one mapping from a document to its searchable fields. */
export function toSearchDoc(m: ExtractedMetadata, text: string, prepared?: PreparedIndex): SearchDoc {
  const names = [
    ...m.signatories.map((s) => s.name), ...m.interpellants.map((i) => i.name), m.addressee?.name ?? '',
    ...m.parties.map((p) => `${p} ${partyName(p)}`),
  ];
  return {
    facets: { kind: m.kind, body: m.body, municipality: m.municipality, date: m.date, parties: m.parties },
    title: m.title,
    arende: [m.arende.title, m.arende.diarienummer, m.body, m.municipality].filter(Boolean).join(' '),
    people: names.filter(Boolean).join(' '),
    body: indexedText(text),
    ...(prepared ? { prepared } : {}),
  };
}

type Sqlite = import('better-sqlite3').Database;

/** Statements prepared once per connection; indexing runs them hundreds of times per document. */
const prepared = new WeakMap<Sqlite, ReturnType<typeof prepare>>();
function prepare(c: Sqlite) {
  return {
    remove: c.prepare('DELETE FROM search_fts WHERE rowid = ?'),
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
  // Words never span fields, so the body's tokens analysed elsewhere join the others' unchanged.
  const bodyExact = doc.prepared?.bodyExact ?? exactTokens(doc.body);
  const exact = [exactTokens(doc.title), exactTokens(doc.arende), bodyExact].filter(Boolean).join(' ');
  const fields = [doc.title, doc.arende, doc.people].map(indexTokens);
  fields.push(doc.prepared?.bodyTokens ?? indexTokens(doc.body));
  st.remove.run(id);
  st.removeFacets.run(id);
  st.insert.run(id, fields[0], fields[1], fields[2], fields[3], exact);
  const f = doc.facets;
  st.facets.run(id, f.kind, f.body, f.municipality, f.date, f.parties.length ? `,${f.parties.join(',')},` : '', st.nextSeq.get() as number);
  for (const t of new Set(fields.flatMap((f) => f.split(' ')))) if (t.length >= 2) st.term.run(t, [...t].reverse().join(''));
  for (const w of new Set(exact.split(' '))) if (w.length >= 3 && !/^\d+$/.test(w)) st.word.run(w);
}

/** Drops the document from the index (vocabulary counts are approximate and only ever grow). */
export function removeFromIndex(c: Sqlite, id: number): void {
  statementsFor(c).remove.run(id);
  statementsFor(c).removeFacets.run(id);
}
