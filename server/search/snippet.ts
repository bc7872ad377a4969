/** The best passage of a document for a query, HTML-escaped, with every matched word in <mark>. Pure. */
import { isHitWord, type Matcher } from './fts-query.js';

const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

const SPECIAL = /[&<>"']/;
function escapeHtml(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

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
const headPatterns = new WeakMap<Matcher, RegExp | null>();
function headPattern(m: Matcher): RegExp | null {
  if (headPatterns.has(m)) return headPatterns.get(m)!;
  const all = [...new Set([...m.terms, ...m.exactWords, ...m.prefixes])].filter(Boolean).sort();
  const heads: string[] = [];
  for (const t of all) if (!heads.some((h) => t.startsWith(h))) heads.push(t);
  const re = heads.length === 0 ? null : new RegExp(heads.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  headPatterns.set(m, re);
  return re;
}

/** A character that continues a word: a head found right after one is inside a word, not at its start. */
const WORD_CHAR = /[\p{L}\p{N}-]/u;
/** The whole word at a position (sticky, compiled once). */
const WORD_AT = new RegExp(WORD.source, 'uy');

/** Whether each lowercased word hits, decided once per query: the page's documents share most words. */
const decided = new WeakMap<Matcher, Map<string, boolean>>();

const normalise = (p: string) => p.replace(/\s+/g, ' ').trim();

/**
 * Picks the paragraph with the most distinct hits and cuts a window of about `max` characters around
 * them. Only places where a hit can start are looked at, so long documents cost little.
 */
export function makeSnippet(text: string, matcher: Matcher, max = 260): string {
  let seen = decided.get(matcher);
  if (!seen) { seen = new Map(); decided.set(matcher, seen); }
  const hit = (w: string) => {
    let v = seen.get(w);
    if (v === undefined) {
      v = isHitWord(w, matcher);
      if (seen.size < 50_000) seen.set(w, v);
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
  const candidates = hitsIn.size > 0 ? [...hitsIn.keys()].sort((x, y) => x - y) : bounds.keys();
  for (const i of candidates) {
    const hits = hitsIn.get(i)?.size ?? 0;
    const p = normalise(text.slice(bounds[i]![0], bounds[i]![1]));
    if (p === '') continue;
    const score = hits * 10 + (p.length >= 80 ? 1 : 0);
    if (score > bestScore) { best = p; bestScore = score; }
    if (hits === 0 && score === 1) break;
  }
  let start = 0;
  const first = [...best.matchAll(WORD)].find((m) => hit(m[0].toLowerCase()));
  if (first && first.index! > max / 3) start = best.lastIndexOf(' ', first.index! - Math.floor(max / 4)) + 1;
  let end = Math.min(best.length, start + max);
  if (end < best.length) end = Math.max(best.lastIndexOf(' ', end), start + Math.floor(max / 2));
  const window = best.slice(start, end);
  let html = '';
  let last = 0;
  for (const m of window.matchAll(WORD)) {
    html += escapeHtml(window.slice(last, m.index));
    html += hit(m[0].toLowerCase()) ? `<mark>${escapeHtml(m[0])}</mark>` : escapeHtml(m[0]);
    last = m.index! + m[0].length;
  }
  html += escapeHtml(window.slice(last));
  return `${start > 0 ? '… ' : ''}${html}${end < best.length ? ' …' : ''}`;
}
