/**
 * Documents repository: the SQL of a document's rows (the record, its file and bytes, extractions,
 * corrections, the projections authors, parties and ärende) and the reads of documents. What a
 * write means (which rows follow which, in one transaction) is decided by server/use-cases/documents.ts.
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.js';
import {
  documents, files, fileContents, extractions, corrections, documentParties, documentAuthors, documentArenden,
} from './schema.js';
import { ocrJobOf, type OcrJob } from './ocr.js';
import type { ExtractedMetadata } from '../server/ingest/types.js';
import type { Evidence } from '../server/ingest/stages/metadata/evidence.js';
import { cached } from './read-cache.js';
import { isPg } from './engine.js';
import * as pg from './pg/documents.js';

/** `column IN (ids)` with the ids as one JSON value: a statement's variable count must not grow with a list. */
function idIn(column: SQLiteColumn, ids: number[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

const NOW = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** The id of the document whose original file has this sha256, if any. */
export async function findDocumentIdBySha(db: Db, sha256: string): Promise<number | undefined> {
  if (isPg(db)) return pg.findDocumentIdBySha(db, sha256);
  return db.select({ id: files.documentId }).from(files).where(eq(files.sha256, sha256)).get()?.id;
}

/** The id of the live (not withdrawn) document with this original file, if any: uploading its bytes again is a duplicate. */
export async function findLiveDocumentIdBySha(db: Db, sha256: string): Promise<number | undefined> {
  if (isPg(db)) return pg.findLiveDocumentIdBySha(db, sha256);
  return db.select({ id: files.documentId }).from(files).innerJoin(documents, eq(documents.id, files.documentId))
    .where(and(eq(files.sha256, sha256), sql`${documents.withdrawnAt} IS NULL`)).get()?.id;
}

/** A new document row with its effective metadata and the denormalised columns filters read; returns its id. */
export async function insertDocumentRow(db: Db, m: ExtractedMetadata, text: string, textStatus: 'ok' | 'needs_ocr'): Promise<number> {
  if (isPg(db)) return pg.insertDocumentRow(db, m, text, textStatus);
  return db.insert(documents).values({
    kind: m.kind, title: m.title, municipality: m.municipality, body: m.body, date: m.date,
    text, metadataJson: JSON.stringify(m), textStatus,
  }).returning({ id: documents.id }).get().id;
}

/** A document's original file: its description and its bytes (a BLOB in the same database). */
export async function insertOriginalFile(db: Db, documentId: number, f: { sha256: string; byteSize: number; mediaType: string; filename: string; encoding: string | null; bytes: Uint8Array }): Promise<void> {
  if (isPg(db)) return pg.insertOriginalFile(db, documentId, f);
  const file = db.insert(files).values({
    documentId, role: 'original', sha256: f.sha256, byteSize: f.byteSize,
    mediaType: f.mediaType, originalFilename: f.filename, encoding: f.encoding,
  }).returning({ id: files.id }).get();
  db.insert(fileContents).values({ fileId: file.id, bytes: Buffer.from(f.bytes) }).run();
}

/** What the original file was, for the audit log of a deletion. */
export async function originalFileOf(db: Db, documentId: number): Promise<{ sha256: string; filename: string; byteSize: number } | undefined> {
  if (isPg(db)) return pg.originalFileOf(db, documentId);
  return db.select({ sha256: files.sha256, filename: files.originalFilename, byteSize: files.byteSize }).from(files)
    .where(eq(files.documentId, documentId)).get();
}

/** One more extraction of a document: extractions are never edited. */
export async function insertExtraction(db: Db, documentId: number, e: { extractorVersion: string; confidence: number; metadata: ExtractedMetadata; evidence?: Evidence }): Promise<void> {
  if (isPg(db)) return pg.insertExtraction(db, documentId, e);
  db.insert(extractions).values({
    documentId, extractorVersion: e.extractorVersion, confidence: e.confidence, resultJson: JSON.stringify(e.metadata),
    evidenceJson: e.evidence ? JSON.stringify(e.evidence) : null,
  }).run();
}

/** A person's values for fields of a document, in order: each wins over every extraction and every earlier correction. */
export async function insertCorrections(db: Db, documentId: number, fixes: Array<{ field: string; value: unknown }>, author: string): Promise<void> {
  if (isPg(db)) return pg.insertCorrections(db, documentId, fixes, author);
  for (const c of fixes) db.insert(corrections).values({ documentId, field: c.field, valueJson: JSON.stringify(c.value), author }).run();
}

/** A document's corrections in the order they were made. */
export async function correctionsOf(db: Db, documentId: number): Promise<Array<{ field: string; value: unknown }>> {
  if (isPg(db)) return pg.correctionsOf(db, documentId);
  return db.select({ field: corrections.field, valueJson: corrections.valueJson }).from(corrections)
    .where(eq(corrections.documentId, documentId)).orderBy(asc(corrections.id)).all()
    .map((c) => ({ field: c.field, value: JSON.parse(c.valueJson) as unknown }));
}

/** What the latest extraction read from a document's text, before any correction (what the text itself states). */
export async function extractedMetadata(db: Db, documentId: number): Promise<ExtractedMetadata | undefined> {
  if (isPg(db)) return pg.extractedMetadata(db, documentId);
  const row = db.select({ json: extractions.resultJson }).from(extractions)
    .where(eq(extractions.documentId, documentId)).orderBy(desc(extractions.id)).get();
  return row && (JSON.parse(row.json) as ExtractedMetadata);
}

/** A live document's effective metadata; undefined when absent or withdrawn. */
export async function liveMetadata(db: Db, documentId: number): Promise<ExtractedMetadata | undefined> {
  if (isPg(db)) return pg.liveMetadata(db, documentId);
  const row = db.select({ json: documents.metadataJson }).from(documents)
    .where(and(eq(documents.id, documentId), sql`${documents.withdrawnAt} IS NULL`)).get();
  return row && (JSON.parse(row.json) as ExtractedMetadata);
}

/** A document's state whether live or withdrawn: its effective metadata, text and withdrawal; undefined when absent. */
export async function documentState(db: Db, documentId: number): Promise<{ metadata: ExtractedMetadata; text: string; withdrawnAt: string | null; title: string; kind: string } | undefined> {
  if (isPg(db)) return pg.documentState(db, documentId);
  const row = db.select({ json: documents.metadataJson, text: documents.text, withdrawnAt: documents.withdrawnAt, title: documents.title, kind: documents.kind })
    .from(documents).where(eq(documents.id, documentId)).get();
  return row && { metadata: JSON.parse(row.json) as ExtractedMetadata, text: row.text, withdrawnAt: row.withdrawnAt, title: row.title, kind: row.kind };
}

/** A document's stored text ('' when absent). */
export async function documentText(db: Db, documentId: number): Promise<string> {
  if (isPg(db)) return pg.documentText(db, documentId);
  return db.select({ text: documents.text }).from(documents).where(eq(documents.id, documentId)).get()?.text ?? '';
}

/** Replaces a document's text (OCR, a new reading), optionally with its status. */
export async function setDocumentText(db: Db, documentId: number, text: string, textStatus?: 'ok' | 'needs_ocr'): Promise<void> {
  if (isPg(db)) return pg.setDocumentText(db, documentId, text, textStatus);
  db.update(documents).set(textStatus ? { text, textStatus } : { text }).where(eq(documents.id, documentId)).run();
}

/** Writes a document's effective metadata and the columns filters read from it. */
export async function setEffectiveMetadata(db: Db, documentId: number, m: ExtractedMetadata): Promise<void> {
  if (isPg(db)) return pg.setEffectiveMetadata(db, documentId, m);
  db.update(documents).set({
    kind: m.kind, title: m.title, municipality: m.municipality, body: m.body, date: m.date,
    metadataJson: JSON.stringify(m), updatedAt: NOW,
  }).where(eq(documents.id, documentId)).run();
}

/** Withdraws a document (now) or brings it back. */
export async function setWithdrawn(db: Db, documentId: number, withdrawn: boolean): Promise<void> {
  if (isPg(db)) return pg.setWithdrawn(db, documentId, withdrawn);
  db.update(documents).set({ withdrawnAt: withdrawn ? NOW : null }).where(eq(documents.id, documentId)).run();
}

/** Deletes a document's row; its files, extractions, corrections and revisions cascade. Person overrides name it without a foreign key. */
export async function deleteDocumentRow(db: Db, documentId: number): Promise<void> {
  if (isPg(db)) return pg.deleteDocumentRow(db, documentId);
  db.run(sql`DELETE FROM person_overrides WHERE document_id = ${documentId}`);
  db.delete(documents).where(eq(documents.id, documentId)).run();
}

/** The people a document's authors resolved to. */
export async function authorPeopleOf(db: Db, documentId: number): Promise<number[]> {
  if (isPg(db)) return pg.authorPeopleOf(db, documentId);
  return db.select({ id: documentAuthors.personId }).from(documentAuthors)
    .where(eq(documentAuthors.documentId, documentId)).all().map((r) => r.id).filter((x): x is number => x !== null);
}

/** Drops a document's parties, authors and ärende rows, to be written again from its metadata (or not at all). */
export async function clearDocumentProjections(db: Db, documentId: number): Promise<void> {
  if (isPg(db)) return pg.clearDocumentProjections(db, documentId);
  db.delete(documentParties).where(eq(documentParties.documentId, documentId)).run();
  db.delete(documentAuthors).where(eq(documentAuthors.documentId, documentId)).run();
  db.delete(documentArenden).where(eq(documentArenden.documentId, documentId)).run();
}

/** A party the document states, at its position in the document's list. */
export async function addDocumentParty(db: Db, documentId: number, partyCode: string, position: number): Promise<void> {
  if (isPg(db)) return pg.addDocumentParty(db, documentId, partyCode, position);
  db.insert(documentParties).values({ documentId, partyCode, position }).onConflictDoNothing().run();
}

/** One author row: a person (or a party group) in a role on the document, with the name and role as written. */
export interface DocumentAuthorRow {
  documentId: number;
  position: number;
  role: string;
  personId: number | null;
  partyCode: string | null;
  /** 'document': the text states the party; 'membership': taken from the person's membership on the date. */
  partySource: string | null;
  groupBody: string | null;
  nameAsWritten: string | null;
  roleLabel: string | null;
}
export async function addDocumentAuthor(db: Db, row: DocumentAuthorRow): Promise<void> {
  if (isPg(db)) return pg.addDocumentAuthor(db, row);
  db.insert(documentAuthors).values(row).run();
}

/** Files a document under an ärende, with the rule that linked it. */
export async function addDocumentArende(db: Db, documentId: number, arendeId: number, rule: string): Promise<void> {
  if (isPg(db)) return pg.addDocumentArende(db, documentId, arendeId, rule);
  db.insert(documentArenden).values({ documentId, arendeId, rule }).onConflictDoNothing().run();
}

/** Every typed link from or to a document. */
export async function deleteDocumentLinks(db: Db, documentId: number): Promise<void> {
  if (isPg(db)) return pg.deleteDocumentLinks(db, documentId);
  db.run(sql`DELETE FROM document_links WHERE from_document_id = ${documentId} OR to_document_id = ${documentId}`);
}

/** Stored, not withdrawn documents with text whose latest extraction was made by other rules than `version` (null: all of them). */
export async function documentsExtractedBefore(db: Db, version: string | null): Promise<number[]> {
  if (isPg(db)) return pg.documentsExtractedBefore(db, version);
  return db.$client.prepare(`
    SELECT d.id FROM documents d
    WHERE d.withdrawn_at IS NULL AND d.text_status = 'ok'
      AND (? IS NULL OR (SELECT e.extractor_version FROM extractions e WHERE e.document_id = d.id ORDER BY e.id DESC LIMIT 1) IS NOT ?)
    ORDER BY d.id`).pluck().all(version, version) as number[];
}

/** Every document's id, in order (live and withdrawn). */
export async function allDocumentIds(db: Db): Promise<number[]> {
  if (isPg(db)) return pg.allDocumentIds(db);
  return db.$client.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
}

/** A document whether live or withdrawn, for its owners' pages; `withdrawnAt` says which. */
export async function getDocumentForEditing(db: Db, id: number): Promise<(StoredDocument & { withdrawnAt: string | null }) | undefined> {
  if (isPg(db)) return pg.getDocumentForEditing(db, id);
  const row = db.select({ withdrawnAt: documents.withdrawnAt }).from(documents).where(eq(documents.id, id)).get();
  if (!row) return undefined;
  const doc = await getDocument(db, id, { includeWithdrawn: true });
  return doc && { ...doc, withdrawnAt: row.withdrawnAt };
}

export interface StoredDocument {
  id: number;
  kind: string;
  title: string;
  text: string;
  textStatus: string;
  createdAt: string;
  updatedAt: string;
  metadata: ExtractedMetadata;
  file: { sha256: string; byteSize: number; mediaType: string; filename: string; encoding: string | null } | undefined;
  extraction: { version: string; confidence: number; evidence: Evidence | null } | undefined;
  /** The OCR job of a scanned document still without text; null otherwise. */
  ocr: OcrJob | null;
}

/** One document with its effective metadata and original file description; undefined when absent or withdrawn. */
export async function getDocument(db: Db, id: number, opts: { includeWithdrawn?: boolean } = {}): Promise<StoredDocument | undefined> {
  if (isPg(db)) return pg.getDocument(db, id, opts);
  const row = db.select().from(documents).where(and(eq(documents.id, id), opts.includeWithdrawn ? sql`1` : sql`${documents.withdrawnAt} IS NULL`)).get();
  if (!row) return undefined;
  const file = db.select().from(files).where(and(eq(files.documentId, id), eq(files.role, 'original'))).get();
  const extraction = db.select().from(extractions).where(eq(extractions.documentId, id)).orderBy(desc(extractions.id)).get();
  return toStoredDocument(row, file, extraction, row.textStatus === 'needs_ocr' ? await ocrJobOf(db, id) ?? null : null);
}

/** A document as getDocument answers it, from its row, original file and latest extraction (either engine's rows: the same columns). */
export function toStoredDocument(
  row: Pick<typeof documents.$inferSelect, 'id' | 'kind' | 'title' | 'text' | 'textStatus' | 'createdAt' | 'updatedAt' | 'metadataJson'>,
  file: Pick<typeof files.$inferSelect, 'sha256' | 'byteSize' | 'mediaType' | 'originalFilename' | 'encoding'> | undefined,
  extraction: Pick<typeof extractions.$inferSelect, 'extractorVersion' | 'confidence' | 'evidenceJson'> | undefined,
  ocr: OcrJob | null,
): StoredDocument {
  return {
    id: row.id, kind: row.kind, title: row.title, text: row.text, textStatus: row.textStatus,
    createdAt: row.createdAt, updatedAt: row.updatedAt ?? row.createdAt,
    metadata: JSON.parse(row.metadataJson) as ExtractedMetadata,
    file: file && { sha256: file.sha256, byteSize: file.byteSize, mediaType: file.mediaType, filename: file.originalFilename, encoding: file.encoding },
    extraction: extraction && {
      version: extraction.extractorVersion, confidence: extraction.confidence,
      evidence: extraction.evidenceJson ? JSON.parse(extraction.evidenceJson) as Evidence : null,
    },
    ocr,
  };
}

export interface DocumentFilter {
  kind?: string;
  party?: string;
  municipality?: string;
  body?: string;
  /** Four digits. */
  year?: string;
  limit: number;
  offset: number;
}

export interface DocumentSummary {
  id: number;
  kind: string;
  title: string;
  date: string | null;
  municipality: string | null;
  body: string | null;
  textStatus: string;
  createdAt: string;
  metadata: ExtractedMetadata;
}

/**
 * A page of documents, newest meeting date first (undated last), with the total count for the filter.
 * Filters and order read the narrow `search_facets` rows (one per live document, indexed by date),
 * not the wide documents rows that carry the text; only the page's rows are read in full.
 */
export async function listDocuments(db: Db, f: DocumentFilter): Promise<{ total: number; items: DocumentSummary[] }> {
  if (isPg(db)) return pg.listDocuments(db, f);
  const conds: string[] = [];
  const params: unknown[] = [];
  if (f.kind) { conds.push('f.kind = ?'); params.push(f.kind); }
  // Swedish case on both engines: COLLATE NOCASE folds ASCII only, so "åre" missed Åre.
  if (f.municipality) { conds.push('sv_lower(f.municipality) = ?'); params.push(f.municipality.toLocaleLowerCase('sv')); }
  if (f.body) { conds.push('sv_lower(f.body) = ?'); params.push(f.body.toLocaleLowerCase('sv')); }
  if (f.year) { conds.push('f.date >= ? AND f.date < ?'); params.push(`${f.year}-01-01`, `${Number(f.year) + 1}-01-01`); }
  if (f.party) { conds.push("f.party_codes LIKE ? ESCAPE '\\'"); params.push(`%,${f.party.replace(/[\\%_]/g, (c) => `\\${c}`)},%`); }
  const where = conds.length ? `AND ${conds.join(' AND ')}` : '';
  const c = db.$client;
  const counts = await cached(db, `list-count:${JSON.stringify(params)}:${where}`, () => ({
    dated: c.prepare(`SELECT count(*) FROM search_facets f WHERE f.date IS NOT NULL ${where}`).pluck().get(...params) as number,
    undated: c.prepare(`SELECT count(*) FROM search_facets f WHERE f.date IS NULL ${where}`).pluck().get(...params) as number,
  }));
  const ids: number[] = [];
  if (f.offset < counts.dated) {
    ids.push(...c.prepare(`SELECT f.document_id FROM search_facets f WHERE f.date IS NOT NULL ${where}
      ORDER BY f.date DESC, f.document_id DESC LIMIT ? OFFSET ?`).pluck().all(...params, f.limit, f.offset) as number[]);
  }
  if (ids.length < f.limit) {
    ids.push(...c.prepare(`SELECT f.document_id FROM search_facets f WHERE f.date IS NULL ${where}
      ORDER BY f.document_id DESC LIMIT ? OFFSET ?`).pluck().all(...params, f.limit - ids.length, Math.max(0, f.offset - counts.dated)) as number[]);
  }
  const rows = ids.length ? db.select({
    id: documents.id, kind: documents.kind, title: documents.title, date: documents.date,
    municipality: documents.municipality, body: documents.body, textStatus: documents.textStatus,
    createdAt: documents.createdAt, metadataJson: documents.metadataJson,
  }).from(documents).where(idIn(documents.id, ids)).all() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    total: counts.dated + counts.undated,
    items: ids.map((id) => byId.get(id)).filter((r) => r !== undefined)
      .map(({ metadataJson, ...r }) => ({ ...r, metadata: JSON.parse(metadataJson) as ExtractedMetadata })),
  };
}

/** The uploaded bytes of a document's original file. */
export async function getOriginalFile(db: Db, documentId: number): Promise<{ filename: string; mediaType: string; encoding: string | null; bytes: Buffer } | undefined> {
  if (isPg(db)) return pg.getOriginalFile(db, documentId);
  const row = db.select({ filename: files.originalFilename, mediaType: files.mediaType, encoding: files.encoding, bytes: fileContents.bytes })
    .from(files).innerJoin(fileContents, eq(fileContents.fileId, files.id))
    .innerJoin(documents, eq(documents.id, files.documentId))
    .where(and(eq(files.documentId, documentId), eq(files.role, 'original'), sql`${documents.withdrawnAt} IS NULL`)).get();
  return row;
}

/** Number of stored (not withdrawn) documents. */
export async function countDocuments(db: Db): Promise<number> {
  if (isPg(db)) return pg.countDocuments(db);
  return db.select({ n: sql<number>`count(*)` }).from(documents).where(sql`${documents.withdrawnAt} IS NULL`).get()?.n ?? 0;
}

/** Titles and texts of several documents (not withdrawn), by id. */
export async function getDocumentTexts(db: Db, ids: number[]): Promise<Map<number, { title: string; text: string }>> {
  if (isPg(db)) return pg.getDocumentTexts(db, ids);
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: documents.id, title: documents.title, text: documents.text }).from(documents)
    .where(and(idIn(documents.id, ids), sql`${documents.withdrawnAt} IS NULL`)).all();
  return new Map(rows.map((r) => [r.id, { title: r.title, text: r.text }]));
}

/** Titles, kinds and dates of several documents (not withdrawn), by id. */
export async function getDocumentHeads(db: Db, ids: number[]): Promise<Map<number, { id: number; title: string; kind: string; date: string | null }>> {
  if (isPg(db)) return pg.getDocumentHeads(db, ids);
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: documents.id, title: documents.title, kind: documents.kind, date: documents.date }).from(documents)
    .where(and(idIn(documents.id, ids), sql`${documents.withdrawnAt} IS NULL`)).all();
  return new Map(rows.map((r) => [r.id, r]));
}
