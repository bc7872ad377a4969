import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { storeDocument, type NewDocument } from '../../server/use-cases/documents.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { seedIfEmpty } from '../../server/seed.js';
import { loadConfig } from '../../server/config.js';
import { dbFingerprint } from '../helpers/app.js';

const config = loadConfig({});

describe('storing a document', () => {
  it('is all or nothing: a failure midway leaves no row and no file bytes', async () => {
    const db = openDb(':memory:');
    const doc = await analyseFile({ bytes: Buffer.from('Yrkande\n\nFör Moderaterna\n\nAnna Andersson'), filename: 'y.txt' }, config);
    const before = dbFingerprint(db);
    // Metadata that throws only once the document, file, bytes and extraction rows are written
    // (the first two reads serialise it into documents and extractions; the third is the projections).
    let reads = 0;
    const poisoned: NewDocument = {
      ...doc,
      metadata: { ...doc.metadata, get addressee() { if (++reads >= 3) throw new Error('krasch mitt i'); return null; } },
    };
    await expect(storeDocument(db, poisoned)).rejects.toThrow('krasch mitt i');
    expect(reads).toBe(3);
    expect(dbFingerprint(db)).toBe(before);
    expect((await storeDocument(db, doc)).created).toBe(true);
  });

  it('opens a file database with WAL, foreign keys and a busy timeout, and migrates it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-db-'));
    const db = openDb(path.join(dir, 'nested', 'x.db'));
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect((db.$client.prepare("SELECT count(*) AS n FROM parties WHERE code = 'S'").get() as { n: number }).n).toBe(1);
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('first start', () => {
  it('imports the seed documents into an empty database, and only then', async () => {
    const db = openDb(':memory:');
    const seedDir = path.resolve(import.meta.dirname, '../../fixtures/seed');
    const first = await seedIfEmpty(db, { ...config, seedDir });
    expect(first).toEqual({ imported: 3, failed: [] });
    const second = await seedIfEmpty(db, { ...config, seedDir });
    expect(second.imported).toBe(0);
  });
});
