/** Removes page headers, footers and page numbers that PDF text repeats on every page. */

const PAGE_NUMBER = /^(?:(?:sida|s\.|page)\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?(?:\s*(?:\(|av|\/|of)\s*\d{1,4}\s*\)?)?$/iu;
/**
 * A protocol's paragraph number ("§ 18", "- § 15") or a diarienummer line ("Bun/2017:915   132") recurs on many
 * pages with only its digits changed, like a running head, but it is the paragraph's own head: never furniture.
 */
const PARAGRAPH_HEAD = /^(?:[-–•]\s*)?§\s*\d|^\p{L}{2,6}\s?\/\s?\d{4}[:/]\d{1,6}(?:\s+\d{1,4})?$/u;

/** How many lines at the top and bottom of a page count as its furniture zone. */
const ZONE = 4;

/** Lines are compared with digits masked, so "Sida 2 av 5" and "Sida 3 av 5" are the same line. */
function furnitureKey(line: string): string {
  return line.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv');
}

export interface WithoutFurniture {
  lines: string[];
  /** The distinct header/footer lines removed (page numbers excluded): they still carry metadata. */
  furniture: string[];
}

/** Joins pages into lines, dropping repeated headers/footers and page numbers. Blank lines mark page joins. */
export function dropPageFurniture(pages: string[][]): WithoutFurniture {
  const furniture: string[] = [];
  // A Set beside the list: `includes` per dropped line made a text of one repeated line quadratic.
  const seen = new Set<string>();
  const note = (line: string) => {
    if (seen.has(line) || PAGE_NUMBER.test(line)) return;
    seen.add(line);
    furniture.push(line);
  };
  const lines = pages.length >= 2 ? dropWithPages(pages, note) : dropWithoutPages(pages[0] ?? [], note);
  return { lines, furniture };
}

function zoneIndexes(page: string[]): number[] {
  const nonEmpty = page.map((l, i) => (l === '' ? -1 : i)).filter((i) => i >= 0);
  return [...new Set([...nonEmpty.slice(0, ZONE), ...nonEmpty.slice(-ZONE)])];
}

function dropWithPages(pages: string[][], note: (line: string) => void): string[] {
  const pageCount = new Map<string, number>();
  for (const page of pages) {
    const keys = new Set(zoneIndexes(page).map((i) => furnitureKey(page[i]!)));
    for (const k of keys) pageCount.set(k, (pageCount.get(k) ?? 0) + 1);
  }
  const threshold = Math.max(2, Math.ceil(pages.filter((p) => p.some((l) => l !== '')).length / 2));
  const out: string[] = [];
  for (const page of pages) {
    const zone = new Set(zoneIndexes(page));
    page.forEach((line, i) => {
      if (zone.has(i) && !PARAGRAPH_HEAD.test(line) && (PAGE_NUMBER.test(line) || (pageCount.get(furnitureKey(line)) ?? 0) >= threshold)) {
        note(line);
        return;
      }
      out.push(line);
    });
    // A page join is not a paragraph break by itself; joinAcrossBreaks decides by the text.
    out.push('');
  }
  return out;
}

/**
 * Without page breaks only lines that recur at least three times and carry a number are running
 * heads ("Interpellationer1994/95:1 - 154"); bare page numbers right next to them go too.
 * Repeated lines without digits ("För Socialdemokraterna" twice) are kept.
 */
function dropWithoutPages(lines: string[], note: (line: string) => void): string[] {
  const counts = new Map<string, number>();
  // A running head carries one date (the meeting's); a line that recurs with different dates is content
  // ("Utbildningsförvaltningens tjänsteutlåtande daterat 2024-05-15" under each paragraph).
  const dates = new Map<string, string>();
  const dated = new Set<string>();
  for (const l of lines) {
    if (!/\d/.test(l) || l.length > 80 || PARAGRAPH_HEAD.test(l)) continue;
    const key = furnitureKey(l);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    // Only a line with words besides its date: bare dates in a register's column stay as they were read.
    const date = /\p{L}{3}/u.test(l) ? /\d{4}-\d{2}-\d{2}/.exec(l)?.[0] : undefined;
    if (date && (dates.get(key) ?? date) !== date) dated.add(key);
    if (date) dates.set(key, date);
  }
  const running = new Set([...counts].filter(([k, n]) => n >= 3 && !dated.has(k) && !PAGE_NUMBER.test(k.replace(/#/g, '1'))).map(([k]) => k));
  if (running.size === 0) return lines;
  const drop = new Set<number>();
  lines.forEach((l, i) => {
    if (!running.has(furnitureKey(l))) return;
    drop.add(i);
    // Page numbers within two non-blank lines of a running head.
    for (const dir of [-1, 1]) {
      let seen = 0;
      for (let j = i + dir; j >= 0 && j < lines.length && seen < 2; j += dir) {
        if (lines[j] === '') continue;
        seen++;
        if (PAGE_NUMBER.test(lines[j]!)) drop.add(j);
        else if (!running.has(furnitureKey(lines[j]!))) break;
      }
    }
  });
  return lines.filter((line, i) => {
    if (drop.has(i)) note(line);
    return !drop.has(i);
  });
}
