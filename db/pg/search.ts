/**
 * The search's simple lookups on PostgreSQL (db/search.ts and db/search-facets.ts call these for a
 * PostgreSQL handle): the vocabulary for suggestions, the names worth suggesting, counts. Orders are
 * those SQLite's plans give: ties of the vocabulary by word (byte order), names by first appearance.
 */
import type pg from 'pg';
import type { PgDb } from '../engine.js';

const rows = async <T>(db: PgDb, text: string, values: unknown[] = []): Promise<T[]> => (await db.$client.query(text, values)).rows as T[];

export function vocabulary(db: PgDb, limit: number): Promise<Array<{ word: string; count: number }>> {
  // search_words.word is COLLATE "C": ties in byte order, as SQLite lists them.
  return rows(db, 'SELECT word, doc_count AS count FROM search_words ORDER BY doc_count DESC, word LIMIT $1', [limit]);
}

export async function suggestibleNames(db: PgDb): Promise<Array<{ text: string; type: string }>> {
  const texts = async (q: string, type: string) => (await rows<{ text: string }>(db, q)).map(({ text }) => ({ text, type }));
  return [
    ...await texts('SELECT name AS text FROM people ORDER BY id', 'person'),
    // Parties have no row order of their own (SQLite's is insertion order): by code.
    ...await texts('SELECT name AS text FROM parties ORDER BY code COLLATE "C"', 'parti'),
    ...await texts('SELECT body AS text FROM documents WHERE body IS NOT NULL GROUP BY body ORDER BY min(id)', 'organ'),
    ...await texts('SELECT DISTINCT municipality COLLATE "C" AS text FROM documents WHERE municipality IS NOT NULL ORDER BY 1', 'kommun'),
    ...await texts('SELECT title AS text FROM arenden WHERE title IS NOT NULL GROUP BY title ORDER BY min(id) LIMIT 20000', 'ärende'),
  ];
}

export async function documentCount(db: PgDb): Promise<number> {
  return (await rows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM documents'))[0]!.n;
}

export async function wordDocumentCounts(db: PgDb, words: string[]): Promise<Map<string, number>> {
  const out = new Map(words.map((w) => [w, 0]));
  if (!words.length) return out;
  for (const r of await rows<{ word: string; n: number }>(db, 'SELECT word, doc_count AS n FROM search_words WHERE word = ANY($1::text[])', [words])) out.set(r.word, r.n);
  return out;
}

/** Per process (pool): the unit count as of the write sequence it was counted at. */
const counted = new WeakMap<pg.Pool, { n: number; epoch: string; count: number }>();

/**
 * The number of indexed units (documents and protocol paragraphs), counted again only when something
 * was indexed since (search_seq moved): as on SQLite, a removal alone leaves the count as it was
 * until the next write, and a few writes behind does not matter to the budgets it scales.
 */
export async function indexedDocuments(db: PgDb): Promise<number> {
  const seen = counted.get(db.pool);
  const [row] = await rows<{ n: number; epoch: string; count: number | null }>(db, `SELECT n, epoch,
      CASE WHEN n = $1 AND epoch = $2 THEN NULL ELSE (SELECT count(*)::int FROM search_fts) END AS count
    FROM search_seq WHERE id = 1`, [seen?.n ?? -1, seen?.epoch ?? '']);
  if (row!.count === null) return seen!.count;
  counted.set(db.pool, { n: Number(row!.n), epoch: row!.epoch, count: row!.count });
  return row!.count;
}
