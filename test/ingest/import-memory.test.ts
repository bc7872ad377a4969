/**
 * What an import leaves behind on its heap: nothing of a document's text. A word a regex cut from
 * a text is a slice that keeps the whole text alive, so a cache keyed by such words held every
 * document that brought a new word (issue 16: the import's heaps grew with the archive).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { indexTokens } from '../../server/analysis/swedish.js';
import { openDb, closeDb } from '../../db/client.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { loadConfig } from '../../server/config.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/** A word no other call has seen (letters only: words starting with a digit are not stemmed). */
const unique = (prefix: string, i: number) => `${prefix}${[...i.toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')}`;

const MB = 1_000_000;
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

describe('memory kept by the analysis and the import', () => {
  it('keeps no text alive through the stem cache', () => {
    const before = heapUsed();
    // Each text is one new long word and a megabyte that holds no word.
    for (let i = 0; i < 60; i++) indexTokens(`${unique('kommunfullmäktigeledamot', i)} ${'.'.repeat(MB)}`);
    const kept = heapUsed() - before;
    // 60 texts of a megabyte each: kept through their words they would be 60 MB or more.
    expect(kept).toBeLessThan(10 * MB);
  });

  it('keeps of each imported document only its report row', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-import-memory-'));
    dirs.push(dir);
    const write = (name: string, i: number) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, [
        'Motion till kommunfullmäktige i Huddinge kommun',
        `Om ${unique('cykelparkeringsplatser', i)} vid stationen`,
        `Vi föreslår att kommunen bygger ${unique('cykelgaragesplatser', i)} vid pendeltågsstationen.`,
        // Lines of at most 100,000 characters, each different (repeated lines are page furniture).
        ...Array.from({ length: 20 }, (_, j) => '.'.repeat(MB / 20 - j)),
        'Huddinge den 3 mars 2024',
        'Anna Andersson (S)',
      ].join('\n\n'));
      return file;
    };
    const db = openDb(path.join(dir, 'db.sqlite'));
    // A first import loads what every import needs (modules, statements, the analysis's tables).
    await importFiles(db, Array.from({ length: 3 }, (_, i) => write(`warm-${i}.txt`, i)), loadConfig({}), { workers: 0 });
    const files = Array.from({ length: 40 }, (_, i) => write(`motion-${i}.txt`, 1000 + i));
    const before = heapUsed();
    const summary = await importFiles(db, files, loadConfig({}), { workers: 0, batchSize: 8 });
    const kept = heapUsed() - before;
    expect(summary.failures).toEqual([]);
    expect(summary.imported).toBe(40);
    expect(summary.outcomes).toHaveLength(40);
    // The texts were stored whole: each document's text was a megabyte on this thread.
    expect(db.$client.prepare("SELECT min(length(d.text)) FROM documents d JOIN files f ON f.document_id = d.id WHERE f.original_filename LIKE 'motion-%'").pluck().get()).toBeGreaterThan(0.99 * MB);
    // 40 texts of a megabyte: the report's rows are a few hundred bytes each.
    expect(kept).toBeLessThan(10 * MB);
    closeDb(db);
  }, 120_000);
});
