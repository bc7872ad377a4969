/** Opens the SQLite database with its pragmas and applies the committed migrations. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { fromRoot } from '../server/paths.js';

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
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
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
  return drizzle(sqlite, { schema }) as Db;
}

/** Closes the underlying connection. */
export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}
