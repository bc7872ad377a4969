/** The full-text index merged into one segment after a bulk import, in steps, with the same answers. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../db/client.js';
import { storeDocument } from '../../server/use-cases/documents.js';
import { mergeSearchIndex } from '../../db/search-index.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { loadConfig } from '../../server/config.js';
import { search } from '../../server/search/search-service.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const files = ['seed', 'documents'].flatMap((d) => fs.readdirSync(path.join(fixtures, d)).filter((f) => f.endsWith('.txt')).map((f) => path.join(fixtures, d, f))).slice(0, 24);
const answers = async (db: ReturnType<typeof openDb>) => Promise.all(['kommun', 'skola', 'budget', 'motion', '"kommunfullmäktige beslutar"', 'trygg*']
  .map(async (q) => { const r = await search(db, q, { pageSize: 50 }); return { q, total: r.total, ids: r.results.map((x) => x.id), facets: r.facets, snippets: r.results.map((x) => x.snippet) }; }));

describe('merging the search index', () => {
  it('leaves documents written one transaction each with the same answers, in steps, until nothing is left to merge', async () => {
    const db = openDb(':memory:');
    try {
      const config = loadConfig({});
      // One transaction per document: one segment each, merged by FTS5 only four at a time.
      for (const f of files) await storeDocument(db, await analyseFile({ bytes: fs.readFileSync(f), filename: path.basename(f) }, config));
      const before = await answers(db);
      let turns = 0;
      const steps = await mergeSearchIndex(db, () => { turns++; });
      expect(steps).toBeGreaterThan(0);
      expect(turns).toBe(steps);
      expect(await mergeSearchIndex(db)).toBe(0);
      expect(await answers(db)).toEqual(before);
    } finally {
      closeDb(db);
    }
  });

  it('is done by the bulk import after its last batch', async () => {
    const db = openDb(':memory:');
    try {
      const summary = await importFiles(db, files, loadConfig({}), { workers: 0, batchSize: 2 });
      expect(summary.imported).toBeGreaterThan(10);
      expect(await mergeSearchIndex(db)).toBe(0);
    } finally {
      closeDb(db);
    }
  });
});
