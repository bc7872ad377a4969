/**
 * A protocol's paragraphs are search hits of their own (issue 15): real protocols uploaded through the
 * server (a Jönköping nämnd's 14 paragraphs, a Göteborg kommunstyrelse paragraph) beside another document.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { rebuildSearchIndex } from '../../db/reindex.js';
import { recordCorrection } from '../../server/use-cases/documents.js';
import { search } from '../../server/search/search-service.js';
import { buildTestApp, dbFingerprint, upload } from '../helpers/app.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
const JONKOPING = fs.readFileSync(path.join(fixtures, 'protocols/dev-jonkoping-bun-2018-02-20.txt'));
const GOTEBORG = fs.readFileSync(path.join(fixtures, 'protocol-store/ks-2026-06-17.txt'));
const SEED = fs.readFileSync(path.join(fixtures, 'seed/000_22e373b5829b3816.txt'));

interface Hit { id: number; title: string; kind: string; body: string | null; date: string | null; parties: string[]; snippet: string; paragraph: { number: string; title: string | null; anchor: string } | null }
interface StoredParagraph { number: string; title: string; anchor: string; start: number; end: number }

let app: FastifyInstance;
let db: Db;
let token: string;
let jkp: { id: number; text: string; paragraphs: StoredParagraph[] };
let gbg: { id: number; text: string; paragraphs: StoredParagraph[] };
let seedId: number;

beforeEach(async () => {
  let adminToken: string;
  ({ app, db, adminToken } = await buildTestApp());
  token = adminToken;
  jkp = (await upload(app, 'jonkoping-bun-2018-02-20.txt', JONKOPING)).json();
  gbg = (await upload(app, 'ks-2026-06-17.txt', GOTEBORG)).json();
  seedId = (await upload(app, '000_22e373b5829b3816.txt', SEED)).json().id;
});
afterEach(async () => { await app.close(); });

const api = async (q: string, extra = '') => {
  const res = await app.inject(`/api/search?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode).toBe(200);
  return res.json() as { total: number; results: Hit[]; facets: Record<string, Record<string, number>> };
};
const para = (doc: typeof jkp, number: string) => doc.paragraphs.find((p) => p.number === number)!;
/** The snippet's words as plain text: marks and the ellipses the snippet adds taken out. */
const plain = (snippet: string) => snippet.replace(/<\/?mark>/g, '').replace(/&amp;/g, '&').split('…').map((s) => s.trim()).filter(Boolean);
const squeeze = (s: string) => s.replace(/\s+/g, ' ');

