/**
 * Analysis off the main thread: a pool of worker threads running `analyse-worker.ts` (every stage
 * but persist). The bulk import hands it file paths; the server hands it uploaded bytes, so no
 * upload, however large or odd, can hold the event loop that answers everyone else.
 *
 * Every job has a deadline: a worker past it is terminated (V8 stops even a busy loop) and replaced,
 * and the job answers `analysis_timeout`. Workers start on the first job, so a server that is never
 * sent a file starts none. With size 0 the analysis runs on the calling thread (the one-worker
 * baseline of the benchmark, and tools that analyse one file).
 *
 * With `pdfInThread` (the bulk import) a worker reads PDFs itself instead of through a PDF thread of
 * its own: the worker says when pdf.js starts and ends, the pool holds it to the PDF limit as the
 * PDF pool would, and recycles a worker after as many PDFs as the PDF pool recycles its threads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RUNNING_FROM_BUNDLE, urlFromRoot } from '../paths.js';
import type { NewDocument } from './types.js';
import { analyseFile, type IngestOptions, type Upload } from './pipeline.js';
import { IngestError, type IngestErrorCode } from './errors.js';
import { pdfTimeoutMessage } from './extractors/pdf.js';
import { RECYCLE_AFTER } from './extractors/pdf-pool.js';
import type { WorkerEntry } from './worker-bundle.js';

export type Analysis =
  | { ok: true; doc: NewDocument }
  | { ok: false; expected: boolean; message: string; code?: IngestErrorCode };

export interface PoolOptions extends IngestOptions {
  /** Wall-clock limit for one file's whole analysis, in every format; 0 for none. */
  analysisTimeoutMs?: number;
  /** Heap limit of each worker; 0 or absent for V8's default. */
  workerHeapMb?: number;
  /** Young generation of each worker (V8's maxYoungGenerationSizeMb: three semi-spaces); absent for V8's default, 48 MB. */
  workerYoungMb?: number;
  /** Workers read PDFs on their own thread (watched by the pool) rather than through a PDF thread each. */
  pdfInThread?: boolean;
  /** With `pdfInThread`: PDFs a worker reads before it is replaced (default the PDF pool's RECYCLE_AFTER). */
  pdfRecycleAfter?: number;
}

/** What a worker is sent: a file to read, or bytes already in memory (transferred, not copied), with the options for it. */
type Job = ({ id: number; file: string } | { id: number; bytes: Uint8Array; filename: string | undefined }) & { opts: IngestOptions };

/** Per job: the options (so one pool serves apps configured differently) and who asked (so one app's close cancels only its jobs). */
export interface JobOptions {
  opts?: PoolOptions;
  owner?: object;
}

interface Work { file: string | null; upload: Upload | null; opts: PoolOptions; owner: object | null }
interface Running extends Work { resolve: (a: Analysis) => void; worker: Worker; timer: NodeJS.Timeout | null; pdfTimer: NodeJS.Timeout | null }

/** What a worker reading PDFs itself says around pdf.js. */
type PdfPhase = { id: number; pdf: 'started'; timeoutMs: number } | { id: number; pdf: 'ended' };

/**
 * Under tsx (scripts, tests) a worker registers tsx's loader and loads the TypeScript worker; the
 * bundle `npm start` runs has its worker bundled beside it as plain JavaScript.
 */
const workerUrl = RUNNING_FROM_BUNDLE ? urlFromRoot('dist', 'analyse-worker.mjs') : urlFromRoot('server', 'ingest', 'analyse-worker.mjs');

const SHUTTING_DOWN: Analysis = { ok: false, expected: true, code: 'shutting_down', message: 'Servern stängs; försök igen om en stund.' };

