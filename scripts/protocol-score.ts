/**
 * Scores the protocol paragraph parser on labelled fixtures, per fixture and overall, per field.
 *
 *   npx tsx scripts/protocol-score.ts [DIR] [--baseline] [--misses]
 *
 * DIR defaults to fixtures/protocols. --baseline also scores the Göteborg source project's own parse
 * (`parsed`: yrkanden, reservationer, votering) on the goteborg fixtures, read from NAME.baseline.json
 * (made by scripts/protocol-baseline.ts), on the fields that parse states. --misses lists every missed check.
 */
import fs from 'node:fs';
import path from 'node:path';
import { baselineParagraph, type BaselineFile } from './lib/protocol-baseline.js';
import { fixtureNames, readExpected, SCORED_FIELDS, scoreFixture, scoreParagraphs, share, tally, type Check, type ScoredField } from './lib/protocol-scoring.js';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--')) ?? 'fixtures/protocols';
const all: Check[] = [];
const pad = (s: string, n: number) => s.padEnd(n);
console.log(`Protokollparagrafer: ${dir}`);
for (const name of fixtureNames(dir)) {
  const checks = scoreFixture(dir, name);
  all.push(...checks);
  const t = tally(checks);
  const line = SCORED_FIELDS.filter((f) => t.get(f)!.total > 0).map((f) => `${f} ${t.get(f)!.ok}/${t.get(f)!.total}`).join('  ');
  console.log(`  ${pad(name, 40)} ${line}`);
  if (args.includes('--misses')) for (const c of checks) if (!c.ok) console.log(`      miss ${c.key}`);
}
const print = (label: string, checks: Check[], fields: readonly ScoredField[] = SCORED_FIELDS) => {
  const t = tally(checks);
  console.log(label);
  for (const f of fields) console.log(`  ${pad(f, 22)} ${share(t.get(f)!)}`);
};
print('Totalt (parsern):', all);

if (args.includes('--baseline')) {
  const fields: ScoredField[] = ['proposals.name', 'proposals.party', 'proposals.stance', 'vote.counts', 'vote.members', 'reservations.parties', 'reservations.names'];
  const ours: Check[] = [];
  const theirs: Check[] = [];
  let missing = 0;
  for (const name of fixtureNames(dir).filter((n) => /goteborg/u.test(n))) {
    const file = path.join(dir, `${name}.baseline.json`);
    if (!fs.existsSync(file)) {
      missing++;
      continue;
    }
    const expected = readExpected(dir, name);
    const baseline = JSON.parse(fs.readFileSync(file, 'utf8')) as BaselineFile;
    theirs.push(...scoreParagraphs(name, expected, [baselineParagraph(expected[0]!.number, baseline)], fields));
    ours.push(...scoreFixture(dir, name).filter((c) => fields.includes(c.field)));
  }
  if (missing) console.log(`(${missing} Göteborgsfixturer saknar NAME.baseline.json: kör scripts/protocol-baseline.ts ${dir})`);
  print('Göteborg, källprojektets egen tolkning (parsed):', theirs, fields);
  print('Göteborg, parsern på samma fixturer:', ours, fields);
}
