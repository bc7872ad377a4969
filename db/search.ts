/** Search queries against the FTS5 index: vocabulary expansion, matching with filters, facets. */
import type { Db } from './client.js';
import { INFLECTIONS } from '../server/analysis/swedish.js';
import { facetRows, type FacetRow } from './search-facets.js';
import { toFts5, type Expansion, type MatchNode, type Vocabulary } from '../server/search/fts-query.js';
import {
  byDateOf, facetTest, firstInOrder, firstTierFirst, passingOf, personClause, scoreAskedFor, type MatchResult, type Scored, type SearchFilters,
} from './search-match.js';
import { isPg, type SqliteDb } from './engine.js';
import * as pg from './pg/search.js';
import { SNIPPET_TEXT_CHARS, type ResultDocument, type ResultParagraph } from './search-results.js';

/** Compounds searched per query word: the most common ones, so a short head cannot explode into hundreds of terms. */
const MAX_COMPOUNDS = 30;
/** Shortest stem searched as a compound's first part. */
const MIN_FIRST_PART = 7;
/** Candidates read per suffix range before choosing the most common. */
const SCAN_LIMIT = 2000;

/**
 * Compounds of a stem in one statement: terms ending in any inflected form (reversed-term ranges) or,
 * for long stems, starting with the stem, each with at least three letters besides it; the most
 * common first. One statement rather than one per form: the ranges are small and the round trips
 * to JavaScript were most of the cost.
 */
function compoundSql(): string {
  const suffix = INFLECTIONS.map((_, i) => `SELECT * FROM (SELECT term, doc_count FROM search_terms WHERE rev > @r${i} AND rev < @r${i}e AND length(term) >= @n${i} LIMIT ${SCAN_LIMIT})`);
  const prefix = `SELECT * FROM (SELECT term, doc_count FROM search_terms WHERE @prefixed AND term > @stem AND term < @steme AND length(term) >= @np LIMIT ${SCAN_LIMIT})`;
  return `SELECT term, doc_count FROM (${[...suffix, prefix].join(' UNION ')}) ORDER BY doc_count DESC, term LIMIT ${MAX_COMPOUNDS}`;
}

/** Prepared once per connection: compiling SQL costs more than running these lookups. */
const statements = new WeakMap<object, ReturnType<typeof prepare>>();
function prepare(db: SqliteDb) {
  const c = db.$client;
  return {
    forms: c.prepare(`SELECT term FROM search_terms WHERE term IN (${INFLECTIONS.map(() => '?').join(',')})`).pluck(),
    compounds: c.prepare(compoundSql()).raw(),
    // A term's doclist holds every document with it in any column: stems (search_terms) and exact words (search_words).
    docs: c.prepare(`SELECT coalesce((SELECT doc_count FROM search_terms WHERE term = j.value), 0)
      + coalesce((SELECT doc_count FROM search_words WHERE word = j.value), 0) FROM json_each(?) j ORDER BY j.key`).pluck(),
    prefixWords: c.prepare('SELECT count(*), coalesce(sum(doc_count), 0) FROM (SELECT doc_count FROM search_words WHERE word >= ? AND word < ? LIMIT ?)').raw(),
    prefixTerms: c.prepare('SELECT count(*), coalesce(sum(doc_count), 0) FROM (SELECT doc_count FROM search_terms WHERE term >= ? AND term < ? LIMIT ?)').raw(),
    // The vocabulary changes only where search_seq is bumped (db/search-index.ts#indexDocument), from any process.
    version: c.prepare('SELECT n, epoch FROM search_seq WHERE id = 1').raw(),
    // Whether any document holds a term in its title or ärende: the first row ends the read.
    inHeading: c.prepare('SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1').pluck(),
  };
}
function stmts(db: SqliteDb) {
  let s = statements.get(db.$client);
  if (!s) { s = prepare(db); statements.set(db.$client, s); }
  return s;
}

