/**
 * Analysis on all cores for the bulk import: a pool of worker threads running `analyse-worker.ts`.
 * With size 0 the analysis runs on the calling thread (tests under a runner that cannot load
 * TypeScript in workers, and the one-worker baseline of the benchmark).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { urlFromRoot } from '../paths.js';
import type { NewDocument } from '../../db/documents.js';
import { analyseFile, type IngestOptions } from './pipeline.js';

export type Analysis = { ok: true; doc: NewDocument } | { ok: false; expected: boolean; message: string };

interface Pending { resolve: (a: Analysis) => void; worker: Worker; file: string }

/** A plain-JS entry that registers tsx's loader (a worker does not inherit it) and loads the TypeScript worker. */
const workerUrl = urlFromRoot('server', 'ingest', 'analyse-worker.mjs');

export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<(w: Worker) => void> = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closing = false;
  /** Set when workers cannot run at all (they fail before answering once): analysis continues on this thread. */
  private inThread: boolean;

  constructor(readonly size: number, private readonly opts: IngestOptions) {
    this.inThread = size === 0;
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(workerUrl, { workerData: this.opts });
    let answered = false;
    worker.on('message', (msg: { id: number } & Analysis) => {
      answered = true;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) msg.doc.bytes = Buffer.from(msg.doc.bytes);
      p.resolve(msg);
      this.release(worker);
    });
    worker.on('error', (err) => {
      this.workers.splice(this.workers.indexOf(worker), 1);
      const idle = this.idle.indexOf(worker);
      if (idle >= 0) this.idle.splice(idle, 1);
      if (!answered) this.inThread = true;
      for (const [id, p] of this.pending) {
        if (p.worker !== worker) continue;
        this.pending.delete(id);
        // A crash in a worker is the file's failure only when workers otherwise run; else retry here.
        if (this.inThread) void this.analyse(p.file).then(p.resolve);
        else p.resolve({ ok: false, expected: false, message: `Analysen kraschade: ${err.message}` });
      }
      if (!this.closing && !this.inThread) this.spawn();
      // Lanes waiting for a worker are answered on this thread from now on.
      if (this.inThread) for (const w of this.waiting.splice(0)) w(undefined as unknown as Worker);
    });
    this.workers.push(worker);
    this.release(worker);
  }

  async analyse(file: string): Promise<Analysis> {
    if (this.inThread) {
      try {
        return { ok: true, doc: await analyseFile({ bytes: fs.readFileSync(file), filename: path.basename(file) }, this.opts) };
      } catch (err) {
        return { ok: false, expected: (err as { name?: string }).name === 'IngestError', message: (err as Error).message };
      }
    }
    const worker = this.idle.pop() ?? await new Promise<Worker>((resolve) => this.waiting.push(resolve));
    if (this.inThread || !worker) return this.analyse(file);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, worker, file });
      worker.postMessage({ id, file });
    });
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next(worker); else this.idle.push(worker);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
