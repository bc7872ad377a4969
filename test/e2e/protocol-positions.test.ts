/**
 * Protocol positions in a real browser (Debian Chromium via playwright-core): an ärende's Ståndpunkter
 * table, a cell followed to the sentence in the protocol, the person's and party's pages; axe-core
 * finds no serious or critical violation on them. The real Göteborg protocols in fixtures/protocol-store
 * are uploaded and read by the parser; before the parser is in the tree they are stored with their
 * hand-labelled paragraphs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { storeDocument } from '../../server/use-cases/documents.js';
import { hasChromium, launch, startE2eServer, type E2eServer } from './browser.js';
import { fixtureText, protocolDocument, writtenReservation } from '../protocol-store/fixtures.js';
import { createApiToken, createUser } from '../../db/users.js';
import { newSecret, secretHash } from '../../server/accounts/secrets.js';

/** Until the protocol parser is in the tree, the protocols are stored with their hand-labelled paragraphs. */
const hasParser = fs.existsSync(path.resolve(import.meta.dirname, '../../server/ingest/stages/protocol/index.ts'));

const root = path.resolve(import.meta.dirname, '../..');
const shots = path.join(root, 'test-results');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: E2eServer;
let browser: Browser;
let page: Page;
const ids: Record<string, number> = {};

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startE2eServer(async (db, app) => {
    if (hasParser) {
      // The real path: the protocols are uploaded and read by the parser.
      const userId = await createUser(db, { email: 'admin@test.invalid', name: 'Admin', role: 'admin', municipality: null, parties: [], passwordHash: 'ingen-inloggning', mustChangePassword: false });
      const token = newSecret('spk_');
      await createApiToken(db, userId, 'e2e', secretHash(token), token.slice(0, 10));
      for (const [key, name] of [['ks', 'ks-2026-03-04'], ['kf', 'kf-2026-03-26'], ['ks2', 'ks-2026-06-17']] as const) {
        const form = new FormData();
        form.append('file', new Blob([fixtureText(name)]), `${name}.txt`);
        const res = await app.inject({ method: 'POST', url: '/api/documents', payload: form, headers: { authorization: `Bearer ${token}` } });
        expect(res.statusCode, name).toBe(201);
        ids[key] = res.json().id;
      }
    } else {
      ids.ks = (await storeDocument(db, protocolDocument('ks-2026-03-04'))).id;
      ids.kf = (await storeDocument(db, protocolDocument('kf-2026-03-26'))).id;
      ids.ks2 = (await storeDocument(db, protocolDocument('ks-2026-06-17'))).id;
    }
    ids.res = (await storeDocument(db, writtenReservation())).id;
  });
  browser = await launch();
  page = await browser.newPage();
  fs.mkdirSync(shots, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function accessibilityProblems(p: Page): Promise<string[]> {
  await p.evaluate(axeSource);
  const result = await p.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

describe.skipIf(!hasChromium)('protocol positions in a real browser', () => {
  it('reads the Ståndpunkter table of an ärende and follows a cell to the sentence in the protocol', async () => {
    await page.goto(`${server.base}/dokument/${ids.kf}`);
    await page.getByRole('link', { name: 'Ärendets historik och ståndpunkter' }).click();
    await page.waitForURL(/\/arenden\/\d+$/);
    const table = page.getByRole('table', { name: /Hur varje parti agerade/ });
    const headers = await table.locator('thead th').allTextContents();
    expect(headers).toEqual(['Parti', '4 mars 2026, Kommunstyrelsen, § 168', '26 mars 2026, Kommunfullmäktige, § 87']);
    const sd = table.locator('tbody tr', { has: page.locator('th', { hasText: /^SD$/ }) });
    expect(await sd.locator('td').nth(1).innerText()).toMatch(/eget yrkande[\s\S]*reserverade sig/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'e2e-standpunkter.png'), fullPage: true });
    await sd.locator('td').nth(1).getByRole('link', { name: 'reserverade sig' }).click();
    await page.waitForURL(new RegExp(`/dokument/${ids.kf}#paragraf-87-mening-\\d+$`));
    const target = page.locator(':target');
    await expect.poll(() => target.count()).toBe(1);
    expect(await target.innerText()).toContain('Ledamöterna från SD reserverar sig mot beslutet till förmån för det egna yrkandet.');
    expect(await target.innerText()).toContain('Sverigedemokraterna (SD) som parti: reserverade sig');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'e2e-protokoll-mening.png') });
  }, 60_000);

  it('the person and party pages list the protocol positions and pass axe', async () => {
    await page.goto(`${server.base}/personer/axel-josefson`);
    expect(await page.getByRole('table', { name: /Vad personen yrkade/ }).locator('tbody tr').count()).toBe(5);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.goto(`${server.base}/partier/SD`);
    const chart = page.getByRole('img', { name: 'Så har partiet agerat, per år' });
    expect(await chart.count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Partiets agerande per år och organ' }).locator('tbody tr').count()).toBe(2);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'e2e-parti-agerat.png'), fullPage: true });
  }, 60_000);
});
