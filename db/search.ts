/** Search queries against the FTS5 index: vocabulary expansion, matching with filters, facets. */
import type { Db } from './client.js';
import { INFLECTIONS } from '../server/analysis/swedish.js';
import { slugify } from '../server/domain/slug.js';
import type { Filters } from '../server/search/query-parser.js';

/** Compounds searched per query word: the most common ones, so a short head cannot explode into hundreds of terms. */
const MAX_COMPOUNDS = 30;
/** Candidates read per suffix range before choosing the most common. */
const SCAN_LIMIT = 2000;

/** Prepared once per connection: compiling SQL costs more than running these lookups. */
const statements = new WeakMap<object, ReturnType<typeof prepare>>();
function prepare(db: Db) {
  const c = db.$client;
  return {
    forms: c.prepare(`SELECT term FROM search_terms WHERE term IN (${INFLECTIONS.map(() => '?').join(',')})`).pluck(),
    byRev: c.prepare('SELECT term, doc_count FROM search_terms WHERE rev > ? AND rev < ? LIMIT ?').raw(),
    byPrefix: c.prepare('SELECT term, doc_count FROM search_terms WHERE term > ? AND term < ? LIMIT ?').raw(),
  };
}
function stmts(db: Db) {
  let s = statements.get(db.$client);
  if (!s) { s = prepare(db); statements.set(db.$client, s); }
  return s;
}

/** Index terms for a query stem: inflected forms ("våld" → "våldet") and compounds it heads ("gängvåldet") or starts ("våldsdåd"). */
export function expandStem(db: Db, stem: string): { forms: string[]; compounds: string[] } {
  const st = stmts(db);
  const candidates = INFLECTIONS.map((x) => stem + x);
  const forms = st.forms.all(...candidates) as string[];
  if (stem.length < 4) return { forms, compounds: [] };
  const found = new Map<string, number>();
  for (const form of candidates) {
    const rev = [...form].reverse().join('');
    for (const [t, n] of st.byRev.all(rev, `${rev}\uffff`, SCAN_LIMIT) as Array<[string, number]>) {
      // A compound needs a real first part: at least three letters before the head.
      if (t.length >= form.length + 3) found.set(t, n);
    }
  }
  // The word as a compound's first part ("exitskatt" in "exitskatteutredningens"): long stems only, or noise wins.
  if (stem.length >= 5) {
    for (const [t, n] of st.byPrefix.all(stem, `${stem}\uffff`, SCAN_LIMIT) as Array<[string, number]>) {
      if (t.length >= stem.length + 3) found.set(t, n);
    }
  }
  const compounds = [...found].sort((a, b) => b[1] - a[1]).slice(0, MAX_COMPOUNDS).map(([t]) => t);
  return { forms, compounds };
}

/** The query's filters, as the parser reads them. */
export type SearchFilters = Filters;

export interface Hit {
  id: number;
  score: number;
  strict: boolean;
  kind: string;
  body: string | null;
  municipality: string | null;
  date: string | null;
  parties: string[];
}

/** A user's text inside LIKE: % and _ are literal. */
function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (x) => `\\${x}`);
}

