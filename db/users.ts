/** Accounts repository: users and their parties, sessions, API tokens and the audit log. */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { transaction, type Db, type Executor } from './client.js';
import { apiTokens, auditLog, sessions, userParties, users } from './schema.js';
import { ensureParty } from './parties.js';
import type { Account, Role } from '../server/accounts/permissions.js';
import { isPg } from './engine.js';
import * as pg from './pg/accounts.js';

const now = () => new Date().toISOString();

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  municipality: string | null;
  parties: string[];
  passwordHash: string;
  mustChangePassword: boolean;
}

export class DuplicateEmailError extends Error {}

export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLocaleLowerCase('sv');
}

export async function createUser(db: Db, u: NewUser): Promise<number> {
  if (isPg(db)) {
    const id = await pg.insertUser(db, { ...u, email: normaliseEmail(u.email), name: u.name.trim(), municipality: u.municipality?.trim() || null });
    if (id === null) throw new DuplicateEmailError(`Det finns redan ett konto för ${normaliseEmail(u.email)}.`);
    return id;
  }
  return await transaction(db, async (tx) => {
    const email = normaliseEmail(u.email);
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
      throw new DuplicateEmailError(`Det finns redan ett konto för ${email}.`);
    }
    const { id } = tx.insert(users).values({
      email, name: u.name.trim(), role: u.role, municipality: u.municipality?.trim() || null,
      passwordHash: u.passwordHash, mustChangePassword: u.mustChangePassword,
    }).returning({ id: users.id }).get();
    for (const code of new Set(u.parties)) {
      await ensureParty(tx, code);
      tx.insert(userParties).values({ userId: id, partyCode: code }).run();
    }
    await audit(tx, 'user.add', null, 'kommandorad', `user:${id}`, { email, role: u.role, municipality: u.municipality, parties: u.parties });
    return id;
  });
}

type UserRow = typeof users.$inferSelect;

function toAccount(db: Executor, row: UserRow): Account {
  const parties = db.select({ code: userParties.partyCode }).from(userParties)
    .where(eq(userParties.userId, row.id)).orderBy(asc(userParties.partyCode)).all().map((r) => r.code);
  return {
    id: row.id, email: row.email, name: row.name, role: row.role as Role, municipality: row.municipality,
    parties, mustChangePassword: row.mustChangePassword,
  };
}

/** The login record for an email: the account, its hash and whether it is disabled. */
export async function findLogin(db: Db, email: string): Promise<{ account: Account; passwordHash: string; disabled: boolean } | undefined> {
  if (isPg(db)) return pg.findLogin(db, normaliseEmail(email));
  const row = db.select().from(users).where(eq(users.email, normaliseEmail(email))).get();
  return row && { account: toAccount(db, row), passwordHash: row.passwordHash, disabled: row.disabledAt !== null };
}

export async function getAccount(db: Db, userId: number): Promise<Account | undefined> {
  if (isPg(db)) return pg.getAccount(db, userId);
  const row = db.select().from(users).where(and(eq(users.id, userId), isNull(users.disabledAt))).get();
  return row && toAccount(db, row);
}

export interface UserListing extends Account {
  disabledAt: string | null;
  createdAt: string;
}

export async function listUsers(db: Db): Promise<UserListing[]> {
  if (isPg(db)) return pg.listUsers(db);
  return db.select().from(users).orderBy(asc(users.email)).all()
    .map((row) => ({ ...toAccount(db, row), disabledAt: row.disabledAt, createdAt: row.createdAt }));
}

/** Disables an account and ends everything it holds: sessions and tokens. Returns false when no such account. */
export async function disableUser(db: Db, email: string): Promise<boolean> {
  if (isPg(db)) return pg.disableUser(db, normaliseEmail(email));
  return await transaction(db, async (tx) => {
    const row = tx.select().from(users).where(eq(users.email, normaliseEmail(email))).get();
    if (!row) return false;
    const at = now();
    tx.update(users).set({ disabledAt: row.disabledAt ?? at }).where(eq(users.id, row.id)).run();
    tx.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.userId, row.id), isNull(sessions.revokedAt))).run();
    tx.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.userId, row.id), isNull(apiTokens.revokedAt))).run();
    await audit(tx, 'user.disable', row.id, 'kommandorad', `user:${row.id}`, { email: row.email });
    return true;
  });
}

/**
 * Sets a new password chosen by the user; other sessions end, this one stays. API tokens end too
 * when `revokeTokens` (they are separate credentials, so the owner decides). Returns how many tokens ended.
 */
export async function changePassword(db: Db, userId: number, passwordHash: string, keepSessionHash: string | null, opts: { revokeTokens?: boolean } = {}): Promise<{ tokensRevoked: number }> {
  if (isPg(db)) return pg.changePassword(db, userId, passwordHash, keepSessionHash, opts);
  return await transaction(db, async (tx) => {
    const at = now();
    tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, userId)).run();
    tx.update(sessions).set({ revokedAt: at })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keepSessionHash ? sql`${sessions.tokenHash} <> ${keepSessionHash}` : sql`1`)).run();
    const tokensRevoked = opts.revokeTokens ? revokeAllTokens(tx, userId, at) : 0;
    await audit(tx, 'user.password', userId, `user:${userId}`, `user:${userId}`, { tokensRevoked });
    return { tokensRevoked };
  });
}

function revokeAllTokens(tx: Executor, userId: number, at: string): number {
  return tx.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).run().changes;
}

