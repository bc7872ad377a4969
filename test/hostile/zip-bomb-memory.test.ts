/**
 * Issue 18 §3: a .docx whose word/document.xml declares 900 kB in both ZIP directories but inflates
 * far beyond it. Ten such uploads at once through the real upload route must each get the 422
 * zip-bomb answer while the server's resident memory, sampled during the requests, stays under 1 GB;
 * a normal .docx is read afterwards. (Each inflates to 256 MiB: the unchanged code inflated them in
 * full, over 2.5 GB together, and failed here; a gigabyte each would take a test machine down with it.)
 */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, upload } from '../helpers/app.js';
import { makeDocx } from '../helpers/docx.js';
import { lyingDocx } from '../helpers/zip.js';

const GB = 1024 ** 3;
let app: FastifyInstance;
beforeAll(async () => { ({ app } = await buildTestApp()); });
afterAll(async () => { await app?.close(); });

/** Peak resident memory since the last reset, from the kernel, when it lets us reset it; else null. */
function resetPeak(): boolean {
  try { fs.writeFileSync('/proc/self/clear_refs', '5'); return true; } catch { return false; }
}
function kernelPeak(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

it('ten parallel uploads of a .docx that lies about its size: each 422 with the Swedish message, RSS under 1 GB throughout', async () => {
  const bomb = await lyingDocx(await makeDocx([{ p: 'Motion om badplatser i Huddinge kommun' }]), 256, 900 * 1024);
  expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
  // Warm up the route and mammoth's import so the samples measure the uploads.
  expect((await upload(app, 'uppvarmning.docx', bomb)).statusCode).toBe(422);

  const kernel = resetPeak();
  let peak = process.memoryUsage().rss;
  let samples = 0;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); samples++; }, 2);
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => upload(app, `bomb-${i}.docx`, bomb)));
  clearInterval(timer);
  if (kernel) peak = Math.max(peak, kernelPeak());

  expect(samples).toBeGreaterThan(0);
  expect(peak, `peak RSS ${Math.round(peak / 1024 / 1024)} MB`).toBeLessThan(GB);
  for (const res of answers) {
    expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
    expect(res.json()).toEqual({
      error: 'corrupt_document',
      message: 'Word-filen vägras: delen word/document.xml packas upp till mer än de 900 kB den uppger. Spara den som PDF och ladda upp igen.',
    });
  }

  const normal = await upload(app, 'motion.docx', await makeDocx([
    { heading: 'Motion om fler badplatser i Huddinge kommun' },
    { p: 'Vi föreslår att kommunen bygger fler badplatser vid sjöarna och att fler bryggor byggs.' },
    { p: 'Anna Andersson (M)' },
  ]));
  expect(normal.statusCode, normal.body.slice(0, 300)).toBe(201);
  const doc = (await app.inject({ method: 'GET', url: `/api/documents/${normal.json().id}` })).json();
  expect(JSON.stringify(doc)).toMatch(/fler bryggor byggs/);
}, 120_000);
