import { describe, expect, it } from 'vitest';
import { parseQuery, QuerySyntaxError } from '../../server/search/query-parser.js';

const w = (text: string, prefix = false) => ({ type: 'word', text, prefix });

describe('parseQuery', () => {
  it.each([
    ['trygghetsfond', [[w('trygghetsfond')]], []],
    ['skola fritid', [[w('skola')], [w('fritid')]], []],
    ['skola OR förskola', [[w('skola'), w('förskola')]], []],
    ['skol*', [[w('skol', true)]], []],
    ['"Sluta skjut"', [[{ type: 'phrase', words: ['Sluta', 'skjut'] }]], []],
    ['“Sluta skjut”', [[{ type: 'phrase', words: ['Sluta', 'skjut'] }]], []],
    ['budget -skatt', [[w('budget')]], [w('skatt')]],
    ['stadsdels-nämnd', [[w('stadsdels-nämnd')]], []],
  ])('%s', (q, clauses, excluded) => {
    const p = parseQuery(q);
    expect(p.clauses.map((c) => c.any)).toEqual(clauses);
    expect(p.excluded).toEqual(excluded);
  });

  it('reads every filter, quoted values and year ranges', () => {
    const p = parseQuery('"Sluta skjut" parti:S typ:interpellation person:"Rasmus Lenefors" organ:kommunfullmäktige kommun:Huddinge år:2021..2023');
    expect(p.filters).toEqual({
      party: ['S'], kind: ['interpellation'], person: ['Rasmus Lenefors'], body: ['kommunfullmäktige'],
      municipality: ['Huddinge'], yearFrom: 2021, yearTo: 2023,
    });
    expect(parseQuery('år:2022').filters).toMatchObject({ yearFrom: 2022, yearTo: 2022 });
  });

  it.each([
    ['"oavslutad fras', /citattecken/],
    ['år:tjugo', /år:2022/],
    ['år:2023..2021', /baklänges/],
    ['OR skola', /OR måste stå mellan/],
    ['skola OR', /OR måste följas/],
    ['-bara', /minst ett ord/],
    ['parti:', /saknar värde/],
    ['x'.repeat(501), /för lång/],
  ])('refuses %s with a helpful message', (q, message) => {
    expect(() => parseQuery(q)).toThrow(QuerySyntaxError);
    expect(() => parseQuery(q)).toThrow(message);
  });

  it('treats an unknown key with a colon as a word, not an error', () => {
    expect(parseQuery('kl:15').clauses).toHaveLength(1);
  });
});
