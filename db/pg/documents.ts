/**
 * The documents repository on PostgreSQL (db/documents.ts calls these for a PostgreSQL handle): a
 * document's rows (the record, its file and bytes as bytea, extractions, corrections, the projections
 * authors, parties and ärende) and the reads of documents. Two processes storing the same bytes at
 * once cannot both succeed: the unique index on files.sha256 refuses the second original file.
 */
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  documents, files, fileContents, extractions, corrections, documentParties, documentAuthors, documentArenden, NOW_ISO,
} from './schema.js';
import { ocrJobOf } from './ocr.js';
import { cached } from '../read-cache.js';
import type { PgDb } from '../engine.js';
import { toStoredDocument, type DocumentAuthorRow, type DocumentFilter, type DocumentSummary, type StoredDocument } from '../documents.js';
import type { ExtractedMetadata } from '../../server/ingest/types.js';
import type { Evidence } from '../../server/ingest/stages/metadata/evidence.js';

/** `column = ANY(ids)` with the ids as one array parameter: a statement's parameter count must not grow with a list. */
function idIn(column: PgColumn, ids: number[]): SQL {
  return sql`${column} = ANY(${sql.param(ids)}::int[])`;
}

const live = isNull(documents.withdrawnAt);

export async function findDocumentIdBySha(db: PgDb, sha256: string): Promise<number | undefined> {
  const [row] = await db.select({ id: files.documentId }).from(files).where(eq(files.sha256, sha256)).limit(1);
  return row?.id;
}

export async function findLiveDocumentIdBySha(db: PgDb, sha256: string): Promise<number | undefined> {
  const [row] = await db.select({ id: files.documentId }).from(files).innerJoin(documents, eq(documents.id, files.documentId))
    .where(and(eq(files.sha256, sha256), live)).limit(1);
  return row?.id;
}

export async function insertDocumentRow(db: PgDb, m: ExtractedMetadata, text: string, textStatus: 'ok' | 'needs_ocr'): Promise<number> {
  const [row] = await db.insert(documents).values({
    kind: m.kind, title: m.title, municipality: m.municipality, body: m.body, date: m.date,
    text, metadataJson: JSON.stringify(m), textStatus,
  }).returning({ id: documents.id });
  return row!.id;
}

/**
 * The file's row and its bytes in one statement (together or not at all, also outside a
 * transaction). Same sha256 as a stored file: the unique index refuses it (23505, files_sha256_idx),
 * after waiting for a concurrent transaction holding that sha256 to end.
 */
export async function insertOriginalFile(db: PgDb, documentId: number, f: { sha256: string; byteSize: number; mediaType: string; filename: string; encoding: string | null; bytes: Uint8Array }): Promise<void> {
  await db.execute(sql`WITH file AS (
      INSERT INTO files (document_id, role, sha256, byte_size, media_type, original_filename, encoding)
      VALUES (${documentId}, 'original', ${f.sha256}, ${f.byteSize}, ${f.mediaType}, ${f.filename}, ${f.encoding})
      RETURNING id)
    INSERT INTO file_contents (file_id, bytes) SELECT id, ${Buffer.from(f.bytes)} FROM file`);
}

export async function originalFileOf(db: PgDb, documentId: number): Promise<{ sha256: string; filename: string; byteSize: number } | undefined> {
  const [row] = await db.select({ sha256: files.sha256, filename: files.originalFilename, byteSize: files.byteSize }).from(files)
    .where(eq(files.documentId, documentId)).orderBy(asc(files.id)).limit(1);
  return row;
}

export async function insertExtraction(db: PgDb, documentId: number, e: { extractorVersion: string; confidence: number; metadata: ExtractedMetadata; evidence?: Evidence }): Promise<void> {
  await db.insert(extractions).values({
    documentId, extractorVersion: e.extractorVersion, confidence: e.confidence, resultJson: JSON.stringify(e.metadata),
    evidenceJson: e.evidence ? JSON.stringify(e.evidence) : null,
  });
}

