import { describe, expect, it } from 'vitest';
import { prepareIndex, preparedFromJson, preparedToJson } from '../../server/ingest/stages/prepare-index.js';

const text = 'Förskolan i Flemingsberg behöver fler platser. Förskolorna i Huddinge växer, och 2024 ska 120 nya platser byggas.\n\nVi yrkar att förskolan byggs ut.';

describe('the prepared index', () => {
  it('carries the body\'s distinct stems and words as the vocabularies count them', () => {
    const p = prepareIndex(text);
    expect(new Set(p.bodyTerms).size).toBe(p.bodyTerms.length);
    expect(new Set(p.bodyWords).size).toBe(p.bodyWords.length);
    expect(p.bodyTerms.sort()).toEqual([...new Set(p.bodyTokens.split(' ').filter((t) => t.length >= 2))].sort());
    // Words of three characters or more, never bare numbers.
    expect(p.bodyWords).toContain('förskolan');
    expect(p.bodyWords).not.toContain('2024');
    expect(p.bodyWords).not.toContain('i');
  });

  it('survives a JSON round trip, and one held by an older version without the distinct terms is not used', () => {
    const p = prepareIndex(text);
    const back = preparedFromJson(JSON.parse(JSON.stringify(preparedToJson(p))));
    expect(back).toEqual(p);
    const { bodyTerms: _t, bodyWords: _w, ...older } = preparedToJson(p) as Record<string, unknown>;
    expect(preparedFromJson(JSON.parse(JSON.stringify(older)))).toBeUndefined();
  });
});
