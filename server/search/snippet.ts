/** The best passage of a document for a query, HTML-escaped, with every matched word in <mark>. Pure. */
import { isHitWord, type Matcher } from './fts-query.js';

const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** A word, or a character HTML needs escaped (never part of a word). */
const WORD_OR_SPECIAL = new RegExp(`(${WORD.source})|[&<>"']`, 'gu');

/** Paragraph bounds of the text: [start, end) offsets of the blocks between blank lines. */
function paragraphBounds(text: string): Array<[number, number]> {
  const bounds: Array<[number, number]> = [];
  const gap = /\n\s*\n/g;
  let start = 0;
  for (let m = gap.exec(text); m; m = gap.exec(text)) {
    bounds.push([start, m.index]);
    start = m.index + m[0].length;
  }
  bounds.push([start, text.length]);
  return bounds;
}

/**
 * A regex that finds where a hit word may start, in lowercased text. Every hit starts with one of the
 * matcher's terms (Snowball Swedish only cuts suffixes, so a form starts with its stem), so the
 * shortest terms that are not extensions of another are enough, and far more selective than a
 * fixed-length head. A plain alternation: each query compiles its own, and case-insensitive Unicode
 * with a lookbehind cost V8 about 0.3 ms to compile, more than scanning twenty documents.
 */
function headPattern(m: Matcher): RegExp | null {
  return decisionsOf(m).heads;
}

/**
 * What a query's snippets decide once: the head pattern (compiled, and V8 compiles a regex's code at
 * its first runs, which cost more than scanning a page's texts) and whether each lowercased word hits.
 * Both depend on nothing but the matcher's terms, prefixes and exact words, so they are kept by that
 * content across searches (a popular query comes back), bounded; a matcher object finds its entry once.
 */
interface Decisions { heads: RegExp | null; seen: Map<string, boolean>; pairs: Set<number> | null }
const byMatcher = new WeakMap<Matcher, Decisions>();
const byContent = new Map<string, Decisions>();
const MAX_KEPT_QUERIES = 500;
/** Words whose decision is kept, over all kept queries: past it, words are decided without being kept. */
const MAX_KEPT_WORDS = 200_000;
let keptWords = 0;
function decisionsOf(m: Matcher): Decisions {
  let d = byMatcher.get(m);
  if (d) return d;
  const key = `${[...m.terms].join('\u0001')}\u0000${m.prefixes.join('\u0001')}\u0000${[...m.exactWords].join('\u0001')}`;
  d = byContent.get(key);
  if (d) {
    // Most recently used last, so the first key is the one to drop.
    byContent.delete(key);
  } else {
    d = { heads: compileHeads(m), seen: new Map(), pairs: pairsOf(m) };
    while (byContent.size > 0 && (byContent.size >= MAX_KEPT_QUERIES || keptWords >= MAX_KEPT_WORDS)) {
      const oldest = byContent.keys().next().value!;
      keptWords -= byContent.get(oldest)!.seen.size;
      byContent.delete(oldest);
    }
  }
  byContent.set(key, d);
  byMatcher.set(m, d);
  return d;
}
/**
 * The first two characters (each under 256, as a number) a hit word can start with, or null for no
 * such test. isHitWord's first test asks for the word's first three characters to begin one of the
 * matcher's terms, exact words or prefixes (or for a prefix shorter than three letters to begin the
 * word), so a word of two or more characters whose first two begin none of them is no hit: told by a
 * number in a set instead of hashing the word for the memo. Words with a character from 256 up, and
 * matchers with a one-letter term or prefix, go to the memo as before.
 */
function pairsOf(m: Matcher): Set<number> | null {
  const pairs = new Set<number>();
  for (const e of [...m.terms, ...m.exactWords, ...m.prefixes]) {
    if (e.length < 2) return null;
    const a = e.charCodeAt(0);
    const b = e.charCodeAt(1);
    // A word whose first two are both under 256 never starts like this one.
    if (a < 256 && b < 256) pairs.add((a << 8) | b);
  }
  return pairs;
}

