/**
 * Crashes: the real server and the real import are killed with SIGKILL mid-write, then restarted.
 * The database must pass integrity_check, hold no half-stored document and no orphaned file, keep
 * every upload that was answered 201, and the import must resume to completion without duplicates.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { closeDb, openDb } from '../../db/client.js';
import { addTestUser } from '../helpers/app.js';
import { cli, root } from '../helpers/cli.js';

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-crash-')); });
afterAll(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

const documents = fs.readdirSync(path.join(root, 'fixtures/documents')).filter((f) => f.endsWith('.txt')).sort();

/** What a crash may not leave behind; each query counts offending rows. */
const CONSISTENCY: Record<string, string> = {
  'document without its original file': "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.document_id = d.id AND f.role = 'original')",
  'file without its bytes': 'SELECT count(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM file_contents c WHERE c.file_id = f.id)',
  'bytes without a file': 'SELECT count(*) FROM file_contents c WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.id = c.file_id)',
  'file without a document': 'SELECT count(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = f.document_id)',
  'document without its first revision': 'SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM revisions r WHERE r.document_id = d.id)',
  'document without its extraction': 'SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM extractions e WHERE e.document_id = d.id)',
  'published document missing from search': 'SELECT count(*) FROM documents d WHERE d.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM search_facets s WHERE s.document_id = d.id)',
  'search entry without a document': 'SELECT count(*) FROM search_facets s WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.document_id)',
  'paragraph without a document': 'SELECT count(*) FROM paragraphs p WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = p.document_id)',
  'author without a document': 'SELECT count(*) FROM document_authors a WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = a.document_id)',
  'two documents with the same bytes': 'SELECT count(*) FROM (SELECT sha256 FROM files GROUP BY sha256 HAVING count(*) > 1)',
};

function checkConsistent(dbPath: string): number {
  const c = new Database(dbPath, { readonly: true });
  try {
    expect(c.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(c.pragma('foreign_key_check')).toEqual([]);
    for (const [what, query] of Object.entries(CONSISTENCY)) expect(c.prepare(query).pluck().get(), what).toBe(0);
    return c.prepare('SELECT count(*) FROM documents').pluck().get() as number;
  } finally {
    c.close();
  }
}

async function startServer(dbPath: string): Promise<{ child: ChildProcess; base: string }> {
  const port = 4100 + Math.floor(Math.random() * 800);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/server.ts')], {
    cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: dbPath, SEED_DIR: '', LOG_LEVEL: 'warn' }, stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('SIGKILL during uploads', () => {
  it('loses no answered upload and leaves nothing half-stored', async () => {
    const dbPath = path.join(tmp, 'upload.db');
    const db = openDb(dbPath);
    const { token } = await addTestUser(db, { email: 'admin@test.invalid', role: 'admin' });
    closeDb(db);
    const { child, base } = await startServer(dbPath);
    // Distinct bytes per upload: four copies of each fixture, each with its own last line.
    const uploads = [0, 1, 2, 3].flatMap((copy) => documents.map((f) => ({
      name: `${copy}-${f}`, bytes: `${fs.readFileSync(path.join(root, 'fixtures/documents', f), 'utf8')}\n\nKopia ${copy}.\n`,
    })));
    const post = async (at: string, u: { name: string; bytes: string }) => {
      const form = new FormData();
      form.append('file', new Blob([u.bytes]), u.name);
      return fetch(`${at}/api/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    };
    const answered = new Set<number>();
    let enough: () => void;
    const enoughAnswered = new Promise<void>((r) => { enough = r; });
    // Four uploads at a time; the server is killed once 20 are answered, with others in flight.
    let next = 0;
    const lanes = Array.from({ length: 4 }, async () => {
      while (next < uploads.length) {
        try {
          const res = await post(base, uploads[next++]!);
          if (res.status === 201) answered.add(((await res.json()) as { id: number }).id);
          if (answered.size >= 20) enough();
        } catch { return; }
      }
    });
    await Promise.race([enoughAnswered, Promise.all(lanes)]);
    child.kill('SIGKILL');
    await killed(child);
    await Promise.all(lanes);
    expect(answered.size).toBeGreaterThan(0);
    expect(answered.size).toBeLessThan(uploads.length);

    const count = checkConsistent(dbPath);
    expect(count).toBeGreaterThanOrEqual(answered.size);
    // Restarted, the server serves every answered document and accepts the rest.
    const again = await startServer(dbPath);
    try {
      for (const id of answered) expect((await fetch(`${again.base}/api/documents/${id}`)).status).toBe(200);
      for (const u of uploads) expect([200, 201]).toContain((await post(again.base, u)).status);
    } finally {
      again.child.kill('SIGTERM');
      await killed(again.child);
    }
    expect(checkConsistent(dbPath)).toBe(uploads.length);
  }, 180_000);
});

describe('SIGKILL during a bulk import', () => {
  it('resumes to completion without duplicates', async () => {
    const dir = path.join(tmp, 'mapp');
    fs.mkdirSync(dir);
    // Enough distinct files that the import is still running when it is killed.
    for (let copy = 0; copy < 4; copy++) {
      for (const f of documents) {
        const text = fs.readFileSync(path.join(root, 'fixtures/documents', f), 'utf8');
        fs.writeFileSync(path.join(dir, `${copy}-${f}`), `${text}\n\nKopia ${copy}.\n`);
      }
    }
    const total = fs.readdirSync(dir).length;
    const dbPath = path.join(tmp, 'import.db');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/import.ts'), dir], {
      cwd: root, env: { ...process.env, DATABASE_PATH: dbPath }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Killed once some documents are committed, and well before the end.
    let out = '';
    child.stdout!.on('data', (d) => { out += String(d); });
    child.stderr!.on('data', (d) => { out += String(d); });
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if (fs.existsSync(dbPath)) {
        const c = new Database(dbPath, { readonly: true, fileMustExist: true });
        let n = 0;
        try { n = c.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'documents'").pluck().get() ? c.prepare('SELECT count(*) FROM documents').pluck().get() as number : 0; } catch { n = 0; }
        c.close();
        if (n >= 25) break;
      }
    }
    child.kill('SIGKILL');
    await killed(child);
    const afterKill = checkConsistent(dbPath);
    expect(afterKill, out).toBeGreaterThan(0);
    expect(afterKill, out).toBeLessThan(total);

    const resumed = await cli('import.ts', [dir], { DATABASE_PATH: dbPath });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`${total - afterKill} importerade, ${afterKill} dubbletter, 0 misslyckade`));
    expect(checkConsistent(dbPath)).toBe(total);
  }, 300_000);
});
