/** Search that forgives (issue 16): confident corrections at once, others offered, never a quoted phrase or a known word. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, upload } from '../helpers/app.js';

const seedDir = path.resolve(import.meta.dirname, '../../fixtures/seed');
let app: FastifyInstance;
beforeAll(async () => {
  ({ app } = await buildTestApp());
  for (const name of ['000_22e373b5829b3816.txt', '002_96c067dbb2ae0c27.txt', '003_4ffd3fd1c5ddf01f.txt']) {
    await upload(app, name, fs.readFileSync(path.join(seedDir, name)));
  }
});
afterAll(async () => { await app.close(); });

const api = async (q: string, extra = '') => (await app.inject(`/api/search?q=${encodeURIComponent(q)}${extra}`)).json();

describe('a misspelt word that finds nothing', () => {
  it('is corrected at once when the correction is close and frequent: "trygghte" shows the hits for "trygghet"', async () => {
    const r = await api('trygghte');
    expect(r.corrected).toEqual({ from: 'trygghte', to: 'trygghet' });
    expect(r.total).toBe(3);
    expect(r.suggestions).toEqual([]);
  });

  it('keeps the rest of the query as typed: filters stay', async () => {
    const r = await api('trygghte parti:S');
    expect(r.corrected).toEqual({ from: 'trygghte parti:S', to: 'trygghet parti:S' });
    expect(r.results.every((x: { parties: string[] }) => x.parties.includes('S'))).toBe(true);
  });

  it('runs as typed with exakt=1 ("Sök i stället efter …")', async () => {
    const r = await api('trygghte', '&exakt=1');
    expect(r).toMatchObject({ total: 0, corrected: null, suggestions: [] });
  });

  it('only offers a correction found in too few documents: "Flemingberg" → "Menade du flemingsberg?"', async () => {
    const r = await api('Flemingberg');
    expect(r.corrected).toBeNull();
    expect(r.total).toBe(0);
    expect(r.suggestions).toEqual(['flemingsberg']);
  });

  it('never corrects a quoted phrase', async () => {
    const r = await api('"trygghte"');
    expect(r).toMatchObject({ total: 0, corrected: null });
  });

  it('never corrects a word the archive holds', async () => {
    const r = await api('trygghetsfond');
    expect(r).toMatchObject({ total: 1, corrected: null, suggestions: [] });
  });
});

describe('the search page', () => {
  it('says what it shows and links back to the query as typed', async () => {
    const res = await app.inject(`/sok?q=${encodeURIComponent('trygghte')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Visar träffar för');
    expect(res.body).toMatch(/<strong>3<\/strong> träffar/);
    expect(res.body).toContain('href="/sok?q=trygghte&amp;exakt=1"');
    const asTyped = await app.inject('/sok?q=trygghte&exakt=1');
    expect(asTyped.body).not.toContain('Visar träffar för');
    expect(asTyped.body).toMatch(/<strong>0<\/strong> träffar/);
  });
});
