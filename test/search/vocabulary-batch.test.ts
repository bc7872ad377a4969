/**
 * The search vocabulary (stems and words with their document counts) written once per import batch
 * holds exactly what writing it per document held, and a document rolled back inside a batch leaves
 * no count behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, closeDb, openWriteBatch, transaction, type SqliteDb as Db } from '../../db/client.js';
import { storeDocument, type NewDocument } from '../../server/use-cases/documents.js';
import { rebuildSearchIndex } from '../../db/reindex.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { loadConfig } from '../../server/config.js';

const root = path.resolve(import.meta.dirname, '../..');
const config = loadConfig({});

async function fixtureDocs(n: number): Promise<NewDocument[]> {
  const dir = path.join(root, 'fixtures/documents');
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.txt') && f !== 'FIRST_CONTACT.txt').sort().slice(0, n);
  return Promise.all(names.map((f) => analyseFile({ bytes: fs.readFileSync(path.join(dir, f)), filename: f }, config)));
}

const vocabulary = (db: Db) => ({
  terms: db.$client.prepare('SELECT term, rev, doc_count FROM search_terms ORDER BY term').all(),
  words: db.$client.prepare('SELECT word, doc_count FROM search_words ORDER BY word').all(),
});

describe('vocabulary written per batch', () => {
  it('equals the per-document counts, and after a rebuild too', async () => {
    const docs = await fixtureDocs(12);
    const one = openDb(':memory:');
    for (const d of docs) await storeDocument(one, d);
    const batched = openDb(':memory:');
    const tx = await openWriteBatch(batched);
    for (const d of docs) await tx.document(async (batch) => await storeDocument(batch, d));
    await tx.commit();
    const expected = vocabulary(one);
    expect(expected.terms.length).toBeGreaterThan(500);
    expect(expected.words.length).toBeGreaterThan(500);
    expect(vocabulary(batched)).toEqual(expected);
    // A shared word is counted once per document.
    const shared = (expected.words as Array<{ word: string; doc_count: number }>).find((w) => w.word === 'kommunfullmäktige');
    expect(shared?.doc_count).toBeGreaterThan(1);
    await rebuildSearchIndex(batched);
    expect(vocabulary(batched)).toEqual(expected);
    closeDb(one);
    closeDb(batched);
  }, 30_000);

  it('leaves no count of a document whose write failed inside the batch', async () => {
    const [a, b, c] = await fixtureDocs(3);
    const alone = openDb(':memory:');
    await storeDocument(alone, a!);
    await storeDocument(alone, c!);
    const db = openDb(':memory:');
    const tx = await openWriteBatch(db);
    await tx.document(async (batch) => await storeDocument(batch, a!));
    await expect(tx.document((batch) => transaction(batch, async (t) => { await storeDocument(t, b!); throw new Error('avbrutet'); }))).rejects.toThrow('avbrutet');
    await tx.document(async (batch) => await storeDocument(batch, c!));
    await tx.commit();
    expect(db.$client.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(2);
    expect(vocabulary(db)).toEqual(vocabulary(alone));
    // The connection writes per document again after the batch.
    await storeDocument(db, b!);
    await storeDocument(alone, b!);
    expect(vocabulary(db)).toEqual(vocabulary(alone));
    closeDb(alone);
    closeDb(db);
  });
});
