/**
 * The committed PostgreSQL migrations on a real server: a fresh database migrated through drizzle's
 * node-postgres migrator has exactly the tables, columns, indexes and triggers of db/pg/schema.ts
 * (and SQLite's triggers), and a document with its bytes (bytea) and its search vectors (tsvector
 * from the project's own analysis) round-trips.
 * Needs PG_TEST_URL (a superuser URL, e.g. from scripts/pg-cluster.sh); CI starts a throwaway
 * cluster and sets PG_REQUIRED=1, so there a missing server fails instead of skipping.
 */
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { eq } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/pg/schema.js';
import { closeDb, openDb } from '../../db/client.js';
import { paragraphUnitId } from '../../db/search-units.js';
import { exactTokens, indexTokens } from '../../server/analysis/swedish.js';
import { fromRoot } from '../../server/paths.js';
import { drizzlePgShape, pgTables } from './shape.js';

const url = process.env.PG_TEST_URL;
if (!url && process.env.PG_REQUIRED === '1') throw new Error('PG_REQUIRED=1 men PG_TEST_URL saknas');

const dbName = `standpunkt_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
let admin: pg.Client;
let pool: pg.Pool;
let db: NodePgDatabase<typeof schema>;

const rows = async <T>(q: string, params: unknown[] = []): Promise<T[]> => (await pool.query(q, params)).rows as T[];

beforeAll(async () => {
  if (!url) return;
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  // A Swedish ICU default collation where the server has one: the vocabulary's byte order must not
  // depend on the database's locale (the throwaway cluster's own is C.UTF-8, which would hide it).
  const icu = (await admin.query("SELECT current_setting('server_version_num')::int >= 150000 AND EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'sv-SE-x-icu') AS ok")).rows[0].ok as boolean;
  await admin.query(`CREATE DATABASE "${dbName}" TEMPLATE template0 ENCODING 'UTF8'${icu ? " LOCALE_PROVIDER icu ICU_LOCALE 'sv-SE' LOCALE 'C.UTF-8'" : ''}`);
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  pool = new pg.Pool({ connectionString: u.toString(), max: 2 });
  // DROP DATABASE … WITH (FORCE) ends connections a closing pool still holds: their error is expected.
  pool.on('error', () => {});
  db = drizzle(pool, { schema });
  await migrate(db, { migrationsFolder: fromRoot('db', 'pg', 'migrations') });
});

afterAll(async () => {
  if (!url) return;
  await pool?.end();
  if (!admin) return;
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
});

describe.skipIf(!url)('PostgreSQL migrations on a real server', () => {
  it('creates exactly the tables and columns of db/pg/schema.ts, with their types', async () => {
    const cols = await rows<{ table_name: string; column_name: string; data_type: string; is_nullable: string; collation_name: string | null }>(
      `SELECT table_name, column_name, data_type, is_nullable, collation_name FROM information_schema.columns
       WHERE table_schema = 'public' ORDER BY table_name, column_name`);
    const live = new Map<string, string[]>();
    for (const c of cols) {
      const type = `${c.data_type}${c.collation_name === 'C' ? ' COLLATE "C"' : ''}`;
      live.set(c.table_name, [...(live.get(c.table_name) ?? []), `${c.column_name} ${type}${c.is_nullable === 'NO' ? ' not null' : ''}`]);
    }
    const expected = new Map(pgTables().map(drizzlePgShape).map((t) => [t.name, t.columns.map((c) => `${c.name} ${c.type}${c.notNull ? ' not null' : ''}`)]));
    expect([...live.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, columns] of expected) expect(live.get(name), name).toEqual(columns);
  });

  it('creates every index of the schema (GIN for the search vectors) and the triggers SQLite has', async () => {
    const idx = await rows<{ indexname: string; indexdef: string }>("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'");
    const names = new Set(idx.map((i) => i.indexname));
    for (const t of pgTables().map(drizzlePgShape)) for (const i of t.indexes) expect(names, `${t.name}: ${i.name}`).toContain(i.name);
    expect(idx.find((i) => i.indexname === 'search_fts_terms_idx')!.indexdef).toMatch(/USING gin \(terms\)/);
    expect(idx.find((i) => i.indexname === 'paragraph_texts_reused_idx')!.indexdef).toMatch(/WHERE \(reuse_count > 0\)/);

    const sqlite = openDb(':memory:');
    const expected = (sqlite.$client.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as Array<{ name: string; tbl_name: string }>).map((t) => `${t.name} ON ${t.tbl_name}`);
    closeDb(sqlite);
    const live = await rows<{ t: string }>("SELECT tgname || ' ON ' || tgrelid::regclass::text AS t FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname");
    expect(live.map((r) => r.t)).toEqual(expected);
  });

  it('seeds what the SQLite migrations seed, and sv_lower() lowercases Swedish', async () => {
    expect((await db.select().from(schema.parties)).length).toBe(15);
    expect((await db.select().from(schema.dataVersion))).toEqual([{ id: 1, n: 0 }]);
    const [seq] = await db.select().from(schema.searchSeq);
    expect(seq!.n).toBe(0);
    expect(seq!.epoch).toMatch(/^[0-9a-f]{16}$/);
    const [r] = await rows<{ l: string; n: string | null }>("SELECT sv_lower('ÅSA ÖBERG ÄR HÄR, ÉLAN') AS l, sv_lower(NULL) AS n");
    expect(r).toEqual({ l: 'åsa öberg är här, élan'.toLocaleLowerCase('sv'), n: null });
  });

  it('round-trips a document with its bytes as bytea, defaults, cascades and the unique file hash', async () => {
    const bytes = Buffer.concat([Buffer.from([0, 255, 0, 1]), crypto.randomBytes(4096), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const before = (await db.select().from(schema.dataVersion))[0]!.n;
    const id = await db.transaction(async (tx) => {
      const [d] = await tx.insert(schema.documents).values({ kind: 'protokollsanteckning', title: 'Förskolans lokaler', text: 'Vi välkomnar …', metadataJson: '{}' }).returning();
      const [f] = await tx.insert(schema.files).values({ documentId: d!.id, sha256, byteSize: bytes.length, mediaType: 'application/pdf', originalFilename: 'anteckning.pdf' }).returning();
      await tx.insert(schema.fileContents).values({ fileId: f!.id, bytes });
      return d!.id;
    });
    const [doc] = await db.select().from(schema.documents).where(eq(schema.documents.id, id));
    expect(doc!.textStatus).toBe('ok');
    // SQLite's default format: strftime('%Y-%m-%dT%H:%M:%fZ','now').
    expect(doc!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(Date.parse(doc!.createdAt) - Date.now())).toBeLessThan(60_000);
    expect((await db.select().from(schema.dataVersion))[0]!.n).toBeGreaterThan(before);

    const [back] = await db.select({ bytes: schema.fileContents.bytes, sha256: schema.files.sha256 })
      .from(schema.fileContents).innerJoin(schema.files, eq(schema.files.id, schema.fileContents.fileId)).where(eq(schema.files.documentId, id));
    expect(Buffer.isBuffer(back!.bytes)).toBe(true);
    expect(back!.bytes.equals(bytes)).toBe(true);
    expect(back!.sha256).toBe(sha256);

    // The same bytes stored twice: the unique index refuses the second row, whoever checks first.
    const second = db.insert(schema.files).values({ documentId: id, sha256, byteSize: bytes.length, mediaType: 'application/pdf', originalFilename: 'igen.pdf' });
    await expect(second).rejects.toMatchObject({ cause: { code: '23505', constraint: 'files_sha256_idx' } });

    // 48-bit hashes and millisecond times are int8, read back as numbers.
    const hash = 2 ** 48 - 3;
    await db.insert(schema.paragraphTexts).values({ exactHash: hash, signature: Buffer.from([1, 2, 3]), documents: 1 });
    await db.insert(schema.paragraphs).values({ documentId: id, position: 0, exactHash: hash });
    expect((await db.select({ h: schema.paragraphs.exactHash }).from(schema.paragraphs).where(eq(schema.paragraphs.documentId, id)))[0]!.h).toBe(hash);
    expect((await db.select({ s: schema.paragraphTexts.signature }).from(schema.paragraphTexts).where(eq(schema.paragraphTexts.exactHash, hash)))[0]!.s.equals(Buffer.from([1, 2, 3]))).toBe(true);

    await db.delete(schema.documents).where(eq(schema.documents.id, id));
    expect(await rows('SELECT 1 FROM files WHERE document_id = $1', [id])).toEqual([]);
    expect(await rows('SELECT 1 FROM file_contents fc WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.id = fc.file_id)')).toEqual([]);
    expect(await rows('SELECT 1 FROM paragraphs WHERE document_id = $1', [id])).toEqual([]);
  });

  it('round-trips search vectors built from the analysed tokens: same lexemes, field weights, phrases, prefixes and rank order', async () => {
    const title = 'Förskolans lokaler i Flemingsberg';
    const arende = 'Ärende 9 KS-2022/123 Kommunfullmäktige Huddinge kommun';
    const people = 'Åsa Öberg V Vänsterpartiet';
    const body = 'Vi välkomnar att förskolan får större lokaler, men våra barn behöver också gröna gårdar. Covid-19 och 3D-skrivare, 2023.';
    const exact = [exactTokens(title), exactTokens(arende), exactTokens(body)].join(' ');
    const insert = (rowid: number, t: string, a: string, p: string, b: string, e: string) => pool.query(
      'INSERT INTO search_fts (rowid, terms, exact) VALUES ($1, search_vector($2, $3, $4, $5), to_tsvector(\'simple\', $6))',
      [rowid, indexTokens(t), indexTokens(a), indexTokens(p), indexTokens(b), e]);
    const unit = paragraphUnitId(2_000_000_000, 65_535);
    await insert(1, title, arende, people, body, exact);
    // A protocol paragraph's unit: a negative rowid past int4.
    await insert(unit, 'Budget', '', '', 'lokaler för förskolan', exactTokens('Budget lokaler för förskolan'));

    // `simple` splits the tokens and changes none of them: the vector holds exactly what server/analysis made.
    const lexemes = await rows<{ lexeme: string; weights: string[] }>('SELECT lexeme, weights FROM unnest((SELECT terms FROM search_fts WHERE rowid = 1))');
    const tokens = [title, arende, people, body].map((f) => indexTokens(f).split(' ').filter(Boolean));
    expect(lexemes.map((l) => l.lexeme).sort()).toEqual([...new Set(tokens.flat())].sort());
    const exactLexemes = await rows<{ lexeme: string }>('SELECT lexeme FROM unnest((SELECT exact FROM search_fts WHERE rowid = 1))');
    expect(exactLexemes.map((l) => l.lexeme).sort()).toEqual([...new Set(exact.split(' '))].sort());
    // Each field's tokens carry its weight (a token in several fields carries several).
    const weightOf = new Map(lexemes.map((l) => [l.lexeme, new Set(l.weights)]));
    for (const [i, w] of (['A', 'B', 'C', 'D'] as const).entries()) for (const t of tokens[i]!) expect(weightOf.get(t), `${t} ${w}`).toContain(w);

    const match = async (where: string, q: string) => (await rows<{ rowid: string }>(`SELECT rowid FROM search_fts WHERE ${where} ORDER BY rowid`, [q])).map((r) => Number(r.rowid));
    // "lokalerna" and "lokaler" share the stem: matched in both units without PostgreSQL stemming anything.
    expect(indexTokens('lokalerna')).toBe(indexTokens('lokaler'));
    expect(await match("terms @@ to_tsquery('simple', $1)", indexTokens('lokalerna'))).toEqual([unit, 1]);
    expect(await match("terms @@ to_tsquery('simple', $1)", 'lokalerna')).toEqual([]);
    expect(await match("exact @@ phraseto_tsquery('simple', $1)", exactTokens('större lokaler'))).toEqual([1]);
    expect(await match("exact @@ phraseto_tsquery('simple', $1)", exactTokens('lokaler större'))).toEqual([]);
    expect(await match("exact @@ to_tsquery('simple', $1)", 'flemings:*')).toEqual([1]);
    // A stemmed phrase holds within a field, never across two (as FTS5's columns): the title ends
    // "… flemingsberg", the ärende begins "ärende 9".
    expect(await match("terms @@ phraseto_tsquery('simple', $1)", indexTokens('lokaler i Flemingsberg'))).toEqual([1]);
    expect(await match("terms @@ phraseto_tsquery('simple', $1)", indexTokens('Flemingsberg ärende'))).toEqual([]);
    expect(await match("terms @@ to_tsquery('simple', $1)", `${indexTokens('Flemingsberg')} & ${indexTokens('ärende')}`)).toEqual([1]);
    expect(await match("exact @@ to_tsquery('simple', $1)", `${exactTokens('Covid')} & ${exactTokens('19')}`)).toEqual([1]);
    // The document holds "lokaler" in its title, the unit only in its body: with the title's weight first.
    const ranked = await rows<{ rowid: string }>(`SELECT rowid FROM search_fts WHERE terms @@ to_tsquery('simple', $1)
      ORDER BY ts_rank('${schema.TS_RANK_WEIGHTS}', terms, to_tsquery('simple', $1)) DESC`, [indexTokens('lokaler')]);
    expect(ranked.map((r) => Number(r.rowid))).toEqual([1, unit]);
    // A document's units are one range of the key, as FTS5's rowids are (db/search-units.ts).
    expect(await rows('SELECT rowid FROM search_fts WHERE rowid BETWEEN $1 AND $2', [paragraphUnitId(2_000_000_000, 65_535), paragraphUnitId(2_000_000_000, 0)])).toHaveLength(1);
  });

  it('orders the search vocabulary byte by byte, as SQLite does, whatever the database collation', async () => {
    const words = ['a', 'B', 'é', 'f', 'ö', 'z', 'å', 'ä', 'aa', 'Z', '1'];
    await db.insert(schema.searchWords).values(words.map((word) => ({ word, docCount: 1 })));
    const pgOrder = (await rows<{ word: string }>('SELECT word FROM search_words ORDER BY word')).map((r) => r.word);
    const s = new Database(':memory:');
    s.exec('CREATE TABLE w (word text PRIMARY KEY)');
    const ins = s.prepare('INSERT INTO w VALUES (?)');
    for (const w of words) ins.run(w);
    const sqliteOrder = s.prepare('SELECT word FROM w ORDER BY word').pluck().all() as string[];
    s.close();
    expect(pgOrder).toEqual(sqliteOrder);
    // A prefix range scan as db/search.ts runs it (word >= p AND word < p + U+FFFF).
    const prefix = (await rows<{ word: string }>('SELECT word FROM search_words WHERE word >= $1 AND word < $2 ORDER BY word', ['a', 'a\uffff'])).map((r) => r.word);
    expect(prefix).toEqual(['a', 'aa']);
  });
});
