/** Opens the SQLite database with its pragmas and applies the committed migrations. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { fromRoot } from '../server/paths.js';
import { beginVocabularyBatch, discardVocabularyBatch, dropDocumentVocabulary, flushVocabularyBatch, keepDocumentVocabulary } from './search-index.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A database or an open transaction: what repository functions take. */
export type Executor = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;

const migrationsFolder = fromRoot('db', 'migrations');

/** Opens (creating if needed) and migrates the database at `file`; ':memory:' for tests. */
export function openDb(file: string): Db {
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
function withDrizzle(sqlite: Database.Database): Db {
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
  const db = drizzle(client, { schema }) as Db;
  // Repositories that prepare their own statements use the connection itself.
  db.$client = sqlite;
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
export function openReadOnlyDb(file: string): Db {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  registerFunctions(sqlite);
  return withDrizzle(sqlite);
}

/**
 * Runs `work` as one transaction and returns what it returns; inside another transaction it is a
 * savepoint of that one. The handle `work` gets is what every repository call of the use-case takes:
 * on SQLite the connection itself (one connection, so every statement in between is the transaction's).
 */
export function transaction<T>(db: Db, work: (tx: Db) => T): T {
  return db.$client.transaction(() => work(db))();
}

/** Closes the underlying connection. */
export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}

/**
 * A write transaction that stays open across turns of the event loop, for the bulk import: the
 * documents of one batch are written one per turn, so finished analyses are taken and the workers
 * handed their next files while this thread writes. Nothing else may use the connection meanwhile
 * (its statements would join the batch). Each document is written through `document()` and keeps
 * its own savepoint inside; the batch's search vocabulary is written once, at commit.
 */
export function openWriteBatch(db: Db): { document: <T>(write: () => T) => T; commit: () => void; rollback: () => void } {
  const c = db.$client;
  c.prepare('BEGIN IMMEDIATE').run();
  beginVocabularyBatch(c);
  return {
    document: <T>(write: () => T): T => {
      try {
        const r = write();
        keepDocumentVocabulary(c);
        return r;
      } catch (err) {
        dropDocumentVocabulary(c);
        throw err;
      }
    },
    commit: () => {
      flushVocabularyBatch(c);
      c.prepare('COMMIT').run();
    },
    rollback: () => {
      discardVocabularyBatch(c);
      if (c.inTransaction) c.prepare('ROLLBACK').run();
    },
  };
}
