/**
 * Throughput per format, and what parallel import gains: analysis (extract, normalise, metadata) of
 * text (documents/s), PDF (pages/s), DOCX (documents/s) and OCR of scanned pages (pages/min), then
 * `importFiles` over one mixed folder with analysis on this thread versus one worker per core.
 * Usage: npm run bench:formats [-- --text N --pdf N --docx N --ocr N --mixed N]. Needs ../shared/corpus.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config.js';
import { openDb, closeDb } from '../../db/client.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { closePdfWorkers } from '../../server/ingest/extractors/pdf.js';
import { ocrPage, ocrUnavailable, pdfPageCount } from '../../server/ocr/tesseract.js';
import { readCorpusField, requireCorpus } from '../lib/corpus.js';
import { pdfOf } from '../lib/pdf.js';
import { makeDocx } from '../../test/helpers/docx.js';
import { makeScannedPdf } from '../../test/helpers/pdf.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: {
  text: { type: 'string', default: '2000' }, pdf: { type: 'string', default: '200' }, docx: { type: 'string', default: '300' },
  ocr: { type: 'string', default: '4' }, mixed: { type: 'string', default: '1200' },
} });
const N = { text: Number(values.text), pdf: Number(values.pdf), docx: Number(values.docx), ocr: Number(values.ocr), mixed: Number(values.mixed) };
requireCorpus();
const config = loadConfig({});
const texts = (await readCorpusField('riksdagen-interpellations.jsonl.gz', 'text')).slice(0, Math.max(N.text, N.mixed));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-formats-'));
console.log(`Maskin: ${os.availableParallelism()} kärnor, Node ${process.version}; ${texts.length} verkliga texter från ../shared/corpus`);

async function timed(label: string, items: Array<{ bytes: Buffer; filename: string }>, unit: (i: number) => number, unitName: string, per = 1) {
  const started = performance.now();
  let units = 0;
  for (let i = 0; i < items.length; i++) {
    await analyseFile(items[i]!, config);
    units += unit(i);
  }
  const s = (performance.now() - started) / 1000;
  console.log(`${label}: ${items.length} filer på ${s.toFixed(1)} s → ${(items.length / s).toFixed(1)} dok/s, ${((units / s) * per).toFixed(1)} ${unitName}`);
}

// Text
await timed('text (en tråd)', texts.slice(0, N.text).map((t, i) => ({ bytes: Buffer.from(t), filename: `${i}.txt` })), () => 1, 'filer/s');

// PDF (pages counted by pdf-parse's own page split)
const pdfs = await Promise.all(texts.slice(0, N.pdf).map(pdfOf));
const pages = await Promise.all(pdfs.map(async (b) => (await analyseFile({ bytes: b, filename: 'p.pdf' }, config)).text.split('\f').length));
await timed('PDF (pdf-pool, alla kärnor)', pdfs.map((bytes, i) => ({ bytes, filename: `${i}.pdf` })), (i) => pages[i]!, 'sidor/s');

// DOCX: the text as paragraphs with a heading and a signature table
const docxs = await Promise.all(texts.slice(0, N.docx).map((t) => {
  const paras = t.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return makeDocx([{ heading: paras[0] ?? 'Motion' }, ...paras.slice(1).map((p) => ({ p })), { table: [[['Anna Andersson'], ['Bo Berg']]] }]);
}));
await timed('DOCX (en tråd)', docxs.map((bytes, i) => ({ bytes, filename: `${i}.docx` })), () => 1, 'filer/s');

// OCR: scanned pages through pdftoppm + tesseract, one process per core
const why = await ocrUnavailable();
if (why) {
  console.log(`OCR: hoppas över (${why})`);
} else {
  const dir = path.join(tmp, 'ocr');
  fs.mkdirSync(dir);
  const files: string[] = [];
  for (let i = 0; i < N.ocr; i++) {
    const lines = texts[i]!.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 40);
    const f = path.join(dir, `scan-${i}.pdf`);
    fs.writeFileSync(f, await makeScannedPdf(lines));
    files.push(f);
  }
  const started = performance.now();
  let next = 0;
  let pagesDone = 0;
  await Promise.all(Array.from({ length: os.availableParallelism() }, async () => {
    while (next < files.length) {
      const f = files[next++]!;
      const n = await pdfPageCount(f);
      for (let p = 1; p <= n; p++) { await ocrPage(f, p, dir); pagesDone++; }
    }
  }));
  const s = (performance.now() - started) / 1000;
  console.log(`OCR (tesseract swe, 300 dpi, ${os.availableParallelism()} processer): ${pagesDone} sidor på ${s.toFixed(1)} s → ${((pagesDone / s) * 60).toFixed(1)} sidor/min (${(s / pagesDone).toFixed(1)} s/sida)`);
}

// Parallel import: one mixed folder (text, PDF, DOCX), analysis on this thread vs one worker per core
const mixedDir = path.join(tmp, 'mixed');
fs.mkdirSync(mixedDir);
for (let i = 0; i < N.mixed; i++) {
  const t = texts[i % texts.length]!;
  if (i % 6 === 0) fs.writeFileSync(path.join(mixedDir, `${i}.pdf`), await pdfOf(t));
  else if (i % 6 === 1) fs.writeFileSync(path.join(mixedDir, `${i}.docx`), await makeDocx(t.split(/\n\s*\n/).filter(Boolean).map((p) => ({ p }))));
  else fs.writeFileSync(path.join(mixedDir, `${i}.txt`), t);
}
const mixed = fs.readdirSync(mixedDir).sort().map((f) => path.join(mixedDir, f));
const results: Record<string, number> = {};
for (const [label, workers] of [['en tråd', 0], [`${os.availableParallelism()} arbetstrådar`, os.availableParallelism()]] as const) {
  const db = openDb(path.join(tmp, `mixed-${workers}.db`));
  const s = await importFiles(db, mixed, config, { workers });
  closeDb(db);
  results[label] = s.imported / s.seconds;
  console.log(`import, blandad mapp (${mixed.length} filer, var sjätte PDF, var sjätte DOCX), ${label}: ${s.imported} importerade på ${s.seconds.toFixed(1)} s → ${(s.imported / s.seconds).toFixed(1)} dok/s`);
}
const [one, many] = Object.values(results) as [number, number];
console.log(`uppsnabbning med arbetstrådar: ${(many / one).toFixed(2)}×`);
await closePdfWorkers();
fs.rmSync(tmp, { recursive: true, force: true });
