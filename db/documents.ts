/** Documents repository: store an analysed document with its file, authors, parties and ärende in one transaction. */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db, Executor } from './client.js';
import {
  documents, files, fileContents, extractions, corrections, documentParties, documentAuthors, documentArenden,
} from './schema.js';
import { overlayCorrections, type FieldCorrection } from '../server/domain/effective-metadata.js';
import { diffMetadata, type FieldChange } from '../server/domain/metadata-diff.js';
import { addRevision, listRevisions, SYSTEM_AUTHOR, type Author } from './revisions.js';
import { audit } from './users.js';
import { removeParagraphs } from './paragraphs.js';
import { removeFromIndex } from './search-index.js';
import { enqueueOcr, finishOcrJob, ocrJobOf, type OcrJob } from './ocr.js';
import type { ExtractedMetadata } from '../server/ingest/types.js';
import { ensureParty } from './parties.js';
import { resolvePerson } from './people.js';
import { findOrCreateArende } from './arenden.js';
import { indexDocument, toSearchDoc } from './search-index.js';
import { addDocumentToMemberships, partyOnDate, rebuildMemberships } from './memberships.js';
import { indexParagraphs } from './paragraphs.js';
import { preparedFor, type PreparedIndex } from '../server/ingest/stages/prepare-index.js';
import type { Evidence } from '../server/ingest/stages/metadata/evidence.js';
import { linkInterpellation } from './links.js';
import { cached } from './read-cache.js';
import { parsePersonName } from '../server/linking/person-names.js';
import { partyGroups } from '../server/linking/party-groups.js';
import { positionPeople, removeProtocol, writeProtocol } from './protocol.js';

/** Everything the pipeline learned about one file, ready to store. */
export interface NewDocument {
  sha256: string;
  byteSize: number;
  mediaType: string;
  filename: string;
  encoding: string | null;
  bytes: Uint8Array;
  text: string;
  textStatus: 'ok' | 'needs_ocr';
  metadata: ExtractedMetadata;
  extractorVersion: string;
  confidence: number;
  /** The text analysed for the index, by the analysis worker (absent: analysed in the write). */
  prepared?: PreparedIndex;
  /** Per field: the rule that decided it and whether it came from the text or the file's structure; the extraction record keeps it. */
  evidence?: Evidence;
}

