/**
 * Login attempts for the limits in `server/accounts/rate-limit.ts`. A reservation counts and inserts
 * in one IMMEDIATE transaction, so two requests (or two server processes on this file) cannot both
 * see room for the last attempt.
 */
import { and, desc, eq, gt, inArray, lt } from 'drizzle-orm';
import { transaction, type Db } from './client.js';
import { loginAttempts } from './schema.js';
import { isPg } from './engine.js';
import * as pg from './pg/accounts.js';

export interface AttemptKeyRow {
  scope: string;
  keyHash: string;
  max: number;
  windowMs: number;
}

/**
 * Reserves one attempt for every key, or none: ids of the new 'pending' rows, or how long until the
 * fullest key has room again. Rows older than `keepMs` are deleted first, so the table holds only
 * the window's attempts (each row is deleted once, through the index on `at`).
 */
export async function reserveAttempts(db: Db, keys: AttemptKeyRow[], now: number, keepMs: number): Promise<{ ids: number[] } | { retryAfterMs: number }> {
  if (isPg(db)) return pg.reserveAttempts(db, keys, now, keepMs);
  return await transaction(db, async (tx) => {
    tx.delete(loginAttempts).where(lt(loginAttempts.at, now - keepMs)).run();
    let wait = 0;
    for (const k of keys) {
      // The max-th newest attempt in the window: the key has room again when it leaves the window.
      const row = tx.select({ at: loginAttempts.at }).from(loginAttempts)
        .where(and(eq(loginAttempts.scope, k.scope), eq(loginAttempts.keyHash, k.keyHash), gt(loginAttempts.at, now - k.windowMs)))
        .orderBy(desc(loginAttempts.at)).limit(1).offset(k.max - 1).get();
      if (row) wait = Math.max(wait, row.at + k.windowMs - now, 1);
    }
    if (wait > 0) return { retryAfterMs: wait };
    const ids = keys.map((k) => tx.insert(loginAttempts).values({ scope: k.scope, keyHash: k.keyHash, at: now, outcome: 'pending' })
      .returning({ id: loginAttempts.id }).get().id);
    return { ids };
  });
}

/** The password was wrong: the reserved rows stay, as failures. */
export async function failAttempts(db: Db, ids: number[]): Promise<void> {
  if (isPg(db)) return pg.failAttempts(db, ids);
  return transaction(db, async (db) => {
    if (ids.length) db.update(loginAttempts).set({ outcome: 'failed' }).where(inArray(loginAttempts.id, ids)).run();
  });
}

/**
 * The password was right: the reserved rows go, and so do the settled failures of `forgive` (the
 * person has shown they know the password). Attempts of others still being verified stay counted.
 */
export async function succeedAttempts(db: Db, ids: number[], forgive: Array<{ scope: string; keyHash: string }>): Promise<void> {
  if (isPg(db)) return pg.succeedAttempts(db, ids, forgive);
  await transaction(db, async (tx) => {
    if (ids.length) tx.delete(loginAttempts).where(inArray(loginAttempts.id, ids)).run();
    for (const f of forgive) {
      tx.delete(loginAttempts).where(and(eq(loginAttempts.scope, f.scope), eq(loginAttempts.keyHash, f.keyHash), eq(loginAttempts.outcome, 'failed'))).run();
    }
  });
}
