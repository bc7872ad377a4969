/**
 * The PostgreSQL schema: the same tables, columns, keys and indexes as db/schema.ts (SQLite) and the
 * tables SQLite keeps only in raw SQL migrations (search index, vocabularies, counters), so either
 * engine holds the same archive. test/pg/schema-parity.test.ts fails when the two drift apart.
 *
 * Type choices, so values read back as they do from SQLite:
 * - dates stay ISO-8601 text (the domain compares and sorts them as strings), defaults in SQLite's
 *   own format (`strftime('%Y-%m-%dT%H:%M:%fZ','now')`), per statement as SQLite's `'now'` is;
 * - integer is int4 (node-postgres reads it as a number); columns that outgrow 2^31 (48-bit hashes,
 *   milliseconds, unit ids, counters) are int8 read as numbers (exact up to 2^53);
 * - REAL is double precision, BLOB is bytea, the boolean stored as 0/1 in SQLite is boolean;
 * - ids are identity columns BY DEFAULT, so a copy from SQLite can keep its ids (and must then move
 *   each sequence past them, as AUTOINCREMENT never reuses an id).
 * Constructs drizzle-kit cannot express (triggers, functions, seed rows) are in the hand-written
 * migration db/pg/migrations/0001_*.sql.
 */
import { sql } from 'drizzle-orm';
import {
  pgTable, integer, bigint, text, doublePrecision, boolean, index, uniqueIndex, primaryKey, check, customType,
} from 'drizzle-orm/pg-core';

/** File bytes and MinHash signatures: bytea, read and written as Buffers (node-postgres' own mapping). */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

/** A full-text vector; written with SQL (search_vector(), to_tsvector), never read back as a value. */
export const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

/**
 * Text compared byte by byte, as SQLite's BINARY collation does: the search vocabulary is scanned by
 * ranges (`term > stem AND term < stem || '\uffff'`), which any linguistic collation would reorder,
 * and only the "C" collation lets a btree serve them (and LIKE 'x%') whatever the database's locale.
 */
export const binaryText = customType<{ data: string }>({
  dataType: () => 'text COLLATE "C"',
});