export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<(w: Worker | null) => void> = [];
  private readonly running = new Map<number, Running>();
  private nextId = 1;
  private spawned = 0;
  private closing = false;
  private readonly cancelled = new WeakSet<object>();
  /** Workers that have loaded and said so. */
  private readonly ready = new WeakSet<Worker>();
  /** PDFs each worker has read on its own thread (`pdfInThread`). */
  private readonly pdfsRead = new WeakMap<Worker, number>();
  /** Workers past their PDF budget, each serving until its successor (the value) has loaded. */
  private readonly retiring = new Map<Worker, Worker>();
  /** Set when workers cannot run at all (they fail before answering once): analysis continues on this thread. */
  private inThread: boolean;

  /** The worker's entry point: `worker-bundle.ts`'s bundle when the caller built one, else the default above. */
  private readonly entry: WorkerEntry | null;

  constructor(readonly size: number, private readonly opts: PoolOptions, { lazy = false, worker = null }: { lazy?: boolean; worker?: WorkerEntry | null } = {}) {
    this.entry = worker;
    this.inThread = size === 0;
    if (!lazy) for (let i = 0; i < size; i++) this.spawn();
  }

  /** Worker threads alive now, and started so far (for tests). */
  get threads(): { alive: number; started: number } {
    return { alive: this.workers.length, started: this.spawned };
  }

  /** Jobs being analysed now (for tests and shutdown). */
  get busy(): number {
    return this.running.size;
  }

  /** A successor is kept out of the idle list until it has loaded, so its predecessor serves meanwhile. */
  private spawn(successorOf: Worker | null = null): Worker {
    // Workers never keep a process alive on their own: the server and the import close the pool.
    const worker = new Worker(this.entry?.url ?? workerUrl, {
      ...(this.entry ? { execArgv: this.entry.execArgv } : {}),
      workerData: this.opts,
      // A file whose analysis needs more heap than this is refused, not allowed to take the server's memory.
      resourceLimits: {
        ...(this.opts.workerHeapMb ? { maxOldGenerationSizeMb: this.opts.workerHeapMb } : {}),
        ...(this.opts.workerYoungMb ? { maxYoungGenerationSizeMb: this.opts.workerYoungMb } : {}),
      },
    });
    worker.unref();
    this.spawned++;
    // Whether the worker loaded at all: one that fails before saying so means workers cannot run here.
    let ready = false;
    worker.on('message', (msg: ({ id: number } & Analysis) | { ready: true } | PdfPhase) => {
      if ('ready' in msg) {
        ready = true;
        this.ready.add(worker);
        // The deadline is for reading the file, not for loading the worker: it starts now.
        for (const [id, job] of this.running) if (job.worker === worker && !job.timer) this.startDeadline(id, job);
        if (successorOf) {
          this.release(worker);
          this.retire(successorOf);
        }
        return;
      }
      if ('pdf' in msg) {
        this.pdfPhase(worker, msg);
        return;
      }
      const job = this.running.get(msg.id);
      if (!job) return;
      this.finish(msg.id, job);
      if (msg.ok) msg.doc.bytes = Buffer.from(msg.doc.bytes.buffer, msg.doc.bytes.byteOffset, msg.doc.bytes.byteLength);
      job.resolve(msg);
      this.release(worker);
    });
    worker.on('error', (err) => {
      if (!ready) this.inThread = true;
      this.forget(worker);
      for (const [id, job] of this.running) {
        if (job.worker !== worker) continue;
        this.finish(id, job);
        // A crash in a worker is the file's failure only when workers otherwise run; else retry here.
        if (this.inThread) void this.inThreadAnalysis(job).then(job.resolve);
        else if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
          job.resolve({ ok: false, expected: true, code: 'analysis_out_of_memory', message: 'Filen kräver för mycket minne för att läsas och avbröts. Dela upp den i mindre filer eller spara den i ett enklare format och försök igen.' });
        } else job.resolve({ ok: false, expected: false, message: `Analysen kraschade: ${err.message}` });
      }
      if (this.inThread) for (const w of this.waiting.splice(0)) w(null);
    });
    worker.on('exit', () => {
      // An exit without 'error' (out of memory, terminate): answer what it held, keep the pool at size.
      const held = [...this.running].filter(([, job]) => job.worker === worker);
      this.forget(worker);
      for (const [id, job] of held) {
        this.finish(id, job);
        job.resolve(this.closing ? SHUTTING_DOWN : { ok: false, expected: false, message: 'Analysen avbröts oväntat.' });
      }
    });
    this.workers.push(worker);
    if (!successorOf) this.release(worker);
    return worker;
  }

  /** pdf.js started or ended on a worker: the PDF limit runs in between, as in the PDF pool. */
  private pdfPhase(worker: Worker, msg: PdfPhase): void {
    const job = this.running.get(msg.id);
    if (!job || job.worker !== worker) return;
    if (msg.pdf === 'ended') {
      if (job.pdfTimer) clearTimeout(job.pdfTimer);
      job.pdfTimer = null;
      const read = (this.pdfsRead.get(worker) ?? 0) + 1;
      this.pdfsRead.set(worker, read);
      // pdf.js's memory is bounded the way the PDF pool bounds it: a fresh thread after RECYCLE_AFTER files.
      if (read === (this.opts.pdfRecycleAfter ?? RECYCLE_AFTER) && !this.closing) this.retiring.set(worker, this.spawn(worker));
      return;
    }
    const timeoutMs = msg.timeoutMs;
    job.pdfTimer = setTimeout(() => {
      if (this.running.get(msg.id) !== job) return;
      this.finish(msg.id, job);
      job.resolve({ ok: false, expected: true, code: 'extraction_timeout', message: pdfTimeoutMessage(timeoutMs) });
      void worker.terminate();
    }, timeoutMs);
    job.pdfTimer.unref();
  }

  /** A worker past its PDF budget leaves once its successor serves: now if idle, else after its job. */
  private retire(worker: Worker): void {
    if (!this.retiring.has(worker) || [...this.running.values()].some((j) => j.worker === worker)) return;
    this.retiring.delete(worker);
    this.forget(worker);
    void worker.terminate();
  }

  private forget(worker: Worker): void {
    const i = this.workers.indexOf(worker);
    if (i < 0) return;
    this.workers.splice(i, 1);
    const idle = this.idle.indexOf(worker);
    if (idle >= 0) this.idle.splice(idle, 1);
    if (!this.closing && !this.inThread && this.workers.length < this.size && (this.waiting.length > 0 || this.running.size > 0)) this.spawn();
  }

  private finish(id: number, job: Running): void {
    this.running.delete(id);
    if (job.timer) clearTimeout(job.timer);
    if (job.pdfTimer) clearTimeout(job.pdfTimer);
  }

  /** Starts the workers now, so the first upload does not wait for them to load. */
  warm(): void {
    if (this.inThread || this.closing) return;
    while (this.workers.length < this.size) this.spawn();
  }

  /** Analyses a file on disk (the bulk import). */
  analyse(file: string, job: JobOptions = {}): Promise<Analysis> {
    return this.run({ file, upload: null, opts: job.opts ?? this.opts, owner: job.owner ?? null });
  }

  /** Analyses uploaded bytes (the server). */
  analyseUpload(upload: Upload, job: JobOptions = {}): Promise<Analysis> {
    return this.run({ file: null, upload, opts: job.opts ?? this.opts, owner: job.owner ?? null });
  }

  /** Analyses uploaded bytes, throwing the file's IngestError as the pipeline on this thread would. */
  async analyseUploadOrThrow(upload: Upload, job: JobOptions = {}): Promise<NewDocument> {
    const result = await this.analyseUpload(upload, job);
    if (result.ok) return result.doc;
    if (result.code) throw new IngestError(result.code, result.message);
    throw new Error(result.message);
  }

  private async run(work: Work): Promise<Analysis> {
    if (this.closing || this.cancelled.has(work.owner ?? this)) return SHUTTING_DOWN;
    if (this.inThread) return this.inThreadAnalysis(work);
    if (this.idle.length === 0 && this.workers.length < this.size) this.spawn();
    const worker = this.idle.pop() ?? await new Promise<Worker | null>((resolve) => this.waiting.push(resolve));
    if (this.closing || this.cancelled.has(work.owner ?? this)) {
      if (worker) this.release(worker);
      return SHUTTING_DOWN;
    }
    if (!worker) return this.inThreadAnalysis(work);
    const id = this.nextId++;
    return new Promise((resolve) => {
      const job: Running = { ...work, resolve, worker, timer: null, pdfTimer: null };
      this.running.set(id, job);
      if (this.ready.has(worker)) this.startDeadline(id, job);
      const opts: IngestOptions = { maxUploadBytes: work.opts.maxUploadBytes, pdfTimeoutMs: work.opts.pdfTimeoutMs };
      if (work.upload) {
        // The bytes travel to the worker and back without a copy when they own their memory (a
        // multipart file does: Buffer.concat allocates it); the caller must not use them meanwhile.
        const b = work.upload.bytes;
        const owned = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer && b.byteLength > 4096;
        const bytes = owned ? new Uint8Array(b.buffer) : new Uint8Array(b);
        const message: Job = { id, bytes, filename: work.upload.filename, opts };
        worker.postMessage(message, [bytes.buffer as ArrayBuffer]);
      } else {
        worker.postMessage({ id, file: work.file!, opts } satisfies Job);
      }
    });
  }

  /**
   * Stops what `owner` has in flight (its workers are terminated and replaced on demand) and refuses
   * its later jobs: an app closing answers its uploads at once, while the pool serves other apps.
   */
  async cancel(owner: object): Promise<void> {
    this.cancelled.add(owner);
    const stopping: Array<Promise<number>> = [];
    for (const [id, job] of [...this.running]) {
      if (job.owner !== owner) continue;
      this.finish(id, job);
      job.resolve(SHUTTING_DOWN);
      stopping.push(job.worker.terminate());
    }
    await Promise.all(stopping);
  }

  private startDeadline(id: number, job: Running): void {
    const timeoutMs = job.opts.analysisTimeoutMs ?? 0;
    if (timeoutMs <= 0) return;
    job.timer = setTimeout(() => this.expire(id, timeoutMs), timeoutMs);
    job.timer.unref();
  }

  /** The deadline passed: the worker is stopped wherever it is, and replaced. */
  private expire(id: number, timeoutMs: number): void {
    const job = this.running.get(id);
    if (!job) return;
    this.finish(id, job);
    const seconds = Math.max(1, Math.round(timeoutMs / 1000));
    job.resolve({
      ok: false, expected: true, code: 'analysis_timeout',
      message: `Det tog för lång tid att läsa filen (över ${seconds} s), så läsningen avbröts. Filen kan vara skadad eller ovanligt stor; dela upp den eller spara den i ett annat format och försök igen.`,
    });
    void job.worker.terminate();
  }

  private async inThreadAnalysis(work: Work): Promise<Analysis> {
    try {
      const upload = work.upload ?? { bytes: fs.readFileSync(work.file!), filename: path.basename(work.file!) };
      return { ok: true, doc: await analyseFile(upload, work.opts) };
    } catch (err) {
      const expected = err instanceof IngestError;
      return { ok: false, expected, message: (err as Error).message, ...(expected ? { code: err.code } : {}) };
    }
  }

  private release(worker: Worker): void {
    if (!this.workers.includes(worker)) return;
    // Its successor has loaded: it takes no more jobs.
    const successor = this.retiring.get(worker);
    if (successor && this.ready.has(successor)) {
      this.retire(worker);
      return;
    }
    const next = this.waiting.shift();
    if (next) next(worker); else this.idle.push(worker);
  }

  /** Stops every worker at once: jobs in flight answer that the server is closing. */
  async close(): Promise<void> {
    this.closing = true;
    for (const w of this.waiting.splice(0)) w(null);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * One pool per process for the server's uploads, shared by every app built in it (tests build
 * many): workers load once, and each app cancels only its own jobs when it closes.
 */
const shared = new Map<string, AnalysisPool>();

export function sharedAnalysisPool(size: number, opts: PoolOptions): AnalysisPool {
  const key = `${size}/${opts.workerHeapMb ?? 0}`;
  let pool = shared.get(key);
  if (!pool) {
    pool = new AnalysisPool(size, opts, { lazy: true });
    shared.set(key, pool);
  }
  return pool;
}

/** Stops every shared pool's workers (the server's last step on SIGTERM). */
export async function closeSharedAnalysisPools(): Promise<void> {
  const pools = [...shared.values()];
  shared.clear();
  await Promise.all(pools.map((p) => p.close()));
}
