/** Turns a parsed query into FTS5 MATCH expressions over the analysed columns, with the work each asks. Pure. */
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

export interface FtsQuery {
  /** Everything that matches, compounds included. */
  match: string;
  /** Whole-word forms only; null when no compound widened the query. */
  strict: string | null;
  /**
   * The first tier by relevance: whole-word forms anywhere, or compounds in the title or ärende (a
   * document titled "Skolskjutsreglemente" is about skolskjuts more than one that mentions it once in
   * its body); null when no compound widened the query.
   */
  first: string | null;
  matcher: Matcher;
  /** The work of `match`, and of `strict` when there is one. */
  work: { match: Work; strict: Work | null };
  /** Whether the query has a prefix (the advice for a too broad one differs). */
  hasPrefix: boolean;
}

const STEMMED = '{title arende people body}';
/** The columns where a compound ranks with the whole words: what a document is about. */
const HEADING = '{title arende}';
const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

interface Part { expr: string; work: Work }
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
      return ws.length ? { expr: `exact : ${quote(ws.join(' '))}`, work: phraseWork(docsOf(ws)) } : null;
    }
    const ws = words(t.text);
    if (ws.length === 0) return null;
    if (t.prefix) {
      const p = ws.join(' ');
      matcher.prefixes.push(p);
      hasPrefix = true;
      // FTS5 reads "a b"* as the word a followed by any word starting with b.
      const last = prefixOf(ws[ws.length - 1]!);
      return { expr: `exact : ${quote(p)} *`, work: phraseWork([...docsOf(ws.slice(0, -1)), last.docs], ws.length - 1 + last.words) };
    }
    if (ws.length > 1) {
      // "Sluta-skjut" style: the parts in sequence, stemmed.
      ws.forEach((w) => matcher.terms.add(stem(w)));
      return { expr: `${STEMMED} : ${quote(ws.map(stem).join(' '))}`, work: phraseWork(docsOf(ws.map(stem))) };
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
    const whole = `${STEMMED} : (${[...all].map(quote).join(' OR ')})`;
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
      return { expr: headed.length ? `(${whole} OR ${HEADING} : (${headed.map(quote).join(' OR ')}))` : whole, work };
    }
    return { expr: `${STEMMED} : (${[...all, ...extra].map(quote).join(' OR ')})`, work };
  };
  const build = (mode: Mode): Part | null => {
    // Stop words alone would match almost everything; drop them unless nothing else is asked.
    const clauses = parsed.clauses.filter((c) => !c.any.every((t) => t.type === 'word' && !t.prefix && isStopword(t.text.toLocaleLowerCase('sv'))));
    const used = clauses.length ? clauses : parsed.clauses;
    const parts = used.map((c) => c.any.map((t) => term(t, mode)).filter((x): x is Part => x !== null))
      .filter((alts) => alts.length > 0)
      .map((alts): Part => ({ expr: `(${alts.map((a) => a.expr).join(' OR ')})`, work: anyOf(alts) }));
    if (parts.length === 0) return null;
    const excluded = parsed.excluded.map((t) => term(t, 'strict')).filter((x): x is Part => x !== null);
    const positive = parts.map((p) => p.expr).join(' AND ');
    // Every clause is read; a hit must match all of them. Excluded terms are read too.
    const work: Work = {
      terms: sum([...parts, ...excluded].map((p) => p.work.terms)),
      reads: sum([...parts, ...excluded].map((p) => p.work.reads)),
      phrases: sum([...parts, ...excluded].map((p) => p.work.phrases)),
      rows: Math.min(...parts.map((p) => p.work.rows)),
    };
    return { expr: excluded.length ? `(${positive}) NOT (${excluded.map((x) => x.expr).join(' OR ')})` : positive, work };
  };
  const match = build(opts.compounds !== false ? 'wide' : 'strict');
  if (!match) return null;
  const strict = widened ? build('strict') : null;
  const first = widened ? build('first') : null;
  return { match: match.expr, strict: strict?.expr ?? null, first: first?.expr ?? null, matcher, work: { match: match.work, strict: strict?.work ?? null }, hasPrefix };
}

/** The vocabulary with every answer kept, for building a query more than once. */
export function memoised(v: Vocabulary): Vocabulary {
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
