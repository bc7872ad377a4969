/**
 * The write side of the search index on PostgreSQL (db/search-index.ts and db/reindex.ts call these
 * for a PostgreSQL handle). A unit (a document, or a protocol paragraph under its negative id,
 * db/search-units.ts) is one row of `search_fts`: its stemmed fields in one weighted vector and its
 * exact words in another, both built by search_vector() / to_tsvector('simple', …) from the tokens
 * server/analysis made (db/search-index.ts#unitTokens), never stemmed by PostgreSQL.
 *
 * Vocabulary counts mean what they mean on SQLite: every unit ever written counts, and a removal or a
 * reindex takes nothing back (FTS5's contentless table cannot say which words a removed row held), so
 * both engines expand, budget and correct a query alike. A written unit's count is read from the
 * vector PostgreSQL stored (RETURNING). Counts move only by upserts adding a difference
 * (`doc_count = doc_count + excluded.doc_count`), never by reading a count and writing it back, so
 * two processes indexing documents that share words at once both count.
 *
 * Lock order: every writer of the vocabulary first holds the one row of `search_seq` (indexing bumps
 * it for the facet row's sequence number), then writes the vocabulary in key order. Two transactions
 * therefore never hold vocabulary rows the other waits for; a removal writes no counts.
 */
import type pg from 'pg';
import { inTx, pgTransaction } from './client.js';
import type { PgDb } from '../engine.js';
import type { ExtractedMetadata } from '../../server/ingest/types.js';
import { addTerms, addWords } from '../../server/ingest/stages/prepare-index.js';
import { paragraphUnitId, paragraphUnitRange } from '../search-units.js';
import {
  beginVocabularyBatch, discardVocabularyBatch, keepDocumentVocabulary, toSearchDoc, unitTokens, vocabularyBatchOf,
  type SearchDoc,
} from '../search-index.js';


const query = (db: PgDb, text: string, values: unknown[] = []): Promise<pg.QueryResult> => db.$client.query(text, values);

/** The stems and exact words of stored units, as the vocabularies count them. */
interface StoredUnit { terms: string[]; exact: string[] }

/** Each unit's distinct stems and words as the vocabularies count them (addTerms, addWords), appended to `terms`, `words`. */
function vocabularyOf(units: StoredUnit[], terms: string[], words: string[]): void {
  for (const u of units) {
    for (const t of addTerms(u.terms.join(' '), new Set())) terms.push(t);
    for (const w of addWords(u.exact.join(' '), new Set())) words.push(w);
  }
}

/** `by` added to each key's count in `into`. */
function add(into: Map<string, number>, keys: string[], by: number): Map<string, number> {
  for (const k of keys) into.set(k, (into.get(k) ?? 0) + by);
  return into;
}

/** Tokens in a field of space-separated tokens: what FTS5 counts of the field for bm25's length normalisation. */
function tokenCount(field: string): number {
  let n = 0;
  let inToken = false;
  for (let i = 0; i < field.length; i++) {
    const space = field.charCodeAt(i) === 32;
    if (!space && !inToken) n++;
    inToken = !space;
  }
  return n;
}

/** Deletes the document's units and facet row. */
async function deleteUnits(db: PgDb, id: number): Promise<void> {
  const [low, high] = paragraphUnitRange(id);
  await query(db, 'DELETE FROM search_fts WHERE rowid = $1 OR rowid BETWEEN $2 AND $3', [id, low, high]);
  await query(db, 'DELETE FROM search_facets WHERE document_id = $1', [id]);
}

/** Adds each key's difference to its count, in key order (the order every writer locks rows in). */
export async function writeVocabulary(db: PgDb, terms: Map<string, number>, words: Map<string, number>): Promise<void> {
  await upsertCounts(db, 'search_terms', terms);
  await upsertCounts(db, 'search_words', words);
}

async function upsertCounts(db: PgDb, table: 'search_terms' | 'search_words', counts: Map<string, number>): Promise<void> {
  const keys = [...counts.keys()].filter((k) => counts.get(k) !== 0).sort();
  if (keys.length === 0) return;
  const n = keys.map((k) => counts.get(k)!);
  // WITH ORDINALITY … ORDER BY: rows are inserted, and their locks taken, in the order given.
  if (table === 'search_terms') {
    await query(db, `INSERT INTO search_terms (term, rev, doc_count)
      SELECT k, r, n FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS v(k, r, n, i) ORDER BY i
      ON CONFLICT (term) DO UPDATE SET doc_count = search_terms.doc_count + excluded.doc_count`,
    [keys, keys.map((t) => [...t].reverse().join('')), n]);
  } else {
    await query(db, `INSERT INTO search_words (word, doc_count)
      SELECT k, n FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS v(k, n, i) ORDER BY i
      ON CONFLICT (word) DO UPDATE SET doc_count = search_words.doc_count + excluded.doc_count`, [keys, n]);
  }
}