/** Statements by SQL text per connection; filter combinations are few, so the cache stays small. */
const byText = new WeakMap<object, Map<string, import('better-sqlite3').Statement>>();
function cachedStatement(db: Db, text: string): import('better-sqlite3').Statement {
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

interface Condition {
  from: string;
  where: string;
  params: Record<string, unknown>;
}

/** FROM and WHERE for a match (or none: filters only) and the filters, with named parameters. */
function condition(match: string | null, f: SearchFilters): Condition {
  // Withdrawn documents have no search_facets row (the index drops them), so no check is needed here.
  const where: string[] = match ? ['search_fts MATCH @match'] : ['1'];
  const params: Record<string, unknown> = match ? { match } : {};
  const list = (name: string, values: string[]) => values.map((v, i) => { params[`${name}${i}`] = v; return `@${name}${i}`; }).join(', ');
  if (f.party.length) where.push(`(${f.party.map((p, i) => { params[`party${i}`] = `%,${likeEscape(p.toUpperCase())},%`; return `d.party_codes LIKE @party${i} ESCAPE '\\'`; }).join(' OR ')})`);
  if (f.kind.length) where.push(`d.kind IN (${list('kind', f.kind)})`);
  if (f.person.length) {
    where.push(`d.document_id IN (SELECT a.document_id FROM document_authors a JOIN people p ON p.id = a.person_id WHERE p.slug IN (${list('person', f.person.map(slugify))}))`);
  }
  if (f.body.length) where.push(`(${f.body.map((b, i) => { params[`body${i}`] = b.toLocaleLowerCase('sv'); return `sv_lower(d.body) = @body${i}`; }).join(' OR ')})`);
  if (f.municipality.length) {
    where.push(`(${f.municipality.map((m, i) => { params[`muni${i}`] = `${likeEscape(m.toLocaleLowerCase('sv'))}%`; return `sv_lower(d.municipality) LIKE @muni${i} ESCAPE '\\'`; }).join(' OR ')})`);
  }
  if (f.yearFrom !== null) {
    params.yearFrom = String(f.yearFrom);
    params.yearTo = String(f.yearTo ?? f.yearFrom);
    where.push('substr(d.date, 1, 4) BETWEEN @yearFrom AND @yearTo');
  }
  const from = match ? 'search_fts JOIN search_facets d ON d.document_id = search_fts.rowid' : 'search_facets d';
  return { from, where: where.join(' AND '), params };
}

export interface FacetRow {
  kind: string;
  body: string | null;
  municipality: string | null;
  date: string | null;
  parties: string[];
}

export interface MatchResult {
  /** The facet fields of every matching document. */
  facets: FacetRow[];
  /** One page of matching document ids, in order. */
  ids: number[];
}

/** bm25 column weights: title 10, ärende 8, people 5, body 1 (the exact column does not rank). */
const SCORE = 'bm25(search_fts, 10.0, 8.0, 5.0, 1.0, 1.0)';

/**
 * Every match in one pass over the index: its facet fields (counting needs them all) and its score,
 * then the page is chosen here. Reading the matches once, rather than once for facets and once more
 * for a ranked page, is most of what a search costs. By relevance, documents matching `strict` (whole
 * words) come before those that match only through compounds, each tier by bm25; by date, newest first.
 */
export function matchAll(db: Db, match: string | null, strict: string | null, f: SearchFilters, sort: 'relevans' | 'datum', limit: number, offset: number): MatchResult {
  const c = condition(match, f);
  const rows = cachedStatement(db, `SELECT d.document_id, ${match ? SCORE : '0'}, d.kind, d.body, d.municipality, d.date, d.party_codes FROM ${c.from} WHERE ${c.where}`)
    .raw().all(c.params) as Array<[number, number, string, string | null, string | null, string | null, string]>;
  const facets = rows.map(([, , kind, body, municipality, date, parties]) => ({
    kind, body, municipality, date, parties: parties ? parties.slice(1, -1).split(',') : [],
  }));
  const byRelevance = match !== null && sort === 'relevans';
  // Whole-word matches form the first tier; only needed when compounds widened the query.
  const wholeWord = byRelevance && strict !== null && rows.length > 0
    ? new Set(cachedStatement(db, 'SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck().all(strict) as number[])
    : null;
  const before = byRelevance
    ? (a: (typeof rows)[number], b: (typeof rows)[number]) => {
      if (wholeWord) {
        const ta = wholeWord.has(a[0]) ? 0 : 1;
        const tb = wholeWord.has(b[0]) ? 0 : 1;
        if (ta !== tb) return ta - tb;
      }
      return a[1] - b[1] || b[0] - a[0];
    }
    : (a: (typeof rows)[number], b: (typeof rows)[number]) => {
      // Undated last, then newest first.
      if ((a[5] === null) !== (b[5] === null)) return a[5] === null ? 1 : -1;
      if (a[5] !== b[5]) return a[5]! < b[5]! ? 1 : -1;
      return b[0] - a[0];
    };
  return { facets, ids: firstInOrder(rows, offset + limit, before).slice(offset).map((r) => r[0]) };
}

/** The first `k` items in the order `before` gives, without sorting everything when k is small. */
export function firstInOrder<T>(items: T[], k: number, before: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (k * 8 >= items.length) return [...items].sort(before).slice(0, k);
  // Kept sorted; a new item enters only if it beats the current last.
  const top: T[] = [];
  for (const item of items) {
    if (top.length === k && before(item, top[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(item, top[mid]!) < 0) hi = mid; else lo = mid + 1;
    }
    top.splice(lo, 0, item);
    if (top.length > k) top.pop();
  }
  return top;
}

/**
 * Text read for a result's snippet. A whole council protocol can run to a million characters; the
 * best passage is looked for in its first 100,000 (about 40 pages), as search engines bound highlighting.
 */
export const SNIPPET_TEXT_CHARS = 100_000;

/** Title, kind, date, metadata and the beginning of the text of the documents on one result page. */
export function loadResultDocuments(db: Db, ids: number[]): Map<number, { title: string; kind: string; date: string | null; metadataJson: string; text: string }> {
  if (ids.length === 0) return new Map();
  // substr counts characters, so a cut never splits one.
  const rows = db.$client.prepare(`SELECT id, title, kind, date, metadata_json AS metadataJson, substr(text, 1, ${SNIPPET_TEXT_CHARS}) AS text FROM documents WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as Array<{ id: number; title: string; kind: string; date: string | null; metadataJson: string; text: string }>;
  return new Map(rows.map((r) => [r.id, r]));
}

/** Exact words with document counts, most common first (for suggestions). */
export function vocabulary(db: Db, limit: number): Array<{ word: string; count: number }> {
  return db.$client.prepare('SELECT word, doc_count AS count FROM search_words ORDER BY doc_count DESC LIMIT ?').all(limit) as Array<{ word: string; count: number }>;
}

/** Names worth suggesting: people, parties, bodies, municipalities and ärende titles. */
export function suggestibleNames(db: Db): Array<{ text: string; type: string }> {
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
export function documentCount(db: Db): number {
  return db.$client.prepare('SELECT count(*) FROM documents').pluck().get() as number;
}
