/**
 * WAL checkpoints on a thread of their own, for the bulk import. SQLite checkpoints inside the
 * COMMIT that fills the WAL past its threshold, and a checkpoint ends in fsync: measured on this
 * machine, it tripled the writer's wall time per commit (4.4 against 1.4 ms per document). With
 * the writer's automatic checkpoints off, a second connection in a worker thread checkpoints
 * (PASSIVE: it never blocks the writer) at most every `intervalMs` while the import commits.
 *
 * PASSIVE alone does not bound the WAL: SQLite starts the WAL over only when a write transaction
 * begins while every frame is already copied back, and a writer that begins its next batch the
 * moment it commits never finds it so. The WAL then grew past 6 GB over 30,000 documents, and every
 * page read that misses the cache searches the WAL's index, one hash table per 4,096 frames, so
 * each document cost more than the one before. `settle()` is the bound: between two batches, once
 * the WAL has passed `walLimitBytes`, the writer waits (the event loop and the analysis workers do
 * not) for one checkpoint that runs while nothing writes, so its next transaction starts the WAL over.
 * `journal_size_limit` cuts a WAL that started over back to the bound, so the file's size is the test.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { isPg, type Db } from './engine.js';

// An eval worker's require resolves from the working directory, so the package is named by its path.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
parentPort.on('message', (m) => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or locked: the next request tries again */ }
  if (m === 'close') db.close();
  parentPort.postMessage(m);
});
`;

/** The WAL's size past which the writer lets a checkpoint catch up before its next batch. */
export const WAL_LIMIT_BYTES = 128 * 1024 * 1024;

export interface Checkpointer {
  /** After a commit: starts a checkpoint unless one runs or one started less than intervalMs ago. */
  afterCommit(): void;
  /**
   * Between batches, outside any transaction: when the WAL is past its limit, resolves once a
   * checkpoint begun now (after the last commit) has finished; at once otherwise.
   */
  settle(): Promise<void>;
  /** Waits for the last checkpoint, stops the thread and gives the writer its automatic checkpoints back. */
  close(): Promise<void>;
}

/** A background checkpointer for `db`'s file; a no-op for an in-memory database and on PostgreSQL (its server checkpoints). */
export function startCheckpointer(db: Db, intervalMs = 250, walLimitBytes = WAL_LIMIT_BYTES): Checkpointer {
  if (isPg(db)) return { afterCommit: () => {}, settle: async () => {}, close: async () => {} };
  const c = db.$client;
  if (c.memory || c.readonly) return { afterCommit: () => {}, settle: async () => {}, close: async () => {} };
  const previous = c.pragma('wal_autocheckpoint', { simple: true }) as number;
  const worker = new Worker(SOURCE, { eval: true, workerData: { file: c.name, sqlite: createRequire(import.meta.url).resolve('better-sqlite3') } });
  worker.unref();
  c.pragma('wal_autocheckpoint = 0');
  const previousSizeLimit = c.pragma('journal_size_limit', { simple: true }) as number;
  // A WAL that starts over is cut back to the bound at its first commit, so its file's size says
  // how far it has grown since: past the bound only when its frames are.
  c.pragma(`journal_size_limit = ${walLimitBytes}`);
  const walFile = `${c.name}-wal`;
  let busy = false;
  let failed = false;
  let lastStart = 0;
  let closed: Promise<void> | null = null;
  /** Resolved when the checkpoint that runs now ends; a checkpoint is requested for each waiter after it. */
  let onIdle: Array<() => void> = [];
  let wantAnother: Array<() => void> = [];
  const start = () => {
    busy = true;
    lastStart = performance.now();
    worker.postMessage('checkpoint');
  };
  worker.on('message', () => {
    busy = false;
    for (const resolve of onIdle) resolve();
    onIdle = [];
    if (wantAnother.length > 0 && !closed) {
      onIdle = wantAnother;
      wantAnother = [];
      start();
    }
  });
  const release = () => {
    for (const r of [...onIdle, ...wantAnother]) r();
    onIdle = [];
    wantAnother = [];
  };
  // A checkpointer that fails must not lose the WAL's bound: the writer takes checkpoints back.
  let exited = false;
  worker.once('exit', () => { exited = true; });
  worker.on('error', () => {
    failed = true;
    busy = false;
    release();
    restore();
  });
  const walSize = () => { try { return fs.statSync(walFile).size; } catch { return 0; } };
  const restore = () => {
    if (!c.open) return;
    c.pragma(`wal_autocheckpoint = ${previous}`);
    c.pragma(`journal_size_limit = ${previousSizeLimit}`);
  };
  return {
    afterCommit() {
      if (busy || closed || failed || performance.now() - lastStart < intervalMs) return;
      start();
    },
    settle() {
      if (closed || failed || walSize() <= walLimitBytes) return Promise.resolve();
      return new Promise<void>((resolve) => {
        // A checkpoint already running may have begun before the last commit: wait for the next one.
        if (busy) wantAnother.push(resolve);
        else { onIdle.push(resolve); start(); }
      });
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        let finished = false;
        const done = () => {
          if (finished) return;
          finished = true;
          release();
          restore();
          void worker.terminate().then(() => resolve());
        };
        // A thread that already ended (it failed) sends nothing more: the import must not wait for it.
        if (exited) { done(); return; }
        worker.once('exit', done);
        worker.on('message', (m) => { if (m === 'close') done(); });
        worker.postMessage('close');
      });
      return closed;
    },
  };
}
