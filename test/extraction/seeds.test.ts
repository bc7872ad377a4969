import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFromBytes } from '../helpers/extract.js';

const seedDir = path.resolve(import.meta.dirname, '../../fixtures/seed');
const expected = JSON.parse(fs.readFileSync(path.join(seedDir, 'expected.json'), 'utf8')) as Record<string, Record<string, unknown>>;

describe('seed documents extract exactly as expected.json says (every field)', () => {
  for (const [file, want] of Object.entries(expected)) {
    it(file, () => {
      const got = extractFromBytes(fs.readFileSync(path.join(seedDir, file)));
      for (const [field, value] of Object.entries(want)) {
        if (field === 'arende') expect(got.arende).toMatchObject(value as object);
        else expect({ field, value: got[field as keyof typeof got] }).toEqual({ field, value });
      }
    });
  }

  it('003 is a protokollsanteckning by inference, and says so', () => {
    const got = extractFromBytes(fs.readFileSync(path.join(seedDir, '003_4ffd3fd1c5ddf01f.txt')));
    expect(got.kind).toBe('protokollsanteckning');
    expect(got.warnings.some((w) => /Dokumenttypen står inte i texten/.test(w))).toBe(true);
  });

  it('titles read as headings', () => {
    const title = (f: string) => extractFromBytes(fs.readFileSync(path.join(seedDir, f))).title;
    expect(title('000_22e373b5829b3816.txt')).toBe('Protokollsanteckning: Uppföljning av Program för trygghet och säkerhet 2021');
    expect(title('002_96c067dbb2ae0c27.txt')).toMatch(/^Svar på Interpellation ställd av Sara Heelge Vikmång \(S\) och Rasmus Lenefors \(S\) om att Flemingsberg/);
  });

  it('a field the text does not support is null with a warning', () => {
    const got = extractFromBytes(fs.readFileSync(path.join(seedDir, '002_96c067dbb2ae0c27.txt')));
    expect(got.date).toBeNull();
    expect(got.warnings).toContain('Datum saknas i dokumentets huvud.');
  });
});
