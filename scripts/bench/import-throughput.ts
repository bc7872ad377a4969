/**
 * Import throughput on the shared corpus: documents per second for text files and for PDFs,
 * through the same importFiles() that `npm run import` uses, into a fresh temp-file database.
 * The PDFs are measured beside the reference in the same run: bare pdf-parse text extraction of the
 * same files (the project's own pdf-parse worker, nothing else) on as many threads as there are cores.
 * Each side also prints its CPU time per document (all the process's threads, both sides timed the
 * same way: worker start-up and shut-down inside) and the cores it kept busy on average, since rates
 * on cores shared with other work vary more than CPU time does.
 * Usage: npm run bench:import [-- --text N --pdf N]. Needs ../shared/corpus (says so when missing).
 */
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { pdfOf } from '../lib/pdf.js';
import { loadConfig } from '../../server/config.js';
import { openDb, closeDb } from '../../db/client.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { readTexts, requireCorpus } from '../lib/corpus.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const TEXT_N = arg('text', 3000);
const PDF_N = arg('pdf', 300);
requireCorpus();
const riksdag = 'riksdagen-interpellations.jsonl.gz';
const goteborg = 'goteborg-kf.jsonl.gz';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-bench-'));
const textDir = path.join(tmp, 'text');
const pdfDir = path.join(tmp, 'pdf');
fs.mkdirSync(textDir);
fs.mkdirSync(pdfDir);

const half = Math.floor(TEXT_N / 2);
const texts = [...await readTexts(riksdag, 'text', TEXT_N - half), ...await readTexts(goteborg, 'fulltext', half)];
texts.forEach((t, i) => fs.writeFileSync(path.join(textDir, `${String(i).padStart(6, '0')}.txt`), t));
const pdfTexts = await readTexts(riksdag, 'text', PDF_N);
let pages = 0;
for (const [i, t] of pdfTexts.entries()) {
  const pdf = await pdfOf(t);
  pages += (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  fs.writeFileSync(path.join(pdfDir, `${String(i).padStart(6, '0')}.pdf`), pdf);
}

const config = loadConfig({});
/** CPU of the whole process (every thread) since `from`, in seconds. */
const cpuSince = (from: NodeJS.CpuUsage) => { const c = process.cpuUsage(from); return (c.user + c.system) / 1e6; };
const cpuFigures = (cpuS: number, docs: number, seconds: number) => `CPU ${(cpuS * 1000 / docs).toFixed(1)} ms/dok (${(cpuS / seconds).toFixed(2)} kärnor i snitt)`;

/** Bare pdf-parse: every file's text through pdf-worker.mjs, one thread per core, nothing stored; seconds taken. */
async function barePdfParse(files: string[]): Promise<number> {
  const started = performance.now();
  const workerFile = path.resolve(import.meta.dirname, '../../server/ingest/extractors/pdf-worker.mjs');
  let next = 0;
  await Promise.all(Array.from({ length: os.availableParallelism() }, async () => {
    const w = new Worker(workerFile);
    while (next < files.length) {
      const bytes = fs.readFileSync(files[next++]!);
      await new Promise<void>((resolve, reject) => {
        w.once('message', (m: { ok: boolean; message?: string }) => (m.ok ? resolve() : reject(new Error(m.message))));
        w.postMessage({ id: next, bytes });
      });
    }
    await w.terminate();
  }));
  return (performance.now() - started) / 1000;
}

async function run(label: string, dir: string, unit: number, unitName: string): Promise<number> {
  const dbFile = path.join(tmp, `${label}.db`);
  const db = openDb(dbFile);
  const files = fs.readdirSync(dir).map((n) => path.join(dir, n));
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const s = await importFiles(db, files, config);
  const cpuS = cpuSince(cpu0);
  closeDb(db);
  const perSec = s.imported / s.seconds;
  console.log(`${label}: ${s.imported} importerade, ${s.duplicates} dubbletter, ${s.failures.length} misslyckade på ${s.seconds.toFixed(1)} s` +
    ` → ${perSec.toFixed(1)} dok/s (${(unit / s.seconds).toFixed(1)} ${unitName}/s), RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (före ${(rssBefore / 1e6).toFixed(0)} MB),` +
    ` databas ${(fs.statSync(dbFile).size / 1e6).toFixed(1)} MB; ${cpuFigures(cpuS, s.imported, s.seconds)}`);
  return perSec;
}
console.log(`Maskin: ${os.cpus().length} kärnor, Node ${process.version}; ${texts.length} textfiler, ${pdfTexts.length} PDF:er (${pages} sidor)`);
if (texts.length > 0) await run('text', textDir, texts.length, 'filer');
const projectPdf = await run('pdf', pdfDir, pages, 'sidor');
const pdfFiles = fs.readdirSync(pdfDir).map((n) => path.join(pdfDir, n));
const bareCpu0 = process.cpuUsage();
const bareS = await barePdfParse(pdfFiles);
const bareCpuS = cpuSince(bareCpu0);
const bare = pdfFiles.length / bareS;
console.log(`referens, bar pdf-parse (bara text, ${os.availableParallelism()} trådar): ${pdfFiles.length} PDF:er på ${bareS.toFixed(1)} s → ${bare.toFixed(1)} dok/s, ${cpuFigures(bareCpuS, pdfFiles.length, bareS)};` +
  ` projektets PDF-import ${projectPdf.toFixed(1)} dok/s = ${(projectPdf / bare).toFixed(2)}× referensen`);
fs.rmSync(tmp, { recursive: true, force: true });
