/**
 * What happens to a document and everything derived from it when it is stored, corrected, read
 * again, withdrawn, restored or deleted. Each use-case is one transaction: the document's rows, its
 * bytes, its projections (authors, parties, memberships, ärende, answers, protocol paragraphs,
 * reused paragraphs) and its search entry are written together or not at all. The SQL lives in
 * db/; this module only decides which repository calls follow which.
 */
import { transaction, type Db } from '../../db/client.js';
import { lockKey } from '../../db/locks.js';
import {
  addDocumentArende, addDocumentAuthor, addDocumentParty, allDocumentIds, authorPeopleOf, clearDocumentProjections, correctionsOf,
  deleteDocumentLinks, deleteDocumentRow, documentState, documentText, extractedMetadata, findDocumentIdBySha, insertCorrections,
  insertDocumentRow, insertExtraction, insertOriginalFile, liveMetadata, originalFileOf, setDocumentText, setEffectiveMetadata, setWithdrawn,
} from '../../db/documents.js';
import { addRevision, listRevisions, SYSTEM_AUTHOR, type Author } from '../../db/revisions.js';
import { audit } from '../../db/users.js';
import { indexParagraphs, removeParagraphs } from '../../db/paragraphs.js';
import { indexDocument, removeFromIndex, toSearchDoc } from '../../db/search-index.js';
import { enqueueOcr, finishOcrJob } from '../../db/ocr.js';
import { ensureParty } from '../../db/parties.js';
import { resolvePerson } from '../../db/people.js';
import { findOrCreateArende } from '../../db/arenden.js';
import { addDocumentToMemberships, partyOnDate, rebuildMemberships } from '../../db/memberships.js';
import { linkInterpellation } from '../../db/links.js';
import { positionPeople, removeProtocol, writeProtocol } from '../../db/protocol.js';
import { getPendingForReview, markPendingSaved } from '../../db/pending-uploads.js';
import { rekeyPeople } from '../../db/relink.js';
import { overlayCorrections, type FieldCorrection } from '../domain/effective-metadata.js';
import { diffMetadata, type FieldChange } from '../domain/metadata-diff.js';
import { preparedFor } from '../ingest/stages/prepare-index.js';
import { parsePersonName } from '../linking/person-names.js';
import { partyGroups } from '../linking/party-groups.js';
import type { ExtractedMetadata, NewDocument } from '../ingest/types.js';
import type { Evidence } from '../ingest/stages/metadata/evidence.js';

export type { NewDocument };

/**
 * Stores a document and everything hanging off it atomically. Returns the new id, or the
 * existing one when the same bytes were stored meanwhile (`created: false`). `corrections` are a
 * person's changes made before saving (the review form): stored apart from the extraction, and
 * listed in the first revision. `refileWithdrawn`: the same bytes of a withdrawn document file that
 * document again (the caller has checked the uploader's right to file it).
 */
export async function storeDocument(db: Db, doc: NewDocument, opts: { corrections?: FieldCorrection[]; author?: Author; refileWithdrawn?: boolean } = {}): Promise<{ id: number; created: boolean; linkMs: number }> {
  return await transaction(db, async (tx) => {
    const fixes = opts.corrections ?? [];
    const author = opts.author ?? SYSTEM_AUTHOR;
    const m = overlayCorrections(doc.metadata, fixes);
    // The same bytes stored by two processes at once: the second waits here, then finds the first's
    // document (the unique index on files.sha256 is the backstop), rather than failing halfway.
    await lockKey(tx, `file:${doc.sha256}`);
    const existing = await findDocumentIdBySha(tx, doc.sha256);
    if (existing !== undefined) {
      if (opts.refileWithdrawn && await refile(tx, existing, m, author)) return { id: existing, created: true, linkMs: 0 };
      return { id: existing, created: false, linkMs: 0 };
    }
    const id = await insertDocumentRow(tx, m, doc.text, doc.textStatus);
    await insertOriginalFile(tx, id, doc);
    await insertExtraction(tx, id, doc);
    await insertCorrections(tx, id, fixes, author.label);
    await addRevision(tx, { documentId: id, action: 'created', author, changes: diffMetadata(doc.metadata, m), snapshot: m });
    const started = performance.now();
    await writeProjections(tx, id, m, doc.text, null);
    const prepared = preparedFor(doc.text, doc.prepared);
    await indexParagraphs(tx, id, doc.text, prepared?.fingerprints);
    const linkMs = performance.now() - started;
    await indexDocument(tx, id, toSearchDoc(m, doc.text, prepared), { fresh: true });
    // A scanned PDF is read by OCR in the background; the job is queued with the document.
    if (doc.textStatus === 'needs_ocr' && doc.mediaType === 'application/pdf') await enqueueOcr(tx, id);
    return { id, created: true, linkMs };
  });
}

