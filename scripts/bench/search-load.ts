/**
 * Load on a running server's search for profiling: autocannon, a fixed mix of single words, two
 * words, a phrase and prefixes cycled over the connections, bounded in time, loopback only.
 * `--path /sok` loads the search page instead of /api/search; `--filtered` adds queries with filters
 * to the mix; `--pid N` prints the server process's CPU time (all its threads) beside the wall time;
 * `--bench-singles` loads the single words bench:search's /sok figure cycles (scripts/lib/search-queries.ts) instead.
 * Usage: tsx scripts/bench/search-load.ts [--url http://127.0.0.1:3000] [--path /api/search] [--connections 8] [--seconds 20] [--filtered] [--bench-singles] [--pid N]
 */
import fs from 'node:fs';
import autocannon from 'autocannon';
import { archiveBase } from '../lib/bench-corpus.js';
import { category, queryMix } from '../lib/search-queries.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1]! : fallback; };
const url = new URL(opt('url', 'http://127.0.0.1:3000'));
if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) { console.error('Bara mot den här maskinen (127.0.0.1, localhost).'); process.exit(2); }
const searchPath = opt('path', '/api/search');
if (!['/api/search', '/sok'].includes(searchPath)) { console.error('--path är /api/search eller /sok.'); process.exit(2); }
let queries = [
  'skola', 'förskola', 'kommunstyrelsen', 'budget', 'vård', 'polis', 'bostäder', 'äldreomsorg', 'skatt', 'trafik',
  'klimat', 'integration', 'arbetslöshet', 'försvar', 'sjukvård', 'järnväg', 'bistånd', 'kollektivtrafik',
  'skola elever', 'polis brott', 'bostäder hyresrätter', '"kommunfullmäktige beslutar"', '"statsrådet avser"',
  'miljö*', 'skol*', 'trafik*', 'arbetsmarknad', 'socialtjänst', 'regeringen', 'barnomsorg',
];
if (argv.includes('--filtered')) {
  queries.push('skola parti:S', 'budget typ:motion', 'vård år:2021..2023', 'polis organ:kommunfullmäktige', 'klimat parti:MP år:2022');
}
if (argv.includes('--bench-singles')) queries = queryMix(await archiveBase()).filter((q) => category(q) === 'ett ord');
const pid = opt('pid', '');
/** utime + stime of a process, in seconds (Linux /proc; clock ticks are 100 a second here). */
const cpuSeconds = () => {
  if (!pid) return 0;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
let i = 0;
const cpuBefore = cpuSeconds();
const result = await autocannon({
  url: url.origin,
  connections: Number(opt('connections', '8')),
  duration: Number(opt('seconds', '20')),
  requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `${searchPath}?q=${encodeURIComponent(queries[i++ % queries.length]!)}` }) }],
});
const cpu = pid ? `, server-CPU ${(cpuSeconds() - cpuBefore).toFixed(1)} s på ${result.duration} s vägg` : '';
const non2xx = result.non2xx;
console.log(`${searchPath}, ${result.connections} anslutningar, ${result.duration} s: ${result.requests.average.toFixed(1)} req/s,` +
  ` latens p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms, ${result.requests.total} svar (${non2xx} utan 2xx)${cpu}`);
