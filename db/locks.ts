/**
 * Locks that make a check-then-write safe when several server processes share the database: held
 * until the end of the caller's transaction. On PostgreSQL a transaction-scoped advisory lock on the
 * key (READ COMMITTED: a statement after the lock sees what the lock's previous holder committed); on
 * SQLite the write lock a write transaction takes serialises every writer already, so nothing more.
 */
import { sql } from 'drizzle-orm';
import { isPg, type Db } from './engine.js';

/** Waits until no other transaction holds `key`, and holds it until this transaction ends. */
export async function lockKey(tx: Db, key: string): Promise<void> {
  if (isPg(tx)) await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