/** Stems whose expansion is kept per connection: a query's stems are user input, so the cache is bounded. */
const MAX_CACHED_STEMS = 4000;
/** Expansions by stem for one state of the vocabulary (search_seq's number and epoch). */
const expansions = new WeakMap<object, { version: string; byStem: Map<string, Expansion> }>();

/**
 * The connection's expansion cache, emptied when the vocabulary may have changed since it was filled:
 * the counter is read before any lookup, so an entry is never older than the version it is kept under.
 */
function expansionCache(db: SqliteDb): Map<string, Expansion> {
  const [n, epoch] = stmts(db).version.get() as [number, string];
  const version = `${epoch}:${n}`;
  let c = expansions.get(db.$client);
  if (!c || c.version !== version) {
    c = { version, byStem: new Map() };
    expansions.set(db.$client, c);
  }
  return c.byStem;
}

/** Index terms for a query stem: inflected forms ("våld" → "våldet") and compounds it heads ("gängvåldet") or starts ("våldsdåd"). */
export async function expandStem(db: Db, stem: string): Promise<Expansion> {
  if (isPg(db)) return (await pg.expandStems(db, [stem])).get(stem)!;
  return lookUpStem(db, stem);
}

/** expandStem through the cache (looked up per query stem, 5% of a search's time): the most recent stems are kept. */
function expandCached(db: SqliteDb, cache: Map<string, Expansion>, stem: string): Expansion {
  let e = cache.get(stem);
  if (e) {
    // Most recently used last, so the first key is the one to drop.
    cache.delete(stem);
  } else {
    e = lookUpStem(db, stem);
    if (cache.size >= MAX_CACHED_STEMS) cache.delete(cache.keys().next().value!);
  }
  cache.set(stem, e);
  return e;
}

function lookUpStem(db: SqliteDb, stem: string): Expansion {
  const st = stmts(db);
  const candidates = INFLECTIONS.map((x) => stem + x);
  const forms = st.forms.all(...candidates) as string[];
  if (stem.length < 4) return { forms, compounds: [], compoundDocs: 0 };
  const params: Record<string, string | number> = {
    // The word as a compound's first part ("exitskatt" in "exitskatteutredningens"): long stems only, or
    // noise wins: from five letters, "miljö" found every mention of Miljöpartiet and tripled its hits.
    prefixed: stem.length >= MIN_FIRST_PART ? 1 : 0, stem, steme: `${stem}\uffff`, np: stem.length + 3,
  };
  candidates.forEach((form, i) => {
    const rev = [...form].reverse().join('');
    params[`r${i}`] = rev;
    params[`r${i}e`] = `${rev}\uffff`;
    // A compound needs a real first part: at least three letters before the head.
    params[`n${i}`] = form.length + 3;
  });
  const rows = st.compounds.all(params) as Array<[string, number]>;
  const compounds = rows.map((c) => c[0]);
  // Looked up with the expansion and kept with it: the first tier by relevance need not score the rest (fts-query.ts).
  const inHeadings = compounds.filter((c) => st.inHeading.get(`{title arende} : "${c.replace(/"/g, '""')}"`) !== undefined);
  return { forms, compounds, compoundDocs: rows.reduce((n, c) => n + c[1], 0), inHeadings };
}

/** For each term, the documents holding it as a stem or as an exact word. */
export function termDocs(db: SqliteDb, terms: string[]): number[] {
  return stmts(db).docs.all(JSON.stringify(terms)) as number[];
}

/**
 * Index words and stems starting with `prefix`: how many (each counted up to `limit` + 1, so a short
 * prefix costs a bounded scan) and the documents holding them, summed. Words are what FTS5 merges
 * for a prefix query; exact words of fewer than three letters are not counted (the vocabulary skips them).
 */
export function prefixDocs(db: SqliteDb, prefix: string, limit: number): { words: number; docs: number } {
  const st = stmts(db);
  const end = `${prefix}\uffff`;
  const [words, wordDocs] = st.prefixWords.get(prefix, end, limit + 1) as [number, number];
  const [terms, termDocs] = st.prefixTerms.get(prefix, end, limit + 1) as [number, number];
  return { words: Math.max(words, terms), docs: wordDocs + termDocs };
}

