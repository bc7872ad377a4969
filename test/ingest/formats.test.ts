/**
 * Word and web pages read as well as text: the seed protokollsanteckning written as a .docx (heading
 * styles, a signature table) and as a saved web page (menus, breadcrumbs, footer around it) gives
 * the same metadata as the seed's own text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { loadConfig } from '../../server/config.js';
import { htmlToText } from '../../server/ingest/extractors/html.js';
import { zipEntries } from '../../server/ingest/extractors/zip-guard.js';
import { makeDocx } from '../helpers/docx.js';
import { buildTestApp, dbFingerprint, upload } from '../helpers/app.js';
import type { SqliteDb as Db } from '../../db/client.js';

const config = loadConfig({});
const seedText = fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/seed/000_22e373b5829b3816.txt'), 'utf8');
/** The seed's prose paragraphs (no markdown markers, no letterhead or signatures). */
const prose = seedText.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 200);

const KEY_FIELDS = ['kind', 'municipality', 'body', 'date', 'arende', 'parties', 'signatories'] as const;
const pick = (m: Record<string, unknown>) => Object.fromEntries(KEY_FIELDS.map((k) => [k, m[k]]));

async function expected() {
  return pick((await analyseFile({ bytes: Buffer.from(seedText), filename: 'seed.txt' }, config)).metadata as unknown as Record<string, unknown>);
}

describe('Word (.docx)', () => {
  it('reads headings, paragraphs and a signature table so extraction works as on text', async () => {
    const docx = await makeDocx([
      { p: 'Huddinge kommun' }, { p: 'Trygghets- och delaktighetsberedningen' }, { p: '2022-02-17' },
      { heading: 'PROTOKOLLSANTECKNING' },
      { heading: 'Ärende 11: Uppföljning av Program för trygghet och säkerhet 2021' },
      ...prose.map((p) => ({ p })),
      { p: 'För Socialdemokraterna' },
      { table: [[['Rasmus Lenefors'], ['Pran Malhotra']], [['Britt Flodetorp (suppleantyttrande)'], []]] },
    ]);
    const doc = await analyseFile({ bytes: docx, filename: 'anteckning.docx' }, config);
    expect(doc.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(pick(doc.metadata as unknown as Record<string, unknown>)).toEqual(await expected());
    expect(doc.text).toContain('Huddinge är i många avseenden en trygg och säker kommun');
  });

  it('refuses an old .doc with advice, a broken .docx and a zip bomb, with clear messages', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2000)]);
    await expect(analyseFile({ bytes: ole, filename: 'gammal.doc' }, config)).rejects.toMatchObject({ code: 'unsupported_type', message: expect.stringMatching(/spara som \.docx eller PDF/i) });
    const docx = await makeDocx([{ p: 'Motion om badplatser i Huddinge kommun' }]);
    await expect(analyseFile({ bytes: docx.subarray(0, docx.length - 30), filename: 'trasig.docx' }, config)).rejects.toMatchObject({ statusCode: expect.any(Number) });
    // 50 MB of zeros deflate to about 50 kB: a thousandfold expansion.
    const bomb = await makeDocx([{ p: 'Motion om badplatser' }]);
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(bomb);
    zip.file('word/media/noll.bin', Buffer.alloc(50 * 1024 * 1024));
    const bombBytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(zipEntries(bombBytes).find((e) => e.name === 'word/media/noll.bin')!.uncompressedSize).toBe(50 * 1024 * 1024);
    await expect(analyseFile({ bytes: bombBytes, filename: 'bomb.docx' }, config)).rejects.toMatchObject({ code: 'corrupt_document', message: expect.stringMatching(/packas upp/) });
    expect(deflateRawSync(Buffer.alloc(10)).length).toBeGreaterThan(0);
  });
});

