/**
 * The search's simple lookups on PostgreSQL (db/search.ts and db/search-facets.ts call these for a
 * PostgreSQL handle): the vocabulary for suggestions, the names worth suggesting, counts. Orders are
 * those SQLite's plans give: ties of the vocabulary by word (byte order), names by first appearance.
 */
import type pg from 'pg';
import type { PgDb } from '../engine.js';
import { INFLECTIONS } from '../../server/analysis/swedish.js';
import { phrasesOf, type Expansion, type MatchNode, type Vocabulary } from '../../server/search/fts-query.js';
import {
  applyDocumentRow, applyParagraphRow, lookupOf, storeFor, type DocumentFacetTuple, type FacetLookup, type FacetRow, type ParagraphFacetTuple, type Store,
} from '../facet-store.js';
import {
  byDateOf, facetTest, firstInOrder, firstTierFirst, passingOf, personClause, scoreAskedFor, type MatchResult, type Scored, type SearchFilters,
} from '../search-match.js';
import { SPLIT_FROM } from '../search-units.js';
import { SNIPPET_TEXT_CHARS, type ResultDocument, type ResultParagraph } from '../search-results.js';
import { pgReadSnapshot } from './client.js';
import { idf, matchPredicate, Params, phraseQuery, rankedSelect, type Phrase } from './search-query.js';

const rows = async <T>(db: PgDb, text: string, values: unknown[] = []): Promise<T[]> => (await db.$client.query(text, values)).rows as T[];

export function vocabulary(db: PgDb, limit: number): Promise<Array<{ word: string; count: number }>> {
  // search_words.word is COLLATE "C": ties in byte order, as SQLite lists them.
  return rows(db, 'SELECT word, doc_count AS count FROM search_words ORDER BY doc_count DESC, word LIMIT $1', [limit]);
}

export async function suggestibleNames(db: PgDb): Promise<Array<{ text: string; type: string }>> {
  const texts = async (q: string, type: string) => (await rows<{ text: string }>(db, q)).map(({ text }) => ({ text, type }));
  return [
    ...await texts('SELECT name AS text FROM people ORDER BY id', 'person'),
    // Parties have no row order of their own (SQLite's is insertion order): by code.
    ...await texts('SELECT name AS text FROM parties ORDER BY code COLLATE "C"', 'parti'),
    ...await texts('SELECT body AS text FROM documents WHERE body IS NOT NULL GROUP BY body ORDER BY min(id)', 'organ'),
    ...await texts('SELECT DISTINCT municipality COLLATE "C" AS text FROM documents WHERE municipality IS NOT NULL ORDER BY 1', 'kommun'),
    ...await texts('SELECT title AS text FROM arenden WHERE title IS NOT NULL GROUP BY title ORDER BY min(id) LIMIT 20000', 'ärende'),
  ];
}

