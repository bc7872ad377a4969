/**
 * npm run backup / restore / export against a file database that a running app holds open:
 * the backup is consistent while the app writes, a restore brings back exactly what was copied
 * (and the running app sees it), and the export round-trips every document's metadata.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { checkBackup } from '../../db/backup.js';
import { buildTestApp, dbFingerprint, upload } from '../helpers/app.js';
import { cli, root } from '../helpers/cli.js';

let tmp: string;
let dbPath: string;
let app: FastifyInstance;
let db: Db;
const seeds = fs.readdirSync(path.join(root, 'fixtures/seed')).filter((f) => f.endsWith('.txt')).sort();

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-backup-'));
  dbPath = path.join(tmp, 'arkiv.db');
  ({ app, db } = await buildTestApp({ databasePath: dbPath }));
  for (const f of seeds) expect((await upload(app, f, fs.readFileSync(path.join(root, 'fixtures/seed', f)))).statusCode).toBe(201);
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm run backup and npm run restore', () => {
  it('copy a running database consistently and bring it back, and the running app sees the restored data', async () => {
    const env = { DATABASE_PATH: dbPath };
    const backup = path.join(tmp, 'kopior', 'säkerhetskopia 1.db');
    // The app keeps writing while the backup runs.
    const writing = (async () => {
      for (let i = 0; i < 5; i++) {
        await upload(app, `under-kopieringen-${i}.txt`, `Motion om badplatser nummer ${i}\n\nVi föreslår fler badplatser i Huddinge kommun, plats ${i}.`);
      }
    })();
    const made = await cli('backup.ts', [backup], env);
    await writing;
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/Säkerhetskopia klar: .*dokument.*integrity_check/);
    const copied = checkBackup(backup);
    expect(copied.documents).toBeGreaterThanOrEqual(seeds.length);
    expect(copied.documents).toBeLessThanOrEqual(seeds.length + 5);
    expect(fs.existsSync(`${backup}.delvis`)).toBe(false);

    // A second backup now is the reference for what a restore must bring back.
    const reference = path.join(tmp, 'referens.db');
    expect((await cli('backup.ts', [reference], env)).code).toBe(0);
    const before = dbFingerprint(db);
    const stored = (await app.inject('/api/documents?limit=100')).json().total as number;

    // Never overwrite an existing file.
    const again = await cli('backup.ts', [reference], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/finns redan/);

    // A change after the backup.
    const later = await upload(app, 'efteråt.txt', 'Yrkande om cykelbanor\n\nVi yrkar att fler cykelbanor byggs i Flemingsberg.');
    expect(later.statusCode).toBe(201);
    expect(dbFingerprint(db)).not.toBe(before);

    // A file that is not a backup is refused and changes nothing.
    const junk = path.join(tmp, 'inte-en-databas.db');
    fs.writeFileSync(junk, 'det här är ingen databas');
    const changed = dbFingerprint(db);
    const refused = await cli('restore.ts', [junk], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/orörd/);
    expect(dbFingerprint(db)).toBe(changed);

    const restored = await cli('restore.ts', [reference], env);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/Återställd från/);
    // The running app reads the restored database: same rows, the later document gone.
    expect(dbFingerprint(db)).toBe(before);
    expect((await app.inject(`/api/documents/${later.json().id}`)).statusCode).toBe(404);
    expect((await app.inject('/api/documents?limit=100')).json().total).toBe(stored);
    expect((await app.inject('/sok?q=cykelbanor')).body).not.toContain('efteråt');
    // The database as it was before the restore is kept beside it.
    const safety = fs.readdirSync(tmp).find((f) => f.startsWith('arkiv.db.fore-aterstallning-'));
    expect(safety).toBeDefined();
    expect(checkBackup(path.join(tmp, safety!)).documents).toBe(stored + 1);
  }, 120_000);
});

describe('npm run export', () => {
  it('writes every document’s metadata as JSON and as CSV', async () => {
    const env = { DATABASE_PATH: dbPath };
    const total = (await app.inject('/api/documents?limit=100')).json().total as number;
    const json = await cli('export.ts', ['--format', 'json'], env);
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<{ id: number; kind: string; title: string; parties: string[]; signatories: Array<{ name: string }>; status: string; file: { sha256: string } }>;
    expect(rows).toHaveLength(total);
    for (const r of rows) {
      const api = (await app.inject(`/api/documents/${r.id}`)).json();
      expect(r).toMatchObject({ kind: api.kind, title: api.title, parties: api.parties, status: 'publicerad' });
      expect(r.signatories.map((s) => s.name)).toEqual(api.signatories.map((s: { name: string }) => s.name));
      expect(r.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(rows.find((r) => r.signatories.some((s) => s.name === 'Sara Heelge Vikmång'))).toBeDefined();

    const out = path.join(tmp, 'export', 'metadata.csv');
    fs.mkdirSync(path.dirname(out));
    const csv = await cli('export.ts', ['--format', 'csv', '--ut', out], env);
    expect(csv.code, csv.stderr).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text.startsWith('\ufeffid;typ;titel;kommun;organ;datum;')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(total + 1);
    expect(text).toContain('Sara Heelge Vikmång');
    expect((await cli('export.ts', ['--format', 'xml'], env)).code).toBe(2);
  }, 60_000);
});
