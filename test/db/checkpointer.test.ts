import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type SqliteDb as Db } from '../../db/client.js';
import { startCheckpointer } from '../../db/checkpointer.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

function tempDb(): { db: Db; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-ckpt-'));
  dirs.push(dir);
  const file = path.join(dir, 'a.db');
  const db = openDb(file);
  db.$client.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)');
  return { db, file };
}

/** Writes `batches` transactions of 64 rows of 8 KiB each, back to back as the bulk import does, waiting only in settle(). */
async function writeBatches(db: Db, batches: number, settle: () => Promise<void>, afterCommit: () => void): Promise<void> {
  const insert = db.$client.prepare('INSERT INTO filler (body) VALUES (?)');
  const blob = Buffer.alloc(8192, 7);
  for (let b = 0; b < batches; b++) {
    await settle();
    db.$client.transaction(() => { for (let i = 0; i < 64; i++) insert.run(blob); })();
    afterCommit();
  }
}

describe('the bulk import checkpointer', () => {
  it('keeps the WAL near its bound when the writer begins each batch the moment the last one commits', async () => {
    const { db, file } = tempDb();
    const limit = 2 * 1024 * 1024;
    const checkpointer = startCheckpointer(db, 0, limit);
    let largest = 0;
    await writeBatches(db, 120, () => checkpointer.settle(), () => {
      checkpointer.afterCommit();
      largest = Math.max(largest, fs.statSync(`${file}-wal`).size);
    });
    await checkpointer.close();
    // 120 batches of half a megabyte: 60 MB had the WAL never started over.
    expect(largest).toBeLessThan(limit + 4 * 1024 * 1024);
    expect(db.$client.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 120 * 64 });
    // The writer has its automatic checkpoints back.
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    closeDb(db);
  });

  it('does not make the writer wait while the WAL is under its bound', async () => {
    const { db } = tempDb();
    const checkpointer = startCheckpointer(db, 0, 1024 * 1024 * 1024);
    let waited = 0;
    await writeBatches(db, 20, async () => {
      const p = checkpointer.settle();
      let settled = false;
      void p.then(() => { settled = true; });
      await Promise.resolve();
      if (!settled) waited++;
      await p;
    }, () => checkpointer.afterCommit());
    await checkpointer.close();
    expect(waited).toBe(0);
    closeDb(db);
  });
});
