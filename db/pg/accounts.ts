/**
 * The accounts repository on PostgreSQL (db/users.ts, db/login-attempts.ts, db/server-secrets.ts and
 * db/parties.ts call these for a PostgreSQL handle): users and their parties, sessions, API tokens,
 * the audit log, login attempts and server secrets. Everything several server processes must agree
 * on lives here, in the database, never in a process's memory.
 */
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { apiTokens, auditLog, loginAttempts, parties, serverSecrets, sessions, userParties, users } from './schema.js';
import { pgTransaction } from './client.js';
import type { PgDb } from '../engine.js';
import type { Account, Role } from '../../server/accounts/permissions.js';
import { partyName } from '../../server/domain/parties.js';
import { lockKey } from '../locks.js';

const now = () => new Date().toISOString();

export async function ensureParty(db: PgDb, code: string): Promise<void> {
  await db.insert(parties).values({ code, name: partyName(code) }).onConflictDoNothing();
}

type UserRow = typeof users.$inferSelect;

async function toAccount(db: PgDb, row: UserRow): Promise<Account> {
  const rows = await db.select({ code: userParties.partyCode }).from(userParties)
    .where(eq(userParties.userId, row.id)).orderBy(asc(userParties.partyCode));
  return {
    id: row.id, email: row.email, name: row.name, role: row.role as Role, municipality: row.municipality,
    parties: rows.map((r) => r.code), mustChangePassword: row.mustChangePassword,
  };
}

export async function audit(db: PgDb, action: string, userId: number | null, author: string, target: string, detail: unknown): Promise<void> {
  await db.insert(auditLog).values({ action, userId, author, target, detailJson: JSON.stringify(detail) });
}

export async function auditEntries(db: PgDb, target?: string): Promise<Array<{ action: string; author: string; target: string; detail: unknown; createdAt: string }>> {
  const rows = await db.select().from(auditLog).where(target ? eq(auditLog.target, target) : sql`true`).orderBy(asc(auditLog.id));
  return rows.map((r) => ({ action: r.action, author: r.author, target: r.target, detail: JSON.parse(r.detailJson), createdAt: r.createdAt }));
}

/** Inserts a user with its parties; null when the email is taken (the unique index decides, not a check first). */
export async function insertUser(db: PgDb, u: { email: string; name: string; role: Role; municipality: string | null; parties: string[]; passwordHash: string; mustChangePassword: boolean }): Promise<number | null> {
  return pgTransaction(db, async (tx) => {
    const [row] = await tx.insert(users).values({
      email: u.email, name: u.name, role: u.role, municipality: u.municipality, passwordHash: u.passwordHash, mustChangePassword: u.mustChangePassword,
    }).onConflictDoNothing().returning({ id: users.id });
    if (!row) return null;
    for (const code of new Set(u.parties)) {
      await ensureParty(tx, code);
      await tx.insert(userParties).values({ userId: row.id, partyCode: code });
    }
    await audit(tx, 'user.add', null, 'kommandorad', `user:${row.id}`, { email: u.email, role: u.role, municipality: u.municipality, parties: u.parties });
    return row.id;
  });
}

export async function findLogin(db: PgDb, email: string): Promise<{ account: Account; passwordHash: string; disabled: boolean } | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row && { account: await toAccount(db, row), passwordHash: row.passwordHash, disabled: row.disabledAt !== null };
}

export async function getAccount(db: PgDb, userId: number): Promise<Account | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.id, userId), isNull(users.disabledAt))).limit(1);
  return row && toAccount(db, row);
}

export async function listUsers(db: PgDb): Promise<Array<Account & { disabledAt: string | null; createdAt: string }>> {
  // Byte order, as SQLite's BINARY: the list reads the same on both engines.
  const rows = await db.select().from(users).orderBy(sql`${users.email} COLLATE "C"`);
  const out = [];
  for (const row of rows) out.push({ ...await toAccount(db, row), disabledAt: row.disabledAt, createdAt: row.createdAt });
  return out;
}

