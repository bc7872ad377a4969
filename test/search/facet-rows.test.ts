import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type SqliteDb as Db } from '../../db/client.js';
import { storeDocument, recordCorrection, withdrawDocument } from '../../server/use-cases/documents.js';
import { rebuildSearchIndex } from '../../db/reindex.js';
import { restoreFrom } from '../../db/backup.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { loadConfig } from '../../server/config.js';
import { search } from '../../server/search/search-service.js';

const seedDir = path.resolve(import.meta.dirname, '../../fixtures/seed');
const seeds = ['000_22e373b5829b3816.txt', '002_96c067dbb2ae0c27.txt', '003_4ffd3fd1c5ddf01f.txt'];
const config = loadConfig({});

async function store(db: Db, name: string): Promise<number> {
  const doc = await analyseFile({ bytes: fs.readFileSync(path.join(seedDir, name)), filename: name }, config);
  return (await storeDocument(db, doc)).id;
}

// The server keeps facet rows in memory; other processes (the bulk import, npm run reindex) write
// to the same file. Two connections stand for the two processes.
let dir: string;
let server: Db;
let importer: Db;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facets-'));
  server = openDb(path.join(dir, 'a.db'));
  importer = openDb(path.join(dir, 'a.db'));
});
afterEach(() => {
  closeDb(server);
  closeDb(importer);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('facets kept in memory follow writes from any connection', () => {
  it('sees documents, corrections, withdrawals and a rebuild made by another connection', async () => {
    expect((await search(server, 'trygghet')).total).toBe(0);
    const a = await store(importer, seeds[0]!);
    expect((await search(server, 'trygghet')).facets.party).toEqual({ S: 1 });
    const b = await store(importer, seeds[1]!);
    await store(importer, seeds[2]!);
    expect((await search(server, 'trygghet')).facets.party).toEqual({ S: 2, M: 1 });

    await recordCorrection(importer, a, 'parties', ['V'], 'test');
    const corrected = await search(server, 'trygghet');
    expect(corrected.facets.party).toEqual({ V: 1, S: 1, M: 1 });
    expect((await search(server, 'trygghet parti:V')).results.map((r) => r.id)).toEqual([a]);
    expect((await search(server, 'parti:V')).results.map((r) => r.id)).toEqual([a]);

    await withdrawDocument(importer, b, { userId: null, label: 'test' }, null);
    const after = await search(server, 'trygghet');
    expect(after.total).toBe(2);
    expect(after.results.map((r) => r.id)).not.toContain(b);
    // Filters alone read the live rows, not the in-memory copy.
    expect((await search(server, 'typ:interpellationssvar')).total).toBe(0);

    expect(await rebuildSearchIndex(importer)).toBe(2);
    expect((await search(server, 'trygghet')).facets.party).toEqual({ V: 1, S: 1 });
    expect((await search(server, 'trygghet kommun:huddinge år:2022')).results.map((r) => r.id)).toEqual([a]);
  });

  it('counts hits that share every facet value together, and a correction moves one out of the group', async () => {
    const a = await store(importer, seeds[0]!);
    const c = await store(importer, seeds[2]!);
    // Made alike in every facet: kind, body, municipality, year and parties.
    for (const [field, value] of [['parties', ['MP']], ['municipality', 'Huddinge kommun'], ['date', '2021-03-04'], ['body', 'Kommunfullmäktige']] as const) {
      await recordCorrection(importer, a, field, value, 'test');
      await recordCorrection(importer, c, field, value, 'test');
    }
    await recordCorrection(importer, c, 'kind', 'protokollsanteckning', 'test');
    await recordCorrection(importer, a, 'kind', 'protokollsanteckning', 'test');
    const alike = (await search(server, 'trygghet')).facets;
    expect(alike).toEqual({ party: { MP: 2 }, kind: { protokollsanteckning: 2 }, body: { Kommunfullmäktige: 2 }, municipality: { 'Huddinge kommun': 2 }, year: { 2021: 2 } });
    await recordCorrection(importer, c, 'date', '2019-01-02', 'test');
    await recordCorrection(importer, c, 'parties', ['MP', 'V'], 'test');
    expect((await search(server, 'trygghet')).facets).toEqual({ party: { MP: 2, V: 1 }, kind: { protokollsanteckning: 2 }, body: { Kommunfullmäktige: 2 }, municipality: { 'Huddinge kommun': 2 }, year: { 2021: 1, 2019: 1 } });
    expect((await search(server, 'trygghet år:2019')).results.map((r) => r.id)).toEqual([c]);
  });

  it('pages through whole-word matches before compound-only ones, each document once', async () => {
    const texts = [
      'Motion om våld i nära relationer. Våldet måste minska och kommunen ska stödja de utsatta.',
      // Compounds in the body only: a compound in the title or ärende ranks with the whole words (compound-order.test.ts).
      'Interpellation om förorten.\n\nGängvåldet har ökat under året.',
      'Yttrande om skolan. Det dödliga våldet och hoten mot lärare ska mötas med fler vuxna.',
      'Motion om stöd till förtroendevalda.\n\nNäthatsvåld mot förtroendevalda drabbar många.',
      'Reservation om polisens arbete i centrum.\n\nGängvåldet kräver fler poliser.',
      'Protokollsanteckning om kvinnofrid. Våld mot kvinnor kräver samordnade insatser.',
    ];
    const wanted: number[] = [];
    for (const [i, t] of texts.entries()) {
      const doc = await analyseFile({ bytes: Buffer.from(`${t}\n\nHuddinge den ${10 + i} mars 2023\n`), filename: `v${i}.txt` }, config);
      wanted.push((await storeDocument(importer, doc)).id);
    }
    const all = await search(server, 'våld', { pageSize: 100 });
    expect(all.results.map((r) => r.id).sort()).toEqual([...wanted].sort());
    const paged: number[] = [];
    for (let page = 1; page <= all.total + 1; page++) paged.push(...(await search(server, 'våld', { page, pageSize: 1 })).results.map((r) => r.id));
    expect(paged).toEqual(all.results.map((r) => r.id));
    // Whole words (våld, våldet) first, then the documents that have only compounds ending in it.
    const whole = new Set([wanted[0], wanted[2], wanted[5]]);
    expect(new Set(paged.slice(0, 3))).toEqual(whole);
    expect(new Set(paged.slice(3))).toEqual(new Set([wanted[1], wanted[3], wanted[4]]));
    // The same split when the page boundary falls inside a tier, and with a filter.
    expect((await search(server, 'våld', { page: 2, pageSize: 2 })).results.map((r) => r.id)).toEqual(paged.slice(2, 4));
    // With a filter the scored hits are tested in JavaScript instead of ranked in SQL: same order.
    const filtered: number[] = [];
    for (let page = 1; page <= 7; page++) filtered.push(...(await search(server, 'våld år:2023', { page, pageSize: 1 })).results.map((r) => r.id));
    expect(filtered).toEqual(paged);
    expect((await search(server, 'våld år:2022', { pageSize: 100 })).total).toBe(0);
  });

  it('a filtered page equals the unfiltered order with the others left out, whether the best hits pass the filter or not', async () => {
    // 48 documents: 12 marked S. Scores fall with the number of times "budget" is said, and the S
    // documents are either the strongest (the best hits pass the filter) or the weakest (they do not).
    for (const sWeakest of [false, true]) {
      const ids: number[] = [];
      for (let i = 0; i < 48; i++) {
        const times = sWeakest ? 48 - i : i + 1;
        const text = `Motion nummer ${i} om budget.\n\n${'Vi talar om budget och mer. '.repeat(times)}${'Annat stoff utan ordet. '.repeat(60 - times)}`;
        const doc = await analyseFile({ bytes: Buffer.from(text), filename: `b${sWeakest}${i}.txt` }, config);
        const id = (await storeDocument(importer, doc)).id;
        await recordCorrection(importer, id, 'parties', [i % 4 === 0 ? 'S' : 'M'], 'test');
        ids.push(id);
      }
      const sIds = new Set(ids.filter((_, i) => i % 4 === 0));
      const everything = (await search(server, 'budget', { pageSize: 200 })).results.map((r) => r.id).filter((id) => ids.includes(id));
      const expected = everything.filter((id) => sIds.has(id));
      const dbg = await search(server, "budget", { pageSize: 5 }); expect(everything.length, JSON.stringify([dbg.total, dbg.results.map((r) => [r.id, r.parties]), ids.slice(0, 3)])).toBe(48);
      expect(expected).toHaveLength(12);
      const paged: number[] = [];
      for (let page = 1; page <= 6; page++) paged.push(...(await search(server, 'budget parti:S', { page, pageSize: 2 })).results.map((r) => r.id).filter((id) => ids.includes(id)));
      expect(paged).toEqual(expected);
      for (const id of ids) await withdrawDocument(importer, id, { userId: null, label: 'test' }, null);
    }
  });

  it('reads everything again after a restore rolled the database back, even once it was written past where it was', async () => {
    const a = await store(importer, seeds[0]!);
    expect((await search(server, 'trygghet')).facets.party).toEqual({ S: 1 });
    const backup = path.join(dir, 'backup.db');
    await importer.$client.backup(backup);
    for (const s of seeds.slice(1)) await store(importer, s);
    await recordCorrection(importer, a, 'parties', ['V'], 'test');
    expect((await search(server, 'trygghet')).facets.party).toEqual({ V: 1, S: 1, M: 1 });

    await restoreFrom(path.join(dir, 'a.db'), backup, path.join(dir, 'before-restore.db'));
    // More writes after the restore than before it, so the write counter passes what the server saw.
    for (let i = 0; i < 6; i++) {
      const doc = await analyseFile({ bytes: Buffer.from(`Motion ${i} om trygghet i parken.\n\nVi vill ha mer trygghet.`), filename: `t${i}.txt` }, config);
      await recordCorrection(importer, (await storeDocument(importer, doc)).id, 'parties', ['KD'], 'test');
    }
    const after = await search(server, 'trygghet');
    expect(after.total).toBe(7);
    expect(after.facets.party).toEqual({ S: 1, KD: 6 });
  });
});
