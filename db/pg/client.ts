/**
 * PostgreSQL handles (issue 17): a pool with drizzle over it, migrated from db/pg/migrations at open,
 * and transactions on one client of the pool. A transaction's handle is bound to its client, so every
 * repository call made with it is inside the transaction; a transaction on that handle is a savepoint.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as pgSchema from './schema.js';
import { StatementTimeoutError, type PgDb } from '../engine.js';
import { fromRoot } from '../../server/paths.js';

/**
 * int8 (counts, sums, bigint columns) as JavaScript numbers, as SQLite gives them: every such value
 * here (ids, counts, millisecond times, 48-bit hashes) is far below 2^53. Set for the process: drizzle
 * passes its own type parsers with each query and falls back to pg's global ones for the rest.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

/** Connections per process: a request holds one only for its statements or its transaction. */
const POOL_SIZE = 10;

function handle(client: pg.Pool | pg.PoolClient, pool: pg.Pool): PgDb {
  const db = drizzle(client, { schema: pgSchema }) as unknown as PgDb;
  db.$client = client;
  db.engine = 'postgres';
  db.pool = pool;
  return db;
}

/** Any number: the advisory lock several processes starting at once migrate under, one after another. */
const MIGRATION_LOCK = 0x5374_6e64;

/**
 * Opens a pool on `url` and applies the committed migrations. Several server processes may start at
 * once: drizzle's migrator takes no lock of its own (two at once collide creating its table), so
 * each migrates under a session advisory lock, and the later ones find nothing left to do.
 */
export async function openPg(url: string, opts: { poolSize?: number } = {}): Promise<PgDb> {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? POOL_SIZE });
  // An idle client's error (the server restarted) must not bring the process down; the next query reconnects.
  pool.on('error', () => {});
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(handle(client, pool), { migrationsFolder: fromRoot('db', 'pg', 'migrations') });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return handle(pool, pool);
}

/** Ends the pool (every connection of this handle's process). */
export async function closePg(db: PgDb): Promise<void> {
  await db.pool.end();
}

const depthOf = new WeakMap<PgDb, number>();

/** Runs `work` on `db` when it is a transaction's handle (no savepoint), else in a transaction of its own. */
export async function inTx<T>(db: PgDb, work: (tx: PgDb) => Promise<T>): Promise<T> {
  return db.$client !== db.pool ? work(db) : pgTransaction(db, work);
}

/**
 * A transaction held open across turns of the event loop (the bulk import's write batch): one client
 * of the pool, its handle for every statement of the batch (a use-case on it is a savepoint).
 */
export async function openHeldTransaction(db: PgDb): Promise<{ tx: PgDb; commit: () => Promise<void>; rollback: () => Promise<void> }> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
  } catch (err) {
    client.release(true);
    throw err;
  }
  const tx = handle(client, db.pool);
  depthOf.set(tx, 0);
  let open = true;
  return {
    tx,
    commit: async () => {
      if (!open) return;
      open = false;
      try { await client.query('COMMIT'); client.release(); } catch (err) { client.release(true); throw err; }
    },
    rollback: async () => {
      if (!open) return;
      open = false;
      let broken = false;
      try { await client.query('ROLLBACK'); } catch { broken = true; }
      client.release(broken);
    },
  };
}

/**
 * Runs `work` in one read-only REPEATABLE READ transaction, so every statement sees one snapshot
 * (a search's facet rows and its match), each statement cut off after `timeoutMs` (statement_timeout:
 * PostgreSQL stops a long search where SQLite's cannot be). On a transaction's handle, in that one.
 */
export async function pgReadSnapshot<T>(db: PgDb, work: (tx: PgDb) => Promise<T>, timeoutMs: number): Promise<T> {
  if (depthOf.has(db)) return work(db);
  try {
    return await pgTransaction(db, work, `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
  } catch (err) {
    if ((err as { code?: string }).code === QUERY_CANCELED) throw new StatementTimeoutError((err as Error).message);
    throw err;
  }
}

/** SQLSTATE of a statement cut off by statement_timeout (or a cancel request). */
const QUERY_CANCELED = '57014';

/**
 * Runs `work` in one transaction on a client of the pool (READ COMMITTED, as PostgreSQL's default;
 * the repository functions that must see a stable state lock what they read), or as a savepoint
 * when `db` is already a transaction's handle. `begin` opens it (pgReadSnapshot: a read-only snapshot).
 */
export async function pgTransaction<T>(db: PgDb, work: (tx: PgDb) => Promise<T> | T, begin = 'BEGIN'): Promise<T> {
  const depth = depthOf.get(db);
  if (depth !== undefined) {
    const client = db.$client as pg.PoolClient;
    const name = `sp${depth + 1}`;
    await client.query(`SAVEPOINT ${name}`);
    const inner = handle(client, db.pool);
    depthOf.set(inner, depth + 1);
    try {
      const r = await work(inner);
      await client.query(`RELEASE SAVEPOINT ${name}`);
      return r;
    } catch (err) {
      await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await client.query(`RELEASE SAVEPOINT ${name}`);
      throw err;
    }
  }
  const client = await db.pool.connect();
  let broken = false;
  try {
    await client.query(begin);
    const tx = handle(client, db.pool);
    depthOf.set(tx, 0);
    try {
      const r = await work(tx);
      await client.query('COMMIT');
      return r;
    } catch (err) {
      try { await client.query('ROLLBACK'); } catch { broken = true; }
      throw err;
    }
  } finally {
    // A client whose ROLLBACK failed (connection lost) is not given back to the pool.
    client.release(broken);
  }
}
