/**
 * Turns a parsed query into a match expression over the analysed columns (a tree each engine renders:
 * `toFts5` here for SQLite's MATCH, db/pg/search-query.ts for PostgreSQL's tsquery), with the work it
 * asks. Pure.
 */
import { isStopword, stem, words } from '../analysis/swedish.js';
import { narrowerAdvice, QueryTooBroadError, type ParsedQuery, type Term } from './query-parser.js';

/** Index terms a query stem stands for: its inflected forms, and compounds ending in it (ranked lower). */
export interface Expansion {
  forms: string[];
  compounds: string[];
  /** Documents holding the compounds, summed. */
  compoundDocs: number;
  /**
   * The compounds some document holds in its title or ärende; absent: any may. Only these can put a
   * document in the first tier, and bm25 scores a phrase without instances as nothing, so the
   * first tier's expression leaves the others out: the same hits and scores for less work.
   */
  inHeadings?: string[];
}

/** What the query builder asks of the index vocabulary (db/search.ts answers). */
export interface Vocabulary {
  expand(stem: string): Expansion;
  /** For each term, the documents holding it in any column: the length of the doclist FTS5 reads for it. */
  docs(terms: string[]): number[];
  /** How many index words start with the prefix (counting stops after `limit`) and the documents holding them, summed. */
  prefix(p: string, limit: number): { words: number; docs: number };
  /**
   * Set by a vocabulary read asynchronously (PostgreSQL): lookups it could not answer yet were
   * answered as empty and recorded; this fetches them and says whether there were any, and the query
   * is built again (buildMatch).
   */
  fetchMissed?: () => Promise<boolean>;
}

/**
 * The work a MATCH expression asks of FTS5, from the vocabulary's document counts (which only grow,
 * so this errs high). Reading doclists and scoring them with bm25 is what a search costs.
 */
export interface Work {
  /** Index terms read: each phrase's words, each form and compound, every word a prefix stands for. */
  terms: number;
  /** Doclist entries read: each phrase's terms' documents, summed (a prefix: every word it stands for). */
  reads: number;
  /** Phrases in the expression: bm25 visits each of them in every hit. */
  phrases: number;
  /** At most this many documents match. */
  rows: number;
}

/** How much more a stop word's doclist costs to score than another word's of the same length. */
const STOPWORD_DENSITY = 4;

/** Words a prefix may stand for: FTS5 merges every one of their doclists, and `s*` stands for most of the archive. */
export const MAX_PREFIX_WORDS = 2000;

/** What the snippet marker and the ranking need to know about the matched words. */
export interface Matcher {
  terms: Set<string>;
  prefixes: string[];
  exactWords: Set<string>;
}

/**
 * Where a phrase is looked for: the four stemmed fields, only the title and ärende (where a compound
 * ranks with whole words), or the exact words.
 */
export type Columns = 'stemmed' | 'heading' | 'exact';

/**
 * A match expression. A phrase is its tokens in sequence (`prefix`: the last one starts a word);
 * `any` is one-token phrases, any of which matches. Each phrase is scored on its own (bm25 visits
 * every phrase of the expression, FTS5's rule, which the PostgreSQL ranking repeats).
 */
export type MatchNode =
  | { type: 'phrase'; columns: Columns; tokens: string[]; prefix: boolean }
  | { type: 'any'; columns: Columns; tokens: string[] }
  | { type: 'or'; of: MatchNode[] }
  | { type: 'and'; of: MatchNode[] }
  | { type: 'not'; positive: MatchNode; excluded: MatchNode[] };

export interface FtsQuery {
  /** Everything that matches, compounds included. */
  match: MatchNode;
  /** Whole-word forms only; null when no compound widened the query. */
  strict: MatchNode | null;
  /**
   * The first tier by relevance: whole-word forms anywhere, or compounds in the title or ärende (a
   * document titled "Skolskjutsreglemente" is about skolskjuts more than one that mentions it once in
   * its body); null when no compound widened the query.
   */
  first: MatchNode | null;
  matcher: Matcher;
  /** The work of `match`, and of `strict` when there is one. */
  work: { match: Work; strict: Work | null };
  /** Whether the query has a prefix (the advice for a too broad one differs). */
  hasPrefix: boolean;
}

