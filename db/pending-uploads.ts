/**
 * Uploads waiting for review. A file is analysed at upload and kept here, bytes and all, until its
 * uploader saves it (then it becomes a document in the same transaction) or discards it.
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { transaction, type Db } from './client.js';
import { pendingUploads } from './schema.js';
import type { NewDocument } from '../server/ingest/types.js';
import { preparedFromJson, preparedToJson } from '../server/ingest/stages/prepare-index.js';
import { isPg } from './engine.js';
import * as pg from './pg/pending-uploads.js';

export type PendingStatus = 'review' | 'failed' | 'duplicate' | 'saved';

export interface PendingItem {
  id: number;
  batch: string;
  position: number;
  status: PendingStatus;
  filename: string;
  message: string | null;
  documentId: number | null;
  createdAt: string;
}

/** A batch's outcome per file, as the upload route learned it. */
export type BatchEntry =
  | { status: 'review'; doc: NewDocument }
  | { status: 'failed'; filename: string; message: string }
  | { status: 'duplicate'; filename: string; documentId: number };

/** Stores a batch in one transaction; returns the rows in order. */
export async function addBatch(db: Db, userId: number, batch: string, entries: BatchEntry[]): Promise<PendingItem[]> {
  if (isPg(db)) return pg.addBatch(db, userId, batch, entries);
  return await transaction(db, (tx) => entries.map((e, position) => {
    const row = tx.insert(pendingUploads).values({ userId, batch, position, ...entryValues(e) }).returning().get();
    return toItem(row);
  }));
}

/** The row's columns for one entry of a batch (the analysis as JSON, the bytes apart). */
export function entryValues(e: BatchEntry) {
  return e.status === 'review'
    ? { status: e.status, filename: e.doc.filename, analysisJson: JSON.stringify({ ...e.doc, bytes: undefined, prepared: e.doc.prepared ? preparedToJson(e.doc.prepared) : undefined }), bytes: Buffer.from(e.doc.bytes) }
    : e.status === 'failed'
      ? { status: e.status, filename: e.filename, message: e.message }
      : { status: e.status, filename: e.filename, documentId: e.documentId };
}

/** A pending row as the pages show it (either engine's row: the same columns). */
type Row = Pick<typeof pendingUploads.$inferSelect, 'id' | 'batch' | 'position' | 'status' | 'filename' | 'message' | 'documentId' | 'createdAt'>;
export const toItem = (r: Row): PendingItem => ({
  id: r.id, batch: r.batch, position: r.position, status: r.status as PendingStatus, filename: r.filename,
  message: r.message, documentId: r.documentId, createdAt: r.createdAt,
});

/** One of the user's pending files with its analysis; undefined when not theirs or not awaiting review. */
export async function getPendingForReview(db: Db, userId: number, id: number): Promise<(PendingItem & { doc: NewDocument }) | undefined> {
  const row = isPg(db) ? await pg.pendingRow(db, userId, id) : db.select().from(pendingUploads)
    .where(and(eq(pendingUploads.id, id), eq(pendingUploads.userId, userId), eq(pendingUploads.status, 'review'))).get();
  if (!row?.analysisJson || !row.bytes) return undefined;
  const parsed = JSON.parse(row.analysisJson) as Omit<NewDocument, 'bytes' | 'prepared'> & { prepared?: unknown };
  const doc = { ...parsed, bytes: row.bytes, prepared: preparedFromJson(parsed.prepared) } as NewDocument;
  return { ...toItem(row), doc };
}

export async function batchItems(db: Db, userId: number, batch: string): Promise<PendingItem[]> {
  if (isPg(db)) return pg.batchItems(db, userId, batch);
  return db.select().from(pendingUploads).where(and(eq(pendingUploads.userId, userId), eq(pendingUploads.batch, batch)))
    .orderBy(asc(pendingUploads.position)).all().map(toItem);
}

/** The next file of the batch still awaiting review after `position`, else the first one left. */
export async function nextInBatch(db: Db, userId: number, batch: string, position: number): Promise<PendingItem | undefined> {
  if (isPg(db)) return pg.nextInBatch(db, userId, batch, position);
  const where = (after: boolean) => and(eq(pendingUploads.userId, userId), eq(pendingUploads.batch, batch), eq(pendingUploads.status, 'review'),
    after ? gt(pendingUploads.position, position) : sql`1`);
  const row = db.select().from(pendingUploads).where(where(true)).orderBy(asc(pendingUploads.position)).get()
    ?? db.select().from(pendingUploads).where(where(false)).orderBy(asc(pendingUploads.position)).get();
  return row && toItem(row);
}

/** Every file of this user still awaiting review, oldest first. */
export async function awaitingReview(db: Db, userId: number): Promise<PendingItem[]> {
  if (isPg(db)) return pg.awaitingReview(db, userId);
  return db.select().from(pendingUploads).where(and(eq(pendingUploads.userId, userId), eq(pendingUploads.status, 'review')))
    .orderBy(asc(pendingUploads.id)).all().map(toItem);
}

/** Marks a reviewed upload saved (or found to duplicate a stored document) and drops its copy of the analysis and bytes. */
export async function markPendingSaved(db: Db, id: number, status: 'saved' | 'duplicate', documentId: number): Promise<void> {
  if (isPg(db)) return pg.markPendingSaved(db, id, status, documentId);
  db.update(pendingUploads).set({ status, documentId, analysisJson: null, bytes: null }).where(eq(pendingUploads.id, id)).run();
}

/** Forgets a file the user chose not to save. */
export async function discardPending(db: Db, userId: number, id: number): Promise<boolean> {
  if (isPg(db)) return pg.discardPending(db, userId, id);
  return transaction(db, async (db) => {
    return db.delete(pendingUploads).where(and(eq(pendingUploads.id, id), eq(pendingUploads.userId, userId), eq(pendingUploads.status, 'review'))).run().changes > 0;
  });
}

/** Drops reviews abandoned for longer than `maxAgeMs` (their bytes are the bulk), and finished batches' rows. */
export async function pruneStaleUploads(db: Db, maxAgeMs: number): Promise<number> {
  if (isPg(db)) return pg.pruneStaleUploads(db, maxAgeMs);
  return transaction(db, async (db) => {
    const cutoff = new Date(Date.now() - maxAgeMs).toISOString();
    return db.delete(pendingUploads).where(sql`${pendingUploads.createdAt} < ${cutoff}`).run().changes;
  });
}
