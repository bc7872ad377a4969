/**
 * npm start with a DATABASE_URL it cannot reach: a plain Swedish message naming the server (not the
 * password), exit 2, and no SQLite file made on the side (never serving from SQLite while the operator
 * believes the archive is on PostgreSQL). Serving from PostgreSQL: test/pg/two-servers.test.ts.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { root, tsx } from '../helpers/cli.js';

const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-dburl-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the server with DATABASE_URL', () => {
  it('says it cannot reach PostgreSQL, exits 2 and writes no SQLite file', async () => {
    const file = path.join(tmp, 'data', 'standpunkt.db');
    const env = { ...process.env, DATABASE_URL: 'postgres://arkiv:hemligt@127.0.0.1:9/standpunkt', DATABASE_PATH: file, PORT: '0', SEED_DIR: '' };
    const r = await run(tsx, [path.join(root, 'server', 'server.ts')], { cwd: root, env }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Kunde inte öppna PostgreSQL-databasen 127\.0\.0\.1:9\/standpunkt: .+\nKontrollera DATABASE_URL/);
    expect(r.stderr).not.toContain('hemligt');
    expect(fs.existsSync(file)).toBe(false);
  }, 60_000);
});
