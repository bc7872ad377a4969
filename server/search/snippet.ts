/** The best passage of a document for a query, HTML-escaped, with every matched word in <mark>. Pure. */
import { isHitWord, type Matcher } from './fts-query.js';

const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Picks the paragraph with the most distinct hits and cuts a window of about `max` characters around them. */
export function makeSnippet(text: string, matcher: Matcher, max = 260): string {
  // Words repeat a lot: decide each distinct word once.
  const seen = new Map<string, boolean>();
  const hit = (w: string) => {
    let v = seen.get(w);
    if (v === undefined) { v = isHitWord(w, matcher); seen.set(w, v); }
    return v;
  };
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
  let best = paragraphs[0] ?? '';
  let bestScore = -1;
  for (const p of paragraphs) {
    const hits = new Set<string>();
    for (const m of p.toLowerCase().matchAll(WORD)) if (hit(m[0])) hits.add(m[0]);
    // Most distinct hits wins; without hits, the first real paragraph rather than a name line.
    const score = hits.size * 10 + (p.length >= 80 ? 1 : 0);
    if (score > bestScore) { best = p; bestScore = score; }
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
