/** collapsedLength (server/linking/party-groups.ts) measures a line as `replace(/\s+/g, ' ').trim()` would make it, without making it. */
import { describe, expect, it } from 'vitest';
import { collapsedLength, partyGroups } from '../../server/linking/party-groups.js';

// Every whitespace character `\s` knows, some that it does not (zero-width space, U+0085), letters, an astral letter.
const alphabet = [' ', '\t', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff',
  '\u200b', '\u0085', 'a', 'Ö', 'å', '-', '.', '𝐀', 'S'];

function randomLine(seed: number): string {
  let x = seed * 2654435761 >>> 0;
  const next = () => { x = (x * 1103515245 + 12345) >>> 0; return x; };
  const n = next() % 140;
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[next() % alphabet.length];
  return s;
}

describe('collapsedLength', () => {
  it('equals the length of the collapsed, trimmed line, and passes a bound exactly when that length does', () => {
    for (let seed = 1; seed <= 20_000; seed++) {
      const line = randomLine(seed);
      const expected = line.replace(/\s+/g, ' ').trim().length;
      expect(collapsedLength(line, 1_000)).toBe(expected);
      expect(collapsedLength(line, 90) > 90).toBe(expected > 90);
    }
  });

  it('keeps a signature padded by a flattened column, and drops a long line', () => {
    const padded = `${' '.repeat(200)}För Socialdemokraterna i${' '.repeat(150)}kommunfullmäktige${' '.repeat(100)}`;
    expect(partyGroups(padded)).toEqual([{ party: 'S', body: 'Kommunfullmäktige' }]);
    expect(partyGroups(`För Socialdemokraterna i kommunfullmäktige ${'och '.repeat(20)}`)).toEqual([]);
  });
});