// Sessions

export async function createSession(db: Db, s: { tokenHash: string; userId: number; csrfToken: string; address: string | null; userAgent: string | null; ttlMs: number }): Promise<void> {
  if (isPg(db)) return pg.createSession(db, s);
  return transaction(db, async (db) => {
    db.insert(sessions).values({
      tokenHash: s.tokenHash, userId: s.userId, csrfToken: s.csrfToken, address: s.address,
      userAgent: s.userAgent?.slice(0, 300) ?? null, expiresAt: new Date(Date.now() + s.ttlMs).toISOString(),
    }).run();
  });
}

/** A live session's account and CSRF token; expired, revoked or disabled ones give undefined. */
export async function sessionAccount(db: Db, tokenHash: string): Promise<{ account: Account; csrfToken: string } | undefined> {
  if (isPg(db)) return pg.sessionAccount(db, tokenHash);
  const row = db.select({ s: sessions, u: users }).from(sessions).innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), isNull(users.disabledAt), sql`${sessions.expiresAt} > ${now()}`)).get();
  return row && { account: toAccount(db, row.u), csrfToken: row.s.csrfToken };
}

export async function revokeSession(db: Db, tokenHash: string): Promise<void> {
  if (isPg(db)) return pg.revokeSession(db, tokenHash);
  return transaction(db, async (db) => {
    db.update(sessions).set({ revokedAt: now() }).where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt))).run();
  });
}

/** "Logga ut överallt": every session ends, and every API token too when `revokeTokens`. */
export async function revokeAllSessions(db: Db, userId: number, opts: { revokeTokens?: boolean } = {}): Promise<{ sessions: number; tokens: number }> {
  if (isPg(db)) return pg.revokeAllSessions(db, userId, opts);
  return await transaction(db, async (tx) => {
    const at = now();
    const ended = tx.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))).run().changes;
    const tokens = opts.revokeTokens ? revokeAllTokens(tx, userId, at) : 0;
    if (tokens) await audit(tx, 'token.revoke_all', userId, `user:${userId}`, `user:${userId}`, { tokens });
    return { sessions: ended, tokens };
  });
}

export async function activeSessionCount(db: Db, userId: number): Promise<number> {
  if (isPg(db)) return pg.activeSessionCount(db, userId);
  return db.select({ n: sql<number>`count(*)` }).from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > ${now()}`)).get()?.n ?? 0;
}

// API tokens

export async function createApiToken(db: Db, userId: number, label: string, tokenHash: string, hint: string): Promise<number> {
  if (isPg(db)) return pg.createApiToken(db, userId, label, tokenHash, hint);
  return await transaction(db, async (tx) => {
    const { id } = tx.insert(apiTokens).values({ userId, label, tokenHash, hint }).returning({ id: apiTokens.id }).get();
    await audit(tx, 'token.create', userId, `user:${userId}`, `token:${id}`, { label });
    return id;
  });
}

export async function tokenAccount(db: Db, tokenHash: string): Promise<Account | undefined> {
  if (isPg(db)) return pg.tokenAccount(db, tokenHash);
  const row = db.select({ t: apiTokens, u: users }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(users.disabledAt))).get();
  if (!row) return undefined;
  // Last use is for the owner's overview; a minute's precision is enough and spares a write (and the
  // write lock) per request: only then is it a transaction.
  if (!row.t.lastUsedAt || Date.parse(row.t.lastUsedAt) < Date.now() - 60_000) {
    await transaction(db, (tx) => { tx.update(apiTokens).set({ lastUsedAt: now() }).where(eq(apiTokens.id, row.t.id)).run(); });
  }
  return toAccount(db, row.u);
}

export interface TokenListing {
  id: number;
  label: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function listApiTokens(db: Db, userId: number): Promise<TokenListing[]> {
  if (isPg(db)) return pg.listApiTokens(db, userId);
  return db.select({ id: apiTokens.id, label: apiTokens.label, hint: apiTokens.hint, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).orderBy(asc(apiTokens.id)).all();
}

/** Revokes one of the user's own tokens; false when it is not theirs or already revoked. */
export async function revokeApiToken(db: Db, userId: number, tokenId: number): Promise<boolean> {
  if (isPg(db)) return pg.revokeApiToken(db, userId, tokenId);
  return await transaction(db, async (tx) => {
    const changed = tx.update(apiTokens).set({ revokedAt: now() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).run().changes;
    if (changed) await audit(tx, 'token.revoke', userId, `user:${userId}`, `token:${tokenId}`, {});
    return changed > 0;
  });
}

// Audit log

export async function audit(db: Db, action: string, userId: number | null, author: string, target: string, detail: unknown): Promise<void> {
  if (isPg(db)) return pg.audit(db, action, userId, author, target, detail);
  db.insert(auditLog).values({ action, userId, author, target, detailJson: JSON.stringify(detail) }).run();
}

export async function auditEntries(db: Db, target?: string): Promise<Array<{ action: string; author: string; target: string; detail: unknown; createdAt: string }>> {
  if (isPg(db)) return pg.auditEntries(db, target);
  const rows = db.select().from(auditLog).where(target ? eq(auditLog.target, target) : sql`1`).orderBy(asc(auditLog.id)).all();
  return rows.map((r) => ({ action: r.action, author: r.author, target: r.target, detail: JSON.parse(r.detailJson), createdAt: r.createdAt }));
}