/** FTS5's column filters for the phrases' columns. The heading: where a compound ranks with the whole words, what a document is about. */
const FTS5_COLUMNS: Record<Columns, string> = { stemmed: '{title arende people body}', heading: '{title arende}', exact: 'exact' };
const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The expression as an FTS5 MATCH string. */
export function toFts5(n: MatchNode): string {
  switch (n.type) {
    case 'phrase': return `${FTS5_COLUMNS[n.columns]} : ${quote(n.tokens.join(' '))}${n.prefix ? ' *' : ''}`;
    case 'any': return `${FTS5_COLUMNS[n.columns]} : (${n.tokens.map(quote).join(' OR ')})`;
    case 'or': return `(${n.of.map(toFts5).join(' OR ')})`;
    case 'and': return n.of.map(toFts5).join(' AND ');
    case 'not': return `(${toFts5(n.positive)}) NOT (${n.excluded.map(toFts5).join(' OR ')})`;
  }
}

/** The expression's phrases in order, each a one-token phrase of an `any` on its own: what bm25 scores one by one. */
export function phrasesOf(n: MatchNode): Array<{ columns: Columns; tokens: string[]; prefix: boolean }> {
  switch (n.type) {
    case 'phrase': return [{ columns: n.columns, tokens: n.tokens, prefix: n.prefix }];
    case 'any': return n.tokens.map((t) => ({ columns: n.columns, tokens: [t], prefix: false }));
    case 'or': case 'and': return n.of.flatMap(phrasesOf);
    case 'not': return [...phrasesOf(n.positive), ...n.excluded.flatMap(phrasesOf)];
  }
}

const phrase = (columns: Columns, tokens: string[], prefix = false): MatchNode => ({ type: 'phrase', columns, tokens, prefix });

interface Part { expr: MatchNode; work: Work }
/** Alternatives: every one is read and scored, and any can match. */
const anyOf = (ps: Part[]): Work => ({
  terms: sum(ps.map((p) => p.work.terms)), reads: sum(ps.map((p) => p.work.reads)), phrases: sum(ps.map((p) => p.work.phrases)), rows: sum(ps.map((p) => p.work.rows)),
});

/**
 * Builds the MATCH strings; `vocabulary` looks stems up in the index vocabulary and counts what they
 * cost. `compounds: false` leaves compound widening out (whole words only). Throws
 * QueryTooBroadError for a prefix that stands for too many words.
 */
