/**
 * Hostile input: every bad file gets a clear 4xx (never a 500, never a hang) and leaves the database
 * exactly as it was; markup, `javascript:` and quotes in text, metadata and filenames come out escaped;
 * SQL-like and Unicode-tricky strings in every query parameter are answered without a 5xx or a write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import type { SqliteDb as Db } from '../../db/client.js';
import { buildTestApp, dbFingerprint, multipartParts, upload } from '../helpers/app.js';
import { makeDocx } from '../helpers/docx.js';
import { makePdf } from '../helpers/pdf.js';

let app: FastifyInstance;
let db: Db;
let adminToken: string;
let stored: number;

beforeAll(async () => {
  ({ app, db, adminToken } = await buildTestApp());
  const res = await upload(app, 'befintlig.txt', 'Protokollsanteckning\n\nKommunfullmäktige i Huddinge kommun\n\nÄrende 1: Trygghet i Flemingsberg\n\nFör Moderaterna\n\nAnna Åberg');
  expect(res.statusCode).toBe(201);
  stored = res.json().id;
  // The token's last use is recorded at most once a minute; that first write happens here, not in a test.
});
afterAll(async () => { await app?.close(); });

/** A bad upload: the status, a Swedish message naming the problem, and not one byte written. */
async function expectRefused(filename: string, bytes: Uint8Array | string, status: number, code: string, message?: RegExp) {
  const before = dbFingerprint(db);
  const started = performance.now();
  const res = await upload(app, filename, bytes);
  expect(performance.now() - started).toBeLessThan(20_000);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  const body = res.json() as { error: string; message: string };
  expect(body.error).toBe(code);
  expect(body.message).toMatch(message ?? /[a-zåäö]{4,}/i);
  expect(dbFingerprint(db)).toBe(before);
}

describe('hostile files', () => {
  it('a 0-byte and a 1-byte file', async () => {
    await expectRefused('tom.txt', '', 400, 'empty_file');
    await expectRefused('en.txt', 'x', 400, 'empty_file', /tom|innehåll/i);
    await expectRefused('en.pdf', Buffer.from([0x25]), 400, 'empty_file', /tom|innehåll/i);
  });

  it('truncated, corrupt and encrypted PDFs', async () => {
    const pdf = await makePdf([['Kommunfullmäktige', 'Reservation mot beslutet om budget för år 2024, med fler ord i texten.']]);
    for (const cut of [20, Math.floor(pdf.length / 2), pdf.length - 40]) {
      await expectRefused('avkortad.pdf', pdf.subarray(0, cut), 422, 'corrupt_pdf');
    }
    await expectRefused('trasig.pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF', 422, 'corrupt_pdf');
    await expectRefused('skyddad.pdf', await makePdf([['Hemlig reservation']], { userPassword: 'hemligt' }), 422, 'encrypted_pdf');
  });

  it('a deeply nested PDF', async () => {
    // 100,000 nested arrays in the catalogue: a recursive parser without a depth limit overflows its stack.
    const depth = 100_000;
    const body = `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Nest ${'['.repeat(depth)}${']'.repeat(depth)} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`;
    await expectRefused('nastlad.pdf', body, 422, 'corrupt_pdf');
    const dicts = `%PDF-1.7\n1 0 obj\n${'<< /A '.repeat(50_000)}1${' >>'.repeat(50_000)}\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`;
    await expectRefused('nastlad2.pdf', dicts, 422, 'corrupt_pdf');
  });

  it('a DOCX zip bomb and a broken DOCX', async () => {
    const zip = await JSZip.loadAsync(await makeDocx([{ p: 'Motion om badplatser' }]));
    zip.file('word/media/noll.bin', Buffer.alloc(50 * 1024 * 1024));
    await expectRefused('bomb.docx', await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), 422, 'corrupt_document', /packas upp/);
    const docx = await makeDocx([{ p: 'Motion om badplatser i Huddinge kommun' }]);
    await expectRefused('trasig.docx', docx.subarray(0, docx.length - 30), 422, 'corrupt_document');
  });

  it('invalid UTF-8: damaged UTF-8 is refused, Windows-1252 is still read', async () => {
    const good = Buffer.from('Motion om förskolor i Huddinge kommun\n\nVi föreslår att fler förskolor byggs nära pendeltåget.\n', 'utf8');
    await expectRefused('skadad.txt', Buffer.concat([good, Buffer.from([0xc3, 0x28, 0xff, 0xfe])]), 422, 'bad_encoding', /UTF-8/);
    await expectRefused('surrogat.txt', Buffer.concat([good, Buffer.from([0xed, 0xa0, 0x80])]), 422, 'bad_encoding', /UTF-8/);
    await expectRefused('overlong.txt', Buffer.concat([good, Buffer.from([0xc0, 0xaf])]), 422, 'bad_encoding', /UTF-8/);
    const latin = Buffer.from('Motion om f\xf6rskolor i Huddinge kommun\n\nVi f\xf6resl\xe5r att fler f\xf6rskolor byggs.\n', 'latin1');
    const res = await upload(app, 'latin.txt', latin);
    expect(res.statusCode).toBe(201);
    expect(res.json().title).toContain('förskolor');
    expect((await app.inject({ method: 'DELETE', url: `/api/documents/${res.json().id}`, headers: { authorization: `Bearer ${adminToken}` } })).statusCode).toBeLessThan(300);
  });

  it('a 10 MB single line', async () => {
    await expectRefused('rad.txt', 'Yrkande '.repeat(1_310_720), 422, 'too_long_line', /rad på/);
  });

  it('binary content, wrong extensions and hostile filenames', async () => {
    await expectRefused('bild.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]), 415, 'unsupported_type');
    await expectRefused('program.exe', Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), 415, 'unsupported_type');
    for (const name of ['../../etc/passwd.txt', 'a\u0000b.txt', 'ring\u0007klocka.txt', '..', 'x'.repeat(300) + '.txt']) {
      await expectRefused(name, 'Yrkande om något viktigt', 400, 'bad_filename');
    }
  });
});

