import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { addTestUser, buildTestApp, sessionFor, upload } from '../helpers/app.js';
import type { SqliteDb as Db } from '../../db/client.js';

const seedDir = path.resolve(import.meta.dirname, '../../fixtures/seed');
let app: FastifyInstance;
let db: Db;
beforeEach(async () => { ({ app, db } = await buildTestApp()); });
afterEach(async () => { await app.close(); });

describe('document pages', () => {
  it('renders a document with its metadata and text in paragraphs', async () => {
    const bytes = fs.readFileSync(path.join(seedDir, '002_96c067dbb2ae0c27.txt'));
    const { id } = (await upload(app, '002_96c067dbb2ae0c27.txt', bytes)).json();
    const res = await app.inject(`/dokument/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html; charset=utf-8/);
    expect(res.body).toContain('<html lang="sv">');
    expect(res.body).toContain('Interpellationssvar');
    expect(res.body).toContain('Daniel Dronjak');
    // An answer shows its questions in "Frågor och svar", each beside its answer.
    expect(res.body).toContain('<h2 id="fragor-svar">Frågor och svar</h2>');
    expect(res.body).toContain('Fråga 3</h3><p>Vilka andra brottsförebyggande åtgärder');
    expect((res.body.match(/<p>/g) ?? []).length).toBeGreaterThan(10);
  });

  it('escapes script and markup in document text and filename', async () => {
    const text = 'Motion om <script>alert("x")</script> säkerhet\n\nVi yrkar att <img src=x onerror=alert(1)> tas bort & "citat".';
    const { id } = (await upload(app, '<b>fet</b>.txt', text)).json();
    const res = await app.inject(`/dokument/${id}`);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).not.toContain('<b>fet</b>');
    expect(res.body).toContain('&lt;script&gt;');
  });

  it('returns the original file byte for byte with its Swedish filename', async () => {
    const latin1 = Buffer.from('Yrkande från Vänsterpartiet\n\nÅsa Öberg föreslår ändringar i äldreomsorgen.\n', 'latin1');
    const created = await upload(app, 'yrkande-äldreomsorg.txt', latin1);
    expect(created.statusCode).toBe(201);
    expect(created.json().text).toContain('Åsa Öberg föreslår ändringar i äldreomsorgen.');
    expect(created.json().original.encoding).toBe('windows-1252');
    const res = await app.inject(`/dokument/${created.json().id}/original`);
    expect(res.statusCode).toBe(200);
    expect(Buffer.compare(res.rawPayload, latin1)).toBe(0);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''yrkande-%C3%A4ldreomsorg.txt");
    expect(res.headers['content-type']).toBe('text/plain; charset=windows-1252');
  });

  it('answers 404 with a Swedish HTML page for an unknown document', async () => {
    const res = await app.inject('/dokument/424242');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('finns inte');
    expect((await app.inject('/dokument/424242/original')).statusCode).toBe(404);
  });

  it('renders the home page, the list with filters and the upload form', async () => {
    const bytes = fs.readFileSync(path.join(seedDir, '000_22e373b5829b3816.txt'));
    await upload(app, '000.txt', bytes);
    const home = await app.inject('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Uppföljning av Program för trygghet');
    const list = await app.inject('/dokument?kind=protokollsanteckning&party=s');
    expect(list.body).toContain('1 dokument');
    const none = await app.inject('/dokument?kind=motion');
    expect(none.body).toContain('0 dokument');
    // The upload form is for signed-in secretaries; anonymous visitors are sent to log in.
    const anonymous = await app.inject('/ladda-upp');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/logga-in?nasta=%2Fladda-upp');
    const { id } = await addTestUser(db, { email: 's@test.invalid', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun' });
    const form = await app.inject({ url: '/ladda-upp', headers: { cookie: (await sessionFor(db, id)).cookie } });
    expect(form.body).toContain('<label for="u-file">');
    expect(form.body).toContain('S i Huddinge kommun');
    expect((await app.inject('/static/style.css')).headers['content-type']).toMatch(/text\/css/);
    expect(home.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(home.headers['x-content-type-options']).toBe('nosniff');
  });
});
