/** Turns a parsed query into FTS5 MATCH expressions over the analysed columns. Pure. */
import { isStopword, stem, words } from '../analysis/swedish.js';
import type { ParsedQuery, Term } from './query-parser.js';

/** Index terms a query stem stands for: its inflected forms, and compounds ending in it (ranked lower). */
export interface Expansion {
  forms: string[];
  compounds: string[];
}

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
  matcher: Matcher;
}

const STEMMED = '{title arende people body}';
const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;

/** Builds the MATCH strings; `expand` looks stems up in the index vocabulary. */
export function buildFtsQuery(parsed: ParsedQuery, lookUp: (stem: string) => Expansion): FtsQuery | null {
  // Both the wide and the strict expression need each stem: look each up once.
  const looked = new Map<string, Expansion>();
  const expand = (s: string) => { let e = looked.get(s); if (!e) { e = lookUp(s); looked.set(s, e); } return e; };
  const matcher: Matcher = { terms: new Set(), prefixes: [], exactWords: new Set() };
  let widened = false;
  const term = (t: Term, withCompounds: boolean): string | null => {
    if (t.type === 'phrase') {
      const ws = t.words.flatMap(words);
      ws.forEach((w) => matcher.exactWords.add(w));
      return ws.length ? `exact : ${quote(ws.join(' '))}` : null;
    }
    const ws = words(t.text);
    if (ws.length === 0) return null;
    if (t.prefix) {
      const p = ws.join(' ');
      matcher.prefixes.push(p);
      return `exact : ${quote(p)} *`;
    }
    if (ws.length > 1) {
      // "Sluta-skjut" style: the parts in sequence, stemmed.
      ws.forEach((w) => matcher.terms.add(stem(w)));
      return `${STEMMED} : ${quote(ws.map(stem).join(' '))}`;
    }
    const s = stem(ws[0]!);
    const { forms, compounds } = expand(s);
    const all = new Set([s, ws[0]!, ...forms]);
    all.forEach((f) => matcher.terms.add(f));
    if (withCompounds && compounds.length) {
      widened = true;
      compounds.forEach((c) => { all.add(c); matcher.terms.add(c); });
    }
    return `${STEMMED} : (${[...all].map(quote).join(' OR ')})`;
  };
  const build = (withCompounds: boolean): string | null => {
    // Stop words alone would match almost everything; drop them unless nothing else is asked.
    const clauses = parsed.clauses.filter((c) => !c.any.every((t) => t.type === 'word' && !t.prefix && isStopword(t.text.toLocaleLowerCase('sv'))));
    const used = clauses.length ? clauses : parsed.clauses;
    const parts = used.map((c) => c.any.map((t) => term(t, withCompounds)).filter((x): x is string => x !== null))
      .filter((alts) => alts.length > 0)
      .map((alts) => `(${alts.join(' OR ')})`);
    if (parts.length === 0) return null;
    const excluded = parsed.excluded.map((t) => term(t, false)).filter((x): x is string => x !== null);
    const positive = parts.join(' AND ');
    return excluded.length ? `(${positive}) NOT (${excluded.join(' OR ')})` : positive;
  };
  const match = build(true);
  if (!match) return null;
  const strict = widened ? build(false) : null;
  return { match, strict, matcher };
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
