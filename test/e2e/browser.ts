/** Headless Debian Chromium driven by playwright-core (no browser download), for end-to-end tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { closeDb, openDb, type SqliteDb as Db } from '../../db/client.js';

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

export interface E2eServer {
  db: Db;
  app: FastifyInstance;
  base: string;
  stop: () => Promise<void>;
}

/**
 * The real app on a temporary file database, listening on a free loopback port. `prepare` runs on the
 * database and app before listening (accounts, documents); `stop` closes everything and removes the files.
 */
export async function startE2eServer(prepare: (db: Db, app: FastifyInstance) => Promise<void>): Promise<E2eServer> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-e2e-'));
  const config = { ...loadConfig({}), databasePath: path.join(tmp, 'e2e.db'), seedDir: null };
  const db = openDb(config.databasePath);
  const app = await buildApp(config, db);
  await prepare(db, app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    db, app, base,
    stop: async () => {
      await app.close();
      closeDb(db);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
