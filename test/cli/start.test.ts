/**
 * `npm start` runs the server from the bundle scripts/build-server.mjs writes to dist/. Everything it
 * reads at run time (migrations, seeds, views, the PDF worker) must be found from there too.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../db/client.js';
import { addTestUser } from '../helpers/app.js';
import { root } from '../helpers/cli.js';
import { makePdf } from '../helpers/pdf.js';

let tmp: string;
let child: ChildProcess | null = null;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-start-')); });
afterAll(() => {
  child?.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the bundled server (npm start)', () => {
  it('builds, migrates, seeds, renders pages and reads an uploaded PDF', async () => {
    execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { cwd: root });
    const bundle = path.join(root, 'dist/server.mjs');
    expect(fs.existsSync(bundle)).toBe(true);

    const dbPath = path.join(tmp, 'start.db');
    const db = openDb(dbPath);
    const { token } = await addTestUser(db, { email: 'admin@test.invalid', role: 'admin' });
    closeDb(db);
    const port = 4900 + Math.floor(Math.random() * 90);
    // Started from another folder, as a service manager might: nothing may depend on the cwd.
    child = spawn(process.execPath, ['--enable-source-maps', bundle], {
      cwd: tmp, stdio: 'ignore',
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: dbPath, SEED_DIR: path.join(root, 'fixtures/seed'), LOG_LEVEL: 'warn', PUBLIC_URL: 'https://standpunkt.example.se' },
    });
    const base = `http://127.0.0.1:${port}`;
    let up = false;
    for (let i = 0; i < 600 && !up; i++) {
      try { up = (await fetch(`${base}/healthz`)).ok; } catch { await new Promise((r) => setTimeout(r, 50)); }
    }
    expect(up).toBe(true);

    // The seed documents were imported on first start.
    const found = await (await fetch(`${base}/api/search?q=trygghetsfond`)).json() as { total: number };
    expect(found.total).toBe(1);
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<html lang="sv"');
    // Links come from PUBLIC_URL, not from the Host header a client sends.
    const feed = await new Promise<string>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/sok/feed.xml?q=trygghetsfond', headers: { host: 'evil.example' } }, (r) => {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => { body += c; });
        r.on('end', () => resolve(body));
      }).on('error', reject);
    });
    expect(feed).toContain('https://standpunkt.example.se/dokument/');
    expect(feed).not.toContain('evil.example');

    const pdf = await makePdf([['Motion om lekplatser i Flemingsberg', '', 'Vi föreslår fler lekplatser i Flemingsberg.', '', 'För Socialdemokraterna', 'Anna Åberg']]);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pdf)]), 'lekplatser.pdf');
    const res = await fetch(`${base}/api/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(201);
    const stored = await (await fetch(`${base}/api/search?q=lekplatser`)).json() as { total: number };
    expect(stored.total).toBe(1);
  }, 60_000);
});
