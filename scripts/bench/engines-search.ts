/**
 * Search and pages on both engines in one run (issue 17): one archive as a SQLite file and as its
 * copy on PostgreSQL (npm run db:copy's steps), each served by the real server (the `npm start`
 * bundle); 200 mixed queries, warm, one at a time through /api/search, interleaved query by query;
 * then /sok, /dokument and an ärende list under autocannon at 8 connections. Prints both side by side
 * with PostgreSQL's ratio to SQLite (goal: search p95 within 2×).
 * Usage: PG_TEST_URL=postgres://… npx tsx scripts/bench/engines-search.ts --reuse DIR [--sizes 10000] [--seconds 10]
 * DIR holds s<size>.db from `npm run bench:search -- --keep` (or any archive named so). The copy is
 * kept as database standpunkt_bench_<size> and reused when complete.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { closePg, openPg } from '../../db/pg/client.js';
import { copyComplete, copyTables, copyVocabulary } from '../../db/copy.js';
import { rebuildSearchIndex } from '../../db/reindex.js';
import { requireCorpus } from '../lib/corpus.js';
import { archiveBase } from '../lib/bench-corpus.js';
import { percentile } from '../lib/stats.js';
import { category, queryMix } from '../lib/search-queries.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1]! : fallback; };
const SIZES = opt('sizes', '10000').split(',').map(Number);
const SECONDS = Number(opt('seconds', '10'));
const reuse = opt('reuse', '');
const admin = process.env.PG_TEST_URL;
if (!admin) { console.error('PG_TEST_URL saknas: starta ett kluster med eval "$(bash scripts/pg-cluster.sh start)" och sätt PG_TEST_URL=$DATABASE_URL.'); process.exit(2); }
if (!reuse) { console.error('--reuse DIR saknas: en katalog med s<storlek>.db (npm run bench:search -- --keep).'); process.exit(2); }
requireCorpus();
const root = path.resolve(import.meta.dirname, '../..');

let nextPort = 4300 + Math.floor(Math.random() * 400);
async function serve(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const port = nextPort++;
  const child = spawn(process.execPath, [path.join(root, 'dist/server.mjs')], {
    cwd: root, stdio: 'ignore', env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SEED_DIR: '', LOG_LEVEL: 'warn', ...env },
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`servern avslutades (${child.exitCode})`);
    try { if ((await fetch(`http://127.0.0.1:${port}/api/search?q=kommun`)).ok) return { child, port }; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function timedGet(port: number, p: string): Promise<number> {
  const s = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${p}`);
  await res.arrayBuffer();
  if (!res.ok && res.status !== 400) throw new Error(`${p}: ${res.status}`);
  return performance.now() - s;
}

async function load(port: number, paths: string[]) {
  let i = 0;
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`, connections: 8, duration: SECONDS,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx };
}

/** The archive's copy on PostgreSQL, made once and kept. */
async function copyOf(file: string, size: number): Promise<string> {
  const name = `standpunkt_bench_${size}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  if ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 0) await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(admin!);
  u.pathname = `/${name}`;
  const db = await openPg(u.toString());
  if (!(await copyComplete(db.pool))) {
    const sqlite = new Database(file, { readonly: true });
    const t = performance.now();
    await copyTables(sqlite, db.pool);
    await rebuildSearchIndex(db, () => {});
    await copyVocabulary(sqlite, db.pool);
    sqlite.close();
    console.log(`kopierad till PostgreSQL på ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  await db.pool.query('VACUUM ANALYZE');
  await closePg(db);
  return u.toString();
}

const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const f1 = (x: number) => x.toFixed(1);

execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { cwd: root });
const queries = queryMix(await archiveBase());
console.log(`Maskin: ${os.availableParallelism()} kärnor, Node ${process.version}, belastning ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; ${queries.length} frågor.`);
for (const size of SIZES) {
  const file = path.join(reuse, `s${size}.db`);
  if (!fs.existsSync(file)) { console.error(`${file} finns inte`); process.exit(2); }
  const url = await copyOf(file, size);
  const lite = await serve({ DATABASE_PATH: file });
  const post = await serve({ DATABASE_URL: url });
  for (const q of queries) for (const s of [lite, post]) await timedGet(s.port, `/api/search?q=${encodeURIComponent(q)}`);
  const byCat = new Map<string, { lite: number[]; post: number[] }>();
  const all = { lite: [] as number[], post: [] as number[] };
  for (const q of queries) {
    const p = `/api/search?q=${encodeURIComponent(q)}`;
    const a = await timedGet(lite.port, p);
    const b = await timedGet(post.port, p);
    const c = byCat.get(category(q)) ?? { lite: [], post: [] };
    c.lite.push(a); c.post.push(b); byCat.set(category(q), c);
    all.lite.push(a); all.post.push(b);
  }
  const singles = queries.filter((q) => category(q) === 'ett ord').map((q) => `/sok?q=${encodeURIComponent(q)}`);
  const pages: Array<[string, string[]]> = [
    ['/sok?q=ord', singles],
    ['/dokument (listor, sidor 1–20)', Array.from({ length: 20 }, (_, i) => `/dokument?sida=${i + 1}`)],
    ['/dokument/:id', Array.from({ length: 50 }, (_, i) => `/dokument/${1 + ((i * 197) % size)}`)],
    ['/arenden', ['/arenden']],
  ];
  const loads: Array<[string, Awaited<ReturnType<typeof load>>, Awaited<ReturnType<typeof load>>]> = [];
  for (const [name, paths] of pages) loads.push([name, await load(lite.port, paths), await load(post.port, paths)]);
  lite.child.kill('SIGTERM');
  post.child.kill('SIGTERM');
  const p95 = (xs: number[]) => percentile(xs, 95);
  console.log(`\n## ${size.toLocaleString('sv-SE')} dokument\n`);
  console.log(row(['mått', 'SQLite', 'PostgreSQL', 'PostgreSQL / SQLite']));
  console.log(row(['---', '---', '---', '---']));
  console.log(row([`/api/search p95, ${queries.length} blandade frågor`, `${f1(p95(all.lite))} ms`, `${f1(p95(all.post))} ms`, (p95(all.post) / p95(all.lite)).toFixed(2)]));
  for (const [cat, xs] of byCat) console.log(row([`/api/search p95 ${cat} (${xs.lite.length})`, `${f1(p95(xs.lite))} ms`, `${f1(p95(xs.post))} ms`, (p95(xs.post) / p95(xs.lite)).toFixed(2)]));
  console.log(row(['/api/search p50', `${f1(percentile(all.lite, 50))} ms`, `${f1(percentile(all.post, 50))} ms`, (percentile(all.post, 50) / percentile(all.lite, 50)).toFixed(2)]));
  for (const [name, a, b] of loads) {
    console.log(row([`${name}, 8 anslutningar, ${SECONDS} s`, `${f1(a.rps)} req/s, p99 ${a.p99} ms`, `${f1(b.rps)} req/s, p99 ${b.p99} ms`, `${(b.rps / a.rps).toFixed(2)}×`]));
    if (a.non2xx || b.non2xx) console.log(`OBS: svar utan 2xx: SQLite ${a.non2xx}, PostgreSQL ${b.non2xx}`);
  }
}
