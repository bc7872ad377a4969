/**
 * Reused paragraphs on PostgreSQL (db/paragraphs.ts calls these for a PostgreSQL handle). The counts
 * of `paragraph_texts` are kept incrementally, and a text's `reuse_count` depends on the documents
 * of every text paired with it, so a write reads what it then counts on (does this text exist yet,
 * which texts are paired with it, how many documents hold a partner). Several server processes may
 * index documents at once, so the reuse index is written by one transaction at a time, each seeing
 * every earlier one committed, as SQLite's one writer does: every write here first locks the one
 * `data_version` row to the end of the transaction. That row is the lock because every write of a
 * reuse count takes it anyway (its trigger bumps the counter, as every document write does): taken
 * before the reads the counts depend on instead of at the first update, it adds no lock of its own
 * that two transactions could take in opposite orders. The counts themselves move by increments in
 * SQL (`documents = documents + 1`), never by a value read into this process, and nothing is kept
 * between calls.
 */
import { sql } from 'drizzle-orm';
import {
  BANDS, MIN_CONTAINMENT, MIN_ESTIMATE, bandHashes, containment, estimateSimilarity, fingerprintParagraphs, paragraphWords, shingles,
  signatureFromBuffer, signatureToBuffer, splitParagraphs, type ParagraphFingerprint,
} from '../../server/linking/paragraphs.js';
import { indexedText, MAX_FINGERPRINTED } from '../index-budget.js';
import { inTx } from './client.js';
import type { PgDb } from '../engine.js';
import { BUCKET_LIMIT, GLOBAL_BUDGET, MAX_LISTED, MAX_PARTNERS, type PartyParagraph, type ReusedParagraph } from '../paragraphs.js';

/** Texts read per query while walking the archive's most reused ones. */
const WALK_CHUNK = 100;

/** int8 columns come back from raw queries as strings; the hashes are 48-bit, exact as numbers. */
const num = (v: unknown): number => Number(v);

async function rows<T>(db: PgDb, text: string, params: unknown[]): Promise<T[]> {
  return (await db.$client.query(text, params)).rows as T[];
}


/**
 * The reuse index's write lock, to the end of the transaction: the row the `data_version` triggers
 * update (re-taking it in one transaction is free). NO KEY UPDATE is what their UPDATE takes.
 */
async function lockReuseIndex(tx: PgDb): Promise<void> {
  await tx.execute(sql`SELECT 1 FROM data_version WHERE id = 1 FOR NO KEY UPDATE`);
}

/**
 * Adds `by` to the reuse count of every text paired with one of `hashes`, once per pair row (as
 * db/paragraphs.ts#nearTexts lists them, a text paired twice counting twice).
 */
async function addReuseToNear(tx: PgDb, hashes: number[], by: number): Promise<void> {
  if (hashes.length === 0) return;
  await tx.$client.query(`UPDATE paragraph_texts t SET reuse_count = t.reuse_count + n.k * $2::int
    FROM (SELECT o, count(*)::int AS k FROM (
      SELECT r.other_hash AS o FROM paragraph_text_reuse r WHERE r.exact_hash = ANY($1::int8[])
      UNION ALL SELECT r.exact_hash FROM paragraph_text_reuse r WHERE r.other_hash = ANY($1::int8[])) x GROUP BY o) n
    WHERE t.exact_hash = n.o`, [hashes, by]);
}

export async function removeParagraphs(db: PgDb, documentId: number): Promise<void> {
  await inTx(db, async (tx) => {
    await lockReuseIndex(tx);
    const hashes = (await rows<{ h: string }>(tx, 'SELECT DISTINCT exact_hash AS h FROM paragraphs WHERE document_id = $1', [documentId])).map((r) => num(r.h));
    if (hashes.length) {
      // Each of the document's texts is held by one document fewer, and so is every near copy's reuse.
      await addReuseToNear(tx, hashes, -1);
      // The last holder gone, the text goes: its pairs by ON DELETE CASCADE, its bands (which have no
      // index by text) by the band hashes of its signature.
      const last = await rows<{ h: string; signature: Buffer }>(tx,
        'SELECT exact_hash AS h, signature FROM paragraph_texts WHERE exact_hash = ANY($1::int8[]) AND documents <= 1', [hashes]);
      await tx.$client.query(`UPDATE paragraph_texts SET documents = documents - 1, reuse_count = reuse_count - 1
        WHERE exact_hash = ANY($1::int8[]) AND documents > 1`, [hashes]);
      if (last.length) {
        const bands: number[] = [];
        const owners: number[] = [];
        for (const t of last) for (const band of bandHashes(signatureFromBuffer(t.signature))) { bands.push(band); owners.push(num(t.h)); }
        await tx.$client.query(`DELETE FROM paragraph_text_bands b USING unnest($1::int8[], $2::int8[]) AS x(band, owner)
          WHERE b.band_hash = x.band AND b.exact_hash = x.owner`, [bands, owners]);
        await tx.$client.query('DELETE FROM paragraph_texts WHERE exact_hash = ANY($1::int8[])', [last.map((t) => num(t.h))]);
      }
    }
    await tx.$client.query('DELETE FROM paragraphs WHERE document_id = $1', [documentId]);
  });
}