/**
 * Files a withdrawn document again, for a new uploader: the same row, file and history, live again
 * with `wanted` as its metadata. Withdrawal means its filer no longer stands behind it, not that
 * nobody may file it. The fields that differ from what was withdrawn become corrections by the new
 * uploader (they win over earlier ones), the projections and search are rebuilt, and a `refiled`
 * revision follows the earlier withdrawal. False when the document is not withdrawn.
 */
async function refile(tx: Db, documentId: number, wanted: ExtractedMetadata, author: Author): Promise<boolean> {
  const state = await documentState(tx, documentId);
  if (!state?.withdrawnAt) return false;
  const before = state.metadata;
  await insertCorrections(tx, documentId, diffMetadata(before, wanted).map((c) => ({ field: c.field, value: c.new })), author.label);
  await setWithdrawn(tx, documentId, false);
  await relink(tx, documentId);
  await reindexOne(tx, documentId);
  const after = (await liveMetadata(tx, documentId))!;
  await addRevision(tx, { documentId, action: 'refiled', author, changes: diffMetadata(before, after), snapshot: after, note: null });
  return true;
}

/**
 * Saves a reviewed upload as a document (with the reviewer's corrections), or files a withdrawn
 * document with the same bytes again, and marks the pending row saved, dropping its copy of the
 * bytes, in one transaction.
 */
export async function savePending(db: Db, userId: number, id: number, corrections: FieldCorrection[], author: Author): Promise<{ documentId: number; created: boolean }> {
  return await transaction(db, async (tx) => {
    const pending = await getPendingForReview(tx, userId, id);
    if (!pending) throw new Error(`Uppladdning ${id} väntar inte på granskning`);
    const r = await storeDocument(tx, pending.doc, { corrections, author, refileWithdrawn: true });
    await markPendingSaved(tx, id, r.created ? 'saved' : 'duplicate', r.id);
    return { documentId: r.id, created: r.created };
  });
}

/**
 * Stores a new extraction of an existing document (a better extractor, OCR) without touching any
 * human correction: the effective metadata is rebuilt as the new extraction overlaid with corrections.
 */
export async function recordExtraction(db: Db, documentId: number, metadata: ExtractedMetadata, extractorVersion: string, confidence: number, evidence?: Evidence): Promise<void> {
  await transaction(db, async (tx) => {
    await insertExtraction(tx, documentId, { extractorVersion, confidence, metadata, evidence });
    await rebuildEffective(tx, documentId);
    await reindexOne(tx, documentId);
  });
}

/**
 * Stores the text OCR read from a scanned document with the metadata extracted from it: a new
 * extraction (people's corrections still win), links, reused paragraphs and search follow, the job
 * is marked done and the history says so, all in one transaction.
 */
export async function applyOcrText(db: Db, documentId: number, text: string, metadata: ExtractedMetadata, extractorVersion: string, confidence: number, evidence?: Evidence): Promise<void> {
  await transaction(db, async (tx) => {
    const state = await documentState(tx, documentId);
    if (!state) return;
    await setDocumentText(tx, documentId, text, 'ok');
    await insertExtraction(tx, documentId, { extractorVersion, confidence, metadata, evidence });
    await finishOcrJob(tx, documentId, 'done', null);
    if (state.withdrawnAt) return;
    const before = state.metadata;
    await rebuildEffective(tx, documentId);
    await indexParagraphs(tx, documentId, text);
    await reindexOne(tx, documentId);
    const after = (await liveMetadata(tx, documentId))!;
    await addRevision(tx, { documentId, action: 'extracted', author: { userId: null, label: 'OCR' }, changes: diffMetadata(before, after), snapshot: after, note: 'Texten lästes med OCR' });
  });
}

/**
 * Stores a new reading of a stored document by newer rules (`npm run reextract`): its text when the
 * readers now read it differently, a new extraction (people's corrections still win), and links,
 * reused paragraphs and search rebuilt, with an `extracted` revision when the effective metadata
 * changed; all in one transaction. Withdrawn documents are left as they are.
 */
export async function applyReextraction(db: Db, documentId: number, r: { text: string; metadata: ExtractedMetadata; extractorVersion: string; confidence: number; evidence?: Evidence }): Promise<{ changed: string[] }> {
  return await transaction(db, async (tx) => {
    const state = await documentState(tx, documentId);
    if (!state || state.withdrawnAt) return { changed: [] };
    const newText = state.text !== r.text;
    if (newText) await setDocumentText(tx, documentId, r.text);
    await insertExtraction(tx, documentId, r);
    const before = state.metadata;
    await rebuildEffective(tx, documentId);
    if (newText) await indexParagraphs(tx, documentId, r.text);
    await reindexOne(tx, documentId);
    const after = (await liveMetadata(tx, documentId))!;
    const changes = diffMetadata(before, after);
    if (changes.length) {
      await addRevision(tx, { documentId, action: 'extracted', author: { userId: null, label: 'omläsning' }, changes, snapshot: after, note: `Lästes om med ${r.extractorVersion}` });
    }
    return { changed: changes.map((c) => c.field) };
  });
}