export async function flushVocabularyBatch(db: PgDb): Promise<void> {
  const b = vocabularyBatchOf(db.$client);
  if (!b) return;
  discardVocabularyBatch(db.$client);
  await writeVocabulary(db, b.terms, b.words);
}

export async function indexDocument(db: PgDb, id: number, doc: SearchDoc, opts: { fresh?: boolean } = {}): Promise<void> {
  await inTx(db, async (tx) => {
    if (!opts.fresh) await deleteUnits(tx, id);
    const units = [
      { rowid: id, ...unitTokens(doc.title, doc.arende, doc.people, doc.body, doc.prepared) },
      ...(doc.paragraphs ?? []).map((p) => ({ rowid: paragraphUnitId(id, p.ordinal), ...unitTokens(p.title, p.arende, p.people, p.body) })),
    ];
    const written = await query(tx, `INSERT INTO search_fts (rowid, terms, exact, len)
      SELECT r, search_vector(t, a, p, b), to_tsvector('simple', e), n
      FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[]) AS u(r, t, a, p, b, e, n)
      RETURNING tsvector_to_array(terms) AS terms, tsvector_to_array(exact) AS exact`, [
      units.map((u) => u.rowid), units.map((u) => u.fields[0]), units.map((u) => u.fields[1]), units.map((u) => u.fields[2]),
      units.map((u) => u.bodyTokens), units.map((u) => u.exact),
      units.map((u) => tokenCount(u.fields[0]) + tokenCount(u.fields[1]) + tokenCount(u.fields[2]) + tokenCount(u.bodyTokens) + tokenCount(u.exact)),
    ]);
    const f = doc.facets;
    // seq: the next number in write order (db/search-facets.ts); bumping it holds search_seq's row to commit.
    await query(tx, `WITH s AS (UPDATE search_seq SET n = n + 1 WHERE id = 1 RETURNING n)
      INSERT INTO search_facets (document_id, kind, body, municipality, date, party_codes, seq)
      SELECT $1, $2, $3, $4, $5, $6, n FROM s`,
    [id, f.kind, f.body, f.municipality, f.date, f.parties.length ? `,${f.parties.join(',')},` : '']);
    const batch = vocabularyBatchOf(tx.$client);
    if (batch) {
      vocabularyOf(written.rows as StoredUnit[], batch.pendingTerms, batch.pendingWords);
      return;
    }
    const terms: string[] = [];
    const words: string[] = [];
    vocabularyOf(written.rows as StoredUnit[], terms, words);
    // As on SQLite, a reindexed document's words count once more; what it held before is not taken back.
    await writeVocabulary(tx, add(new Map(), terms, 1), add(new Map(), words, 1));
  });
}

export async function removeFromIndex(db: PgDb, id: number): Promise<void> {
  // The counts stay (above): only the units and the facet row go.
  await inTx(db, async (tx) => { await deleteUnits(tx, id); });
}

/** Clears and refills the index in pages of 500 documents, each page one transaction writing its vocabulary once. */
export async function rebuildSearchIndex(db: PgDb, onBatch: (done: number, total: number) => void): Promise<number> {
  const total = (await query(db, 'SELECT count(*)::int AS n FROM documents WHERE withdrawn_at IS NULL')).rows[0].n as number;
  await pgTransaction(db, async (tx) => {
    await query(tx, 'SELECT 1 FROM search_seq WHERE id = 1 FOR UPDATE');
    for (const table of ['search_fts', 'search_terms', 'search_facets', 'search_words']) await query(tx, `DELETE FROM ${table}`);
  });
  let last = 0;
  let done = 0;
  for (;;) {
    const rows = (await query(db, `SELECT id, metadata_json AS "metadataJson", text FROM documents
      WHERE withdrawn_at IS NULL AND id > $1 ORDER BY id LIMIT 500`, [last])).rows as Array<{ id: number; metadataJson: string; text: string }>;
    if (rows.length === 0) break;
    await pgTransaction(db, async (tx) => {
      // The index was emptied above: every entry is fresh, and the page's vocabulary is written once.
      beginVocabularyBatch(tx.$client);
      try {
        for (const r of rows) {
          await indexDocument(tx, r.id, toSearchDoc(JSON.parse(r.metadataJson) as ExtractedMetadata, r.text), { fresh: true });
          keepDocumentVocabulary(tx.$client);
        }
        await flushVocabularyBatch(tx);
      } finally {
        discardVocabularyBatch(tx.$client);
      }
    });
    last = rows[rows.length - 1]!.id;
    done += rows.length;
    onBatch(done, total);
  }
  // FTS5's 'optimize' has no counterpart: a GIN index has no segments to merge.
  return done;
}
