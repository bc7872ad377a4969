/**
 * Import throughput on both engines, side by side in one run (issue 17): the same real-derived text
 * documents (the bench:search corpus from ../shared/corpus) imported into a SQLite file, into a
 * fresh PostgreSQL database by one process, and into another fresh one by two processes at once
 * (each its half of the files), every stage included (analysis, linking, fingerprints, index).
 * Usage: PG_TEST_URL=postgres://… npx tsx scripts/bench/engines-import.ts [--docs 2000] [--workers 1]
 * (PG_TEST_URL: a superuser URL, e.g. from scripts/pg-cluster.sh; the databases are dropped after.)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { requireCorpus } from '../lib/corpus.js';
import { archiveBase, textAt, writeTextFiles } from '../lib/bench-corpus.js';

const run = promisify(execFile);
const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1]! : dflt; };
const root = path.resolve(import.meta.dirname, '../..');

/** One import in a child process (as npm run import would run, on the engine `target` names). */
async function importChild(files: string[], target: string, workers: number): Promise<{ imported: number; seconds: number; statements: number }> {
  const list = path.join(os.tmpdir(), `engines-import-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(list, JSON.stringify(files));
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bench/engines-import-child.ts'), list, target, String(workers)], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout.trim().split('\n').pop()!) as { imported: number; seconds: number; statements: number };
  } finally {
    fs.rmSync(list, { force: true });
  }
}

const url = process.env.PG_TEST_URL;
if (!url) { console.error('PG_TEST_URL saknas: starta ett kluster med eval "$(bash scripts/pg-cluster.sh start)" och sätt PG_TEST_URL=$DATABASE_URL.'); process.exit(2); }
requireCorpus();
const n = Number(opt('docs', '2000'));
const workers = Number(opt('workers', '1'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-engines-'));
const base = await archiveBase();
const dir = path.join(tmp, 'text');
writeTextFiles(dir, n, (i) => textAt(base, i));
const files = fs.readdirSync(dir).sort().map((f) => path.join(dir, f));
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const databases: string[] = [];
const fresh = async (name: string) => {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  databases.push(name);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};
try {
  console.log(`Maskin: ${os.availableParallelism()} kärnor, belastning ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}. ${n} textdokument, ${workers} analystråd per process.`);
  const sqlite = await importChild(files, path.join(tmp, 'a.db'), workers);
  const one = await importChild(files, await fresh(`engines_one_${process.pid}`), workers);
  const twoUrl = await fresh(`engines_two_${process.pid}`);
  const started = performance.now();
  const halves = await Promise.all([importChild(files.filter((_, i) => i % 2 === 0), twoUrl, workers), importChild(files.filter((_, i) => i % 2 === 1), twoUrl, workers)]);
  const twoSeconds = (performance.now() - started) / 1000;
  const rate = (docs: number, s: number) => `${(docs / s).toFixed(1)} dok/s (${docs} på ${s.toFixed(1)} s)`;
  const twoDocs = halves[0]!.imported + halves[1]!.imported;
  console.log('\n| import | dok/s |\n| --- | --- |');
  console.log(`| SQLite, en process | ${rate(sqlite.imported, sqlite.seconds)} |`);
  console.log(`| PostgreSQL, en process | ${rate(one.imported, one.seconds)}, ${(one.statements / Math.max(1, one.imported)).toFixed(0)} satser per dokument |`);
  console.log(`| PostgreSQL, två processer samtidigt | ${rate(twoDocs, twoSeconds)} |`);
  console.log(`\nTvå processer mot en: ${((twoDocs / twoSeconds) / (one.imported / one.seconds)).toFixed(2)}×. PostgreSQL mot SQLite (en process): ${((one.imported / one.seconds) / (sqlite.imported / sqlite.seconds)).toFixed(2)}×.`);
} finally {
  for (const d of databases) await admin.query(`DROP DATABASE IF EXISTS "${d}" WITH (FORCE)`);
  await admin.end();
  fs.rmSync(tmp, { recursive: true, force: true });
}
