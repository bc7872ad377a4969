/**
 * Every CSV (search export, import report, metadata export) read the way spreadsheets read it,
 * with either separator: no cell may start a formula, and quoted cells keep their text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { csvCell, csvLine } from '../../server/domain/csv.js';
import { formatReport } from '../../server/ingest/import-files.js';
import { buildTestApp, upload } from '../helpers/app.js';
import { cli, root } from '../helpers/cli.js';

/**
 * Reads CSV as Excel does: cells split on `sep`; a quote is special only as a cell's first
 * character (then `""` is a quote and the closing quote ends it; anything after is kept as is).
 */
function readCsv(text: string, sep: ',' | ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = text.startsWith('\ufeff') ? 1 : 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
          i++;
          break;
        }
        cell += text[i++];
      }
    }
    while (i < text.length && text[i] !== sep && text[i] !== '\n' && text[i] !== '\r') cell += text[i++];
    row.push(cell);
    if (text[i] === sep) { i++; if (i >= text.length) row.push(''); continue; }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    rows.push(row);
    row = [];
  }
  if (row.length) rows.push(row);
  return rows;
}

/** Cells a spreadsheet would run as a formula (= + - @ first, after blanks; or a tab or CR first). */
function formulaCells(text: string): string[] {
  return ([',', ';'] as const).flatMap((sep) => readCsv(text, sep).flat().filter((c) => /^[\t\r]/.test(c) || /^\s*[=+\-@]/.test(c)));
}

const HOSTILE = [
  "Budget;=cmd|' /C calc'!A0;x", "Budget,=cmd|' /C calc'!A0,x", '=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '  =1+1', ' \u00a0@x',
  'a;"=HYPERLINK(""http://x"")"', 'rad ett\n=rad två', 'rad\r\n-två', 'a, -b; +c', 'citat "så här"; och så',
];

describe('the cell writer', () => {
  it('defuses formula starts wherever either separator or a line break would start a cell', () => {
    for (const value of HOSTILE) {
      for (const sep of [',', ';'] as const) {
        const line = csvLine(['först', value, 'sist'], sep);
        expect(formulaCells(line), `${JSON.stringify(value)} with ${sep}`).toEqual([]);
      }
    }
  });

  it('quotes cells with a separator, a quote or a line break, which read back whole with the file’s own separator', () => {
    for (const sep of [',', ';'] as const) {
      for (const value of ['a;b', 'a,b', 'a "b" c', 'a\nb', 'a\r\nb', 'Trygghet i Huddinge']) {
        const cells = readCsv(`${csvLine(['x', value, 'y'], sep)}\r\n`, sep);
        expect(cells).toEqual([['x', value, 'y']]);
      }
    }
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('vanlig text')).toBe('vanlig text');
    expect(csvCell(null)).toBe('');
    // The defused title keeps its text, with an apostrophe before the formula part.
    expect(readCsv(csvLine(["Budget;=cmd|' /C calc'!A0;x"], ','), ',')).toEqual([["Budget;'=cmd|' /C calc'!A0;x"]]);
  });
});

describe('every CSV the archive writes', () => {
  let app: FastifyInstance;
  let tmp: string;
  let dbPath: string;
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-csv-'));
    dbPath = path.join(tmp, 'arkiv.db');
    let adminToken: string;
    ({ app, adminToken } = await buildTestApp({ databasePath: dbPath }));
    const seed = fs.readFileSync(path.join(root, 'fixtures/seed/000_22e373b5829b3816.txt'));
    const id = (await upload(app, '=cmd.txt', seed)).json().id as number;
    const res = await app.inject({ method: 'PATCH', url: `/api/documents/${id}`, payload: { title: "Budget;=cmd|' /C calc'!A0;x", arende: { title: 'Plan,=HYPERLINK(1);-2' } }, headers: { authorization: `Bearer ${adminToken}` } });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the search export /sok.csv', async () => {
    const csv = await app.inject('/sok.csv?q=budget');
    expect(csv.statusCode).toBe(200);
    expect(readCsv(csv.body, ',')).toHaveLength(2);
    expect(formulaCells(csv.body)).toEqual([]);
    expect(readCsv(csv.body, ',')[1]![2]).toBe("Budget;'=cmd|' /C calc'!A0;x");
  });

  it('the import report', () => {
    const csv = formatReport([{ file: "rapport;=cmd|' /C calc'!A0.txt", outcome: 'misslyckad', documentId: null, kind: null, title: ' -2+3', warnings: ['a', '=b'], reason: 'x,@y' }], 'csv');
    expect(formulaCells(csv)).toEqual([]);
    expect(readCsv(csv, ';')[1]).toHaveLength(7);
  });

  it('the metadata export (npm run export -- --format csv)', async () => {
    const out = await cli('export.ts', ['--format', 'csv'], { DATABASE_PATH: dbPath });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('Budget');
    expect(formulaCells(out.stdout)).toEqual([]);
    expect(readCsv(out.stdout, ';')[1]![2]).toBe("Budget;'=cmd|' /C calc'!A0;x");
  }, 60_000);
});
