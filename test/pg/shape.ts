/**
 * Engine-neutral descriptions of tables (columns, primary keys, indexes, foreign keys) read from
 * drizzle's table configs and from a migrated SQLite database, so the two schemas can be compared.
 */
import { is, SQL } from 'drizzle-orm';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import type Database from 'better-sqlite3';
import * as sqliteSchema from '../../db/schema.js';
import * as pgSchema from '../../db/pg/schema.js';

export interface ColumnShape { name: string; type: string; notNull: boolean; hasDefault: boolean; literalDefault?: unknown }
export interface IndexShape { name: string; columns: string[]; unique: boolean; partial: boolean }
export interface ForeignKeyShape { columns: string[]; table: string; foreignColumns: string[]; onDelete: string }
export interface TableShape {
  name: string;
  columns: ColumnShape[];
  primaryKey: string[];
  indexes: IndexShape[];
  foreignKeys: ForeignKeyShape[];
}

const byName = <T extends { name: string }>(xs: T[]) => [...xs].sort((a, b) => a.name.localeCompare(b.name));
const fkKey = (f: ForeignKeyShape) => `${f.columns.join(',')}>${f.table}`;
const sortFks = (fks: ForeignKeyShape[]) => [...fks].sort((a, b) => fkKey(a).localeCompare(fkKey(b)));
const columnName = (c: unknown): string => (is(c, SQL) ? '<expression>' : String((c as { name?: string }).name));

export const sqliteTables = (): SQLiteTable[] => (Object.values(sqliteSchema) as unknown[]).filter((x): x is SQLiteTable => is(x, SQLiteTable));
export const pgTables = (): PgTable[] => (Object.values(pgSchema) as unknown[]).filter((x): x is PgTable => is(x, PgTable));

/** A table of db/schema.ts as drizzle configures it; types are SQLite's (integer, text, real, blob, boolean). */
export function drizzleSqliteShape(table: SQLiteTable): TableShape {
  const c = sqliteConfig(table);
  const pk = c.columns.filter((col) => col.primary).map((col) => col.name);
  for (const p of c.primaryKeys) pk.push(...p.columns.map((col) => col.name));
  return {
    name: c.name,
    columns: byName(c.columns.map((col) => ({
      name: col.name,
      type: col.columnType === 'SQLiteBoolean' ? 'boolean' : col.getSQLType(),
      notNull: col.notNull || col.primary,
      // drizzle flags every INTEGER PRIMARY KEY as defaulted (SQLite's rowid); only AUTOINCREMENT is an identity.
      hasDefault: col.default !== undefined || (col as { autoIncrement?: boolean }).autoIncrement === true,
      ...(col.hasDefault && !is(col.default, SQL) ? { literalDefault: col.default } : {}),
    }))),
    primaryKey: pk.sort(),
    indexes: byName(c.indexes.map((i) => ({
      name: i.config.name, columns: i.config.columns.map(columnName), unique: i.config.unique, partial: i.config.where !== undefined,
    }))),
    foreignKeys: sortFks(c.foreignKeys.map((f) => {
      const r = f.reference();
      return { columns: r.columns.map((x) => x.name), table: sqliteConfig(r.foreignTable).name, foreignColumns: r.foreignColumns.map((x) => x.name), onDelete: f.onDelete ?? 'no action' };
    })),
  };
}

