/**
 * WAL checkpoints on a thread of their own, for the bulk import. SQLite checkpoints inside the
 * COMMIT that fills the WAL past its threshold, and a checkpoint ends in fsync: measured on this
 * machine, it tripled the writer's wall time per commit (4.4 against 1.4 ms per document). With
 * the writer's automatic checkpoints off, a second connection in a worker thread checkpoints
 * (PASSIVE: it never blocks the writer) at most every `intervalMs` while the import commits.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from './client.js';

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
parentPort.on('message', (m) => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or locked: the next request tries again */ }
  if (m === 'close') db.close();
  parentPort.postMessage(m);
});
`;

export interface Checkpointer {
  /** After a commit: starts a checkpoint unless one runs or one started less than intervalMs ago. */
  afterCommit(): void;
  /** Waits for the last checkpoint, stops the thread and gives the writer its automatic checkpoints back. */
  close(): Promise<void>;
}

/** A background checkpointer for `db`'s file; a no-op for an in-memory database. */
export function startCheckpointer(db: Db, intervalMs = 250): Checkpointer {
  const c = db.$client;
  if (c.memory || c.readonly) return { afterCommit: () => {}, close: async () => {} };
  const previous = c.pragma('wal_autocheckpoint', { simple: true }) as number;
  const worker = new Worker(SOURCE, { eval: true, workerData: { file: c.name } });
  worker.unref();
  c.pragma('wal_autocheckpoint = 0');
  let busy = false;
  let lastStart = 0;
  let closed: Promise<void> | null = null;
  worker.on('message', () => { busy = false; });
  // A checkpointer that fails must not lose the WAL's bound: the writer takes checkpoints back.
  worker.on('error', () => { if (c.open) c.pragma(`wal_autocheckpoint = ${previous}`); });
  return {
    afterCommit() {
      if (busy || closed || performance.now() - lastStart < intervalMs) return;
      busy = true;
      lastStart = performance.now();
      worker.postMessage('checkpoint');
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        let finished = false;
        const done = () => {
          if (finished) return;
          finished = true;
          if (c.open) c.pragma(`wal_autocheckpoint = ${previous}`);
          void worker.terminate().then(() => resolve());
        };
        worker.once('exit', done);
        worker.on('message', (m) => { if (m === 'close') done(); });
        worker.postMessage('close');
      });
      return closed;
    },
  };
}
