/**
 * Login and password-change limits under concurrency (issue 18). The password verifier is wrapped
 * so the tests count how many scrypt verifications really ran, whatever the answers say.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { hashPassword } from '../../server/accounts/passwords.js';
import { addTestUser, buildTestApp, form } from '../helpers/app.js';

const verifier = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../server/accounts/passwords.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../server/accounts/passwords.js')>();
  return {
    ...real,
    verifyPassword: async (password: string, stored: string) => {
      verifier.calls++;
      return real.verifyPassword(password, stored);
    },
  };
});

const RIGHT = 'ett långt lösenord';
let app: FastifyInstance;
let db: Db;
let hash: string;

beforeEach(async () => {
  ({ app, db } = await buildTestApp());
  hash ??= await hashPassword(RIGHT);
  verifier.calls = 0;
});
afterEach(async () => { await app.close(); });

/** The login form's CSRF token and pre-session cookie, then a function that posts the form with them. */
async function loginForm() {
  const page = await app.inject('/logga-in');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const cookie = (page.headers['set-cookie'] as string).split(';')[0]!;
  return {
    csrf, cookie,
    login: (email: string, password: string, address = '127.0.0.1') => app.inject({
      method: 'POST', url: '/logga-in', remoteAddress: address,
      payload: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    }),
  };
}

const sessionCookie = (res: { headers: Record<string, unknown> }) =>
  ([] as string[]).concat((res.headers['set-cookie'] ?? []) as string | string[]).find((c) => c.startsWith('sp_session='))?.split(';')[0];
const liveSessions = () => (db.$client.prepare('SELECT count(*) AS n FROM sessions WHERE revoked_at IS NULL').get() as { n: number }).n;

async function until(condition: () => boolean) {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe('login limits under concurrency', () => {
  it('60 parallel logins for one account (59 wrong, 1 right): at most 5 verifications, the rest 429', async () => {
    await addTestUser(db, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: hash });
    const { login } = await loginForm();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => login('eva@s.example', i === 30 ? RIGHT : `fel lösenord ${i}`)));
    const codes = answers.map((r) => r.statusCode);
    expect(verifier.calls).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c !== 429).length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(55);
    for (const r of answers.filter((a) => a.statusCode === 429)) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(r.body).toContain('För många misslyckade inloggningar');
    }
    // The right password got in only if it was among the five verified.
    expect(liveSessions()).toBe(codes[30] === 303 ? 1 : 0);
    expect(codes.filter((c) => c === 303).length).toBeLessThanOrEqual(codes[30] === 303 ? 1 : 0);
  }, 60_000);

  it('the right password among 59 wrong ones does not get in once five are being verified', async () => {
    await addTestUser(db, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: hash });
    const { login } = await loginForm();
    const first = Array.from({ length: 5 }, (_, i) => login('eva@s.example', `fel lösenord ${i}`));
    // The five wrong ones are now verifying (none has finished): the limit is used up by attempts in flight.
    await until(() => verifier.calls >= 5);
    const rest = Array.from({ length: 55 }, (_, i) => login('eva@s.example', i === 20 ? RIGHT : `fel lösenord x${i}`));
    const answers = await Promise.all([...first, ...rest]);
    expect(verifier.calls).toBe(5);
    expect(answers.slice(0, 5).map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);
    expect(answers.slice(5).every((r) => r.statusCode === 429)).toBe(true);
    expect(sessionCookie(answers[25]!)).toBeUndefined();
    expect(liveSessions()).toBe(0);
    // And afterwards, still within the window, the right password waits too.
    expect((await login('eva@s.example', RIGHT)).statusCode).toBe(429);
    expect(verifier.calls).toBe(5);
  }, 60_000);

  it('200 parallel wrong passwords for an administrator over real HTTP: at most 5 verifications', async () => {
    await addTestUser(db, { email: 'chef@example.se', role: 'admin', passwordHash: hash });
    const { csrf, cookie } = await loginForm();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    const answers = await Promise.all(Array.from({ length: 200 }, async (_, i) => {
      const res = await fetch(`http://127.0.0.1:${address.port}/logga-in`, {
        method: 'POST', redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: csrf, email: 'chef@example.se', password: `gissning ${i}` }).toString(),
      });
      await res.arrayBuffer();
      return { status: res.status, retryAfter: res.headers.get('retry-after') };
    }));
    expect(verifier.calls).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(5);
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(195);
    expect(limited.every((a) => Number(a.retryAfter) > 0)).toBe(true);
  }, 120_000);

  it('one address trying many accounts in parallel gets at most 20 verifications', async () => {
    const { login } = await loginForm();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => login(`n${i}@s.example`, 'fel', '10.0.0.9')));
    expect(verifier.calls).toBeLessThanOrEqual(20);
    expect(answers.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(40);
    // Another address is not affected.
    expect((await login('annan@s.example', 'fel', '10.0.0.10')).statusCode).toBe(401);
  }, 60_000);

  it('the account limit is one whatever Unicode form or case the email is typed in', async () => {
    await addTestUser(db, { email: 'åsa@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: hash });
    const { login } = await loginForm();
    const variants = ['a\u030asa@s.example', 'Åsa@s.example', 'A\u030aSA@S.EXAMPLE', ' åsa@s.example', 'åsa@s.example'];
    for (const v of variants) expect((await login(v, 'fel lösenord!!')).statusCode).toBe(401);
    expect((await login('a\u030asa@s.example', RIGHT)).statusCode).toBe(429);
    expect(verifier.calls).toBe(5);
  }, 30_000);
});

