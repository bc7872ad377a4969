/**
 * Which SQLite statements a search runs and what each costs: the bench's queries of one category
 * (scripts/lib/search-queries.ts) run in this process as a search worker runs them, warm, with
 * better-sqlite3's statement methods wrapped to count calls, rows returned and the time inside
 * each per query; the rest of the query's time (JavaScript) is printed beside it. FTS5 statements
 * also get the rows their MATCH visits (count(*) of the same expression), once per distinct one.
 * `--query Q` runs that one query instead of a category.
 * Usage: tsx scripts/bench/search-statements.ts DB [--category "ett ord" | --query Q] [--rounds 3]
 */
import Database from 'better-sqlite3';
import { openReadOnlyDb } from '../../db/client.js';
import { search } from '../../server/search/search-service.js';
import { Suggester } from '../../server/search/suggest.js';
import { requireCorpus } from '../lib/corpus.js';
import { archiveBase } from '../lib/bench-corpus.js';
import { category, queryMix } from '../lib/search-queries.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1]! : fallback; };
const file = argv[0];
if (!file || file.startsWith('--')) { console.error('Användning: search-statements.ts DB [--category "ett ord"] [--rounds 3]'); process.exit(2); }
requireCorpus();
const CATEGORY = opt('category', 'ett ord');
const ROUNDS = Number(opt('rounds', '3'));

interface Stat { calls: number; rows: number; ms: number }
const stats = new Map<string, Stat>();
let recording = false;
const probe = new Database(file, { readonly: true, fileMustExist: true });
const StatementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown> & { source: string };
const shape = (sql: string) => sql.replace(/\s+/g, ' ').replace(/\?(, \?)+/g, '?…').slice(0, 150);
for (const method of ['all', 'get', 'run'] as const) {
  const original = StatementProto[method]!;
  StatementProto[method] = function (this: { source: string }, ...args: unknown[]) {
    if (!recording) return original.apply(this, args);
    const t = performance.now();
    const out = original.apply(this, args);
    const ms = performance.now() - t;
    const key = `${method} ${shape(this.source)}`;
    const s = stats.get(key) ?? { calls: 0, rows: 0, ms: 0 };
    s.calls++; s.ms += ms; s.rows += Array.isArray(out) ? out.length : out === undefined ? 0 : 1;
    stats.set(key, s);
    return out;
  };
}
const originalIterate = StatementProto.iterate!;
StatementProto.iterate = function* (this: { source: string }, ...args: unknown[]) {
  const t = performance.now();
  let n = 0;
  for (const row of originalIterate.apply(this, args) as Iterable<unknown>) { n++; yield row; }
  if (recording) {
    const key = `iterate ${shape(this.source)}`;
    const s = stats.get(key) ?? { calls: 0, rows: 0, ms: 0 };
    s.calls++; s.ms += performance.now() - t; s.rows += n;
    stats.set(key, s);
  }
} as unknown as (...a: unknown[]) => unknown;

const db = openReadOnlyDb(file);
const suggester = new Suggester(db);
const only = opt('query', '');
const queries = only ? [only] : queryMix(await archiveBase()).filter((q) => category(q) === CATEGORY);
const run = async (q: string) => { try { return await search(db, q, { suggester, page: 1 }); } catch (err) { return { total: -1, error: (err as Error).message }; } };
for (const q of queries) await run(q);
recording = true;
let totalMs = 0;
for (let r = 0; r < ROUNDS; r++) for (const q of queries) { const t = performance.now(); await run(q); totalMs += performance.now() - t; }
recording = false;
const n = ROUNDS * queries.length;
const inSql = [...stats.values()].reduce((a, s) => a + s.ms, 0);
console.log(`${queries.length} frågor (${only || CATEGORY}) × ${ROUNDS}: ${(totalMs / n).toFixed(2)} ms per fråga, varav i satser ${(inSql / n).toFixed(2)} ms, JavaScript ${((totalMs - inSql) / n).toFixed(2)} ms\n`);
console.log('| ms/fråga | anrop/fråga | rader/anrop | sats |');
console.log('|---|---|---|---|');
for (const [k, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(`| ${(s.ms / n).toFixed(3)} | ${(s.calls / n).toFixed(2)} | ${(s.rows / s.calls).toFixed(1)} | \`${k}\` |`);
}
