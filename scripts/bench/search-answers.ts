/**
 * The bench's 200 queries (scripts/lib/search-queries.ts) run in this process against a database, as a
 * search worker runs them (search-service.ts#search with suggestions): every answer (ids, order, totals,
 * facets, snippets, pages 1 and 2) written as JSON lines to compare two versions of the code, and the
 * CPU time per query by category (process.cpuUsage, median of the rounds) to compare their cost.
 * Usage: tsx scripts/bench/search-answers.ts DB [--out FILE] [--rounds 5]
 */
import fs from 'node:fs';
import { openReadOnlyDb } from '../../db/client.js';
import { search } from '../../server/search/search-service.js';
import { Suggester } from '../../server/search/suggest.js';
import { requireCorpus } from '../lib/corpus.js';
import { archiveBase } from '../lib/bench-corpus.js';
import { category, queryMix } from '../lib/search-queries.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1]! : fallback; };
const file = argv[0];
if (!file || file.startsWith('--')) { console.error('Användning: search-answers.ts DB [--out FIL] [--rounds 5]'); process.exit(2); }
requireCorpus();
const db = openReadOnlyDb(file);
const suggester = new Suggester(db);
const queries = queryMix(await archiveBase());
const run = (q: string, page: number) => {
  try { return search(db, q, { suggester, page }); } catch (err) { return { error: (err as Error).message }; }
};

const out = opt('out', '');
if (out) {
  const lines = queries.flatMap((q) => [JSON.stringify({ q, page: 1, r: run(q, 1) }), JSON.stringify({ q, page: 2, r: run(q, 2) })]);
  fs.writeFileSync(out, `${lines.join('\n')}\n`);
}

const rounds = Number(opt('rounds', '5'));
for (const q of queries) run(q, 1);
const ms = new Map<string, number[][]>();
for (let r = 0; r < rounds; r++) {
  for (const q of queries) {
    const before = process.cpuUsage();
    run(q, 1);
    const used = process.cpuUsage(before);
    const per = ms.get(category(q)) ?? Array.from({ length: rounds }, () => []);
    per[r]!.push((used.user + used.system) / 1000);
    ms.set(category(q), per);
  }
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const all: number[] = [];
for (let r = 0; r < rounds; r++) all.push(sum([...ms.values()].map((per) => sum(per[r]!))) / queries.length);
console.log(`CPU per fråga (median av ${rounds} varv): alla ${median(all).toFixed(2)} ms; ` +
  [...ms].map(([cat, per]) => `${cat} ${median(per.map((xs) => sum(xs) / xs.length)).toFixed(2)} ms`).join(', '));
