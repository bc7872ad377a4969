/**
 * Extraction speed on document-sized texts: decode → normalise → parse metadata on the first 2,000
 * characters of every fixture (the size of a typical page copy or party paper), many rounds, with
 * the median and p95 per text. Reference in the same run: one pass of a Unicode word regex over the
 * same texts, the least any reader of the text must do. Goal: median under 5 ms, so import speed holds.
 *
 *   npm run bench:extract [-- --rounds 20]
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeText } from '../../server/ingest/stages/decode.js';
import { normaliseDocument } from '../../server/ingest/stages/normalise.js';
import { parseMetadata } from '../../server/ingest/stages/metadata/parse-metadata.js';
import { percentile } from '../lib/stats.js';

const roundsAt = process.argv.indexOf('--rounds');
const ROUNDS = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 20;
const dir = path.resolve(import.meta.dirname, '../../fixtures/documents');
const texts = fs.readdirSync(dir).filter((n) => n.endsWith('.txt')).map((n) => fs.readFileSync(path.join(dir, n)).toString('utf8').slice(0, 2000));

const ours: number[] = [];
const reference: number[] = [];
let sink = 0;
for (let round = 0; round < ROUNDS + 2; round++) {
  for (const text of texts) {
    const bytes = Buffer.from(text, 'utf8');
    let t = performance.now();
    const { text: normalised, furniture } = normaliseDocument(decodeText(bytes).text);
    sink += parseMetadata(normalised, furniture).metadata.parties.length;
    const mine = performance.now() - t;
    t = performance.now();
    sink += (bytes.toString('utf8').match(/\p{L}+/gu) ?? []).length;
    const ref = performance.now() - t;
    // The first two rounds warm the JIT.
    if (round >= 2) { ours.push(mine); reference.push(ref); }
  }
}
const fmt = (xs: number[]) => `median ${percentile(xs, 50).toFixed(3)} ms, p95 ${percentile(xs, 95).toFixed(3)} ms`;
console.log(`${texts.length} texts of at most 2,000 characters × ${ROUNDS} rounds (checksum ${sink})`);
console.log(`  decode + normalise + parse metadata: ${fmt(ours)}`);
console.log(`  reference, one word-regex pass:      ${fmt(reference)}`);
console.log(`  ratio of medians: ${(percentile(ours, 50) / percentile(reference, 50)).toFixed(1)}×; goal: median < 5 ms`);
