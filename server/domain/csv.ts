/** CSV for spreadsheets: quoting, and formulas defused (a cell starting with = + - @ would run in Excel). */

/**
 * Where a spreadsheet may start a cell inside our text: the cell's own start, and after any comma,
 * semicolon or line break, since a file written with one separator is often opened with the other
 * (Swedish Excel splits on ";" and then honours quotes only at the start of its own cells, so
 * `Budget;=cmd…` inside a quoted comma cell would become a cell of its own). Blanks and quotes
 * before the formula character do not stop it.
 */
const CELL_STARTS = /(?<=[,;\r\n])/;
const FORMULA = /^[\s"]*[=+\-@\t\r]/;

/**
 * One cell. A formula start gets an apostrophe in front (Excel shows the text, not a result); a
 * cell with a comma, semicolon, quote or line break is quoted, so the same cell works for comma and
 * semicolon files.
 */
export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  const safe = s.split(CELL_STARTS).map((part) => (FORMULA.test(part) ? `'${part}` : part)).join('');
  return /[",;\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line, without its line end. */
export function csvLine(cells: unknown[], separator: ',' | ';'): string {
  return cells.map(csvCell).join(separator);
}

/** Byte order mark: Excel reads UTF-8 (å ä ö) correctly only with it. */
export const CSV_BOM = '\ufeff';
