/** Where each paragraph (§) starts: its number line, not a table of contents' entry, a reference or a "Forts § 18". */
import type { Line } from './lines.js';

export interface Head {
  /** Index of the number line in the lines. */
  index: number;
  number: string;
  /** What follows the number on its line ("Ärendenummer SLK-2025-00790", "Protokollsjusterare"). */
  rest: string;
}

/**
 * "§ 79", "- § 15", "§ 12 a", "§ 63/20", "§ 17.", "KS § 123" (the body's letters before it); "§§ 52-59",
 * "§ 372, punkt 17", "§ 6 punkt 2 till …" (a reference) and "§ 18 forts." (a continuation) are not heads.
 */
const NUMBER_LINE = /^(?:[-–•]\s*)?(?:\p{Lu}{2,6}(?:[ -]\p{Lu}{2,3})?\s+)?§\s*(\d{1,4})(\s?[a-z](?![\p{L}]))?(\/\d{2,4})?\.?(?=\s|$)\s*(.*)$/u;

export function parseNumberLine(text: string): { number: string; rest: string } | null {
  const t = text.replace(/[_*]/g, '').trim();
  const m = NUMBER_LINE.exec(t);
  if (!m) return null;
  const rest = m[4]!.trim();
  // A table of contents crams several numbers on one line ("§ 71/20 … § 72/20 …").
  if (/§\s*\d/u.test(rest)) return null;
  if (/^\(?forts|\bforts\.?\)?$/iu.test(rest) || /^\p{Ll}/u.test(rest)) return null;
  return { number: `§ ${m[1]}${m[2] ? ' ' + m[2].trim() : ''}${m[3] ?? ''}`, rest };
}

export function findHeads(lines: Line[]): Head[] {
  const candidates: Head[] = [];
  lines.forEach((l, index) => {
    const p = parseNumberLine(l.text);
    if (p) candidates.push({ index, ...p });
  });
  // A number that comes again later was listed before it was treated (a table of contents): keep the last.
  const last = new Map<string, number>();
  candidates.forEach((c, k) => last.set(c.number, k));
  const kept = candidates.filter((c, k) => last.get(c.number) === k);
  // A run of three or more numbers with next to nothing under each, numbers rising, is a table of contents.
  const thin = kept.map((c, k) => {
    const to = k + 1 < kept.length ? kept[k + 1]!.index : lines.length;
    let content = 0;
    // Content is prose: a sentence or a long line. Headings and the list's other entries (sub-items) are not.
    for (let i = c.index + 1; i < to && content === 0; i++) {
      const t = lines[i]!.text;
      if (!lines[i]!.furniture && !/§\s*\d/u.test(t) && (t.length > 120 || /[.!?:]$/u.test(t))) content++;
    }
    return content === 0;
  });
  const drop = new Set<number>();
  let run: number[] = [];
  const flush = () => {
    if (run.length >= 3) for (const k of run) drop.add(k);
    run = [];
  };
  kept.forEach((c, k) => {
    if (!thin[k]) return flush();
    const prev = run[run.length - 1];
    if (prev !== undefined && numeric(c.number) <= numeric(kept[prev]!.number)) flush();
    run.push(k);
  });
  flush();
  return kept.filter((_, k) => !drop.has(k));
}

function numeric(number: string): number {
  return Number(/\d+/.exec(number)?.[0] ?? 0);
}