describe('a protocol paragraph as its own search hit', () => {
  it('a word only in § 21 finds § 21 of its protocol, with a snippet from that paragraph alone and a link to it', async () => {
    expect(jkp.paragraphs).toHaveLength(14);
    const r = await api('kapitalkostnader');
    expect(r.total).toBe(1);
    const [hit] = r.results;
    const p21 = para(jkp, '§ 21');
    expect(hit).toMatchObject({ id: jkp.id, kind: 'protokoll', body: 'Barn- och utbildningsnämnden', date: '2018-02-20', paragraph: { number: '§ 21', title: p21.title, anchor: p21.anchor } });
    expect(hit!.snippet).toContain('<mark>kapitalkostnader</mark>');
    const own = squeeze(jkp.text.slice(p21.start, p21.end));
    for (const piece of plain(hit!.snippet)) expect(own).toContain(squeeze(piece));
    // The word is in § 21 only: the neighbours' text is not in its snippet.
    const p20 = squeeze(jkp.text.slice(para(jkp, '§ 20').start, para(jkp, '§ 20').end));
    for (const piece of plain(hit!.snippet)) expect(p20).not.toContain(squeeze(piece));

    // The anchor is the one the protocol page renders.
    const page = (await app.inject(`/dokument/${jkp.id}`)).body;
    expect(page).toContain(`id="${p21.anchor}"`);
    const sok = (await app.inject('/sok?q=kapitalkostnader')).body;
    expect(sok).toContain(`href="/dokument/${jkp.id}#${p21.anchor}"`);
    expect(sok).toContain(`§ 21 ${p21.title}`);
    expect(sok).toContain('Barn- och utbildningsnämnden');
  });

  it('one protocol gives as many hits as paragraphs holding the word, each with its own §', async () => {
    const r = await api('propositionsordning OR behörighetsattestanter');
    expect(r.results.map((x) => `${x.id} ${x.paragraph?.number}`).sort()).toEqual([`${jkp.id} § 18`, `${jkp.id} § 22`, `${gbg.id} § 480`].sort());
    expect(r.total).toBe(3);
  });

  it('typ:protokoll still finds the protocols themselves, by their title and head, and their paragraphs by their text', async () => {
    const only = await api('typ:protokoll');
    // A single-paragraph protocol (the Göteborg Protokollsutdrag) is one hit, shown as its §.
    const p480 = para(gbg, '§ 480');
    expect(only.results.map((x) => [x.id, x.paragraph])).toEqual(expect.arrayContaining([[jkp.id, null], [gbg.id, { number: '§ 480', title: p480.title, anchor: p480.anchor }]]));
    expect(only.total).toBe(2);
    // "Utdragsbestyrkande" stands in the Jönköping head (and in page footers within paragraphs).
    const head = await api('Utdragsbestyrkande typ:protokoll');
    expect(head.results.some((x) => x.id === jkp.id && x.paragraph === null)).toBe(true);
    // kammarrätten, in the Göteborg protocol's title, its paragraph's heading and text: found once.
    const gk = await api('kammarrätten typ:protokoll');
    expect(gk.results.map((x) => [x.id, x.paragraph?.number])).toEqual([[gbg.id, '§ 480']]);
    expect(gk.results[0]!.snippet).toContain('<mark>kammarrätten</mark>');
    expect((await api('kapitalkostnader typ:motion')).total).toBe(0);
    expect((await api('kapitalkostnader typ:protokoll')).total).toBe(1);
  });

  it('filters and facets count paragraph hits as units, each inheriting its protocol\'s kind, body, municipality and date', async () => {
    const r = await api('beslut');
    const units = r.results.map((x) => `${x.id}${x.paragraph ? x.paragraph.anchor : ''}`);
    expect(new Set(units).size).toBe(units.length);
    expect(r.total).toBe(r.results.length);
    const paragraphHits = r.results.filter((x) => x.paragraph !== null);
    expect(paragraphHits.length).toBeGreaterThan(3);
    const protocolHits = r.results.filter((x) => x.kind === 'protokoll').length;
    expect(r.facets.kind!.protokoll).toBe(protocolHits);
    const jkpHits = r.results.filter((x) => x.id === jkp.id).length;
    expect(r.facets.body!['Barn- och utbildningsnämnden']).toBe(jkpHits);
    expect(r.facets.year!['2018']).toBe(jkpHits);
    expect(r.facets.municipality!['Jönköpings kommun']).toBe(jkpHits);
    expect((await api('beslut organ:"Barn- och utbildningsnämnden"')).total).toBe(jkpHits);
    expect((await api('beslut år:2018')).total).toBe(jkpHits);
    expect((await api('beslut kommun:Jönköping')).total).toBe(jkpHits);
    expect((await api('beslut år:2018 typ:protokoll organ:Kommunstyrelsen')).total).toBe(0);
  });

  it('a paragraph\'s parties are its own (those of its positions): parti:MP finds § 18, where MP moved återremiss and reserved itself', async () => {
    const r = await api('motion parti:MP');
    expect(r.results.map((x) => x.paragraph?.number)).toEqual(['§ 18']);
    expect(r.results[0]!.parties).toContain('MP');
    // The protocol's own hit (its table of contents names the motion) has no parties.
    const motion = await api('motion');
    expect(motion.total).toBe(2);
    expect(motion.facets.party!.MP).toBe(1);
    expect((await api('kapitalkostnader parti:MP')).total).toBe(0);
    // A person who moved in a paragraph finds it.
    const person = await api('motion person:"Agneta Fransson"');
    expect(person.results.map((x) => x.paragraph?.number)).toEqual(['§ 18']);
  });

  it('pages through paragraph hits without repeating or losing one, by relevance and by date', async () => {
    for (const sort of ['relevans', 'datum'] as const) {
      const all = (await search(db, 'beslut', { pageSize: 100, sort })).results.map((x) => `${x.id}#${x.paragraph?.anchor ?? ''}`);
      expect(all.length).toBeGreaterThan(6);
      const paged: string[] = [];
      for (let page = 1; paged.length < all.length; page++) {
        const got = (await search(db, 'beslut', { pageSize: 3, page, sort })).results.map((x) => `${x.id}#${x.paragraph?.anchor ?? ''}`);
        expect(got.length).toBeGreaterThan(0);
        paged.push(...got);
      }
      expect(paged).toEqual(all);
    }
  });

  it('the CSV lists a paragraph hit as its protocol and §, linking to it; the Atom feed likewise', async () => {
    const p21 = para(jkp, '§ 21');
    const csv = (await app.inject('/sok.csv?q=kapitalkostnader')).body;
    expect(csv).toContain(`§ 21 ${p21.title}`);
    expect(csv).toContain(`/dokument/${jkp.id}#${p21.anchor}`);
    const feed = (await app.inject('/sok/feed.xml?q=propositionsordning+OR+beh%C3%B6righetsattestanter')).body;
    expect(feed).toContain(`/dokument/${jkp.id}#${para(jkp, '§ 18').anchor}</id>`);
    expect(feed).toContain(`/dokument/${jkp.id}#${para(jkp, '§ 22').anchor}</id>`);
    expect(feed).toContain('§ 22 Attestlistor');
  });
});