/**
 * The index vocabulary as the query builder asks for it, for an archive of `documents`. Words under
 * three letters are not in search_words, so one of them ("i", "en") is taken to be in every document.
 */
export async function vocabularyOf(db: Db, documents: number): Promise<Vocabulary> {
  if (isPg(db)) return pg.vocabularyOf(db, documents);
  const cache = expansionCache(db);
  return {
    expand: (s) => expandCached(db, cache, s),
    docs: (ts) => termDocs(db, ts).map((n, i) => ([...ts[i]!].length < 3 ? Math.max(n, documents) : n)),
    prefix: (p, limit) => prefixDocs(db, p, limit),
  };
}

export { firstInOrder, type MatchResult, type SearchFilters };
export { SNIPPET_TEXT_CHARS, type ResultDocument, type ResultParagraph } from './search-results.js';

/** Statements by SQL text per connection; filter combinations are few, so the cache stays small. */
const byText = new WeakMap<object, Map<string, import('better-sqlite3').Statement>>();
function cachedStatement(db: SqliteDb, text: string): import('better-sqlite3').Statement {
  let m = byText.get(db.$client);
  if (!m) { m = new Map(); byText.set(db.$client, m); }
  let st = m.get(text);
  if (!st) {
    if (m.size > 200) m.clear();
    st = db.$client.prepare(text);
    m.set(text, st);
  }
  return st;
}

export type { FacetRow };

/** bm25 column weights: title 10, ärende 8, people 5, body 1 (the exact column does not rank). */
const SCORE = 'bm25(search_fts, 10.0, 8.0, 5.0, 1.0, 1.0)';

/**
 * Matches, filters and orders in as few passes over the index as the query allows. Facets come from
 * the in-memory facet rows (db/search-facets.ts), so the match itself reads only ids. By relevance,
 * documents matching `first` (whole words anywhere, or compounds in the title or ärende:
 * fts-query.ts) come before those matching only through compounds in the people or body, each tier
 * by its own expression's bm25, ties newest first: one total order, so page n + 1 continues page n.
 * Scoring is what costs, and a compound widening can add thirty terms to score, so the wide match is
 * scored only when the first tier cannot fill the page. By date, newest first. PostgreSQL takes the
 * same steps (db/pg/search.ts#matchAll).
 */
export async function matchAll(db: Db, match: MatchNode | null, first: MatchNode | null, f: SearchFilters, sort: 'relevans' | 'datum', limit: number, offset: number): Promise<MatchResult> {
  if (isPg(db)) return pg.matchAll(db, match, first, f, sort, limit, offset);
  // One read transaction: the facet rows and the match see the same state.
  let run = inTransaction.get(db.$client);
  if (!run) { run = db.$client.transaction(matchInSnapshot); inTransaction.set(db.$client, run); }
  return run(db, match && toFts5(match), first && toFts5(first), f, sort, limit, offset);
}
/** matchInSnapshot wrapped in a transaction once per connection, rather than a new wrapper per search. */
const inTransaction = new WeakMap<object, (...args: Parameters<typeof matchInSnapshot>) => MatchResult>();

/** SQLite's named placeholders for personClause, the values kept in `params`. */
function namedParams(): { params: Record<string, string>; param: (v: string) => string } {
  const params: Record<string, string> = {};
  return { params, param: (v) => { const k = `person${Object.keys(params).length}`; params[k] = v; return `@${k}`; } };
}

