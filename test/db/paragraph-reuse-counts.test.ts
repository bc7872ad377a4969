/**
 * Reused paragraphs are kept by text (db/paragraphs.ts): one `paragraph_texts` row per distinct
 * paragraph, counted by the documents holding it, and near copies as pairs of texts. The counts are
 * kept incrementally as documents arrive and leave, so they must always equal what the rows say:
 * `documents` the documents holding the text, `reuse_count` the others holding it or a near copy.
 * An archive written with pairs of paragraphs (before migration 0014) keeps its reuse.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type SqliteDb as Db } from '../../db/client.js';
import { deleteDocument, withdrawDocument } from '../../server/use-cases/documents.js';
import { mostReusedParagraphs, reusedParagraphsOf } from '../../db/paragraphs.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { loadConfig } from '../../server/config.js';
import { fromRoot } from '../../server/paths.js';

let db: Db;
const ids = new Map<string, number>();
const shared = 'Vi vill att kommunen bygger fler förskoleplatser i Flemingsberg och att köerna till förskolan kortas, så att alla barn får en plats nära hemmet inom fyra månader.';
// The same paragraph with two words changed: a near copy, not an exact one.
const edited = shared.replace('fyra månader', 'tre månader');
const author = { userId: null, label: 'test' };

/** Texts whose stored counts differ from what the rows say, and paragraphs without their text. */
function miscounted(c: Database.Database): unknown[] {
  return c.prepare(`SELECT t.exact_hash, t.documents, t.reuse_count FROM paragraph_texts t
    WHERE t.documents <> (SELECT count(DISTINCT p.document_id) FROM paragraphs p WHERE p.exact_hash = t.exact_hash)
      OR t.reuse_count <> t.documents - 1
        + coalesce((SELECT sum(o.documents) FROM paragraph_text_reuse r JOIN paragraph_texts o ON o.exact_hash = r.other_hash WHERE r.exact_hash = t.exact_hash), 0)
        + coalesce((SELECT sum(o.documents) FROM paragraph_text_reuse r JOIN paragraph_texts o ON o.exact_hash = r.exact_hash WHERE r.other_hash = t.exact_hash), 0)
    UNION ALL SELECT p.exact_hash, NULL, NULL FROM paragraphs p WHERE NOT EXISTS (SELECT 1 FROM paragraph_texts t WHERE t.exact_hash = p.exact_hash)`).all();
}
/** The reuse count of the one reused paragraph the motion holds (its others hold none). */
const countOf = (name: string) => db.$client.prepare(`SELECT max(t.reuse_count) FROM paragraph_texts t
  JOIN paragraphs p ON p.exact_hash = t.exact_hash WHERE p.document_id = ?`).pluck().get(ids.get(name));
const others = async (name: string) => (await reusedParagraphsOf(db, ids.get(name)!)).map((r) => r.documents);

async function importTexts(target: Db, texts: Array<[string, string]>): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-reuse-'));
  const files = texts.map(([name, text]) => { const f = path.join(tmp, `${name}.txt`); fs.writeFileSync(f, text); return f; });
  const summary = await importFiles(target, files, loadConfig({}), { workers: 0 });
  expect(summary.failures).toEqual([]);
  for (const o of summary.outcomes) ids.set(path.basename(o.file, '.txt'), o.documentId!);
}
const motion = (i: number, party: string, paragraph: string) => `Huddinge kommun\nKommunfullmäktige\n2021-0${i + 3}-10\n\nMOTION\n\nMotion om förskolan nummer ${i + 1}\n\n${paragraph}\n\nDen här motionen är skriven av ${party} i ett eget stycke som inte finns någon annanstans i arkivet alls, nummer ${i}.\n\n${party}\nKim Andersson ${i}\n`;

beforeAll(async () => {
  db = openDb(':memory:');
  await importTexts(db, ['Socialdemokraterna', 'Vänsterpartiet', 'Miljöpartiet'].map((party, i) => [`motion-${i}`, motion(i, party, shared)]));
}, 60_000);
afterAll(() => db?.$client.close());

describe('reused paragraphs kept by text', () => {
  it('count a paragraph in three documents once, as the two others for each', async () => {
    expect(db.$client.prepare('SELECT documents, reuse_count FROM paragraph_texts WHERE reuse_count > 0').all()).toEqual([{ documents: 3, reuse_count: 2 }]);
    expect(await others('motion-0')).toEqual([[ids.get('motion-1'), ids.get('motion-2')]]);
    expect(await others('motion-2')).toEqual([[ids.get('motion-0'), ids.get('motion-1')]]);
    // Exact copies are one text: no pairs stored for them.
    expect(db.$client.prepare('SELECT count(*) FROM paragraph_text_reuse').pluck().get()).toBe(0);
    expect(miscounted(db.$client)).toEqual([]);
  });

  it('pair a near copy with the text, and count each side\'s documents', async () => {
    await importTexts(db, [['motion-3', motion(3, 'Centerpartiet', edited)]]);
    expect(db.$client.prepare('SELECT count(*) FROM paragraph_text_reuse').pluck().get()).toBe(1);
    expect(countOf('motion-0')).toBe(3); // two exact copies elsewhere and the near copy
    expect(countOf('motion-3')).toBe(3); // the three holding the original
    expect(await others('motion-3')).toEqual([[ids.get('motion-0'), ids.get('motion-1'), ids.get('motion-2')]]);
    expect(await others('motion-0')).toEqual([[ids.get('motion-1'), ids.get('motion-2'), ids.get('motion-3')]]);
    expect(miscounted(db.$client)).toEqual([]);
  });

  it('rank a party\'s most reused paragraphs by text, at its newest document holding it', async () => {
    const [top] = await mostReusedParagraphs(db, 'MP', 10);
    expect(top).toMatchObject({ documentId: ids.get('motion-2'), reuseCount: 3 });
    expect((await mostReusedParagraphs(db, 'C', 10)).map((r) => r.documentId)).toEqual([ids.get('motion-3')]);
    expect(await mostReusedParagraphs(db, 'KD', 10)).toEqual([]);
  });

  it('fall with a withdrawn document and still equal the rows', async () => {
    await withdrawDocument(db, ids.get('motion-1')!, author, null);
    expect(countOf('motion-0')).toBe(2);
    expect(countOf('motion-3')).toBe(2);
    expect(await others('motion-0')).toEqual([[ids.get('motion-2'), ids.get('motion-3')]]);
    expect(miscounted(db.$client)).toEqual([]);
  });

  it('forget a text with its last document, its bands and pairs with it', async () => {
    await deleteDocument(db, ids.get('motion-3')!, author, null);
    expect(db.$client.prepare('SELECT count(*) FROM paragraph_text_reuse').pluck().get()).toBe(0);
    expect(db.$client.prepare('SELECT count(*) FROM paragraph_text_bands b WHERE NOT EXISTS (SELECT 1 FROM paragraphs p WHERE p.exact_hash = b.exact_hash)').pluck().get()).toBe(0);
    expect(countOf('motion-0')).toBe(1);
    expect(miscounted(db.$client)).toEqual([]);
  });
});

