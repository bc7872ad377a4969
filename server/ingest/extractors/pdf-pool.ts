/**
 * A small pool of PDF worker threads. Each job has a wall-clock limit; a worker that overruns it
 * is terminated and replaced, so one hostile file cannot hang ingest. Workers are recycled after
 * a number of jobs to bound memory held by pdf.js.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { urlFromRoot } from '../../paths.js';

export type PdfReply = { ok: true; pages: string[] } | { ok: false; name: string; message: string };

interface Job {
  id: number;
  bytes: ArrayBuffer;
  timeoutMs: number;
  resolve: (reply: PdfReply | 'timeout') => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  jobsDone: number;
}

const workerUrl = urlFromRoot('server', 'ingest', 'extractors', 'pdf-worker.mjs');
/** Files a thread reads with pdf.js before it is replaced, bounding what pdf.js holds on to. */
export const RECYCLE_AFTER = 200;
/** Heap limit of a thread that reads PDFs: a file that needs more is refused, not given the machine's memory. */
export const PDF_HEAP_MB = 1024;

export class PdfPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(private readonly size = Math.max(1, os.availableParallelism())) {}

  /** Extracts page texts, or 'timeout' when the limit passed first. */
  run(bytes: Uint8Array, timeoutMs: number): Promise<PdfReply | 'timeout'> {
    // A copy is transferred to the worker so the caller keeps its buffer.
    const copy = new Uint8Array(bytes).buffer;
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, bytes: copy, timeoutMs, resolve });
      this.pump();
    });
  }

  /** Stops every worker; pending jobs end as failures. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, name: 'Closed', message: 'pool closed' });
    await Promise.all(this.slots.splice(0).map((s) => { s.job?.resolve({ ok: false, name: 'Closed', message: 'pool closed' }); return s.worker.terminate(); }));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(workerUrl, { resourceLimits: { maxOldGenerationSizeMb: PDF_HEAP_MB } });
    // Idle workers must not keep a command-line process alive.
    worker.unref();
    const slot: Slot = { worker, job: null, timer: null, jobsDone: 0 };
    worker.on('message', (msg: PdfReply & { id: number }) => {
      if (!slot.job || msg.id !== slot.job.id) return;
      const { id: _id, ...reply } = msg;
      this.finish(slot, reply as PdfReply, false);
    });
    worker.on('error', (err) => this.finish(slot, { ok: false, name: 'WorkerError', message: String(err) }, true));
    worker.on('exit', () => this.finish(slot, { ok: false, name: 'WorkerExit', message: 'worker exited' }, true));
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => this.finish(slot, 'timeout', true), job.timeoutMs);
    slot.worker.postMessage({ id: job.id, bytes: job.bytes }, [job.bytes]);
  }

  private finish(slot: Slot, reply: PdfReply | 'timeout', kill: boolean): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.jobsDone++;
    if (kill || slot.jobsDone >= RECYCLE_AFTER) {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      slot.worker.removeAllListeners();
      void slot.worker.terminate();
    } else {
      slot.worker.unref();
    }
    job?.resolve(reply);
    this.pump();
  }
}
