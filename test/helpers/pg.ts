/**
 * A fresh PostgreSQL database per test file on the server PG_TEST_URL names (a superuser URL, e.g.
 * from scripts/pg-cluster.sh; CI starts one and sets PG_REQUIRED=1, so there a missing server fails
 * instead of skipping). Each database is dropped after its file.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { closePg, openPg } from '../../db/pg/client.js';
import { isPg, type PgDb } from '../../db/engine.js';

export const pgTestUrl = process.env.PG_TEST_URL;
if (!pgTestUrl && process.env.PG_REQUIRED === '1') throw new Error('PG_REQUIRED=1 men PG_TEST_URL saknas');

/** Creates an empty database; returns its URL and a function that drops it (closing its connections). */
export async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!pgTestUrl) throw new Error('PG_TEST_URL saknas');
  const name = `standpunkt_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgTestUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  await admin.end();
  const u = new URL(pgTestUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: pgTestUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

/** The engines a contract test runs on: SQLite always, PostgreSQL where a server is given. */
export const testEngines = ['sqlite', ...(pgTestUrl ? ['postgres'] : [])] as Array<'sqlite' | 'postgres'>;

/**
 * Fresh empty archives for a test file: SQLite in memory, or a new PostgreSQL database (its URL for a
 * second process's pool). `cleanup()` (in afterAll) ends the pools and drops the databases.
 */
export function archives() {
  const drops: Array<() => Promise<void>> = [];
  const pools: PgDb[] = [];
  const sqlites: Db[] = [];
  return {
    async fresh(engine: 'sqlite' | 'postgres'): Promise<{ db: Db; url: string | null }> {
      if (engine === 'sqlite') { const db = openDb(':memory:'); sqlites.push(db); return { db, url: null }; }
      const { url, drop } = await freshPgDatabase();
      drops.push(drop);
      const db = await openPg(url, { poolSize: 4 });
      pools.push(db);
      return { db, url };
    },
    /** Two processes' pools on one fresh PostgreSQL database. */
    async pair(): Promise<{ a: PgDb; b: PgDb; url: string }> {
      const { db, url } = await this.fresh('postgres');
      return { a: db as PgDb, b: await this.another(url!), url: url! };
    },
    /** Another process's pool on the same database. */
    async another(url: string): Promise<PgDb> {
      const db = await openPg(url, { poolSize: 4 });
      pools.push(db);
      return db;
    },
    async cleanup(): Promise<void> {
      for (const db of sqlites) closeDb(db);
      for (const p of pools) await closePg(p);
      for (const d of drops) await d();
    },
  };
}

/** One plain SQL statement on either engine, `?` for each parameter; the rows it returns (SELECT, RETURNING), else none. */
export async function sqlOn<T = Record<string, unknown>>(db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  if (isPg(db)) {
    let n = 0;
    return (await db.$client.query(text.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
  }
  const st = db.$client.prepare(text);
  if (st.reader) return st.all(...params) as T[];
  st.run(...params);
  return [];
}