/** The SQLite default `strftime('%Y-%m-%dT%H:%M:%fZ','now')`: UTC, milliseconds, a Z. */
export const NOW_ISO = sql`to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const createdAt = () => text('created_at').notNull().default(NOW_ISO);
const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity();
/** int8 columns read as JS numbers (node-postgres would otherwise hand back strings). */
const int8 = (name: string) => bigint(name, { mode: 'number' });

export const documents = pgTable('documents', {
  id: id(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  municipality: text('municipality'),
  body: text('body'),
  date: text('date'),
  text: text('text').notNull(),
  metadataJson: text('metadata_json').notNull(),
  textStatus: text('text_status').notNull().default('ok'),
  withdrawnAt: text('withdrawn_at'),
  createdAt: createdAt(),
  updatedAt: text('updated_at'),
}, (t) => [
  index('documents_kind_idx').on(t.kind),
  index('documents_municipality_idx').on(t.municipality),
  index('documents_date_idx').on(t.date),
]);

export const files = pgTable('files', {
  id: id(),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  role: text('role').notNull().default('original'),
  sha256: text('sha256').notNull(),
  byteSize: integer('byte_size').notNull(),
  mediaType: text('media_type').notNull(),
  originalFilename: text('original_filename').notNull(),
  encoding: text('encoding'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('files_sha256_idx').on(t.sha256),
  index('files_document_idx').on(t.documentId),
]);

/** Bytes in the database (bytea), so a file and its rows commit or roll back together here too. */
export const fileContents = pgTable('file_contents', {
  fileId: integer('file_id').primaryKey().references(() => files.id, { onDelete: 'cascade' }),
  bytes: bytea('bytes').notNull(),
});

export const extractions = pgTable('extractions', {
  id: id(),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  extractorVersion: text('extractor_version').notNull(),
  confidence: doublePrecision('confidence').notNull(),
  resultJson: text('result_json').notNull(),
  evidenceJson: text('evidence_json'),
  createdAt: createdAt(),
}, (t) => [index('extractions_document_idx').on(t.documentId)]);

export const corrections = pgTable('corrections', {
  id: id(),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  field: text('field').notNull(),
  valueJson: text('value_json').notNull(),
  author: text('author').notNull(),
  createdAt: createdAt(),
}, (t) => [index('corrections_document_idx').on(t.documentId)]);

export const parties = pgTable('parties', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
});

export const people = pgTable('people', {
  id: id(),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  nameKey: text('name_key').notNull().default(''),
  surnameKey: text('surname_key').notNull().default(''),
  scope: text('scope').notNull().default(''),
  mergedIntoId: integer('merged_into_id'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('people_slug_idx').on(t.slug),
  index('people_key_idx').on(t.nameKey, t.scope),
  index('people_surname_idx').on(t.scope, t.surnameKey),
]);

export const personOverrides = pgTable('person_overrides', {
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  nameKey: text('name_key').notNull(),
  personId: integer('person_id').notNull().references(() => people.id),
  author: text('author').notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.documentId, t.nameKey] })]);

export const personCandidates = pgTable('person_candidates', {
  personId: integer('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
  otherId: integer('other_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
  reason: text('reason').notNull(),
}, (t) => [primaryKey({ columns: [t.personId, t.otherId] })]);

export const personDecisions = pgTable('person_decisions', {
  id: id(),
  action: text('action').notNull(),
  personId: integer('person_id').notNull(),
  otherId: integer('other_id').notNull(),
  detailJson: text('detail_json').notNull(),
  author: text('author').notNull(),
  createdAt: createdAt(),
});

export const memberships = pgTable('memberships', {
  id: id(),
  personId: integer('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
  partyCode: text('party_code').notNull().references(() => parties.code),
  groupBody: text('group_body'),
  fromDate: text('from_date'),
  toDate: text('to_date'),
  documentCount: integer('document_count').notNull().default(0),
  source: text('source').notNull().default('derived'),
}, (t) => [index('memberships_person_idx').on(t.personId, t.partyCode)]);

export const documentAuthors = pgTable('document_authors', {
  id: id(),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  role: text('role').notNull(),
  personId: integer('person_id').references(() => people.id),
  partyCode: text('party_code').references(() => parties.code),
  nameAsWritten: text('name_as_written'),
  roleLabel: text('role_label'),
  partySource: text('party_source'),
  groupBody: text('group_body'),
}, (t) => [
  index('authors_document_idx').on(t.documentId),
  index('authors_person_idx').on(t.personId),
  index('authors_party_idx').on(t.partyCode),
]);

export const documentParties = pgTable('document_parties', {
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  partyCode: text('party_code').notNull().references(() => parties.code),
  position: integer('position').notNull(),
}, (t) => [
  primaryKey({ columns: [t.documentId, t.partyCode] }),
  index('document_parties_party_idx').on(t.partyCode),
]);

export const arenden = pgTable('arenden', {
  id: id(),
  municipality: text('municipality'),
  body: text('body'),
  meetingDate: text('meeting_date'),
  number: text('number'),
  title: text('title'),
  diarienummer: text('diarienummer'),
  dnrKey: text('dnr_key'),
  titleKey: text('title_key'),
  mergedIntoId: integer('merged_into_id'),
  createdAt: createdAt(),
}, (t) => [
  index('arenden_dnr_idx').on(t.municipality, t.dnrKey),
  index('arenden_title_idx').on(t.municipality, t.titleKey),
  index('arenden_meeting_idx').on(t.municipality, t.body, t.meetingDate, t.number),
]);

export const arendeTitles = pgTable('arende_titles', {
  arendeId: integer('arende_id').notNull().references(() => arenden.id, { onDelete: 'cascade' }),
  municipality: text('municipality').notNull(),
  titleKey: text('title_key').notNull(),
}, (t) => [
  primaryKey({ columns: [t.municipality, t.titleKey, t.arendeId] }),
  index('arende_titles_arende_idx').on(t.arendeId),
]);

export const documentArenden = pgTable('document_arenden', {
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  arendeId: integer('arende_id').notNull().references(() => arenden.id, { onDelete: 'cascade' }),
  rule: text('rule').notNull(),
}, (t) => [
  primaryKey({ columns: [t.documentId, t.arendeId] }),
  index('document_arenden_arende_idx').on(t.arendeId),
]);

export const documentLinks = pgTable('document_links', {
  id: id(),
  fromDocumentId: integer('from_document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  toDocumentId: integer('to_document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  relation: text('relation').notNull(),
  rule: text('rule').notNull(),
  confidence: doublePrecision('confidence').notNull(),
  toParagraphId: integer('to_paragraph_id'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('links_unique_idx').on(t.fromDocumentId, t.toDocumentId, t.relation),
  index('links_to_idx').on(t.toDocumentId),
]);

/** See db/schema.ts: one row per distinct paragraph text; exact copies share it. */
export const paragraphTexts = pgTable('paragraph_texts', {
  /** 48-bit hash (server/linking/paragraphs.ts#hash48). */
  exactHash: int8('exact_hash').primaryKey(),
  signature: bytea('signature').notNull(),
  documents: integer('documents').notNull(),
  reuseCount: integer('reuse_count').notNull().default(0),
}, (t) => [index('paragraph_texts_reused_idx').on(t.reuseCount).where(sql`reuse_count > 0`)]);

export const paragraphTextBands = pgTable('paragraph_text_bands', {
  /** 48-bit hash per band. */
  bandHash: int8('band_hash').notNull(),
  exactHash: int8('exact_hash').notNull(),
}, (t) => [primaryKey({ columns: [t.bandHash, t.exactHash] })]);

export const paragraphTextReuse = pgTable('paragraph_text_reuse', {
  exactHash: int8('exact_hash').notNull().references(() => paragraphTexts.exactHash, { onDelete: 'cascade' }),
  otherHash: int8('other_hash').notNull().references(() => paragraphTexts.exactHash, { onDelete: 'cascade' }),
  similarity: doublePrecision('similarity').notNull(),
}, (t) => [primaryKey({ columns: [t.exactHash, t.otherHash] }), index('paragraph_text_reuse_other_idx').on(t.otherHash)]);

export const paragraphs = pgTable('paragraphs', {
  id: id(),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  exactHash: int8('exact_hash').notNull(),
}, (t) => [
  index('paragraphs_document_idx').on(t.documentId, t.position),
  index('paragraphs_hash_idx').on(t.exactHash, t.documentId),
]);

export const users = pgTable('users', {
  id: id(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  municipality: text('municipality'),
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  disabledAt: text('disabled_at'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('users_email_idx').on(t.email)]);

export const userParties = pgTable('user_parties', {
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  partyCode: text('party_code').notNull().references(() => parties.code),
}, (t) => [primaryKey({ columns: [t.userId, t.partyCode] })]);

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  address: text('address'),
  userAgent: text('user_agent'),
  createdAt: createdAt(),
  expiresAt: text('expires_at').notNull(),
  revokedAt: text('revoked_at'),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

export const apiTokens = pgTable('api_tokens', {
  id: id(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  label: text('label').notNull(),
  tokenHash: text('token_hash').notNull(),
  hint: text('hint').notNull(),
  createdAt: createdAt(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
}, (t) => [uniqueIndex('api_tokens_hash_idx').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)]);

export const pendingUploads = pgTable('pending_uploads', {
  id: id(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  batch: text('batch').notNull(),
  position: integer('position').notNull(),
  status: text('status').notNull(),
  filename: text('filename').notNull(),
  message: text('message'),
  documentId: integer('document_id'),
  analysisJson: text('analysis_json'),
  bytes: bytea('bytes'),
  createdAt: createdAt(),
}, (t) => [index('pending_uploads_batch_idx').on(t.userId, t.batch, t.position)]);

export const revisions = pgTable('revisions', {
  id: id(),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  number: integer('number').notNull(),
  action: text('action').notNull(),
  userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
  author: text('author').notNull(),
  changesJson: text('changes_json').notNull(),
  snapshotJson: text('snapshot_json').notNull(),
  note: text('note'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('revisions_document_idx').on(t.documentId, t.number)]);

export const auditLog = pgTable('audit_log', {
  id: id(),
  action: text('action').notNull(),
  userId: integer('user_id'),
  author: text('author').notNull(),
  target: text('target').notNull(),
  detailJson: text('detail_json').notNull(),
  createdAt: createdAt(),
});

export const ocrJobs = pgTable('ocr_jobs', {
  documentId: integer('document_id').primaryKey().references(() => documents.id, { onDelete: 'cascade' }),
  status: text('status').notNull(),
  pagesTotal: integer('pages_total'),
  pagesDone: integer('pages_done').notNull().default(0),
  message: text('message'),
  attempts: integer('attempts').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: text('updated_at').notNull().default(NOW_ISO),
}, (t) => [index('ocr_jobs_status_idx').on(t.status, t.createdAt)]);

export const loginAttempts = pgTable('login_attempts', {
  id: id(),
  scope: text('scope').notNull(),
  keyHash: text('key_hash').notNull(),
  /** Milliseconds since the epoch: past int4. */
  at: int8('at').notNull(),
  outcome: text('outcome').notNull(),
}, (t) => [index('login_attempts_key_idx').on(t.scope, t.keyHash, t.at), index('login_attempts_at_idx').on(t.at)]);

export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

export const protocolParagraphs = pgTable('protocol_paragraphs', {
  id: id(),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  ordinal: integer('ordinal').notNull(),
  number: text('number').notNull(),
  anchor: text('anchor').notNull(),
  title: text('title'),
  diarienummer: text('diarienummer'),
  decision: text('decision'),
  startOffset: integer('start_offset').notNull(),
  endOffset: integer('end_offset').notNull(),
  voteJa: integer('vote_ja'),
  voteNej: integer('vote_nej'),
  voteAvstar: integer('vote_avstar'),
  arendeId: integer('arende_id').references(() => arenden.id),
  arendeRule: text('arende_rule'),
}, (t) => [
  uniqueIndex('protocol_paragraphs_document_idx').on(t.documentId, t.ordinal),
  index('protocol_paragraphs_arende_idx').on(t.arendeId),
]);

export const protocolPositions = pgTable('protocol_positions', {
  id: id(),
  paragraphId: integer('paragraph_id').notNull().references(() => protocolParagraphs.id, { onDelete: 'cascade' }),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  ordinal: integer('ordinal').notNull(),
  what: text('what').notNull(),
  kind: text('kind'),
  partyCode: text('party_code').references(() => parties.code),
  partySource: text('party_source'),
  personId: integer('person_id').references(() => people.id),
  nameAsWritten: text('name_as_written'),
  sentence: text('sentence').notNull(),
  startOffset: integer('start_offset'),
  endOffset: integer('end_offset'),
}, (t) => [
  index('protocol_positions_paragraph_idx').on(t.paragraphId, t.ordinal),
  index('protocol_positions_document_idx').on(t.documentId),
  index('protocol_positions_party_idx').on(t.partyCode, t.what),
  index('protocol_positions_person_idx').on(t.personId),
]);

// ---- Tables SQLite has only in raw SQL migrations (db/migrations/0002, 0004, 0006, 0009) ----

/**
 * The counterpart of the FTS5 table `search_fts` (contentless; columns title, arende, people, body,
 * exact). One row per unit: `rowid` is the document id, or −(id×65536+ordinal) for a protocol
 * paragraph (db/search-units.ts), so a document's units are one range scan of the key.
 * `terms` holds the four stemmed fields as one vector with FTS5's field weights as tsvector weights
 * (SEARCH_WEIGHTS); `exact` the unstemmed words for phrases and prefixes. Both are built by
 * search_vector() / to_tsvector('simple', …) from tokens server/analysis has already analysed, so
 * PostgreSQL neither stems nor folds anything itself. `len` is the unit's tokens in all five fields,
 * what FTS5 keeps per row for bm25's length normalisation (db/pg/search-rank.ts).
 */
export const searchFts = pgTable('search_fts', {
  rowid: int8('rowid').primaryKey(),
  terms: tsvector('terms').notNull(),
  exact: tsvector('exact').notNull(),
  len: integer('len').notNull().default(0),
}, (t) => [
  index('search_fts_terms_idx').using('gin', t.terms),
  index('search_fts_exact_idx').using('gin', t.exact),
]);

/**
 * FTS5 column → tsvector weight. bm25 weights there are title 10, ärende 8, people 5, body 1
 * (db/search.ts); ts_rank takes them as the array {D, C, B, A} = {0.1, 0.5, 0.8, 1.0}.
 */
export const SEARCH_WEIGHTS = { title: 'A', arende: 'B', people: 'C', body: 'D' } as const;
/** ts_rank's weight array in its own order {D, C, B, A}: the bm25 weights divided by the title's. */
export const TS_RANK_WEIGHTS = '{0.1, 0.5, 0.8, 1.0}';
/** The FTS5 column kept as its own vector. */
export const SEARCH_EXACT_COLUMN = 'exact';

export const searchTerms = pgTable('search_terms', {
  term: binaryText('term').primaryKey(),
  rev: binaryText('rev').notNull(),
  docCount: integer('doc_count').notNull().default(0),
}, (t) => [index('search_terms_rev_idx').on(t.rev)]);

export const searchWords = pgTable('search_words', {
  word: binaryText('word').primaryKey(),
  docCount: integer('doc_count').notNull(),
});

export const searchFacets = pgTable('search_facets', {
  documentId: integer('document_id').primaryKey(),
  kind: text('kind').notNull(),
  body: text('body'),
  municipality: text('municipality'),
  date: text('date'),
  partyCodes: text('party_codes').notNull(),
  seq: int8('seq').notNull().default(0),
}, (t) => [
  index('search_facets_date_idx').on(t.date, t.documentId),
  index('search_facets_seq_idx').on(t.seq),
]);

/** One row (id 1): the write sequence of search_facets and the epoch a restore changes. */
export const searchSeq = pgTable('search_seq', {
  id: integer('id').primaryKey(),
  n: int8('n').notNull(),
  epoch: text('epoch').notNull(),
}, () => [check('search_seq_one_row', sql`id = 1`)]);

/** One row (id 1): moved by triggers on every change a cached read model depends on. */
export const dataVersion = pgTable('data_version', {
  id: integer('id').primaryKey(),
  n: int8('n').notNull(),
}, () => [check('data_version_one_row', sql`id = 1`)]);
