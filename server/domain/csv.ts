/** CSV for spreadsheets: quoting, and formulas defused (a cell starting with = + - @ would run in Excel). */

/** One cell; `separator` is quoted too, so the same cell works for comma and semicolon files. */
export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",;\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line, without its line end. */
export function csvLine(cells: unknown[], separator: ',' | ';'): string {
  return cells.map(csvCell).join(separator);
}

/** Byte order mark: Excel reads UTF-8 (å ä ö) correctly only with it. */
export const CSV_BOM = '\ufeff';
