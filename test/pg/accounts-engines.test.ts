/**
 * The accounts repository answers the same on both engines: users and their parties, sessions, API
 * tokens, the audit log, the login limit and server secrets. On PostgreSQL also what several server
 * processes must share: two pools on one database (two processes) see each other's sessions and
 * tokens at once, reserve login attempts against one count, and agree on one server secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import type { PgDb } from '../../db/engine.js';
import {
  activeSessionCount, auditEntries, changePassword, createApiToken, createSession, createUser, disableUser, DuplicateEmailError,
  findLogin, getAccount, listApiTokens, listUsers, revokeAllSessions, revokeApiToken, revokeSession, sessionAccount, tokenAccount,
} from '../../db/users.js';
import { serverSecret } from '../../db/server-secrets.js';
import { DatabaseAttemptLimiter, type LimitedKey } from '../../server/accounts/rate-limit.js';
import fs from 'node:fs';
import { openPg, closePg } from '../../db/pg/client.js';
import { fromRoot } from '../../server/paths.js';
import { archives, freshPgDatabase, pgTestUrl, testEngines } from '../helpers/pg.js';

const store = archives();
afterAll(() => store.cleanup());
const fresh = store.fresh;

const engines = testEngines;
const user = (email: string, parties: string[] = ['S']) => ({ email, name: ' Åsa Öberg ', role: 'secretary' as const, municipality: ' Huddinge ', parties, passwordHash: 'hash', mustChangePassword: true });
const ttl = 60_000;

describe.each(engines)('accounts on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });

  it('stores users with their parties, finds them by any form of the email, lists them in byte order and refuses a taken email', async () => {
    const a = await createUser(db, user('Åsa@Exempel.se', ['V', 'S', 'S']));
    const b = await createUser(db, user('bertil@exempel.se', []));
    expect(a).toBeGreaterThan(0);
    await expect(createUser(db, user(' ÅSA@exempel.SE '))).rejects.toBeInstanceOf(DuplicateEmailError);
    const login = await findLogin(db, 'A\u030asa@exempel.se');
    expect(login).toMatchObject({ passwordHash: 'hash', disabled: false, account: { id: a, email: 'åsa@exempel.se', name: 'Åsa Öberg', municipality: 'Huddinge', parties: ['S', 'V'], mustChangePassword: true } });
    expect(await getAccount(db, b)).toMatchObject({ id: b, parties: [] });
    expect((await listUsers(db)).map((u) => u.email)).toEqual(['bertil@exempel.se', 'åsa@exempel.se']);
    expect((await auditEntries(db, `user:${a}`)).map((e) => e.action)).toEqual(['user.add']);
  });

  it('keeps sessions: live, revoked, expired, all but the current on a password change, and none once disabled', async () => {
    const id = await createUser(db, user('carin@exempel.se'));
    await createSession(db, { tokenHash: 's1', userId: id, csrfToken: 'c1', address: '127.0.0.1', userAgent: 'x'.repeat(400), ttlMs: ttl });
    await createSession(db, { tokenHash: 's2', userId: id, csrfToken: 'c2', address: null, userAgent: null, ttlMs: ttl });
    await createSession(db, { tokenHash: 'old', userId: id, csrfToken: 'c3', address: null, userAgent: null, ttlMs: -1000 });
    expect(await sessionAccount(db, 's1')).toMatchObject({ csrfToken: 'c1', account: { id, email: 'carin@exempel.se' } });
    expect(await sessionAccount(db, 'old')).toBeUndefined();
    expect(await activeSessionCount(db, id)).toBe(2);
    await revokeSession(db, 's2');
    expect(await sessionAccount(db, 's2')).toBeUndefined();
    await createSession(db, { tokenHash: 's4', userId: id, csrfToken: 'c4', address: null, userAgent: null, ttlMs: ttl });
    const token = await createApiToken(db, id, 'skript', 't1', 'spk_abc');
    expect(await changePassword(db, id, 'ny', 's1', { revokeTokens: false })).toEqual({ tokensRevoked: 0 });
    expect(await sessionAccount(db, 's1')).toBeDefined();
    expect(await sessionAccount(db, 's4')).toBeUndefined();
    expect((await findLogin(db, 'carin@exempel.se'))).toMatchObject({ passwordHash: 'ny', account: { mustChangePassword: false } });
    expect(await revokeAllSessions(db, id, { revokeTokens: true })).toEqual({ sessions: 1, tokens: 1 });
    expect(await tokenAccount(db, 't1')).toBeUndefined();
    expect((await auditEntries(db, `token:${token}`)).map((e) => e.action)).toEqual(['token.create']);
    await createSession(db, { tokenHash: 's5', userId: id, csrfToken: 'c5', address: null, userAgent: null, ttlMs: ttl });
    await createApiToken(db, id, 'annat', 't2', 'spk_def');
    expect(await disableUser(db, 'CARIN@exempel.se')).toBe(true);
    expect(await disableUser(db, 'ingen@exempel.se')).toBe(false);
    expect(await sessionAccount(db, 's5')).toBeUndefined();
    expect(await tokenAccount(db, 't2')).toBeUndefined();
    expect(await getAccount(db, id)).toBeUndefined();
  });

  it('keeps API tokens: listed without their secret, used, revoked only by their owner', async () => {
    const id = await createUser(db, user('david@exempel.se', ['MP']));
    const other = await createUser(db, user('erik@exempel.se'));
    const t = await createApiToken(db, id, 'import', 'hash-d', 'spk_d');
    expect(await tokenAccount(db, 'hash-d')).toMatchObject({ id, parties: ['MP'] });
    const [listed] = await listApiTokens(db, id);
    expect(listed).toMatchObject({ id: t, label: 'import', hint: 'spk_d' });
    expect(listed!.lastUsedAt).not.toBeNull();
    expect(Object.keys(listed!)).not.toContain('tokenHash');
    expect(await revokeApiToken(db, other, t)).toBe(false);
    expect(await revokeApiToken(db, id, t)).toBe(true);
    expect(await revokeApiToken(db, id, t)).toBe(false);
    expect(await listApiTokens(db, id)).toEqual([]);
  });

  it('reserves at most the limit of concurrent login attempts, forgives on success, and makes one server secret', async () => {
    const limiter = new DatabaseAttemptLimiter(db);
    const keys: LimitedKey[] = [{ scope: 'account', key: `f@exempel.se-${engine}`, rule: { max: 3, windowMs: 60_000 }, forgiveOnSuccess: true }];
    const at = await Promise.all(Array.from({ length: 12 }, () => limiter.reserve(keys)));
    expect(at.filter((r) => r.ok)).toHaveLength(3);
    const [first, second] = at.filter((r) => r.ok) as Array<Extract<(typeof at)[number], { ok: true }>>;
    await first!.attempt.failed();
    await second!.attempt.succeeded();
    // The success forgave the settled failure; the third is still being verified, so one place is taken.
    expect((await Promise.all(Array.from({ length: 4 }, () => limiter.reserve(keys)))).filter((r) => r.ok)).toHaveLength(2);
    const secrets = await Promise.all(Array.from({ length: 6 }, (_, i) => serverSecret(db, 'csrf', () => `hemlighet-${i}`)));
    expect(new Set(secrets).size).toBe(1);
  });
});

describe.skipIf(!pgTestUrl)('two server processes on one PostgreSQL database', () => {
  let a: PgDb;
  let b: PgDb;
  beforeAll(async () => { ({ a, b } = await store.pair()); });

  it('start at the same moment on an empty database: both migrate it, one after the other, without colliding', async () => {
    const { url, drop } = await freshPgDatabase();
    try {
      const both = await Promise.all([openPg(url, { poolSize: 2 }), openPg(url, { poolSize: 2 }), openPg(url, { poolSize: 2 })]);
      const applied = await both[0]!.$client.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
      expect(applied.rows[0].n).toBe(fs.readdirSync(fromRoot('db', 'pg', 'migrations')).filter((f) => f.endsWith('.sql')).length);
      for (const db of both) await closePg(db);
    } finally {
      await drop();
    }
  });

  it('see each other\'s sessions and tokens at once and share one login limit and one secret', async () => {
    const id = await createUser(a, user('gun@exempel.se'));
    await createSession(a, { tokenHash: 'delad', userId: id, csrfToken: 'c', address: null, userAgent: null, ttlMs: ttl });
    expect(await sessionAccount(b, 'delad')).toMatchObject({ account: { id } });
    await revokeSession(b, 'delad');
    expect(await sessionAccount(a, 'delad')).toBeUndefined();
    await createApiToken(b, id, 'x', 'delad-token', 'spk');
    expect(await tokenAccount(a, 'delad-token')).toMatchObject({ id });
    const keys: LimitedKey[] = [{ scope: 'address', key: '10.0.0.1', rule: { max: 5, windowMs: 60_000 }, forgiveOnSuccess: false }];
    const both = await Promise.all(Array.from({ length: 16 }, (_, i) => new DatabaseAttemptLimiter(i % 2 ? a : b).reserve(keys)));
    expect(both.filter((r) => r.ok)).toHaveLength(5);
    const secrets = await Promise.all(Array.from({ length: 8 }, (_, i) => serverSecret(i % 2 ? a : b, 'session', () => `s-${i}`)));
    expect(new Set(secrets).size).toBe(1);
  });
});
