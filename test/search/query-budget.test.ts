/** The work a query asks of the index, counted from the vocabulary, and the budget it must stay within. */
import { describe, expect, it } from 'vitest';
import { buildFtsQuery, MAX_PREFIX_WORDS, type Vocabulary } from '../../server/search/fts-query.js';
import { BUDGET, judge } from '../../server/search/budget.js';
import { MAX_QUERY_WORDS, parseQuery, QueryTooBroadError } from '../../server/search/query-parser.js';

/** A vocabulary where every term is in `docs` documents, every stem has `forms` and `compounds`, every prefix `prefixWords` words. */
function vocabulary(o: { docs?: Record<string, number>; forms?: string[]; compounds?: number; prefixWords?: number } = {}): Vocabulary & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    expand: (s) => ({ forms: (o.forms ?? []).map((x) => s + x), compounds: Array.from({ length: o.compounds ?? 0 }, (_, i) => `sam${i}${s}`), compoundDocs: (o.compounds ?? 0) * 10 }),
    docs: (ts) => { asked.push(...ts); return ts.map((t) => o.docs?.[t] ?? 100); },
    prefix: (_p, limit) => { const words = Math.min(o.prefixWords ?? 50, limit + 1); return { words, docs: words * 3 }; },
  };
}
const work = (q: string, v: Vocabulary = vocabulary()) => buildFtsQuery(parseQuery(q), v)!.work;

describe('the work of a query', () => {
  it('a word reads every form it stands for; compounds widen only the wide tier', () => {
    const w = work('budget', vocabulary({ forms: ['en', 'ar'], compounds: 5 }));
    // budget → stem "budget" plus the forms budgeten, budgetar: three terms of 100 documents.
    expect(w.strict).toEqual({ terms: 3, reads: 300, phrases: 3, rows: 300 });
    expect(w.match).toEqual({ terms: 8, reads: 350, phrases: 8, rows: 350 });
  });

  it('a phrase reads each word and matches at most where its rarest word is', () => {
    expect(work('"sluta skjut nu"', vocabulary({ docs: { sluta: 40, skjut: 7, nu: 900 } })).match).toEqual({ terms: 3, reads: 947, phrases: 1, rows: 7 });
  });

  it('a prefix reads every word it stands for', () => {
    expect(work('skol*', vocabulary({ prefixWords: 300 })).match).toEqual({ terms: 300, reads: 900, phrases: 1, rows: 900 });
  });

  it('AND takes the rarest clause, OR adds alternatives, exclusions are read but match nothing', () => {
    const v = vocabulary({ docs: { a: 10, b: 20, c: 30, d: 5 } });
    // Words under three letters stay as they are: each is one term.
    expect(work('aaa OR bbb', vocabulary({ docs: { aaa: 10, bbb: 20 } })).match).toMatchObject({ reads: 30, rows: 30, phrases: 2 });
    expect(work('"a" "b" -"d"', v).match).toEqual({ terms: 3, reads: 35, phrases: 3, rows: 10 });
    expect(work('"a" OR "b" "c"', v).match).toEqual({ terms: 3, reads: 60, phrases: 3, rows: 30 });
  });

  it('a stop word, searched alone, counts four times: it is in a document 10 to 30 times', () => {
    expect(work('att', vocabulary({ docs: { att: 100 } })).match).toEqual({ terms: 1, reads: 400, phrases: 1, rows: 100 });
    // In a phrase its positions are only compared where the phrase's other words are.
    expect(work('"det att"', vocabulary({ docs: { det: 100, att: 100 } })).match.reads).toBe(200);
  });

  it('the same word twice is read twice, but looked up once', () => {
    const v = vocabulary();
    expect(work('budget budget', v).match.reads).toBe(2 * work('budget', vocabulary()).match.reads);
    expect(v.asked.filter((t) => t === 'budget')).toHaveLength(1);
  });

  it('a prefix that stands for too many words is refused before anything runs', () => {
    const q = parseQuery('s*');
    expect(() => buildFtsQuery(q, vocabulary({ prefixWords: MAX_PREFIX_WORDS + 1 }))).toThrow(QueryTooBroadError);
    expect(() => buildFtsQuery(q, vocabulary({ prefixWords: MAX_PREFIX_WORDS + 1 }))).toThrow(/s\* passar in på fler än 2\s000 ord i arkivet\. Använd färre ord och längre prefix/);
    expect(() => buildFtsQuery(q, vocabulary({ prefixWords: MAX_PREFIX_WORDS }))).not.toThrow();
  });
});

describe('the budget', () => {
  const ok = { terms: 10, reads: 1000, phrases: 10, rows: 100 };
  it('allows work in proportion to the archive, with a floor for small ones', () => {
    expect(judge(ok, 1000, false).ok).toBe(true);
    const reads = BUDGET.readsPerDocument * 100_000;
    expect(judge({ ...ok, reads }, 100_000, false).ok).toBe(true);
    expect(judge({ ...ok, reads: reads + 1 }, 100_000, false).ok).toBe(false);
    expect(judge({ ...ok, reads: BUDGET.floorReads }, 10, false).ok).toBe(true);
    expect(judge({ ...ok, reads: BUDGET.floorReads + 1 }, 10, false).ok).toBe(false);
  });

  it('counts the hits bm25 scores times the phrases it visits in each, hits at most the archive', () => {
    const n = 10_000;
    const phrases = BUDGET.scoredPerDocument;
    expect(judge({ ...ok, rows: 5 * n, phrases }, n, false).ok).toBe(true);
    expect(judge({ ...ok, rows: n, phrases: phrases + 1 }, n, false)).toEqual({ ok: false, reason: expect.stringMatching(/^Sökningen är för bred: orden förekommer tillsammans i för många dokument .* Använd färre ord\.$/) });
  });

  it('caps the index terms a query reads, and says to lengthen the prefixes when there are any', () => {
    expect(judge({ ...ok, terms: BUDGET.terms }, 1000, true).ok).toBe(true);
    expect(judge({ ...ok, terms: BUDGET.terms + 1 }, 1000, true).reason).toMatch(/^Sökningen är för bred: orden står för 3\s001 ord i arkivet och högst 3\s000 tas emot\. Använd färre ord och längre prefix: skriv fler bokstäver före \*\.$/);
  });
});

describe('words in a query', () => {
  it(`accepts ${MAX_QUERY_WORDS} words, counting those of phrases and exclusions, and refuses more`, () => {
    expect(() => parseQuery(Array(MAX_QUERY_WORDS).fill('skola').join(' '))).not.toThrow();
    expect(() => parseQuery(`${Array(MAX_QUERY_WORDS - 3).fill('skola').join(' ')} "sluta skjut" -vård`)).not.toThrow();
    expect(() => parseQuery(`${Array(MAX_QUERY_WORDS - 2).fill('skola').join(' ')} "sluta skjut" -vård`)).toThrow(QueryTooBroadError);
    expect(() => parseQuery(Array(MAX_QUERY_WORDS + 1).fill('s*').join(' '))).toThrow(/^Sökningen är för bred: den har 25 sökord och högst 24 tas emot\. Använd färre ord och längre prefix/);
    // Filters and OR are not words.
    expect(() => parseQuery(`${Array(MAX_QUERY_WORDS).fill('skola').join(' OR ')} parti:S år:2022`)).not.toThrow();
  });
});
