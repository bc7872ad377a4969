import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { buildTestApp, upload } from '../helpers/app.js';
import { makePdf } from '../helpers/pdf.js';

const seedDir = path.resolve(import.meta.dirname, '../../fixtures/seed');
const seed = (name: string) => fs.readFileSync(path.join(seedDir, name));
const SEED_000 = '000_22e373b5829b3816.txt';
const SEED_002 = '002_96c067dbb2ae0c27.txt';
const SEED_003 = '003_4ffd3fd1c5ddf01f.txt';

let app: FastifyInstance;
let db: Db;
let adminToken: string;
beforeEach(async () => { ({ app, db, adminToken } = await buildTestApp()); });
afterEach(async () => { await app.close(); });

const count = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('GET /healthz', () => {
  it('answers ok', async () => {
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });
});

describe('POST /api/documents', () => {
  it('stores a text document and answers 201 with the contract', async () => {
    const res = await upload(app, SEED_000, seed(SEED_000));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.id).toBeTypeOf('number');
    expect(res.headers.location).toBe(`/api/documents/${body.id}`);
    expect(body).toMatchObject({
      kind: 'protokollsanteckning', municipality: 'Huddinge kommun', body: 'Trygghets- och delaktighetsberedningen',
      date: '2022-02-17', parties: ['S'],
      arende: { number: '11', title: 'Uppföljning av Program för trygghet och säkerhet 2021', diarienummer: null },
    });
    for (const key of ['title', 'signatories', 'interpellants', 'addressee', 'questions', 'warnings']) expect(body).toHaveProperty(key);
    expect(body.original).toMatchObject({ filename: SEED_000, mediaType: 'text/plain', encoding: 'utf-8' });
  });

  it('deduplicates identical bytes by sha256: 200 with the same document, nothing stored twice', async () => {
    const first = await upload(app, SEED_000, seed(SEED_000));
    const again = await upload(app, 'another-name.txt', seed(SEED_000));
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(count('documents')).toBe(1);
    expect(count('files')).toBe(1);
    expect(count('file_contents')).toBe(1);
  });

  it('stores a PDF with its pages joined and its metadata read', async () => {
    const pdf = await makePdf([
      ['Huddinge kommun', 'Kommunfullmäktige', '2022-03-14', '', 'RESERVATION', '', 'Ärende 7: Budget för år 2023 med plan för åren 2024–2025',
        'Vi reserverar oss mot beslutet eftersom förslaget innebär att äldreomsorgen får mindre resurser än behovet kräver. Det drabbar de äldre i Flemingsberg, Vårby och Skogås.'],
      ['För Vänsterpartiet', '', 'Åsa Öberg', 'Erik Ärlig'],
    ]);
    const res = await upload(app, 'reservation.pdf', pdf);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'reservation', municipality: 'Huddinge kommun', body: 'Kommunfullmäktige', date: '2022-03-14', parties: ['V'],
      arende: { number: '7' },
      signatories: [{ name: 'Åsa Öberg', party: 'V', role: null }, { name: 'Erik Ärlig', party: 'V', role: null }],
      textStatus: 'ok',
      original: { mediaType: 'application/pdf' },
    });
    expect(res.json().text).toContain('äldreomsorgen');
  });

  it('rejects a request without multipart with a JSON 415', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/documents', payload: { a: 1 }, headers: { authorization: `Bearer ${adminToken}` } });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toBe('unsupported_media_type');
  });
});

describe('GET /api/documents', () => {
  beforeEach(async () => {
    for (const name of [SEED_000, SEED_002, SEED_003]) expect((await upload(app, name, seed(name))).statusCode).toBe(201);
  });

  it('lists with total and items, newest date first', async () => {
    const res = await app.inject('/api/documents');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.items).toHaveLength(3);
    expect(body.items[0].date).toBe('2022-02-17');
    expect(body.items[0]).not.toHaveProperty('text');
  });

  it('filters by kind, party and municipality, and pages with limit and offset', async () => {
    const byKind = (await app.inject('/api/documents?kind=interpellationssvar')).json();
    expect(byKind.total).toBe(1);
    expect(byKind.items[0].kind).toBe('interpellationssvar');
    const byParty = (await app.inject('/api/documents?party=S')).json();
    expect(byParty.total).toBe(2);
    expect((await app.inject('/api/documents?party=m')).json().total).toBe(1);
    expect((await app.inject(`/api/documents?municipality=${encodeURIComponent('Huddinge kommun')}`)).json().total).toBe(3);
    expect((await app.inject('/api/documents?municipality=Uppsala%20kommun')).json().total).toBe(0);
    const page = (await app.inject('/api/documents?limit=2&offset=2')).json();
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(1);
  });

  it('pages across dated and undated documents without gaps or repeats, and filters by body and year', async () => {
    const all = (await app.inject('/api/documents?limit=3')).json().items.map((d: { id: number }) => d.id);
    const paged = [];
    for (let offset = 0; offset < 3; offset++) paged.push(...(await app.inject(`/api/documents?limit=1&offset=${offset}`)).json().items.map((d: { id: number }) => d.id));
    expect(paged).toEqual(all);
    expect(new Set(all).size).toBe(3);
    expect((await app.inject('/api/documents?limit=2&offset=1')).json().items.map((d: { id: number }) => d.id)).toEqual(all.slice(1));
    expect((await app.inject('/api/documents?year=2022')).json().total).toBe(1);
    expect((await app.inject('/api/documents?year=2021')).json().total).toBe(0);
    expect((await app.inject(`/api/documents?body=${encodeURIComponent('kommunfullmäktige')}`)).json().total).toBe(1);
  });

  it('answers 400 with a Swedish JSON error for an invalid filter', async () => {
    const res = await app.inject('/api/documents?kind=nonsense');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_request' });
    expect((await app.inject('/api/documents?limit=0')).statusCode).toBe(400);
  });

  it('GET /api/documents/:id returns one document and 404 for an unknown id', async () => {
    const list = (await app.inject('/api/documents')).json();
    const one = await app.inject(`/api/documents/${list.items[0].id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().text).toContain('trygghetsfond');
    const missing = await app.inject('/api/documents/99999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('not_found');
    expect((await app.inject('/api/documents/abc')).statusCode).toBe(400);
  });
});
