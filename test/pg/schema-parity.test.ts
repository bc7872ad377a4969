/**
 * The PostgreSQL schema (db/pg/schema.ts and its migrations) holds what the SQLite schema holds:
 * every table, column, key, index and foreign key of db/schema.ts (drizzle's table configs) and of
 * the migrated SQLite database (tables, triggers and the FTS5 table that exist only in raw SQL
 * migrations), so a migration on one engine without the other fails here. Needs no PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, openDb, type SqliteDb as Db } from '../../db/client.js';
import { SEARCH_EXACT_COLUMN, SEARCH_WEIGHTS } from '../../db/pg/schema.js';
import { fromRoot } from '../../server/paths.js';
import {
  drizzlePgShape, drizzleSqliteShape, migratedSqliteShape, pgTables, pgTypesFor, sqliteCatalog, sqliteTables, type TableShape,
} from './shape.js';

const pg = new Map(pgTables().map((t) => { const s = drizzlePgShape(t); return [s.name, s]; }));
const db: Db = openDb(':memory:');
afterAll(() => closeDb(db));
const catalog = sqliteCatalog(db.$client);

/** Asserts that `p` (PostgreSQL) holds what `s` (SQLite) holds, naming the table and column on failure. */
function expectSameShape(s: TableShape, p: TableShape | undefined, opts: { integerMayBeBoolean?: boolean } = {}): void {
  expect(p, `PostgreSQL saknar tabellen ${s.name}`).toBeDefined();
  expect(p!.columns.map((c) => c.name), `kolumner i ${s.name}`).toEqual(s.columns.map((c) => c.name));
  for (const sc of s.columns) {
    const pc = p!.columns.find((c) => c.name === sc.name)!;
    const allowed = [...pgTypesFor(sc.type), ...(opts.integerMayBeBoolean && sc.type === 'integer' ? ['boolean'] : [])];
    expect(allowed, `${s.name}.${sc.name}: ${sc.type} i SQLite, ${pc.type} i PostgreSQL`).toContain(pc.type);
    expect(pc.notNull, `${s.name}.${sc.name} NOT NULL`).toBe(sc.notNull);
    expect(pc.hasDefault, `${s.name}.${sc.name} har standardvärde`).toBe(sc.hasDefault);
    if ('literalDefault' in sc && 'literalDefault' in pc) expect(pc.literalDefault, `${s.name}.${sc.name} standardvärde`).toEqual(sc.literalDefault);
  }
  expect(p!.primaryKey, `primärnyckel i ${s.name}`).toEqual(s.primaryKey);
  expect(p!.indexes, `index på ${s.name}`).toEqual(s.indexes);
  expect(p!.foreignKeys, `främmande nycklar i ${s.name}`).toEqual(s.foreignKeys);
}

