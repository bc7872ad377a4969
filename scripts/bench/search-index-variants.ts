/**
 * What two changes of the index design would save, measured before making them (issue 16): the
 * `exact` column in an FTS5 table of its own, and leaving out of the wide match the compounds that
 * add no hits to a word. Copies DB to COPY and builds there, from the stored documents as reindex
 * does, `x5` (today's five columns, for a like-for-like comparison: same build, one segment), `x4`
 * (title, arende, people, body) and `xe` (exact). Then, over the bench's queries without filters
 * (scripts/lib/search-queries.ts), as matchAll runs them (the wide match's ids, the first tier's 20
 * best by bm25), interleaved, CPU per query (process.cpuUsage, median of 7 rounds of 3):
 * - x5 against x4/xe, and how many totals, top-10 sets and top-20 orders differ (bm25 normalises by
 *   the whole row, so without `exact` the lengths and their average change);
 * - how many of each word's compounds add any hit beyond its own forms, and the wide ids pass
 *   without those that add none (the same ids by construction; checked);
 * - the first tier scored, against the same expression only counted and against the forms alone.
 * Usage: tsx scripts/bench/search-index-variants.ts DB COPY
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { openReadOnlyDb } from '../../db/client.js';
import { vocabularyOf } from '../../db/search.js';
import { toSearchDoc } from '../../db/search-index.js';
import { paragraphUnitId } from '../../db/search-units.js';
import { exactTokens, indexTokens } from '../../server/analysis/swedish.js';
import type { ExtractedMetadata } from '../../server/ingest/types.js';
import { buildFtsQuery, memoised, toFts5, type MatchNode } from '../../server/search/fts-query.js';
import { parseQuery } from '../../server/search/query-parser.js';
import { requireCorpus } from '../lib/corpus.js';
import { archiveBase } from '../lib/bench-corpus.js';
import { category, queryMix } from '../lib/search-queries.js';

const [from, copy] = process.argv.slice(2);
if (!from || !copy) { console.error('Användning: search-index-variants.ts DB KOPIA'); process.exit(2); }
requireCorpus();
fs.copyFileSync(from, copy);
const c = new Database(copy);

// The variants, built as writeUnit builds the real row (db/search-index.ts).
const FTS = "content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'";
c.exec(`CREATE VIRTUAL TABLE x5 USING fts5(title, arende, people, body, exact, ${FTS});
  CREATE VIRTUAL TABLE x4 USING fts5(title, arende, people, body, ${FTS});
  CREATE VIRTUAL TABLE xe USING fts5(exact, ${FTS});`);
const ins = {
  x5: c.prepare('INSERT INTO x5(rowid, title, arende, people, body, exact) VALUES (?, ?, ?, ?, ?, ?)'),
  x4: c.prepare('INSERT INTO x4(rowid, title, arende, people, body) VALUES (?, ?, ?, ?, ?)'),
  xe: c.prepare('INSERT INTO xe(rowid, exact) VALUES (?, ?)'),
};
const unit = (id: number, title: string, arende: string, people: string, body: string) => {
  const exact = [exactTokens(title), exactTokens(arende), exactTokens(body)].filter(Boolean).join(' ');
  const f = [title, arende, people, body].map(indexTokens);
  ins.x5.run(id, ...f, exact);
  ins.x4.run(id, ...f);
  ins.xe.run(id, exact);
};
const docs = c.prepare('SELECT id, metadata_json AS m, text FROM documents WHERE withdrawn_at IS NULL ORDER BY id').all() as Array<{ id: number; m: string; text: string }>;
c.transaction(() => {
  for (const r of docs) {
    const d = toSearchDoc(JSON.parse(r.m) as ExtractedMetadata, r.text);
    unit(r.id, d.title, d.arende, d.people, d.body);
    for (const p of d.paragraphs ?? []) unit(paragraphUnitId(r.id, p.ordinal), p.title, p.arende, p.people, p.body);
  }
})();
for (const t of ['x5', 'x4', 'xe']) c.prepare(`INSERT INTO ${t}(${t}) VALUES ('optimize')`).run();
const size = (t: string) => (c.prepare(`SELECT sum(length(block)) FROM ${t}_data`).pluck().get() as number) / 1e6;
console.log(`index: today ${size('search_fts').toFixed(1)} MB, x5 ${size('x5').toFixed(1)} MB, x4 ${size('x4').toFixed(1)} MB + xe ${size('xe').toFixed(1)} MB`);

/** The expressions as the FTS5 strings this bench rewrites. */
const asFts5 = (f: { match: MatchNode; strict: MatchNode | null; first: MatchNode | null }) => ({
  match: toFts5(f.match), strict: f.strict && toFts5(f.strict), first: f.first && toFts5(f.first),
});
const db = openReadOnlyDb(copy);
const documents = c.prepare('SELECT count(*) FROM documents').pluck().get() as number;
const vocabulary = memoised(await vocabularyOf(db, documents));
const built = queryMix(await archiveBase()).filter((q) => !q.includes(':'))
  .map((q) => ({ q, cat: category(q), f: asFts5(buildFtsQuery(parseQuery(q), vocabulary)!) }));
