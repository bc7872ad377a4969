/**
 * Reads a thread-memory.mjs trace: the moment of the process's peak RSS, each thread's heap at that
 * moment and at its own maximum, and what the heaps leave of the RSS (native memory: SQLite's page
 * caches, threads V8 does not trace, malloc, the node binary's mapped code).
 *
 *   node scripts/bench/thread-memory-summary.mjs /tmp/mt
 */
import fs from 'node:fs';
const dir = process.argv[2];
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
const series = Object.fromEntries(files.map((f) => [f.replace('.jsonl', ''), fs.readFileSync(`${dir}/${f}`, 'utf8').trim().split('\n').map((l) => JSON.parse(l))]));
const main = series[Object.keys(series).find((k) => k.includes('main'))];
const peak = main.reduce((a, b) => (b.rss > a.rss ? b : a));
console.log('peak rss', peak.rss, 'at', new Date(peak.t).toISOString(), 'anon', peak.Anonymous, 'threads', peak.threads);
const near = (s, t) => s.reduce((a, b) => (Math.abs(b.t - t) < Math.abs(a.t - t) ? b : a));
let heaps = 0;
for (const [k, s] of Object.entries(series)) {
  const r = near(s, peak.t);
  heaps += r.phys + r.ext;
  const mx = (f) => Math.max(...s.map((x) => x[f]));
  console.log(k.padEnd(18), `at peak: used ${r.used} committed ${r.phys} ext ${r.ext} ab ${r.ab} new ${r.sp.new} old ${r.sp.old} lo ${r.sp.large_object} code ${r.sp.code}`, `| max: used ${mx('used')} committed ${mx('phys')} ext ${mx('ext')}`);
}
console.log('sum of committed heaps + external at peak', heaps.toFixed(1), '; rss - that', (peak.rss - heaps).toFixed(1));
// Top 5 RSS moments with main committed
const tops = [...main].sort((a, b) => b.rss - a.rss).slice(0, 8);
for (const r of tops) {
  const parts = Object.entries(series).map(([k, s]) => `${k.split('-')[1][0]}${near(s, r.t).phys}`).join(' ');
  console.log(new Date(r.t).toISOString().slice(11, 19), 'rss', r.rss, parts);
}
