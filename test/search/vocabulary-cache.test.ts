import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { closeDb, openDb } from '../../db/client.js';
import { storeDocument } from '../../server/use-cases/documents.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { loadConfig } from '../../server/config.js';
import { search } from '../../server/search/search-service.js';
import { buildTestApp, upload } from '../helpers/app.js';

// A stem's forms and compounds are cached per connection (db/search.ts#expandStem's cache): a write
// that brings a new compound must be searchable at once.
const seedDir = path.resolve(import.meta.dirname, '../../fixtures/seed');
let app: FastifyInstance;
beforeEach(async () => { ({ app } = await buildTestApp()); });
afterEach(async () => { await app.close(); });

const ids = async (q: string): Promise<number[]> =>
  ((await app.inject(`/api/search?q=${encodeURIComponent(q)}`)).json() as { results: Array<{ id: number }> }).results.map((r) => r.id);

describe('cached stem expansions', () => {
  it('a document with a new compound is found by its head right after it is stored', async () => {
    const gang = (await upload(app, '002.txt', fs.readFileSync(path.join(seedDir, '002_96c067dbb2ae0c27.txt')))).json().id as number;
    // Searched twice, so "våld" is expanded and then served from the cache.
    expect(await ids('våld')).toEqual([gang]);
    expect(await ids('våld')).toEqual([gang]);
    // 003 mentions violence only as "våld"; as "nätvåldet" it is a compound no document had before.
    const text = fs.readFileSync(path.join(seedDir, '003_4ffd3fd1c5ddf01f.txt'), 'utf8').replace(/\bvåld\b/g, 'nätvåldet');
    expect(text).not.toMatch(/\bvåld\b/);
    const net = (await upload(app, '003-natvald.txt', text)).json().id as number;
    expect(await ids('våld')).toEqual([gang, net]);
    expect(await ids('nätvåld')).toEqual([net]);
  });

});

describe('cached stem expansions on a connection that does not write', () => {
  it('follow a compound another connection (the bulk import, a search worker\'s server) stored', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'expansions-'));
    const server = openDb(path.join(dir, 'a.db'));
    const importer = openDb(path.join(dir, 'a.db'));
    try {
      const config = loadConfig({});
      const store = async (filename: string, bytes: Buffer | string) => (await storeDocument(importer, await analyseFile({ bytes: Buffer.from(bytes), filename }, config))).id;
      const gang = await store('002.txt', fs.readFileSync(path.join(seedDir, '002_96c067dbb2ae0c27.txt')));
      expect((await search(server, 'våld')).results.map((r) => r.id)).toEqual([gang]);
      const net = await store('003-natvald.txt', fs.readFileSync(path.join(seedDir, '003_4ffd3fd1c5ddf01f.txt'), 'utf8').replace(/\bvåld\b/g, 'nätvåldet'));
      expect((await search(server, 'våld')).results.map((r) => r.id)).toEqual([gang, net]);
    } finally {
      closeDb(server);
      closeDb(importer);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
