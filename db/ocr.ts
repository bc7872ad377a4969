/** OCR job queue in the database (PostgreSQL: db/pg/ocr.ts): survives restarts, and a job's state is read by the document page. */
import { sql } from 'drizzle-orm';
import { transaction, type Db } from './client.js';
import { isPg } from './engine.js';
import * as pg from './pg/ocr.js';

export type OcrStatus = 'queued' | 'running' | 'done' | 'failed' | 'unavailable';

export interface OcrJob {
  documentId: number;
  status: OcrStatus;
  pagesTotal: number | null;
  pagesDone: number;
  message: string | null;
  attempts: number;
}

const NOW = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export async function enqueueOcr(db: Db, documentId: number): Promise<void> {
  if (isPg(db)) return pg.enqueueOcr(db, documentId);
  db.run(sql`INSERT INTO ocr_jobs (document_id, status) VALUES (${documentId}, 'queued')
    ON CONFLICT(document_id) DO UPDATE SET status = 'queued', message = NULL, pages_done = 0, updated_at = ${NOW}`);
}

export async function ocrJobOf(db: Db, documentId: number): Promise<OcrJob | undefined> {
  if (isPg(db)) return pg.ocrJobOf(db, documentId);
  return db.get<OcrJob | undefined>(sql`SELECT document_id AS documentId, status, pages_total AS pagesTotal, pages_done AS pagesDone, message, attempts
    FROM ocr_jobs WHERE document_id = ${documentId}`);
}

/**
 * How long a running job may go untouched before it counts as abandoned: its runner touches it at
 * least every OCR_HEARTBEAT_MS (server/ocr/runner.ts), so only a job whose process ended is older.
 */
export const OCR_LEASE_MS = 120_000;
export const OCR_HEARTBEAT_MS = 20_000;

/** Running jobs untouched for `staleMs` go back to the queue: their process ended (another process's sweep finds them). */
export async function requeueAbandoned(db: Db, staleMs: number): Promise<number> {
  if (isPg(db)) return pg.requeueAbandoned(db, staleMs);
  const before = `-${Math.round(staleMs / 1000)} seconds`;
  return transaction(db, async (db) => {
    return db.run(sql`UPDATE ocr_jobs SET status = 'queued', pages_done = 0, updated_at = ${NOW}
      WHERE status = 'running' AND updated_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${before})`).changes;
  });
}

/** The runner's heartbeat: its jobs are alive. Writes only when there are any. */
export async function touchOcrJobs(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  if (isPg(db)) return pg.touchOcrJobs(db, ids);
  return transaction(db, async (db) => {
    db.run(sql`UPDATE ocr_jobs SET updated_at = ${NOW} WHERE status = 'running' AND document_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
  });
}

/**
 * Jobs a crash or restart left running go back to the queue (their pages are redone). On SQLite the
 * server is the one process running jobs, so every running job was interrupted; on PostgreSQL other
 * processes may be reading theirs, so only those untouched past the lease are (requeueAbandoned).
 */
export async function requeueInterrupted(db: Db): Promise<number> {
  if (isPg(db)) return pg.requeueInterrupted(db);
  return transaction(db, async (db) => {
    return db.run(sql`UPDATE ocr_jobs SET status = 'queued', pages_done = 0, updated_at = ${NOW} WHERE status = 'running'`).changes;
  });
}

/** Jobs waiting because Tesseract was missing are retried when it is found. */
export async function requeueUnavailable(db: Db): Promise<number> {
  if (isPg(db)) return pg.requeueUnavailable(db);
  return transaction(db, async (db) => {
    return db.run(sql`UPDATE ocr_jobs SET status = 'queued', message = NULL, updated_at = ${NOW} WHERE status = 'unavailable'`).changes;
  });
}

/** Claims the oldest queued job of a live document, atomically. */
export async function claimOcrJob(db: Db): Promise<number | undefined> {
  if (isPg(db)) return pg.claimOcrJob(db);
  return await transaction(db, async (tx) => {
    const row = tx.get<{ id: number } | undefined>(sql`SELECT j.document_id AS id FROM ocr_jobs j JOIN documents d ON d.id = j.document_id
      WHERE j.status = 'queued' AND d.withdrawn_at IS NULL ORDER BY j.created_at, j.document_id LIMIT 1`);
    if (!row) return undefined;
    tx.run(sql`UPDATE ocr_jobs SET status = 'running', attempts = attempts + 1, updated_at = ${NOW} WHERE document_id = ${row.id}`);
    return row.id;
  });
}

export async function ocrProgress(db: Db, documentId: number, pagesDone: number, pagesTotal: number): Promise<void> {
  if (isPg(db)) return pg.ocrProgress(db, documentId, pagesDone, pagesTotal);
  return transaction(db, async (db) => {
    db.run(sql`UPDATE ocr_jobs SET pages_done = ${pagesDone}, pages_total = ${pagesTotal}, updated_at = ${NOW} WHERE document_id = ${documentId}`);
  });
}

export async function finishOcrJob(db: Db, documentId: number, status: 'done' | 'failed' | 'unavailable', message: string | null): Promise<void> {
  if (isPg(db)) return pg.finishOcrJob(db, documentId, status, message);
  return transaction(db, async (db) => {
    db.run(sql`UPDATE ocr_jobs SET status = ${status}, message = ${message}, updated_at = ${NOW} WHERE document_id = ${documentId}`);
  });
}

/** Every queued job, for marking them unavailable at once. */
export async function markQueuedUnavailable(db: Db, message: string): Promise<number> {
  if (isPg(db)) return pg.markQueuedUnavailable(db, message);
  return transaction(db, async (db) => {
    return db.run(sql`UPDATE ocr_jobs SET status = 'unavailable', message = ${message}, updated_at = ${NOW} WHERE status = 'queued'`).changes;
  });
}