type Partner = { hash: number; similarity: number; documents: number };

/**
 * Every band bucket of every new text in one statement: for text i (its BANDS bands at i·BANDS … in
 * the one array), each candidate once, each bucket read up to BUCKET_LIMIT in hash order, candidates
 * in hash order. One round trip for the document instead of one per new text. A function: the
 * constants come from db/paragraphs.ts, which imports this module.
 */
const buckets = () => `WITH q AS (SELECT (n - 1) / ${BANDS} AS i, band FROM unnest($1::int8[]) WITH ORDINALITY AS u(band, n)),
  c AS (SELECT DISTINCT q.i, b.exact_hash FROM q CROSS JOIN LATERAL
    (SELECT exact_hash FROM paragraph_text_bands WHERE band_hash = q.band ORDER BY exact_hash LIMIT ${BUCKET_LIMIT}) b)
  SELECT c.i, t.exact_hash AS hash, t.signature, t.documents FROM c JOIN paragraph_texts t ON t.exact_hash = c.exact_hash
  ORDER BY c.i, t.exact_hash`;

export async function indexParagraphs(db: PgDb, documentId: number, text: string, prepared?: ParagraphFingerprint[]): Promise<number> {
  return inTx(db, async (tx) => {
    await lockReuseIndex(tx);
    await removeParagraphs(tx, documentId);
    // Document texts read to verify candidates, for this call only.
    const texts = new Map<number, string[]>();
    const paragraphOf = async (id: number, position: number): Promise<string> => {
      let list = texts.get(id);
      if (!list) {
        const [r] = await rows<{ text: string }>(tx, 'SELECT text FROM documents WHERE id = $1', [id]);
        list = splitParagraphs(r!.text);
        texts.set(id, list);
      }
      return list[position] ?? '';
    };
    // The same budget as the search index: a dump's tail is not compared.
    const fingerprints = prepared ?? fingerprintParagraphs(indexedText(text), MAX_FINGERPRINTED);
    // Each distinct text of the document once: a paragraph the document repeats is one holder.
    const distinct = new Map<number, ParagraphFingerprint>();
    for (const fp of fingerprints) if (!distinct.has(fp.exactHash)) distinct.set(fp.exactHash, fp);
    const known = new Set((await rows<{ h: string }>(tx, 'SELECT exact_hash AS h FROM paragraph_texts WHERE exact_hash = ANY($1::int8[])', [[...distinct.keys()]]))
      .map((r) => num(r.h)));
    const copies: number[] = [];
    const fresh: Array<{ fp: ParagraphFingerprint; partners: Partner[] }> = [];
    // Partners are found before any of this document's rows are written, so a new text is never
    // paired with another paragraph of the same document.
    const newTexts = [...distinct].filter(([hash]) => !known.has(hash));
    for (const [hash] of distinct) if (known.has(hash)) copies.push(hash);
    // The candidates of every new text, and where each candidate is held, in two statements.
    const byText = new Map<number, Array<{ hash: string; signature: Buffer; documents: number }>>();
    if (newTexts.length) {
      for (const r of await rows<{ i: number; hash: string; signature: Buffer; documents: number }>(tx, buckets(), [newTexts.flatMap(([, fp]) => fp.bands)])) {
        let list = byText.get(r.i);
        if (!list) { list = []; byText.set(r.i, list); }
        list.push(r);
      }
    }
    const estimated = newTexts.map(([, fp], i) => (byText.get(i) ?? []).filter((r) => estimateSimilarity(fp.signature, signatureFromBuffer(r.signature)) >= MIN_ESTIMATE));
    const wanted = [...new Set(estimated.flat().map((r) => r.hash))];
    const at = new Map(wanted.length === 0 ? [] : (await rows<{ h: string; documentId: number; position: number }>(tx, `SELECT DISTINCT ON (exact_hash) exact_hash AS h,
      document_id AS "documentId", position FROM paragraphs WHERE exact_hash = ANY($1::int8[]) ORDER BY exact_hash, document_id, id`,
    [wanted])).map((r) => [num(r.h), r]));
    for (const [i, [, fp]] of newTexts.entries()) {
      const candidates = estimated[i]!;
      let own: Set<number> | undefined;
      const partners: Partner[] = [];
      for (const r of candidates) {
        // Verified on the words themselves: the estimate only chooses what to verify.
        const where = at.get(num(r.hash));
        if (!where) continue;
        const similarity = containment(own ??= new Set(fp.shingles), shingles(paragraphWords(await paragraphOf(where.documentId, where.position))));
        if (similarity >= MIN_CONTAINMENT) partners.push({ hash: num(r.hash), similarity, documents: r.documents });
      }
      partners.sort((a, b) => b.similarity - a.similarity);
      fresh.push({ fp, partners: partners.slice(0, MAX_PARTNERS) });
    }
    let pairs = 0;
    if (fresh.length) {
      await tx.$client.query(`INSERT INTO paragraph_texts (exact_hash, signature, documents, reuse_count)
        SELECT h, s, 1, r FROM unnest($1::int8[], $2::bytea[], $3::int[]) AS x(h, s, r)`, [
        fresh.map((f) => f.fp.exactHash), fresh.map((f) => signatureToBuffer(f.fp.signature)), fresh.map((f) => f.partners.reduce((n, p) => n + p.documents, 0)),
      ]);
      const bands = fresh.flatMap((f) => f.fp.bands.map((band) => [band, f.fp.exactHash] as const));
      await tx.$client.query('INSERT INTO paragraph_text_bands (band_hash, exact_hash) SELECT * FROM unnest($1::int8[], $2::int8[])',
        [bands.map((b) => b[0]), bands.map((b) => b[1])]);
      const found = fresh.flatMap((f) => f.partners.map((p) => ({ hash: f.fp.exactHash, p })));
      if (found.length) {
        await tx.$client.query('INSERT INTO paragraph_text_reuse (exact_hash, other_hash, similarity) SELECT * FROM unnest($1::int8[], $2::int8[], $3::float8[])',
          [found.map((x) => x.hash), found.map((x) => x.p.hash), found.map((x) => x.p.similarity)]);
        // Each partner is held by one document more near it: this one.
        await tx.$client.query(`UPDATE paragraph_texts t SET reuse_count = t.reuse_count + n.k
          FROM (SELECT h, count(*)::int AS k FROM unnest($1::int8[]) AS x(h) GROUP BY h) n WHERE t.exact_hash = n.h`, [found.map((x) => x.p.hash)]);
        pairs = found.length;
      }
    }
    // After the new texts, so a new text near a copied one counts this document too.
    if (copies.length) {
      await tx.$client.query('UPDATE paragraph_texts SET documents = documents + 1, reuse_count = reuse_count + 1 WHERE exact_hash = ANY($1::int8[])', [copies]);
      await addReuseToNear(tx, copies, 1);
    }
    if (fingerprints.length) {
      await tx.$client.query(`INSERT INTO paragraphs (document_id, position, exact_hash)
        SELECT $1, p, h FROM unnest($2::int[], $3::int8[]) WITH ORDINALITY AS x(p, h, n) ORDER BY n`,
      [documentId, fingerprints.map((f) => f.position), fingerprints.map((f) => f.exactHash)]);
    }
    return pairs;
  });
}

