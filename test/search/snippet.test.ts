/** The snippet: the paragraph with most distinct hits, every matched form marked, text escaped. */
import { describe, expect, it } from 'vitest';
import { makeSnippet } from '../../server/search/snippet.js';
import type { Matcher } from '../../server/search/fts-query.js';

const matcher = (terms: string[], prefixes: string[] = []): Matcher => ({ terms: new Set(terms), prefixes, exactWords: new Set() });

describe('makeSnippet', () => {
  const text = [
    'Anna Åberg (S)',
    'Inledning om kommunens ekonomi och budgeten för nästa år, som inte nämner det sökta alls men är lång nog att väljas.',
    'Tryggheten i Flemingsberg har minskat. Trygghet är en rättighet, och otryggheten växer.',
    'Här nämns trygghet en gång, i ett stycke om <skolor> & "förskolor" som också är långt nog.',
  ].join('\n\n');

  it('chooses the paragraph with the most distinct hits and marks every form, whatever the case', () => {
    const s = makeSnippet(text, matcher(['trygghet', 'tryggheten']));
    expect(s).toContain('<mark>Tryggheten</mark> i Flemingsberg');
    expect(s).toContain('<mark>Trygghet</mark> är');
    expect(s).not.toContain('<mark>otryggheten');
  });

  it('falls back to the first paragraph of 80 characters when nothing matches, and escapes markup', () => {
    expect(makeSnippet(text, matcher(['kommunalskatt']))).toMatch(/^Inledning om kommunens ekonomi/);
    const s = makeSnippet(text, matcher(['skolor']));
    expect(s).toContain('&lt;<mark>skolor</mark>&gt; &amp; &quot;förskolor&quot;');
  });

  it('matches Å Ä Ö case-insensitively and prefixes shorter than three letters', () => {
    expect(makeSnippet('Äldreomsorgen brister.\n\nÖvrigt om ÄLDREOMSORG.', matcher(['äldreomsorg', 'äldreomsorgen']))).toContain('<mark>Äldreomsorgen</mark>');
    expect(makeSnippet('Skolan och skatten.', matcher([], ['sk']))).toBe('<mark>Skolan</mark> och <mark>skatten</mark>.');
  });

  it('marks words that begin past Latin-1, and every word a one-letter prefix begins', () => {
    expect(makeSnippet('Kommissionären Šefčovič talade om ŠEFČOVIČS förslag.', matcher(['šefčovič', 'šefčovičs'])))
      .toBe('Kommissionären <mark>Šefčovič</mark> talade om <mark>ŠEFČOVIČS</mark> förslag.');
    expect(makeSnippet('Skolan och sjön, ej kommunen.', matcher([], ['s']))).toBe('<mark>Skolan</mark> och <mark>sjön</mark>, ej kommunen.');
  });

  it('still finds hits in text whose lowercase would be longer (İ), and not inside other words', () => {
    const s = makeSnippet('İstanbul nämns.\n\nTryggheten och otryggheten i İzmir, och trygghet.', matcher(['trygghet', 'tryggheten']));
    expect(s).toContain('<mark>trygghet</mark>.');
    expect(s).not.toContain('<mark>otryggheten');
    expect(s).toContain('İzmir');
  });

  it('on equal hits, a paragraph of 80 characters after spaces are collapsed beats an earlier shorter one', () => {
    const short = 'Trygghet, kort.';
    // Over 80 characters as written, under 80 once its runs of spaces are one space each: still short.
    const padded = `Trygghet${' '.repeat(60)}igen, med luft.${' '.repeat(40)}Slut.`;
    const long = 'Trygghet i ett stycke som är långt nog att räknas som ett riktigt stycke med innehåll i sig.';
    const m = matcher(['trygghet']);
    expect(makeSnippet([short, padded, long].join('\n\n'), m)).toBe(`<mark>Trygghet</mark> i ett stycke som är långt nog att räknas som ett riktigt stycke med innehåll i sig.`);
    expect(makeSnippet([short, padded].join('\n\n'), m)).toBe('<mark>Trygghet</mark>, kort.');
    // More distinct hits win over length.
    expect(makeSnippet([long, 'Trygghet och tryggheten.'].join('\n\n'), matcher(['trygghet', 'tryggheten']))).toBe('<mark>Trygghet</mark> och <mark>tryggheten</mark>.');
  });

  it('escapes markup right beside a marked word and marks a word inside quotes', () => {
    expect(makeSnippet(`<b>trygghet</b> & 'trygghet'`, matcher(['trygghet'])))
      .toBe('&lt;b&gt;<mark>trygghet</mark>&lt;/b&gt; &amp; &#39;<mark>trygghet</mark>&#39;');
  });

  it('cuts a long paragraph around the first hit', () => {
    const long = `${'ord '.repeat(200)}budgetpropositionen ${'mer '.repeat(200)}`;
    const s = makeSnippet(long, matcher(['budgetpropositionen']));
    expect(s.startsWith('… ')).toBe(true);
    expect(s.endsWith(' …')).toBe(true);
    expect(s).toContain('<mark>budgetpropositionen</mark>');
    expect(s.length).toBeLessThan(360);
  });
});
