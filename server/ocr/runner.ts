/**
 * Background OCR: takes queued jobs from `ocr_jobs` one at a time per slot, reads each page with
 * Tesseract, and stores the text with fresh metadata (`applyOcrText`). Uploads never wait for it.
 * At start, jobs a restart interrupted are queued again; without Tesseract, jobs are marked
 * 'unavailable' and the documents stay stored and flagged.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../db/client.js';
import { getOriginalFile } from '../../db/documents.js';
import { applyOcrText } from '../use-cases/documents.js';
import {
  claimOcrJob, finishOcrJob, markQueuedUnavailable, OCR_HEARTBEAT_MS, OCR_LEASE_MS, ocrProgress, requeueAbandoned, requeueInterrupted,
  requeueUnavailable, touchOcrJobs,
} from '../../db/ocr.js';
import { normaliseDocument } from '../ingest/stages/normalise.js';
import { EXTRACTOR_VERSION, parseMetadata } from '../ingest/stages/metadata/parse-metadata.js';
import { DEFAULT_TOOLS, ocrPage, ocrUnavailable, pdfPageCount, type OcrTools } from './tesseract.js';

export const OCR_EXTRACTOR_VERSION = `${EXTRACTOR_VERSION}+tesseract-swe`;

export interface OcrRunnerOptions {
  /** Jobs run at once (each page is one Tesseract process on one core). */
  concurrency?: number;
  /** Pages longer than this are not read (a 500-page scan would hold a slot for an hour). */
  maxPages?: number;
  tools?: OcrTools;
  log?: (msg: string, data?: object) => void;
}

export class OcrRunner {
  private running = 0;
  private stopped = false;
  private available: boolean | null = null;
  private idle: Array<() => void> = [];
  private kicking: Promise<void> | null = null;
  private kickAgain = false;
  /** The jobs this runner is reading, touched every OCR_HEARTBEAT_MS so no other process takes them as abandoned. */
  private readonly mine = new Set<number>();
  private sweeper: NodeJS.Timeout | null = null;
  private readonly concurrency: number;
  private readonly maxPages: number;
  private readonly tools: OcrTools;
  private readonly log: (msg: string, data?: object) => void;

  constructor(private readonly db: Db, opts: OcrRunnerOptions = {}) {
    this.concurrency = Math.max(1, opts.concurrency ?? Math.max(1, os.availableParallelism() - 1));
    this.maxPages = opts.maxPages ?? 200;
    this.tools = opts.tools ?? DEFAULT_TOOLS;
    this.log = opts.log ?? (() => {});
  }

  /** Resumes interrupted jobs and starts working through the queue. */
  async start(): Promise<void> {
    const why = await ocrUnavailable(this.tools);
    this.available = why === null;
    if (why) {
      const n = await markQueuedUnavailable(this.db, why);
      if (n) this.log('OCR unavailable', { jobs: n, why });
      return;
    }
    const resumed = await requeueInterrupted(this.db) + await requeueUnavailable(this.db);
    if (resumed) this.log('OCR jobs resumed', { jobs: resumed });
    // Several processes may share the queue (PostgreSQL): jobs queued through another, or left by one
    // that ended, are found here without a kick of their own.
    this.sweeper = setInterval(() => void this.sweep(), OCR_HEARTBEAT_MS);
    this.sweeper.unref();
    await this.kick();
  }

  private async sweep(): Promise<void> {
    try {
      await touchOcrJobs(this.db, [...this.mine]);
      const abandoned = await requeueAbandoned(this.db, OCR_LEASE_MS);
      if (abandoned) this.log('OCR jobs abandoned by an ended process queued again', { jobs: abandoned });
      await this.kick();
    } catch (err) {
      this.log('OCR sweep failed', { err: (err as Error).message });
    }
  }

  /**
   * Called after a scanned document is stored: picks up new work without waiting for a poll. One
   * claiming loop runs at a time (it checks the running count across its awaits, so two at once
   * could take more jobs than slots); a kick meanwhile makes it look once more when it ends.
   */
  kick(): Promise<void> {
    if (this.kicking) {
      this.kickAgain = true;
      return this.kicking;
    }
    this.kicking = (async () => {
      try {
        do {
          this.kickAgain = false;
          await this.claimJobs();
        } while (this.kickAgain && !this.stopped);
      } catch (err) {
        this.log('OCR queue failed', { err: (err as Error).message });
      } finally {
        this.kicking = null;
      }
    })();
    return this.kicking;
  }

  private async claimJobs(): Promise<void> {
    if (this.stopped) return;
    if (this.available === false) {
      await markQueuedUnavailable(this.db, 'Tesseract är inte installerat (tesseract-ocr, tesseract-ocr-swe).');
      return;
    }
    if (this.available === null) return;
    while (this.running < this.concurrency) {
      const id = await claimOcrJob(this.db);
      if (id === undefined) break;
      this.running++;
      this.mine.add(id);
      void this.process(id).finally(() => {
        this.running--;
        this.mine.delete(id);
        if (!this.stopped) void this.kick();
        if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
    if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Resolves when no job is running and none is queued (tests, import script). */
  drain(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops taking jobs; running ones finish (or are requeued at the next start if the process ends). */
  stop(): void {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
  }

  private async process(documentId: number): Promise<void> {
    const file = await getOriginalFile(this.db, documentId);
    if (!file) { await finishOcrJob(this.db, documentId, 'failed', 'Originalfilen finns inte längre.'); return; }
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'standpunkt-ocr-'));
    const started = Date.now();
    try {
      const pdf = path.join(dir, 'original.pdf');
      await fs.writeFile(pdf, file.bytes);
      const pages = await pdfPageCount(pdf, this.tools);
      if (pages > this.maxPages) {
        await finishOcrJob(this.db, documentId, 'failed', `Filen har ${pages} sidor; OCR görs för högst ${this.maxPages}.`);
        return;
      }
      await ocrProgress(this.db, documentId, 0, pages);
      const texts: string[] = [];
      for (let p = 1; p <= pages; p++) {
        if (this.stopped) return;
        texts.push(await ocrPage(pdf, p, dir, this.tools));
        await ocrProgress(this.db, documentId, p, pages);
      }
      const { text, furniture } = normaliseDocument(texts.join('\f'));
      const parsed = parseMetadata(text, furniture);
      if (text.replace(/[^\p{L}]/gu, '').length < 20) {
        await finishOcrJob(this.db, documentId, 'failed', 'OCR hittade ingen läsbar text i filen.');
        return;
      }
      await applyOcrText(this.db, documentId, text, parsed.metadata, OCR_EXTRACTOR_VERSION, parsed.confidence * 0.9, parsed.evidence);
      this.log('OCR done', { documentId, pages, ms: Date.now() - started });
    } catch (err) {
      await finishOcrJob(this.db, documentId, 'failed', `OCR misslyckades: ${(err as Error).message.slice(0, 300)}`);
      this.log('OCR failed', { documentId, err: (err as Error).message });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}