export async function reusedParagraphsOf(db: PgDb, documentId: number): Promise<ReusedParagraph[]> {
  const mine = await rows<{ position: number; hash: string; reuseCount: number }>(db, `SELECT p.position, p.exact_hash AS hash, t.reuse_count AS "reuseCount"
    FROM paragraphs p JOIN paragraph_texts t ON t.exact_hash = p.exact_hash AND t.reuse_count > 0
    WHERE p.document_id = $1 ORDER BY p.position, p.id`, [documentId]);
  if (mine.length === 0) return [];
  // For each text: the documents holding it or a text paired with it, each text's holders in id
  // order and at most MAX_LISTED + 1 of them (withdrawn documents hold no paragraphs).
  const holders = await rows<{ h: string; id: number }>(db, `WITH mine(h) AS (SELECT DISTINCT unnest($1::int8[])),
    texts(h, o) AS (SELECT h, h FROM mine
      UNION ALL SELECT m.h, r.other_hash FROM mine m JOIN paragraph_text_reuse r ON r.exact_hash = m.h
      UNION ALL SELECT m.h, r.exact_hash FROM mine m JOIN paragraph_text_reuse r ON r.other_hash = m.h)
    SELECT DISTINCT t.h, x.id FROM texts t CROSS JOIN LATERAL (
      SELECT DISTINCT document_id AS id FROM paragraphs WHERE exact_hash = t.o AND document_id <> $2 ORDER BY document_id LIMIT ${MAX_LISTED + 1}) x`,
  [mine.map((m) => m.hash), documentId]);
  const found = new Map<number, number[]>();
  for (const r of holders) found.set(num(r.h), [...(found.get(num(r.h)) ?? []), r.id]);
  const out: ReusedParagraph[] = [];
  for (const m of mine) {
    const all = (found.get(num(m.hash)) ?? []).sort((a, b) => a - b);
    // A list cut short is counted by the text's reuse count; a whole list counts itself.
    const documentCount = all.length > MAX_LISTED ? Math.max(m.reuseCount, all.length) : all.length;
    if (all.length) out.push({ paragraph: m.position, documents: all.slice(0, MAX_LISTED), documentCount });
  }
  return out;
}