describe('web pages (.html)', () => {
  const page = (body: string) => `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Protokollsanteckning | Huddinge kommun</title>
<script>window.dataLayer=[];</script><style>.x{}</style></head><body>
<a class="skip-link" href="#main">Till innehållet</a>
<header class="site-header"><nav aria-label="Huvudmeny"><ul><li><a href="/">Start</a></li><li><a href="/politik">Kommun &amp; politik</a></li><li><a href="/trygghet">Trygghet</a></li></ul></nav></header>
<nav class="breadcrumbs"><a href="/">Start</a> › <a href="/politik">Politik</a> › Protokollsanteckningar</nav>
<div id="cookie-banner">Vi använder kakor. <button>Godkänn</button></div>
<main id="main">${body}</main>
<aside class="sidebar"><h2>Relaterat</h2><ul><li>Budget 2022</li></ul></aside>
<footer class="site-footer">Huddinge kommun, 141 85 Huddinge · Telefon 08-535 300 00</footer></body></html>`;

  it('keeps the main text, drops menus, breadcrumbs, banners and footers, and decodes entities', async () => {
    const body = `<p>Huddinge kommun<br>Trygghets- och delaktighetsberedningen<br>2022-02-17</p>
<h1>PROTOKOLLSANTECKNING</h1><h2>&Auml;rende 11: Uppf&ouml;ljning av Program f&ouml;r trygghet och s&auml;kerhet 2021</h2>
${prose.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n')}
<p>F&ouml;r Socialdemokraterna</p><p>Rasmus Lenefors<br>Pran Malhotra<br>Britt Flodetorp (suppleantyttrande)</p>`;
    const doc = await analyseFile({ bytes: Buffer.from(page(body)), filename: 'anteckning.html' }, config);
    expect(doc.mediaType).toBe('text/html');
    expect(pick(doc.metadata as unknown as Record<string, unknown>)).toEqual(await expected());
    for (const chrome of ['Kommun & politik', 'Till innehållet', 'kakor', 'Relaterat', '141 85', 'dataLayer']) expect(doc.text).not.toContain(chrome);
    expect(doc.text).toContain('Ärende 11: Uppföljning av Program för trygghet och säkerhet 2021');
  });

  it('without a main element reads the body minus its chrome; a page without an extension is still HTML', async () => {
    const html = page('').replace('<main id="main"></main>', '<div class="content"><h1>Motion om fler badplatser</h1><p>Vi föreslår att kommunen bygger fler badplatser vid sjöarna.</p></div>');
    const text = htmlToText(html);
    expect(text).toBe('Motion om fler badplatser\n\nVi föreslår att kommunen bygger fler badplatser vid sjöarna.');
    const doc = await analyseFile({ bytes: Buffer.from(html), filename: 'sparad-sida' }, config);
    expect(doc.mediaType).toBe('text/html');
    expect(htmlToText('<table><tr><td>Namn</td><td>Parti</td></tr><tr><td>Anna</td><td>S</td></tr></table>')).toBe('Namn\tParti\nAnna\tS');
    expect(htmlToText('<p>a<script>alert(1)</script> &lt;b&gt; &#229;&auml;&ouml;</p>')).toBe('a <b> åäö');
  });
});

describe('through the API', () => {
  let app: FastifyInstance;
  let db: Db;
  beforeEach(async () => { ({ app, db } = await buildTestApp()); });
  afterEach(async () => { await app.close(); });

  it('stores a .docx and serves its original back; a .doc is refused with nothing written', async () => {
    const docx = await makeDocx([{ heading: 'Motion om fler badplatser i Huddinge kommun' }, { p: 'Vi föreslår att kommunen bygger fler badplatser vid sjöarna och att fler bryggor byggs.' }, { p: 'Anna Andersson (M)' }]);
    const res = await upload(app, 'motion.docx', docx);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().original.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.json().text).toContain('fler bryggor');
    const before = dbFingerprint(db);
    const doc = await upload(app, 'gammal.doc', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]));
    expect(doc.statusCode).toBe(415);
    expect(dbFingerprint(db)).toBe(before);
  });
});
