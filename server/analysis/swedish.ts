/**
 * Swedish text analysis shared by indexing and querying: NFC, soft hyphens out, lowercase with the
 * sv locale, Snowball Swedish stems. Both sides must call the same functions or search silently fails.
 */
import { stemmer } from '@orama/stemmers/swedish';
import { stopwords } from '@orama/stopwords/swedish';

const STOP = new Set(stopwords);
/**
 * A word is a run of letters and digits: a hyphenated word ("EU-kommissionen", "Sverige's") is its
 * parts, so one match per part does what matching the whole and splitting it at - ' ’ did, without
 * a match object and an array per word.
 */
const WORD_PART = /[\p{L}\p{N}]+/gu;

/** Lowercased words of a text, in order (hyphenated words split into their parts). */
export function words(text: string): string[] {
  const clean = text.normalize('NFC').replace(/\u00ad/g, '').toLocaleLowerCase('sv');
  return clean.match(WORD_PART) ?? [];
}

/** Stems are memoised: word frequencies are Zipfian, so a bounded cache answers almost every call. */
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 200_000;

/** The Snowball stem of one lowercased word; numbers and short words stay as they are. */
export function stem(word: string): string {
  if (word.length < 3) return word;
  const c = word.charCodeAt(0);
  if (c >= 48 && c <= 57) return word; // an ASCII digit first, as /^\d/ tests
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
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

/** indexTokens and exactTokens of one text, its words found once. */
export function indexAndExactTokens(text: string): { stems: string; exact: string } {
  const w = words(text);
  return { stems: w.map(stem).join(' '), exact: w.join(' ') };
}

/**
 * Inflectional endings Snowball leaves on ("våldet", "skolan"): a query stem also matches a term
 * that is the stem plus one of these, and, ranked lower, a compound ending in it ("gängvåldet").
 */
export const INFLECTIONS = ['', 'a', 'e', 'n', 's', 't', 'an', 'en', 'et', 'ar', 'er', 'or', 'na', 'ns', 'ts', 'ans', 'ens', 'ets', 'arna', 'erna', 'orna', 'ornas', 'arnas', 'ernas'];

