/**
 * Import of text documents from the shared corpus, for profiling: the rate over the first and the
 * last 10% of the run, peak RSS, and where the main thread's time went, through the same
 * importFiles() that `npm run import` uses. Run under `node --cpu-prof --import tsx` for CPU
 * profiles of the main thread and the analysis workers (scripts/bench/cpuprofile-top.ts reads them).
 * Usage: tsx scripts/bench/import-profile.ts [--text N | --pdf N | --dir DIR] [--keep DB | --into DB] [--batch N] [--json]
 * (`--pdf N`: the N PDFs bench:import measures, pdfkit's rendering of the first N interpellations.)
 * (`--keep` leaves the database at DB for EXPLAIN QUERY PLAN and the search load test; `--into`
 * imports into the existing archive at DB, as a municipality adds its files to a large archive:
 * the cost of a document once the archive is big, for profiles against a small one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.js';
import { openDb, closeDb } from '../../db/client.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { readTexts, requireCorpus } from '../lib/corpus.js';
import { pdfOf } from '../lib/pdf.js';
import { interleavedTexts, writeTextFiles } from '../lib/bench-corpus.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const TEXT_N = Number(arg('text', '10000'));
const PDF_N = Number(arg('pdf', '0'));
const KEEP = arg('keep', '');
const INTO = arg('into', '');
if (INTO && !fs.existsSync(INTO)) { console.error(`--into: ${INTO} finns inte.`); process.exit(2); }
const BATCH = Number(arg('batch', '0'));
// --dir: import the files already in DIR (bench:search writes its archive-sized corpus there).
const DIR = arg('dir', '');
// --json: one line of figures for another script (bench:search) instead of the Swedish report.
const JSON_OUT = argv.includes('--json');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-prof-'));
let textDir = DIR;
let fileCount = 0;
if (!DIR && PDF_N > 0) {
  requireCorpus();
  textDir = path.join(tmp, 'pdf');
  fs.mkdirSync(textDir);
  const texts = await readTexts('riksdagen-interpellations.jsonl.gz', 'text', PDF_N);
  for (const [i, t] of texts.entries()) fs.writeFileSync(path.join(textDir, `${String(i).padStart(6, '0')}.pdf`), await pdfOf(t));
} else if (!DIR) {
  requireCorpus();
  const texts = await interleavedTexts(TEXT_N);
  textDir = path.join(tmp, 'text');
  writeTextFiles(textDir, texts.length, (i) => texts[i]!);
}

let peakRss = 0;
/** The main thread's share at the peak: its V8 heap, and memory outside it (buffers, SQLite's native allocations are not in either). */
let atPeak = { heapMb: 0, externalMb: 0 };
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peakRss) { peakRss = m.rss; atPeak = { heapMb: m.heapUsed / 1e6, externalMb: m.external / 1e6 }; }
}, 100);
const dbFile = INTO || KEEP || path.join(tmp, 'import.db');
if (KEEP) for (const f of [KEEP, `${KEEP}-wal`, `${KEEP}-shm`]) fs.rmSync(f, { force: true });
const db = openDb(dbFile);
const files = fs.readdirSync(textDir).sort().map((n) => path.join(textDir, n));
fileCount = files.length;
/** This thread's CPU in ms, from Linux's per-thread counters (the main thread's id is the process id); null elsewhere. */
const mainThreadMs = () => {
  try {
    const f = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch { return null; }
};
const main0 = mainThreadMs();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const doneAt: number[] = [];
// Each tenth of the files: the WAL's size and the RSS when it ended, to see what grows with the archive.
const tenthOfFiles = Math.max(1, Math.floor(files.length / 10));
// And the CPU each tenth took, all threads and the main thread: growth with the archive shows in it
// even when other work on the cores moves the rates.
const series: { done: number; walMb: number; rssMb: number; cpuMs: number; mainMs: number | null }[] = [];
const walSize = () => { try { return fs.statSync(`${dbFile}-wal`).size / 1e6; } catch { return 0; } };
const s = await importFiles(db, files, loadConfig({}), {
  onDone: (r) => {
    if (r.outcome === 'importerad') doneAt.push(performance.now() - t0);
    if (doneAt.length % tenthOfFiles === 0 && r.outcome === 'importerad') {
      const c = process.cpuUsage(cpu0);
      const m = mainThreadMs();
      series.push({ done: doneAt.length, walMb: walSize(), rssMb: process.memoryUsage().rss / 1e6, cpuMs: (c.user + c.system) / 1000, mainMs: m !== null && main0 !== null ? m - main0 : null });
    }
  },
  ...(BATCH ? { batchSize: BATCH } : {}),
});
const cpu = process.cpuUsage(cpu0);
const main1 = mainThreadMs();
// Duplicates and failures leave the last tenth short of a multiple: it ends with the import.
if (doneAt.length > (series.at(-1)?.done ?? 0)) {
  series.push({ done: doneAt.length, walMb: walSize(), rssMb: process.memoryUsage().rss / 1e6, cpuMs: (cpu.user + cpu.system) / 1000, mainMs: main1 !== null && main0 !== null ? main1 - main0 : null });
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
closeDb(db);

const n = doneAt.length;
const tenth = Math.max(1, Math.floor(n / 10));
const rate = (from: number, to: number) => (to - from) / ((doneAt[to - 1]! - (from === 0 ? 0 : doneAt[from - 1]!)) / 1000);
const figures = {
  files: fileCount, imported: s.imported, duplicates: s.duplicates, failed: s.failures.length, seconds: s.seconds,
  rate: s.imported / s.seconds, first10: rate(0, tenth), last10: rate(n - tenth, n),
  cpuMsPerDoc: (cpu.user + cpu.system) / 1000 / s.imported, systemMsPerDoc: cpu.system / 1000 / s.imported,
  mainMsPerDoc: main0 !== null && main1 !== null ? (main1 - main0) / s.imported : null,
  peakRssMb: peakRss / 1e6, atPeak, series, dbMb: fs.statSync(dbFile).size / 1e6,
};
if (JSON_OUT) console.log(JSON.stringify(figures));
else {
  console.log(`Maskin: ${os.cpus().length} kärnor, Node ${process.version}; ${fileCount} ${PDF_N > 0 && !DIR ? 'PDF:er' : 'textfiler'}`);
  console.log(`${PDF_N > 0 && !DIR ? 'pdf' : 'text'}: ${s.imported} importerade, ${s.duplicates} dubbletter, ${s.failures.length} misslyckade på ${s.seconds.toFixed(1)} s → ${figures.rate.toFixed(1)} dok/s`);
  console.log(`  första 10 %: ${figures.first10.toFixed(1)} dok/s, sista 10 %: ${figures.last10.toFixed(1)} dok/s`);
  // CPU time of all the process's threads: steadier than the rate when other work shares the cores.
  console.log(`  CPU (alla trådar): ${figures.cpuMsPerDoc.toFixed(2)} ms per dokument (varav system ${figures.systemMsPerDoc.toFixed(2)} ms${figures.mainMsPerDoc !== null ? `, huvudtråden ${figures.mainMsPerDoc.toFixed(2)} ms` : ''})`);
  const tenths = series.map((p, k) => {
    const prev = k === 0 ? { done: 0, cpuMs: 0, mainMs: 0 } : series[k - 1]!;
    const docs = p.done - prev.done;
    const main = p.mainMs !== null && prev.mainMs !== null ? `, huvudtråden ${((p.mainMs - prev.mainMs) / docs).toFixed(2)}` : '';
    return `${rate(prev.done, p.done).toFixed(0)} dok/s (CPU ${((p.cpuMs - prev.cpuMs) / docs).toFixed(2)} ms/dok${main}; WAL ${p.walMb.toFixed(0)} MB, RSS ${p.rssMb.toFixed(0)} MB)`;
  });
  console.log(`  per tiondel: ${tenths.join('; ')}`);
  console.log(`  topp-RSS (huvudtråden + arbetstrådar, samma process): ${figures.peakRssMb.toFixed(0)} MB (huvudtrådens heap ${atPeak.heapMb.toFixed(0)} MB, external ${atPeak.externalMb.toFixed(0)} MB); databas ${figures.dbMb.toFixed(1)} MB`);
}
fs.rmSync(tmp, { recursive: true, force: true });