export async function mostReusedParagraphs(db: PgDb, party: string, limit: number): Promise<PartyParagraph[]> {
  let found: Array<{ exactHash: number; reuseCount: number; documentId: number }> = [];
  let seen = 0;
  let after: { reuseCount: number; exactHash: number } | null = null;
  // The archive's texts by reuse, most first, a chunk at a time, each with the party's newest document holding it.
  walk: for (;;) {
    const chunk: Array<{ h: string; reuseCount: number; documentId: number | null }> = await rows(db, `SELECT t.exact_hash AS h, t.reuse_count AS "reuseCount",
      (SELECT p.document_id FROM paragraphs p WHERE p.exact_hash = t.exact_hash
        AND EXISTS (SELECT 1 FROM document_parties dp WHERE dp.document_id = p.document_id AND dp.party_code = $1)
        ORDER BY p.document_id DESC LIMIT 1) AS "documentId"
      FROM paragraph_texts t WHERE t.reuse_count > 0 ${after ? 'AND (t.reuse_count, t.exact_hash) < ($3::int, $4::int8)' : ''}
      ORDER BY t.reuse_count DESC, t.exact_hash DESC LIMIT $2`, after ? [party, WALK_CHUNK, after.reuseCount, after.exactHash] : [party, WALK_CHUNK]);
    for (const r of chunk) {
      const t = { exactHash: num(r.h), reuseCount: r.reuseCount };
      // Ties at the last place are all read, since they are ordered by document.
      if (found.length >= limit && t.reuseCount < found[limit - 1]!.reuseCount) break walk;
      if (++seen > GLOBAL_BUDGET) break walk;
      if (r.documentId !== null) found.push({ ...t, documentId: r.documentId });
      after = t;
    }
    if (chunk.length < WALK_CHUNK) break;
  }
  if (seen > GLOBAL_BUDGET) {
    found = (await rows<{ h: string; reuseCount: number; documentId: number }>(db, `SELECT p.exact_hash AS h, t.reuse_count AS "reuseCount", max(p.document_id) AS "documentId"
      FROM document_parties dp JOIN paragraphs p ON p.document_id = dp.document_id
      JOIN paragraph_texts t ON t.exact_hash = p.exact_hash AND t.reuse_count > 0
      WHERE dp.party_code = $1 GROUP BY p.exact_hash, t.reuse_count`, [party])).map((r) => ({ exactHash: num(r.h), reuseCount: r.reuseCount, documentId: r.documentId }));
  }
  found.sort((a, b) => b.reuseCount - a.reuseCount || b.documentId - a.documentId);
  const out: PartyParagraph[] = [];
  for (const r of found.slice(0, limit)) {
    const [p] = await rows<{ position: number }>(db, 'SELECT min(position) AS position FROM paragraphs WHERE document_id = $1 AND exact_hash = $2', [r.documentId, r.exactHash]);
    out.push({ ...r, position: p!.position });
  }
  return out;
}