/** Records a person's value for one field; it wins over every extraction, past and future. */
export async function recordCorrection(db: Db, documentId: number, field: string, value: unknown, author: string): Promise<void> {
  await transaction(db, async (tx) => {
    const current = await liveMetadata(tx, documentId);
    if (!current) throw new Error(`Dokument ${documentId} finns inte`);
    await correctDocument(tx, documentId, overlayCorrections(current, [{ field, value }]), { userId: null, label: author });
  });
}

/**
 * Corrects a stored document to `wanted` (its correctable fields): each changed field becomes a
 * correction, all of them one revision, and links and the search index follow in the same
 * transaction. Returns the changes (none: nothing is written).
 */
export async function correctDocument(db: Db, documentId: number, wanted: ExtractedMetadata, author: Author, note: string | null = null): Promise<FieldChange[]> {
  return await transaction(db, async (tx) => {
    const current = await liveMetadata(tx, documentId);
    if (!current) throw new Error(`Dokument ${documentId} finns inte`);
    const changes = diffMetadata(current, wanted);
    if (changes.length === 0) return changes;
    await insertCorrections(tx, documentId, changes.map((c) => ({ field: c.field, value: c.new })), author.label);
    await rebuildEffective(tx, documentId);
    await reindexOne(tx, documentId);
    await addRevision(tx, { documentId, action: 'corrected', author, changes, snapshot: (await liveMetadata(tx, documentId))!, note });
    return changes;
  });
}

/**
 * Withdraws a document: it leaves lists, search, links and people's records, but the row, its
 * file and its history stay, and it can be restored. False when it is absent or already withdrawn.
 */
export async function withdrawDocument(db: Db, documentId: number, author: Author, note: string | null): Promise<boolean> {
  return await transaction(db, async (tx) => {
    const m = await liveMetadata(tx, documentId);
    if (!m) return false;
    await removeProjections(tx, documentId);
    await setWithdrawn(tx, documentId, true);
    await addRevision(tx, { documentId, action: 'withdrawn', author, changes: [], snapshot: m, note });
    return true;
  });
}

/** Brings a withdrawn document back, with its links and search entry. False when it is not withdrawn. */
export async function restoreDocument(db: Db, documentId: number, author: Author, note: string | null): Promise<boolean> {
  return await transaction(db, async (tx) => {
    if (!(await documentState(tx, documentId))?.withdrawnAt) return false;
    await setWithdrawn(tx, documentId, false);
    await relink(tx, documentId);
    await reindexOne(tx, documentId);
    await addRevision(tx, { documentId, action: 'restored', author, changes: [], snapshot: (await liveMetadata(tx, documentId))!, note });
    return true;
  });
}

/**
 * Deletes a document for good (administrators only, checked by the caller). What it was and its
 * whole history go to the audit log first, which outlives the document. False when absent.
 */
export async function deleteDocument(db: Db, documentId: number, author: Author, note: string | null): Promise<boolean> {
  return await transaction(db, async (tx) => {
    const state = await documentState(tx, documentId);
    if (!state) return false;
    await audit(tx, 'document.delete', author.userId, author.label, `document:${documentId}`, {
      note, title: state.title, kind: state.kind, metadata: state.metadata,
      file: await originalFileOf(tx, documentId), history: await listRevisions(tx, documentId),
    });
    if (!state.withdrawnAt) await removeProjections(tx, documentId);
    await deleteDocumentRow(tx, documentId);
    return true;
  });
}

/** Re-derives a live document's links (people, memberships, ärende, answers, reused paragraphs) from its stored metadata. */
export async function relinkDocument(db: Db, documentId: number): Promise<void> {
  await transaction(db, async (tx) => await relink(tx, documentId));
}

/** Relinks every document in id order after a change of rules (curated merges and splits hold); returns how many. */
export async function relinkAll(db: Db, onProgress: (done: number, total: number) => void = () => {}): Promise<number> {
  // People stored before name keys existed get one, so resolution finds them again.
  await transaction(db, async (tx) => await rekeyPeople(tx));
  const ids = await allDocumentIds(db);
  for (const [i, id] of ids.entries()) {
    await relinkDocument(db, id);
    if ((i + 1) % 200 === 0 || i + 1 === ids.length) onProgress(i + 1, ids.length);
  }
  return ids.length;
}

async function relink(tx: Db, documentId: number): Promise<void> {
  if (!await liveMetadata(tx, documentId)) return;
  await rebuildEffective(tx, documentId);
  await indexParagraphs(tx, documentId, await documentText(tx, documentId));
}

