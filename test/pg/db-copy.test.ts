/**
 * npm run db:copy's copy (db/copy.ts): a real SQLite archive (seed documents, a protocol, an account
 * with a session) moved to a fresh PostgreSQL database, stopped halfway and resumed without a row
 * twice, verified by rows per table and file bytes; ids continue after the copied ones; a target
 * that already holds an archive is refused; a changed byte is found.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, openDb, openReadOnlyDb } from '../../db/client.js';
import { closePg, openPg } from '../../db/pg/client.js';
import type { PgDb } from '../../db/engine.js';
import { copyComplete, copyPlan, copyTables, copyVocabulary, verifyCopy } from '../../db/copy.js';
import { rebuildSearchIndex } from '../../db/reindex.js';
import { compareSearches, sampleQueries } from '../../server/search/compare.js';
import { createSession, createUser, findLogin, sessionAccount } from '../../db/users.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { loadConfig } from '../../server/config.js';
import { freshPgDatabase, pgTestUrl } from '../helpers/pg.js';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-copy-'));
const file = path.join(tmp, 'arkiv.db');
const drops: Array<() => Promise<void>> = [];
const pools: PgDb[] = [];

beforeAll(async () => {
  if (!pgTestUrl) return;
  const db = openDb(file);
  const seed = fs.readdirSync(path.join(root, 'fixtures/seed')).filter((f) => f.endsWith('.txt')).map((f) => path.join(root, 'fixtures/seed', f));
  const protocol = ['kf-2026-03-26.txt', 'reservation-ks-2026-06-17.txt', 'ks-2026-06-17.txt'].map((f) => path.join(root, 'fixtures/protocol-store', f));
  await importFiles(db, [...seed, ...protocol], loadConfig({}), { workers: 0 });
  const id = await createUser(db, { email: 'åsa@exempel.se', name: 'Åsa', role: 'secretary', municipality: 'Huddinge', parties: ['S'], passwordHash: 'h', mustChangePassword: true });
  await createSession(db, { tokenHash: 'kaka', userId: id, csrfToken: 'c', address: null, userAgent: null, ttlMs: 3_600_000 });
  closeDb(db);
}, 120_000);

afterAll(async () => {
  for (const p of pools) await closePg(p);
  for (const d of drops) await d();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function target(): Promise<PgDb> {
  const { url, drop } = await freshPgDatabase();
  drops.push(drop);
  const db = await openPg(url, { poolSize: 3 });
  pools.push(db);
  return db;
}

describe.skipIf(!pgTestUrl)('copying a SQLite archive to PostgreSQL', () => {
  it('copies every table in foreign-key order, resumes where it stopped without a row twice, and verifies', async () => {
    const sqlite = new Database(file, { readonly: true });
    const pg = await target();
    const seen: string[] = [];
    // Stopped inside the documents table (two rows a chunk): four of six copied.
    expect(await copyTables(sqlite, pg.pool, (p) => { if (!seen.includes(p.table)) seen.push(p.table); }, { stopAfterChunks: 2, chunkRows: 2 })).toEqual({ complete: false });
    expect(seen).toEqual(['documents']);
    expect((await pg.pool.query('SELECT count(*)::int AS n FROM documents')).rows[0].n).toBe(4);
    expect(await copyComplete(pg.pool)).toBe(false);
    // Stopped again further on, with other chunk sizes: still nothing twice.
    expect(await copyTables(sqlite, pg.pool, () => {}, { stopAfterChunks: 9, chunkRows: 3 })).toEqual({ complete: false });
    expect(await copyTables(sqlite, pg.pool)).toEqual({ complete: true });
    expect(await copyComplete(pg.pool)).toBe(true);
    // Parents before children: documents before files, users before sessions.
    const order = copyPlan().map((t) => t.name);
    expect(order.indexOf('documents')).toBeLessThan(order.indexOf('files'));
    expect(order.indexOf('files')).toBeLessThan(order.indexOf('file_contents'));
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('sessions'));
    const check = await verifyCopy(sqlite, pg.pool);
    expect(check.badFiles).toEqual([]);
    expect(check.tables.filter((t) => t.sqlite !== t.postgres)).toEqual([]);
    expect(check.tables.find((t) => t.table === 'documents')!.postgres).toBe(6);
    expect(check.tables.find((t) => t.table === 'protocol_paragraphs')!.postgres).toBeGreaterThan(1);
    // Same rows, byte for byte where it matters.
    const titles = sqlite.prepare('SELECT id, title, metadata_json FROM documents ORDER BY id').all();
    expect((await pg.pool.query('SELECT id, title, metadata_json FROM documents ORDER BY id')).rows).toEqual(titles);
    const bytes = sqlite.prepare('SELECT bytes FROM file_contents ORDER BY file_id').pluck().all() as Buffer[];
    expect((await pg.pool.query('SELECT bytes FROM file_contents ORDER BY file_id')).rows.map((r) => r.bytes as Buffer)).toEqual(bytes);
    // The account works on PostgreSQL: its boolean, its session, and the next id after the copied ones.
    expect(await findLogin(pg, 'ÅSA@exempel.se')).toMatchObject({ account: { mustChangePassword: true, parties: ['S'] } });
    expect(await sessionAccount(pg, 'kaka')).toMatchObject({ account: { email: 'åsa@exempel.se' } });
    const next = await createUser(pg, { email: 'ny@exempel.se', name: 'Ny', role: 'admin', municipality: null, parties: [], passwordHash: 'h', mustChangePassword: false });
    expect(next).toBe((sqlite.prepare('SELECT max(id) FROM users').pluck().get() as number) + 1);
    // A changed byte is found.
    await pg.pool.query("UPDATE file_contents SET bytes = overlay(bytes placing '\\x00'::bytea from 1 for 1) WHERE file_id = (SELECT min(file_id) FROM file_contents)");
    expect((await verifyCopy(sqlite, pg.pool)).badFiles).toHaveLength(1);
    sqlite.close();
  }, 120_000);

  it('answers a sample of searches on the copy as on the SQLite file, and finds a difference', async () => {
    const sqlite = new Database(file, { readonly: true });
    const pg = await target();
    expect(await copyTables(sqlite, pg.pool)).toEqual({ complete: true });
    await rebuildSearchIndex(pg, () => {});
    expect(await copyVocabulary(sqlite, pg.pool, 50)).toBeGreaterThan(100);
    const reader = openReadOnlyDb(file);
    const queries = await sampleQueries(reader);
    expect(queries.length).toBeGreaterThanOrEqual(20);
    expect(await compareSearches(reader, pg, queries)).toEqual([]);
    // A document missing from the copy's index is a different answer.
    const [{ id }] = (await pg.pool.query('SELECT min(rowid) AS id FROM search_fts')).rows as [{ id: number }];
    await pg.pool.query('DELETE FROM search_fts WHERE rowid = $1', [id]);
    expect((await compareSearches(reader, pg, queries)).length).toBeGreaterThan(0);
    closeDb(reader);
    sqlite.close();
  }, 120_000);

  it('refuses a target that already holds an archive it did not copy', async () => {
    const sqlite = new Database(file, { readonly: true });
    const pg = await target();
    await createUser(pg, { email: 'finns@exempel.se', name: 'Finns', role: 'admin', municipality: null, parties: [], passwordHash: 'h', mustChangePassword: false });
    await expect(copyTables(sqlite, pg.pool)).rejects.toThrow(/Måldatabasen har redan/);
    sqlite.close();
  }, 60_000);
});
