/** Uploads waiting for review on PostgreSQL (db/pending-uploads.ts calls these for a PostgreSQL handle). */
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import { pendingUploads } from './schema.js';
import { pgTransaction } from './client.js';
import type { PgDb } from '../engine.js';
import { entryValues, toItem, type BatchEntry, type PendingItem } from '../pending-uploads.js';

export async function addBatch(db: PgDb, userId: number, batch: string, entries: BatchEntry[]): Promise<PendingItem[]> {
  return pgTransaction(db, async (tx) => {
    const out: PendingItem[] = [];
    for (const [position, e] of entries.entries()) {
      const [row] = await tx.insert(pendingUploads).values({ userId, batch, position, ...entryValues(e) }).returning();
      out.push(toItem(row!));
    }
    return out;
  });
}

export async function pendingRow(db: PgDb, userId: number, id: number): Promise<typeof pendingUploads.$inferSelect | undefined> {
  const [row] = await db.select().from(pendingUploads)
    .where(and(eq(pendingUploads.id, id), eq(pendingUploads.userId, userId), eq(pendingUploads.status, 'review'))).limit(1);
  return row;
}

/** The listing columns only: a batch's rows hold every file's bytes. */
const listed = {
  id: pendingUploads.id, batch: pendingUploads.batch, position: pendingUploads.position, status: pendingUploads.status,
  filename: pendingUploads.filename, message: pendingUploads.message, documentId: pendingUploads.documentId, createdAt: pendingUploads.createdAt,
};

export async function batchItems(db: PgDb, userId: number, batch: string): Promise<PendingItem[]> {
  const rows = await db.select(listed).from(pendingUploads).where(and(eq(pendingUploads.userId, userId), eq(pendingUploads.batch, batch)))
    .orderBy(asc(pendingUploads.position));
  return rows.map(toItem);
}

export async function nextInBatch(db: PgDb, userId: number, batch: string, position: number): Promise<PendingItem | undefined> {
  const where = (after: boolean) => and(eq(pendingUploads.userId, userId), eq(pendingUploads.batch, batch), eq(pendingUploads.status, 'review'),
    after ? gt(pendingUploads.position, position) : sql`true`);
  const first = async (after: boolean) => (await db.select(listed).from(pendingUploads).where(where(after)).orderBy(asc(pendingUploads.position)).limit(1))[0];
  const row = (await first(true)) ?? (await first(false));
  return row && toItem(row);
}

export async function awaitingReview(db: PgDb, userId: number): Promise<PendingItem[]> {
  const rows = await db.select(listed).from(pendingUploads).where(and(eq(pendingUploads.userId, userId), eq(pendingUploads.status, 'review')))
    .orderBy(asc(pendingUploads.id));
  return rows.map(toItem);
}

export async function markPendingSaved(db: PgDb, id: number, status: 'saved' | 'duplicate', documentId: number): Promise<void> {
  await db.update(pendingUploads).set({ status, documentId, analysisJson: null, bytes: null }).where(eq(pendingUploads.id, id));
}

export async function discardPending(db: PgDb, userId: number, id: number): Promise<boolean> {
  const rows = await db.delete(pendingUploads).where(and(eq(pendingUploads.id, id), eq(pendingUploads.userId, userId), eq(pendingUploads.status, 'review')))
    .returning({ id: pendingUploads.id });
  return rows.length > 0;
}

export async function pruneStaleUploads(db: PgDb, maxAgeMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - maxAgeMs).toISOString();
  const rows = await db.delete(pendingUploads).where(lt(pendingUploads.createdAt, cutoff)).returning({ id: pendingUploads.id });
  return rows.length;
}
