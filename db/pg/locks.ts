/**
 * Transaction-scoped advisory locks for the linking projections on PostgreSQL: what a check-then-insert
 * reads must not change under it until its transaction commits, or two server processes storing
 * documents at the same moment would both find nothing and both create. A lock is held to the end of
 * the transaction that took it (a savepoint's release keeps it); called outside a transaction, the
 * work runs in a transaction of its own so the lock covers its writes.
 */
import { sql } from 'drizzle-orm';
import { lockKey } from '../locks.js';

export { inTx } from './client.js';
import type { PgDb } from '../engine.js';

/** Two-key lock spaces (pg_advisory_xact_lock(int, int)): apart from the one-key hashed locks of accounts. */
export const LOCK_MEMBERSHIPS = 17_001;
export const LOCK_ANSWERS = 17_002;

/**
 * One lock per linking scope (a document's municipality, else body, else ''): people and ärenden of a
 * scope are resolved by one transaction at a time. A document resolves all its people and ärenden in
 * its own scope, so its transaction takes one such lock, and two of them cannot wait for each other.
 */
export async function lockScope(tx: PgDb, scope: string): Promise<void> {
  await lockKey(tx, `linking:${scope}`);
}

/** Locks the ids of one lock space in ascending order (two transactions taking the same ids cannot deadlock). */
export async function lockIds(tx: PgDb, space: number, ids: Iterable<number>): Promise<void> {
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) await tx.execute(sql`SELECT pg_advisory_xact_lock(${space}::int, ${id}::int)`);
}