describe('a successful login does not count as a failure', () => {
  it('logging in right 25 times from one address is never limited; a success forgives earlier typos', async () => {
    await addTestUser(db, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: hash });
    const { login } = await loginForm();
    for (let i = 0; i < 25; i++) expect((await login('eva@s.example', RIGHT)).statusCode).toBe(303);
    for (let i = 0; i < 4; i++) expect((await login('eva@s.example', 'fel lösenord!!')).statusCode).toBe(401);
    expect((await login('eva@s.example', RIGHT)).statusCode).toBe(303);
    for (let i = 0; i < 4; i++) expect((await login('eva@s.example', 'fel lösenord!!')).statusCode).toBe(401);
    expect((await login('eva@s.example', RIGHT)).statusCode).toBe(303);
  }, 60_000);
});

describe('changing the password is limited like logging in', () => {
  async function signedIn() {
    const { id } = await addTestUser(db, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: hash });
    const res = await (await loginForm()).login('eva@s.example', RIGHT);
    const cookie = sessionCookie(res)!;
    const page = await app.inject({ url: '/konto/losenord', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    verifier.calls = 0;
    const change = (current: string, next = 'ett helt nytt lösenord') =>
      app.inject({ method: 'POST', url: '/konto/losenord', ...form({ _csrf: csrf, current, new: next, repeat: next }, { cookie }) });
    return { id, cookie, change };
  }

  it('25 wrong current passwords in a row: 400 five times, then 429 with Retry-After and a Swedish message', async () => {
    const { change } = await signedIn();
    const codes: number[] = [];
    let last;
    for (let i = 0; i < 25; i++) { last = await change(`fel nuvarande ${i}`); codes.push(last.statusCode); }
    expect(codes.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(codes.slice(5).every((c) => c === 429)).toBe(true);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.body).toContain('För många felaktiga försök med det nuvarande lösenordet');
    expect(verifier.calls).toBe(5);
    // Even the right current password waits now, and so does logging in to the account.
    expect((await change(RIGHT)).statusCode).toBe(429);
    expect((await (await loginForm()).login('eva@s.example', RIGHT)).statusCode).toBe(429);
    expect(verifier.calls).toBe(5);
  }, 60_000);

  it('30 parallel wrong current passwords: at most 5 verifications', async () => {
    const { change } = await signedIn();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => change(`fel nuvarande ${i}`)));
    expect(verifier.calls).toBeLessThanOrEqual(5);
    expect(answers.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(25);
  }, 60_000);

  it('the right current password within the allowance still changes it', async () => {
    const { change } = await signedIn();
    for (let i = 0; i < 4; i++) expect((await change(`fel nuvarande ${i}`)).statusCode).toBe(400);
    expect((await change(RIGHT)).statusCode).toBe(303);
  }, 30_000);
});