export function buildFtsQuery(parsed: ParsedQuery, vocabulary: Vocabulary, opts: { compounds?: boolean } = {}): FtsQuery | null {
  // Both the wide and the strict expression need each stem and count: look each up once.
  const looked = new Map<string, Expansion>();
  const expand = (s: string) => { let e = looked.get(s); if (!e) { e = vocabulary.expand(s); looked.set(s, e); } return e; };
  const counted = new Map<string, number>();
  const docsOf = (terms: string[]): number[] => {
    const missing = [...new Set(terms.filter((t) => !counted.has(t)))];
    if (missing.length) vocabulary.docs(missing).forEach((n, i) => counted.set(missing[i]!, n));
    return terms.map((t) => counted.get(t)!);
  };
  const prefixes = new Map<string, { words: number; docs: number }>();
  const prefixOf = (p: string): { words: number; docs: number } => {
    let n = prefixes.get(p);
    if (n === undefined) {
      const found = vocabulary.prefix(p, MAX_PREFIX_WORDS);
      if (found.words > MAX_PREFIX_WORDS) {
        throw new QueryTooBroadError(`Sökningen är för bred: ${p}* passar in på fler än ${MAX_PREFIX_WORDS.toLocaleString('sv')} ord i arkivet. ${narrowerAdvice(true)}`);
      }
      n = found;
      prefixes.set(p, n);
    }
    return n;
  };
  /** A phrase of terms: each term's doclist is read; it matches at most where its rarest term is. */
  const phraseWork = (docs: number[], terms = docs.length): Work => ({ terms, reads: sum(docs), phrases: 1, rows: Math.min(...docs) });
  let hasPrefix = false;
  const matcher: Matcher = { terms: new Set(), prefixes: [], exactWords: new Set() };
  let widened = false;
  /** 'wide': compounds in any column; 'first': compounds in the title or ärende only; 'strict': none. */
  type Mode = 'wide' | 'first' | 'strict';
  const term = (t: Term, mode: Mode): Part | null => {
    if (t.type === 'phrase') {
      const ws = t.words.flatMap(words);
      ws.forEach((w) => matcher.exactWords.add(w));
      return ws.length ? { expr: phrase('exact', ws), work: phraseWork(docsOf(ws)) } : null;
    }
    const ws = words(t.text);
    if (ws.length === 0) return null;
    if (t.prefix) {
      const p = ws.join(' ');
      matcher.prefixes.push(p);
      hasPrefix = true;
      // FTS5 reads "a b"* as the word a followed by any word starting with b.
      const last = prefixOf(ws[ws.length - 1]!);
      return { expr: phrase('exact', ws, true), work: phraseWork([...docsOf(ws.slice(0, -1)), last.docs], ws.length - 1 + last.words) };
    }
    if (ws.length > 1) {
      // "Sluta-skjut" style: the parts in sequence, stemmed.
      ws.forEach((w) => matcher.terms.add(stem(w)));
      return { expr: phrase('stemmed', ws.map(stem)), work: phraseWork(docsOf(ws.map(stem))) };
    }
    const s = stem(ws[0]!);
    const { forms, compounds, compoundDocs, inHeadings } = expand(s);
    const all = new Set([s, ws[0]!, ...forms]);
    all.forEach((f) => matcher.terms.add(f));
    const docs = docsOf([...all]);
    // A stop word (searched only when the query has nothing else) is in nearly every document, 10 to
    // 30 times: bm25 reads every position, where for other words a document holds 1 to 8.
    const dense = isStopword(ws[0]!) ? STOPWORD_DENSITY : 1;
    const work: Work = { terms: all.size, reads: sum(docs) * dense, phrases: all.size, rows: sum(docs) };
    const whole: MatchNode = { type: 'any', columns: 'stemmed', tokens: [...all] };
    if (mode === 'strict' || compounds.length === 0) return { expr: whole, work };
    widened = true;
    compounds.forEach((c) => matcher.terms.add(c));
    // A long stem's compound can also be one of its forms ("…arna"): each term once.
    const extra = compounds.filter((c) => !all.has(c));
    work.reads += compoundDocs;
    work.terms = work.phrases = all.size + extra.length;
    work.rows += compoundDocs;
    if (mode === 'first') {
      const headed = inHeadings ? extra.filter((c) => inHeadings.includes(c)) : extra;
      return { expr: headed.length ? { type: 'or', of: [whole, { type: 'any', columns: 'heading', tokens: headed }] } : whole, work };
    }
    return { expr: { type: 'any', columns: 'stemmed', tokens: [...all, ...extra] }, work };
  };
  const build = (mode: Mode): Part | null => {
    // Stop words alone would match almost everything; drop them unless nothing else is asked.
    const clauses = parsed.clauses.filter((c) => !c.any.every((t) => t.type === 'word' && !t.prefix && isStopword(t.text.toLocaleLowerCase('sv'))));
    const used = clauses.length ? clauses : parsed.clauses;
    const parts = used.map((c) => c.any.map((t) => term(t, mode)).filter((x): x is Part => x !== null))
      .filter((alts) => alts.length > 0)
      .map((alts): Part => ({ expr: { type: 'or', of: alts.map((a) => a.expr) }, work: anyOf(alts) }));
    if (parts.length === 0) return null;
    const excluded = parsed.excluded.map((t) => term(t, 'strict')).filter((x): x is Part => x !== null);
    const positive: MatchNode = { type: 'and', of: parts.map((p) => p.expr) };
    // Every clause is read; a hit must match all of them. Excluded terms are read too.
    const work: Work = {
      terms: sum([...parts, ...excluded].map((p) => p.work.terms)),
      reads: sum([...parts, ...excluded].map((p) => p.work.reads)),
      phrases: sum([...parts, ...excluded].map((p) => p.work.phrases)),
      rows: Math.min(...parts.map((p) => p.work.rows)),
    };
    return { expr: excluded.length ? { type: 'not', positive, excluded: excluded.map((x) => x.expr) } : positive, work };
  };
  const match = build(opts.compounds !== false ? 'wide' : 'strict');
  if (!match) return null;
  const strict = widened ? build('strict') : null;
  const first = widened ? build('first') : null;
  return { match: match.expr, strict: strict?.expr ?? null, first: first?.expr ?? null, matcher, work: { match: match.work, strict: strict?.work ?? null }, hasPrefix };
}