/** One row per correction, in order: their ids are the order correctionsOf reads them in. */
export async function insertCorrections(db: PgDb, documentId: number, fixes: Array<{ field: string; value: unknown }>, author: string): Promise<void> {
  for (const c of fixes) await db.insert(corrections).values({ documentId, field: c.field, valueJson: JSON.stringify(c.value), author });
}

export async function correctionsOf(db: PgDb, documentId: number): Promise<Array<{ field: string; value: unknown }>> {
  const rows = await db.select({ field: corrections.field, valueJson: corrections.valueJson }).from(corrections)
    .where(eq(corrections.documentId, documentId)).orderBy(asc(corrections.id));
  return rows.map((c) => ({ field: c.field, value: JSON.parse(c.valueJson) as unknown }));
}

export async function extractedMetadata(db: PgDb, documentId: number): Promise<ExtractedMetadata | undefined> {
  const [row] = await db.select({ json: extractions.resultJson }).from(extractions)
    .where(eq(extractions.documentId, documentId)).orderBy(desc(extractions.id)).limit(1);
  return row && (JSON.parse(row.json) as ExtractedMetadata);
}

export async function liveMetadata(db: PgDb, documentId: number): Promise<ExtractedMetadata | undefined> {
  const [row] = await db.select({ json: documents.metadataJson }).from(documents)
    .where(and(eq(documents.id, documentId), live)).limit(1);
  return row && (JSON.parse(row.json) as ExtractedMetadata);
}

export async function documentState(db: PgDb, documentId: number): Promise<{ metadata: ExtractedMetadata; text: string; withdrawnAt: string | null; title: string; kind: string } | undefined> {
  const [row] = await db.select({ json: documents.metadataJson, text: documents.text, withdrawnAt: documents.withdrawnAt, title: documents.title, kind: documents.kind })
    .from(documents).where(eq(documents.id, documentId)).limit(1);
  return row && { metadata: JSON.parse(row.json) as ExtractedMetadata, text: row.text, withdrawnAt: row.withdrawnAt, title: row.title, kind: row.kind };
}

export async function documentText(db: PgDb, documentId: number): Promise<string> {
  const [row] = await db.select({ text: documents.text }).from(documents).where(eq(documents.id, documentId)).limit(1);
  return row?.text ?? '';
}

export async function setDocumentText(db: PgDb, documentId: number, text: string, textStatus?: 'ok' | 'needs_ocr'): Promise<void> {
  await db.update(documents).set(textStatus ? { text, textStatus } : { text }).where(eq(documents.id, documentId));
}

export async function setEffectiveMetadata(db: PgDb, documentId: number, m: ExtractedMetadata): Promise<void> {
  await db.update(documents).set({
    kind: m.kind, title: m.title, municipality: m.municipality, body: m.body, date: m.date,
    metadataJson: JSON.stringify(m), updatedAt: NOW_ISO,
  }).where(eq(documents.id, documentId));
}

export async function setWithdrawn(db: PgDb, documentId: number, withdrawn: boolean): Promise<void> {
  await db.update(documents).set({ withdrawnAt: withdrawn ? NOW_ISO : null }).where(eq(documents.id, documentId));
}

export async function deleteDocumentRow(db: PgDb, documentId: number): Promise<void> {
  await db.execute(sql`DELETE FROM person_overrides WHERE document_id = ${documentId}`);
  await db.delete(documents).where(eq(documents.id, documentId));
}

/** In row order, as SQLite reads them through its index on document_id. */
export async function authorPeopleOf(db: PgDb, documentId: number): Promise<number[]> {
  const rows = await db.select({ id: documentAuthors.personId }).from(documentAuthors)
    .where(eq(documentAuthors.documentId, documentId)).orderBy(asc(documentAuthors.id));
  return rows.map((r) => r.id).filter((x): x is number => x !== null);
}