export async function documentCount(db: PgDb): Promise<number> {
  return (await rows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM documents'))[0]!.n;
}

export async function wordDocumentCounts(db: PgDb, words: string[]): Promise<Map<string, number>> {
  const out = new Map(words.map((w) => [w, 0]));
  if (!words.length) return out;
  for (const r of await rows<{ word: string; n: number }>(db, 'SELECT word, doc_count AS n FROM search_words WHERE word = ANY($1::text[])', [words])) out.set(r.word, r.n);
  return out;
}

/** Per process (pool): the unit count as of the write sequence it was counted at. */
const counted = new WeakMap<pg.Pool, { n: number; epoch: string; count: number }>();

/**
 * The number of indexed units (documents and protocol paragraphs), counted again only when something
 * was indexed since (search_seq moved): as on SQLite, a removal alone leaves the count as it was
 * until the next write, and a few writes behind does not matter to the budgets it scales.
 */
export async function indexedDocuments(db: PgDb): Promise<number> {
  const seen = counted.get(db.pool);
  const [row] = await rows<{ n: number; epoch: string; count: number | null }>(db, `SELECT n, epoch,
      CASE WHEN n = $1 AND epoch = $2 THEN NULL ELSE (SELECT count(*)::int FROM search_fts) END AS count
    FROM search_seq WHERE id = 1`, [seen?.n ?? -1, seen?.epoch ?? '']);
  if (row!.count === null) return seen!.count;
  counted.set(db.pool, { n: Number(row!.n), epoch: row!.epoch, count: row!.count });
  return row!.count;
}

// ---- Search queries: the vocabulary, the match, the page's documents (db/search.ts's counterparts) ----

/** search_seq's number and epoch: the vocabulary and the facet rows change only where it moves. */
async function versionOf(db: PgDb): Promise<string> {
  const [r] = await rows<{ n: number; epoch: string }>(db, 'SELECT n, epoch FROM search_seq WHERE id = 1');
  return `${r!.epoch}:${r!.n}`;
}

/** Expansions by stem per process, for one state of the vocabulary; bounded as on SQLite. */
const expansions = new WeakMap<pg.Pool, { version: string; byStem: Map<string, Expansion> }>();
const MAX_CACHED_STEMS = 4000;

/** What a lookup not yet fetched answers meanwhile (the query is built again once it is: buildMatch). */
const NOT_YET: Expansion = { forms: [], compounds: [], compoundDocs: 0, inHeadings: [] };

/**
 * The vocabulary for one search: lookups are answered from what has been fetched, and those that
 * missed are fetched together by `fetchMissed` (a few statements a round), as SQLite answers them one
 * by one (db/search.ts#vocabularyOf: the same statements, the same orders and limits).
 */
export async function vocabularyOf(db: PgDb, documents: number): Promise<Vocabulary> {
  const version = await versionOf(db);
  let cache = expansions.get(db.pool);
  if (!cache || cache.version !== version) { cache = { version, byStem: new Map() }; expansions.set(db.pool, cache); }
  const byStem = cache.byStem;
  const docs = new Map<string, number>();
  const prefixes = new Map<string, { words: number; docs: number }>();
  const missed = { stems: new Set<string>(), terms: new Set<string>(), prefixes: new Map<string, number>() };
  return {
    expand: (s) => {
      const e = byStem.get(s);
      if (e) { byStem.delete(s); byStem.set(s, e); return e; }
      missed.stems.add(s);
      return NOT_YET;
    },
    docs: (ts) => ts.map((t) => {
      const n = docs.get(t);
      if (n === undefined) { missed.terms.add(t); return 0; }
      return [...t].length < 3 ? Math.max(n, documents) : n;
    }),
    prefix: (p, limit) => {
      const found = prefixes.get(`${limit} ${p}`);
      if (found) return found;
      missed.prefixes.set(p, limit);
      return { words: 0, docs: 0 };
    },
    fetchMissed: async () => {
      const any = missed.stems.size + missed.terms.size + missed.prefixes.size > 0;
      if (missed.stems.size) {
        for (const [s, e] of await expandStems(db, [...missed.stems])) {
          if (byStem.size >= MAX_CACHED_STEMS) byStem.delete(byStem.keys().next().value!);
          byStem.set(s, e);
        }
      }
      if (missed.terms.size) for (const [t, n] of await termDocs(db, [...missed.terms])) docs.set(t, n);
      for (const [p, limit] of missed.prefixes) prefixes.set(`${limit} ${p}`, await prefixDocs(db, p, limit));
      missed.stems.clear(); missed.terms.clear(); missed.prefixes.clear();
      return any;
    },
  };
}

/** Compounds searched per query word, the shortest stem searched as a first part, candidates per range: db/search.ts's. */
const MAX_COMPOUNDS = 30;
const MIN_FIRST_PART = 7;
const SCAN_LIMIT = 2000;

/** db/search.ts#lookUpStem for several stems: the forms of all in one statement, then each stem's compounds, then which compounds a heading holds. */
export async function expandStems(db: PgDb, stems: string[]): Promise<Map<string, Expansion>> {
  const candidates = stems.flatMap((s) => INFLECTIONS.map((x) => s + x));
  const present = new Set((await rows<{ term: string }>(db, 'SELECT term FROM search_terms WHERE term = ANY($1::text[])', [candidates])).map((r) => r.term));
  const out = new Map<string, Expansion>();
  for (const stem of stems) {
    // In the order SQLite returns them: the forms' order in INFLECTIONS.
    const forms = INFLECTIONS.map((x) => stem + x).filter((f) => present.has(f));
    if (stem.length < 4) { out.set(stem, { forms, compounds: [], compoundDocs: 0 }); continue; }
    const values: unknown[] = [];
    const p = (v: unknown) => { values.push(v); return `$${values.length}`; };
    // Each range in its index's order, as SQLite scans it, so the same candidates are read under the limit.
    const suffix = INFLECTIONS.map((x) => {
      const form = stem + x;
      const rev = [...form].reverse().join('');
      return `(SELECT term, doc_count FROM search_terms WHERE rev > ${p(rev)} AND rev < ${p(`${rev}\uffff`)} AND length(term) >= ${p(form.length + 3)} ORDER BY rev LIMIT ${SCAN_LIMIT})`;
    });
    const prefix = stem.length >= MIN_FIRST_PART
      ? [`(SELECT term, doc_count FROM search_terms WHERE term > ${p(stem)} AND term < ${p(`${stem}\uffff`)} AND length(term) >= ${p(stem.length + 3)} ORDER BY term LIMIT ${SCAN_LIMIT})`]
      : [];
    const found = await rows<{ term: string; doc_count: number }>(db, `SELECT term, doc_count FROM (${[...suffix, ...prefix].join(' UNION ')}) c
      ORDER BY doc_count DESC, term LIMIT ${MAX_COMPOUNDS}`, values);
    out.set(stem, { forms, compounds: found.map((r) => r.term), compoundDocs: found.reduce((n, r) => n + r.doc_count, 0), inHeadings: [] });
  }
  // Whether any unit holds each compound in its title or ärende: the first row ends each look.
  const compounds = [...new Set([...out.values()].flatMap((e) => e.compounds))];
  if (compounds.length) {
    const headed = new Set((await rows<{ c: string }>(db, `SELECT c FROM unnest($1::text[], $2::text[]) AS u(c, q)
      WHERE EXISTS (SELECT 1 FROM search_fts WHERE terms @@ to_tsquery('simple', u.q))`,
    [compounds, compounds.map((c) => phraseQuery({ columns: 'heading', tokens: [c], prefix: false }))])).map((r) => r.c));
    for (const e of out.values()) if (e.inHeadings) e.inHeadings = e.compounds.filter((c) => headed.has(c));
  }
  return out;
}

/** For each term, the units holding it as a stem or as an exact word. */
async function termDocs(db: PgDb, terms: string[]): Promise<Map<string, number>> {
  const found = await rows<{ t: string; n: number }>(db, `SELECT t, coalesce((SELECT doc_count FROM search_terms WHERE term = t), 0)
      + coalesce((SELECT doc_count FROM search_words WHERE word = t), 0) AS n FROM unnest($1::text[]) t`, [terms]);
  return new Map(found.map((r) => [r.t, r.n]));
}

/** db/search.ts#prefixDocs: words and stems starting with the prefix, each counted up to limit + 1, and their units summed. */
async function prefixDocs(db: PgDb, prefix: string, limit: number): Promise<{ words: number; docs: number }> {
  const [r] = await rows<{ words: number; wdocs: number; terms: number; tdocs: number }>(db, `SELECT w.n AS words, w.d AS wdocs, t.n AS terms, t.d AS tdocs
    FROM (SELECT count(*)::int AS n, coalesce(sum(doc_count), 0)::int8 AS d FROM (SELECT doc_count FROM search_words WHERE word >= $1 AND word < $2 LIMIT $3) x) w,
         (SELECT count(*)::int AS n, coalesce(sum(doc_count), 0)::int8 AS d FROM (SELECT doc_count FROM search_terms WHERE term >= $1 AND term < $2 LIMIT $3) y) t`,
  [prefix, `${prefix}\uffff`, limit + 1]);
  return { words: Math.max(r!.words, r!.terms), docs: r!.wdocs + r!.tdocs };
}

// ---- Facet rows: the in-memory copy per process (db/facet-store.ts), brought up to date before the match ----

const stores = new WeakMap<pg.Pool, Store>();
/** One update at a time per process: concurrent searches wait for it rather than read the same rows twice. */
const updating = new WeakMap<pg.Pool, Promise<FacetLookup>>();

/**
 * The facet rows brought up to date with everything committed, read before the match's snapshot
 * begins, so every unit the match finds that was committed before the search has its row (one
 * committed in between has none and is left out of that one search). Rows are numbered in commit
 * order: a writer bumps search_seq's one row and holds it to commit (db/pg/search-index.ts), so a row
 * with a higher seq is never visible before one with a lower.
 */
export function facetRows(db: PgDb): Promise<FacetLookup> {
  const running = updating.get(db.pool);
  if (running) return running;
  const p = updateFacetRows(db).finally(() => updating.delete(db.pool));
  updating.set(db.pool, p);
  return p;
}

async function updateFacetRows(db: PgDb): Promise<FacetLookup> {
  const [{ n: max, epoch }] = await rows<{ n: number; epoch: string }>(db, 'SELECT n, epoch FROM search_seq WHERE id = 1') as [{ n: number; epoch: string }];
  const before = stores.get(db.pool);
  const last = before && max > before.seq && before.seq > 0
    ? (await rows<{ id: number }>(db, 'SELECT document_id AS id FROM search_facets WHERE seq = $1', [before.seq]))[0]?.id
    : undefined;
  const store = storeFor(before, max, epoch, () => last);
  stores.set(db.pool, store);
  if (max > store.seq) {
    const from = store.seq;
    const documents = await db.$client.query({ text: `SELECT document_id, kind, body, municipality, date, party_codes, seq
      FROM search_facets WHERE seq > $1 ORDER BY seq`, values: [from], rowMode: 'array' });
    for (const r of documents.rows as DocumentFacetTuple[]) applyDocumentRow(store, r);
    const paragraphs = await db.$client.query({ text: `SELECT pp.document_id, pp.ordinal,
        coalesce((SELECT ',' || string_agg(DISTINCT x.party_code COLLATE "C", ',' ORDER BY x.party_code COLLATE "C") || ','
          FROM protocol_positions x WHERE x.paragraph_id = pp.id AND x.party_code IS NOT NULL), '')
      FROM protocol_paragraphs pp WHERE pp.document_id IN (SELECT document_id FROM search_facets WHERE seq > $1 AND kind = 'protokoll')
        AND (SELECT count(*) FROM protocol_paragraphs q WHERE q.document_id = pp.document_id) >= ${SPLIT_FROM}`, values: [from], rowMode: 'array' });
    for (const r of paragraphs.rows as ParagraphFacetTuple[]) applyParagraphRow(store, r);
  }
  return lookupOf(store);
}

/** The number of indexed units as the facet rows count them (SQLite's indexedDocuments). */
export async function facetUnitCount(db: PgDb): Promise<number> {
  await facetRows(db);
  return stores.get(db.pool)!.count;
}

// ---- The match ----

/** A search's statements are cut off after this (statement_timeout), set per process from the configuration. */
const searchTimeouts = new WeakMap<pg.Pool, number>();
export function setSearchTimeout(db: PgDb, ms: number): void { searchTimeouts.set(db.pool, ms); }
const DEFAULT_SEARCH_TIMEOUT_MS = 5_000;

/** Units and their total length per state of the index (search_seq), for bm25: counted again only when it moved. */
const rankStats = new WeakMap<pg.Pool, { version: string; units: number; avgdl: number }>();
async function statsOf(db: PgDb, version: string): Promise<{ units: number; avgdl: number }> {
  const seen = rankStats.get(db.pool);
  if (seen && seen.version === version) return seen;
  const [r] = await rows<{ units: number; tokens: number }>(db, 'SELECT count(*)::int8 AS units, coalesce(sum(len), 0)::int8 AS tokens FROM search_fts');
  const s = { version, units: r!.units, avgdl: r!.units ? r!.tokens / r!.units : 0 };
  rankStats.set(db.pool, s);
  return s;
}

/**
 * How many units hold each phrase, for its idf: a single stem or exact word from the vocabulary
 * (counts of units, as FTS5's are, though they only grow), any other phrase (the heading's, a
 * sequence, a prefix) counted.
 */
async function phraseHits(db: PgDb, phrases: Phrase[]): Promise<number[]> {
  const params = new Params();
  const cols = phrases.map((p) => {
    const [t] = p.tokens;
    if (p.tokens.length === 1 && !p.prefix && p.columns === 'stemmed' && t!.length >= 2) {
      return `coalesce((SELECT doc_count FROM search_terms WHERE term = ${params.add(t)}), 0)`;
    }
    if (p.tokens.length === 1 && !p.prefix && p.columns === 'exact' && t!.length >= 3 && !/^\d+$/.test(t!)) {
      return `coalesce((SELECT doc_count FROM search_words WHERE word = ${params.add(t)}), 0)`;
    }
    return `(SELECT count(*) FROM search_fts WHERE ${p.columns === 'exact' ? 'exact' : 'terms'} @@ to_tsquery('simple', ${params.add(phraseQuery(p))}))`;
  });
  if (cols.length === 0) return [];
  const r = await db.$client.query({ text: `SELECT ${cols.join(', ')}`, values: params.values, rowMode: 'array' });
  return (r.rows[0] as unknown[]).map(Number);
}

const ids = async (db: PgDb, text: string, values: unknown[]): Promise<number[]> =>
  ((await db.$client.query({ text, values, rowMode: 'array' })).rows as Array<[number]>).map((r) => Number(r[0]));

/** db/search.ts#matchAll on PostgreSQL: the same steps, in one read-only snapshot. */
export async function matchAll(db: PgDb, match: MatchNode | null, first: MatchNode | null, f: SearchFilters, sort: 'relevans' | 'datum', limit: number, offset: number): Promise<MatchResult> {
  const rowOf = await facetRows(db);
  return pgReadSnapshot(db, async (tx) => {
    const test = facetTest(f);
    const keep = (id: number) => { const r = rowOf(id); return r !== undefined && (test === null || test(r)); };
    const facets: FacetRow[] = [];
    const passing = passingOf(rowOf, test, facets);
    const k = offset + limit;
    let found: number[];
    let ranked: Scored[] | null = null;
    if (match === null) {
      const params = new Params();
      const person = personClause('document_id', f, (v) => params.add(v));
      // In key order, as SQLite reads them: facet values are listed in the order their first hit comes.
      found = passing(await ids(tx, `SELECT document_id FROM search_facets WHERE true${person} ORDER BY document_id`, params.values));
    } else {
      const params = new Params();
      const where = matchPredicate(match, params);
      // In rowid order, as FTS5 gives them (a bitmap scan gives table order).
      const all = await ids(tx, `SELECT rowid FROM search_fts WHERE ${where}${personClause('rowid', f, (v) => params.add(v), true)} ORDER BY rowid`, params.values);
      found = passing(all);
      if (sort === 'relevans' && found.length > 0) {
        const stats = await statsOf(tx, await versionOf(tx));
        const passed = found;
        const topN = async (m: MatchNode, n: number, onlyPassing: boolean): Promise<Scored[]> => {
          const phrases = phrasesOf(m);
          const hits = await phraseHits(tx, phrases);
          const p = new Params();
          const cond = `${matchPredicate(m, p)}${personClause('rowid', f, (v) => p.add(v), true)}${onlyPassing ? ` AND rowid = ANY(${p.add(passed)}::int8[])` : ''}`;
          const text = rankedSelect(phrases, hits.map((h) => idf(stats.units, h)), stats.avgdl, cond, p.add(n), p);
          return ((await tx.$client.query({ text, values: p.values, rowMode: 'array' })).rows as Array<[number, number]>).map((r) => [Number(r[0]), r[1]]);
        };
        const share = found.length / all.length;
        const best = async (m: MatchNode, n: number): Promise<Scored[]> => {
          if (test === null) return topN(m, n, false);
          const asked = scoreAskedFor(n, share, all.length);
          if (asked !== null) {
            const kept = (await topN(m, asked, false)).filter((x) => keep(x[0]));
            if (kept.length >= n) return kept.slice(0, n);
          }
          return topN(m, n, true);
        };
        ranked = await firstTierFirst(best, match, first, k, found.length);
      }
    }
    const page = (unitIds: number[]) => ({ facets, ids: unitIds, rows: unitIds.map((id) => rowOf(id)!) });
    if (ranked) return page(ranked.slice(offset).map((s) => s[0]));
    return page(firstInOrder(found, k, byDateOf(rowOf)).slice(offset));
  }, searchTimeouts.get(db.pool) ?? DEFAULT_SEARCH_TIMEOUT_MS);
}

// ---- A result page's documents and paragraphs ----

export async function loadResultDocuments(db: PgDb, documentIds: number[], withText: boolean, textUpTo: ReadonlyMap<number, number>): Promise<Map<number, ResultDocument>> {
  const out = new Map<number, ResultDocument>();
  if (documentIds.length === 0) return out;
  const text = withText ? `CASE WHEN octet_length(text) <= ${SNIPPET_TEXT_CHARS} THEN text ELSE substr(text, 1, ${SNIPPET_TEXT_CHARS}) END` : "''";
  const found = await rows<{ id: number; title: string; kind: string; body: string | null; date: string | null; parties: string[] | null; signatories: Array<string | null>; text: string }>(db, `
    SELECT id, title, kind, body, date, m -> 'parties' AS parties,
      (SELECT coalesce(jsonb_agg(s -> 'name' ORDER BY i), '[]'::jsonb) FROM jsonb_array_elements(m -> 'signatories') WITH ORDINALITY AS e(s, i)) AS signatories,
      ${text} AS text
    FROM (SELECT *, metadata_json::jsonb AS m FROM documents WHERE id = ANY($1::int[])) d`, [documentIds]);
  for (const r of found) {
    const n = textUpTo.get(r.id);
    const full = withText && n !== undefined && n > SNIPPET_TEXT_CHARS
      ? (await rows<{ t: string }>(db, 'SELECT substr(text, 1, $1) AS t FROM documents WHERE id = $2', [n, r.id]))[0]!.t
      : r.text;
    out.set(r.id, { title: r.title, kind: r.kind, body: r.body, date: r.date, parties: r.parties as string[], signatories: r.signatories, text: full });
  }
  return out;
}

export async function loadResultParagraphs(db: PgDb, documentIds: number[]): Promise<Map<number, Map<number, ResultParagraph>>> {
  const out = new Map<number, Map<number, ResultParagraph>>();
  if (documentIds.length === 0) return out;
  const found = await rows<ResultParagraph & { documentId: number }>(db, `SELECT document_id AS "documentId", ordinal, number, title, anchor, start_offset AS start, end_offset AS "end"
    FROM protocol_paragraphs WHERE document_id = ANY($1::int[]) ORDER BY document_id, ordinal`, [documentIds]);
  for (const { documentId, ...p } of found) {
    let m = out.get(documentId);
    if (!m) { m = new Map(); out.set(documentId, m); }
    m.set(p.ordinal, p);
  }
  return out;
}