const cats = [...new Set(built.map((b) => b.cat))];
const time = (fn: () => void) => { const t0 = process.cpuUsage(); fn(); const u = process.cpuUsage(t0); return (u.user + u.system) / 1000; };
const med = (x: number[]) => [...x].sort((p, r) => p - r)[x.length >> 1]!;
/** CPU per query of each variant over `bs`, the variants alternated round by round. */
const compare = (bs: typeof built, variants: Record<string, (b: typeof built[0]) => void>) => {
  const r: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let round = 0; round < 7; round++) {
    const names = Object.keys(variants);
    for (const k of round % 2 ? names.reverse() : names) r[k]!.push(time(() => { for (let i = 0; i < 3; i++) for (const b of bs) variants[k]!(b); }) / (3 * bs.length));
  }
  return Object.entries(r).map(([k, v]) => `${k} ${med(v).toFixed(3)} ms`).join(', ');
};

// 1. exact apart.
const st = (t: string, score: string) => ({
  ids: c.prepare(`SELECT rowid FROM ${t} WHERE ${t} MATCH ?`).pluck(),
  top: c.prepare(`SELECT rowid, ${score} FROM ${t} WHERE ${t} MATCH ? ORDER BY 2, 1 DESC LIMIT 20`).raw(),
});
const today = st('x5', 'bm25(x5, 10.0, 8.0, 5.0, 1.0, 1.0)');
const stemmed = st('x4', 'bm25(x4, 10.0, 8.0, 5.0, 1.0)');
const exact = st('xe', 'bm25(xe)');
// The bench's phrases and prefixes are whole queries over `exact`, its words never mix with them.
const run = (s: { ids: Database.Statement; top: Database.Statement }, b: typeof built[0]) => ({
  n: s.ids.all(b.f.match).length, top: (s.top.all(b.f.first ?? b.f.match) as Array<[number, number]>).map((x) => x[0]),
});
const apart = (b: typeof built[0]) => run(b.f.match.startsWith('(exact :') ? exact : stemmed, b);
let totals = 0; let top10 = 0; let order = 0;
for (const b of built) {
  const a = run(today, b); const s = apart(b);
  if (a.n !== s.n) totals++;
  if ([...a.top.slice(0, 10)].sort().join() !== [...s.top.slice(0, 10)].sort().join()) top10++;
  if (a.top.join() !== s.top.join()) order++;
}
console.log(`exact apart, ${built.length} queries: totals differ ${totals}, top-10 sets ${top10}, top-20 order ${order}`);
for (const k of cats) console.log(`  ${k}: ${compare(built.filter((b) => b.cat === k), { today: (b) => run(today, b), apart: (b) => apart(b) })}`);

// 2. Compounds that add no hit to their word.
const S = '{title arende people body}';
const anyHit = c.prepare('SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1').pluck();
const ids = c.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck();
let compounds = 0; let adding = 0;
const words = built.filter((b) => b.f.first !== null && (b.cat === 'ett ord' || b.cat === 'två ord')).map((b) => {
  // Each word's group in the wide match: its forms are the terms the strict expression holds too.
  const pruned = b.f.match.replace(/\{title arende people body\} : \(([^)]*)\)/g, (_, inner: string) => {
    const terms = inner.split(' OR ');
    const forms = terms.filter((t) => b.f.strict!.includes(t));
    const keep = terms.filter((t) => forms.includes(t) || anyHit.get(`${S} : ${t} NOT ${S} : (${forms.join(' OR ')})`) !== undefined);
    compounds += terms.length - forms.length;
    adding += keep.length - forms.length;
    return `${S} : (${keep.join(' OR ')})`;
  });
  if ((ids.all(pruned) as number[]).join() !== (ids.all(b.f.match) as number[]).join()) throw new Error(`pruning changed the hits of ${b.q}`);
  return { ...b, pruned };
});
console.log(`compounds: ${adding} of ${compounds} add hits to their word (${words.length} queries with compounds, one or two words)`);
for (const k of ['ett ord', 'två ord']) {
  console.log(`  ${k}, wide ids: ${compare(words.filter((b) => b.cat === k), { all: (b) => ids.all(b.f.match), pruned: (b) => ids.all((b as typeof words[0]).pruned) })}`);
}

// 3. The first tier: scored, counted, forms only.
const top = today.top;
const count = c.prepare('SELECT count(*) FROM x5 WHERE x5 MATCH ?').pluck();
const singles = words.filter((b) => b.cat === 'ett ord');
console.log(`first tier of ${singles.length} single words with compounds, ${(singles.reduce((n, b) => n + (count.get(b.f.first!) as number), 0) / singles.length).toFixed(0)} hits on average:`);
console.log(`  ${compare(singles, { scored: (b) => top.all(b.f.first!), counted: (b) => count.get(b.f.first!), 'forms only scored': (b) => top.all(b.f.strict!) })}`);
