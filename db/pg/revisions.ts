/**
 * Revisions on PostgreSQL (db/revisions.ts calls these for a PostgreSQL handle). A revision's number
 * is the document's next one: taken under a transaction-scoped advisory lock per document, so two
 * processes adding a revision to one document at once number them one after the other instead of
 * both reading the same maximum (the unique index on (document_id, number) would refuse the second).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { revisions } from './schema.js';
import { pgTransaction } from './client.js';
import type { PgDb } from '../engine.js';
import { toRevision, type Author, type Revision, type RevisionAction } from '../revisions.js';
import type { FieldChange } from '../../server/domain/metadata-diff.js';
import type { ExtractedMetadata } from '../../server/ingest/types.js';
import { lockKey } from '../locks.js';

export async function addRevision(db: PgDb, r: { documentId: number; action: RevisionAction; author: Author; changes: FieldChange[]; snapshot: ExtractedMetadata; note?: string | null }): Promise<number> {
  // On a transaction's handle a savepoint: the lock is held until the caller's transaction ends.
  return pgTransaction(db, async (tx) => {
    await lockKey(tx, `revision:${r.documentId}`);
    // READ COMMITTED: this statement, after the lock, sees the revision its previous holder committed.
    const [row] = await tx.insert(revisions).values({
      documentId: r.documentId,
      number: sql`(SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE document_id = ${r.documentId})`,
      action: r.action, userId: r.author.userId, author: r.author.label,
      changesJson: JSON.stringify(r.changes), snapshotJson: JSON.stringify(r.snapshot), note: r.note ?? null,
    }).returning({ number: revisions.number });
    return row!.number;
  });
}

export async function listRevisions(db: PgDb, documentId: number): Promise<Revision[]> {
  const rows = await db.select().from(revisions).where(eq(revisions.documentId, documentId)).orderBy(asc(revisions.number));
  return rows.map(toRevision);
}

export async function getRevision(db: PgDb, documentId: number, number: number): Promise<Revision | undefined> {
  const [row] = await db.select().from(revisions).where(and(eq(revisions.documentId, documentId), eq(revisions.number, number))).limit(1);
  return row && toRevision(row);
}
