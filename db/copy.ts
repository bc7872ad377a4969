/**
 * Moves an archive from a SQLite file to a PostgreSQL database (npm run db:copy, issue 17): every
 * table of db/pg/schema.ts in foreign-key order, in chunks read by primary key; each chunk and the
 * note of how far the copy has come are one PostgreSQL transaction, so a copy stopped anywhere
 * (Ctrl-C, a lost connection, a full disk) continues where it stood and never writes a row twice.
 * The search index is not copied (SQLite's is a contentless FTS5 table that cannot be read back):
 * it is built on PostgreSQL from the copied documents by the same analysis. Then it is verified:
 * rows per table, and every file's bytes against its sha256.
 */
import type Database from 'better-sqlite3';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { is } from 'drizzle-orm';
import type pg from 'pg';
import * as pgSchema from './pg/schema.js';

/** Tables PostgreSQL fills itself: the search index (rebuilt), counters its migrations seed. */
const NOT_COPIED = new Set(['search_fts', 'search_terms', 'search_words', 'search_facets', 'search_seq', 'data_version']);
/** Bound parameters per INSERT stay well under PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;
/** A chunk of large rows (file bytes) ends past this many bytes. */
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
const PROGRESS = '_standpunkt_copy';

export interface CopyTable { name: string; columns: Array<{ name: string; boolean: boolean; identity: boolean }>; key: string[] }

/** The tables to copy, each after the tables its foreign keys point to. */
export function copyPlan(): CopyTable[] {
  const tables = (Object.values(pgSchema) as unknown[]).filter((t): t is PgTable => is(t, PgTable)).map((t) => getTableConfig(t));
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: typeof tables = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const t = byName.get(name)!;
    for (const fk of t.foreignKeys) {
      const to = getTableConfig(fk.reference().foreignTable).name;
      if (to !== name) visit(to);
    }
    ordered.push(t);
  };
  for (const t of tables) visit(t.name);
  return ordered.filter((t) => !NOT_COPIED.has(t.name)).map((t) => ({
    name: t.name,
    columns: t.columns.map((c) => ({ name: c.name, boolean: c.columnType === 'PgBoolean', identity: c.generatedIdentity !== undefined })),
    key: [],
  }));
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The primary key's columns in SQLite (the chunks' order and the resume point); rowid where there is none. */
function keyOf(sqlite: Database.Database, table: string): string[] {
  const cols = sqlite.prepare(`PRAGMA table_info(${q(table)})`).all() as Array<{ name: string; pk: number }>;
  const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  return pk.length ? pk : ['rowid'];
}

export interface CopyProgress { table: string; done: number; total: number }

/**
 * Copies what is not copied yet. `stopAfterChunks` stops early and `chunkRows` makes chunks smaller (tests of resuming). Throws when
 * the target holds documents that no earlier copy of this kind wrote.
 */
