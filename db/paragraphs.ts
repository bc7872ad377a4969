/**
 * Reused paragraphs in SQL: each distinct paragraph text once (`paragraph_texts`, its signature and
 * band buckets), where documents hold it (`paragraphs`), and verified near copies between texts
 * with their similarity. Written in the document's transaction.
 */
import type Database from 'better-sqlite3';
import {
  BANDS, MIN_CONTAINMENT, bandHashes, MIN_ESTIMATE, containment, estimateSimilarity, fingerprintParagraphs, paragraphWords, shingles,
  signatureFromBuffer, signatureToBuffer, splitParagraphs,
} from '../server/linking/paragraphs.js';

import { indexedText, MAX_FINGERPRINTED } from './index-budget.js';
import type { ParagraphFingerprint } from '../server/linking/paragraphs.js';
import { isPg, type Db } from './engine.js';
import * as pg from './pg/paragraphs.js';

type Sqlite = Database.Database;

/** Candidates read per band bucket: a boilerplate paragraph in thousands of documents is not news. */
export const BUCKET_LIMIT = 200;
/** Near copies kept per new text. */
export const MAX_PARTNERS = 100;
/** Other documents listed for one reused paragraph on its document's page; the rest are counted. */
export const MAX_LISTED = 100;

const prepared = new WeakMap<Sqlite, ReturnType<typeof prepare>>();
function prepare(c: Sqlite) {
  return {
    hashesOf: c.prepare('SELECT DISTINCT exact_hash FROM paragraphs WHERE document_id = ?').pluck(),
    deleteDoc: c.prepare('DELETE FROM paragraphs WHERE document_id = ?'),
    documentsOf: c.prepare('SELECT documents FROM paragraph_texts WHERE exact_hash = ?').pluck(),
    textOf: c.prepare('SELECT documents, signature FROM paragraph_texts WHERE exact_hash = ?'),
    nearOf: c.prepare('SELECT other_hash FROM paragraph_text_reuse WHERE exact_hash = ? UNION ALL SELECT exact_hash FROM paragraph_text_reuse WHERE other_hash = ?').pluck(),
    // One document more or less holds the text: its own count and its reuse count move together.
    addDocuments: c.prepare('UPDATE paragraph_texts SET documents = documents + @by, reuse_count = reuse_count + @by WHERE exact_hash = @hash'),
    addReuse: c.prepare('UPDATE paragraph_texts SET reuse_count = reuse_count + ? WHERE exact_hash = ?'),
    deleteText: c.prepare('DELETE FROM paragraph_texts WHERE exact_hash = ?'),
    deleteBand: c.prepare('DELETE FROM paragraph_text_bands WHERE band_hash = ? AND exact_hash = ?'),
    insertText: c.prepare('INSERT INTO paragraph_texts (exact_hash, signature, documents, reuse_count) VALUES (?, ?, 1, ?)'),
    band: c.prepare('INSERT INTO paragraph_text_bands (band_hash, exact_hash) VALUES (?, ?)'),
    // Every band bucket of a text in one statement, each candidate once: a near copy shares most of
    // its bands. Each bucket is still read up to BUCKET_LIMIT.
    buckets: c.prepare(`SELECT t.exact_hash AS hash, t.signature, t.documents FROM paragraph_texts t WHERE t.exact_hash IN (
      ${Array.from({ length: BANDS }, () => `SELECT * FROM (SELECT exact_hash FROM paragraph_text_bands WHERE band_hash = ? LIMIT ${BUCKET_LIMIT})`).join(' UNION ')})`),
    occurrence: c.prepare('SELECT document_id AS documentId, position FROM paragraphs WHERE exact_hash = ? LIMIT 1'),
    text: c.prepare('SELECT text FROM documents WHERE id = ?').pluck(),
    pair: c.prepare('INSERT INTO paragraph_text_reuse (exact_hash, other_hash, similarity) VALUES (?, ?, ?)'),
    insert: c.prepare('INSERT INTO paragraphs (document_id, position, exact_hash) VALUES (?, ?, ?)'),
  };
}
function statements(c: Sqlite) {
  let s = prepared.get(c);
  if (!s) { s = prepare(c); prepared.set(c, s); }
  return s;
}

/** The texts paired with `hash` as near copies. */
function nearTexts(st: ReturnType<typeof prepare>, hash: number): number[] {
  return st.nearOf.all(hash, hash) as number[];
}

