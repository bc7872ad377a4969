/**
 * Search benchmark at 10,000 and 100,000 documents built from ../shared/corpus (varied to reach the size).
 * For each size: index build time (npm run reindex's rebuild), start-up of the real server to its first
 * answered query, server RSS, index size on disk, and p50/p95/p99 of a fixed mix of 200 queries in-process
 * and through /api/search; plus a plain FTS5 unicode61 table with bm25 and snippet() as the reference.
 * Usage: npm run bench:search [-- --sizes 10000,100000] [--keep] [--reuse DIR]
 * --keep leaves the databases in a temporary folder; --reuse DIR takes DIR/s<size>.db from an earlier
 * --keep run instead of importing again (an import of 100,000 documents takes about 20 minutes).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, closeDb, type Db } from '../../db/client.js';
import { insertDocument } from '../../db/documents.js';
import { rebuildSearchIndex } from '../../db/reindex.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { loadConfig } from '../../server/config.js';
import { readCorpusField, requireCorpus } from '../lib/corpus.js';
import { latencySummary, percentile } from '../lib/stats.js';
import { search } from '../../server/search/search-service.js';
import { words } from '../../server/analysis/swedish.js';

const argv = process.argv.slice(2);
const sizesArg = argv.indexOf('--sizes') >= 0 ? argv[argv.indexOf('--sizes') + 1]! : '10000,100000';
const SIZES = sizesArg.split(',').map(Number);
requireCorpus();
const root = path.resolve(import.meta.dirname, '../..');
const config = loadConfig({});

/** Real texts, and beyond them variants: paragraphs rotated and a base text's paragraphs mixed with another's. */
function textAt(base: string[], i: number): string {
  const t = base[i % base.length]!;
  const round = Math.floor(i / base.length);
  if (round === 0) return t;
  const paras = t.split(/\n\s*\n/);
  const other = base[(i * 7919) % base.length]!.split(/\n\s*\n/);
  const k = round % Math.max(1, paras.length);
  return [...paras.slice(k), ...paras.slice(0, k), other[round % other.length] ?? '', `Variant ${round}.`].join('\n\n');
}

const fmt = latencySummary;

/** 200 queries: single words, two words, phrases, prefixes, compounds, filtered; all with facets and snippets. */
function queryMix(sample: string[]): string[] {
  const vocab = new Map<string, number>();
  for (const t of sample.slice(0, 2000)) for (const w of new Set(words(t))) if (w.length >= 6 && !/\d/.test(w)) vocab.set(w, (vocab.get(w) ?? 0) + 1);
  const mid = [...vocab].filter(([, n]) => n >= 5 && n <= 200).map(([w]) => w).sort();
  const pick = (i: number) => mid[(i * 7919) % mid.length]!;
  const qs: string[] = [];
  for (let i = 0; i < 50; i++) qs.push(pick(i));
  for (let i = 0; i < 40; i++) qs.push(`${pick(i + 100)} ${pick(i + 200)}`);
  for (let i = 0; i < 30; i++) {
    const ws = words(sample[(i * 31) % sample.length]!).filter((w) => w.length > 3);
    qs.push(`"${ws[10 + (i % 20)]} ${ws[11 + (i % 20)]}"`);
  }
  for (let i = 0; i < 30; i++) qs.push(`${pick(i + 300).slice(0, 5)}*`);
  const heads = ['våld', 'skola', 'vård', 'skatt', 'polis', 'jobb', 'bostad', 'trafik', 'miljö', 'barn'];
  for (let i = 0; i < 30; i++) qs.push(heads[i % heads.length]!);
  const parties = ['S', 'M', 'SD', 'V', 'C', 'KD', 'L', 'MP'];
  for (let i = 0; i < 20; i++) qs.push(`${pick(i + 400)} parti:${parties[i % parties.length]} år:2010..2024`);
  return qs;
}

/** The same query for a plain FTS5 table: unstemmed words ANDed, phrases and prefixes kept, filters dropped. */
function referenceQuery(q: string): string | null {
  const parts: string[] = [];
  for (const m of q.matchAll(/"([^"]+)"|(\S+)/g)) {
    if (m[1]) parts.push(`"${words(m[1]).join(' ')}"`);
    else if (/^\p{L}+:/u.test(m[2]!)) continue;
    else if (m[2]!.endsWith('*')) parts.push(`"${words(m[2]!.slice(0, -1)).join(' ')}"*`);
    else for (const w of words(m[2]!)) parts.push(`"${w}"`);
  }
  return parts.length ? parts.join(' AND ') : null;
}

function category(q: string): string {
  if (q.includes(':')) return 'filtrerad';
  if (q.startsWith('"')) return 'fras';
  if (q.endsWith('*')) return 'prefix';
  if (q.includes(' ')) return 'två ord';
  return q.length <= 6 ? 'sammansättningshuvud/kort ord' : 'ett ord';
}

function dirSize(file: string): number {
  return ['', '-wal', '-shm'].reduce((n, s) => n + (fs.existsSync(file + s) ? fs.statSync(file + s).size : 0), 0);
}

