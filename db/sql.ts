/**
 * Raw SQL that reads the same on both engines, written once: drizzle's `sql` template binds the
 * values for either driver, and these run it on the engine the handle is. The few spellings that
 * differ come from here too (a list of ids, a grouped string, byte-order text), so a query that
 * uses them is one query, not two.
 */
import { sql, type SQL } from 'drizzle-orm';
import { isPg, type Db } from './engine.js';

/** Every row of `q`. */
export async function rows<T>(db: Db, q: SQL): Promise<T[]> {
  if (isPg(db)) return (await db.execute(q)).rows as T[];
  return db.all<T>(q);
}

/** The first row of `q`, or undefined. */
export async function row<T>(db: Db, q: SQL): Promise<T | undefined> {
  if (isPg(db)) return (await db.execute(q)).rows[0] as T | undefined;
  return db.get<T | undefined>(q);
}

/** `column IN (ids)` with the list as one value (a statement's variable count must not grow with it). */
export function inIds(db: Db, column: SQL, ids: number[]): SQL {
  const list = JSON.stringify(ids);
  return isPg(db) ? sql`${column} IN (SELECT value::int FROM json_array_elements_text(${list}::json))` : sql`${column} IN (SELECT value FROM json_each(${list}))`;
}

/** The distinct values of `expr` joined by commas (in no particular order, as SQLite's group_concat). */
export function distinctList(db: Db, expr: SQL): SQL {
  return isPg(db) ? sql`string_agg(DISTINCT ${expr}, ',')` : sql`group_concat(DISTINCT ${expr})`;
}

/** Text compared byte by byte, as SQLite's BINARY: the same order on both engines whatever the database's locale. */
export function bytewise(db: Db, expr: SQL): SQL {
  return isPg(db) ? sql`${expr} COLLATE "C"` : expr;
}

/** Runs a statement that returns no rows; how many rows it changed. */
export async function exec(db: Db, q: SQL): Promise<number> {
  if (isPg(db)) return (await db.execute(q)).rowCount ?? 0;
  return db.run(q).changes;
}
