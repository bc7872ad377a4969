/**
 * A reader in a real browser (Debian Chromium via playwright-core): search and narrow by a facet, an
 * ärende's timeline, a person's record, a document with reused paragraphs. Each step saves a
 * screenshot under test-results/, and axe-core checks each page type: no serious or critical violations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createApiToken, createUser } from '../../db/users.js';
import { newSecret, secretHash } from '../../server/accounts/secrets.js';
import { hasChromium, launch, startE2eServer, type E2eServer } from './browser.js';

const root = path.resolve(import.meta.dirname, '../..');
const shots = path.join(root, 'test-results');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: E2eServer;
let browser: Browser;
let page: Page;
let base: string;

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startE2eServer(async (db, app) => {
    const userId = await createUser(db, { email: 'admin@test.invalid', name: 'Admin', role: 'admin', municipality: null, parties: [], passwordHash: 'ingen-inloggning', mustChangePassword: false });
    const token = newSecret('spk_');
    await createApiToken(db, userId, 'e2e', secretHash(token), token.slice(0, 10));
    const files = [
      ...fs.readdirSync(path.join(root, 'fixtures/seed')).filter((f) => f.endsWith('.txt')).map((f) => path.join(root, 'fixtures/seed', f)),
      ...fs.readdirSync(path.join(root, 'fixtures/arenden/goteborg-slk-2025-00345')).filter((f) => f.endsWith('.txt')).map((f) => path.join(root, 'fixtures/arenden/goteborg-slk-2025-00345', f)),
    ];
    for (const f of files) {
      const form = new FormData();
      form.append('file', new Blob([fs.readFileSync(f)]), path.basename(f));
      const res = await app.inject({ method: 'POST', url: '/api/documents', payload: form, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode, f).toBe(201);
    }
  });
  base = server.base;
  browser = await launch();
  page = await browser.newPage();
  fs.mkdirSync(shots, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** axe-core in the page (evaluated over the DevTools protocol, so the page's CSP needs no exception). */
async function accessibilityProblems(p: Page): Promise<string[]> {
  await p.evaluate(axeSource);
  const result = await p.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

async function shot(name: string) {
  await page.screenshot({ path: path.join(shots, `e2e-${name}.png`), fullPage: true });
}

describe.skipIf(!hasChromium)('a reader in a real browser', () => {
  it('axe finds what it should (so a clean result means something)', async () => {
    await page.setContent('<!doctype html><html><body><img src="x.png"><input type="text"></body></html>');
    const problems = await accessibilityProblems(page);
    expect(problems.some((p) => /image-alt/.test(p))).toBe(true);
    expect(problems.some((p) => /label/.test(p))).toBe(true);
  });

  it('searches, narrows by a party facet, and the page passes axe', async () => {
    await page.goto(`${base}/`);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel('Sök i arkivet').fill('trygghet');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.waitForURL(/\/sok\?/);
    const count = async () => Number(await page.locator('p', { hasText: 'träffar' }).locator('strong').first().innerText());
    const total = await count();
    expect(total).toBeGreaterThan(1);
    await expect.poll(() => page.locator('mark').count()).toBeGreaterThan(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('sok');
    await page.locator('nav.facets a', { hasText: /^(S|Socialdemokraterna.*)$/ }).first().click();
    await page.waitForURL(/parti%3AS|parti:S/);
    const narrowed = await count();
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThanOrEqual(total);
    await shot('sok-parti-s');
  }, 60_000);

  it('reads an ärende timeline from the motion to the decision', async () => {
    await page.goto(`${base}/arenden`);
    await page.getByRole('link', { name: /algoritmer/i }).first().click();
    await page.waitForURL(/\/arenden\/\d+/);
    const headings = await page.locator('main h1, main h2, main h3').allTextContents();
    expect(headings.join(' ')).toMatch(/Motion/i);
    const text = await page.locator('main').innerText();
    expect(text.indexOf('Motion')).toBeLessThan(text.lastIndexOf('Yrkande'));
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('arende');
  }, 60_000);

  it('reads a person’s record', async () => {
    await page.goto(`${base}/personer/sara-heelge-vikmang`);
    expect(await page.locator('h1').innerText()).toMatch(/Sara Heelge Vikmång/);
    const rows = await page.locator('main table tr').allInnerTexts();
    expect(rows.find((r) => /Interpellationssvar/.test(r))).toMatch(/interpellant/);
    expect(rows.find((r) => /Protokollsanteckning/.test(r))).toMatch(/undertecknare/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('person');
  }, 60_000);

  it('follows a reused paragraph to the other document', async () => {
    await page.goto(`${base}/dokument`);
    await page.getByRole('link', { name: /Protokollsanteckning/i }).first().click();
    await page.waitForURL(/\/dokument\/\d+/);
    const reuse = page.getByText(/Samma stycke finns i/).first();
    await expect.poll(() => reuse.count()).toBeGreaterThan(0);
    const from = page.url();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('dokument-ateranvant');
    await page.locator('p.reuse a').first().click();
    await page.waitForURL((u) => u.toString() !== from && /\/dokument\/\d+/.test(u.toString()));
    expect(await page.getByText(/Samma stycke finns i/).count()).toBeGreaterThan(0);
  }, 60_000);
});
