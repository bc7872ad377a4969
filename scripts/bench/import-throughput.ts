/**
 * Import throughput on the shared corpus: documents per second for text files and for PDFs,
 * through the same importFiles() that `npm run import` uses, into a fresh temp-file database.
 * Usage: npm run bench:import [-- --text N --pdf N]. Needs ../shared/corpus (says so when missing).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import readline from 'node:readline';
import { pdfOf } from '../lib/pdf.js';
import { loadConfig } from '../../server/config.js';
import { openDb, closeDb } from '../../db/client.js';
import { importFiles } from '../../server/ingest/import-files.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const TEXT_N = arg('text', 3000);
const PDF_N = arg('pdf', 300);
const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');
const riksdag = path.join(corpus, 'riksdagen-interpellations.jsonl.gz');
const goteborg = path.join(corpus, 'goteborg-kf.jsonl.gz');
if (!fs.existsSync(riksdag) || !fs.existsSync(goteborg)) {
  console.error(`Korpusen saknas: ${corpus} (riksdagen-interpellations.jsonl.gz, goteborg-kf.jsonl.gz). Benchmarken kräver ../shared/corpus.`);
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
async function run(label: string, dir: string, unit: number, unitName: string) {
  const dbFile = path.join(tmp, `${label}.db`);
  const db = openDb(dbFile);
  const files = fs.readdirSync(dir).map((n) => path.join(dir, n));
  const rssBefore = process.memoryUsage().rss;
  const s = await importFiles(db, files, config);
  closeDb(db);
  const perSec = s.imported / s.seconds;
  console.log(`${label}: ${s.imported} importerade, ${s.duplicates} dubbletter, ${s.failures.length} misslyckade på ${s.seconds.toFixed(1)} s` +
    ` → ${perSec.toFixed(1)} dok/s (${(unit / s.seconds).toFixed(1)} ${unitName}/s), RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (före ${(rssBefore / 1e6).toFixed(0)} MB),` +
    ` databas ${(fs.statSync(dbFile).size / 1e6).toFixed(1)} MB`);
}
console.log(`Maskin: ${os.cpus().length} kärnor, Node ${process.version}; ${texts.length} textfiler, ${pdfTexts.length} PDF:er (${pages} sidor)`);
await run('text', textDir, texts.length, 'filer');
await run('pdf', pdfDir, pages, 'sidor');
fs.rmSync(tmp, { recursive: true, force: true });
