/**
 * The two storage engines behind one repository layer (issue 17). Every repository function takes a
 * `Db`, either engine's handle, and answers the same; which engine it is was chosen at start-up
 * (DATABASE_URL). A function begins by asking `isPg(db)` and hands a PostgreSQL handle to its
 * implementation in `db/pg/`; the rest of its body is the SQLite implementation.
 */
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type * as schema from './schema.js';
import type * as pgSchema from './pg/schema.js';

/** The embedded default: one better-sqlite3 connection with drizzle over it. */
export type SqliteDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database; engine: 'sqlite' };

/**
 * A PostgreSQL handle: the pool (outside a transaction) or the one client a transaction holds, with
 * drizzle over it. `pool` is always the pool, for what must not run inside the transaction.
 */
export type PgDb = NodePgDatabase<typeof pgSchema> & { $client: pg.Pool | pg.PoolClient; engine: 'postgres'; pool: pg.Pool };

/** Either engine's handle: what every repository function takes. */
export type Db = SqliteDb | PgDb;

export function isPg(db: Db): db is PgDb {
  return db.engine === 'postgres';
}

/** A read the database stopped at its time limit (PostgreSQL's statement_timeout), whichever engine. */
export class StatementTimeoutError extends Error {}

/** Thrown by a repository function that has no PostgreSQL implementation yet. */
export class UnportedError extends Error {}

/**
 * For a repository function still without its PostgreSQL implementation: says which, rather than
 * failing somewhere inside SQLite code with a PostgreSQL handle.
 */
export function unported(name: string): never {
  throw new UnportedError(`${name} finns ännu inte för PostgreSQL (issue 17).`);
}