export async function clearDocumentProjections(db: PgDb, documentId: number): Promise<void> {
  await db.delete(documentParties).where(eq(documentParties.documentId, documentId));
  await db.delete(documentAuthors).where(eq(documentAuthors.documentId, documentId));
  await db.delete(documentArenden).where(eq(documentArenden.documentId, documentId));
}

export async function addDocumentParty(db: PgDb, documentId: number, partyCode: string, position: number): Promise<void> {
  await db.insert(documentParties).values({ documentId, partyCode, position }).onConflictDoNothing();
}

export async function addDocumentAuthor(db: PgDb, row: DocumentAuthorRow): Promise<void> {
  await db.insert(documentAuthors).values(row);
}

export async function addDocumentArende(db: PgDb, documentId: number, arendeId: number, rule: string): Promise<void> {
  await db.insert(documentArenden).values({ documentId, arendeId, rule }).onConflictDoNothing();
}

export async function deleteDocumentLinks(db: PgDb, documentId: number): Promise<void> {
  await db.execute(sql`DELETE FROM document_links WHERE from_document_id = ${documentId} OR to_document_id = ${documentId}`);
}

/** SQLite's `IS NOT` (NULL-safe) is `IS DISTINCT FROM`: a document without any extraction is listed too. */
export async function documentsExtractedBefore(db: PgDb, version: string | null): Promise<number[]> {
  const r = await db.$client.query<{ id: number }>(`
    SELECT d.id FROM documents d
    WHERE d.withdrawn_at IS NULL AND d.text_status = 'ok'
      AND ($1::text IS NULL OR (SELECT e.extractor_version FROM extractions e WHERE e.document_id = d.id ORDER BY e.id DESC LIMIT 1) IS DISTINCT FROM $1::text)
    ORDER BY d.id`, [version]);
  return r.rows.map((row) => row.id);
}

export async function allDocumentIds(db: PgDb): Promise<number[]> {
  const r = await db.$client.query<{ id: number }>('SELECT id FROM documents ORDER BY id');
  return r.rows.map((row) => row.id);
}

export async function getDocumentForEditing(db: PgDb, id: number): Promise<(StoredDocument & { withdrawnAt: string | null }) | undefined> {
  const [row] = await db.select({ withdrawnAt: documents.withdrawnAt }).from(documents).where(eq(documents.id, id)).limit(1);
  if (!row) return undefined;
  const doc = await getDocument(db, id, { includeWithdrawn: true });
  return doc && { ...doc, withdrawnAt: row.withdrawnAt };
}

export async function getDocument(db: PgDb, id: number, opts: { includeWithdrawn?: boolean } = {}): Promise<StoredDocument | undefined> {
  const [row] = await db.select().from(documents).where(and(eq(documents.id, id), opts.includeWithdrawn ? undefined : live)).limit(1);
  if (!row) return undefined;
  const [file] = await db.select().from(files).where(and(eq(files.documentId, id), eq(files.role, 'original'))).orderBy(asc(files.id)).limit(1);
  const [extraction] = await db.select().from(extractions).where(eq(extractions.documentId, id)).orderBy(desc(extractions.id)).limit(1);
  return toStoredDocument(row, file, extraction, row.textStatus === 'needs_ocr' ? await ocrJobOf(db, id) ?? null : null);
}

/**
 * As on SQLite: filters and order read `search_facets`, the page's rows are read in full. The
 * filters keep SQLite's semantics: the municipality and the body compared by sv_lower(), the party as a LIKE over the comma-framed code list. Dates are ISO text of one
 * format, so the database's collation orders them as byte order would and the date index serves.
 */