function matchInSnapshot(db: SqliteDb, match: string | null, first: string | null, f: SearchFilters, sort: 'relevans' | 'datum', limit: number, offset: number): MatchResult {
  const rowOf = facetRows(db);
  const test = facetTest(f);
  const keep = (id: number) => { const r = rowOf(id); return r !== undefined && (test === null || test(r)); };
  const facets: FacetRow[] = [];
  const passing = passingOf(rowOf, test, facets);
  const k = offset + limit;
  const byRelevance = match !== null && sort === 'relevans';
  let ids: number[];
  let ranked: Scored[] | null = null;
  const person = namedParams();
  if (match === null) {
    // Only filters: documents, protocols as one; a paragraph is a hit for words in its own text.
    const sql = personClause('document_id', f, person.param);
    ids = passing(cachedStatement(db, `SELECT document_id FROM search_facets WHERE 1${sql}`).pluck().all(person.params) as number[]);
  } else {
    const sql = personClause('rowid', f, person.param, true);
    const all = cachedStatement(db, `SELECT rowid FROM search_fts WHERE search_fts MATCH @match${sql}`).pluck().all({ ...person.params, match }) as number[];
    ids = passing(all);
    if (byRelevance && ids.length > 0) {
      const topN = (m: string, n: number) => cachedStatement(db, `SELECT rowid, ${SCORE} FROM search_fts WHERE search_fts MATCH @match${sql} ORDER BY 2, 1 DESC LIMIT @n`).raw().all({ ...person.params, match: m, n }) as Scored[];
      // The best `n` by bm25; SQLite keeps only the best while scoring. With filters, more are asked
      // for, in proportion to the share of hits the filters keep (scoreAskedFor). Otherwise only the
      // hits that pass are scored: SQLite tests the ids before it computes the result column, and bm25
      // per row was most of the cost (a rare party among 20,000 hits: all of them scored to keep 70).
      // The unary plus keeps the id list from being handed to FTS5 as rowid lookups, one query each.
      const share = ids.length / all.length;
      let kept: string | null = null;
      const best = (m: string, n: number): Scored[] => {
        if (test === null) return topN(m, n);
        const asked = scoreAskedFor(n, share, all.length);
        if (asked !== null) {
          const passed = topN(m, asked).filter((x) => keep(x[0]));
          if (passed.length >= n) return passed.slice(0, n);
        }
        kept ??= JSON.stringify(ids);
        return cachedStatement(db, `SELECT rowid, ${SCORE} FROM search_fts WHERE search_fts MATCH @match${sql}
          AND +rowid IN (SELECT value FROM json_each(@kept)) ORDER BY 2, 1 DESC LIMIT @n`).raw().all({ ...person.params, match: m, kept, n }) as Scored[];
      };
      ranked = firstTierFirst(best, match, first, k, ids.length);
    }
  }
  const page = (unitIds: number[]) => ({ facets, ids: unitIds, rows: unitIds.map((id) => rowOf(id)!) });
  if (ranked) return page(ranked.slice(offset).map((s) => s[0]));
  return page(firstInOrder(ids, k, byDateOf(rowOf)).slice(offset));
}

/**
 * Title, kind, date, parties, signatories and the beginning of the text of the documents on one
 * result page; `withText: false` (an export of up to 10,000 results without snippets) leaves the text
 * unread. The two lists are taken from the metadata by SQLite: parsing each row's whole metadata in
 * JavaScript for them cost more than the rest of the row.
 */
