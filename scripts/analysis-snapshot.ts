/**
 * The full analysis result (what analyseFile returns, the input bytes left out) of corpus texts and
 * every fixture file, one JSON line each, so two versions of the analysis can be compared byte for
 * byte: run this in each worktree and compare the files with --compare.
 *
 *   tsx scripts/analysis-snapshot.ts OUT.jsonl [--texts 3000]
 *   tsx scripts/analysis-snapshot.ts --compare A.jsonl B.jsonl
 */
import fs from 'node:fs';
import path from 'node:path';
import { analyseFile } from '../server/ingest/pipeline.js';
import { closePdfWorkers } from '../server/ingest/extractors/pdf.js';
import { preparedToJson } from '../server/ingest/stages/prepare-index.js';
import { interleavedTexts } from './lib/bench-corpus.js';
import { requireCorpus } from './lib/corpus.js';

const argv = process.argv.slice(2);
if (argv[0] === '--compare') {
  const a = fs.readFileSync(argv[1]!, 'utf8').split('\n');
  const b = fs.readFileSync(argv[2]!, 'utf8').split('\n');
  let differ = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) { if (differ++ < 5) console.log(`differs: ${(a[i] ?? '').slice(0, 120)}`); }
  }
  const count = a.filter(Boolean).length;
  console.log(`${count} vs ${b.filter(Boolean).length} results compared, ${differ} differ`);
  process.exit(differ || count !== b.filter(Boolean).length ? 1 : 0);
}

const out = argv[0];
if (!out) { console.error('Användning: analysis-snapshot.ts UT.jsonl [--texts 3000]'); process.exit(2); }
const at = argv.indexOf('--texts');
const N = at > 0 ? Number(argv[at + 1]) : 3000;
requireCorpus();

const root = path.resolve(import.meta.dirname, '..');
const fixtureFiles: string[] = [];
const walk = (dir: string) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p); else fixtureFiles.push(p);
  }
};
walk(path.join(root, 'fixtures'));

const opts = { maxUploadBytes: 200 * 1024 * 1024, pdfTimeoutMs: 60_000 };
const inputs: Array<{ name: string; bytes: Uint8Array }> = [
  ...(await interleavedTexts(N)).map((t, i) => ({ name: `corpus-${i}.txt`, bytes: Buffer.from(t, 'utf8') })),
  ...fixtureFiles.map((f) => ({ name: path.relative(root, f), bytes: fs.readFileSync(f) })),
];
const fd = fs.openSync(out, 'w');
for (const { name, bytes } of inputs) {
  let line: string;
  try {
    const doc = await analyseFile({ bytes, filename: path.basename(name) }, opts);
    const { bytes: _bytes, prepared, ...rest } = doc;
    line = JSON.stringify({ name, doc: rest, prepared: prepared ? preparedToJson(prepared) : null });
  } catch (err) {
    line = JSON.stringify({ name, error: (err as Error).message });
  }
  fs.writeSync(fd, line + '\n');
}
fs.closeSync(fd);
await closePdfWorkers();
console.log(`${inputs.length} results written to ${out} (${N} corpus texts, ${fixtureFiles.length} fixture files)`);
