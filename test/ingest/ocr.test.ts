/**
 * OCR of a scanned PDF with Tesseract's Swedish model: the upload answers at once, the document
 * becomes readable, searchable and linked when the background job finishes, an interrupted job
 * resumes at the next start, and without Tesseract the document is stored and flagged.
 * Runs where tesseract-ocr-swe and poppler-utils are installed (CI installs them and sets OCR_REQUIRED=1).
 */
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { OcrRunner } from '../../server/ocr/runner.js';
import { ocrJobOf } from '../../db/ocr.js';
import { buildTestApp, upload } from '../helpers/app.js';
import { makeScannedPdf } from '../helpers/pdf.js';

function installed(cmd: string, arg: string): boolean {
  try { execFileSync(cmd, [arg], { stdio: 'pipe' }); return true; } catch { return false; }
}
const hasOcr = installed('tesseract', '--version') && installed('pdftoppm', '-v');
if (!hasOcr && process.env.OCR_REQUIRED === '1') throw new Error('OCR_REQUIRED=1 men tesseract eller pdftoppm saknas');

const LINES = [
  'Huddinge kommun',
  'Kommunfullmäktige 2023-04-17',
  'PROTOKOLLSANTECKNING',
  'Ärende 9: Förskolans lokaler i Flemingsberg',
  'Vi välkomnar att förskolan får större lokaler, men våra barn behöver också gröna gårdar.',
  'Därför vill vi att nämnden återkommer med en plan för utemiljöerna före årets slut.',
  'För Vänsterpartiet',
  'Åsa Öberg',
];

/** Words of at least three letters, lowercased, as a reader would compare them. */
const words = (s: string) => (s.toLocaleLowerCase('sv').match(/\p{L}{3,}/gu) ?? []);

let app: FastifyInstance;
let db: Db;
beforeEach(async () => { ({ app, db } = await buildTestApp()); });
afterEach(async () => { await app.close(); });

describe.skipIf(!hasOcr)('OCR with Tesseract', () => {
  it('reads a scanned page with å ä ö in the background; the document then is searchable and has its metadata', async () => {
    const pdf = await makeScannedPdf(LINES);
    const res = await upload(app, 'skannad.pdf', pdf);
    expect(res.statusCode).toBe(201);
    const id = res.json().id as number;
    expect(res.json().textStatus).toBe('needs_ocr');
    expect(res.json().ocr).toMatchObject({ status: 'queued' });
    expect((await app.inject(`/dokument/${id}`)).body).toContain('OCR väntar');

    await app.ocr.start();
    await app.ocr.drain();
    const doc = (await app.inject(`/api/documents/${id}`)).json();
    expect(doc.textStatus).toBe('ok');
    const expected = words(LINES.join(' '));
    const found = new Set(words(doc.text));
    const recognised = expected.filter((w) => found.has(w)).length / expected.length;
    console.log(`OCR: ${(recognised * 100).toFixed(0)} % av orden igenkända (${expected.length} ord)`);
    expect(recognised).toBeGreaterThanOrEqual(0.9);
    expect(doc).toMatchObject({ kind: 'protokollsanteckning', municipality: 'Huddinge kommun', parties: ['V'] });
    expect((await app.inject('/api/search?q=utemiljöerna')).json().results.map((r: { id: number }) => r.id)).toEqual([id]);
    const history = (await app.inject(`/api/documents/${id}/revisions`)).json().revisions;
    expect(history.map((r: { action: string }) => r.action)).toEqual(['created', 'extracted']);
    expect((await ocrJobOf(db, id))!.status).toBe('done');
  }, 120_000);

  it('resumes a job that a restart interrupted', async () => {
    const id = (await upload(app, 'skannad.pdf', await makeScannedPdf(LINES.slice(0, 6)))).json().id as number;
    // The server died mid-OCR: the job is left running with a page done.
    db.$client.prepare("UPDATE ocr_jobs SET status = 'running', pages_done = 1, pages_total = 1 WHERE document_id = ?").run(id);
    const runner = new OcrRunner(db, { concurrency: 1 });
    await runner.start();
    await runner.drain();
    expect((await ocrJobOf(db, id))!.status).toBe('done');
    expect((await app.inject(`/api/documents/${id}`)).json().text).toMatch(/Flemingsberg/);
  }, 120_000);
});

describe('without Tesseract', () => {
  it('stores the scan, flags it, and says why OCR is waiting', async () => {
    const pdf = await makePdfWithoutText();
    const id = (await upload(app, 'skannad.pdf', pdf)).json().id as number;
    const runner = new OcrRunner(db, { tools: { tesseract: '/finns/inte/tesseract', pdftoppm: 'pdftoppm', pdfinfo: 'pdfinfo' } });
    await runner.start();
    expect(await ocrJobOf(db, id)).toMatchObject({ status: 'unavailable', message: expect.stringMatching(/Tesseract/) });
    const page = await app.inject(`/dokument/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('OCR kan inte köras');
    expect((await app.inject(`/api/documents/${id}`)).json()).toMatchObject({ textStatus: 'needs_ocr', ocr: { status: 'unavailable' } });
  });
});

async function makePdfWithoutText(): Promise<Buffer> {
  const { makePdf } = await import('../helpers/pdf.js');
  return makePdf([['x']], { noText: true });
}
