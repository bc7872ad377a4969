/**
 * Reused paragraphs in SQL: fingerprints of a document's paragraphs, candidate lookup through
 * band buckets, and verified pairs with their similarity. Written in the document's transaction.
 */
import type Database from 'better-sqlite3';
import {
  BANDS, MIN_CONTAINMENT, MIN_ESTIMATE, containment, estimateSimilarity, fingerprintParagraphs, paragraphWords, shingles,
  signatureFromBuffer, signatureToBuffer, splitParagraphs,
} from '../server/linking/paragraphs.js';

import { indexedText, MAX_FINGERPRINTED } from './index-budget.js';
import type { ParagraphFingerprint } from '../server/linking/paragraphs.js';

type Sqlite = Database.Database;

/** Candidates read per band bucket: a boilerplate paragraph in thousands of documents is not news. */
const BUCKET_LIMIT = 200;
/** Pairs kept per paragraph. */
const MAX_PARTNERS = 100;


const prepared = new WeakMap<Sqlite, ReturnType<typeof prepare>>();
function prepare(c: Sqlite) {
  return {
    oldIds: c.prepare('SELECT id FROM paragraphs WHERE document_id = ?').pluck(),
    partnersOf: c.prepare('SELECT other_id AS id FROM paragraph_reuse WHERE paragraph_id = ? UNION SELECT paragraph_id FROM paragraph_reuse WHERE other_id = ?').pluck(),
    decrement: c.prepare('UPDATE paragraphs SET reuse_count = max(0, reuse_count - 1) WHERE id = ?'),
    deleteDoc: c.prepare('DELETE FROM paragraphs WHERE document_id = ?'),
    // A new paragraph's partners are found before it is written, so its count is written with it.
    insert: c.prepare('INSERT INTO paragraphs (document_id, position, exact_hash, signature, reuse_count) VALUES (?, ?, ?, ?, ?)'),
    band: c.prepare('INSERT OR IGNORE INTO paragraph_bands (band_hash, paragraph_id) VALUES (?, ?)'),
    sameHash: c.prepare(`SELECT p.id, p.document_id AS documentId, p.signature FROM paragraphs p
      WHERE p.exact_hash = ? AND p.document_id <> ? LIMIT ${BUCKET_LIMIT}`),
    // Every band bucket of a paragraph in one statement, each paragraph once: a near-copy shares most
    // of its bands, so one per band read the same rows up to BANDS times (the larger part of linking's
    // cost in a big archive). Each bucket is still read up to BUCKET_LIMIT.
    buckets: c.prepare(`SELECT p.id, p.document_id AS documentId, p.signature FROM paragraphs p WHERE p.id IN (
      ${Array.from({ length: BANDS }, () => `SELECT * FROM (SELECT paragraph_id FROM paragraph_bands WHERE band_hash = ? LIMIT ${BUCKET_LIMIT})`).join(' UNION ')})
      AND p.document_id <> ?`),
    text: c.prepare('SELECT text FROM documents WHERE id = ?').pluck(),
    position: c.prepare('SELECT position FROM paragraphs WHERE id = ?').pluck(),
    pair: c.prepare('INSERT OR IGNORE INTO paragraph_reuse (paragraph_id, other_id, similarity) VALUES (?, ?, ?)'),
    bump: c.prepare('UPDATE paragraphs SET reuse_count = reuse_count + 1 WHERE id = ?'),
  };
}
function statements(c: Sqlite) {
  let s = prepared.get(c);
  if (!s) { s = prepare(c); prepared.set(c, s); }
  return s;
}

/** Forgets a document's paragraphs; their partners' counts drop with them. */
export function removeParagraphs(c: Sqlite, documentId: number): void {
  const st = statements(c);
  for (const id of st.oldIds.all(documentId) as number[]) {
    for (const other of st.partnersOf.all(id, id) as number[]) st.decrement.run(other);
  }
  st.deleteDoc.run(documentId);
}

/**
 * Fingerprints the document's paragraphs and pairs each with the same or nearly the same
 * paragraphs of other documents. Returns the number of pairs found.
 */
