/** Revisions repository: a document's history, one numbered row per change with old and new values. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { revisions } from './schema.js';
import type { FieldChange } from '../server/domain/metadata-diff.js';
import type { ExtractedMetadata } from '../server/ingest/types.js';
import { isPg } from './engine.js';
import * as pg from './pg/revisions.js';

/** Who made a change: an account, or a process ("import", "kommandorad"). */
export interface Author {
  userId: number | null;
  label: string;
}

export const SYSTEM_AUTHOR: Author = { userId: null, label: 'import' };

export type RevisionAction = 'created' | 'corrected' | 'withdrawn' | 'restored' | 'extracted' | 'refiled';

export interface Revision {
  number: number;
  action: RevisionAction;
  author: string;
  changes: FieldChange[];
  snapshot: ExtractedMetadata;
  note: string | null;
  createdAt: string;
}

export async function addRevision(db: Db, r: { documentId: number; action: RevisionAction; author: Author; changes: FieldChange[]; snapshot: ExtractedMetadata; note?: string | null }): Promise<number> {
  if (isPg(db)) return pg.addRevision(db, r);
  const number = (db.get<{ n: number }>(sql`SELECT coalesce(max(number), 0) + 1 AS n FROM revisions WHERE document_id = ${r.documentId}`)).n;
  db.insert(revisions).values({
    documentId: r.documentId, number, action: r.action, userId: r.author.userId, author: r.author.label,
    changesJson: JSON.stringify(r.changes), snapshotJson: JSON.stringify(r.snapshot), note: r.note ?? null,
  }).run();
  return number;
}

/** A revision row as the pages read it (either engine's row: the same columns). */
type Row = typeof revisions.$inferSelect;
export const toRevision = (r: Row): Revision => ({
  number: r.number, action: r.action as RevisionAction, author: r.author, note: r.note, createdAt: r.createdAt,
  changes: JSON.parse(r.changesJson) as FieldChange[], snapshot: JSON.parse(r.snapshotJson) as ExtractedMetadata,
});

/** A document's history, oldest first. */
export async function listRevisions(db: Db, documentId: number): Promise<Revision[]> {
  if (isPg(db)) return pg.listRevisions(db, documentId);
  return db.select().from(revisions).where(eq(revisions.documentId, documentId)).orderBy(asc(revisions.number)).all().map(toRevision);
}

export async function getRevision(db: Db, documentId: number, number: number): Promise<Revision | undefined> {
  if (isPg(db)) return pg.getRevision(db, documentId, number);
  const row = db.select().from(revisions).where(and(eq(revisions.documentId, documentId), eq(revisions.number, number))).get();
  return row && toRevision(row);
}
