import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { recordCorrection } from '../../server/use-cases/documents.js';
import { rebuildSearchIndex } from '../../db/reindex.js';
import { removeFromIndex } from '../../db/search-index.js';
import { buildTestApp, upload } from '../helpers/app.js';

const seedDir = path.resolve(import.meta.dirname, '../../fixtures/seed');
let app: FastifyInstance;
let db: Db;
const ids: Record<string, number> = {};
beforeEach(async () => {
  ({ app, db } = await buildTestApp());
  for (const name of ['000_22e373b5829b3816.txt', '002_96c067dbb2ae0c27.txt', '003_4ffd3fd1c5ddf01f.txt']) {
    ids[name.slice(0, 3)] = (await upload(app, name, fs.readFileSync(path.join(seedDir, name)))).json().id;
  }
});
afterEach(async () => { await app.close(); });

const api = async (q: string, extra = '') => (await app.inject(`/api/search?q=${encodeURIComponent(q)}${extra}`)).json();

describe('GET /api/search', () => {
  it('answers the documented shape with facets and marked snippets', async () => {
    const r = await api('trygghetsfond');
    expect(r.total).toBe(1);
    expect(r.results[0]).toMatchObject({ id: ids['000'], kind: 'protokollsanteckning', body: 'Trygghets- och delaktighetsberedningen', date: '2022-02-17', parties: ['S'], paragraph: null });
    expect(Object.keys(r.results[0]).sort()).toEqual(['body', 'date', 'id', 'kind', 'paragraph', 'parties', 'signatories', 'snippet', 'title']);
    expect(r.results[0].snippet).toContain('<mark>trygghetsfond</mark>');
    expect(r.facets).toEqual({ party: { S: 1 }, kind: { protokollsanteckning: 1 }, body: { 'Trygghets- och delaktighetsberedningen': 1 }, municipality: { 'Huddinge kommun': 1 }, year: { 2022: 1 } });
    expect(r.suggestions).toEqual([]);
  });

  it('marks every form of the word: tryggheten for trygghet', async () => {
    const r = await api('trygghet');
    expect(r.total).toBe(3);
    expect(r.results.map((x: { snippet: string }) => x.snippet).join(' ')).toMatch(/<mark>tryggheten<\/mark>/);
  });

  it('finds a compound by its head, below whole-word matches: våld finds gängvåldet', async () => {
    const r = await api('gängkriminalitet OR våld');
    expect(r.total).toBeGreaterThan(0);
    const onlyCompound = await api('"gängvåldet"');
    expect(onlyCompound.results.map((x: { id: number }) => x.id)).toEqual([ids['002']]);
    const head = await api('våld');
    expect(head.results.map((x: { id: number }) => x.id)).toContain(ids['002']);
  });

  it('filters narrow the search and phrase matches exactly', async () => {
    expect((await api('trygghet parti:S')).total).toBe(2);
    expect((await api('trygghet parti:M')).total).toBe(1);
    expect((await api('"Sluta skjut"')).results.map((x: { id: number }) => x.id)).toEqual([ids['002']]);
    expect((await api('"skjut sluta"')).total).toBe(0);
    expect((await api('trygghet typ:interpellationssvar')).total).toBe(1);
    // Rasmus Lenefors signed 000 and interpellated in 002.
    expect((await api('trygghet person:"Rasmus Lenefors"')).total).toBe(2);
    expect((await api('trygghet person:"Daniel Dronjak"')).total).toBe(1);
    expect((await api('trygghet kommun:huddinge år:2022')).total).toBe(1);
    expect((await api('trygghet år:2019..2021')).total).toBe(0);
    // LIKE wildcards in a filter value are literal characters.
    expect((await api('trygghet kommun:%')).total).toBe(0);
    expect((await api('trygghet kommun:_uddinge')).total).toBe(0);
    expect((await api('trygghet -trygghetsfond')).total).toBe(2);
    expect((await api('skol*')).total).toBeGreaterThan(0);
  });

  it('sorts by date and pages', async () => {
    const r = await api('Huddinge', '&sort=datum');
    expect(r.results[0].date).toBe('2022-02-17');
    expect((await api('Huddinge', '&page=2')).results).toEqual([]);
  });

  it('a malformed query gets a helpful 400, never a 500', async () => {
    for (const q of ['"oavslutad', 'år:igår', 'OR', "'; DROP TABLE documents; --", '*', 'NEAR(', 'a"b"c"', '\u0000']) {
      const res = await app.inject(`/api/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBeLessThan(500);
    }
    const bad = await app.inject('/api/search?q=%22oavslutad');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid_query' });
    const page = await app.inject('/sok?q=%22oavslutad');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('citattecken saknar sin avslutning');
  });

  it('suggests a spelling when nothing matches, and completes as you type', async () => {
    const r = await api('tryghetsfond');
    expect(r.total).toBe(0);
    expect(r.suggestions).toEqual(['trygghetsfond']);
    const s = (await app.inject('/api/suggest?q=tryggh')).json();
    expect(s.suggestions.map((x: { text: string }) => x.text)).toContain('tryggheten');
  });

  it('a document taken out of the index is no longer found, in results or facets', async () => {
    await removeFromIndex(db, ids['000']!);
    const r = await api('trygghet');
    expect(r.total).toBe(2);
    expect(r.facets.party).toEqual({ M: 1, S: 1 });
  });

  it('follows a correction at once and survives a rebuild', async () => {
    expect((await api('trygghetsfond parti:V')).total).toBe(0);
    await recordCorrection(db, ids['000']!, 'parties', ['V'], 'test');
    expect((await api('trygghetsfond parti:V')).total).toBe(1);
    expect(await rebuildSearchIndex(db)).toBe(3);
    expect((await api('trygghetsfond parti:V')).total).toBe(1);
    expect((await api('trygghetsfond')).total).toBe(1);
  });
});

describe('search page, feed and CSV', () => {
  it('renders results with facets that narrow, and escapes the query', async () => {
    const res = await app.inject(`/sok?q=${encodeURIComponent('trygghet <script>')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>');
    const ok = await app.inject('/sok?q=trygghet');
    expect(ok.body).toContain('<mark>');
    expect(ok.body).toContain('href="/sok?q=trygghet+parti%3AS"');
    expect(ok.body).toContain('label for="s-q"');
    expect(ok.body).toMatch(/Ord matchar alla sina böjningsformer/);
  });

  it('an Atom feed and a CSV of all results', async () => {
    const feed = await app.inject('/sok/feed.xml?q=trygghet');
    expect(feed.headers['content-type']).toMatch(/application\/atom\+xml/);
    expect((feed.body.match(/<entry>/g) ?? []).length).toBe(3);
    const csv = await app.inject('/sok.csv?q=trygghet');
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.rawPayload.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('datum,typ,titel,partier,undertecknare,länk');
    expect(lines).toHaveLength(4);
    expect(csv.body).toContain('"Rasmus Lenefors; Pran Malhotra; Britt Flodetorp"');
  });
});
