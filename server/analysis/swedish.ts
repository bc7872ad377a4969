/**
 * Swedish text analysis shared by indexing and querying: NFC, soft hyphens out, lowercase with the
 * sv locale, Snowball Swedish stems. Both sides must call the same functions or search silently fails.
 */
import { stemmer } from '@orama/stemmers/swedish';
import { stopwords } from '@orama/stopwords/swedish';

const STOP = new Set(stopwords);

/** Lowercased words of a text, in order (hyphenated words split into their parts). */
export function words(text: string): string[] {
  return letterDigitRuns(lowerClean(text));
}

/**
 * NFC, soft hyphens out, lowercase. Swedish has no casing rules of its own (only Turkish, Azeri and
 * Lithuanian do), so toLowerCase() gives what toLocaleLowerCase('sv') gives, checked for every code
 * point, without resolving the locale on each call.
 */
export function lowerClean(text: string): string {
  return text.normalize('NFC').replace(/\u00ad/g, '').toLowerCase();
}

/** Letter-or-digit flags of the BMP code units, as /[\p{L}\p{N}]/u reads them (surrogates are 0). */
const LETTER_OR_DIGIT = (() => {
  const table = new Uint8Array(0x10000);
  const re = /[\p{L}\p{N}]/u;
  for (let c = 0; c < 0x10000; c++) if ((c < 0xd800 || c > 0xdfff) && re.test(String.fromCharCode(c))) table[c] = 1;
  return table;
})();
const ASTRAL_LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Width (0, 1 or 2 code units) of the letter or digit at i. */
function letterOrDigitAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return LETTER_OR_DIGIT[c]!;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff && ASTRAL_LETTER_OR_DIGIT.test(s.slice(i, i + 2)) ? 2 : 0;
}

/**
 * The maximal runs of letters and digits, in order: what s.match(/[\p{L}\p{N}]+/gu) returns (and
 * splitting at the other characters, empty parts dropped), with a table lookup per character instead
 * of the Unicode regex. A hyphenated word ("EU-kommissionen") is its parts.
 */
export function letterDigitRuns(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length;) {
    const w = letterOrDigitAt(s, i);
    if (w > 0) {
      if (start < 0) start = i;
      i += w;
    } else {
      if (start >= 0) { out.push(s.slice(start, i)); start = -1; }
      i++;
    }
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

/**
 * Stems are memoised: word frequencies are Zipfian, so a bounded cache answers almost every call.
 * Each thread that analyses keeps its own, and a full one of 200,000 words was 28 MB of heap; an
 * archive of 40,000 documents has 167,000 distinct words, so each of the import's threads held
 * some 20 MB. At 50,000 (7 MB) stemming 12,000 archive texts cost the same CPU (0.11-0.12 ms per
 * document with 20,000, 50,000 or 200,000).
 */
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 50_000;

/** The Snowball stem of one lowercased word; numbers and short words stay as they are. */
export function stem(word: string): string {
  if (word.length < 3) return word;
  const c = word.charCodeAt(0);
  if (c >= 48 && c <= 57) return word; // an ASCII digit first, as /^\d/ tests
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

