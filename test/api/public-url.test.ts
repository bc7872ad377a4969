/**
 * Absolute links come from the configured public address (PUBLIC_URL), never from the request's
 * Host header; cookies are Secure whenever that address is https.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../server/config.js';
import { hashPassword } from '../../server/accounts/passwords.js';
import type { SqliteDb as Db } from '../../db/client.js';
import { addTestUser, buildTestApp, upload } from '../helpers/app.js';

const seed = fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/seed/000_22e373b5829b3816.txt'));

let app: FastifyInstance | undefined;
/** The settings PUBLIC_URL (and COOKIE_SECURE) give, for a test app over its own in-memory database. */
const behind = (env: Record<string, string>) => { const c = loadConfig(env); return { publicUrl: c.publicUrl, cookieSecure: c.cookieSecure }; };
afterEach(async () => { await app?.close(); app = undefined; });

describe('links in feeds, CSV and pages', () => {
  it('use PUBLIC_URL whatever Host the request names', async () => {
    ({ app } = await buildTestApp(behind({ PUBLIC_URL: 'https://standpunkt.example.se/' })));
    const id = (await upload(app, '000.txt', seed)).json().id as number;
    const arende = (await app.inject(`/api/documents/${id}`)).json().arenden[0].id as number;
    const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' };
    for (const url of ['/sok/feed.xml?q=trygghet', '/sok.csv?q=trygghet', '/personer/rasmus-lenefors/feed.xml', '/partier/S/feed.xml', `/arenden/${arende}/feed.xml`, `/dokument/${id}`]) {
      const res = await app.inject({ url, headers: forged });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(`https://standpunkt.example.se/dokument/${id}`);
      expect(res.body, url).not.toContain('evil.example');
    }
  });

  it('default to this machine, and an invalid PUBLIC_URL fails at start', () => {
    expect(loadConfig({}).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://arkiv.example.se/standpunkt/' }).publicUrl).toBe('https://arkiv.example.se/standpunkt');
    for (const bad of ['standpunkt.example.se', 'ftp://x.se', 'https://a:b@x.se', 'https://x.se/?q=1', 'https://x.se/#a']) {
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
    }
  });
});

describe('Secure cookies', () => {
  it('follow an https PUBLIC_URL unless COOKIE_SECURE=0; COOKIE_SECURE=1 still forces them', () => {
    expect(loadConfig({}).cookieSecure).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'https://standpunkt.example.se' }).cookieSecure).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'https://standpunkt.example.se', COOKIE_SECURE: '0' }).cookieSecure).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'http://intranat.local', COOKIE_SECURE: '1' }).cookieSecure).toBe(true);
    expect(loadConfig({ COOKIE_SECURE: '1' }).cookieSecure).toBe(true);
    expect(() => loadConfig({ COOKIE_SECURE: 'ja' })).toThrow(/COOKIE_SECURE/);
  });

  it('the login form’s pre-session cookie and the session cookie are Secure behind https', async () => {
    let db: Db;
    ({ app, db } = await buildTestApp(behind({ PUBLIC_URL: 'https://standpunkt.example.se' })));
    await addTestUser(db, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: await hashPassword('ett långt lösenord') });
    const page = await app.inject('/logga-in');
    const pre = ([] as string[]).concat(page.headers['set-cookie'] as string | string[]).find((c) => c.startsWith('sp_csrf='))!;
    expect(pre).toMatch(/;\s*Secure/i);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const login = await app.inject({
      method: 'POST', url: '/logga-in', payload: new URLSearchParams({ _csrf: csrf, email: 'eva@s.example', password: 'ett långt lösenord' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre.split(';')[0]! },
    });
    expect(login.statusCode).toBe(303);
    const session = ([] as string[]).concat(login.headers['set-cookie'] as string | string[]).find((c) => c.startsWith('sp_session='))!;
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/HttpOnly/);
  });
});