describe('markup and scripts in documents come out as text', () => {
  const evil = `<script>alert("x")</script><img src=x onerror=alert(1)> "citat" 'apostrof' javascript:alert(document.cookie)`;
  let id: number;

  it('in text, filename and every metadata field', async () => {
    const text = `Motion om ${evil}\n\nVi föreslår ${evil} att kommunen gör något åt saken, för tryggheten.\n\nFör Moderaterna\n\n${evil}`;
    const metadata = JSON.stringify({ title: `Titel ${evil}`, body: `Nämnd ${evil}`, municipality: 'Huddinge kommun', parties: ['M'],
      arende: { title: `Ärende ${evil}`, diarienummer: 'KS-2024/1', number: '1' } });
    const body = multipartParts([{ name: 'metadata', value: metadata }, { name: 'file', filename: `"><script>alert(1)<\u002fscript>.txt`, bytes: text }]);
    const res = await app.inject({ method: 'POST', url: '/api/documents', payload: body.payload, headers: { ...body.headers, authorization: `Bearer ${adminToken}` } });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    const pages = [`/dokument/${id}`, `/dokument/${id}/historik`, '/', '/dokument', `/sok?q=${encodeURIComponent('tryggheten')}`, '/partier/M', '/arenden'];
    for (const url of pages) {
      const page = await app.inject(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toMatch(/<script|<img\b/i);
      expect(page.body, url).not.toMatch(/href="\s*javascript:/i);
    }
    const doc = await app.inject(`/dokument/${id}`);
    expect(doc.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const arende = (await app.inject(`/api/documents/${id}`)).json().arende;
    if (arende?.id) {
      const page = await app.inject(`/arenden/${arende.id}`);
      expect(page.body).not.toMatch(/<script|<img\b/i);
      const feed = await app.inject(`/arenden/${arende.id}/feed.xml`);
      expect(feed.body).not.toMatch(/<script|<img\b/i);
    }
    const original = await app.inject(`/dokument/${id}/original`);
    expect(original.headers['content-disposition']).not.toMatch(/<script/);
    expect(original.headers['content-type']).toMatch(/^text\/plain|application\/octet-stream/);
  });
});

describe('SQL-like and Unicode-tricky query strings', () => {
  const nasty = [
    "' OR 1=1 --", "'; DROP TABLE documents; --", '" OR ""="', '1; SELECT * FROM users', "%' AND '%'='", '\\', '%00', '*', 'NEAR(a b)', 'a:b:c',
    '"', '((((', ')))', 'OR', 'NOT', '-', '-"', 'år:abc', 'år:2021..', 'parti:', 'typ:<script>', '{title}:x', '^', 'x'.repeat(5000),
    'ö'.repeat(3000), '\u202Eevil\u202C', 'a\u200Db\u200Cc\uFEFF', 'e\u0301\u0301\u0301', '🗳️ val', '\uD800', 'Ä'.normalize('NFD'), '\u0000',
  ];
  // A lone surrogate cannot be percent-encoded as UTF-8; send the bytes a broken client would.
  const enc = (v: string) => { try { return encodeURIComponent(v); } catch { return '%ED%A0%80'; } };
  const params: Array<[string, string[]]> = [
    ['/sok', ['q', 'sida', 'sort']], ['/api/search', ['q', 'page', 'sort']], ['/sok.csv', ['q']], ['/sok/feed.xml', ['q']], ['/api/suggest', ['q']],
    ['/dokument', ['kommun', 'organ', 'typ', 'parti', 'ar', 'sida']], ['/api/documents', ['kind', 'party', 'municipality', 'body', 'year', 'limit', 'offset']],
    ['/personer', ['kommun', 'parti', 'sida']], ['/api/people', ['kommun', 'parti', 'sida']], ['/arenden', ['kommun', 'sida']], ['/api/arenden', ['kommun', 'sida']],
    ['/', ['q']], ['/logga-in', ['nasta']],
  ];

  it('never answer 5xx, never write, and escape what they echo', async () => {
    const before = dbFingerprint(db);
    for (const [path, names] of params) {
      for (const name of names) {
        for (const value of nasty) {
          const url = `${path}?${name}=${enc(value)}`;
          const res = await app.inject(url);
          expect(res.statusCode, url).toBeLessThan(500);
          if (/html/.test(String(res.headers['content-type']))) expect(res.body, url).not.toMatch(/<script>alert|typ:<script>/);
        }
      }
    }
    // Path parameters too.
    for (const value of nasty.slice(0, 12)) {
      for (const path of ['/dokument/', '/api/documents/', '/personer/', '/api/people/', '/partier/', '/api/parties/', '/arenden/', '/api/arenden/']) {
        const res = await app.inject(path + enc(value));
        expect(res.statusCode, path + value).toBeLessThan(500);
      }
    }
    // Raw invalid percent-encoding and bytes.
    for (const raw of ['/sok?q=%', '/sok?q=%E0%A4%A', '/sok?q=%C3%28', '/api/search?q=%FF%FE', '/dokument/%C0%AF', '/personer/%ED%A0%80']) {
      expect((await app.inject(raw)).statusCode, raw).toBeLessThan(500);
    }
    expect(dbFingerprint(db)).toBe(before);
    expect((await app.inject(`/api/documents/${stored}`)).statusCode).toBe(200);
  }, 120_000);

  it('a malformed search gets a helpful 400', async () => {
    const res = await app.inject(`/api/search?q=${encodeURIComponent('år:abc')}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/år/i);
  });
});

describe('security headers', () => {
  it('every page and answer carries CSP without inline script, frame-ancestors, nosniff and a referrer policy', async () => {
    for (const url of ['/', '/sok?q=trygghet', '/api/search?q=trygghet', `/dokument/${stored}`, '/finns-inte', '/static/style.css', `/dokument/${stored}/original`]) {
      const res = await app.inject(url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toMatch(/default-src 'none'/);
      expect(csp, url).toMatch(/frame-ancestors 'none'/);
      expect(csp, url).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(csp, url).not.toMatch(/script-src[^;]*\*/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toMatch(/same-origin|no-referrer|strict-origin/);
    }
    const page = await app.inject('/');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/i);
    expect(page.body).not.toMatch(/\sstyle="/i);
    expect(page.body).not.toMatch(/\son[a-z]+="/i);
  });
});
