/**
 * Bulk import: analysis in worker threads, several documents per write transaction, stopping in
 * the middle and resuming without duplicates, and a report line for every file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, closeDb } from '../../db/client.js';
import { formatReport, importFiles } from '../../server/ingest/import-files.js';
import { loadConfig } from '../../server/config.js';
import { makeDocx } from '../helpers/docx.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let files: string[];
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-bulk-'));
  const fixtures = fs.readdirSync(path.join(root, 'fixtures/documents')).filter((f) => f.endsWith('.txt')).slice(0, 20);
  for (const f of fixtures) fs.copyFileSync(path.join(root, 'fixtures/documents', f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'motion.docx'), await makeDocx([{ heading: 'Motion om fler badplatser' }, { p: 'Vi föreslår att kommunen bygger fler badplatser vid sjöarna och fler bryggor.' }]));
  fs.writeFileSync(path.join(dir, 'sida.html'), '<html><body><nav>Meny</nav><main><h1>Yrkande om bättre gatubelysning</h1><p>Vi yrkar att belysningen i Flemingsberg förbättras före vintern.</p></main></body></html>');
  fs.writeFileSync(path.join(dir, 'tom.txt'), '');
  files = fs.readdirSync(dir).sort().map((f) => path.join(dir, f));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bulk import', () => {
  it('analyses in worker threads, stops when asked, resumes without duplicates, and reports every file', async () => {
    const dbPath = path.join(dir, 'db.sqlite');
    const db = openDb(dbPath);
    let seen = 0;
    const first = await importFiles(db, files, loadConfig({}), { workers: 2, batchSize: 4, onDone: () => { seen++; }, shouldStop: () => seen >= 8 });
    expect(first.interrupted).toBe(true);
    const storedAfterStop = (db.$client.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    expect(storedAfterStop).toBeGreaterThan(0);
    expect(storedAfterStop).toBeLessThan(files.length - 1);

    const second = await importFiles(db, files, loadConfig({}), { workers: 2, batchSize: 4 });
    expect(second.interrupted).toBe(false);
    expect(second.duplicates).toBe(storedAfterStop);
    expect(second.imported + second.duplicates).toBe(files.length - 1);
    expect(second.failures).toEqual([{ file: path.join(dir, 'tom.txt'), reason: expect.stringMatching(/Filen är tom/) }]);
    const total = (db.$client.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    expect(total).toBe(files.length - 1);
    expect((db.$client.prepare('SELECT count(DISTINCT sha256) AS n FROM files').get() as { n: number }).n).toBe(total);
    const kinds = db.$client.prepare("SELECT f.media_type AS t, d.kind FROM documents d JOIN files f ON f.document_id = d.id WHERE f.original_filename IN ('motion.docx', 'sida.html') ORDER BY 1").all();
    expect(kinds).toEqual([{ t: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', kind: 'motion' }, { t: 'text/html', kind: 'yrkande' }]);

    const json = JSON.parse(formatReport(second.outcomes, 'json')) as Array<{ file: string; outcome: string; warnings: string[] }>;
    expect(json).toHaveLength(files.length);
    expect(json.filter((r) => r.outcome === 'importerad').every((r) => Array.isArray(r.warnings))).toBe(true);
    const csv = formatReport([{ file: '=cmd.txt', outcome: 'misslyckad', documentId: null, kind: null, title: 'a;b "c"', warnings: [], reason: 'x' }], 'csv');
    expect(csv).toContain(`'=cmd.txt;misslyckad;;;"a;b ""c""";;x`);
    closeDb(db);
  }, 60_000);

  it('stores the first of identical files in walk order, whatever the thread timing', async () => {
    const copies = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-copies-'));
    const seed = fs.readFileSync(path.join(root, 'fixtures/seed/000_22e373b5829b3816.txt'));
    const names = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt', 'f.txt'];
    for (const n of names) fs.writeFileSync(path.join(copies, n), seed);
    fs.writeFileSync(path.join(copies, 'g.txt'), '');
    fs.writeFileSync(path.join(copies, 'h.txt'), '');
    const db = openDb(':memory:');
    const r = await importFiles(db, [...names, 'g.txt', 'h.txt'].map((n) => path.join(copies, n)), loadConfig({}), { workers: 2, batchSize: 1 });
    expect(r.imported).toBe(1);
    expect(r.duplicates).toBe(5);
    expect(r.failures.map((f) => path.basename(f.file)).sort()).toEqual(['g.txt', 'h.txt']);
    expect(r.failures.every((f) => /Filen är tom/.test(f.reason))).toBe(true);
    expect(db.$client.prepare('SELECT original_filename AS f FROM files').all()).toEqual([{ f: 'a.txt' }]);
    const id = r.outcomes.find((x) => x.outcome === 'importerad')!.documentId;
    expect(r.outcomes.filter((x) => x.outcome === 'dubblett').every((x) => x.documentId === id)).toBe(true);
    closeDb(db);
    fs.rmSync(copies, { recursive: true, force: true });
  }, 60_000);
});
