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
  /** Last change of the effective metadata; null until the first. (Before migration 0008 this mapped onto created_at by mistake.) */
  updatedAt: text('updated_at'),
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
  /** Per field: the rule that decided it, its confidence and its source (server/ingest/stages/metadata/evidence.ts). */
  evidenceJson: text('evidence_json'),
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

/**
 * A person: a curated record that extraction mentions resolve to. `scope` is where the person acts
 * (municipality, else body such as "Riksdagen"): the same name in two scopes is two people until
 * someone merges them. A merged person keeps its row and points to the survivor.
 */
export const people = sqliteTable('people', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  /** Normalised name: lowercase, single spaces, hyphens as spaces, no party suffix. */
  nameKey: text('name_key').notNull().default(''),
  /** The name key's last word when it has two or more ('' otherwise): same-surname candidates by index, not by scanning a scope. */
  surnameKey: text('surname_key').notNull().default(''),
  scope: text('scope').notNull().default(''),
  mergedIntoId: integer('merged_into_id'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('people_slug_idx').on(t.slug),
  index('people_key_idx').on(t.nameKey, t.scope),
  index('people_surname_idx').on(t.scope, t.surnameKey),
]);

/** A human decision that one mention (name as keyed, in one document) belongs to a given person (a split). */
export const personOverrides = sqliteTable('person_overrides', {
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  nameKey: text('name_key').notNull(),
  personId: integer('person_id').notNull().references(() => people.id),
  author: text('author').notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.documentId, t.nameKey] })]);

/** "Möjligen samma person som …": an uncertain match kept apart, shown to readers and curators. */
export const personCandidates = sqliteTable('person_candidates', {
  personId: integer('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
  otherId: integer('other_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
  reason: text('reason').notNull(),
}, (t) => [primaryKey({ columns: [t.personId, t.otherId] })]);

/** Curation log for people: merges and splits, who and when. */
export const personDecisions = sqliteTable('person_decisions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  action: text('action').notNull(),
  personId: integer('person_id').notNull(),
  otherId: integer('other_id').notNull(),
  detailJson: text('detail_json').notNull(),
  author: text('author').notNull(),
  createdAt: createdAt(),
});

/**
 * A person's membership of a party, or of its group in one body ("S-gruppen i kommunfullmäktige"),
 * with the span of dates the documents show it. Derived rows are rebuilt from documents.
 */
export const memberships = sqliteTable('memberships', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  personId: integer('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
  partyCode: text('party_code').notNull().references(() => parties.code),
  /** null: the party itself; else the body whose party group the person belongs to. */
  groupBody: text('group_body'),
  fromDate: text('from_date'),
  toDate: text('to_date'),
  documentCount: integer('document_count').notNull().default(0),
  source: text('source').notNull().default('derived'),
}, (t) => [index('memberships_person_idx').on(t.personId, t.partyCode)]);

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
  /** 'document' when the text gives the party; 'membership' when resolved from the person's membership on the date. */
  partySource: text('party_source'),
  /** The body of the party group the text signs for, when it says so. */
  groupBody: text('group_body'),
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
  /** Diarienummer without case, spaces or dashes, for the diarienummer rule. */
  dnrKey: text('dnr_key'),
  /** Normalised title for the title rule (lowercase, no punctuation, no leading "Motion av X om"). */
  titleKey: text('title_key'),
  /** Set when a later document showed this to be the same matter as another ärende. */
  mergedIntoId: integer('merged_into_id'),
  createdAt: createdAt(),
}, (t) => [
  index('arenden_dnr_idx').on(t.municipality, t.dnrKey),
  index('arenden_title_idx').on(t.municipality, t.titleKey),
  index('arenden_meeting_idx').on(t.municipality, t.body, t.meetingDate, t.number),
]);

