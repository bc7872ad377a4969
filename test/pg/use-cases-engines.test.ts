/**
 * The write use-cases (server/use-cases/documents.ts) give the same archive on both engines: real
 * documents (the seed, an interpellation and its answer, a protocol with its reservation) stored,
 * corrected, withdrawn, restored and deleted, compared row for row through the repository reads. On
 * PostgreSQL also what two server processes must get right: the same bytes stored through both at
 * once are one document, and a failure inside a use-case leaves nothing of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { getDocument, listDocuments, countDocuments } from '../../db/documents.js';
import { listRevisions } from '../../db/revisions.js';
import { arendeRecord, homeCounts, listPeople, peopleOf } from '../../db/browse.js';
import { paragraphsOf } from '../../db/protocol.js';
import { wordDocumentCounts } from '../../db/search.js';
import { correctDocument, deleteDocument, restoreDocument, storeDocument, withdrawDocument, type NewDocument } from '../../server/use-cases/documents.js';
import { SYSTEM_AUTHOR } from '../../db/revisions.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { loadConfig } from '../../server/config.js';
import { archives, pgTestUrl, testEngines } from '../helpers/pg.js';

const root = path.resolve(import.meta.dirname, '../..');
const config = loadConfig({});
const store = archives();
afterAll(() => store.cleanup());

const files = [
  ...fs.readdirSync(path.join(root, 'fixtures/seed')).filter((f) => f.endsWith('.txt')).map((f) => path.join(root, 'fixtures/seed', f)),
  ...['kf-2026-03-26.txt', 'ks-2026-06-17.txt', 'reservation-ks-2026-06-17.txt'].map((f) => path.join(root, 'fixtures/protocol-store', f)),
];
let docs: NewDocument[] = [];
beforeAll(async () => {
  docs = [];
  for (const f of files) docs.push(await analyseFile({ bytes: fs.readFileSync(f), filename: path.basename(f) }, config));
}, 60_000);

/** What a reader sees of the archive: documents, their people and ärenden, protocol paragraphs, lists and counts. */
async function picture(db: Db, ids: number[]) {
  const out: unknown[] = [];
  for (const id of ids) {
    const d = await getDocument(db, id);
    out.push(d && { kind: d.kind, title: d.title, metadata: d.metadata, file: d.file, people: await peopleOf(db, id), paragraphs: (await paragraphsOf(db, id)).length, revisions: (await listRevisions(db, id)).map((r) => r.action) });
  }
  const people = await listPeople(db, { limit: 500, offset: 0 });
  const list = await listDocuments(db, { limit: 50, offset: 0 });
  return { out, people: people.items.map((p) => [p.name, p.parties, p.documents]), list: list.items.map((d) => d.title), total: list.total, home: await homeCounts(db), count: await countDocuments(db) };
}

const engines = testEngines;
const pictures = new Map<string, unknown>();

describe.each(engines)('the write use-cases on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await store.fresh(engine)); });

  it('store, correct, withdraw, restore and delete real documents with their projections and search entry', async () => {
    const ids: number[] = [];
    for (const d of docs) {
      const r = await storeDocument(db, d);
      expect(r.created).toBe(true);
      ids.push(r.id);
    }
    expect((await storeDocument(db, docs[0]!)).created).toBe(false);
    const first = (await getDocument(db, ids[0]!))!;
    expect(await correctDocument(db, ids[0]!, { ...first.metadata, title: `${first.metadata.title} (rättad)` }, SYSTEM_AUTHOR, 'test')).toHaveLength(1);
    expect(await withdrawDocument(db, ids[1]!, SYSTEM_AUTHOR, null)).toBe(true);
    expect(await withdrawDocument(db, ids[1]!, SYSTEM_AUTHOR, null)).toBe(false);
    expect(await withdrawDocument(db, ids[2]!, SYSTEM_AUTHOR, null)).toBe(true);
    expect(await restoreDocument(db, ids[2]!, SYSTEM_AUTHOR, null)).toBe(true);
    expect(await deleteDocument(db, ids[3]!, SYSTEM_AUTHOR, 'test')).toBe(true);
    expect(await getDocument(db, ids[1]!)).toBeUndefined();
    const words = await wordDocumentCounts(db, ['förskola', 'kommunfullmäktige']);
    const p = await picture(db, ids);
    pictures.set(engine, { ...p, words: [...words] });
    expect(p.count).toBe(docs.length - 2);
    const arende = (await getDocument(db, ids[5]!))!;
    expect(arende.kind).toBe('reservation');
    if (engine !== 'sqlite' && pictures.has('sqlite')) expect(pictures.get(engine)).toEqual(pictures.get('sqlite'));
  }, 60_000);

  it('leaves nothing of a document whose store fails midway', async () => {
    const before = await countDocuments(db);
    let reads = 0;
    const poisoned: NewDocument = { ...docs[0]!, sha256: 'f'.repeat(64), metadata: { ...docs[0]!.metadata, get addressee() { if (++reads >= 3) throw new Error('krasch mitt i'); return null; } } };
    await expect(storeDocument(db, poisoned)).rejects.toThrow('krasch mitt i');
    expect(await countDocuments(db)).toBe(before);
    expect(await arendeRecord(db, 999_999)).toBeUndefined();
  });
});

describe.skipIf(!pgTestUrl)('two server processes storing on one PostgreSQL database', () => {
  it('store the same bytes sent to both at once as one document, and different documents side by side', async () => {
    const { db: a, url } = await store.fresh('postgres');
    const b = await store.another(url!);
    const same = await Promise.all([storeDocument(a, docs[0]!), storeDocument(b, docs[0]!), storeDocument(a, docs[0]!), storeDocument(b, docs[0]!)]);
    expect(same.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(same.map((r) => r.id)).size).toBe(1);
    const rest = await Promise.all(docs.slice(1).map((d, i) => storeDocument(i % 2 ? a : b, d)));
    expect(rest.every((r) => r.created)).toBe(true);
    expect(await countDocuments(b)).toBe(docs.length);
    expect((await getDocument(a, rest[0]!.id))?.title).toBe(docs[1]!.metadata.title);
  }, 60_000);
});
