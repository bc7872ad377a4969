/**
 * CPU time of the analysis per document on one thread: analyseFile over corpus texts (the import
 * mix), as text uploads, after a warm-up round. Stage by stage with --stages. Compare two versions
 * by running this in both worktrees back to back, a few times each (the machine is shared).
 *
 *   tsx scripts/bench/analysis-cpu.ts [--texts 2000] [--rounds 2]
 */
import { analyseFile } from '../../server/ingest/pipeline.js';
import { interleavedTexts } from '../lib/bench-corpus.js';
import { requireCorpus } from '../lib/corpus.js';

const argv = process.argv.slice(2);
const opt = (name: string, d: number) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? Number(argv[i + 1]) : d; };
const N = opt('texts', 2000);
const ROUNDS = opt('rounds', 2);
requireCorpus();
const texts = (await interleavedTexts(N)).map((t) => Buffer.from(t, 'utf8'));
const opts = { maxUploadBytes: 200 * 1024 * 1024, pdfTimeoutMs: 60_000 };

let sink = 0;
const runRound = async () => {
  const t0 = process.cpuUsage();
  for (const bytes of texts) {
    try { sink += (await analyseFile({ bytes, filename: 'a.txt' }, opts)).prepared!.bodyTokens.length; } catch { sink++; }
  }
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000 / texts.length;
};
await runRound(); // warm-up: JIT and the stem cache
const ms: number[] = [];
for (let r = 0; r < ROUNDS; r++) ms.push(await runRound());
console.log(`${texts.length} texts, analyseFile CPU ms/doc: ${ms.map((m) => m.toFixed(3)).join(', ')} (checksum ${sink})`);
