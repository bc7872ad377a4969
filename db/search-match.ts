/**
 * What matching a search shares between the engines (db/search.ts for SQLite, db/pg/search.ts for
 * PostgreSQL): the filters as a test on facet rows, the person filter's SQL, the date order, and when
 * ranking should score only the hits that pass the filters. Pure but for the SQL text.
 */
import { slugify } from '../server/domain/slug.js';
import type { Filters } from '../server/search/query-parser.js';
import type { FacetLookup, FacetRow } from './facet-store.js';
import { PARAGRAPH_SLOTS } from './search-units.js';

/** The query's filters, as the parser reads them. */
export type SearchFilters = Filters;

export interface MatchResult {
  /** The facet fields of every matching unit. */
  facets: FacetRow[];
  /** One page of matching unit ids (documents and protocol paragraphs, db/search-units.ts), in order. */
  ids: number[];
  /** The facet rows of `ids`. */
  rows: FacetRow[];
}

/** A unit and its bm25, in the order every scoring statement uses: lower is better, equal scores newer (higher id) first (ORDER BY 2, 1 DESC). */
export type Scored = [id: number, score: number];
/** Share of the hits the filters keep below which only the kept hits are scored. */
export const SCORE_ONLY_PASSING_BELOW = 0.5;


/**
 * The best `k` by relevance: the first tier's (`first`, or `match` when there is none), and only when
 * that tier holds fewer than k (it is exhausted) the wide match's best after them, for the rest of the
 * page. `total`: the hits that pass.
 */
export function firstTierFirst<M, R extends Scored[] | Promise<Scored[]>>(best: (m: M, n: number) => R, match: M, first: M | null, k: number, total: number): R {
  const rest = (ranked: Scored[]): Scored[] | R => {
    if (first === null || ranked.length >= k || ranked.length >= total) return ranked;
    const inWhole = new Set(ranked.map((x) => x[0]));
    const more = best(match, k + ranked.length);
    const add = (wide: Scored[]) => [...ranked, ...wide.filter((x) => !inWhole.has(x[0])).slice(0, k - ranked.length)];
    return (more instanceof Promise ? more.then(add) : add(more as Scored[])) as R;
  };
  const tier = best(first ?? match, k);
  return (tier instanceof Promise ? tier.then(rest) : rest(tier as Scored[])) as R;
}

/**
 * How many of the best-scored hits to ask for to find the best `n` that pass filters keeping `share`
 * of the `total` hits; null when scoring only the passing hits costs less (few pass, or nearly all
 * would be asked for). If at least n of the best asked pass, they are exactly the best n that pass
 * (any other scores below all those asked).
 */
export function scoreAskedFor(n: number, share: number, total: number): number | null {
  const asked = Math.ceil((n / share) * 2) + 20;
  return asked < total && share > SCORE_ONLY_PASSING_BELOW ? asked : null;
}

/** The hits that pass the filters, and their facet rows appended to `facets`, in one loop (a word has 15,000–30,000 hits at 100,000 documents). */
export function passingOf(rowOf: FacetLookup, test: ((r: FacetRow) => boolean) | null, facets: FacetRow[]): (units: number[]) => number[] {
  return (units) => {
    const out: number[] = [];
    for (const id of units) {
      const r = rowOf(id);
      if (r !== undefined && (test === null || test(r))) { out.push(id); facets.push(r); }
    }
    return out;
  };
}

/**
 * By date: undated last, then newest first; equal dates by unit id, highest first (a document before
 * its paragraphs, those in their order).
 */
export function byDateOf(rowOf: FacetLookup): (a: number, b: number) => number {
  return (a, b) => {
    const da = rowOf(a)!.date;
    const dbt = rowOf(b)!.date;
    if ((da === null) !== (dbt === null)) return da === null ? 1 : -1;
    if (da !== dbt) return da! < dbt! ? 1 : -1;
    return b - a;
  };
}

/**
 * The filters other than person, as a test on a document's facet row; null when there are none.
 * Each test is decided once per distinct value (bodies, municipalities and party sets are few).
 */
export function facetTest(f: SearchFilters): ((r: FacetRow) => boolean) | null {
  const tests: Array<(r: FacetRow) => boolean> = [];
  const once = <K extends object | string>(decide: (k: K) => boolean) => {
    const memo = new Map<K, boolean>();
    return (k: K) => { let v = memo.get(k); if (v === undefined) { v = decide(k); memo.set(k, v); } return v; };
  };
  if (f.party.length) {
    const wanted = new Set(f.party.map((p) => p.toLocaleUpperCase('sv')));
    const any = once((ps: string[]) => ps.some((p) => wanted.has(p.toLocaleUpperCase('sv'))));
    tests.push((r) => any(r.parties));
  }
  if (f.kind.length) {
    const kinds = new Set(f.kind);
    tests.push((r) => kinds.has(r.kind));
  }
  if (f.body.length) {
    const bodies = new Set(f.body.map((b) => b.toLocaleLowerCase('sv')));
    const is = once((b: string) => bodies.has(b.toLocaleLowerCase('sv')));
    tests.push((r) => r.body !== null && is(r.body));
  }
  if (f.municipality.length) {
    // A prefix: "kommun:Huddinge" means Huddinge kommun.
    const starts = f.municipality.map((m) => m.toLocaleLowerCase('sv'));
    const is = once((m: string) => { const l = m.toLocaleLowerCase('sv'); return starts.some((s) => l.startsWith(s)); });
    tests.push((r) => r.municipality !== null && is(r.municipality));
  }
  if (f.yearFrom !== null) {
    const from = String(f.yearFrom);
    const to = String(f.yearTo ?? f.yearFrom);
    tests.push((r) => { if (r.date === null) return false; const y = r.date.slice(0, 4); return y >= from && y <= to; });
  }
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0]!;
  return (r) => tests.every((t) => t(r));
}

/**
 * SQL restricting units to those of the named people (the one filter facet rows cannot answer): documents
 * they wrote, signed or were asked in, and protocol paragraphs where they moved, voted, reserved
 * themselves or wrote a note (`units`: the column holds unit ids, db/search-units.ts). `param` gives
 * the engine's placeholder for a value (and keeps the value).
 */
export function personClause(column: string, f: SearchFilters, param: (value: string) => string, units = false): string {
  if (f.person.length === 0) return '';
  const names = f.person.map((p) => param(slugify(p))).join(', ');
  const documents = `${column} IN (SELECT a.document_id FROM document_authors a JOIN people p ON p.id = a.person_id WHERE p.slug IN (${names}))`;
  if (!units) return ` AND ${documents}`;
  const paragraphs = `${column} IN (SELECT -(pp.document_id * ${PARAGRAPH_SLOTS} + pp.ordinal) FROM protocol_positions x
    JOIN protocol_paragraphs pp ON pp.id = x.paragraph_id JOIN people p ON p.id = x.person_id WHERE p.slug IN (${names}))`;
  return ` AND (${documents} OR ${paragraphs})`;
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