describe('migration 0014 from pairs of paragraphs', () => {
  it('turns exact pairs into one counted text and near pairs into a pair of texts', async () => {
    // An archive migrated up to 0013, with rows the way the pair design wrote them.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-migrations-'));
    fs.cpSync(fromRoot('db', 'migrations'), folder, { recursive: true });
    const journalFile = path.join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
    const later = journal.entries.filter((e: { idx: number }) => e.idx >= 14);
    journal.entries = journal.entries.filter((e: { idx: number }) => e.idx < 14);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    for (const e of later) fs.rmSync(path.join(folder, `${e.tag}.sql`));
    const file = path.join(folder, 'old.db');
    const c = new Database(file);
    c.pragma('foreign_keys = ON');
    migrate(drizzle(c), { migrationsFolder: folder });
    for (let i = 1; i <= 3; i++) c.prepare("INSERT INTO documents (id, kind, title, text, metadata_json) VALUES (?, 'motion', ?, 'x', '{}')").run(i, `d${i}`);
    const H = 1111, K = 2222, sig = Buffer.alloc(72, 7);
    // d1 and d2 hold H (an exact pair); d3 holds K, a near copy of both; d1 holds H twice.
    const p = c.prepare('INSERT INTO paragraphs (id, document_id, position, exact_hash, signature, reuse_count) VALUES (?, ?, ?, ?, ?, ?)');
    p.run(1, 1, 0, H, sig, 2); p.run(2, 2, 0, H, sig, 2); p.run(3, 3, 0, K, sig, 2); p.run(4, 1, 5, H, sig, 0);
    const pair = c.prepare('INSERT INTO paragraph_reuse (paragraph_id, other_id, similarity) VALUES (?, ?, ?)');
    pair.run(2, 1, 1); pair.run(3, 1, 0.9); pair.run(3, 2, 0.85);
    const band = c.prepare('INSERT INTO paragraph_bands (band_hash, paragraph_id) VALUES (?, ?)');
    for (const id of [1, 2, 4]) band.run(77, id);
    band.run(88, 3);
    c.close();

    const migrated = openDb(file);
    try {
      const q = migrated.$client;
      expect(q.prepare('SELECT exact_hash, documents, reuse_count FROM paragraph_texts ORDER BY exact_hash').all())
        .toEqual([{ exact_hash: H, documents: 2, reuse_count: 2 }, { exact_hash: K, documents: 1, reuse_count: 2 }]);
      expect(q.prepare('SELECT exact_hash, other_hash, similarity FROM paragraph_text_reuse').all()).toEqual([{ exact_hash: H, other_hash: K, similarity: 0.9 }]);
      expect(q.prepare('SELECT band_hash, exact_hash FROM paragraph_text_bands ORDER BY 1').all()).toEqual([{ band_hash: 77, exact_hash: H }, { band_hash: 88, exact_hash: K }]);
      expect(q.prepare('SELECT count(*) FROM paragraphs').pluck().get()).toBe(4);
      expect(await reusedParagraphsOf(migrated, 3)).toEqual([{ paragraph: 0, documents: [1, 2], documentCount: 2 }]);
      expect(miscounted(q)).toEqual([]);
    } finally {
      migrated.$client.close();
    }
  });
});

describe('a paragraph in more documents than a page lists', () => {
  it('lists the first hundred others on the document page and API, and counts the rest', async () => {
    const { buildTestApp } = await import('../helpers/app.js');
    const { app, db: appDb } = await buildTestApp();
    try {
      await importTexts(appDb, Array.from({ length: 103 }, (_, i): [string, string] => [`bred-${i}`, motion(i % 6, 'Socialdemokraterna', shared).replace('nummer', `löpnummer ${i} och nummer`)]));
      const first = ids.get('bred-0')!;
      const json = (await app.inject(`/api/documents/${first}`)).json();
      const reused = json.reusedParagraphs.find((r: { text: string }) => r.text.startsWith('Vi vill att kommunen'));
      expect(reused.documents).toHaveLength(100);
      expect(reused.documents).toEqual([...reused.documents].sort((a: number, b: number) => a - b));
      expect(reused.documentCount).toBe(102);
      const page = (await app.inject(`/dokument/${first}`)).body;
      expect(page).toContain('och 2 dokument till');
      expect(miscounted(appDb.$client)).toEqual([]);
    } finally {
      await app.close();
    }
  }, 60_000);
});