/** Every normalised title an ärende has been called by (the motion's heading, the KS item's title …). */
export const arendeTitles = sqliteTable('arende_titles', {
  arendeId: integer('arende_id').notNull().references(() => arenden.id, { onDelete: 'cascade' }),
  municipality: text('municipality').notNull(),
  titleKey: text('title_key').notNull(),
}, (t) => [
  primaryKey({ columns: [t.municipality, t.titleKey, t.arendeId] }),
  index('arende_titles_arende_idx').on(t.arendeId),
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
  /** For 'in_paragraph': the protocol paragraph a written reservation or note belongs to. */
  toParagraphId: integer('to_paragraph_id'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('links_unique_idx').on(t.fromDocumentId, t.toDocumentId, t.relation),
  index('links_to_idx').on(t.toDocumentId),
]);

/**
 * A distinct paragraph text, keyed by the exact hash of its normalised words: its MinHash signature,
 * how many documents hold it, and `reuse_count`, the other documents holding it or a near copy of it
 * (`documents - 1` plus the documents of each text it is paired with in `paragraph_text_reuse`). Exact
 * copies share this row instead of each pair of them being stored: a text in k documents is one row,
 * not k·(k−1)/2 pairs whose counts every new copy rewrote.
 */
export const paragraphTexts = sqliteTable('paragraph_texts', {
  exactHash: integer('exact_hash').primaryKey(),
  signature: blob('signature', { mode: 'buffer' }).notNull(),
  documents: integer('documents').notNull(),
  reuseCount: integer('reuse_count').notNull().default(0),
}, (t) => [index('paragraph_texts_reused_idx').on(t.reuseCount).where(sql`reuse_count > 0`)]);

/**
 * Locality-sensitive buckets: texts sharing a band hash are near-copy candidates. One B-tree only
 * (WITHOUT ROWID in the migration, no index by text, no foreign key): six random inserts per new
 * text instead of eighteen. A text's bands are deleted with it by its signature's band hashes.
 */
export const paragraphTextBands = sqliteTable('paragraph_text_bands', {
  bandHash: integer('band_hash').notNull(),
  exactHash: integer('exact_hash').notNull(),
}, (t) => [primaryKey({ columns: [t.bandHash, t.exactHash] })]);

/** A verified near copy: two distinct texts with nearly the same words (exact copies share a text). */
export const paragraphTextReuse = sqliteTable('paragraph_text_reuse', {
  exactHash: integer('exact_hash').notNull().references(() => paragraphTexts.exactHash, { onDelete: 'cascade' }),
  otherHash: integer('other_hash').notNull().references(() => paragraphTexts.exactHash, { onDelete: 'cascade' }),
  similarity: real('similarity').notNull(),
}, (t) => [primaryKey({ columns: [t.exactHash, t.otherHash] }), index('paragraph_text_reuse_other_idx').on(t.otherHash)]);

/**
 * One occurrence of a paragraph long enough to be worth recognising elsewhere: where it stands in a
 * document, and which text it is (`paragraph_texts`, by the exact hash of its normalised words).
 */
export const paragraphs = sqliteTable('paragraphs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  /** Index of the paragraph in the document text (the #sN permalink). */
  position: integer('position').notNull(),
  exactHash: integer('exact_hash').notNull(),
}, (t) => [
  index('paragraphs_document_idx').on(t.documentId, t.position),
  // The documents holding a text, in order, from the index alone.
  index('paragraphs_hash_idx').on(t.exactHash, t.documentId),
]);

/**
 * Someone who may write: an administrator, or a party secretary scoped to parties in one
 * municipality. The password is an scrypt hash with its own salt and cost parameters.
 */
export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Lowercased; the login name. */
  email: text('email').notNull(),
  name: text('name').notNull(),
  /** 'admin' | 'secretary' */
  role: text('role').notNull(),
  /** The secretary's municipality as documents name it ("Huddinge kommun"); null for administrators. */
  municipality: text('municipality'),
  passwordHash: text('password_hash').notNull(),
  /** Set for a one-time password: the user must choose their own before writing anything. */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  disabledAt: text('disabled_at'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('users_email_idx').on(t.email)]);

/** The parties a secretary writes for. */
export const userParties = sqliteTable('user_parties', {
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  partyCode: text('party_code').notNull().references(() => parties.code),
}, (t) => [primaryKey({ columns: [t.userId, t.partyCode] })]);

/** A login: the cookie holds a random token, the table only its sha256, so a leaked dump opens nothing. */
export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  /** Synchroniser token every form of this session must echo. */
  csrfToken: text('csrf_token').notNull(),
  address: text('address'),
  userAgent: text('user_agent'),
  createdAt: createdAt(),
  expiresAt: text('expires_at').notNull(),
  revokedAt: text('revoked_at'),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/** A personal bearer token for scripted upload; stored as sha256, shown once. */
export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  label: text('label').notNull(),
  tokenHash: text('token_hash').notNull(),
  /** The first characters, so the owner can tell tokens apart. */
  hint: text('hint').notNull(),
  createdAt: createdAt(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
}, (t) => [uniqueIndex('api_tokens_hash_idx').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)]);

/**
 * An uploaded file waiting for its uploader's review: extracted, not yet a document, not searchable.
 * Files that failed or were already stored are kept as rows too, so the batch page can say so.
 */
export const pendingUploads = sqliteTable('pending_uploads', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  batch: text('batch').notNull(),
  position: integer('position').notNull(),
  /** 'review' | 'failed' | 'duplicate' | 'saved' */
  status: text('status').notNull(),
  filename: text('filename').notNull(),
  message: text('message'),
  documentId: integer('document_id'),
  /** The analysed file (NewDocument without its bytes) as JSON; null unless status is 'review'. */
  analysisJson: text('analysis_json'),
  bytes: blob('bytes', { mode: 'buffer' }),
  createdAt: createdAt(),
}, (t) => [index('pending_uploads_batch_idx').on(t.userId, t.batch, t.position)]);

