/** Swedish dates as written in documents → ISO "YYYY-MM-DD". */

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const MONTH_RE = MONTHS.join('|');

function iso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 1900 || y > 2100) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The first complete date in `s`: 2022-02-17, 17 februari 2022, 2022.02.17, 17/2 2022, 18/2-2026 or 9/3 -05. */
export function findDate(s: string): { date: string; index: number } | null {
  const candidates: Array<{ date: string; index: number }> = [];
  for (const m of s.matchAll(/(?<![\d-])(\d{4})[-.](\d{2})[-.](\d{2})(?![\d-])/g)) {
    const d = iso(+m[1]!, +m[2]!, +m[3]!);
    if (d) candidates.push({ date: d, index: m.index ?? 0 });
  }
  const long = new RegExp(`(?<!\\d)(\\d{1,2})(?:\\s*:e|\\s*:a)?\\s+(${MONTH_RE})\\s+(\\d{4})(?!\\d)`, 'giu');
  for (const m of s.matchAll(long)) {
    const d = iso(+m[3]!, MONTHS.indexOf(m[2]!.toLocaleLowerCase('sv')) + 1, +m[1]!);
    if (d) candidates.push({ date: d, index: m.index ?? 0 });
  }
  for (const m of s.matchAll(/(?<![\d/])(\d{1,2})\/(\d{1,2})\s+(\d{4})(?!\d)/g)) {
    const d = iso(+m[3]!, +m[2]!, +m[1]!);
    if (d) candidates.push({ date: d, index: m.index ?? 0 });
  }
  // "18/2-2026": day/month and the year after a dash.
  for (const m of s.matchAll(/(?<![\d/])(\d{1,2})\/(\d{1,2})\s*-\s*(\d{4})(?!\d)/g)) {
    const d = iso(+m[3]!, +m[2]!, +m[1]!);
    if (d) candidates.push({ date: d, index: m.index ?? 0 });
  }
  // "9/3 -05": day/month and a short year.
  for (const m of s.matchAll(/(?<![\d/])(\d{1,2})\/(\d{1,2})\s*-\s*(\d{2})(?!\d)/g)) {
    const d = iso((+m[3]! < 50 ? 2000 : 1900) + +m[3]!, +m[2]!, +m[1]!);
    if (d) candidates.push({ date: d, index: m.index ?? 0 });
  }
  // Letterheads sometimes shorten the year: "25-09-19".
  for (const m of s.matchAll(/(?<![\d-])(\d{2})-(\d{2})-(\d{2})(?![\d-])/g)) {
    const d = iso(2000 + +m[1]!, +m[2]!, +m[3]!);
    if (d) candidates.push({ date: d, index: m.index ?? 0 });
  }
  candidates.sort((a, b) => a.index - b.index);
  return candidates[0] ?? null;
}

/**
 * A day and month without year ("den 20 maj") resolved by the Riksdag session "2010/11":
 * sessions open in September, so September–December belong to the first year.
 */
export function dateFromRiksmote(s: string, riksmote: string): string | null {
  const m = new RegExp(`\\b(\\d{1,2})\\s+(${MONTH_RE})\\b(?!\\s+\\d{4})`, 'iu').exec(s);
  const r = /^(\d{4})\/(\d{2}|\d{4})$/.exec(riksmote);
  if (!m || !r) return null;
  const month = MONTHS.indexOf(m[2]!.toLocaleLowerCase('sv')) + 1;
  const first = +r[1]!;
  return iso(month >= 9 ? first : first + 1, month, +m[1]!);
}

/** A letterhead's six-digit date cell, "250315" for 2025-03-15 (only where a cell holds nothing else). */
export function compactDate(cell: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/u.exec(cell.trim());
  return m ? iso(2000 + +m[1]!, +m[2]!, +m[3]!) : null;
}
