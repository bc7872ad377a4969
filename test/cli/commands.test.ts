import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-cli-')); });
afterAll(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

async function cli(script: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(tsx, [path.join(root, 'scripts', script), ...args], { cwd: root, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run extract', () => {
  it('prints one JSON line per file with the contract and the file as given, touching no database', async () => {
    const files = ['fixtures/seed/000_22e373b5829b3816.txt', 'fixtures/seed/002_96c067dbb2ae0c27.txt'];
    const dbPath = path.join(tmp, 'never.db');
    const { code, stdout } = await cli('extract.ts', files, { DATABASE_PATH: dbPath });
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual(files);
    expect(lines[0]).toMatchObject({ kind: 'protokollsanteckning', parties: ['S'] });
    expect(lines[1]).toMatchObject({ kind: 'interpellationssvar', addressee: { name: 'Daniel Dronjak' } });
    expect(fs.existsSync(dbPath)).toBe(false);
  });
});

describe('npm run import', () => {
  it('imports a folder, counts duplicates, reports failures with reasons and exits 1', async () => {
    const dir = path.join(tmp, 'in');
    fs.mkdirSync(path.join(dir, 'undermapp'), { recursive: true });
    fs.copyFileSync(path.join(root, 'fixtures/seed/000_22e373b5829b3816.txt'), path.join(dir, 'a.txt'));
    fs.copyFileSync(path.join(root, 'fixtures/seed/000_22e373b5829b3816.txt'), path.join(dir, 'undermapp', 'kopia.txt'));
    fs.copyFileSync(path.join(root, 'fixtures/seed/003_4ffd3fd1c5ddf01f.txt'), path.join(dir, 'undermapp', 'ärende 22.txt'));
    fs.writeFileSync(path.join(dir, 'tom.txt'), '');
    fs.writeFileSync(path.join(dir, 'ignoreras.png'), 'x');
    const dbPath = path.join(tmp, 'import.db');
    const { code, stdout } = await cli('import.ts', [dir], { DATABASE_PATH: dbPath });
    expect(code).toBe(1);
    expect(stdout).toMatch(/2 importerade, 1 dubbletter, 1 misslyckade/);
    expect(stdout).toMatch(/MISSLYCKADES .*tom\.txt: Filen är tom/);
    const db = new Database(dbPath, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(2);
    expect(db.prepare('SELECT original_filename AS f FROM files ORDER BY f').all()).toEqual([{ f: 'a.txt' }, { f: 'ärende 22.txt' }]);
    db.close();

    const again = await cli('import.ts', [path.join(dir, 'a.txt')], { DATABASE_PATH: dbPath });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 importerade, 1 dubbletter, 0 misslyckade/);
  });
});
