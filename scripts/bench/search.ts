/**
 * Search and import at archive scale, side by side with a bare-FTS5 reference in the same run
 * (issue 16). For each size (default 10,000 and 100,000 documents built from ../shared/corpus,
 * real texts first, then variants of them):
 *  - the project's import of the text files, through `npm run import`'s importFiles() in a child
 *    process (rate over the run and its first and last 10%, CPU per document, peak RSS), against
 *    the reference's build from the same files;
 *  - start-up of the real server (the `npm start` bundle) to its first answer;
 *  - 200 mixed queries (single words, two words, phrases, prefixes, filtered), warm, one at a time
 *    through the project's /api/search and the reference's, interleaved query by query;
 *  - /sok?q=word under autocannon at 8 connections on both.
 * The reference (scripts/lib/reference-fts.ts, scripts/bench/reference-fts-server.ts): one FTS5
 * table (unicode61, bm25(), snippet(), count(*)) behind a small node:http server.
 * Usage: npm run bench:search [-- --sizes 10000,100000] [--seconds 15] [--keep] [--reuse DIR]
 * --keep leaves the files and databases in a temporary folder; --reuse DIR takes DIR/s<size>.db
 * and DIR/text-<size> from an earlier --keep run instead of importing again.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { requireCorpus } from '../lib/corpus.js';
import { archiveBase, textAt, writeTextFiles } from '../lib/bench-corpus.js';
import { buildReference } from '../lib/reference-fts.js';
import { percentile } from '../lib/stats.js';
import { category, queryMix } from '../lib/search-queries.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1]! : fallback; };
const SIZES = opt('sizes', '10000,100000').split(',').map(Number);
const SECONDS = Number(opt('seconds', '15'));
requireCorpus();
const root = path.resolve(import.meta.dirname, '../..');

interface Server { child: ChildProcess; port: number; startMs: number }

async function waitFor(port: number, started: number, child: ChildProcess): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`servern på port ${port} avslutades (${child.exitCode})`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/search?q=kommun`);
      if (res.ok) return performance.now() - started;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 20));
  }
}

let nextPort = 3900 + Math.floor(Math.random() * 400);
async function startProject(dbFile: string): Promise<Server> {
  const port = nextPort++;
  const started = performance.now();
  // As npm start runs it: the bundle from scripts/build-server.mjs, by node itself, so the pid (and its RSS) is the server's.
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist/server.mjs')], {
    cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: dbFile, SEED_DIR: '', LOG_LEVEL: 'warn' }, stdio: 'ignore',
  });
  return { child, port, startMs: await waitFor(port, started, child) };
}

async function startReference(dbFile: string): Promise<Server> {
  const port = nextPort++;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bench/reference-fts-server.ts'), dbFile, String(port)], { cwd: root, stdio: 'ignore' });
  return { child, port, startMs: await waitFor(port, started, child) };
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function timedGet(port: number, pathAndQuery: string): Promise<number> {
  const s = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${pathAndQuery}`);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status}`);
  return performance.now() - s;
}

async function load(port: number, queries: string[]): Promise<{ rps: number; p99: number; p50: number; non2xx: number }> {
  let i = 0;
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`, connections: 8, duration: SECONDS,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/sok?q=${encodeURIComponent(queries[i++ % queries.length]!)}` }) }],
  });
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, non2xx: r.non2xx };
}

interface ImportFigures { imported: number; seconds: number; rate: number; first10: number; last10: number; cpuMsPerDoc: number; peakRssMb: number; dbMb: number; failed: number; duplicates: number }

function importWithProject(dir: string, dbFile: string): ImportFigures {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bench/import-profile.ts'), '--dir', dir, '--keep', dbFile, '--json'],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ImportFigures;
}

const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');

async function main() {
  execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { cwd: root });
  const base = await archiveBase();
  const queries = queryMix(base);
  const singles = queries.filter((q) => category(q) === 'ett ord');
  console.log(`Maskin: ${os.availableParallelism()} kärnor, Node ${process.version}, belastning ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}. ${base.length} verkliga texter; ${queries.length} frågor.`);
  const reuse = argv.indexOf('--reuse') >= 0 ? path.resolve(opt('reuse', '')) : null;
  const tmp = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-search-'));
  for (const size of SIZES) {
    const dir = path.join(tmp, `text-${size}`);
    const dbFile = path.join(tmp, `s${size}.db`);
    const refFile = path.join(tmp, `ref${size}.db`);
    const reused = reuse !== null && fs.existsSync(dbFile) && fs.existsSync(dir);
    let imp: ImportFigures | null = null;
    if (!reused) {
      fs.rmSync(dir, { recursive: true, force: true });
      writeTextFiles(dir, size, (i) => textAt(base, i));
      imp = importWithProject(dir, dbFile);
    }
    const files = fs.readdirSync(dir).sort().map((n) => path.join(dir, n));
    const refS = buildReference(refFile, files);

    const ours = await startProject(dbFile);
    const ref = await startReference(refFile);
    for (const q of queries) { await timedGet(ours.port, `/api/search?q=${encodeURIComponent(q)}`); await timedGet(ref.port, `/api/search?q=${encodeURIComponent(q)}`); }
    const byCat = new Map<string, { ours: number[]; ref: number[] }>();
    const all = { ours: [] as number[], ref: [] as number[] };
    for (const q of queries) {
      const path_ = `/api/search?q=${encodeURIComponent(q)}`;
      const a = await timedGet(ours.port, path_);
      const b = await timedGet(ref.port, path_);
      const c = byCat.get(category(q)) ?? { ours: [], ref: [] };
      c.ours.push(a); c.ref.push(b); byCat.set(category(q), c);
      all.ours.push(a); all.ref.push(b);
    }
    const loadOurs = await load(ours.port, singles);
    const loadRef = await load(ref.port, singles);
    const rss = rssOf(ours.child.pid!);
    ours.child.kill('SIGTERM');
    ref.child.kill('SIGTERM');

    const p95 = (xs: number[]) => percentile(xs, 95);
    console.log(`\n## ${size.toLocaleString('sv-SE')} dokument\n`);
    console.log(row(['mått', 'projektet', 'bar FTS5', 'kvot']));
    console.log(row(['---', '---', '---', '---']));
    if (imp) {
      console.log(row(['import / indexbygge', `${f1(imp.rate)} dok/s (${f1(imp.seconds)} s), topp-RSS ${imp.peakRssMb.toFixed(0)} MB`, `${f1(size / refS)} dok/s (${f1(refS)} s)`, `${f1((size / refS) / imp.rate)}× långsammare`]));
      console.log(row(['import första → sista 10 %', `${f1(imp.first10)} → ${f1(imp.last10)} dok/s (${imp.last10 >= imp.first10 ? '+' : '−'}${f1(Math.abs(100 * (1 - imp.last10 / imp.first10)))} %)`, '', '']));
      console.log(row(['import CPU per dokument (alla trådar)', `${f2(imp.cpuMsPerDoc)} ms`, '', '']));
    } else console.log(row(['import', `återanvänd databas (${dbFile})`, `${f1(size / refS)} dok/s`, '']));
    console.log(row(['/api/search p95, 200 blandade frågor', `${f1(p95(all.ours))} ms`, `${f1(p95(all.ref))} ms`, f2(p95(all.ours) / p95(all.ref))]));
    for (const [cat, xs] of byCat) console.log(row([`/api/search p95 ${cat} (${xs.ours.length})`, `${f1(p95(xs.ours))} ms`, `${f1(p95(xs.ref))} ms`, f2(p95(xs.ours) / p95(xs.ref))]));
    console.log(row(['/api/search p50', `${f1(percentile(all.ours, 50))} ms`, `${f1(percentile(all.ref, 50))} ms`, f2(percentile(all.ours, 50) / percentile(all.ref, 50))]));
    console.log(row([`/sok?q=ord, 8 anslutningar, ${SECONDS} s`, `${f1(loadOurs.rps)} req/s, p99 ${loadOurs.p99} ms`, `${f1(loadRef.rps)} req/s, p99 ${loadRef.p99} ms`, `${f2(loadOurs.rps / loadRef.rps)}×`]));
    if (loadOurs.non2xx || loadRef.non2xx) console.log(`OBS: svar utan 2xx: projektet ${loadOurs.non2xx}, referensen ${loadRef.non2xx}`);
    console.log(row(['start till första svar', `${ours.startMs.toFixed(0)} ms`, `${ref.startMs.toFixed(0)} ms`, '']));
    console.log(row(['server-RSS efter lasten', `${rss.toFixed(0)} MB`, '', '']));
  }
  if (argv.includes('--keep') || reuse) console.log(`\nFiler och databaser ligger kvar i ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}

await main();
