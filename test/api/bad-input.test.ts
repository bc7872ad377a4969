import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { addTestUser, buildTestApp, dbFingerprint, multipartParts, sessionFor, upload } from '../helpers/app.js';
import { makePdf } from '../helpers/pdf.js';

let app: FastifyInstance;
let db: Db;
let before: string;

async function start(overrides = {}) {
  ({ app, db } = await buildTestApp(overrides));
  // Something already stored that a bad upload must not disturb.
  expect((await upload(app, 'befintlig.txt', 'Protokollsanteckning\n\nÄrende 1: Test\n\nFör Moderaterna\n\nAnna Andersson')).statusCode).toBe(201);
  before = dbFingerprint(db);
}
afterEach(async () => { await app?.close(); });

/** Expects a JSON 4xx with the code and a Swedish message, and an untouched database. */
async function expectRejected(res: { statusCode: number; json: () => { error: string; message: string } }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  const body = res.json();
  expect(body.error).toBe(code);
  expect(body.message).toMatch(/[a-zåäö]{3,}/i);
  expect(dbFingerprint(db)).toBe(before);
}

describe('bad uploads get a clear 4xx and leave everything as it was', () => {
  beforeEach(() => start());

  it('an empty file', async () => {
    await expectRejected(await upload(app, 'tom.txt', ''), 400, 'empty_file');
  });

  it('a corrupt PDF', async () => {
    await expectRejected(await upload(app, 'trasig.pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage garbage\n%%EOF'), 422, 'corrupt_pdf');
  });

  it('a truncated PDF', async () => {
    const pdf = await makePdf([['Kommunfullmäktige', 'Yrkande angående budget för år 2024 och många fler ord i texten.']]);
    await expectRejected(await upload(app, 'avkortad.pdf', pdf.subarray(0, Math.floor(pdf.length / 3))), 422, 'corrupt_pdf');
  });

  it('a password-protected PDF', async () => {
    const pdf = await makePdf([['Hemligt yrkande med text']], { userPassword: 'hemligt' });
    await expectRejected(await upload(app, 'skyddad.pdf', pdf), 422, 'encrypted_pdf');
  });

  it('a binary file named .txt', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
    await expectRejected(await upload(app, 'bild.txt', png), 415, 'unsupported_type');
    const random = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
    await expectRejected(await upload(app, 'slump.txt', random), 415, 'not_text');
  });

  it('a filename with ../, NUL or control characters', async () => {
    await expectRejected(await upload(app, '../../etc/passwd.txt', 'Yrkande om något'), 400, 'bad_filename');
    await expectRejected(await upload(app, 'a\u0000b.txt', 'Yrkande om något'), 400, 'bad_filename');
    await expectRejected(await upload(app, 'ring\u0007klocka.txt', 'Yrkande om något'), 400, 'bad_filename');
  });

  it('a filename with bidi controls (they can make an .exe look like a .pdf)', async () => {
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
      const res = await upload(app, `faktura${c}fdp.txt`, 'Yrkande om något');
      await expectRejected(res, 400, 'bad_filename');
      expect(res.json().message).toMatch(/textriktning/);
    }
  });

  it('a PDF that takes too long to extract is stopped by the time limit', async () => {
    await app.close();
    await start({ pdfTimeoutMs: 1 });
    const pdf = await makePdf([['Kommunfullmäktige', 'Motion om fler cykelbanor i hela kommunen och bättre belysning.']]);
    await expectRejected(await upload(app, 'seg.pdf', pdf), 422, 'extraction_timeout');
  });
});

describe('the original file', () => {
  it('is sent with a Content-Disposition that carries no bidi controls, even for a name stored before they were refused', async () => {
    await start();
    const id = (await upload(app, 'rapport.txt', 'Motion om badplatser\n\nVi föreslår fler badplatser i kommunen.')).json().id as number;
    db.$client.prepare('UPDATE files SET original_filename = ? WHERE document_id = ?').run('faktura\u202efdp.exe\u2066.txt', id);
    const res = await app.inject(`/dokument/${id}/original`);
    expect(res.statusCode).toBe(200);
    const header = String(res.headers['content-disposition']);
    expect(header).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(header)![1]!)).toBe('fakturafdp.exe.txt');
    expect(header).toContain('filename="fakturafdp.exe.txt"');
  });
});

describe('size limit', () => {
  it('an upload over MAX_UPLOAD_MB gets 413', async () => {
    await start({ maxUploadBytes: 1024 });
    await expectRejected(await upload(app, 'stor.txt', 'Yrkande '.repeat(1000)), 413, 'too_large');
  });
});

describe('a PDF without a text layer', () => {
  it('is stored and flagged as needing OCR, not rejected', async () => {
    await start();
    const pdf = await makePdf([[''], ['']], { noText: true });
    const res = await upload(app, 'skannad.pdf', pdf);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.textStatus).toBe('needs_ocr');
    expect(body.warnings).toContain('ingen textrad – behöver OCR');
    const page = await app.inject(`/dokument/${body.id}`);
    expect(page.body).toContain('ingen textrad – behöver OCR');
    const original = await app.inject(`/dokument/${body.id}/original`);
    expect(Buffer.compare(original.rawPayload, pdf)).toBe(0);
  });
});

describe('the HTML upload form', () => {
  it('shows a Swedish error page for a bad file and sends a good one to its review page', async () => {
    await start();
    const { id } = await addTestUser(db, { email: 'sekreterare@test.invalid', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun' });
    const session = await sessionFor(db, id);
    before = dbFingerprint(db);
    const send = (filename: string, text: string) => {
      const body = multipartParts([{ name: '_csrf', value: session.csrf }, { name: 'file', filename, bytes: text }]);
      return app.inject({ method: 'POST', url: '/ladda-upp', payload: body.payload, headers: { ...body.headers, cookie: session.cookie } });
    };
    const bad = await send('tom.txt', '');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/text\/html/);
    expect(bad.body).toContain('Filen är tom');
    expect(dbFingerprint(db)).toBe(before);
    const good = await send('ok.txt', 'Motion om badplatser\n\nVi föreslår fler badplatser.');
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toMatch(/^\/ladda-upp\/granska\/\d+$/);
  });
});
