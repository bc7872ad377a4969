/**
 * A new document adds itself to its people's derived memberships (db/memberships.ts#addDocumentToMemberships)
 * instead of rebuilding them from all their documents: after importing real documents one by one,
 * the memberships must be exactly what a full rebuild from the documents gives.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, transaction, type SqliteDb as Db } from '../../db/client.js';
import { rebuildMemberships } from '../../db/memberships.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { loadConfig } from '../../server/config.js';

const root = path.resolve(import.meta.dirname, '../../fixtures');
let db: Db;

const derived = () => db.$client.prepare(`SELECT person_id, party_code, group_body, from_date, to_date, document_count FROM memberships
  WHERE source = 'derived' ORDER BY person_id, party_code, group_body`).all();

beforeAll(async () => {
  db = openDb(':memory:');
  const files = ['seed', 'documents', 'search-corpus', 'protocols'].flatMap((dir) =>
    fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(root, dir, f)));
  // The fixtures sign for parties, not for a party's group in a body: three notes that do, over three years.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-memberships-'));
  const notes = [['2019-03-01', 'fler förskoleplatser i Flemingsberg'], ['2021-05-10', 'bättre belysning i Skogås centrum'], ['2020-01-15', 'en ny simhall i Huddinge centrum']];
  for (const [i, [date, what]] of notes.entries()) {
    const file = path.join(tmp, `grupp-${i}.txt`);
    fs.writeFileSync(file, `Huddinge kommun\nKommunfullmäktige\n${date}\n\nPROTOKOLLSANTECKNING\n\nÄrende ${i + 4}: Motion om ${what}\n\nVi står bakom motionen om ${what} och kommer att fortsätta driva frågan under året.\n\nFör Socialdemokraterna i kommunfullmäktige\nKim Andersson\n`);
    files.push(file);
  }
  const summary = await importFiles(db, files, loadConfig({}), { workers: 0 });
  expect(summary.failures).toEqual([]);
}, 120_000);
afterAll(() => db?.$client.close());

describe('derived memberships written document by document', () => {
  it('equal a rebuild of every person from all their documents', async () => {
    const incremental = derived();
    // The fixtures must exercise the merge: people in several documents, spans wider than a day, groups.
    const rows = incremental as Array<{ document_count: number; from_date: string | null; to_date: string | null; group_body: string | null }>;
    expect(rows.filter((r) => r.document_count >= 3).length).toBeGreaterThan(20);
    expect(rows.some((r) => r.from_date !== null && r.to_date !== null && r.from_date < r.to_date)).toBe(true);
    expect(rows.some((r) => r.group_body !== null)).toBe(true);
    const people = (db.$client.prepare('SELECT id FROM people').pluck().all() as number[]);
    await transaction(db, (tx) => rebuildMemberships(tx, people));
    expect(derived()).toEqual(incremental);
  });
});
