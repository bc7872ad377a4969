/**
 * Every labelled protocol fixture in fixtures/protocols, field by field: a check that matched must keep matching,
 * and a check listed in known-misses.json must still miss (so the list shrinks honestly when the parser improves).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureNames, scoreFixture, SCORED_FIELDS, share, tally, type Check } from '../../scripts/lib/protocol-scoring.js';

const DIR = 'fixtures/protocols';
const KNOWN: string[] = JSON.parse(fs.readFileSync('test/protocol/known-misses.json', 'utf8')) as string[];

describe('protocol fixtures', () => {
  const all: Check[] = [];
  for (const name of fixtureNames(DIR)) {
    it(name, () => {
      const checks = scoreFixture(DIR, name);
      all.push(...checks);
      const known = KNOWN.filter((k) => k.startsWith(`${name}|`));
      const missed = checks.filter((c) => !c.ok).map((c) => c.key);
      expect(missed.filter((k) => !known.includes(k)), 'checks that no longer match').toEqual([]);
      expect(known.filter((k) => !missed.includes(k)), 'listed misses that now match or are gone: remove them from known-misses.json').toEqual([]);
    });
  }
  it('prints the shares', () => {
    const t = tally(all);
    console.log(SCORED_FIELDS.map((f) => `${f} ${share(t.get(f)!)}`).join('\n'));
    expect(all.length).toBeGreaterThan(0);
  });
});