export async function copyTables(sqlite: Database.Database, target: pg.Pool, onProgress: (p: CopyProgress) => void = () => {}, opts: { stopAfterChunks?: number; chunkRows?: number } = {}): Promise<{ complete: boolean }> {
  await target.query(`CREATE TABLE IF NOT EXISTS ${PROGRESS} (table_name text PRIMARY KEY, last_key text, done boolean NOT NULL DEFAULT false)`);
  const started = (await target.query(`SELECT count(*)::int AS n FROM ${PROGRESS}`)).rows[0].n as number;
  if (started === 0) {
    const existing = (await target.query('SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM users) AS n')).rows[0].n as string;
    if (Number(existing) > 0) throw new Error('Måldatabasen har redan dokument eller konton som ingen tidigare kopiering skrev: välj en tom databas.');
  }
  let chunks = 0;
  for (const table of copyPlan()) {
    const key = keyOf(sqlite, table.name);
    const state = (await target.query(`SELECT last_key, done FROM ${PROGRESS} WHERE table_name = $1`, [table.name])).rows[0] as { last_key: string | null; done: boolean } | undefined;
    const total = sqlite.prepare(`SELECT count(*) FROM ${q(table.name)}`).pluck().get() as number;
    if (state?.done) { onProgress({ table: table.name, done: total, total }); continue; }
    let last = state?.last_key ? JSON.parse(state.last_key) as unknown[] : null;
    const cols = table.columns.map((c) => c.name);
    const select = `SELECT ${key.map((k) => `${q(k)} AS ${q(`__key_${k}`)}`).join(', ')}, ${cols.map(q).join(', ')} FROM ${q(table.name)}`;
    const after = `(${key.map(q).join(', ')}) > (${key.map(() => '?').join(', ')})`;
    const perChunk = Math.max(1, Math.min(opts.chunkRows ?? 2000, Math.floor(MAX_PARAMS / cols.length)));
    const first = sqlite.prepare(`${select} ORDER BY ${key.map(q).join(', ')} LIMIT ?`);
    const next = sqlite.prepare(`${select} WHERE ${after} ORDER BY ${key.map(q).join(', ')} LIMIT ?`);
    // Resumed: what is left is what lies past the last key copied.
    let done = last === null ? 0 : total - (sqlite.prepare(`SELECT count(*) FROM ${q(table.name)} WHERE ${after}`).pluck().get(...last) as number);
    onProgress({ table: table.name, done, total });
    for (;;) {
      const rows = (last === null ? first.all(perChunk) : next.all(...last, perChunk)) as Array<Record<string, unknown>>;
      // Large rows: fewer per transaction, so a chunk never holds hundreds of megabytes.
      let bytes = 0;
      let take = 0;
      while (take < rows.length && (take === 0 || bytes < MAX_CHUNK_BYTES)) {
        for (const c of cols) { const v = rows[take]![c]; if (Buffer.isBuffer(v)) bytes += v.length; else if (typeof v === 'string') bytes += v.length; }
        take++;
      }
      const chunk = rows.slice(0, take);
      const client = await target.connect();
      try {
        await client.query('BEGIN');
        // A table not begun holds at most what the migrations seeded (the parties): the source's rows replace them.
        if (state === undefined && last === null) await client.query(`DELETE FROM ${q(table.name)}`);
        if (chunk.length) {
          const params: unknown[] = [];
          const tuples = chunk.map((r) => `(${table.columns.map((c) => {
            const v = r[c.name];
            params.push(c.boolean && typeof v === 'number' ? v !== 0 : v);
            return `$${params.length}`;
          }).join(', ')})`);
          const identity = table.columns.some((c) => c.identity) ? ' OVERRIDING SYSTEM VALUE' : '';
          await client.query(`INSERT INTO ${q(table.name)} (${cols.map(q).join(', ')})${identity} VALUES ${tuples.join(', ')}`, params);
          const end = chunk[chunk.length - 1]!;
          last = key.map((k) => end[`__key_${k}`]);
        }
        const finished = chunk.length < perChunk && take === rows.length;
        await client.query(`INSERT INTO ${PROGRESS} (table_name, last_key, done) VALUES ($1, $2, $3)
          ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key, done = excluded.done`, [table.name, last === null ? null : JSON.stringify(last), finished]);
        await client.query('COMMIT');
        done += chunk.length;
        onProgress({ table: table.name, done, total });
        if (opts.stopAfterChunks !== undefined && ++chunks >= opts.stopAfterChunks) return { complete: false };
        if (finished) break;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    }
  }
  // Identity columns continue after the copied ids, as SQLite's autoincrement would.
  for (const table of copyPlan()) {
    for (const c of table.columns.filter((x) => x.identity)) {
      await target.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${q(c.name)}) FROM ${q(table.name)}), 0) + 1, false)`, [table.name, c.name]);
    }
  }
  return { complete: true };
}

/** Whether every table was copied to the end. */
export async function copyComplete(target: pg.Pool): Promise<boolean> {
  const exists = (await target.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [PROGRESS])).rows[0].ok as boolean;
  if (!exists) return false;
  const done = (await target.query(`SELECT count(*)::int AS n FROM ${PROGRESS} WHERE done`)).rows[0].n as number;
  return done === copyPlan().length;
}

export interface CopyCheck { table: string; sqlite: number; postgres: number }

/** Rows per table on both sides, and the files whose bytes on PostgreSQL do not match their sha256. */
export async function verifyCopy(sqlite: Database.Database, target: pg.Pool): Promise<{ tables: CopyCheck[]; badFiles: number[] }> {
  const tables: CopyCheck[] = [];
  for (const t of copyPlan()) {
    const a = sqlite.prepare(`SELECT count(*) FROM ${q(t.name)}`).pluck().get() as number;
    const b = Number((await target.query(`SELECT count(*) AS n FROM ${q(t.name)}`)).rows[0].n);
    tables.push({ table: t.name, sqlite: a, postgres: b });
  }
  const bad = await target.query(`SELECT f.id FROM files f JOIN file_contents c ON c.file_id = f.id
    WHERE encode(sha256(c.bytes), 'hex') <> f.sha256 ORDER BY f.id`);
  return { tables, badFiles: bad.rows.map((r) => r.id as number) };
}

/**
 * The vocabularies' counts as SQLite has them, over the ones the rebuilt index counted. SQLite's only
 * grow (a removed document's words stay counted), and the counts choose which compounds a word is
 * widened to and what a query may cost: with the same counts both engines expand every query alike.
 */
export async function copyVocabulary(sqlite: Database.Database, target: pg.Pool, chunkRows = 20_000): Promise<number> {
  let copied = 0;
  for (const [table, key, columns] of [['search_terms', 'term', ['term', 'rev', 'doc_count']], ['search_words', 'word', ['word', 'doc_count']]] as const) {
    let last = '';
    for (;;) {
      const rows = sqlite.prepare(`SELECT ${columns.join(', ')} FROM ${table} WHERE ${key} > ? ORDER BY ${key} LIMIT ?`).raw().all(last, chunkRows) as unknown[][];
      if (rows.length === 0) break;
      const arrays = columns.map((_, i) => rows.map((r) => r[i]));
      const types = columns.map((c) => (c === 'doc_count' ? 'int[]' : 'text[]'));
      await target.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}`).join(', ')})
        ON CONFLICT (${key}) DO UPDATE SET doc_count = excluded.doc_count`, arrays);
      last = rows[rows.length - 1]![0] as string;
      copied += rows.length;
    }
  }
  return copied;
}