/**
 * The history of a document: its creation, every correction (fields with old and new values),
 * withdrawal and restoration. `snapshotJson` is the effective metadata after the change.
 */
export const revisions = sqliteTable('revisions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  /** 1, 2, 3 … per document. */
  number: integer('number').notNull(),
  /** 'created' | 'corrected' | 'withdrawn' | 'restored' */
  action: text('action').notNull(),
  userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
  author: text('author').notNull(),
  /** [{field, old, new}] */
  changesJson: text('changes_json').notNull(),
  snapshotJson: text('snapshot_json').notNull(),
  note: text('note'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('revisions_document_idx').on(t.documentId, t.number)]);

/** Actions whose subject may disappear (a document deleted for good) or that concern accounts. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  action: text('action').notNull(),
  userId: integer('user_id'),
  author: text('author').notNull(),
  target: text('target').notNull(),
  detailJson: text('detail_json').notNull(),
  createdAt: createdAt(),
});

/**
 * OCR of a scanned PDF, run in the background after the document is stored. A job left 'running'
 * by a crash or restart is queued again at start-up. 'unavailable': Tesseract is not installed.
 */
export const ocrJobs = sqliteTable('ocr_jobs', {
  documentId: integer('document_id').primaryKey().references(() => documents.id, { onDelete: 'cascade' }),
  /** 'queued' | 'running' | 'done' | 'failed' | 'unavailable' */
  status: text('status').notNull(),
  pagesTotal: integer('pages_total'),
  pagesDone: integer('pages_done').notNull().default(0),
  message: text('message'),
  attempts: integer('attempts').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
}, (t) => [index('ocr_jobs_status_idx').on(t.status, t.createdAt)]);

/**
 * Login attempts being verified or failed, per limited key (an account's email, an address), so the
 * limit holds across concurrent requests and across server processes on one database. A row is
 * written before the password is verified ('pending') and settled after ('failed'), or deleted
 * when the password was right. Rows older than the longest window are pruned on every reservation.
 */
export const loginAttempts = sqliteTable('login_attempts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** 'account' | 'address' */
  scope: text('scope').notNull(),
  /** sha256 of the key, so typed emails (sometimes a password typed in the wrong field) and addresses are not kept readable. */
  keyHash: text('key_hash').notNull(),
  /** Milliseconds since the epoch. */
  at: integer('at').notNull(),
  /** 'pending' (being verified) | 'failed' */
  outcome: text('outcome').notNull(),
}, (t) => [index('login_attempts_key_idx').on(t.scope, t.keyHash, t.at), index('login_attempts_at_idx').on(t.at)]);

/** Server-wide secrets (the HMAC key of the login form's CSRF token), made once and shared by every process on the database. */
export const serverSecrets = sqliteTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

/**
 * One paragraph (§) of a stored meeting protocol, projected from the effective metadata's
 * `paragraphs` and rebuilt with the document's other projections. `arende_id` is the matter the
 * paragraph joined (diarienummer, else title); `anchor` is its permalink inside the protocol.
 */
export const protocolParagraphs = sqliteTable('protocol_paragraphs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  /** 0, 1, 2 … in the protocol's order. */
  ordinal: integer('ordinal').notNull(),
  /** "§ 79" as written. */
  number: text('number').notNull(),
  /** "paragraf-79": the id of the paragraph on the document page. */
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

/**
 * How one person, or one party group without a person, acted in a paragraph: a proposal (stance),
 * a vote (ja/nej/avstar), a reservation, a note (protokollsanteckning/sarskilt_yttrande) or a jäv,
 * with the sentence that shows it and where that sentence lies in the protocol's text.
 */
export const protocolPositions = sqliteTable('protocol_positions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  paragraphId: integer('paragraph_id').notNull().references(() => protocolParagraphs.id, { onDelete: 'cascade' }),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  /** 0, 1, 2 … within the paragraph; the sentence's anchor is "<paragraph anchor>-mening-<ordinal + 1>". */
  ordinal: integer('ordinal').notNull(),
  /** 'proposal' | 'vote' | 'reservation' | 'note' | 'jav' */
  what: text('what').notNull(),
  /** The stance of a proposal, the vote cast, the kind of note; null for reservations and jäv. */
  kind: text('kind'),
  partyCode: text('party_code').references(() => parties.code),
  /** 'document' when the text gives the party; 'membership' when taken from the person's membership on the date. */
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