describe('PostgreSQL schema parity with SQLite', () => {
  it('has every table of db/schema.ts with the same columns, types, keys, indexes and foreign keys', () => {
    const tables = sqliteTables().map(drizzleSqliteShape);
    expect(tables.length).toBeGreaterThan(30);
    for (const s of tables) expectSameShape(s, pg.get(s.name));
  });

  it('has every table the SQLite migrations create (raw SQL ones too), and no table SQLite lacks', () => {
    expect(catalog.tables).toContain('search_facets');
    for (const name of catalog.tables) expectSameShape(migratedSqliteShape(db.$client, name), pg.get(name), { integerMayBeBoolean: true });
    // search_fts is FTS5 in SQLite: its counterpart is checked below.
    expect([...pg.keys()].sort()).toEqual([...catalog.tables, ...catalog.virtual].sort());
  });

  it('maps every FTS5 column onto search_fts: the stemmed fields as tsvector weights, exact as its own vector', () => {
    expect(catalog.virtual).toEqual(['search_fts']);
    const fts5 = (db.$client.prepare('PRAGMA table_info(search_fts)').all() as Array<{ name: string }>).map((c) => c.name);
    expect([...Object.keys(SEARCH_WEIGHTS), SEARCH_EXACT_COLUMN].sort()).toEqual([...fts5].sort());
    // Four weights, one per stemmed field, none shared.
    expect(new Set(Object.values(SEARCH_WEIGHTS))).toEqual(new Set(['A', 'B', 'C', 'D']));
    const p = pg.get('search_fts')!;
    // len: the unit's tokens, which FTS5 keeps per row (its docsize) for bm25's length normalisation.
    expect(p.columns.map((c) => [c.name, c.type])).toEqual([['exact', 'tsvector'], ['len', 'integer'], ['rowid', 'bigint'], ['terms', 'tsvector']]);
    expect(p.primaryKey).toEqual(['rowid']);
    expect(p.indexes.map((i) => i.columns)).toEqual([['exact'], ['terms']]);
    const sql = pgMigrationSql();
    // The weights the hand-written search_vector() gives are the ones SEARCH_WEIGHTS names.
    for (const [field, weight] of Object.entries(SEARCH_WEIGHTS)) {
      expect(sql, `search_vector() ger ${field} vikten ${weight}`).toMatch(new RegExp(`to_tsvector\\('simple', coalesce\\(${field}, ''\\)\\), '${weight}'\\)`));
    }
    expect(sql).toMatch(/USING gin \("terms"\)/);
    expect(sql).toMatch(/USING gin \("exact"\)/);
  });

  it('has each SQLite trigger under the same name, on the same table and event', () => {
    const sqlite = (db.$client.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as Array<{ name: string; tbl_name: string; sql: string }>)
      .map((t) => {
        const m = /(BEFORE|AFTER)\s+(INSERT|UPDATE|DELETE)(?:\s+OF\s+`?(\w+)`?)?\s+ON/i.exec(t.sql)!;
        return [t.name, t.tbl_name, m[1]!.toUpperCase(), m[2]!.toUpperCase(), m[3] ?? null];
      });
    expect(sqlite.length).toBeGreaterThan(0);
    // A later migration may drop a trigger an earlier one created.
    const dropped = new Set([...pgMigrationSql().matchAll(/DROP TRIGGER "(\w+)"/g)].map((m) => m[1]));
    const pgTriggers = [...pgMigrationSql().matchAll(/CREATE TRIGGER "(\w+)" (BEFORE|AFTER) (INSERT|UPDATE|DELETE)(?: OF "(\w+)")? ON "(\w+)"/g)]
      .filter((m) => !dropped.has(m[1]))
      .map((m) => [m[1], m[5], m[2], m[3], m[4] ?? null])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(pgTriggers).toEqual(sqlite);
  });

  it('defines every SQL function the SQLite connection registers', () => {
    const registered = [...fs.readFileSync(fromRoot('db', 'client.ts'), 'utf8').matchAll(/\.function\('(\w+)'/g)].map((m) => m[1]);
    expect(registered).toContain('sv_lower');
    for (const name of registered) expect(pgMigrationSql(), `PostgreSQL saknar funktionen ${name}()`).toContain(`CREATE FUNCTION "${name}"(`);
  });

  it('has committed PostgreSQL migrations that are up to date with db/pg/schema.ts (drizzle-kit generates nothing new)', () => {
    // drizzle-kit wants a relative output folder: a copy of the committed one in a temp dir.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-generate-'));
    try {
      fs.cpSync(fromRoot('db', 'pg', 'migrations'), path.join(dir, 'migrations'), { recursive: true });
      const before = fs.readdirSync(path.join(dir, 'migrations')).sort();
      const out = execFileSync(fromRoot('node_modules', '.bin', 'drizzle-kit'),
        ['generate', '--dialect', 'postgresql', '--schema', fromRoot('db', 'pg', 'schema.ts'), '--out', './migrations'],
        { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
      expect(fs.readdirSync(path.join(dir, 'migrations')).sort(), `npm run db:generate:pg behövs:\n${out}`).toEqual(before);
      expect(out).toMatch(/No schema changes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function pgMigrationSql(): string {
  const folder = fromRoot('db', 'pg', 'migrations');
  return fs.readdirSync(folder).filter((f) => f.endsWith('.sql')).sort().map((f) => fs.readFileSync(path.join(folder, f), 'utf8')).join('\n');
}
