import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type SqliteDb as Db } from '../../db/client.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { loadConfig } from '../../server/config.js';
import { search } from '../../server/search/search-service.js';
import { Suggester } from '../../server/search/suggest.js';

const root = path.resolve(import.meta.dirname, '../../fixtures');
const judged = JSON.parse(fs.readFileSync(path.join(root, 'search-relevance.json'), 'utf8')) as { queries: Array<{ q: string; top3: string[]; case: string }> };
let db: Db;
let idOf: Map<string, number>;

beforeAll(async () => {
  db = openDb(':memory:');
  const files = ['seed', 'documents', 'search-corpus'].flatMap((dir) =>
    fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.txt')).map((f) => path.join(root, dir, f)));
  const summary = await importFiles(db, files, loadConfig({}), { workers: 0 });
  expect(summary.failures).toEqual([]);
  idOf = new Map((db.$client.prepare('SELECT original_filename AS f, document_id AS id FROM files').all() as Array<{ f: string; id: number }>).map((r) => [r.f, r.id]));
}, 60_000);

const misses: string[] = [];
describe('judged relevance set', () => {
  it('has at least 30 queries', () => expect(judged.queries.length).toBeGreaterThanOrEqual(30));

  it('finds the judged documents in the top 3 for at least 90 % of the queries', async () => {
    const suggester = new Suggester(db);
    let hits = 0;
    for (const { q, top3, case: why } of judged.queries) {
      let r = await search(db, q, { suggester });
      if (r.total === 0 && r.suggestions[0]) r = await search(db, r.suggestions[0], { suggester });
      const got = r.results.slice(0, 3).map((x) => x.id);
      const ok = top3.every((f) => got.includes(idOf.get(f) ?? -1));
      if (ok) hits++; else misses.push(`${q} (${why}): top 3 ${JSON.stringify(got)}, want ${top3.map((f) => idOf.get(f)).join(',')}`);
    }
    const rate = hits / judged.queries.length;
    console.log(`Relevance hit rate: ${hits}/${judged.queries.length} = ${rate.toFixed(2)}${misses.length ? `\n  missed: ${misses.join('\n  missed: ')}` : ''}`);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });
});

afterAll(() => db?.$client.close());
