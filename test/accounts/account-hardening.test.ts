/** Issue 18, smaller items: an unforgeable login CSRF token, revoking API keys, a new password that must differ. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { closeDb, openDb, type SqliteDb as Db } from '../../db/client.js';
import { createApiToken } from '../../db/users.js';
import { hashPassword } from '../../server/accounts/passwords.js';
import { newSecret, secretHash } from '../../server/accounts/secrets.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { addTestUser, buildTestApp, form } from '../helpers/app.js';

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
const sessionCookie = (res: { headers: Record<string, unknown> }) => setCookies(res).find((c) => c.startsWith('sp_session='))?.split(';')[0];
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
async function signIn(email = 'eva@s.example', password = RIGHT) {
  const { csrf, cookie } = await preSession();
  const res = await postLogin(cookie, csrf, email, password);
  expect(res.statusCode).toBe(303);
  return { cookie: sessionCookie(res)!, location: res.headers.location };
}
const apiWorks = async (token: string) => (await app.inject({ url: '/api/documents', method: 'POST', headers: { authorization: `Bearer ${token}` } })).statusCode !== 401;

describe('the login form’s CSRF token cannot be chosen by the client', () => {
  it('refuses a cookie and field the client picked, and a token from another visitor', async () => {
    await addTestUser(db, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: hash });
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
      await addTestUser(db1, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: hash });
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

describe('API keys can be revoked with "logga ut överallt" and a password change', () => {
  async function eva() {
    const user = await addTestUser(db, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: hash });
    const second = newSecret('spk_');
    await createApiToken(db, user.id, 'andra', secretHash(second), second.slice(0, 10));
    return { ...user, tokens: [user.token, second] };
  }

  it('"logga ut överallt" offers revoking the keys, checked by default, and says how many were revoked', async () => {
    const { tokens } = await eva();
    const { cookie } = await signIn();
    const page = await app.inject({ url: '/konto', headers: { cookie } });
    expect(page.body).toMatch(/<input[^>]*name="revoke_tokens"[^>]*checked/);
    expect(page.body).toContain('API-nycklar');
    const res = await app.inject({ method: 'POST', url: '/konto/logga-ut-overallt', ...form({ _csrf: csrfOf(page.body), revoke_tokens: '1' }, { cookie }) });
    expect(res.statusCode).toBe(303);
    expect((await app.inject({ url: '/konto', headers: { cookie } })).statusCode).toBe(303);
    for (const t of tokens) expect(await apiWorks(t)).toBe(false);
    const after = await app.inject({ url: res.headers.location as string });
    expect(after.body).toContain('2 API-nycklar återkallades');
  });

  it('"logga ut överallt" without the box leaves the keys working and says so', async () => {
    const { tokens } = await eva();
    const { cookie } = await signIn();
    const page = await app.inject({ url: '/konto', headers: { cookie } });
    const res = await app.inject({ method: 'POST', url: '/konto/logga-ut-overallt', ...form({ _csrf: csrfOf(page.body) }, { cookie }) });
    expect(res.statusCode).toBe(303);
    for (const t of tokens) expect(await apiWorks(t)).toBe(true);
    const after = await app.inject({ url: res.headers.location as string });
    expect(after.body).toContain('Dina 2 API-nycklar fungerar fortfarande');
  });

  it('a password change offers revoking the keys, and says what happened either way', async () => {
    const { tokens } = await eva();
    const { cookie } = await signIn();
    const page = await app.inject({ url: '/konto/losenord', headers: { cookie } });
    expect(page.body).toMatch(/<input[^>]*name="revoke_tokens"/);
    expect(page.body).not.toMatch(/<input[^>]*name="revoke_tokens"[^>]*checked/);
    const csrf = csrfOf(page.body);
    const kept = await app.inject({ method: 'POST', url: '/konto/losenord', ...form({ _csrf: csrf, current: RIGHT, new: 'ett andra långt lösenord', repeat: 'ett andra långt lösenord' }, { cookie }) });
    expect(kept.statusCode).toBe(303);
    for (const t of tokens) expect(await apiWorks(t)).toBe(true);
    expect((await app.inject({ url: kept.headers.location as string, headers: { cookie } })).body).toContain('Dina 2 API-nycklar fungerar fortfarande');
    const revoked = await app.inject({ method: 'POST', url: '/konto/losenord', ...form({ _csrf: csrf, current: 'ett andra långt lösenord', new: 'ett tredje långt lösenord', repeat: 'ett tredje långt lösenord', revoke_tokens: '1' }, { cookie }) });
    expect(revoked.statusCode).toBe(303);
    for (const t of tokens) expect(await apiWorks(t)).toBe(false);
    const account = await app.inject({ url: revoked.headers.location as string, headers: { cookie } });
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('2 API-nycklar återkallades');
  });
});

describe('the new password must differ from the old', () => {
  it('a one-time password cannot be "changed" to itself, and the must-change flag stays', async () => {
    await addTestUser(db, { email: 'ny@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: await hashPassword('engångs-lösen-123'), mustChangePassword: true });
    const { cookie, location } = await signIn('ny@s.example', 'engångs-lösen-123');
    expect(location).toBe('/konto/losenord');
    const csrf = csrfOf((await app.inject({ url: '/konto/losenord', headers: { cookie } })).body);
    const same = await app.inject({ method: 'POST', url: '/konto/losenord', ...form({ _csrf: csrf, current: 'engångs-lösen-123', new: 'engångs-lösen-123', repeat: 'engångs-lösen-123' }, { cookie }) });
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain('Det nya lösenordet måste skilja sig från det gamla');
    expect((await app.inject({ url: '/ladda-upp', headers: { cookie } })).headers.location).toBe('/konto/losenord');
    // The same in another Unicode form is the same password.
    const nfd = 'engångs-lösen-123'.normalize('NFD');
    expect((await app.inject({ method: 'POST', url: '/konto/losenord', ...form({ _csrf: csrf, current: 'engångs-lösen-123', new: nfd, repeat: nfd }, { cookie }) })).statusCode).toBe(400);
  });

  it('nor can any password', async () => {
    await addTestUser(db, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: hash });
    const { cookie } = await signIn();
    const csrf = csrfOf((await app.inject({ url: '/konto/losenord', headers: { cookie } })).body);
    const same = await app.inject({ method: 'POST', url: '/konto/losenord', ...form({ _csrf: csrf, current: RIGHT, new: RIGHT, repeat: RIGHT }, { cookie }) });
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain('Det nya lösenordet måste skilja sig från det gamla');
  });
});