async function startServer(dbFile: string): Promise<{ ms: number; pid: number; stop: () => void; port: number }> {
  const port = 3900 + Math.floor(Math.random() * 50);
  const started = performance.now();
  // As npm start runs it: the bundle from scripts/build-server.mjs, by node itself, so the pid (and its RSS) is the server.
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist/server.mjs')], {
    cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: dbFile, SEED_DIR: '', LOG_LEVEL: 'warn' }, stdio: 'ignore',
  });
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/search?q=kommun`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { ms: performance.now() - started, pid: child.pid!, port, stop: () => child.kill('SIGTERM') };
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main() {
  execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { cwd: root });
  const base = [...await readCorpusField('riksdagen-interpellations.jsonl.gz', 'text'), ...await readCorpusField('goteborg-kf.jsonl.gz', 'fulltext'), ...await readCorpusField('goteborg-kf.jsonl.gz', 'handling_text')];
  const queries = queryMix(base);
  console.log(`Maskin: ${os.cpus().length} kärnor, Node ${process.version}. ${base.length} verkliga texter; ${queries.length} frågor.`);
  const reuse = argv.indexOf('--reuse') >= 0 ? path.resolve(argv[argv.indexOf('--reuse') + 1]!) : null;
  const tmp = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-search-'));
  let lastRatio = NaN;
  for (const size of SIZES) {
    const dbFile = path.join(tmp, `s${size}.db`);
    const reused = reuse !== null && fs.existsSync(dbFile);
    const db: Db = openDb(dbFile);
    let t = performance.now();
    let importS = NaN;
    let buildS = NaN;
    if (!reused) {
      for (let i = 0; i < size; i++) {
        const doc = await analyseFile({ bytes: Buffer.from(textAt(base, i)), filename: `d${i}.txt` }, config);
        insertDocument(db, doc);
      }
      importS = (performance.now() - t) / 1000;
      t = performance.now();
      rebuildSearchIndex(db);
      buildS = (performance.now() - t) / 1000;
    }
    const pages = (name: string) => db.$client.prepare('SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ?').pluck().get(name) as number;
    const indexMb = (pages('search_%') + pages('sqlite_autoindex_search_%')) / 1e6;

    // Reference: plain FTS5 unicode61 with its own content, bm25 and snippet().
    db.$client.exec("CREATE VIRTUAL TABLE ref_fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 0')");
    t = performance.now();
    db.$client.exec('INSERT INTO ref_fts(rowid, title, body) SELECT id, title, text FROM documents');
    const refBuildS = (performance.now() - t) / 1000;
    const refStmt = db.$client.prepare("SELECT rowid, snippet(ref_fts, 1, '<mark>', '</mark>', '…', 24) FROM ref_fts WHERE ref_fts MATCH ? ORDER BY rank LIMIT 20");
    const refCount = db.$client.prepare('SELECT count(*) FROM ref_fts WHERE ref_fts MATCH ?').pluck();
    const ours: number[] = [];
    const ref: number[] = [];
    const byCategory = new Map<string, number[]>();
    for (let round = 0; round < 2; round++) {
      for (const q of queries) {
        let s = performance.now();
        search(db, q);
        if (round === 1) {
          const ms = performance.now() - s;
          ours.push(ms);
          const cat = category(q);
          byCategory.set(cat, [...(byCategory.get(cat) ?? []), ms]);
        }
        const rq = referenceQuery(q);
        if (!rq) continue;
        s = performance.now();
        refStmt.all(rq);
        refCount.get(rq);
        if (round === 1) ref.push(performance.now() - s);
      }
    }
    db.$client.exec('DROP TABLE ref_fts');
    closeDb(db);

    const server = await startServer(dbFile);
    const http: number[] = [];
    for (const q of queries) {
      const s = performance.now();
      const res = await fetch(`http://127.0.0.1:${server.port}/api/search?q=${encodeURIComponent(q)}`);
      await res.arrayBuffer();
      http.push(performance.now() - s);
    }
    const rss = rssOf(server.pid);
    server.stop();

    const p95 = (xs: number[]) => percentile(xs, 95);
    lastRatio = p95(ours) / p95(ref);
    console.log(`\n== ${size} dokument`);
    if (reused) console.log(`databasen återanvänd från ${dbFile} (ingen import eller omindexering mätt); referensens FTS5-bygge ${refBuildS.toFixed(1)} s`);
    else console.log(`import (extrahering + lagring + index) ${importS.toFixed(1)} s (${(size / importS).toFixed(0)} dok/s); omindexering ${buildS.toFixed(1)} s; referensens FTS5-bygge ${refBuildS.toFixed(1)} s`);
    console.log(`index på disk ${indexMb.toFixed(1)} MB; databasfil ${(dirSize(dbFile) / 1e6).toFixed(1)} MB`);
    console.log(`serverstart till första svar ${server.ms.toFixed(0)} ms; server-RSS efter frågorna ${rss.toFixed(0)} MB`);
    console.log(`vår sökning i processen: ${fmt(ours)}`);
    console.log(`vår sökning via /api/search: ${fmt(http)}`);
    for (const [cat, xs] of byCategory) console.log(`  ${cat}: ${fmt(xs)}`);
    console.log(`referens FTS5 unicode61 + bm25 + snippet(): ${fmt(ref)}`);
    console.log(`p95 ratio vs FTS5 at ${size} docs: ${lastRatio.toFixed(2)}`);
  }
  if (argv.includes('--keep') || reuse) console.log(`Databaserna ligger kvar i ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}

await main();
