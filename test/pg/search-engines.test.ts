/**
 * Search gives the same answers on both engines (issue 17): the same corpus imported into SQLite and
 * PostgreSQL, then every judged relevance query and a spread of query shapes (stems, compounds,
 * phrases, prefixes, exclusions, OR, each filter, by date, later pages, a protocol's paragraphs) must
 * return the same total, the same results in the same order, the same facets and the same snippets.
 * The judged set must pass on PostgreSQL as on SQLite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { loadConfig } from '../../server/config.js';
import { search, type SearchOptions, type SearchResult } from '../../server/search/search-service.js';
import { Suggester } from '../../server/search/suggest.js';
import { QueryTooBroadError, QuerySyntaxError } from '../../server/search/query-parser.js';
import { withdrawDocument } from '../../server/use-cases/documents.js';
import { SYSTEM_AUTHOR } from '../../db/revisions.js';
import { archives, pgTestUrl, sqlOn } from '../helpers/pg.js';

const root = path.resolve(import.meta.dirname, '../../fixtures');
const judged = JSON.parse(fs.readFileSync(path.join(root, 'search-relevance.json'), 'utf8')) as { queries: Array<{ q: string; top3: string[] }> };
const files = ['seed', 'documents', 'search-corpus'].flatMap((dir) =>
  fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.txt')).map((f) => path.join(root, dir, f)));

const store = archives();
let sqlite: Db;
let postgres: Db;
let postgresUrl: string;

beforeAll(async () => {
  if (!pgTestUrl) return;
  sqlite = (await store.fresh('sqlite')).db;
  ({ db: postgres, url: postgresUrl } = await store.fresh('postgres') as { db: Db; url: string });
  for (const db of [sqlite, postgres]) {
    const summary = await importFiles(db, files, loadConfig({}), { workers: 0 });
    expect(summary.failures).toEqual([]);
  }
}, 180_000);
afterAll(() => store.cleanup());

/** Queries of every shape the parser reads, over words the corpus holds. */
const shapes = [
  'trygghet', 'våld', 'skola', 'kommunen', 'barn och unga', 'att', '"kommunstyrelsen föreslår"', 'skol*', 'tryg* kommun',
  'trygghet -Huddinge', 'våld OR brott', 'miljö OR klimat -bil', 'parti:S', 'parti:SD trygghet', 'typ:motion', 'typ:interpellation skola',
  'kommun:Huddinge', 'år:2021', 'år:2019-2022 budget', 'organ:kommunfullmäktige', 'person:"Daniel Dronjak"', 'äldreomsorg', 'förskola',
  'Göteborg', 'återvinning', 'öppettider', 'hemtjänst', 'bostäder', 'cykel', 'kollektivtrafik',
];

const run = async (db: Db, q: string, opts: SearchOptions = {}): Promise<SearchResult | string> => {
  try {
    return await search(db, q, { ...opts, suggester: new Suggester(db) });
  } catch (err) {
    if (err instanceof QuerySyntaxError || err instanceof QueryTooBroadError) return `${err.constructor.name}: ${err.message}`;
    throw err;
  }
};

describe.skipIf(!pgTestUrl)('search on both engines', () => {
  it('has a corpus on both', async () => {
    const count = async (db: Db) => (await sqlOn<{ n: number }>(db, 'SELECT count(*) AS n FROM documents'))[0]!.n;
    expect(await count(postgres)).toBe(await count(sqlite));
    expect(await count(sqlite)).toBeGreaterThan(500);
  });

  const found = new Map<string, number>();
  it.each([...judged.queries.map((j) => j.q), ...shapes])('answers %s the same', async (q) => {
    const [a, b] = [await run(sqlite, q), await run(postgres, q)];
    expect(b).toEqual(a);
    found.set(q, typeof a === 'string' ? -1 : a.total);
  });

  it('compared answers with hits, not errors', () => {
    const answered = [...found.values()];
    expect(answered.filter((n) => n > 0).length).toBeGreaterThan(answered.length * 0.9);
    expect(answered.filter((n) => n > 20).length).toBeGreaterThan(10);
  });

  it.each(['trygghet', 'kommun', 'skola'])('pages and sorts %s the same', async (q) => {
    for (const opts of [{ page: 2 }, { page: 3, pageSize: 7 }, { sort: 'datum' as const }, { sort: 'datum' as const, page: 2 }]) {
      expect(await run(postgres, q, opts)).toEqual(await run(sqlite, q, opts));
    }
  });

  it('finds at once, with its facets, what another process stored, and drops what it withdrew', async () => {
    const other = await store.another(postgresUrl);
    const q = 'gurkmejalatte';
    // Searched first, so this process's facet rows and expansion cache are filled before the write.
    expect((await run(postgres, q) as SearchResult).total).toBe(0);
    const file = path.join(await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sp-')), 'motion-gurkmeja.txt');
    fs.writeFileSync(file, 'Motion om gurkmejalatte i skolan\n\nVi föreslår att kommunfullmäktige beslutar att servera gurkmejalatte.\n\nAnna Andersson (C)\n');
    const summary = await importFiles(other, [file], loadConfig({}), { workers: 0 });
    expect(summary.failures).toEqual([]);
    const r = await run(postgres, q) as SearchResult;
    expect(r.total).toBe(1);
    expect(r.facets.party).toEqual({ C: 1 });
    expect(await run(postgres, 'gurkmeja')).toMatchObject({ total: 1 });
    expect(await withdrawDocument(other, r.results[0]!.id, SYSTEM_AUTHOR, null)).toBe(true);
    expect((await run(postgres, q) as SearchResult).total).toBe(0);
  });

  it('passes the judged relevance set on PostgreSQL', async () => {
    const idOf = new Map((await sqlOn<{ f: string; id: number }>(postgres, 'SELECT original_filename AS f, document_id AS id FROM files')).map((r) => [r.f, r.id]));
    const suggester = new Suggester(postgres);
    let hits = 0;
    for (const { q, top3 } of judged.queries) {
      let r = await search(postgres, q, { suggester });
      if (r.total === 0 && r.suggestions[0]) r = await search(postgres, r.suggestions[0], { suggester });
      const got = r.results.slice(0, 3).map((x) => x.id);
      if (top3.every((f) => got.includes(idOf.get(f) ?? -1))) hits++;
    }
    expect(hits / judged.queries.length).toBeGreaterThanOrEqual(0.9);
  });
});