describe('paragraph hits follow every write', () => {
  const QUERIES = ['kapitalkostnader', 'beslut', 'motion parti:MP', 'kammarrätten', 'typ:protokoll', 'trygghetsfond', 'utbildningsnämnden år:2018'];
  const answers = async () => JSON.stringify(await Promise.all(QUERIES.map((q) => api(q))));
  /** The same hits, snippets and counts, in whatever order (a restore's vocabulary counts have grown). */
  const found = async () => JSON.stringify(await Promise.all(QUERIES.map(async (q) => {
    const r = await api(q);
    const sorted = (o: Record<string, number>) => Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
    return { total: r.total, hits: r.results.map((x) => JSON.stringify(x)).sort(), facets: Object.entries(r.facets).map(([k, v]) => [k, sorted(v)]) };
  })));

  it('withdrawal removes the protocol and its paragraphs, restore brings them back, reindex rebuilds the same answers', async () => {
    const before = await answers();
    const hits = await found();
    const post = (url: string) => app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload: {} });
    expect((await post(`/api/documents/${jkp.id}/withdraw`)).statusCode).toBeLessThan(300);
    expect((await api('kapitalkostnader')).total).toBe(0);
    expect((await api('beslut')).results.some((x) => x.id === jkp.id)).toBe(false);
    expect((await api('beslut')).facets.body!['Barn- och utbildningsnämnden']).toBeUndefined();
    expect((await api('trygghetsfond')).results.map((x) => x.id)).toEqual([seedId]);
    expect((await post(`/api/documents/${jkp.id}/restore`)).statusCode).toBeLessThan(300);
    expect(await found()).toBe(hits);
    expect(await rebuildSearchIndex(db)).toBe(3);
    expect(await answers()).toBe(before);
    const units = db.$client.prepare('SELECT count(*) FROM search_fts_docsize').pluck().get();
    // 3 documents and the 14 paragraphs of the one protocol with more than one.
    expect(units).toBe(17);
  });

  it('deleting the protocol removes its paragraphs from the index', async () => {
    const res = await app.inject({ method: 'DELETE', url: `/api/documents/${jkp.id}`, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBeLessThan(300);
    expect((await api('kapitalkostnader')).total).toBe(0);
    expect(db.$client.prepare('SELECT count(*) FROM search_fts_docsize').pluck().get()).toBe(2);
  });

  it('uploading the same protocol again changes nothing', async () => {
    const before = await answers();
    const fingerprint = dbFingerprint(db);
    const again = await upload(app, 'jonkoping-bun-2018-02-20.txt', JONKOPING);
    expect(again.json().id).toBe(jkp.id);
    expect(dbFingerprint(db)).toBe(fingerprint);
    expect(await answers()).toBe(before);
  });

  it('a correction of the protocol\'s date moves its paragraph hits with it', async () => {
    await recordCorrection(db, jkp.id, 'date', '2019-03-01', 'test');
    const r = await api('kapitalkostnader');
    expect(r.results[0]).toMatchObject({ date: '2019-03-01', paragraph: { number: '§ 21' } });
    expect(r.facets.year).toEqual({ 2019: 1 });
  });
});

describe('paragraph facets kept in memory follow another connection\'s writes', () => {
  it('the server connection sees a protocol\'s paragraphs that the importer stored, corrected and withdrew', async () => {
    const { closeDb, openDb } = await import('../../db/client.js');
    const { storeDocument, withdrawDocument } = await import('../../server/use-cases/documents.js');
    const { analyseFile } = await import('../../server/ingest/pipeline.js');
    const { loadConfig } = await import('../../server/config.js');
    const os = await import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'psearch-'));
    const server = openDb(path.join(dir, 'a.db'));
    const importer = openDb(path.join(dir, 'a.db'));
    try {
      expect((await search(server, 'kapitalkostnader')).total).toBe(0);
      const doc = await analyseFile({ bytes: JONKOPING, filename: 'jonkoping.txt' }, loadConfig({}));
      const { id } = await storeDocument(importer, doc);
      const hit = await search(server, 'kapitalkostnader år:2018 organ:"Barn- och utbildningsnämnden"');
      expect(hit.results.map((x) => [x.id, x.paragraph?.number])).toEqual([[id, '§ 21']]);
      expect((await search(server, 'motion parti:MP')).results.map((x) => x.paragraph?.number)).toEqual(['§ 18']);
      await recordCorrection(importer, id, 'body', 'Utbildningsnämnden', 'test');
      expect((await search(server, 'kapitalkostnader')).facets.body).toEqual({ Utbildningsnämnden: 1 });
      await withdrawDocument(importer, id, { label: 'test', userId: null }, null);
      expect((await search(server, 'kapitalkostnader')).total).toBe(0);
    } finally {
      closeDb(server);
      closeDb(importer);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
