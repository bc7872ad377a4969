/** Result dates on the search page: formatted once per distinct date, the same every time. */
import { describe, expect, it } from 'vitest';
import { formatDate } from '../../server/views.js';

describe('formatDate', () => {
  it('formats an ISO date in Swedish, the same when asked again, and leaves anything else as it is', () => {
    expect(formatDate('2022-02-17')).toBe('17 februari 2022');
    expect(formatDate('2022-02-17')).toBe('17 februari 2022');
    expect(formatDate('2022-02-17T10:00:00Z')).toBe('17 februari 2022');
    expect(formatDate('inte ett datum')).toBe('inte ett datum');
    expect(formatDate('inte ett datum')).toBe('inte ett datum');
    expect(formatDate(null)).toBe('');
    expect(formatDate('')).toBe('');
  });

  it('stays right past its bound', () => {
    for (let i = 0; i < 25_000; i++) formatDate(`${1900 + (i % 120)}-01-${String(1 + (i % 28)).padStart(2, '0')}x${i}`);
    expect(formatDate('1999-12-31')).toBe('31 december 1999');
  });
});
