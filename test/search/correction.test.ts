/** The confident-correction rule (issue 16): real misspellings of words from the fixtures. */
import { describe, expect, it } from 'vitest';
import { correctWord, editDistance } from '../../server/search/correction.js';
import { correctQuery, type Vocabulary } from '../../server/search/forgiving.js';

describe('editDistance', () => {
  it('counts a swap of two letters as one edit: "förskloa" → "förskola"', () => {
    expect(editDistance('förskloa', 'förskola')).toBe(1);
    expect(editDistance('kommunstyreslen', 'kommunstyrelsen')).toBe(1);
    expect(editDistance('flemingberg', 'flemingsberg')).toBe(1);
    expect(editDistance('trygghet', 'trygghet')).toBe(0);
  });

  it('stops early past its bound', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('kort', 'mycket längre ord', 2)).toBe(3);
  });
});

describe('correctWord', () => {
  const vocabulary = [
    { text: 'förskola', count: 41 }, { text: 'förskolan', count: 30 }, { text: 'förskolor', count: 12 },
    { text: 'kommunstyrelsen', count: 90 }, { text: 'flemingsberg', count: 5 },
  ];

  it('takes a close, frequent word at once', () => {
    expect(correctWord('förskloa', vocabulary, false)).toEqual({ from: 'förskloa', to: 'förskola', distance: 1, count: 41, confident: true });
    expect(correctWord('Kommunstyreslen', vocabulary, false)).toMatchObject({ to: 'kommunstyrelsen', confident: true });
    expect(correctWord('Flemingberg', vocabulary, false)).toMatchObject({ to: 'flemingsberg', confident: true });
  });

  it('never corrects a word the archive holds, however rare', () => {
    expect(correctWord('förskolorna', vocabulary, true)).toBeNull();
  });

  it('only offers a correction found in fewer than three documents', () => {
    expect(correctWord('flemingberg', [{ text: 'flemingsberg', count: 2 }], false)).toMatchObject({ confident: false });
  });

  it('only offers a correction when a rival as close is nearly as frequent', () => {
    const r = correctWord('skolar', [{ text: 'skolor', count: 10 }, { text: 'skolan', count: 9 }], false);
    expect(r).toMatchObject({ confident: false });
  });

  it('leaves short words, numbers and far words alone', () => {
    expect(correctWord('skl', vocabulary, false)).toBeNull();
    expect(correctWord('2023a', vocabulary, false)).toBeNull();
    expect(correctWord('budget', vocabulary, false)).toBeNull();
  });
});

describe('correctQuery', () => {
  const counts = new Map([['förskola', 41], ['budget', 20], ['kommunstyrelsen', 90], ['trygghet', 30], ['tryghet', 1]]);
  const vocabulary: Vocabulary = {
    candidates: async () => [...counts].map(([text, count]) => ({ text, count })),
    documentCounts: async (words) => new Map(words.map((w) => [w, counts.get(w) ?? 0])),
  };

  it('rewrites only the misspelt plain words, keeping filters, phrases, exclusions and prefixes as typed', async () => {
    const c = await correctQuery('förskloa budget parti:S "förskloa x" -förskloa förskl*', vocabulary, 'empty');
    expect(c).toMatchObject({ to: 'förskola budget parti:S "förskloa x" -förskloa förskl*', confident: true });
    expect(c!.words.map((w) => w.from)).toEqual(['förskloa']);
  });

  it('corrects nothing when every word is in the archive', async () => {
    expect(await correctQuery('budget trygghet', vocabulary, 'empty')).toBeNull();
  });

  it('over a few hits offers a common neighbour for a rare word, never as confident', async () => {
    expect(await correctQuery('tryghet', vocabulary, 'few')).toMatchObject({ to: 'trygghet', confident: false });
    expect(await correctQuery('tryghet', vocabulary, 'empty')).toBeNull();
  });
});
