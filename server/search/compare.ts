/**
 * Whether two archives answer searches alike (npm run db:copy checks a copy with it): a sample of
 * queries drawn from the archive's own vocabulary, each compared on its total, its first page in
 * order, its facets and its snippets.
 */
import type { Db } from '../../db/client.js';
import { vocabulary } from '../../db/search.js';
import { isStopword } from '../analysis/swedish.js';
import { QuerySyntaxError, QueryTooBroadError } from './query-parser.js';
import { search } from './search-service.js';

/**
 * Queries over words the archive holds, common to rare: single words spread over the vocabulary's
 * ranks, pairs of them, a phrase, prefixes, an exclusion, OR and filters.
 */
export async function sampleQueries(db: Db, n = 40): Promise<string[]> {
  const words = (await vocabulary(db, 5000)).map((w) => w.word).filter((w) => !isStopword(w) && /^\p{L}{4,}$/u.test(w));
  if (words.length === 0) return [];
  const at = (i: number) => words[Math.min(words.length - 1, Math.floor((i * words.length) / n))]!;
  const singles = Array.from({ length: Math.ceil(n / 2) }, (_, i) => at(i * 2));
  const [a, b, c, d] = [at(1), at(3), at(5), at(7)];
  return [...new Set([
    ...singles,
    `${a} ${b}`, `${c} ${d}`, `"${a} ${b}"`, `${a.slice(0, 4)}*`, `${c.slice(0, 5)}*`, `${a} -${b}`, `${c} OR ${d}`,
    `typ:motion ${a}`, `parti:S ${b}`,
  ])].slice(0, n);
}

export interface SearchDifference { q: string; a: string; b: string }

/** A search's answer as compared: the error it gave, or its total, first page, facets and snippets. */
async function answerOf(db: Db, q: string, sort: 'relevans' | 'datum'): Promise<string> {
  try {
    const r = await search(db, q, { sort });
    return JSON.stringify({ total: r.total, results: r.results, facets: r.facets });
  } catch (err) {
    if (err instanceof QuerySyntaxError || err instanceof QueryTooBroadError) return `${err.constructor.name}: ${err.message}`;
    throw err;
  }
}

/** The queries whose answers differ between `a` and `b` (none: the archives answer alike); the first five also by date. */
export async function compareSearches(a: Db, b: Db, queries: string[]): Promise<SearchDifference[]> {
  const out: SearchDifference[] = [];
  const runs = [...queries.map((q) => [q, 'relevans'] as const), ...queries.slice(0, 5).map((q) => [q, 'datum'] as const)];
  for (const [q, sort] of runs) {
    const [x, y] = [await answerOf(a, q, sort), await answerOf(b, q, sort)];
    if (x !== y) out.push({ q: sort === 'datum' ? `${q} (efter datum)` : q, a: x.slice(0, 300), b: y.slice(0, 300) });
  }
  return out;
}