/** `column IN (ids)` with the ids as one JSON value: a statement's variable count must not grow with a list. */
function idIn(column: SQLiteColumn, ids: number[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/** The id of the document whose original file has this sha256, if any. */
export function findDocumentIdBySha(db: Executor, sha256: string): number | undefined {
  return db.select({ id: files.documentId }).from(files).where(eq(files.sha256, sha256)).get()?.id;
}

/** The id of the live (not withdrawn) document with this original file, if any: uploading its bytes again is a duplicate. */
export function findLiveDocumentIdBySha(db: Executor, sha256: string): number | undefined {
  return db.select({ id: files.documentId }).from(files).innerJoin(documents, eq(documents.id, files.documentId))
    .where(and(eq(files.sha256, sha256), sql`${documents.withdrawnAt} IS NULL`)).get()?.id;
}

/**
 * Stores a document and everything hanging off it atomically. Returns the new id, or the
 * existing one when the same bytes were stored meanwhile (`created: false`). `corrections` are a
 * person's changes made before saving (the review form): stored apart from the extraction, and
 * listed in the first revision.
 */
export function insertDocument(db: Db, doc: NewDocument, opts: { corrections?: FieldCorrection[]; author?: Author; refileWithdrawn?: boolean } = {}): { id: number; created: boolean; linkMs: number } {
  return db.transaction((tx) => {
    const fixes = opts.corrections ?? [];
    const author = opts.author ?? SYSTEM_AUTHOR;
    const m = overlayCorrections(doc.metadata, fixes);
    const existing = findDocumentIdBySha(tx, doc.sha256);
    if (existing !== undefined) {
      if (opts.refileWithdrawn && refileWithdrawn(db, existing, m, author)) return { id: existing, created: true, linkMs: 0 };
      return { id: existing, created: false, linkMs: 0 };
    }
    const { id } = tx.insert(documents).values({
      kind: m.kind, title: m.title, municipality: m.municipality, body: m.body, date: m.date,
      text: doc.text, metadataJson: JSON.stringify(m), textStatus: doc.textStatus,
    }).returning({ id: documents.id }).get();
    const file = tx.insert(files).values({
      documentId: id, role: 'original', sha256: doc.sha256, byteSize: doc.byteSize,
      mediaType: doc.mediaType, originalFilename: doc.filename, encoding: doc.encoding,
    }).returning({ id: files.id }).get();
    tx.insert(fileContents).values({ fileId: file.id, bytes: Buffer.from(doc.bytes) }).run();
    tx.insert(extractions).values({
      documentId: id, extractorVersion: doc.extractorVersion, confidence: doc.confidence, resultJson: JSON.stringify(doc.metadata),
      evidenceJson: doc.evidence ? JSON.stringify(doc.evidence) : null,
    }).run();
    for (const c of fixes) tx.insert(corrections).values({ documentId: id, field: c.field, valueJson: JSON.stringify(c.value), author: author.label }).run();
    addRevision(tx, { documentId: id, action: 'created', author, changes: diffMetadata(doc.metadata, m), snapshot: m });
    const started = performance.now();
    writeProjections(tx, id, m, doc.text, null);
    const prepared = preparedFor(doc.text, doc.prepared);
    indexParagraphs(db.$client, id, doc.text, prepared?.fingerprints);
    const linkMs = performance.now() - started;
    indexDocument(db.$client, id, toSearchDoc(m, doc.text, prepared), { fresh: true });
    // A scanned PDF is read by OCR in the background; the job is queued with the document.
    if (doc.textStatus === 'needs_ocr' && doc.mediaType === 'application/pdf') enqueueOcr(tx, id);
    return { id, created: true, linkMs };
  });
}

/**
 * Files a withdrawn document again, for a new uploader (the caller has checked their right to file
 * `wanted`): the same row, file and history, live again with `wanted` as its metadata. Withdrawal
 * means its filer no longer stands behind it, not that nobody may file it. The fields that differ
 * from what was withdrawn become corrections by the new uploader (they win over earlier ones), the
 * projections and search are rebuilt, and a `refiled` revision follows the earlier withdrawal.
 * False when the document is not withdrawn. Runs inside the caller's transaction.
 */
function refileWithdrawn(db: Db, documentId: number, wanted: ExtractedMetadata, author: Author): boolean {
  const row = db.select({ withdrawnAt: documents.withdrawnAt, json: documents.metadataJson }).from(documents).where(eq(documents.id, documentId)).get();
  if (!row?.withdrawnAt) return false;
  const before = JSON.parse(row.json) as ExtractedMetadata;
  const changes = diffMetadata(before, wanted);
  for (const c of changes) db.insert(corrections).values({ documentId, field: c.field, valueJson: JSON.stringify(c.new), author: author.label }).run();
  db.update(documents).set({ withdrawnAt: null }).where(eq(documents.id, documentId)).run();
  relinkDocument(db, documentId);
  reindexOne(db, documentId);
  const after = currentMetadata(db, documentId)!;
  addRevision(db, { documentId, action: 'refiled', author, changes: diffMetadata(before, after), snapshot: after, note: null });
  return true;
}

/**
 * Stores a new extraction of an existing document (a better extractor, OCR) without touching any
 * human correction: the effective metadata is rebuilt as the new extraction overlaid with corrections.
 */
export function recordExtraction(db: Db, documentId: number, metadata: ExtractedMetadata, extractorVersion: string, confidence: number, evidence?: Evidence): void {
  db.transaction((tx) => {
    tx.insert(extractions).values({ documentId, extractorVersion, confidence, resultJson: JSON.stringify(metadata), evidenceJson: evidence ? JSON.stringify(evidence) : null }).run();
    rebuildEffective(tx, documentId);
    reindexOne(db, documentId);
  });
}

/**
 * Stores the text OCR read from a scanned document with the metadata extracted from it: a new
 * extraction (people's corrections still win), links, reused paragraphs and search follow, the job
 * is marked done and the history says so, all in one transaction.
 */
export function applyOcrText(db: Db, documentId: number, text: string, metadata: ExtractedMetadata, extractorVersion: string, confidence: number, evidence?: Evidence): void {
  db.transaction((tx) => {
    const row = tx.select({ withdrawnAt: documents.withdrawnAt }).from(documents).where(eq(documents.id, documentId)).get();
    if (!row) return;
    tx.update(documents).set({ text, textStatus: 'ok' }).where(eq(documents.id, documentId)).run();
    tx.insert(extractions).values({ documentId, extractorVersion, confidence, resultJson: JSON.stringify(metadata), evidenceJson: evidence ? JSON.stringify(evidence) : null }).run();
    finishOcrJob(tx, documentId, 'done', null);
    if (row.withdrawnAt) return;
    const before = currentMetadata(tx, documentId)!;
    rebuildEffective(tx, documentId);
    indexParagraphs(db.$client, documentId, text);
    reindexOne(db, documentId);
    const after = currentMetadata(tx, documentId)!;
    addRevision(tx, { documentId, action: 'extracted', author: { userId: null, label: 'OCR' }, changes: diffMetadata(before, after), snapshot: after, note: 'Texten lästes med OCR' });
  });
}

/**
 * Stores a new reading of a stored document by newer rules (`npm run reextract`): its text when the
 * readers now read it differently, a new extraction (people's corrections still win), and links,
 * reused paragraphs and search rebuilt, with an `extracted` revision when the effective metadata
 * changed; all in one transaction. Withdrawn documents are left as they are.
 */
export function applyReextraction(db: Db, documentId: number, r: { text: string; metadata: ExtractedMetadata; extractorVersion: string; confidence: number; evidence?: Evidence }): { changed: string[] } {
  return db.transaction((tx) => {
    const row = tx.select({ withdrawnAt: documents.withdrawnAt, text: documents.text }).from(documents).where(eq(documents.id, documentId)).get();
    if (!row || row.withdrawnAt) return { changed: [] };
    if (row.text !== r.text) tx.update(documents).set({ text: r.text }).where(eq(documents.id, documentId)).run();
    tx.insert(extractions).values({
      documentId, extractorVersion: r.extractorVersion, confidence: r.confidence, resultJson: JSON.stringify(r.metadata),
      evidenceJson: r.evidence ? JSON.stringify(r.evidence) : null,
    }).run();
    const before = currentMetadata(tx, documentId)!;
    rebuildEffective(tx, documentId);
    if (row.text !== r.text) indexParagraphs(db.$client, documentId, r.text);
    reindexOne(db, documentId);
    const after = currentMetadata(tx, documentId)!;
    const changes = diffMetadata(before, after);
    if (changes.length) {
      addRevision(tx, { documentId, action: 'extracted', author: { userId: null, label: 'omläsning' }, changes, snapshot: after, note: `Lästes om med ${r.extractorVersion}` });
    }
    return { changed: changes.map((c) => c.field) };
  });
}

/** Stored, not withdrawn documents with text whose latest extraction was made by other rules than `version` (null: all of them). */
export function documentsExtractedBefore(db: Db, version: string | null): number[] {
  return db.$client.prepare(`
    SELECT d.id FROM documents d
    WHERE d.withdrawn_at IS NULL AND d.text_status = 'ok'
      AND (? IS NULL OR (SELECT e.extractor_version FROM extractions e WHERE e.document_id = d.id ORDER BY e.id DESC LIMIT 1) IS NOT ?)
    ORDER BY d.id`).pluck().all(version, version) as number[];
}

/** Records a person's value for one field; it wins over every extraction, past and future. */
export function recordCorrection(db: Db, documentId: number, field: string, value: unknown, author: string): void {
  const current = currentMetadata(db, documentId);
  if (!current) throw new Error(`Dokument ${documentId} finns inte`);
  correctDocument(db, documentId, overlayCorrections(current, [{ field, value }]), { userId: null, label: author });
}

/**
 * Corrects a stored document to `wanted` (its correctable fields): each changed field becomes a
 * correction, all of them one revision, and links and the search index follow in the same
 * transaction. Returns the changes (none: nothing is written).
 */
export function correctDocument(db: Db, documentId: number, wanted: ExtractedMetadata, author: Author, note: string | null = null): FieldChange[] {
  return db.transaction((tx) => {
    const current = currentMetadata(tx, documentId);
    if (!current) throw new Error(`Dokument ${documentId} finns inte`);
    const changes = diffMetadata(current, wanted);
    if (changes.length === 0) return changes;
    for (const c of changes) tx.insert(corrections).values({ documentId, field: c.field, valueJson: JSON.stringify(c.new), author: author.label }).run();
    rebuildEffective(tx, documentId);
    reindexOne(db, documentId);
    addRevision(tx, { documentId, action: 'corrected', author, changes, snapshot: currentMetadata(tx, documentId)!, note });
    return changes;
  });
}

/** What the latest extraction read from a document's text, before any correction (what the text itself states). */
export function extractedMetadata(db: Executor, documentId: number): ExtractedMetadata | undefined {
  const row = db.select({ json: extractions.resultJson }).from(extractions)
    .where(eq(extractions.documentId, documentId)).orderBy(desc(extractions.id)).get();
  return row && (JSON.parse(row.json) as ExtractedMetadata);
}

/** A live document's effective metadata. */
function currentMetadata(db: Executor, documentId: number): ExtractedMetadata | undefined {
  const row = db.select({ json: documents.metadataJson }).from(documents)
    .where(and(eq(documents.id, documentId), sql`${documents.withdrawnAt} IS NULL`)).get();
  return row && (JSON.parse(row.json) as ExtractedMetadata);
}

/** Removes everything derived from a document (links, people's roles, ärende, reused text, search) so it no longer shows anywhere. */
function removeProjections(db: Db, tx: Executor, documentId: number): void {
  const people = tx.select({ id: documentAuthors.personId }).from(documentAuthors)
    .where(eq(documentAuthors.documentId, documentId)).all().map((r) => r.id).filter((x): x is number => x !== null);
  tx.delete(documentParties).where(eq(documentParties.documentId, documentId)).run();
  tx.delete(documentAuthors).where(eq(documentAuthors.documentId, documentId)).run();
  tx.delete(documentArenden).where(eq(documentArenden.documentId, documentId)).run();
  people.push(...positionPeople(tx, documentId));
  removeProtocol(tx, documentId);
  tx.run(sql`DELETE FROM document_links WHERE from_document_id = ${documentId} OR to_document_id = ${documentId}`);
  rebuildMemberships(tx, people);
  removeParagraphs(db.$client, documentId);
  removeFromIndex(db.$client, documentId);
}

/**
 * Withdraws a document: it leaves lists, search, links and people's records, but the row, its
 * file and its history stay, and it can be restored. False when it is absent or already withdrawn.
 */
export function withdrawDocument(db: Db, documentId: number, author: Author, note: string | null): boolean {
  return db.transaction((tx) => {
    const m = currentMetadata(tx, documentId);
    if (!m) return false;
    removeProjections(db, tx, documentId);
    tx.update(documents).set({ withdrawnAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` }).where(eq(documents.id, documentId)).run();
    addRevision(tx, { documentId, action: 'withdrawn', author, changes: [], snapshot: m, note });
    return true;
  });
}

/** Brings a withdrawn document back, with its links and search entry. False when it is not withdrawn. */
export function restoreDocument(db: Db, documentId: number, author: Author, note: string | null): boolean {
  return db.transaction((tx) => {
    const row = tx.select({ withdrawnAt: documents.withdrawnAt }).from(documents).where(eq(documents.id, documentId)).get();
    if (!row?.withdrawnAt) return false;
    tx.update(documents).set({ withdrawnAt: null }).where(eq(documents.id, documentId)).run();
    relinkDocument(db, documentId);
    reindexOne(db, documentId);
    addRevision(tx, { documentId, action: 'restored', author, changes: [], snapshot: currentMetadata(tx, documentId)!, note });
    return true;
  });
}

/**
 * Deletes a document for good (administrators only, checked by the caller). What it was and its
 * whole history go to the audit log first, which outlives the document. False when absent.
 */
export function deleteDocument(db: Db, documentId: number, author: Author, note: string | null): boolean {
  return db.transaction((tx) => {
    const row = tx.select().from(documents).where(eq(documents.id, documentId)).get();
    if (!row) return false;
    const file = tx.select().from(files).where(eq(files.documentId, documentId)).get();
    audit(tx, 'document.delete', author.userId, author.label, `document:${documentId}`, {
      note, title: row.title, kind: row.kind, metadata: JSON.parse(row.metadataJson),
      file: file && { sha256: file.sha256, filename: file.originalFilename, byteSize: file.byteSize },
      history: listRevisions(tx, documentId),
    });
    if (!row.withdrawnAt) removeProjections(db, tx, documentId);
    tx.run(sql`DELETE FROM person_overrides WHERE document_id = ${documentId}`);
    tx.delete(documents).where(eq(documents.id, documentId)).run();
    return true;
  });
}

/** A document whether live or withdrawn, for its owners' pages; `withdrawnAt` says which. */
export function getDocumentForEditing(db: Db, id: number): (StoredDocument & { withdrawnAt: string | null }) | undefined {
  const row = db.select({ withdrawnAt: documents.withdrawnAt }).from(documents).where(eq(documents.id, id)).get();
  if (!row) return undefined;
  const doc = getDocument(db, id, { includeWithdrawn: true });
  return doc && { ...doc, withdrawnAt: row.withdrawnAt };
}

/** Re-derives a document's links (people, memberships, ärende, answers, reused paragraphs) from its stored metadata. */
export function relinkDocument(db: Db, documentId: number): void {
  db.transaction((tx) => {
    if (!currentMetadata(tx, documentId)) return;
    rebuildEffective(tx, documentId);
    const text = tx.select({ text: documents.text }).from(documents).where(eq(documents.id, documentId)).get()?.text ?? '';
    indexParagraphs(db.$client, documentId, text);
  });
}

/** Effective metadata = latest extraction overlaid with corrections in order; projections follow. */
function rebuildEffective(db: Executor, documentId: number): void {
  const latest = extractedMetadata(db, documentId);
  if (!latest) throw new Error(`Dokument ${documentId} saknar extraktion`);
  const fixes = db.select({ field: corrections.field, valueJson: corrections.valueJson }).from(corrections)
    .where(eq(corrections.documentId, documentId)).orderBy(asc(corrections.id)).all();
  const m = overlayCorrections(latest, fixes.map((c) => ({ field: c.field, value: JSON.parse(c.valueJson) })));
  const previousPeople = db.select({ id: documentAuthors.personId }).from(documentAuthors)
    .where(eq(documentAuthors.documentId, documentId)).all().map((r) => r.id).filter((x): x is number => x !== null);
  const text = db.select({ text: documents.text }).from(documents).where(eq(documents.id, documentId)).get()?.text ?? '';
  db.update(documents).set({
    kind: m.kind, title: m.title, municipality: m.municipality, body: m.body, date: m.date,
    metadataJson: JSON.stringify(m), updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`,
  }).where(eq(documents.id, documentId)).run();
  db.delete(documentParties).where(eq(documentParties.documentId, documentId)).run();
  db.delete(documentAuthors).where(eq(documentAuthors.documentId, documentId)).run();
  db.delete(documentArenden).where(eq(documentArenden.documentId, documentId)).run();
  writeProjections(db, documentId, m, text, previousPeople);
}

/** Re-projects one document into the search index (inside the caller's transaction: same connection). */
function reindexOne(db: Db, documentId: number): void {
  const row = db.select({ text: documents.text, json: documents.metadataJson }).from(documents).where(eq(documents.id, documentId)).get()!;
  indexDocument(db.$client, documentId, toSearchDoc(JSON.parse(row.json) as ExtractedMetadata, row.text));
}

/**
 * Rows derived from the metadata: parties, authors resolved to people (with their party on the
 * document's date where the text gives none), memberships, the ärende and the interpellation link.
 */
/** `previousPeople`: who the document named before this rewrite; null for a document written for the first time. */
function writeProjections(db: Executor, documentId: number, m: ExtractedMetadata, text: string, previousPeople: number[] | null): void {
  m.parties.forEach((code, position) => {
    ensureParty(db, code);
    db.insert(documentParties).values({ documentId, partyCode: code, position }).onConflictDoNothing().run();
  });
  const scope = m.municipality ?? m.body ?? '';
  const groups = partyGroups(text);
  const affected = new Set<number>(previousPeople ?? []);
  let position = 0;
  const author = (role: string, name: string | null, writtenParty: string | null, roleLabel: string | null) => {
    const mention = name ? parsePersonName(name) : null;
    let party = writtenParty ?? mention?.party ?? null;
    let partySource: string | null = party ? 'document' : null;
    const personId = mention ? resolvePerson(db, mention, { documentId, scope, party }).personId : null;
    if (!party && personId !== null && role !== 'addressee') {
      party = partyOnDate(db, personId, m.date);
      if (party) partySource = 'membership';
    }
    if (party) ensureParty(db, party);
    const groupBody = party ? groups.find((g) => g.party === party)?.body ?? null : null;
    // Only a row that states a party (or a group) feeds derived memberships: a minister addressed in
    // thousands of interpellations need not have them rebuilt from all of those for each new one.
    if (personId !== null && party && (partySource === 'document' || groupBody)) affected.add(personId);
    db.insert(documentAuthors).values({
      documentId, position: position++, role, personId, partyCode: party, partySource, groupBody,
      nameAsWritten: name, roleLabel,
    }).run();
  };
  const signerRole = m.kind === 'interpellationssvar' ? 'answerer' : 'signatory';
  for (const s of m.signatories) author(signerRole, s.name, s.party, s.role);
  // A party group that signs "För Socialdemokraterna" is an author in its own right.
  if (m.signatories.length === 0) for (const code of m.parties) author('on_behalf_of', null, code, null);
  for (const i of m.interpellants) author('interpellant', i.name, i.party, null);
  if (m.addressee?.name) author('addressee', m.addressee.name, null, m.addressee.role);
  // A motion starts its matter: its own heading names the ärende when no item title is given.
  const arendeTitle = m.arende.title ?? (m.kind === 'motion' && /^motion\b/i.test(m.title) ? m.title : null);
  const arendeId = findOrCreateArende(db, {
    municipality: m.municipality, body: m.body, meetingDate: m.date,
    number: m.arende.number, title: arendeTitle, diarienummer: m.arende.diarienummer,
  });
  if (arendeId) db.insert(documentArenden).values({ documentId, arendeId: arendeId.id, rule: arendeId.rule }).onConflictDoNothing().run();
  // A protocol's paragraphs join their own ärenden; a written reservation joins its paragraph.
  writeProtocol(db, documentId, m, text, affected);
  if (previousPeople === null) addDocumentToMemberships(db, documentId, affected);
  else rebuildMemberships(db, affected);
  linkInterpellation(db, documentId);
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
export function getDocument(db: Db, id: number, opts: { includeWithdrawn?: boolean } = {}): StoredDocument | undefined {
  const row = db.select().from(documents).where(and(eq(documents.id, id), opts.includeWithdrawn ? sql`1` : sql`${documents.withdrawnAt} IS NULL`)).get();
  if (!row) return undefined;
  const file = db.select().from(files).where(and(eq(files.documentId, id), eq(files.role, 'original'))).get();
  const extraction = db.select().from(extractions).where(eq(extractions.documentId, id)).orderBy(desc(extractions.id)).get();
  return {
    id: row.id, kind: row.kind, title: row.title, text: row.text, textStatus: row.textStatus,
    createdAt: row.createdAt, updatedAt: row.updatedAt ?? row.createdAt,
    metadata: JSON.parse(row.metadataJson) as ExtractedMetadata,
    file: file && { sha256: file.sha256, byteSize: file.byteSize, mediaType: file.mediaType, filename: file.originalFilename, encoding: file.encoding },
    extraction: extraction && {
      version: extraction.extractorVersion, confidence: extraction.confidence,
      evidence: extraction.evidenceJson ? JSON.parse(extraction.evidenceJson) as Evidence : null,
    },
    ocr: row.textStatus === 'needs_ocr' ? ocrJobOf(db, id) ?? null : null,
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
export function listDocuments(db: Db, f: DocumentFilter): { total: number; items: DocumentSummary[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  if (f.kind) { conds.push('f.kind = ?'); params.push(f.kind); }
  if (f.municipality) { conds.push('f.municipality = ? COLLATE NOCASE'); params.push(f.municipality); }
  if (f.body) { conds.push('sv_lower(f.body) = ?'); params.push(f.body.toLocaleLowerCase('sv')); }
  if (f.year) { conds.push('f.date >= ? AND f.date < ?'); params.push(`${f.year}-01-01`, `${Number(f.year) + 1}-01-01`); }
  if (f.party) { conds.push("f.party_codes LIKE ? ESCAPE '\\'"); params.push(`%,${f.party.replace(/[\\%_]/g, (c) => `\\${c}`)},%`); }
  const where = conds.length ? `AND ${conds.join(' AND ')}` : '';
  const c = db.$client;
  const counts = cached(db, `list-count:${JSON.stringify(params)}:${where}`, () => ({
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
export function getOriginalFile(db: Db, documentId: number): { filename: string; mediaType: string; encoding: string | null; bytes: Buffer } | undefined {
  const row = db.select({ filename: files.originalFilename, mediaType: files.mediaType, encoding: files.encoding, bytes: fileContents.bytes })
    .from(files).innerJoin(fileContents, eq(fileContents.fileId, files.id))
    .innerJoin(documents, eq(documents.id, files.documentId))
    .where(and(eq(files.documentId, documentId), eq(files.role, 'original'), sql`${documents.withdrawnAt} IS NULL`)).get();
  return row;
}

/** Number of stored (not withdrawn) documents. */
export function countDocuments(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(documents).where(sql`${documents.withdrawnAt} IS NULL`).get()?.n ?? 0;
}

/** Titles and texts of several documents (not withdrawn), by id. */
export function getDocumentTexts(db: Db, ids: number[]): Map<number, { title: string; text: string }> {
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: documents.id, title: documents.title, text: documents.text }).from(documents)
    .where(and(idIn(documents.id, ids), sql`${documents.withdrawnAt} IS NULL`)).all();
  return new Map(rows.map((r) => [r.id, { title: r.title, text: r.text }]));
}

/** Titles, kinds and dates of several documents (not withdrawn), by id. */
export function getDocumentHeads(db: Db, ids: number[]): Map<number, { id: number; title: string; kind: string; date: string | null }> {
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: documents.id, title: documents.title, kind: documents.kind, date: documents.date }).from(documents)
    .where(and(idIn(documents.id, ids), sql`${documents.withdrawnAt} IS NULL`)).all();
  return new Map(rows.map((r) => [r.id, r]));
}
