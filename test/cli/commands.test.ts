import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { cli, root, tsx } from '../helpers/cli.js';

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-cli-')); });
afterAll(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

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
    const report = path.join(tmp, 'rapport.csv');
    const { code, stdout } = await cli('import.ts', ['--rapport', report, dir], { DATABASE_PATH: dbPath });
    expect(code).toBe(1);
    const rows = fs.readFileSync(report, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n').map((r) => r.split(';'));
    expect(rows[0]).toEqual(['fil', 'utfall', 'dokument', 'typ', 'titel', 'varningar', 'orsak']);
    expect(rows.slice(1).map((r) => r[1]).sort()).toEqual(['dubblett', 'importerad', 'importerad', 'misslyckad']);
    expect(rows.find((r) => r[0]!.endsWith('tom.txt'))![6]).toMatch(/Filen är tom/);
    expect(stdout).toMatch(/2 importerade, 1 dubbletter, 1 misslyckade/);
    expect(stdout).toMatch(/MISSLYCKADES .*tom\.txt: Filen är tom/);
    const db = new Database(dbPath, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(2);
    expect(db.prepare('SELECT original_filename AS f FROM files ORDER BY f').all()).toEqual([{ f: 'a.txt' }, { f: 'ärende 22.txt' }]);
    db.close();

    const again = await cli('import.ts', ['--rapport', path.join(tmp, 'r2.json'), path.join(dir, 'a.txt')], { DATABASE_PATH: dbPath });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 importerade, 1 dubbletter, 0 misslyckade/);
  });

  it('runs from any working directory (its checkpoint thread finds its packages from the project)', async () => {
    const dir = path.join(tmp, 'elsewhere');
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(root, 'fixtures/seed/000_22e373b5829b3816.txt'), path.join(dir, 'a.txt'));
    const dbPath = path.join(tmp, 'elsewhere.db');
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(tsx, [path.join(root, 'scripts', 'import.ts'), '--rapport', path.join(dir, 'r.csv'), dir],
        { cwd: dir, env: { ...process.env, DATABASE_PATH: dbPath } }, (err, out) => resolve({ code: err ? (err as { code?: number }).code ?? 1 : 0, stdout: out }));
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/1 importerade, 0 dubbletter, 0 misslyckade/);
    expect(fs.existsSync(path.join(dir, 'r.csv'))).toBe(true);
  });
});

describe('npm run user:add, user:list, user:disable', () => {
  it('creates a secretary with a one-time password, lists and disables accounts, and refuses bad input', async () => {
    const dbPath = path.join(tmp, 'users.db');
    const env = { DATABASE_PATH: dbPath };
    const add = await cli('user.ts', ['add', '--email', 'Anna@Example.se', '--name', 'Anna Åberg', '--role', 'secretary', '--party', 'S', '--municipality', 'Huddinge kommun'], env);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/partisekreterare för S i Huddinge kommun/);
    const password = /Engångslösenord \(byts vid första inloggningen\): (\S+)/.exec(add.stdout)![1]!;
    expect(password).toMatch(/^[\w]{5}(-[\w]{5}){3}$/);
    const db = new Database(dbPath, { readonly: true });
    const row = db.prepare('SELECT email, password_hash AS h, must_change_password AS m FROM users').get() as { email: string; h: string; m: number };
    db.close();
    expect(row.email).toBe('anna@example.se');
    expect(row.h).toMatch(/^scrypt\$/);
    expect(row.h).not.toContain(password);
    expect(row.m).toBe(1);
    expect((await cli('user.ts', ['add', '--email', 'anna@example.se', '--name', 'X', '--role', 'admin'], env)).code).toBe(2);
    expect((await cli('user.ts', ['add', '--email', 'b@example.se', '--name', 'B', '--role', 'secretary'], env)).stderr).toMatch(/minst ett --party/);
    const list = await cli('user.ts', ['list'], env);
    expect(list.stdout).toMatch(/anna@example\.se\tAnna Åberg\tsekreterare S i Huddinge kommun\taktivt/);
    expect((await cli('user.ts', ['disable', '--email', 'anna@example.se'], env)).code).toBe(0);
    expect((await cli('user.ts', ['list'], env)).stdout).toMatch(/anna@example\.se.*avstängt/);
    expect((await cli('user.ts', ['disable', '--email', 'ingen@example.se'], env)).code).toBe(2);
  });

  it('reads a chosen password from stdin', async () => {
    const dbPath = path.join(tmp, 'users2.db');
    const child = execFile(tsx, [path.join(root, 'scripts', 'user.ts'), 'add', '--email', 'admin@example.se', '--name', 'Admin', '--role', 'admin', '--password-stdin'],
      { cwd: root, env: { ...process.env, DATABASE_PATH: dbPath } });
    child.stdin!.end('ett tillräckligt långt lösenord\n');
    const out = await new Promise<string>((resolve) => { let s = ''; child.stdout!.on('data', (d) => { s += d; }); child.on('close', () => resolve(s)); });
    expect(out).toMatch(/administratör/);
    expect(out).not.toMatch(/Engångslösenord/);
  });
});

describe('npm run reextract', () => {
  it('reads documents last read by older rules again: new extraction, corrections kept, history, and nothing left to do after', async () => {
    const { openDb: open, closeDb: close } = await import('../../db/client.js');
    const { getDocument } = await import('../../db/documents.js');
    const { recordExtraction, recordCorrection } = await import('../../server/use-cases/documents.js');
    const { ingestFile } = await import('../../server/ingest/ingest-file.js');
    const { EXTRACTOR_VERSION } = await import('../../server/ingest/stages/metadata/parse-metadata.js');
    const dbPath = path.join(tmp, 'reextract.db');
    const db = open(dbPath);
    const name = 'riksdagen-2010-11-413-interpellation.txt';
    const { id } = await ingestFile(db, { bytes: fs.readFileSync(path.join(root, 'fixtures/documents', name)), filename: name }, { maxUploadBytes: 50e6, pdfTimeoutMs: 30_000 });
    // As the rules before issue 19 read it: no organisation, the Riksdag as body.
    const old = { ...(await getDocument(db, id))!.metadata, municipality: null, body: 'Riksdagen' };
    await recordExtraction(db, id, old, 'standpunkt-rules/1', 0.5);
    await recordCorrection(db, id, 'date', '2011-05-21', 'Sara Sekreterare');
    expect((await getDocument(db, id))!.metadata).toMatchObject({ municipality: null, body: 'Riksdagen', date: '2011-05-21' });
    close(db);

    const first = await cli('reextract.ts', [], { DATABASE_PATH: dbPath });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/1 dokument, 1 med ändrade uppgifter/);
    const after = open(dbPath);
    const doc = (await getDocument(after, id))!;
    expect(doc.extraction!.version).toBe(EXTRACTOR_VERSION);
    expect(doc.extraction!.evidence!.municipality!.rule.length).toBeGreaterThan(3);
    expect(doc.metadata).toMatchObject({ municipality: 'Riksdagen', body: null, date: '2011-05-21' });
    const revision = after.$client.prepare("SELECT action, author, note FROM revisions WHERE document_id = ? ORDER BY id DESC LIMIT 1").get(id) as { action: string; author: string; note: string };
    expect(revision).toEqual({ action: "extracted", author: "omläsning", note: `Lästes om med ${EXTRACTOR_VERSION}` });
    close(after);

    const again = await cli('reextract.ts', [], { DATABASE_PATH: dbPath });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 dokument/);
  }, 60_000);
});
