/** Test helpers: the real app over a fresh in-memory database, multipart bodies and a database fingerprint. */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import { openDb, type Db } from '../../db/client.js';

/** Builds the app as production does, over ':memory:', with config overrides. */
export async function buildTestApp(overrides: Partial<Config> = {}): Promise<{ app: FastifyInstance; db: Db; config: Config }> {
  const config: Config = { ...loadConfig({}), databasePath: ':memory:', seedDir: null, ...overrides };
  const db = openDb(config.databasePath);
  const app = await buildApp(config, db);
  return { app, db, config };
}

/** A multipart/form-data body with one file in field "file". */
export function multipart(filename: string, bytes: Uint8Array | string, contentType = 'application/octet-stream') {
  const boundary = `----standpunkt${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  const body = Buffer.concat([head, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes), tail]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads through the real route. */
export function upload(app: FastifyInstance, filename: string, bytes: Uint8Array | string, url = '/api/documents') {
  return app.inject({ method: 'POST', url, ...multipart(filename, bytes) });
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
