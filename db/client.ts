/** Opens the SQLite database with its pragmas and applies the committed migrations. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { fromRoot } from '../server/paths.js';
import { isPg, type Db, type PgDb, type SqliteDb } from './engine.js';
import { openHeldTransaction, pgTransaction } from './pg/client.js';
import { beginVocabularyBatch, discardVocabularyBatch, dropDocumentVocabulary, flushVocabularyBatch, keepDocumentVocabulary } from './search-index.js';

export type { Db, PgDb, SqliteDb } from './engine.js';
/** A database or an open transaction: what repository functions take. */
export type Executor = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;

const migrationsFolder = fromRoot('db', 'migrations');

/** Opens (creating if needed) and migrates the database at `file`; ':memory:' for tests. */
export function openDb(file: string): SqliteDb {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // WAL makes NORMAL durable against application crashes; only power loss may drop the last commit.
  sqlite.pragma('synchronous = NORMAL');
  registerFunctions(sqlite);
  const db = withDrizzle(sqlite);
  migrate(db, { migrationsFolder });
  return db;
}

/** Statements kept per connection for drizzle's queries; more shapes than this are prepared afresh. */
const STATEMENT_CACHE = 500;

/**
 * Drizzle prepares a new statement for every query it runs; preparing cost as much as running the
 * import's small statements (a tenth of the write thread). Its queries have one SQL text per shape
 * with the values bound, so one statement per text serves every call. Only drizzle's queries go
 * through the cache: statements the repositories prepare themselves keep their own modes (pluck).
 */
function withDrizzle(sqlite: Database.Database): SqliteDb {
  const cache = new Map<string, Database.Statement>();
  const client = Object.create(sqlite) as Database.Database;
  client.prepare = ((source: string) => {
    const hit = cache.get(source);
    // A statement still being iterated cannot run again until it is done: prepare another.
    if (hit && !hit.busy) {
      cache.delete(source);
      cache.set(source, hit);
      // Drizzle reads some queries as arrays (raw) and others as objects through the same text.
      if (hit.reader) hit.raw(false);
      return hit;
    }
    const stmt = sqlite.prepare(source);
    if (!hit) {
      cache.set(source, stmt);
      if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    }
    return stmt;
  }) as Database.Database['prepare'];
  const db = drizzle(client, { schema }) as SqliteDb;
  // Repositories that prepare their own statements use the connection itself.
  db.$client = sqlite;
  db.engine = 'sqlite';
  return db;
}

function registerFunctions(sqlite: Database.Database): void {
  // Swedish-aware lowercase for filters (SQLite's lower() only folds ASCII: Ö stays Ö).
  sqlite.function('sv_lower', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.toLocaleLowerCase('sv') : s));
}

/**
 * A read-only connection to a database another connection has opened and migrated (the search
 * worker's): no migrations, no writes; WAL lets it read while the server writes.
 */
export function openReadOnlyDb(file: string): SqliteDb {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  registerFunctions(sqlite);
  return withDrizzle(sqlite);
}

/** Answers once the database answers a trivial query (the health check). */
export async function ping(db: Db): Promise<void> {
  if (isPg(db)) { await db.$client.query('SELECT 1'); return; }
  db.$client.prepare('SELECT 1').get();
}

/** Handles inside a transaction, with their savepoint depth: a transaction on one of them is a savepoint of it. */
const depthOf = new WeakMap<SqliteDb, number>();
/** Per connection: the end of the last transaction queued on it. */
const queues = new WeakMap<Database.Database, Promise<void>>();

/**
 * Runs `work` as one transaction and returns what it returns; on a handle that is inside a
 * transaction, as a savepoint of that one. The handle `work` gets is what every repository call of
 * the use-case takes. One SQLite connection serves the whole process, so transactions on it take
 * turns: each waits for the one before to end (commit or roll back), and no statement of another
 * request's transaction runs inside this one. On SQLite it takes the write lock at BEGIN (IMMEDIATE):
 * another process's writer waits for it there and then reads what this one committed, where a
 * deferred transaction that read first would fail to upgrade (SQLITE_BUSY). `immediate: false` for
 * a transaction that only reads.
 */
export async function transaction<H extends Db, T>(db: H, work: (tx: H) => Promise<T> | T, opts: { immediate?: boolean } = {}): Promise<T> {
  // Each engine hands `work` a handle of its own kind: H is that kind.
  if (isPg(db)) return pgTransaction(db, work as unknown as (tx: PgDb) => Promise<T> | T);
  return sqliteTransaction(db as SqliteDb, work as unknown as (tx: SqliteDb) => Promise<T> | T, opts);
}

