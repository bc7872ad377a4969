import { describe, expect, it } from 'vitest';
import { letterDigitRuns, lowerClean, words } from '../../server/analysis/swedish.js';

/** A small deterministic generator, so a failure names its input again on the next run. */
function* strings(count: number): Generator<string> {
  const alphabet = ['a', 'Å', 'ö', 'Z', '7', '٣', '-', "'", '’', ' ', '\n', '.', '\u00ad', '\u0301', '𝐀', '😀', '\ud800', '\udc00', 'ß', 'İ', 'Σ', '\t', '_'];
  let seed = 12345;
  for (let n = 0; n < count; n++) {
    let s = '';
    const len = n % 17;
    for (let i = 0; i < len; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      s += alphabet[seed % alphabet.length];
    }
    yield s;
  }
}

describe('Swedish words', () => {
  it('finds the letter-and-digit runs a Unicode regex finds, astral letters and lone surrogates included', () => {
    for (const s of strings(50_000)) expect(letterDigitRuns(s)).toEqual(s.match(/[\p{L}\p{N}]+/gu) ?? []);
  });

  it('splits hyphenated words into their parts, as matching whole words and splitting them did', () => {
    const old = (text: string) => {
      const clean = text.normalize('NFC').replace(/\u00ad/g, '').toLocaleLowerCase('sv');
      const out: string[] = [];
      for (const m of clean.matchAll(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu)) for (const part of m[0].split(/[-'’]/u)) if (part) out.push(part);
      return out;
    };
    for (const s of strings(50_000)) expect(words(s)).toEqual(old(s));
    expect(words('EU-kommissionen och Sverige’s ÅÄÖ-frågor')).toEqual(['eu', 'kommissionen', 'och', 'sverige', 's', 'åäö', 'frågor']);
  });

  it('lowercases as the Swedish locale does', () => {
    for (const s of strings(50_000)) expect(lowerClean(s)).toBe(s.normalize('NFC').replace(/\u00ad/g, '').toLocaleLowerCase('sv'));
  });
});
