/**
 * `paragraphs.reuse_count` (the party page's "Mest återanvända stycken") is kept incrementally as
 * documents arrive and leave: it must always equal the number of pairs the paragraph is in.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { withdrawDocument } from '../../db/documents.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { loadConfig } from '../../server/config.js';

let db: Db;
const ids = new Map<string, number>();
const shared = 'Vi vill att kommunen bygger fler förskoleplatser i Flemingsberg och att köerna till förskolan kortas, så att alla barn får en plats nära hemmet inom fyra månader.';

const miscounted = () => db.$client.prepare(`SELECT p.id, p.reuse_count AS stored,
    (SELECT count(*) FROM paragraph_reuse r WHERE r.paragraph_id = p.id OR r.other_id = p.id) AS pairs
  FROM paragraphs p WHERE p.reuse_count <> (SELECT count(*) FROM paragraph_reuse r WHERE r.paragraph_id = p.id OR r.other_id = p.id)`).all();
const countsOf = (name: string) => db.$client.prepare('SELECT reuse_count FROM paragraphs WHERE document_id = ? ORDER BY position').pluck().all(ids.get(name)!);

beforeAll(async () => {
  db = openDb(':memory:');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-reuse-'));
  const files: string[] = [];
  for (const [i, party] of ['Socialdemokraterna', 'Vänsterpartiet', 'Miljöpartiet'].entries()) {
    const file = path.join(tmp, `motion-${i}.txt`);
    fs.writeFileSync(file, `Huddinge kommun\nKommunfullmäktige\n2021-0${i + 3}-10\n\nMOTION\n\nMotion om förskolan nummer ${i + 1}\n\n${shared}\n\nDen här motionen är skriven av ${party} i ett eget stycke som inte finns någon annanstans i arkivet alls, nummer ${i}.\n\n${party}\nKim Andersson ${i}\n`);
    files.push(file);
  }
  const summary = await importFiles(db, files, loadConfig({}), { workers: 0 });
  expect(summary.failures).toEqual([]);
  for (const o of summary.outcomes) ids.set(path.basename(o.file, '.txt'), o.documentId!);
}, 60_000);
afterAll(() => db?.$client.close());

describe('reuse counts of paragraphs', () => {
  it('count, for a paragraph in three documents, the two others in each', () => {
    expect(countsOf('motion-0')).toContain(2);
    expect(countsOf('motion-2')).toContain(2);
    expect(miscounted()).toEqual([]);
  });

  it('fall with a withdrawn document and still equal the pairs', () => {
    withdrawDocument(db, ids.get('motion-1')!, { userId: null, label: 'test' }, null);
    expect(countsOf('motion-0')).toContain(1);
    expect(countsOf('motion-0')).not.toContain(2);
    expect(miscounted()).toEqual([]);
  });
});
