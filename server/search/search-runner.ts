/**
 * Where searches run. better-sqlite3 cannot interrupt a statement, and FTS5 does its heaviest work
 * (merging a prefix's doclists, bm25's document frequencies) before the first row, where no check
 * inside the statement can stop it; so searches run in worker threads (search-worker.ts), each over
 * its own read-only connection, and the event loop stays free for every other request. A search
 * still running at its deadline is answered with SearchTimeoutError and its worker replaced (the old
 * thread ends when its statement returns; the budget in budget.ts bounds how long that can be).
 * Every search goes to a worker, light ones too: the round trip costs about a quarter of a
 * millisecond (up to one on a loaded machine), while deciding here which are light would itself
 * look up their stems' compounds on this thread (up to 20 ms a stem). An in-memory database cannot
 * be shared with a thread, and workers start in about a second: then, and with `workers: 0`,
 * searches run on this thread, bounded by the same budget.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/client.js';
import { StatementTimeoutError } from '../../db/engine.js';
import { urlFromRoot } from '../paths.js';
import { QuerySyntaxError, QueryTooBroadError } from './query-parser.js';
import type { SearchOptions, SearchResult } from './search-service.js';
import { Suggester } from './suggest.js';
import { answer, type SearchAnswer, type SearchJob } from './search-jobs.js';

/** A search that did not finish within the deadline. */
export class SearchTimeoutError extends Error {}

/**
 * Bundled (npm start), the worker is dist/search-worker.mjs beside the server; under tsx, a plain
 * entry registers tsx's loader in the thread and loads the TypeScript worker.
 */
const workerUrl = import.meta.url.endsWith('/dist/server.mjs')
  ? new URL('./search-worker.mjs', import.meta.url)
  : urlFromRoot('server', 'search', 'search-worker.mjs');

interface Job {
  job: SearchJob;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

interface Slot { worker: Worker; ready: boolean; running: Job | null }

export interface SearchRunnerOptions {
  databasePath: string;
  workers: number;
  timeoutMs: number;
  log?: (msg: string, data?: object) => void;
}

export class SearchRunner {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Set when a worker fails before it ever answers (it cannot load): searches stay on this thread. */
  private broken = false;
  /** Until a first worker is up, searches run here; after that they wait for a worker, even a replacement. */
  private started = false;
  private readonly readyWaiters: Array<() => void> = [];
  /** Suggestions when searches run on this thread; each worker keeps its own. */
  private readonly suggester: Suggester;

  constructor(private readonly db: Db, private readonly opts: SearchRunnerOptions) {
    this.suggester = new Suggester(db);
    const shareable = opts.databasePath !== ':memory:' && opts.databasePath !== '';
    if (shareable) for (let i = 0; i < opts.workers; i++) this.spawn();
  }

  /** Resolves once every worker can take searches (at once without workers). */
  ready(): Promise<void> {
    if (this.slots.every((s) => s.ready) || this.broken) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /**
   * Runs a search, with "Menade du …?" when nothing matches; rejects with QuerySyntaxError or
   * QueryTooBroadError as `search` throws them, or with SearchTimeoutError.
   */
  async run(q: string, opts: SearchOptions): Promise<SearchResult> {
    const job: SearchJob = { id: this.nextId++, kind: 'search', q, opts };
    return (this.onThisThread() ? await this.here(job) : this.submit(job)) as Promise<SearchResult>;
  }

  /** Completions for what has been typed so far. */
  async suggest(q: string): Promise<Array<{ text: string; type: string }>> {
    const job: SearchJob = { id: this.nextId++, kind: 'suggest', q };
    return (this.onThisThread() ? await this.here(job) : this.submit(job)) as Promise<Array<{ text: string; type: string }>>;
  }

  /** A job on this thread; a read the database stopped at its time limit (PostgreSQL) is a search past its deadline. */
  private async here(job: SearchJob): Promise<unknown> {
    try {
      return await answer(this.db, this.suggester, job);
    } catch (err) {
      if (err instanceof StatementTimeoutError) throw new SearchTimeoutError(this.timeoutMessage());
      throw err;
    }
  }

  private timeoutMessage(): string {
    return `Sökningen tog för lång tid och avbröts efter ${(this.opts.timeoutMs / 1000).toLocaleString('sv')} s. Använd färre ord eller längre prefix, eller försök igen om en stund.`;
  }

  private onThisThread(): boolean {
    return this.closed || this.broken || !this.started;
  }

  private submit(payload: SearchJob): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const job: Job = { job: payload, resolve, reject, timer: setTimeout(() => this.expire(job), this.opts.timeoutMs) };
      this.queue.push(job);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) { clearTimeout(job.timer); job.reject(new SearchTimeoutError('Servern stängs.')); }
    const slots = this.slots.splice(0);
    for (const s of slots) if (s.running) { clearTimeout(s.running.timer); s.running.reject(new SearchTimeoutError('Servern stängs.')); }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(): void {
    const worker = new Worker(workerUrl, { workerData: { databasePath: this.opts.databasePath } });
    const slot: Slot = { worker, ready: false, running: null };
    worker.on('message', (msg: { ready: true } | SearchAnswer) => {
      if ('ready' in msg) {
        slot.ready = true;
        this.started = true;
        if (this.slots.every((s) => s.ready)) for (const w of this.readyWaiters.splice(0)) w();
        this.dispatch();
        return;
      }
      const job = slot.running;
      if (!job || job.job.id !== msg.id) return;
      slot.running = null;
      clearTimeout(job.timer);
      if (msg.ok) job.resolve(msg.result);
      else job.reject(msg.kind === 'broad' ? new QueryTooBroadError(msg.message) : msg.kind === 'syntax' ? new QuerySyntaxError(msg.message) : new Error(msg.message));
      this.dispatch();
    });
    worker.on('error', (err) => {
      this.opts.log?.('search worker failed', { err: err.message });
      this.remove(slot);
      if (slot.running) { clearTimeout(slot.running.timer); slot.running.reject(err); }
      if (!this.started) {
        // It never loaded: a replacement would fail the same way. Queued searches run here instead.
        this.broken = true;
        for (const w of this.readyWaiters.splice(0)) w();
        for (const job of this.queue.splice(0)) void this.runHere(job);
        return;
      }
      if (!this.closed) this.spawn();
    });
    this.slots.push(slot);
  }

  private async runHere(job: Job): Promise<void> {
    clearTimeout(job.timer);
    const j = job.job;
    try { job.resolve(await this.here(j)); } catch (err) { job.reject(err as Error); }
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.running) continue;
      const job = this.queue.shift()!;
      slot.running = job;
      slot.worker.postMessage(job.job);
    }
  }

  /** The deadline passed: answer now; a running search's worker is replaced, since it cannot be stopped mid-statement. */
  private expire(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    const slot = this.slots.find((s) => s.running === job);
    if (slot) {
      this.remove(slot);
      void slot.worker.terminate();
      if (!this.closed) this.spawn();
      this.opts.log?.('search cut off at its deadline', { q: job.job.q.slice(0, 200), ms: this.opts.timeoutMs });
    }
    job.reject(new SearchTimeoutError(this.timeoutMessage()));
  }
}
