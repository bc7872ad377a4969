/**
 * End to end in a real browser: a party secretary logs in, uploads a seed document, corrects a
 * field on the review page, saves, and finds the document by searching for the corrected words.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createUser } from '../../db/users.js';
import { hashPassword } from '../../server/accounts/passwords.js';
import { hasChromium, launch, startE2eServer, type E2eServer } from './browser.js';

const root = path.resolve(import.meta.dirname, '../..');
const seed = path.join(root, 'fixtures/seed/000_22e373b5829b3816.txt');
const shots = path.join(root, 'test-results');

let server: E2eServer;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startE2eServer(async (db) => {
    await createUser(db, {
      email: 'sara@s.example', name: 'Sara Sekreterare', role: 'secretary', municipality: 'Huddinge kommun', parties: ['S'],
      passwordHash: await hashPassword('ett långt lösenord för test'), mustChangePassword: false,
    });
  });
  base = server.base;
  browser = await launch();
  fs.mkdirSync(shots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.skipIf(!hasChromium)('a secretary in a real browser', () => {
  it('logs in, uploads a seed document, corrects a field on the review page, saves, and finds it by search', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/ladda-upp`);
    // Anonymous: sent to the login form, then back to the upload form.
    expect(new URL(page.url()).pathname).toBe('/logga-in');
    await page.getByLabel('E-postadress').fill('sara@s.example');
    await page.getByLabel('Lösenord').fill('ett långt lösenord för test');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${base}/ladda-upp`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ladda upp dokument');

    await page.getByLabel('Filer').setInputFiles(seed);
    await page.getByRole('button', { name: 'Ladda upp och granska' }).click();
    await page.waitForURL(/\/ladda-upp\/granska\/\d+$/);
    expect(await page.getByLabel('Kommun eller region').inputValue()).toBe('Huddinge kommun');
    await page.screenshot({ path: path.join(shots, 'e2e-review.png'), fullPage: true });

    // The correction: a title with words the text does not contain, so only the correction can make it findable.
    await page.getByLabel('Titel', { exact: true }).fill('Uppföljning av trygghetsprogrammet – Kvarnbergsplanen');
    await page.getByLabel('Diarienummer').fill('KS-2021/1234');
    await page.getByRole('button', { name: 'Spara dokumentet' }).click();
    await page.waitForURL(/\/dokument\/\d+\?sparad=1$/);
    expect(await page.getByRole('status').first().textContent()).toContain('Dokumentet är sparat');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Uppföljning av trygghetsprogrammet – Kvarnbergsplanen');
    const docPath = new URL(page.url()).pathname;

    await page.goto(`${base}/sok?q=kvarnbergsplanen`);
    const hit = page.locator(`a[href="${docPath}"]`).first();
    expect(await hit.textContent()).toContain('Kvarnbergsplanen');
    await page.screenshot({ path: path.join(shots, 'e2e-search.png'), fullPage: true });
    await hit.click();
    await page.waitForURL(`${base}${docPath}`);
    expect(await page.getByRole('heading', { name: 'Historik' }).isVisible()).toBe(true);
    expect(await page.locator('table.history').textContent()).toContain('Sara Sekreterare');
    await page.close();
  }, 60_000);
});
