/**
 * Caches read models that aggregate the whole archive (home counts, party overviews) until the
 * data changes. `data_version.n` is bumped by triggers on every relevant write, from any process,
 * so a cached answer is never stale and checking costs one indexed read.
 */
import type { Db } from './client.js';
import { isPg, type SqliteDb } from './engine.js';
import * as pg from './pg/read-cache.js';

const caches = new WeakMap<Db, { version: number; values: Map<string, unknown> }>();

function currentVersion(db: SqliteDb): number {
  return db.$client.prepare('SELECT n FROM data_version WHERE id = 1').pluck().get() as number;
}

/** The cached value for `key`, computed by `compute` when the data changed since. */
export async function cached<T>(db: Db, key: string, compute: () => Promise<T> | T): Promise<T> {
  const version = isPg(db) ? await pg.currentVersion(db) : currentVersion(db);
  let c = caches.get(db);
  if (!c || c.version !== version) {
    c = { version, values: new Map() };
    caches.set(db, c);
  }
  if (c.values.has(key)) return c.values.get(key) as T;
  const value = await compute();
  // Bounded: party codes and a handful of page keys, never user-controlled free text.
  if (c.values.size < 500) c.values.set(key, value);
  return value;
}
