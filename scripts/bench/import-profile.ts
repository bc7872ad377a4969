/**
 * Import of text documents from the shared corpus, for profiling: the rate over the first and the
 * last 10% of the run, peak RSS, and where the main thread's time went, through the same
 * importFiles() that `npm run import` uses. Run under `node --cpu-prof --import tsx` for CPU
 * profiles of the main thread and the analysis workers (scripts/bench/cpuprofile-top.ts reads them).
 * Usage: tsx scripts/bench/import-profile.ts [--text N] [--keep DB] [--batch N]
 * (`--keep` leaves the database at DB for EXPLAIN QUERY PLAN and the search load test).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import readline from 'node:readline';
import { loadConfig } from '../../server/config.js';
import { openDb, closeDb } from '../../db/client.js';
import { importFiles } from '../../server/ingest/import-files.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const TEXT_N = Number(arg('text', '10000'));
const KEEP = arg('keep', '');
const BATCH = Number(arg('batch', '0'));
const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');
const riksdag = path.join(corpus, 'riksdagen-interpellations.jsonl.gz');
const goteborg = path.join(corpus, 'goteborg-kf.jsonl.gz');
if (!fs.existsSync(riksdag) || !fs.existsSync(goteborg)) {
  console.error(`Korpusen saknas: ${corpus}. Benchmarken kräver ../shared/corpus.`);
  process.exit(2);
}

async function readTexts(file: string, field: string, n: number): Promise<string[]> {
  const out: string[] = [];
  const rl = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()) });
  for await (const line of rl) {
    const rec = JSON.parse(line) as Record<string, unknown>;
    const text = rec[field];
    if (typeof text === 'string' && text.length > 200) out.push(text);
    if (out.length >= n) break;
  }
  rl.close();
  return out;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-prof-'));
const textDir = path.join(tmp, 'text');
fs.mkdirSync(textDir);
// The mix of bench:import (half Göteborg council paragraphs, as many as the corpus has, the rest
// Riksdag interpellations), interleaved so the first and the last 10% hold the same mix.
const b = await readTexts(goteborg, 'fulltext', Math.floor(TEXT_N / 2));
const a = await readTexts(riksdag, 'text', TEXT_N - b.length);
const texts: string[] = [];
for (let i = 0; i < Math.max(a.length, b.length); i++) {
  if (i < a.length) texts.push(a[i]!);
  if (i < b.length) texts.push(b[i]!);
}
texts.forEach((t, i) => fs.writeFileSync(path.join(textDir, `${String(i).padStart(6, '0')}.txt`), t));

let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
const dbFile = KEEP || path.join(tmp, 'import.db');
if (KEEP) for (const f of [KEEP, `${KEEP}-wal`, `${KEEP}-shm`]) fs.rmSync(f, { force: true });
const db = openDb(dbFile);
const files = fs.readdirSync(textDir).sort().map((n) => path.join(textDir, n));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const doneAt: number[] = [];
const s = await importFiles(db, files, loadConfig({}), {
  onDone: (r) => { if (r.outcome === 'importerad') doneAt.push(performance.now() - t0); },
  ...(BATCH ? { batchSize: BATCH } : {}),
});
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
closeDb(db);

const n = doneAt.length;
const tenth = Math.max(1, Math.floor(n / 10));
const rate = (from: number, to: number) => (to - from) / ((doneAt[to - 1]! - (from === 0 ? 0 : doneAt[from - 1]!)) / 1000);
console.log(`Maskin: ${os.cpus().length} kärnor, Node ${process.version}; ${texts.length} textfiler`);
console.log(`text: ${s.imported} importerade, ${s.duplicates} dubbletter, ${s.failures.length} misslyckade på ${s.seconds.toFixed(1)} s → ${(s.imported / s.seconds).toFixed(1)} dok/s`);
console.log(`  första 10 %: ${rate(0, tenth).toFixed(1)} dok/s, sista 10 %: ${rate(n - tenth, n).toFixed(1)} dok/s`);
// CPU time of all the process's threads: steadier than the rate when other work shares the cores.
console.log(`  CPU (alla trådar): ${((cpu.user + cpu.system) / 1000 / s.imported).toFixed(2)} ms per dokument (varav system ${(cpu.system / 1000 / s.imported).toFixed(2)} ms)`);
console.log(`  topp-RSS (huvudtråden + arbetstrådar, samma process): ${(peakRss / 1e6).toFixed(0)} MB; databas ${(fs.statSync(dbFile).size / 1e6).toFixed(1)} MB`);
fs.rmSync(tmp, { recursive: true, force: true });
