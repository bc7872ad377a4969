/** The page selection behind search: the first k in order, equal to a full sort's first k. */
import { describe, expect, it } from 'vitest';
import { firstInOrder } from '../../db/search.js';

describe('firstInOrder', () => {
  const byScoreThenId = (a: [number, number], b: [number, number]) => a[1] - b[1] || b[0] - a[0];
  it('gives what a full sort gives, for small and large k, with ties', () => {
    let seed = 7;
    const rnd = () => { seed = (seed * 48271) % 2147483647; return seed / 2147483647; };
    const items: Array<[number, number]> = Array.from({ length: 5000 }, (_, i) => [i, Math.floor(rnd() * 300) / 10]);
    const sorted = [...items].sort(byScoreThenId);
    for (const k of [1, 20, 40, 199, 700, 5000, 6000]) {
      expect(firstInOrder(items, k, byScoreThenId)).toEqual(sorted.slice(0, k));
    }
    expect(firstInOrder(items, 0, byScoreThenId)).toEqual([]);
    expect(firstInOrder([], 20, byScoreThenId)).toEqual([]);
  });
});
