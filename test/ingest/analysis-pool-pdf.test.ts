/**
 * An analysis pool whose workers read PDFs themselves (`pdfInThread`, the bulk import): the same
 * result as through a PDF thread, the PDF limit still cuts a file off, and a worker is replaced
 * after its PDF budget while it keeps serving until its successor has loaded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, closeDb } from '../../db/client.js';
import { loadConfig } from '../../server/config.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { AnalysisPool } from '../../server/ingest/analysis-pool.js';
import { closePdfWorkers } from '../../server/ingest/extractors/pdf.js';
import { analysisWorkerBundle, withoutTsx, type WorkerEntry } from '../../server/ingest/worker-bundle.js';
import { makePdf } from '../helpers/pdf.js';

const opts = { maxUploadBytes: 50_000_000, pdfTimeoutMs: 20_000, analysisTimeoutMs: 60_000 };
const pools: AnalysisPool[] = [];
const pool = (o: Partial<ConstructorParameters<typeof AnalysisPool>[1]> = {}, worker: WorkerEntry | null = null) => {
  const p = new AnalysisPool(1, { ...opts, ...o }, { worker });
  pools.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await closePdfWorkers();
});

const motion = () => makePdf([
  ['Motion till kommunfullmäktige', 'Cykelbanor i Årsta och Älvsjö', 'Vi föreslår att kommunen bygger fler cykelbanor i Årsta.'],
  ['Stockholm den 3 mars 2024', 'Anna Andersson (V)', 'Bo Berg (V)'],
]);
// Each call gets bytes of its own: an upload's bytes are moved to the worker.
const upload = (pdf: Buffer, filename = 'motion.pdf') => ({ bytes: new Uint8Array(pdf), filename });

describe('AnalysisPool reading PDFs on its workers', () => {
  it('stores the same text, metadata and evidence as a worker with a PDF thread', async () => {
    const pdf = await motion();
    const [viaThread, inThread] = await Promise.all([pool().analyseUpload(upload(pdf)), pool({ pdfInThread: true }).analyseUpload(upload(pdf))]);
    expect(viaThread.ok && inThread.ok).toBe(true);
    if (!viaThread.ok || !inThread.ok) return;
    expect(inThread.doc.text).toContain('cykelbanor i Årsta');
    expect(inThread.doc.text).toBe(viaThread.doc.text);
    expect(inThread.doc.metadata).toEqual(viaThread.doc.metadata);
    expect(inThread.doc.evidence).toEqual(viaThread.doc.evidence);
    expect(inThread.doc.prepared).toEqual(viaThread.doc.prepared);
  }, 60_000);

  it('analyses the same from the bundled worker the import starts as from the TypeScript one', async () => {
    const bundle = await analysisWorkerBundle();
    expect(bundle?.url.pathname).toMatch(/dist\/import\/analyse-worker\.mjs$/);
    expect(await analysisWorkerBundle()).toBe(bundle);
    const pdf = await motion();
    const [fromTs, fromBundle] = await Promise.all([pool({ pdfInThread: true }).analyseUpload(upload(pdf)), pool({ pdfInThread: true }, bundle).analyseUpload(upload(pdf))]);
    expect(fromTs.ok && fromBundle.ok).toBe(true);
    if (!fromTs.ok || !fromBundle.ok) return;
    expect(fromBundle.doc.text).toContain('cykelbanor i Årsta');
    expect({ ...fromBundle.doc, bytes: null }).toEqual({ ...fromTs.doc, bytes: null });
  }, 60_000);

  it('starts the bundled worker without tsx\'s loader, keeping every other Node option', () => {
    const tsx = ['--require', '/p/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///p/node_modules/tsx/dist/loader.mjs'];
    expect(withoutTsx([...tsx, '--max-old-space-size=512', '--cpu-prof', '--import=file:///p/node_modules/tsx/dist/esm/index.mjs', '--import', 'file:///p/own-hooks.mjs'])).toEqual(['--max-old-space-size=512', '--cpu-prof', '--import', 'file:///p/own-hooks.mjs']);
    expect(withoutTsx(['--import', 'tsx', '--import=tsx/esm', '--inspect'])).toEqual(['--inspect']);
    expect(withoutTsx([])).toEqual([]);
  });

  it('cuts a PDF off at its limit, answers as the PDF pool does, and keeps serving', async () => {
    const p = pool({ pdfInThread: true });
    const pdf = await motion();
    const late = await p.analyseUpload(upload(pdf), { opts: { ...opts, pdfInThread: true, pdfTimeoutMs: 1 } });
    expect(late).toMatchObject({ ok: false, expected: true, code: 'extraction_timeout', message: expect.stringMatching(/för lång tid att läsa PDF-filen/) });
    const locked = await p.analyseUpload(upload(await makePdf([['Hemlig text om budgeten']], { userPassword: 'x' })));
    expect(locked).toMatchObject({ ok: false, code: 'encrypted_pdf' });
    const fine = await p.analyseUpload(upload(pdf));
    expect(fine.ok && fine.doc.text).toContain('cykelbanor i Årsta');
  }, 60_000);

  it('replaces a worker after its PDF budget, serving on it until the successor has loaded', async () => {
    const p = pool({ pdfInThread: true, pdfRecycleAfter: 2 });
    const pdf = await motion();
    for (let i = 0; i < 2; i++) expect((await p.analyseUpload(upload(pdf))).ok).toBe(true);
    expect(p.threads).toEqual({ alive: 2, started: 2 });
    // The old worker serves while its successor loads; once the successor serves, the old one is gone.
    let served = 0;
    while (p.threads.alive > 1 && served < 200) {
      expect((await p.analyseUpload(upload(pdf))).ok).toBe(true);
      expect(p.threads.alive).toBeLessThanOrEqual(2);
      served++;
    }
    expect(p.threads.alive).toBe(1);
  }, 120_000);

  it('counts only PDFs towards the budget', async () => {
    const p = pool({ pdfInThread: true, pdfRecycleAfter: 1 });
    for (let i = 0; i < 3; i++) {
      const text = new TextEncoder().encode(`Motion ${i} om fler badplatser vid sjöarna i kommunen.`);
      expect((await p.analyseUpload({ bytes: text, filename: `motion-${i}.txt` })).ok).toBe(true);
    }
    expect(p.threads).toEqual({ alive: 1, started: 1 });
  }, 60_000);

  it('in the bulk import, a PDF past its limit fails alone and the other files are stored', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-pdf-limit-'));
    try {
      fs.writeFileSync(path.join(dir, 'a-motion.pdf'), await motion());
      fs.writeFileSync(path.join(dir, 'b-motion.txt'), 'Motion om fler badplatser\n\nVi föreslår att kommunen bygger fler badplatser vid sjöarna.');
      const db = openDb(':memory:');
      const files = ['a-motion.pdf', 'b-motion.txt'].map((f) => path.join(dir, f));
      const s = await importFiles(db, files, { ...loadConfig({}), pdfTimeoutMs: 1 }, { workers: 1 });
      expect(s.failures).toEqual([{ file: files[0], reason: expect.stringMatching(/för lång tid att läsa PDF-filen/) }]);
      expect(s.imported).toBe(1);
      closeDb(db);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