/** A table of db/pg/schema.ts as drizzle configures it; types are PostgreSQL's. */
export function drizzlePgShape(table: PgTable): TableShape {
  const c = pgConfig(table);
  const pk = c.columns.filter((col) => col.primary).map((col) => col.name);
  for (const p of c.primaryKeys) pk.push(...p.columns.map((col) => col.name));
  return {
    name: c.name,
    columns: byName(c.columns.map((col) => ({
      name: col.name,
      type: col.getSQLType(),
      notNull: col.notNull || col.primary,
      // An identity column is SQLite's AUTOINCREMENT: a value when none is given.
      hasDefault: col.hasDefault || col.generatedIdentity !== undefined,
      ...(col.hasDefault && !is(col.default, SQL) ? { literalDefault: col.default } : {}),
    }))),
    primaryKey: pk.sort(),
    indexes: byName(c.indexes.map((i) => ({
      name: i.config.name!, columns: i.config.columns.map(columnName), unique: i.config.unique, partial: i.config.where !== undefined,
    }))),
    foreignKeys: sortFks(c.foreignKeys.map((f) => {
      const r = f.reference();
      return { columns: r.columns.map((x) => x.name), table: pgConfig(r.foreignTable).name, foreignColumns: r.foreignColumns.map((x) => x.name), onDelete: f.onDelete ?? 'no action' };
    })),
  };
}

/** Tables of a migrated SQLite database: virtual tables (FTS5) and their shadow tables apart. */
export function sqliteCatalog(c: Database.Database): { tables: string[]; virtual: string[] } {
  const rows = c.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'").all() as Array<{ name: string; sql: string }>;
  const virtual = rows.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql)).map((r) => r.name);
  const shadow = (n: string) => virtual.some((v) => n.startsWith(`${v}_`));
  return { tables: rows.map((r) => r.name).filter((n) => !virtual.includes(n) && !shadow(n)).sort(), virtual: virtual.sort() };
}

/** A table as the migrated SQLite database holds it (raw SQL migrations included); types as declared. */
export function migratedSqliteShape(c: Database.Database, table: string): TableShape {
  // Only an AUTOINCREMENT key is given a value by SQLite in the sense a default is (identity in PostgreSQL).
  const autoIncrement = /AUTOINCREMENT/i.test((c.prepare("SELECT sql FROM sqlite_master WHERE name = ?").get(table) as { sql: string }).sql);
  const cols = c.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>;
  const indexes = (c.prepare(`PRAGMA index_list("${table}")`).all() as Array<{ name: string; unique: number; origin: string; partial: number }>)
    // Indexes SQLite makes for PRIMARY KEY constraints are the primary key, compared as such.
    .filter((i) => i.origin !== 'pk')
    .map((i) => ({
      name: i.name,
      columns: (c.prepare(`PRAGMA index_info("${i.name}")`).all() as Array<{ seqno: number; name: string }>).sort((a, b) => a.seqno - b.seqno).map((x) => x.name),
      unique: i.unique === 1,
      partial: i.partial === 1,
    }));
  const fkRows = c.prepare(`PRAGMA foreign_key_list("${table}")`).all() as Array<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }>;
  const fks = new Map<number, ForeignKeyShape>();
  for (const r of fkRows.sort((a, b) => a.seq - b.seq)) {
    const f = fks.get(r.id) ?? { columns: [], table: r.table, foreignColumns: [], onDelete: r.on_delete.toLowerCase() };
    f.columns.push(r.from);
    f.foreignColumns.push(r.to);
    fks.set(r.id, f);
  }
  return {
    name: table,
    columns: byName(cols.map((x) => ({ name: x.name, type: x.type.toLowerCase(), notNull: x.notnull === 1 || x.pk > 0, hasDefault: x.dflt_value !== null || (x.pk > 0 && autoIncrement) }))),
    primaryKey: cols.filter((x) => x.pk > 0).map((x) => x.name).sort(),
    indexes: byName(indexes),
    foreignKeys: sortFks([...fks.values()]),
  };
}

/**
 * PostgreSQL types that hold what an SQLite type holds: INTEGER is int4 or int8 (or a boolean where
 * drizzle stores one as 0/1), REAL is double precision (SQLite's REAL is 8 bytes), BLOB is bytea.
 */
export function pgTypesFor(sqliteType: string): string[] {
  switch (sqliteType) {
    case 'integer': return ['integer', 'bigint'];
    case 'boolean': return ['boolean'];
    case 'text': return ['text', 'text COLLATE "C"'];
    case 'real': return ['double precision'];
    case 'blob': return ['bytea'];
    default: return [];
  }
}