/** Removes everything derived from a document (links, people's roles, ärende, reused text, search) so it no longer shows anywhere. */
async function removeProjections(tx: Db, documentId: number): Promise<void> {
  const people = await authorPeopleOf(tx, documentId);
  await clearDocumentProjections(tx, documentId);
  people.push(...await positionPeople(tx, documentId));
  await removeProtocol(tx, documentId);
  await deleteDocumentLinks(tx, documentId);
  await rebuildMemberships(tx, people);
  await removeParagraphs(tx, documentId);
  await removeFromIndex(tx, documentId);
}

/** Effective metadata = latest extraction overlaid with corrections in order; projections follow. */
async function rebuildEffective(tx: Db, documentId: number): Promise<void> {
  const latest = await extractedMetadata(tx, documentId);
  if (!latest) throw new Error(`Dokument ${documentId} saknar extraktion`);
  const m = overlayCorrections(latest, await correctionsOf(tx, documentId));
  const previousPeople = await authorPeopleOf(tx, documentId);
  const text = await documentText(tx, documentId);
  await setEffectiveMetadata(tx, documentId, m);
  await clearDocumentProjections(tx, documentId);
  await writeProjections(tx, documentId, m, text, previousPeople);
}

/** Re-projects one document into the search index (inside the caller's transaction). */
async function reindexOne(tx: Db, documentId: number): Promise<void> {
  const state = (await documentState(tx, documentId))!;
  await indexDocument(tx, documentId, toSearchDoc(state.metadata, state.text));
}

/**
 * Rows derived from the metadata: parties, authors resolved to people (with their party on the
 * document's date where the text gives none), memberships, the ärende, the protocol's paragraphs and
 * the interpellation link. `previousPeople`: who the document named before this rewrite; null for a
 * document written for the first time.
 */
async function writeProjections(tx: Db, documentId: number, m: ExtractedMetadata, text: string, previousPeople: number[] | null): Promise<void> {
  for (const [position, code] of m.parties.entries()) {
    await ensureParty(tx, code);
    await addDocumentParty(tx, documentId, code, position);
  }
  const scope = m.municipality ?? m.body ?? '';
  const groups = partyGroups(text);
  const affected = new Set<number>(previousPeople ?? []);
  let position = 0;
  const author = async (role: string, name: string | null, writtenParty: string | null, roleLabel: string | null) => {
    const mention = name ? parsePersonName(name) : null;
    let party = writtenParty ?? mention?.party ?? null;
    let partySource: string | null = party ? 'document' : null;
    const personId = mention ? (await resolvePerson(tx, mention, { documentId, scope, party })).personId : null;
    if (!party && personId !== null && role !== 'addressee') {
      party = await partyOnDate(tx, personId, m.date);
      if (party) partySource = 'membership';
    }
    if (party) await ensureParty(tx, party);
    const groupBody = party ? groups.find((g) => g.party === party)?.body ?? null : null;
    // Only a row that states a party (or a group) feeds derived memberships: a minister addressed in
    // thousands of interpellations need not have them rebuilt from all of those for each new one.
    if (personId !== null && party && (partySource === 'document' || groupBody)) affected.add(personId);
    await addDocumentAuthor(tx, { documentId, position: position++, role, personId, partyCode: party, partySource, groupBody, nameAsWritten: name, roleLabel });
  };
  const signerRole = m.kind === 'interpellationssvar' ? 'answerer' : 'signatory';
  for (const s of m.signatories) await author(signerRole, s.name, s.party, s.role);
  // A party group that signs "För Socialdemokraterna" is an author in its own right.
  if (m.signatories.length === 0) for (const code of m.parties) await author('on_behalf_of', null, code, null);
  for (const i of m.interpellants) await author('interpellant', i.name, i.party, null);
  if (m.addressee?.name) await author('addressee', m.addressee.name, null, m.addressee.role);
  // A motion starts its matter: its own heading names the ärende when no item title is given.
  const arendeTitle = m.arende.title ?? (m.kind === 'motion' && /^motion\b/i.test(m.title) ? m.title : null);
  const arende = await findOrCreateArende(tx, {
    municipality: m.municipality, body: m.body, meetingDate: m.date,
    number: m.arende.number, title: arendeTitle, diarienummer: m.arende.diarienummer,
  });
  if (arende) await addDocumentArende(tx, documentId, arende.id, arende.rule);
  // A protocol's paragraphs join their own ärenden; a written reservation joins its paragraph.
  await writeProtocol(tx, documentId, m, text, affected);
  if (previousPeople === null) await addDocumentToMemberships(tx, documentId, affected);
  else await rebuildMemberships(tx, affected);
  await linkInterpellation(tx, documentId);
}