/**
 * buildFtsQuery over a vocabulary that may answer only after fetching (Vocabulary.fetchMissed): built
 * again until nothing it asked was missing. Each round asks only what the answers before it led to
 * (the stems, then their forms' counts), so it ends in a few rounds. A prefix found too broad throws
 * at once: that count is never a placeholder.
 */
export async function buildMatch(parsed: ParsedQuery, vocabulary: Vocabulary, opts: { compounds?: boolean } = {}): Promise<FtsQuery | null> {
  for (;;) {
    const q = buildFtsQuery(parsed, vocabulary, opts);
    if (!vocabulary.fetchMissed || !(await vocabulary.fetchMissed())) return q;
  }
}

/** The vocabulary with every answer kept, for building a query more than once (one that fetches keeps its own). */
export function memoised(v: Vocabulary): Vocabulary {
  if (v.fetchMissed) return v;
  const expanded = new Map<string, Expansion>();
  const docs = new Map<string, number>();
  const prefixes = new Map<string, { words: number; docs: number }>();
  return {
    expand: (s) => { let e = expanded.get(s); if (!e) { e = v.expand(s); expanded.set(s, e); } return e; },
    docs: (ts) => {
      const missing = [...new Set(ts.filter((t) => !docs.has(t)))];
      if (missing.length) v.docs(missing).forEach((n, i) => docs.set(missing[i]!, n));
      return ts.map((t) => docs.get(t)!);
    },
    prefix: (p, limit) => { const k = `${limit} ${p}`; let r = prefixes.get(k); if (!r) { r = v.prefix(p, limit); prefixes.set(k, r); } return r; },
  };
}

/** First three letters of everything a hit can start with: most words are ruled out without stemming. */
const heads = new WeakMap<Matcher, Set<string>>();
function headsOf(m: Matcher): Set<string> {
  let h = heads.get(m);
  if (!h) {
    h = new Set([...m.terms, ...m.exactWords, ...m.prefixes].map((t) => t.slice(0, 3)));
    heads.set(m, h);
  }
  return h;
}

/** Whether a lowercased word of the original text is one the query matched (every form, compounds too). */
export function isHitWord(w: string, m: Matcher): boolean {
  const head = w.slice(0, 3);
  if (!headsOf(m).has(head) && !m.prefixes.some((p) => p.length < 3 && w.startsWith(p))) return false;
  return m.terms.has(w) || m.exactWords.has(w) || m.prefixes.some((p) => w.startsWith(p)) || m.terms.has(stem(w));
}
