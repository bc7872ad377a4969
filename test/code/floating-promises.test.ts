import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFloatingPromises } from '../../scripts/check-promises.js';

describe('the asynchronous repository layer', () => {
  it('has no promise left unawaited, used as a truth value, or compared by expect without resolves', () => {
    const found = findFloatingPromises(path.resolve(import.meta.dirname, '../..'));
    expect(found.map((f) => `${f.file}:${f.line} ${f.why}: ${f.text}`)).toEqual([]);
  }, 120_000);
});
