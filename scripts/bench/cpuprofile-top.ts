/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`) and prints where the time went: the top
 * functions and files by self time, and the inclusive time of named functions (each sample counted
 * once per function however deep its recursion), as a share of the profile's wall time.
 * Usage: tsx scripts/bench/cpuprofile-top.ts FILE.cpuprofile [--top 15] [--incl name,name,…]
 */
import fs from 'node:fs';
import path from 'node:path';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const argv = process.argv.slice(2);
const file = argv[0];
if (!file) { console.error('Användning: cpuprofile-top.ts FIL.cpuprofile [--top 15] [--incl namn,namn]'); process.exit(2); }
const opt = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };
const TOP = Number(opt('top') ?? 15);
const INCL = (opt('incl') ?? '').split(',').filter(Boolean);

const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (url: string) => {
  if (!url) return '(native)';
  const u = url.replace(/^file:\/\//, '');
  const i = u.indexOf('node_modules/');
  if (i >= 0) return u.slice(i);
  const root = path.resolve(import.meta.dirname, '../..');
  return u.startsWith(root) ? u.slice(root.length + 1) : u;
};
const label = (n: Node) => `${n.callFrame.functionName || '(anonym)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const self = new Map<string, number>();
const perFile = new Map<string, number>();
const incl = new Map<string, number>(INCL.map((x) => [x, 0]));
let total = 0;
p.samples.forEach((id, i) => {
  // A sample's delta is the time since the previous one: it belongs to this sample's stack.
  const dt = (p.timeDeltas[i] ?? 0) / 1000;
  total += dt;
  const n = byId.get(id)!;
  self.set(label(n), (self.get(label(n)) ?? 0) + dt);
  const f = n.callFrame.url ? short(n.callFrame.url) : `(${n.callFrame.functionName || 'native'})`;
  perFile.set(f, (perFile.get(f) ?? 0) + dt);
  if (INCL.length) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = byId.get(cur)!.callFrame.functionName;
      if (incl.has(name) && !seen.has(name)) { seen.add(name); incl.set(name, incl.get(name)! + dt); }
    }
  }
});

const pct = (ms: number) => `${((100 * ms) / total).toFixed(1).padStart(5)} %`;
const ms = (x: number) => `${x.toFixed(0).padStart(7)} ms`;
console.log(`${path.basename(file)}: ${(total / 1000).toFixed(1)} s samplad tid`);
console.log(`Topp ${TOP} efter egen tid (funktion):`);
[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP).forEach(([k, v], i) => console.log(`${String(i + 1).padStart(3)}. ${ms(v)} ${pct(v)}  ${k}`));
console.log(`Topp ${TOP} efter egen tid (fil):`);
[...perFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP).forEach(([k, v], i) => console.log(`${String(i + 1).padStart(3)}. ${ms(v)} ${pct(v)}  ${k}`));
if (INCL.length) {
  console.log('Inklusive tid:');
  for (const [k, v] of incl) console.log(`     ${ms(v)} ${pct(v)}  ${k}`);
}
