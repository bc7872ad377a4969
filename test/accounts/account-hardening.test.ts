/** Issue 18, smaller items: an unforgeable login CSRF token. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { hashPassword } from '../../server/accounts/passwords.js';
import { newSecret } from '../../server/accounts/secrets.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { addTestUser, buildTestApp } from '../helpers/app.js';

const RIGHT = 'ett långt lösenord';
let app: FastifyInstance;
let db: Db;
let hash: string;
beforeEach(async () => {
  ({ app, db } = await buildTestApp());
  hash ??= await hashPassword(RIGHT);
});
afterEach(async () => { await app.close(); });

const setCookies = (res: { headers: Record<string, unknown> }) => ([] as string[]).concat((res.headers['set-cookie'] ?? []) as string | string[]);
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

async function preSession(on = app) {
  const page = await on.inject('/logga-in');
  return { csrf: csrfOf(page.body), cookie: setCookies(page).find((c) => c.startsWith('sp_csrf='))!.split(';')[0]! };
}
function postLogin(cookie: string, csrf: string, email = 'eva@s.example', password = RIGHT, on = app) {
  return on.inject({
    method: 'POST', url: '/logga-in',
    payload: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  });
}
describe('the login form’s CSRF token cannot be chosen by the client', () => {
  it('refuses a cookie and field the client picked, and a token from another visitor', async () => {
    addTestUser(db, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: hash });
    for (const forged of ['abc', newSecret()]) {
      const res = await postLogin(`sp_csrf=${forged}`, forged);
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('säkerhetstoken');
    }
    const a = await preSession();
    const b = await preSession();
    // The form token is not the cookie's value: knowing one does not give the other.
    expect(a.csrf).not.toBe(a.cookie.slice('sp_csrf='.length));
    expect((await postLogin(`sp_csrf=${a.cookie.slice('sp_csrf='.length)}`, a.cookie.slice('sp_csrf='.length))).statusCode).toBe(403);
    expect((await postLogin(a.cookie, b.csrf)).statusCode).toBe(403);
    expect((await postLogin(b.cookie, a.csrf)).statusCode).toBe(403);
    expect((await postLogin(a.cookie, a.csrf.slice(0, -1) + (a.csrf.endsWith('A') ? 'B' : 'A'))).statusCode).toBe(403);
    expect((await postLogin(a.cookie, a.csrf)).statusCode).toBe(303);
  });

  it('a form from one server process is accepted by another on the same database, and after a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-csrf-'));
    const file = path.join(dir, 'db.sqlite');
    const config = { ...loadConfig({}), databasePath: file, seedDir: null };
    const db1 = openDb(file);
    const db2 = openDb(file);
    const app1 = await buildApp(config, db1);
    const app2 = await buildApp(config, db2);
    try {
      addTestUser(db1, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: hash });
      const { csrf, cookie } = await preSession(app1);
      expect((await postLogin(cookie, csrf, 'eva@s.example', RIGHT, app2)).statusCode).toBe(303);
      const other = await preSession(app2);
      await app1.close(); closeDb(db1);
      const db3 = openDb(file);
      const app3 = await buildApp(config, db3);
      expect((await postLogin(other.cookie, other.csrf, 'eva@s.example', RIGHT, app3)).statusCode).toBe(303);
      await app3.close(); closeDb(db3);
    } finally {
      await app2.close(); closeDb(db2);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
