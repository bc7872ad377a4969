/**
 * The OCR job queue on PostgreSQL (db/ocr.ts calls these for a PostgreSQL handle). Several server
 * processes take jobs from one queue: a claim locks the job's row and skips rows other claims hold
 * (FOR UPDATE SKIP LOCKED), so each job is taken by exactly one of them.
 */
import { sql } from 'drizzle-orm';
import { NOW_ISO } from './schema.js';
import { OCR_LEASE_MS } from '../ocr.js';
import type { PgDb } from '../engine.js';
import type { OcrJob } from '../ocr.js';

const count = async (db: PgDb, q: ReturnType<typeof sql>) => (await db.execute(q)).rowCount ?? 0;

export async function enqueueOcr(db: PgDb, documentId: number): Promise<void> {
  await db.execute(sql`INSERT INTO ocr_jobs (document_id, status) VALUES (${documentId}, 'queued')
    ON CONFLICT (document_id) DO UPDATE SET status = 'queued', message = NULL, pages_done = 0, updated_at = ${NOW_ISO}`);
}

export async function ocrJobOf(db: PgDb, documentId: number): Promise<OcrJob | undefined> {
  const r = await db.execute(sql`SELECT document_id AS "documentId", status, pages_total AS "pagesTotal", pages_done AS "pagesDone", message, attempts
    FROM ocr_jobs WHERE document_id = ${documentId}`);
  return r.rows[0] as OcrJob | undefined;
}

/** Other processes may be running jobs: only those untouched past the lease were interrupted (db/ocr.ts). */
export const requeueInterrupted = (db: PgDb) => requeueAbandoned(db, OCR_LEASE_MS);
export const requeueAbandoned = (db: PgDb, staleMs: number) => count(db, sql`UPDATE ocr_jobs SET status = 'queued', pages_done = 0, updated_at = ${NOW_ISO}
  WHERE status = 'running' AND updated_at < to_char((statement_timestamp() - make_interval(secs => ${staleMs / 1000})) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
export async function touchOcrJobs(db: PgDb, ids: number[]): Promise<void> {
  await db.execute(sql`UPDATE ocr_jobs SET updated_at = ${NOW_ISO} WHERE status = 'running' AND document_id = ANY(${`{${ids.join(',')}}`}::int[])`);
}
export const requeueUnavailable = (db: PgDb) => count(db, sql`UPDATE ocr_jobs SET status = 'queued', message = NULL, updated_at = ${NOW_ISO} WHERE status = 'unavailable'`);

/** The oldest queued job of a live document, taken in one statement; a job another process is taking is skipped, not waited for. */
export async function claimOcrJob(db: PgDb): Promise<number | undefined> {
  const r = await db.execute(sql`UPDATE ocr_jobs SET status = 'running', attempts = attempts + 1, updated_at = ${NOW_ISO}
    WHERE document_id = (
      SELECT j.document_id FROM ocr_jobs j JOIN documents d ON d.id = j.document_id
      WHERE j.status = 'queued' AND d.withdrawn_at IS NULL ORDER BY j.created_at, j.document_id LIMIT 1
      FOR UPDATE OF j SKIP LOCKED)
    RETURNING document_id AS id`);
  return (r.rows[0] as { id: number } | undefined)?.id;
}

export async function ocrProgress(db: PgDb, documentId: number, pagesDone: number, pagesTotal: number): Promise<void> {
  await db.execute(sql`UPDATE ocr_jobs SET pages_done = ${pagesDone}, pages_total = ${pagesTotal}, updated_at = ${NOW_ISO} WHERE document_id = ${documentId}`);
}

export async function finishOcrJob(db: PgDb, documentId: number, status: 'done' | 'failed' | 'unavailable', message: string | null): Promise<void> {
  await db.execute(sql`UPDATE ocr_jobs SET status = ${status}, message = ${message}, updated_at = ${NOW_ISO} WHERE document_id = ${documentId}`);
}

export const markQueuedUnavailable = (db: PgDb, message: string) => count(db, sql`UPDATE ocr_jobs SET status = 'unavailable', message = ${message}, updated_at = ${NOW_ISO} WHERE status = 'queued'`);