/** Forgets a document's paragraphs: each of its texts is held by one document fewer. */
export async function removeParagraphs(db: Db, documentId: number): Promise<void> {
  if (isPg(db)) return pg.removeParagraphs(db, documentId);
  const c = db.$client;
  const st = statements(c);
  for (const hash of st.hashesOf.all(documentId) as number[]) {
    for (const other of nearTexts(st, hash)) st.addReuse.run(-1, other);
    const t = st.textOf.get(hash) as { documents: number; signature: Buffer } | undefined;
    if (t && t.documents > 1) { st.addDocuments.run({ by: -1, hash }); continue; }
    // The last holder gone, the text goes: its pairs by ON DELETE CASCADE, its bands (which have no
    // index by text) by the band hashes of its signature.
    if (t) for (const band of bandHashes(signatureFromBuffer(t.signature))) st.deleteBand.run(band, hash);
    st.deleteText.run(hash);
  }
  st.deleteDoc.run(documentId);
}

/**
 * Fingerprints the document's paragraphs. A text already in the archive (an exact copy) is counted
 * once more; a new text is paired with the texts that are nearly the same. Returns the number of
 * new near pairs.
 */
export async function indexParagraphs(db: Db, documentId: number, text: string, prepared?: ParagraphFingerprint[]): Promise<number> {
  if (isPg(db)) return pg.indexParagraphs(db, documentId, text, prepared);
  const c = db.$client;
  const st = statements(c);
  await removeParagraphs(db, documentId);
  const texts = new Map<number, string[]>();
  const paragraphOf = (documentId: number, position: number): string => {
    let list = texts.get(documentId);
    if (!list) { list = splitParagraphs(st.text.get(documentId) as string); texts.set(documentId, list); }
    return list[position] ?? '';
  };
  type Candidate = { hash: number; signature: Buffer; documents: number };
  type Partner = { hash: number; similarity: number; documents: number };
  // The same budget as the search index: a dump's tail is not compared.
  const fingerprints = prepared ?? fingerprintParagraphs(indexedText(text), MAX_FINGERPRINTED);
  // Each distinct text of the document once: a paragraph the document repeats is one holder.
  const distinct = new Map<number, ParagraphFingerprint>();
  for (const fp of fingerprints) if (!distinct.has(fp.exactHash)) distinct.set(fp.exactHash, fp);
  const copies: number[] = [];
  const fresh: Array<{ fp: ParagraphFingerprint; partners: Partner[] }> = [];
  // Partners are found before any of this document's rows are written, so a new text is never
  // paired with another paragraph of the same document.
  for (const [hash, fp] of distinct) {
    if (st.documentsOf.get(hash) !== undefined) { copies.push(hash); continue; }
    let own: Set<number> | undefined;
    const partners: Partner[] = [];
    for (const r of st.buckets.all(...fp.bands) as Candidate[]) {
      if (estimateSimilarity(fp.signature, signatureFromBuffer(r.signature)) < MIN_ESTIMATE) continue;
      // Verified on the words themselves: the estimate only chooses what to verify.
      const at = st.occurrence.get(r.hash) as { documentId: number; position: number } | undefined;
      if (!at) continue;
      const similarity = containment(own ??= new Set(fp.shingles), shingles(paragraphWords(paragraphOf(at.documentId, at.position))));
      if (similarity >= MIN_CONTAINMENT) partners.push({ hash: r.hash, similarity, documents: r.documents });
    }
    partners.sort((a, b) => b.similarity - a.similarity);
    fresh.push({ fp, partners: partners.slice(0, MAX_PARTNERS) });
  }
  let pairs = 0;
  for (const { fp, partners } of fresh) {
    st.insertText.run(fp.exactHash, signatureToBuffer(fp.signature), partners.reduce((n, p) => n + p.documents, 0));
    for (const band of fp.bands) st.band.run(band, fp.exactHash);
    for (const p of partners) {
      st.pair.run(fp.exactHash, p.hash, p.similarity);
      st.addReuse.run(1, p.hash);
      pairs++;
    }
  }
  // After the new texts, so a new text near a copied one counts this document too.
  for (const hash of copies) {
    st.addDocuments.run({ by: 1, hash });
    for (const other of nearTexts(st, hash)) st.addReuse.run(1, other);
  }
  for (const fp of fingerprints) st.insert.run(documentId, fp.position, fp.exactHash);
  return pairs;
}

export interface ReusedParagraph {
  paragraph: number;
  /** Other documents holding the paragraph or a near copy, in id order, at most MAX_LISTED. */
  documents: number[];
  /** How many other documents hold it (the party page's count), listed or not. */
  documentCount: number;
}