function compileHeads(m: Matcher): RegExp | null {
  const all = [...new Set([...m.terms, ...m.exactWords, ...m.prefixes])].filter(Boolean).sort();
  const heads: string[] = [];
  for (const t of all) if (!heads.some((h) => t.startsWith(h))) heads.push(t);
  return heads.length === 0 ? null : new RegExp(heads.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}

/** A character that continues a word: a head found right after one is inside a word, not at its start. */
const WORD_CHAR = /[\p{L}\p{N}-]/u;
/** Words from the start of the chosen paragraph, up to the first hit (its own lastIndex: WORD's is left alone for matchAll). */
const FIRST_WORD = new RegExp(WORD.source, 'gu');
/** The whole word at a position (sticky, compiled once). */
const WORD_AT = new RegExp(WORD.source, 'uy');

/**
 * Whitespace runs as one space, then trimmed. Only runs that are not already a single space are
 * replaced (a run of two or more, or one other whitespace character): the same result, without
 * rewriting every space between words.
 */
const normalise = (p: string) => p.replace(/\s{2,}|[^\S ]/g, ' ').trim();

/**
 * Picks the paragraph with the most distinct hits and cuts a window of about `max` characters around
 * them. Only places where a hit can start are looked at, so long documents cost little.
 */
export function makeSnippet(text: string, matcher: Matcher, max = 260): string {
  // Whether each lowercased word hits, decided once per query: the page's documents share most words.
  const { seen, pairs } = decisionsOf(matcher);
  const hit = (w: string) => {
    if (pairs !== null && w.length >= 2) {
      const a = w.charCodeAt(0);
      const b = w.charCodeAt(1);
      if (a < 256 && b < 256 && !pairs.has((a << 8) | b)) return false;
    }
    let v = seen.get(w);
    if (v === undefined) {
      v = isHitWord(w, matcher);
      if (keptWords < MAX_KEPT_WORDS) { seen.set(w, v); keptWords++; }
    }
    return v;
  };
  const bounds = paragraphBounds(text);
  const hitsIn = new Map<number, Set<string>>();
  const re = headPattern(matcher);
  // Lowercasing keeps every offset for the letters of Swedish text; where it would not (a rare
  // character whose lowercase is longer), the text is scanned in its own case, finding fewer starts.
  const lowered = text.toLowerCase();
  const scanned = lowered.length === text.length ? lowered : text;
  if (re) {
    re.lastIndex = 0;
    let p = 0;
    for (let m = re.exec(scanned); m; m = re.exec(scanned)) {
      if (m.index > 0 && WORD_CHAR.test(text[m.index - 1]!)) continue;
      WORD_AT.lastIndex = m.index;
      const w = WORD_AT.exec(text);
      if (!w) continue;
      const lower = w[0].toLowerCase();
      re.lastIndex = m.index + w[0].length;
      if (!hit(lower)) continue;
      while (bounds[p]![1] <= m.index) p++;
      let set = hitsIn.get(p);
      if (!set) { set = new Set(); hitsIn.set(p, set); }
      set.add(lower);
    }
  }
  // Most distinct hits wins (the first on a tie, a paragraph of 80 characters or more before a shorter
  // one); without hits, the first paragraph of 80 characters or more rather than a name line, else the
  // first with any text. Only paragraphs with hits are looked at when there are any.
  let best = '';
  let bestScore = -1;
  if (hitsIn.size > 0) {
    // Keys are in text order (the scan only moves forward). A paragraph is normalised only when it
    // could win: normalising shrinks, so under 80 characters raw it is under 80 normalised, and a
    // paragraph with a hit is never empty. Normalising every hit paragraph was a quarter of the time.
    for (const [i, set] of hitsIn) {
      const hits = set.size;
      if (hits * 10 + 1 <= bestScore) continue;
      const [from, to] = bounds[i]!;
      const p = to - from >= 80 ? normalise(text.slice(from, to)) : null;
      const score = hits * 10 + (p !== null && p.length >= 80 ? 1 : 0);
      if (score > bestScore) { best = p ?? normalise(text.slice(from, to)); bestScore = score; }
    }
  } else {
    for (const [from, to] of bounds) {
      const p = normalise(text.slice(from, to));
      if (p === '') continue;
      const score = p.length >= 80 ? 1 : 0;
      if (score > bestScore) { best = p; bestScore = score; }
      if (score === 1) break;
    }
  }
  let start = 0;
  // The first hit word (stopping there, not listing every word of a long paragraph).
  let first: RegExpExecArray | null = null;
  FIRST_WORD.lastIndex = 0;
  for (let m = FIRST_WORD.exec(best); m; m = FIRST_WORD.exec(best)) if (hit(m[0].toLowerCase())) { first = m; break; }
  if (first && first.index > max / 3) start = best.lastIndexOf(' ', first.index - Math.floor(max / 4)) + 1;
  let end = Math.min(best.length, start + max);
  if (end < best.length) end = Math.max(best.lastIndexOf(' ', end), start + Math.floor(max / 2));
  const window = best.slice(start, end);
  // One pass: words (which never hold a character to escape) marked when they hit, the characters
  // HTML needs escaped replaced, everything else kept. A loop over the matches rather than replace()
  // with a callback, which cost V8 three times the matching itself.
  let html = '';
  let last = 0;
  WORD_OR_SPECIAL.lastIndex = 0;
  for (let m = WORD_OR_SPECIAL.exec(window); m; m = WORD_OR_SPECIAL.exec(window)) {
    const word = m[1];
    html += window.slice(last, m.index);
    html += word === undefined ? ESCAPES[m[0]]! : hit(word.toLowerCase()) ? `<mark>${word}</mark>` : word;
    last = WORD_OR_SPECIAL.lastIndex;
  }
  html += window.slice(last);
  return `${start > 0 ? '… ' : ''}${html}${end < best.length ? ' …' : ''}`;
}