export async function listDocuments(db: PgDb, f: DocumentFilter): Promise<{ total: number; items: DocumentSummary[] }> {
  const conds: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  if (f.kind) conds.push(`f.kind = ${p(f.kind)}`);
  if (f.municipality) conds.push(`sv_lower(f.municipality) = ${p(f.municipality.toLocaleLowerCase('sv'))}`);
  if (f.body) conds.push(`sv_lower(f.body) = ${p(f.body.toLocaleLowerCase('sv'))}`);
  if (f.year) conds.push(`f.date >= ${p(`${f.year}-01-01`)} AND f.date < ${p(`${Number(f.year) + 1}-01-01`)}`);
  if (f.party) conds.push(`f.party_codes LIKE ${p(`%,${f.party.replace(/[\\%_]/g, (c) => `\\${c}`)},%`)} ESCAPE '\\'`);
  const where = conds.length ? `AND ${conds.join(' AND ')}` : '';
  const c = db.$client;
  const counts = await cached(db, `list-count:${JSON.stringify(params)}:${where}`, async () => {
    const r = await c.query<{ dated: number; undated: number }>(`SELECT count(*) FILTER (WHERE f.date IS NOT NULL)::int AS dated,
      count(*) FILTER (WHERE f.date IS NULL)::int AS undated FROM search_facets f WHERE true ${where}`, params);
    return r.rows[0]!;
  });
  const page = async (dated: boolean, limit: number, offset: number) => {
    const n = params.length;
    const r = await c.query<{ id: number }>(`SELECT f.document_id AS id FROM search_facets f WHERE f.date IS ${dated ? 'NOT NULL' : 'NULL'} ${where}
      ORDER BY ${dated ? 'f.date DESC, ' : ''}f.document_id DESC LIMIT $${n + 1} OFFSET $${n + 2}`, [...params, limit, offset]);
    return r.rows.map((row) => row.id);
  };
  const ids: number[] = [];
  if (f.offset < counts.dated) ids.push(...await page(true, f.limit, f.offset));
  if (ids.length < f.limit) ids.push(...await page(false, f.limit - ids.length, Math.max(0, f.offset - counts.dated)));
  const rows = ids.length ? await db.select({
    id: documents.id, kind: documents.kind, title: documents.title, date: documents.date,
    municipality: documents.municipality, body: documents.body, textStatus: documents.textStatus,
    createdAt: documents.createdAt, metadataJson: documents.metadataJson,
  }).from(documents).where(idIn(documents.id, ids)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    total: counts.dated + counts.undated,
    items: ids.map((id) => byId.get(id)).filter((r) => r !== undefined)
      .map(({ metadataJson, ...r }) => ({ ...r, metadata: JSON.parse(metadataJson) as ExtractedMetadata })),
  };
}

export async function getOriginalFile(db: PgDb, documentId: number): Promise<{ filename: string; mediaType: string; encoding: string | null; bytes: Buffer } | undefined> {
  const [row] = await db.select({ filename: files.originalFilename, mediaType: files.mediaType, encoding: files.encoding, bytes: fileContents.bytes })
    .from(files).innerJoin(fileContents, eq(fileContents.fileId, files.id))
    .innerJoin(documents, eq(documents.id, files.documentId))
    .where(and(eq(files.documentId, documentId), eq(files.role, 'original'), live)).orderBy(asc(files.id)).limit(1);
  return row;
}

export async function countDocuments(db: PgDb): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(documents).where(live);
  return row?.n ?? 0;
}

export async function getDocumentTexts(db: PgDb, ids: number[]): Promise<Map<number, { title: string; text: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: documents.id, title: documents.title, text: documents.text }).from(documents)
    .where(and(idIn(documents.id, ids), live)).orderBy(asc(documents.id));
  return new Map(rows.map((r) => [r.id, { title: r.title, text: r.text }]));
}

export async function getDocumentHeads(db: PgDb, ids: number[]): Promise<Map<number, { id: number; title: string; kind: string; date: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: documents.id, title: documents.title, kind: documents.kind, date: documents.date }).from(documents)
    .where(and(idIn(documents.id, ids), live)).orderBy(asc(documents.id));
  return new Map(rows.map((r) => [r.id, r]));
}
