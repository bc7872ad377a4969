/**
 * The bench's 200 queries (scripts/lib/search-queries.ts) run in this process against a database, as a
 * search worker runs them (search-service.ts#search with suggestions): every answer (ids, order, totals,
 * facets, snippets, pages 1 and 2) written as JSON lines to compare two versions of the code, and the
 * CPU time per query by category (process.cpuUsage, median of the rounds) to compare their cost.
 * `--reference REFDB` (bench:search's ref<size>.db, kept with --keep) also runs the bare-FTS5
 * reference's two statements for each query in the same rounds, interleaved, and prints its CPU per
 * category and the ratio: the comparison without HTTP, worker hops or other load on the machine.
 * Usage: tsx scripts/bench/search-answers.ts DB [--out FILE] [--rounds 5] [--reference REFDB]
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { openReadOnlyDb } from '../../db/client.js';
import { search } from '../../server/search/search-service.js';
import { Suggester } from '../../server/search/suggest.js';
import { requireCorpus } from '../lib/corpus.js';
import { archiveBase } from '../lib/bench-corpus.js';
import { category, queryMix } from '../lib/search-queries.js';
import { REFERENCE_COUNT, REFERENCE_SEARCH, referenceQuery } from '../lib/reference-fts.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1]! : fallback; };
const file = argv[0];
if (!file || file.startsWith('--')) { console.error('Användning: search-answers.ts DB [--out FIL] [--rounds 5]'); process.exit(2); }
requireCorpus();
const db = openReadOnlyDb(file);
const suggester = new Suggester(db);
const queries = queryMix(await archiveBase());
const run = async (q: string, page: number) => {
  try { return await search(db, q, { suggester, page }); } catch (err) { return { error: (err as Error).message }; }
};

const out = opt('out', '');
if (out) {
  const lines: string[] = [];
  for (const q of queries) lines.push(JSON.stringify({ q, page: 1, r: await run(q, 1) }), JSON.stringify({ q, page: 2, r: await run(q, 2) }));
  fs.writeFileSync(out, `${lines.join('\n')}\n`);
}

const rounds = Number(opt('rounds', '5'));
const refFile = opt('reference', '');
const ref = refFile ? new Database(refFile, { readonly: true, fileMustExist: true }) : null;
const refCount = ref?.prepare(REFERENCE_COUNT).pluck();
const refSearch = ref?.prepare(REFERENCE_SEARCH);
/** What the reference server does for a query (scripts/bench/reference-fts-server.ts), without HTTP. */
const runReference = (q: string) => {
  const fts = referenceQuery(q);
  if (!fts) return;
  try { refCount!.get(fts); refSearch!.all(fts); } catch { /* as the server: no hits */ }
};
for (const q of queries) { await run(q, 1); if (ref) runReference(q); }
const ms = new Map<string, number[][]>();
const refMs = new Map<string, number[][]>();
const cpuOf = async (f: () => unknown) => { const before = process.cpuUsage(); await f(); const used = process.cpuUsage(before); return (used.user + used.system) / 1000; };
const record = (into: Map<string, number[][]>, q: string, r: number, x: number) => {
  const per = into.get(category(q)) ?? Array.from({ length: rounds }, () => []);
  per[r]!.push(x);
  into.set(category(q), per);
};
for (let r = 0; r < rounds; r++) {
  for (const q of queries) {
    record(ms, q, r, await cpuOf(() => run(q, 1)));
    if (ref) record(refMs, q, r, await cpuOf(() => runReference(q)));
  }
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const summary = (m: Map<string, number[][]>) => {
  const all: number[] = [];
  for (let r = 0; r < rounds; r++) all.push(sum([...m.values()].map((per) => sum(per[r]!))) / queries.length);
  return new Map<string, number>([['alla', median(all)], ...[...m].map(([cat, per]) => [cat, median(per.map((xs) => sum(xs) / xs.length))] as [string, number])]);
};
const ours = summary(ms);
const line = (m: Map<string, number>) => [...m].map(([cat, x]) => `${cat} ${x.toFixed(2)} ms`).join(', ');
console.log(`CPU per fråga (median av ${rounds} varv): ${line(ours)}`);
if (ref) {
  const theirs = summary(refMs);
  console.log(`referensen (bar FTS5):               ${line(theirs)}`);
  console.log(`kvot:                                ${[...ours].map(([cat, x]) => `${cat} ${(x / theirs.get(cat)!).toFixed(2)}`).join(', ')}`);
}
