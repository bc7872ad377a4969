import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { differingFields, extractFromBytes } from '../helpers/extract.js';

const dir = path.resolve(import.meta.dirname, '../../fixtures/documents');
const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.expected.json')).map((n) => n.replace(/\.expected\.json$/, '')).sort() : [];

/**
 * Golden fixtures: every real or realistic document beside its hand-checked expected metadata.
 * Each must match exactly, except those listed in KNOWN_MISSES with the fields that still differ,
 * so the share extracted exactly is printed and can only go up.
 */
const KNOWN_MISSES: Record<string, string[]> = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'known-misses.json'), 'utf8'),
) as Record<string, string[]>;

const results: Array<{ name: string; diff: string[] }> = [];

describe('golden fixtures', () => {
  it('has at least 25 fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(25);
  });

  for (const name of names) {
    it(name, () => {
      const bytes = fs.readFileSync(path.join(dir, `${name}.txt`));
      const expected = JSON.parse(fs.readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) as Record<string, unknown>;
      const diff = differingFields(extractFromBytes(bytes), expected);
      results.push({ name, diff });
      expect(diff).toEqual(KNOWN_MISSES[name] ?? []);
    });
  }

  afterAll(() => {
    const exact = results.filter((r) => r.diff.length === 0).length;
    if (results.length) console.log(`Fixtures extracted exactly: ${exact}/${results.length} (${Math.round((100 * exact) / results.length)} %)`);
  });
});
