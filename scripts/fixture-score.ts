/**
 * Scores the extractor on a folder of labelled fixtures (NAME.txt beside NAME.expected.json):
 * per compared field the share right, and the share of fixtures right in every field. Used for the
 * first-contact score of a blind set: run it on fixtures before any rule is changed for them.
 *
 *   npx tsx scripts/fixture-score.ts fixtures/documents [--list] [--against test/extraction/known-misses.json]
 *
 * With --against, also prints every field that now fails but is not listed there (a regression)
 * and every listed field that now passes (an improvement), and exits 1 on a regression.
 */
import fs from 'node:fs';
import path from 'node:path';
import { COMPARED_FIELDS, differingFields, extractFromBytes } from '../test/helpers/extract.js';

const dir = process.argv[2] ?? 'fixtures/documents';
const list = process.argv.includes('--list');
const againstAt = process.argv.indexOf('--against');
const against: Record<string, string[]> | null = againstAt > 0 ? JSON.parse(fs.readFileSync(process.argv[againstAt + 1]!, 'utf8')) as Record<string, string[]> : null;
const regressions: string[] = [];
const improvements: string[] = [];
const names = fs.readdirSync(dir).filter((n) => n.endsWith('.expected.json')).map((n) => n.replace(/\.expected\.json$/, '')).sort();
const wrong = new Map<string, number>();
const counted = new Map<string, number>();
let exact = 0;
for (const name of names) {
  const expected = JSON.parse(fs.readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) as Record<string, unknown>;
  const diff = differingFields(extractFromBytes(fs.readFileSync(path.join(dir, `${name}.txt`))), expected);
  // arende counts as its three parts.
  for (const f of COMPARED_FIELDS) {
    if (!(f in expected)) continue;
    const keys = f === 'arende' ? ['arende.number', 'arende.title', 'arende.diarienummer'] : [f];
    for (const k of keys) counted.set(k, (counted.get(k) ?? 0) + 1);
  }
  for (const d of diff) wrong.set(d, (wrong.get(d) ?? 0) + 1);
  if (diff.length === 0) exact++;
  if (against) {
    const known = against[name] ?? [];
    for (const d of diff) if (!known.includes(d)) regressions.push(`${name}: ${d}`);
    for (const k of known) if (!diff.includes(k)) improvements.push(`${name}: ${k}`);
  }
  if (list) console.log(`${diff.length ? '✗' : '✓'} ${name}${diff.length ? `: ${diff.join(', ')}` : ''}`);
}
console.log(`${names.length} fixtures in ${dir}; exact in every field: ${exact}/${names.length} (${(exact / names.length).toFixed(2)})`);
for (const [k, n] of counted) console.log(`  ${k.padEnd(22)} ${((n - (wrong.get(k) ?? 0)) / n).toFixed(2)}  (${n - (wrong.get(k) ?? 0)}/${n})`);
if (against) {
  console.log(`\nImprovements (listed as missed, now right): ${improvements.length}`);
  for (const i of improvements) console.log(`  + ${i}`);
  console.log(`Regressions (right before, now wrong): ${regressions.length}`);
  for (const r of regressions) console.log(`  - ${r}`);
  if (regressions.length) process.exitCode = 1;
}