/** For each reused paragraph of a document: the other documents holding it or a near copy of it. */
export async function reusedParagraphsOf(db: Db, documentId: number): Promise<ReusedParagraph[]> {
  if (isPg(db)) return pg.reusedParagraphsOf(db, documentId);
  const c = db.$client;
  const mine = c.prepare(`SELECT p.position, p.exact_hash AS hash, t.reuse_count AS reuseCount FROM paragraphs p
    JOIN paragraph_texts t ON t.exact_hash = p.exact_hash AND t.reuse_count > 0
    WHERE p.document_id = ? ORDER BY p.position`).all(documentId) as Array<{ position: number; hash: number; reuseCount: number }>;
  if (mine.length === 0) return [];
  // The documents holding a text, in id order, from paragraphs_hash_idx alone (withdrawn documents
  // hold no paragraphs: withdrawal removes them).
  const holders = c.prepare(`SELECT DISTINCT document_id FROM paragraphs WHERE exact_hash = ? AND document_id <> ?
    ORDER BY document_id LIMIT ${MAX_LISTED + 1}`).pluck();
  const st = statements(c);
  const byHash = new Map<number, Omit<ReusedParagraph, 'paragraph'>>();
  const out: ReusedParagraph[] = [];
  for (const m of mine) {
    let reuse = byHash.get(m.hash);
    if (!reuse) {
      const found = new Set(holders.all(m.hash, documentId) as number[]);
      for (const other of nearTexts(st, m.hash)) {
        for (const id of holders.all(other, documentId) as number[]) found.add(id);
      }
      const documents = [...found].sort((a, b) => a - b).slice(0, MAX_LISTED);
      // A list cut short is counted by the text's reuse count; a whole list counts itself (the
      // reuse count counts a document twice when it holds both a text and its near copy).
      reuse = { documents, documentCount: found.size > MAX_LISTED ? Math.max(m.reuseCount, found.size) : found.size };
      byHash.set(m.hash, reuse);
    }
    if (reuse.documents.length) out.push({ paragraph: m.position, ...reuse });
  }
  return out;
}

export interface PartyParagraph {
  documentId: number;
  position: number;
  exactHash: number;
  reuseCount: number;
}

/** Texts looked at in the archive's order before a party's own paragraphs are read instead. */
export const GLOBAL_BUDGET = 2000;

/**
 * A party's most reused paragraphs, one per distinct text, most reused first, each at the party's
 * newest document holding it. The archive's most reused texts are usually every party's, so they
 * are walked in order first; a party found in few of them has its own paragraphs read instead.
 */
export async function mostReusedParagraphs(db: Db, party: string, limit: number): Promise<PartyParagraph[]> {
  if (isPg(db)) return pg.mostReusedParagraphs(db, party, limit);
  const c = db.$client;
  const newestOfParty = c.prepare(`SELECT max(p.document_id) FROM paragraphs p
    JOIN document_parties dp ON dp.document_id = p.document_id AND dp.party_code = ? WHERE p.exact_hash = ?`).pluck();
  let found: Array<{ exactHash: number; reuseCount: number; documentId: number }> = [];
  let seen = 0;
  for (const t of c.prepare('SELECT exact_hash AS exactHash, reuse_count AS reuseCount FROM paragraph_texts WHERE reuse_count > 0 ORDER BY reuse_count DESC')
    .iterate() as IterableIterator<{ exactHash: number; reuseCount: number }>) {
    // Ties at the last place are all read, since they are ordered by document.
    if (found.length >= limit && t.reuseCount < found[limit - 1]!.reuseCount) break;
    if (++seen > GLOBAL_BUDGET) break;
    const documentId = newestOfParty.get(party, t.exactHash) as number | null;
    if (documentId !== null) found.push({ ...t, documentId });
  }
  if (seen > GLOBAL_BUDGET) {
    found = c.prepare(`SELECT p.exact_hash AS exactHash, t.reuse_count AS reuseCount, max(p.document_id) AS documentId
      FROM document_parties dp JOIN paragraphs p ON p.document_id = dp.document_id
      JOIN paragraph_texts t ON t.exact_hash = p.exact_hash AND t.reuse_count > 0
      WHERE dp.party_code = ? GROUP BY p.exact_hash`).all(party) as typeof found;
  }
  found.sort((a, b) => b.reuseCount - a.reuseCount || b.documentId - a.documentId);
  const position = c.prepare('SELECT min(position) FROM paragraphs WHERE document_id = ? AND exact_hash = ?').pluck();
  return found.slice(0, limit).map((r) => ({ ...r, position: position.get(r.documentId, r.exactHash) as number }));
}
