/**
 * The order by relevance when a word also stands as a compound's first part: a document whose title
 * or ärende holds the compound ranks with the whole-word hits (db/search.ts#matchAll, first tier), one
 * holding it only in its body after them, and every page continues the one before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, openDb, type SqliteDb as Db } from '../../db/client.js';
import { storeDocument } from '../../server/use-cases/documents.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { loadConfig } from '../../server/config.js';
import { search } from '../../server/search/search-service.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
let db: Db;
const id: Record<string, number> = {};

beforeAll(async () => {
  db = openDb(':memory:');
  const config = loadConfig({});
  const store = async (name: string, text: string) => { id[name] = (await storeDocument(db, await analyseFile({ bytes: Buffer.from(text), filename: `${name}.txt` }, config))).id; };
  const read = (f: string) => fs.readFileSync(path.join(fixtures, f), 'utf8');
  // "§ 112 Skolskjutsreglemente för Alingsås kommun": the word only as a compound, in the § title.
  await store('title', read('documents/synt-alingsas-bun-protokollsanteckning-v.txt'));
  // "skolskjuts" once, as a whole word, in the body.
  await store('once', read('documents/gnesta-bun-2016-06-01-reservation-c-mp-v-l.txt'));
  // "skolskjutsen", "skolskjutsarna": inflected forms.
  await store('forms', read('documents/synt-pitea-kf-interpellation-bun-kd-pdf.txt'));
  // "Skolskjuts vid växelvis boende": the word in the title and seven times in the body.
  await store('about', read('search-corpus/ipq-200506--0300.txt'));
  // The same reservation with its one mention made a compound: in the body only.
  const once = read('documents/gnesta-bun-2016-06-01-reservation-c-mp-v-l.txt');
  expect(once.match(/\bskolskjuts\b/g)).toHaveLength(1);
  await store('body', once.replace(/\bskolskjuts\b/, 'skolskjutsfrågan'));
});
afterAll(() => closeDb(db));

const ids = async (q: string, page = 1, pageSize = 20) => (await search(db, q, { page, pageSize })).results.map((r) => r.id);

describe('compounds by relevance', () => {
  it('ranks a compound in the title with the whole words, and one in the body only after them', async () => {
    const got = await ids('skolskjuts');
    expect(got).toHaveLength(5);
    // Above the reservation that mentions it once in its body.
    expect(got.indexOf(id.title!)).toBeLessThan(got.indexOf(id.once!));
    expect(got.slice(0, 4)).toEqual(expect.arrayContaining([id.title, id.once, id.forms, id.about]));
    expect(got[4]).toBe(id.body);
  });

  it('keeps one order across pages: no repeats, no gaps', async () => {
    const all = await ids('skolskjuts');
    for (const size of [1, 2, 3]) {
      const pages = (await Promise.all([1, 2, 3, 4, 5].map((p) => ids('skolskjuts', p, size)))).flat();
      expect(pages).toEqual(all);
    }
  });
});
