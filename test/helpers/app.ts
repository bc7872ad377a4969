/** Test helpers: the real app over a fresh in-memory database, multipart bodies and a database fingerprint. */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import { openDb, type SqliteDb as Db } from '../../db/client.js';
import { createApiToken, createSession, createUser } from '../../db/users.js';
import { newSecret, secretHash } from '../../server/accounts/secrets.js';
import type { Role } from '../../server/accounts/permissions.js';

/** The administrator token each test app's `upload()` sends. */
const adminTokens = new WeakMap<FastifyInstance, string>();

/** Builds the app as production does, over ':memory:', with config overrides, and an administrator token for uploads. */
export async function buildTestApp(overrides: Partial<Config> = {}): Promise<{ app: FastifyInstance; db: Db; config: Config; adminToken: string }> {
  const config: Config = { ...loadConfig({}), databasePath: ':memory:', seedDir: null, ...overrides };
  const db = openDb(config.databasePath);
  const app = await buildApp(config, db);
  const { token } = await addTestUser(db, { email: 'admin@test.invalid', role: 'admin' });
  adminTokens.set(app, token);
  return { app, db, config, adminToken: token };
}

/**
 * An account with an API token, written straight to the database. `passwordHash` defaults to a
 * value no password matches (tokens need none; login tests pass a real hash).
 */
export async function addTestUser(db: Db, u: { email: string; role: Role; name?: string; parties?: string[]; municipality?: string | null; passwordHash?: string; mustChangePassword?: boolean }): Promise<{ id: number; token: string }> {
  const id = await createUser(db, {
    email: u.email, name: u.name ?? u.email.split('@')[0]!, role: u.role, municipality: u.municipality ?? null, parties: u.parties ?? [],
    passwordHash: u.passwordHash ?? 'ingen-inloggning', mustChangePassword: u.mustChangePassword ?? false,
  });
  const token = newSecret('spk_');
  await createApiToken(db, id, 'test', secretHash(token), token.slice(0, 10));
  return { id, token };
}

/** A multipart/form-data body with one file in field "file". */
export function multipart(filename: string, bytes: Uint8Array | string, contentType = 'application/octet-stream') {
  return multipartParts([{ name: 'file', filename, bytes, contentType }]);
}

export type Part = { name: string; value: string } | { name: string; filename: string; bytes: Uint8Array | string; contentType?: string };

/** A multipart/form-data body with text fields and files, in the order given. */
export function multipartParts(parts: Part[]) {
  const boundary = `----standpunkt${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head = 'filename' in p
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.contentType ?? 'application/octet-stream'}\r\n\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n`;
    chunks.push(Buffer.from(head, 'utf8'));
    const body = 'filename' in p ? p.bytes : p.value;
    chunks.push(typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body), Buffer.from('\r\n', 'utf8'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A logged-in browser session for a user, written straight to the database: its cookie header and CSRF token. */
export async function sessionFor(db: Db, userId: number): Promise<{ cookie: string; csrf: string }> {
  const token = newSecret();
  const csrf = newSecret();
  await createSession(db, { tokenHash: secretHash(token), userId, csrfToken: csrf, address: null, userAgent: null, ttlMs: 3_600_000 });
  return { cookie: `sp_session=${token}`, csrf };
}

/** urlencoded form body and headers for a session. */
export function form(fields: Record<string, string | string[]>, session?: { cookie: string }) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  return { payload: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...(session ? { cookie: session.cookie } : {}) } };
}

/** Uploads through the real API route as the test administrator (or with the given token). */
export function upload(app: FastifyInstance, filename: string, bytes: Uint8Array | string, token = adminTokens.get(app)) {
  const body = multipart(filename, bytes);
  return app.inject({ method: 'POST', url: '/api/documents', payload: body.payload, headers: { ...body.headers, authorization: `Bearer ${token}` } });
}

/** A hash over every row of every table: equal before and after means nothing was written. */
export function dbFingerprint(db: Db): string {
  const sqlite = db.$client;
  // Real tables only (a virtual table's data lives in its shadow tables, which are listed too).
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name").all() as Array<{ name: string }>;
  const hash = createHash('sha256');
  for (const { name } of tables) {
    hash.update(name);
    const rows = sqlite.prepare(`SELECT * FROM "${name}"`).all()
      .map((row) => JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('base64') : v)))
      .sort();
    for (const row of rows) hash.update(row);
  }
  return hash.digest('hex');
}
