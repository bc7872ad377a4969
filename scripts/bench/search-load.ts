/**
 * Load on a running server's /api/search for profiling: autocannon, a fixed mix of single words,
 * two words, a phrase and prefixes cycled over the connections, bounded in time, loopback only.
 * Usage: tsx scripts/bench/search-load.ts [--url http://127.0.0.1:3000] [--connections 8] [--seconds 20]
 */
import autocannon from 'autocannon';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1]! : fallback; };
const url = new URL(opt('url', 'http://127.0.0.1:3000'));
if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) { console.error('Bara mot den här maskinen (127.0.0.1, localhost).'); process.exit(2); }
const queries = [
  'skola', 'förskola', 'kommunstyrelsen', 'budget', 'vård', 'polis', 'bostäder', 'äldreomsorg', 'skatt', 'trafik',
  'klimat', 'integration', 'arbetslöshet', 'försvar', 'sjukvård', 'järnväg', 'bistånd', 'kollektivtrafik',
  'skola elever', 'polis brott', 'bostäder hyresrätter', '"kommunfullmäktige beslutar"', '"statsrådet avser"',
  'miljö*', 'skol*', 'trafik*', 'arbetsmarknad', 'socialtjänst', 'regeringen', 'barnomsorg',
];
let i = 0;
const result = await autocannon({
  url: url.origin,
  connections: Number(opt('connections', '8')),
  duration: Number(opt('seconds', '20')),
  requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/search?q=${encodeURIComponent(queries[i++ % queries.length]!)}` }) }],
});
const non2xx = result.non2xx;
console.log(`/api/search, ${result.connections} anslutningar, ${result.duration} s: ${result.requests.average.toFixed(1)} req/s,` +
  ` latens p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms, ${result.requests.total} svar (${non2xx} utan 2xx)`);
