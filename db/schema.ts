/** Drizzle schema: documents apart from their files, machine extractions apart from human corrections. */
import { sql } from 'drizzle-orm';
import {
  sqliteTable, integer, text, real, blob, index, uniqueIndex, primaryKey,
} from 'drizzle-orm/sqlite-core';

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** A document: what was said. Effective metadata columns are denormalised for filtering. */
export const documents = sqliteTable('documents', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  municipality: text('municipality'),
  body: text('body'),
  date: text('date'),
  /** Normalised text: paragraphs separated by blank lines. */
  text: text('text').notNull(),
  /** Effective metadata in the extraction contract's shape (extraction overlaid with corrections). */
  metadataJson: text('metadata_json').notNull(),
  /** 'ok' | 'needs_ocr' */
  textStatus: text('text_status').notNull().default('ok'),
  withdrawnAt: text('withdrawn_at'),
  createdAt: createdAt(),
  updatedAt: createdAt(),
}, (t) => [
  index('documents_kind_idx').on(t.kind),
  index('documents_municipality_idx').on(t.municipality),
  index('documents_date_idx').on(t.date),
]);

/** A stored file of a document (the upload; later maybe OCR output or other renditions). */
export const files = sqliteTable('files', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  /** 'original' */
  role: text('role').notNull().default('original'),
  sha256: text('sha256').notNull(),
  byteSize: integer('byte_size').notNull(),
  mediaType: text('media_type').notNull(),
  originalFilename: text('original_filename').notNull(),
  /** Detected text encoding for text files. */
  encoding: text('encoding'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('files_sha256_idx').on(t.sha256),
  index('files_document_idx').on(t.documentId),
]);

/** File bytes, kept in SQLite so a file and its rows commit or roll back together. */
export const fileContents = sqliteTable('file_contents', {
  fileId: integer('file_id').primaryKey().references(() => files.id, { onDelete: 'cascade' }),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
});

/** What an extractor found, with its version and confidence. Never edited by people. */
export const extractions = sqliteTable('extractions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  extractorVersion: text('extractor_version').notNull(),
  confidence: real('confidence').notNull(),
  resultJson: text('result_json').notNull(),
  createdAt: createdAt(),
}, (t) => [index('extractions_document_idx').on(t.documentId)]);

/** A person's confirmation or correction of one metadata field; wins over any extraction. */
export const corrections = sqliteTable('corrections', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  field: text('field').notNull(),
  valueJson: text('value_json').notNull(),
  author: text('author').notNull(),
  createdAt: createdAt(),
}, (t) => [index('corrections_document_idx').on(t.documentId)]);

/** Parties by abbreviation ("S", "MP", local ones too). */
export const parties = sqliteTable('parties', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
});

/** A person (curated record; extraction mentions resolve to one). */
export const people = sqliteTable('people', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('people_slug_idx').on(t.slug)]);

/**
 * Who stands behind a document and how: a person or a party group, with a role
 * ('signatory' | 'on_behalf_of' | 'interpellant' | 'answerer' | 'addressee') and the label as written.
 */
export const documentAuthors = sqliteTable('document_authors', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  role: text('role').notNull(),
  personId: integer('person_id').references(() => people.id),
  partyCode: text('party_code').references(() => parties.code),
  nameAsWritten: text('name_as_written'),
  roleLabel: text('role_label'),
}, (t) => [
  index('authors_document_idx').on(t.documentId),
  index('authors_person_idx').on(t.personId),
  index('authors_party_idx').on(t.partyCode),
]);

/** Parties a document speaks for (the contract's `parties`). */
export const documentParties = sqliteTable('document_parties', {
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  partyCode: text('party_code').notNull().references(() => parties.code),
  position: integer('position').notNull(),
}, (t) => [
  primaryKey({ columns: [t.documentId, t.partyCode] }),
  index('document_parties_party_idx').on(t.partyCode),
]);

/** A matter (ärende) in one municipality. */
export const arenden = sqliteTable('arenden', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  municipality: text('municipality'),
  body: text('body'),
  meetingDate: text('meeting_date'),
  number: text('number'),
  title: text('title'),
  diarienummer: text('diarienummer'),
  createdAt: createdAt(),
}, (t) => [
  index('arenden_dnr_idx').on(t.municipality, t.diarienummer),
  index('arenden_meeting_idx').on(t.municipality, t.body, t.meetingDate, t.number),
]);

/** A document can belong to several ärenden; `rule` says which rule linked it. */
export const documentArenden = sqliteTable('document_arenden', {
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  arendeId: integer('arende_id').notNull().references(() => arenden.id, { onDelete: 'cascade' }),
  rule: text('rule').notNull(),
}, (t) => [
  primaryKey({ columns: [t.documentId, t.arendeId] }),
  index('document_arenden_arende_idx').on(t.arendeId),
]);

/** A typed relation between two documents ('answers', 'same_arende', 'reuses_text', …). */
export const documentLinks = sqliteTable('document_links', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  fromDocumentId: integer('from_document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  toDocumentId: integer('to_document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  relation: text('relation').notNull(),
  rule: text('rule').notNull(),
  confidence: real('confidence').notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('links_unique_idx').on(t.fromDocumentId, t.toDocumentId, t.relation),
  index('links_to_idx').on(t.toDocumentId),
]);
