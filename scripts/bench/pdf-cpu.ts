/**
 * CPU time per PDF on one thread, stage by stage, without worker threads or a database: bare
 * pdf-parse (what bench:import's reference does per file), the project's extractPdf, the whole
 * analyseFile of the PDF, and analyseFile of the same text as a text file. Rounds alternate after a
 * warm-up, so each side sees the same JIT state and machine load.
 *
 *   tsx scripts/bench/pdf-cpu.ts [--pdf 300] [--rounds 3]
 */
import { PDFParse } from 'pdf-parse';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { extractPdf, readPdfsInThisThread } from '../../server/ingest/extractors/pdf.js';
import { readTexts, requireCorpus } from '../lib/corpus.js';
import { pdfOf } from '../lib/pdf.js';

const argv = process.argv.slice(2);
const opt = (name: string, d: number) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? Number(argv[i + 1]) : d; };
const N = opt('pdf', 300);
const ROUNDS = opt('rounds', 3);
requireCorpus();
const pdfs = await Promise.all((await readTexts('riksdagen-interpellations.jsonl.gz', 'text', N)).map((t) => pdfOf(t)));
const opts = { maxUploadBytes: 200 * 1024 * 1024, pdfTimeoutMs: 60_000 };
readPdfsInThisThread({ started() {}, ended() {} });

let sink = 0;
const texts: Buffer[] = [];
const sides: Record<string, () => Promise<void>> = {
  bare: async () => {
    for (const b of pdfs) {
      const parser = new PDFParse({ data: new Uint8Array(b) });
      try { sink += (await parser.getText()).pages.length; } finally { await parser.destroy(); }
    }
  },
  extractPdf: async () => { for (const b of pdfs) sink += (await extractPdf(b, opts.pdfTimeoutMs)).text.length; },
  analysePdf: async () => {
    for (const [i, b] of pdfs.entries()) {
      const doc = await analyseFile({ bytes: b, filename: 'a.pdf' }, opts);
      texts[i] ??= Buffer.from(doc.text, 'utf8');
      sink += doc.text.length;
    }
  },
  analyseText: async () => { for (const b of texts) sink += (await analyseFile({ bytes: b, filename: 'a.txt' }, opts)).text.length; },
};
const cpuMs = async (f: () => Promise<void>) => {
  const t0 = process.cpuUsage();
  await f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000 / pdfs.length;
};
for (const f of Object.values(sides)) await f(); // warm-up: JIT, pdf.js loaded, the stem cache
const ms: Record<string, number[]> = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) for (const [k, f] of Object.entries(sides)) ms[k]!.push(await cpuMs(f));
for (const [k, v] of Object.entries(ms)) console.log(`${k.padEnd(12)} CPU ms/PDF: ${v.map((m) => m.toFixed(2)).join(', ')}`);
console.log(`(${pdfs.length} PDF:er, kontrollsumma ${sink})`);