export async function disableUser(db: PgDb, email: string): Promise<boolean> {
  return pgTransaction(db, async (tx) => {
    const [row] = await tx.select().from(users).where(eq(users.email, email)).for('update');
    if (!row) return false;
    const at = now();
    await tx.update(users).set({ disabledAt: row.disabledAt ?? at }).where(eq(users.id, row.id));
    await tx.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.userId, row.id), isNull(sessions.revokedAt)));
    await tx.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.userId, row.id), isNull(apiTokens.revokedAt)));
    await audit(tx, 'user.disable', row.id, 'kommandorad', `user:${row.id}`, { email: row.email });
    return true;
  });
}

async function revokeAllTokens(tx: PgDb, userId: number, at: string): Promise<number> {
  const rows = await tx.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
  return rows.length;
}

export async function changePassword(db: PgDb, userId: number, passwordHash: string, keepSessionHash: string | null, opts: { revokeTokens?: boolean }): Promise<{ tokensRevoked: number }> {
  return pgTransaction(db, async (tx) => {
    const at = now();
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, userId));
    await tx.update(sessions).set({ revokedAt: at })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keepSessionHash ? sql`${sessions.tokenHash} <> ${keepSessionHash}` : sql`true`));
    const tokensRevoked = opts.revokeTokens ? await revokeAllTokens(tx, userId, at) : 0;
    await audit(tx, 'user.password', userId, `user:${userId}`, `user:${userId}`, { tokensRevoked });
    return { tokensRevoked };
  });
}

export async function createSession(db: PgDb, s: { tokenHash: string; userId: number; csrfToken: string; address: string | null; userAgent: string | null; ttlMs: number }): Promise<void> {
  await db.insert(sessions).values({
    tokenHash: s.tokenHash, userId: s.userId, csrfToken: s.csrfToken, address: s.address,
    userAgent: s.userAgent?.slice(0, 300) ?? null, expiresAt: new Date(Date.now() + s.ttlMs).toISOString(),
  });
}

export async function sessionAccount(db: PgDb, tokenHash: string): Promise<{ account: Account; csrfToken: string } | undefined> {
  const [row] = await db.select({ s: sessions, u: users }).from(sessions).innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), isNull(users.disabledAt), gt(sessions.expiresAt, now()))).limit(1);
  return row && { account: await toAccount(db, row.u), csrfToken: row.s.csrfToken };
}

export async function revokeSession(db: PgDb, tokenHash: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: now() }).where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
}

export async function revokeAllSessions(db: PgDb, userId: number, opts: { revokeTokens?: boolean }): Promise<{ sessions: number; tokens: number }> {
  return pgTransaction(db, async (tx) => {
    const at = now();
    const ended = await tx.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))).returning({ t: sessions.tokenHash });
    const tokens = opts.revokeTokens ? await revokeAllTokens(tx, userId, at) : 0;
    if (tokens) await audit(tx, 'token.revoke_all', userId, `user:${userId}`, `user:${userId}`, { tokens });
    return { sessions: ended.length, tokens };
  });
}

export async function activeSessionCount(db: PgDb, userId: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now())));
  return row?.n ?? 0;
}

export async function createApiToken(db: PgDb, userId: number, label: string, tokenHash: string, hint: string): Promise<number> {
  return pgTransaction(db, async (tx) => {
    const [{ id }] = await tx.insert(apiTokens).values({ userId, label, tokenHash, hint }).returning({ id: apiTokens.id }) as [{ id: number }];
    await audit(tx, 'token.create', userId, `user:${userId}`, `token:${id}`, { label });
    return id;
  });
}

