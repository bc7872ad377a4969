/**
 * Search that forgives (issue 16): a query that finds nothing because of a misspelt word is run again with
 * the confident correction at once ("Visar träffar för förskola. Sök i stället efter förskloa."); a less
 * certain one, or a query whose rare word finds a few hits where a common neighbour finds many, gets a
 * "Menade du …?". Quoted phrases, excluded words, prefixes and filters are never rewritten.
 */
import { correctWord, type Candidate, type WordCorrection } from './correction.js';

/** What the corrector needs from the archive's vocabulary. */
export interface Vocabulary {
  /** Close words and names the archive holds, with how many documents hold each. */
  candidates(word: string): Promise<Candidate[]>;
  /** Documents that hold each word exactly (0 for a word the archive never saw). */
  documentCounts(words: string[]): Promise<Map<string, number>>;
}

/** At most this many hits count as "a few", where a correction may be offered over them. */
export const FEW_HITS = 3;
/** A correction is offered over a few hits only when it finds this many times more. */
export const MANY_TIMES = 5;
/** A word held by at most this many documents may be a typo someone made in a document too. */
const RARE_DOCS = 2;
/** Words looked at per query: each lookup scans part of the suggestion index. */
const MAX_WORDS = 6;

export interface QueryCorrection {
  /** The query with each corrected word replaced, as the user would have typed it. */
  to: string;
  words: WordCorrection[];
  /** Every correction in it is confident: it may be run without asking. */
  confident: boolean;
}

/** Plain words of a query as typed, with where they stand: not in quotes, not a filter, not excluded, not a prefix. */
function plainTokens(q: string): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  for (const m of q.matchAll(/"[^"]*"?|\S+/gu)) {
    const t = m[0];
    if (t.startsWith('"') || t.startsWith('-') || t.includes(':') || t.endsWith('*') || t === 'OR') continue;
    const word = /^[\p{L}\p{M}-]+$/u.test(t) ? t : null;
    if (word) out.push({ text: word, start: m.index!, end: m.index! + t.length });
  }
  return out;
}

/**
 * The correction of a query, or null. `mode` 'empty': the query found nothing, so only words the archive
 * does not hold are corrected; 'few': it found a few hits, so rare words may be offered a common neighbour.
 */
export async function correctQuery(q: string, vocabulary: Vocabulary, mode: 'empty' | 'few'): Promise<QueryCorrection | null> {
  const tokens = plainTokens(q).slice(0, MAX_WORDS);
  if (!tokens.length) return null;
  const lower = tokens.map((t) => t.text.replace(/\u00ad/gu, '').toLocaleLowerCase('sv'));
  const counts = await vocabulary.documentCounts([...new Set(lower)]);
  const words: WordCorrection[] = [];
  let to = '';
  let at = 0;
  for (const [i, t] of tokens.entries()) {
    const w = lower[i]!;
    const held = counts.get(w) ?? 0;
    const known = mode === 'empty' ? held > 0 : held > RARE_DOCS;
    // A known word is never corrected: its fuzzy lookup (most of a few-hit search's time) is skipped.
    if (known) continue;
    const c = correctWord(w, await vocabulary.candidates(w), known);
    // Over a few hits a neighbour is only worth offering when it is much more common than the word itself.
    if (!c || (mode === 'few' && c.count < Math.max(RARE_DOCS + 1, held * MANY_TIMES))) continue;
    words.push(c);
    to += q.slice(at, t.start) + c.to;
    at = t.end;
  }
  if (!words.length) return null;
  to += q.slice(at);
  return { to, words, confident: mode === 'empty' && words.every((w) => w.confident) };
}
