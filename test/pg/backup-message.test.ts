/**
 * npm run backup with DATABASE_URL=postgres://…: a Swedish message with the exact pg_dump and
 * pg_restore commands (without the password), exit 2, and no SQLite file made on the side. Where a
 * PostgreSQL server is given (PG_TEST_URL), the printed pg_dump command is run and makes a dump.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const url = process.env.PG_TEST_URL;
if (!url && process.env.PG_REQUIRED === '1') throw new Error('PG_REQUIRED=1 men PG_TEST_URL saknas');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-pg-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The commands the message prints, one per line starting with the program's name. */
const commands = (stderr: string, program: string) => stderr.split('\n').map((l) => l.trim()).filter((l) => l.startsWith(`${program} `));

describe('npm run backup on PostgreSQL', () => {
  it('says to use pg_dump, with the command, exits 2 and writes nothing', async () => {
    const sqlite = path.join(tmp, 'data', 'standpunkt.db');
    const r = await cli('backup.ts', [path.join(tmp, 'kopia 1.dump')], { DATABASE_URL: 'postgres://arkiv:hemligt-lösen@db.example.se:5432/standpunkt', DATABASE_PATH: sqlite });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Databasen är PostgreSQL/);
    expect(commands(r.stderr, 'pg_dump')).toEqual([`pg_dump --format=custom --file='${path.join(tmp, 'kopia 1.dump')}' postgres://arkiv@db.example.se:5432/standpunkt`]);
    expect(commands(r.stderr, 'pg_restore')).toEqual([`pg_restore --clean --if-exists --no-owner --dbname=postgres://arkiv@db.example.se:5432/standpunkt '${path.join(tmp, 'kopia 1.dump')}'`]);
    expect(r.stderr).not.toMatch(/hemligt/);
    expect(r.stderr).toMatch(/PGPASSWORD/);
    expect(fs.existsSync(sqlite)).toBe(false);
    expect(fs.existsSync(path.join(tmp, 'kopia 1.dump'))).toBe(false);
  });

  it('gives a command a shell runs as printed, and on a real server it makes a dump', { skip: !url }, async () => {
    const dump = path.join(tmp, 'arkiv.dump');
    const r = await cli('backup.ts', [dump], { DATABASE_URL: url! });
    expect(r.code).toBe(2);
    const [command] = commands(r.stderr, 'pg_dump');
    execFileSync('sh', ['-c', command!], { env: { ...process.env, PGPASSWORD: new URL(url!).password }, stdio: 'pipe' });
    expect(execFileSync('pg_restore', ['--list', dump], { encoding: 'utf8' })).toMatch(/PGDMP|TOC/);
  });
});
