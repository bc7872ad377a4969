/**
 * Writes NAME.baseline.json beside every Göteborg protocol fixture (a name containing "goteborg") in DIR:
 * the source project's own parse (`parsed`: yrkanden, reservationer, votering) of the same paragraph in
 * ../shared/corpus/goteborg-kf.jsonl.gz, found by its full text. The scorer and tests then never need ../shared.
 *
 *   npx tsx scripts/protocol-baseline.ts [DIR]
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { corpusDir } from './lib/corpus.js';

const dir = process.argv[2] ?? 'fixtures/protocols';
const file = path.join(corpusDir, 'goteborg-kf.jsonl.gz');
if (!fs.existsSync(file)) {
  console.error(`Korpusen saknas: ${file}. Baslinjen kräver ../shared/corpus.`);
  process.exit(2);
}
const wanted = new Map<string, string>();
for (const n of fs.readdirSync(dir)) {
  if (!/goteborg/u.test(n) || !n.endsWith('.txt')) continue;
  wanted.set(fs.readFileSync(path.join(dir, n), 'utf8'), n.replace(/\.txt$/u, ''));
}
let written = 0;
const rl = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()) });
for await (const line of rl) {
  const d = JSON.parse(line) as { id: string; fulltext: string; parsed: unknown };
  const name = wanted.get(d.fulltext);
  if (!name) continue;
  fs.writeFileSync(path.join(dir, `${name}.baseline.json`), `${JSON.stringify({ id: d.id, parsed: d.parsed }, null, 2)}\n`);
  wanted.delete(d.fulltext);
  written++;
}
console.log(`${written} baslinjefiler skrivna i ${dir}.`);
for (const name of wanted.values()) console.log(`Hittades inte i korpusen: ${name}`);
