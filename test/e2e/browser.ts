/** Headless Debian Chromium driven by playwright-core (no browser download), for end-to-end tests. */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** CI installs Chromium and sets E2E_REQUIRED=1, so there a missing browser fails instead of skipping. */
export const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium && process.env.E2E_REQUIRED === '1') throw new Error(`E2E_REQUIRED=1 men ${CHROMIUM} saknas`);

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: without these Chromium keeps trying to reach Google's services.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