export async function loadResultDocuments(db: Db, ids: number[], withText = true, textUpTo: ReadonlyMap<number, number> = new Map()): Promise<Map<number, ResultDocument>> {
  if (isPg(db)) return pg.loadResultDocuments(db, ids, withText, textUpTo);
  if (ids.length === 0) return new Map();
  // substr counts characters, so a cut never splits one. A text of no more bytes than that has no
  // more characters either and is taken whole, without substr's count and copy.
  const text = withText ? `CASE WHEN octet_length(text) <= ${SNIPPET_TEXT_CHARS} THEN text ELSE substr(text, 1, ${SNIPPET_TEXT_CHARS}) END` : "''";
  const rows = cachedStatement(db, `SELECT id, title, kind, body, date, json_extract(metadata_json, '$.parties') AS parties,
      (SELECT json_group_array(json_extract(s.value, '$.name')) FROM json_each(metadata_json, '$.signatories') s) AS signatories, ${text} AS text
    FROM documents WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as Array<{ id: number; title: string; kind: string; body: string | null; date: string | null; parties: string; signatories: string; text: string }>;
  const out = new Map<number, ResultDocument>();
  // A paragraph hit further in: the text up to its end (UTF-16 units, never fewer characters).
  const longer = withText ? cachedStatement(db, 'SELECT substr(text, 1, ?) FROM documents WHERE id = ?').pluck() : null;
  for (const r of rows) {
    const n = textUpTo.get(r.id);
    const full = longer !== null && n !== undefined && n > SNIPPET_TEXT_CHARS ? longer.get(n, r.id) as string : r.text;
    out.set(r.id, { title: r.title, kind: r.kind, body: r.body, date: r.date, parties: JSON.parse(r.parties) as string[], signatories: JSON.parse(r.signatories) as Array<string | null>, text: full });
  }
  return out;
}

/** The stored paragraphs of the given protocols, by document and ordinal. */
export async function loadResultParagraphs(db: Db, documentIds: number[]): Promise<Map<number, Map<number, ResultParagraph>>> {
  if (isPg(db)) return pg.loadResultParagraphs(db, documentIds);
  const out = new Map<number, Map<number, ResultParagraph>>();
  if (documentIds.length === 0) return out;
  const rows = cachedStatement(db, `SELECT document_id AS documentId, ordinal, number, title, anchor, start_offset AS start, end_offset AS "end"
    FROM protocol_paragraphs WHERE document_id IN (${documentIds.map(() => '?').join(',')})`).all(...documentIds) as Array<ResultParagraph & { documentId: number }>;
  for (const { documentId, ...p } of rows) {
    let m = out.get(documentId);
    if (!m) { m = new Map(); out.set(documentId, m); }
    m.set(p.ordinal, p);
  }
  return out;
}

/** Exact words with document counts, most common first (for suggestions). */
export async function vocabulary(db: Db, limit: number): Promise<Array<{ word: string; count: number }>> {
  if (isPg(db)) return pg.vocabulary(db, limit);
  return db.$client.prepare('SELECT word, doc_count AS count FROM search_words ORDER BY doc_count DESC LIMIT ?').all(limit) as Array<{ word: string; count: number }>;
}

/** Names worth suggesting: people, parties, bodies, municipalities and ärende titles. */
export async function suggestibleNames(db: Db): Promise<Array<{ text: string; type: string }>> {
  if (isPg(db)) return pg.suggestibleNames(db);
  const c = db.$client;
  return [
    ...(c.prepare('SELECT name FROM people').pluck().all() as string[]).map((text) => ({ text, type: 'person' })),
    ...(c.prepare('SELECT name FROM parties').pluck().all() as string[]).map((text) => ({ text, type: 'parti' })),
    ...(c.prepare('SELECT DISTINCT body FROM documents WHERE body IS NOT NULL').pluck().all() as string[]).map((text) => ({ text, type: 'organ' })),
    ...(c.prepare('SELECT DISTINCT municipality FROM documents WHERE municipality IS NOT NULL').pluck().all() as string[]).map((text) => ({ text, type: 'kommun' })),
    ...(c.prepare('SELECT DISTINCT title FROM arenden WHERE title IS NOT NULL LIMIT 20000').pluck().all() as string[]).map((text) => ({ text, type: 'ärende' })),
  ];
}

/** Number of stored documents, to know when suggestions are stale. */
export async function documentCount(db: Db): Promise<number> {
  if (isPg(db)) return pg.documentCount(db);
  return db.$client.prepare('SELECT count(*) FROM documents').pluck().get() as number;
}

/** Documents that hold each word exactly (search_words); 0 for a word the archive never saw. */
export async function wordDocumentCounts(db: Db, words: string[]): Promise<Map<string, number>> {
  if (isPg(db)) return pg.wordDocumentCounts(db, words);
  const out = new Map(words.map((w) => [w, 0]));
  if (!words.length) return out;
  const rows = db.$client.prepare('SELECT word, doc_count AS n FROM search_words WHERE word IN (SELECT value FROM json_each(?))').all(JSON.stringify(words)) as Array<{ word: string; n: number }>;
  for (const r of rows) out.set(r.word, r.n);
  return out;
}