export async function tokenAccount(db: PgDb, tokenHash: string): Promise<Account | undefined> {
  const [row] = await db.select({ t: apiTokens, u: users }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(users.disabledAt))).limit(1);
  if (!row) return undefined;
  // Last use is for the owner's overview; a minute's precision is enough and spares a write per request.
  if (!row.t.lastUsedAt || Date.parse(row.t.lastUsedAt) < Date.now() - 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now() }).where(eq(apiTokens.id, row.t.id));
  }
  return toAccount(db, row.u);
}

export async function listApiTokens(db: PgDb, userId: number): Promise<Array<{ id: number; label: string; hint: string; createdAt: string; lastUsedAt: string | null }>> {
  return db.select({ id: apiTokens.id, label: apiTokens.label, hint: apiTokens.hint, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).orderBy(asc(apiTokens.id));
}

export async function revokeApiToken(db: PgDb, userId: number, tokenId: number): Promise<boolean> {
  return pgTransaction(db, async (tx) => {
    const changed = await tx.update(apiTokens).set({ revokedAt: now() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
    if (changed.length) await audit(tx, 'token.revoke', userId, `user:${userId}`, `token:${tokenId}`, {});
    return changed.length > 0;
  });
}

/**
 * Login attempts: reserved under a transaction-scoped advisory lock per key (taken in one order, so
 * two reservations never wait on each other in a circle), so two requests or two server processes
 * cannot both see room for the last attempt; READ COMMITTED alone would let them.
 */
export async function reserveAttempts(db: PgDb, keys: Array<{ scope: string; keyHash: string; max: number; windowMs: number }>, at: number, keepMs: number): Promise<{ ids: number[] } | { retryAfterMs: number }> {
  return pgTransaction(db, async (tx) => {
    for (const k of [...new Set(keys.map((x) => `${x.scope}:${x.keyHash}`))].sort()) {
      await lockKey(tx, `login:${k}`);
    }
    await tx.delete(loginAttempts).where(lt(loginAttempts.at, at - keepMs));
    let wait = 0;
    for (const k of keys) {
      const [row] = await tx.select({ at: loginAttempts.at }).from(loginAttempts)
        .where(and(eq(loginAttempts.scope, k.scope), eq(loginAttempts.keyHash, k.keyHash), gt(loginAttempts.at, at - k.windowMs)))
        .orderBy(desc(loginAttempts.at)).limit(1).offset(k.max - 1);
      if (row) wait = Math.max(wait, row.at + k.windowMs - at, 1);
    }
    if (wait > 0) return { retryAfterMs: wait };
    const ids: number[] = [];
    for (const k of keys) {
      const [r] = await tx.insert(loginAttempts).values({ scope: k.scope, keyHash: k.keyHash, at, outcome: 'pending' }).returning({ id: loginAttempts.id });
      ids.push(r!.id);
    }
    return { ids };
  });
}

export async function failAttempts(db: PgDb, ids: number[]): Promise<void> {
  if (ids.length) await db.update(loginAttempts).set({ outcome: 'failed' }).where(inArray(loginAttempts.id, ids));
}

export async function succeedAttempts(db: PgDb, ids: number[], forgive: Array<{ scope: string; keyHash: string }>): Promise<void> {
  await pgTransaction(db, async (tx) => {
    if (ids.length) await tx.delete(loginAttempts).where(inArray(loginAttempts.id, ids));
    for (const f of forgive) {
      await tx.delete(loginAttempts).where(and(eq(loginAttempts.scope, f.scope), eq(loginAttempts.keyHash, f.keyHash), eq(loginAttempts.outcome, 'failed')));
    }
  });
}

/** The first insert wins (ON CONFLICT DO NOTHING), and every process reads the winner. */
export async function serverSecret(db: PgDb, name: string, make: () => string): Promise<string> {
  const read = async () => (await db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, name)).limit(1))[0]?.value;
  const found = await read();
  if (found !== undefined) return found;
  await db.insert(serverSecrets).values({ name, value: make() }).onConflictDoNothing();
  return (await read())!;
}