async function sqliteTransaction<T>(db: SqliteDb, work: (tx: SqliteDb) => Promise<T> | T, opts: { immediate?: boolean }): Promise<T> {
  const c = db.$client;
  const depth = depthOf.get(db);
  if (depth !== undefined) {
    const name = `sp${depth + 1}`;
    c.prepare(`SAVEPOINT ${name}`).run();
    const inner = Object.create(db) as SqliteDb;
    depthOf.set(inner, depth + 1);
    try {
      const r = await work(inner);
      c.prepare(`RELEASE ${name}`).run();
      return r;
    } catch (err) {
      c.prepare(`ROLLBACK TO ${name}`).run();
      c.prepare(`RELEASE ${name}`).run();
      throw err;
    }
  }
  const release = await turn(c);
  try {
    c.prepare(opts.immediate === false ? 'BEGIN' : 'BEGIN IMMEDIATE').run();
    const tx = Object.create(db) as SqliteDb;
    depthOf.set(tx, 0);
    try {
      const r = await work(tx);
      c.prepare('COMMIT').run();
      return r;
    } catch (err) {
      if (c.inTransaction) c.prepare('ROLLBACK').run();
      throw err;
    }
  } finally {
    release();
  }
}

/** Waits for the connection's turn: resolves, with the function that ends the turn, once every transaction queued before has ended. */
async function turn(c: Database.Database): Promise<() => void> {
  const before = queues.get(c) ?? Promise.resolve();
  let end!: () => void;
  const mine = new Promise<void>((resolve) => { end = resolve; });
  queues.set(c, mine);
  await before;
  return () => {
    if (queues.get(c) === mine) queues.delete(c);
    end();
  };
}

/** Closes the underlying connection. */
/** Closes the underlying connection (a PostgreSQL handle's pool ends in the background; await closePg for it). */
export function closeDb(db: Db): void {
  if (isPg(db)) { void db.pool.end().catch(() => {}); return; }
  if (db.$client.open) db.$client.close();
}

/** A batch's document(): the write through the batch's handle, its vocabulary kept with it or dropped with it. */
function batchDocument(tx: Db, key: object): WriteBatch['document'] {
  return async <T>(write: (tx: Db) => Promise<T>): Promise<T> => {
    try {
      const r = await write(tx);
      keepDocumentVocabulary(key);
      return r;
    } catch (err) {
      dropDocumentVocabulary(key);
      throw err;
    }
  };
}

/** The write batch on PostgreSQL: one held transaction, the vocabulary counted per batch as on SQLite. */
async function openPgWriteBatch(db: PgDb): Promise<WriteBatch> {
  const held = await openHeldTransaction(db);
  const key = held.tx.$client;
  beginVocabularyBatch(key);
  return {
    document: batchDocument(held.tx, key),
    commit: async () => {
      try {
        await flushVocabularyBatch(held.tx);
        await held.commit();
      } catch (err) {
        await held.rollback();
        throw err;
      } finally {
        discardVocabularyBatch(key);
      }
    },
    rollback: async () => {
      discardVocabularyBatch(key);
      await held.rollback();
    },
  };
}

/** A bulk import's write transaction (openWriteBatch). */
export interface WriteBatch {
  /** Writes one document through the batch's handle, in its own savepoint (the use-case's transaction nests). */
  document<T>(write: (tx: Db) => Promise<T>): Promise<T>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * A write transaction that stays open across turns of the event loop, for the bulk import: the
 * documents of one batch are written one per turn, so finished analyses are taken and the workers
 * handed their next files while this thread writes. It holds the connection's turn like any
 * transaction (others wait for its commit). The batch's search vocabulary is written once, at commit.
 */
export async function openWriteBatch(db: Db): Promise<WriteBatch> {
  if (isPg(db)) return openPgWriteBatch(db);
  const c = db.$client;
  const release = await turn(c);
  try {
    c.prepare('BEGIN IMMEDIATE').run();
  } catch (err) {
    release();
    throw err;
  }
  beginVocabularyBatch(c);
  const tx = Object.create(db) as SqliteDb;
  depthOf.set(tx, 0);
  let open = true;
  const end = () => { if (open) { open = false; release(); } };
  return {
    document: batchDocument(tx, c),
    commit: async () => {
      try {
        await flushVocabularyBatch(db);
        c.prepare('COMMIT').run();
      } finally {
        end();
      }
    },
    rollback: async () => {
      discardVocabularyBatch(c);
      if (c.inTransaction) c.prepare('ROLLBACK').run();
      end();
    },
  };
}