export function indexParagraphs(c: Sqlite, documentId: number, text: string, prepared?: ParagraphFingerprint[]): number {
  const st = statements(c);
  removeParagraphs(c, documentId);
  let pairs = 0;
  const texts = new Map<number, string[]>();
  const paragraphOf = (documentId: number, position: number): string => {
    let list = texts.get(documentId);
    if (!list) { list = splitParagraphs(st.text.get(documentId) as string); texts.set(documentId, list); }
    return list[position] ?? '';
  };
  type Candidate = { id: number; documentId: number; signature: Buffer };
  type Partner = { id: number; similarity: number };
  // The same budget as the search index: a dump's tail is not compared.
  const fingerprints = prepared ?? fingerprintParagraphs(indexedText(text), MAX_FINGERPRINTED);
  // Partners are found before any of this document's rows are written, so a lookup never wades
  // through the document's own paragraphs (a text of one paragraph repeated was quadratic), and a
  // paragraph the document repeats is looked up once.
  const partnersByHash = new Map<string, Partner[]>();
  const found = fingerprints.map((fp) => {
    const known = partnersByHash.get(String(fp.exactHash));
    if (known) return known;
    const seen = new Set<number>();
    let own: Set<number> | undefined;
    // One partner paragraph per other document: the most similar.
    const byDocument = new Map<number, Partner>();
    const consider = (rows: Candidate[], exact: boolean) => {
      for (const r of rows) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        // This document already holds the paragraph verbatim; nothing can beat that.
        if (byDocument.get(r.documentId)?.similarity === 1) continue;
        if (!exact && estimateSimilarity(fp.signature, signatureFromBuffer(r.signature)) < MIN_ESTIMATE) continue;
        // Verified on the words themselves: the estimate only chooses what to verify. Equal
        // normalised hashes need no verification, and skipping it spares reading the other text.
        const similarity = exact ? 1 : containment(own ??= new Set(fp.shingles), shingles(paragraphWords(paragraphOf(r.documentId, st.position.get(r.id) as number))));
        if (similarity < MIN_CONTAINMENT) continue;
        const best = byDocument.get(r.documentId);
        if (!best || best.similarity < similarity) byDocument.set(r.documentId, { id: r.id, similarity });
      }
    };
    consider(st.sameHash.all(fp.exactHash, documentId) as Candidate[], true);
    consider(st.buckets.all(...fp.bands, documentId) as Candidate[], false);
    const partners = [...byDocument.values()].sort((a, b) => b.similarity - a.similarity).slice(0, MAX_PARTNERS);
    partnersByHash.set(String(fp.exactHash), partners);
    return partners;
  });
  const bumped: number[] = [];
  fingerprints.forEach((fp, i) => {
    const partners = found[i]!;
    const id = Number(st.insert.run(documentId, fp.position, fp.exactHash, signatureToBuffer(fp.signature), partners.length).lastInsertRowid);
    for (const band of fp.bands) st.band.run(band, id);
    for (const p of partners) {
      st.pair.run(id, p.id, p.similarity);
      bumped.push(p.id);
      pairs++;
    }
  });
  // In id order: a document's partners are mostly runs of neighbouring paragraphs of a few documents,
  // so their rows and index entries share pages.
  for (const id of bumped.sort((a, b) => a - b)) st.bump.run(id);
  return pairs;
}

export interface ReusedParagraph {
  paragraph: number;
  documents: number[];
}

/** For each reused paragraph of a document: the other (not withdrawn) documents holding it. */
export function reusedParagraphsOf(c: Sqlite, documentId: number): ReusedParagraph[] {
  const rows = c.prepare(`
    SELECT p.position AS position, o.document_id AS other FROM paragraphs p
      JOIN paragraph_reuse r ON r.paragraph_id = p.id JOIN paragraphs o ON o.id = r.other_id
      JOIN documents d ON d.id = o.document_id AND d.withdrawn_at IS NULL
      WHERE p.document_id = ? AND p.reuse_count > 0
    UNION
    SELECT p.position, o.document_id FROM paragraphs p
      JOIN paragraph_reuse r ON r.other_id = p.id JOIN paragraphs o ON o.id = r.paragraph_id
      JOIN documents d ON d.id = o.document_id AND d.withdrawn_at IS NULL
      WHERE p.document_id = ? AND p.reuse_count > 0
    ORDER BY 1, 2`).all(documentId, documentId) as Array<{ position: number; other: number }>;
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const list = out.get(r.position) ?? [];
    if (!list.includes(r.other) && r.other !== documentId) list.push(r.other);
    out.set(r.position, list);
  }
  return [...out.entries()].map(([paragraph, documents]) => ({ paragraph, documents }));
}

export interface PartyParagraph {
  documentId: number;
  position: number;
  exactHash: number;
  reuseCount: number;
}

/** A party's most reused paragraphs (one per distinct text), most reused first. */
export function mostReusedParagraphs(c: Sqlite, party: string, limit: number): PartyParagraph[] {
  const rows = c.prepare(`
    SELECT p.document_id AS documentId, p.position, p.exact_hash AS exactHash, p.reuse_count AS reuseCount
    FROM paragraphs p
    JOIN document_parties dp ON dp.document_id = p.document_id AND dp.party_code = ?
    JOIN documents d ON d.id = p.document_id AND d.withdrawn_at IS NULL
    WHERE p.reuse_count > 0
    ORDER BY p.reuse_count DESC, p.document_id DESC LIMIT ?`).all(party, limit * 20) as PartyParagraph[];
  const seen = new Set<number>();
  const out: PartyParagraph[] = [];
  for (const r of rows) {
    if (seen.has(r.exactHash)) continue;
    seen.add(r.exactHash);
    out.push(r);
    if (out.length >= limit) break;
  }
  return out;
}
