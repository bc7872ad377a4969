/**
 * Swedish text analysis shared by indexing and querying: NFC, soft hyphens out, lowercase with the
 * sv locale, Snowball Swedish stems. Both sides must call the same functions or search silently fails.
 */
import { stemmer } from '@orama/stemmers/swedish';
import { stopwords } from '@orama/stopwords/swedish';

const STOP = new Set(stopwords);
const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** Lowercased words of a text, in order (hyphenated words split into their parts). */
export function words(text: string): string[] {
  const clean = text.normalize('NFC').replace(/\u00ad/g, '').toLocaleLowerCase('sv');
  const out: string[] = [];
  for (const m of clean.matchAll(WORD)) for (const part of m[0].split(/[-'’]/u)) if (part) out.push(part);
  return out;
}

/** Stems are memoised: word frequencies are Zipfian, so a bounded cache answers almost every call. */
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 200_000;

/** The Snowball stem of one lowercased word; numbers and short words stay as they are. */
export function stem(word: string): string {
  if (word.length < 3 || /^\d/.test(word)) return word;
  let s = stemCache.get(word);
  if (s === undefined) {
    // A word cut from a text by a regex or split is a slice that keeps the whole text alive: the
    // cache keeps a copy of its own, or each of its entries could hold a document's text (in an
    // import, every document brings new words, so the cache held thousands of texts).
    const own = detached(word);
    s = stemmer(own);
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(own, s);
  }
  return s;
}

/** A copy of `s` that shares no memory with the string it was cut from (V8 keeps a slice's parent alive). */
export function detached(s: string): string {
  // Concatenation builds a new string; slicing it off again flattens it into its own buffer.
  return (' ' + s).slice(1);
}

/** True for words too common to index or search on their own. */
export function isStopword(word: string): boolean {
  return STOP.has(word);
}

/** Stems for the index: every word, stop words included, so phrases keep their positions. */
export function indexTokens(text: string): string {
  return words(text).map(stem).join(' ');
}

/** Exact (unstemmed, lowercased) tokens for phrase search. */
export function exactTokens(text: string): string {
  return words(text).join(' ');
}

/**
 * Inflectional endings Snowball leaves on ("våldet", "skolan"): a query stem also matches a term
 * that is the stem plus one of these, and, ranked lower, a compound ending in it ("gängvåldet").
 */
export const INFLECTIONS = ['', 'a', 'e', 'n', 's', 't', 'an', 'en', 'et', 'ar', 'er', 'or', 'na', 'ns', 'ts', 'ans', 'ens', 'ets', 'arna', 'erna', 'orna', 'ornas', 'arnas', 'ernas'];

