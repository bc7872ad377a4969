/**
 * The facet rows (kind, body, municipality, date, parties) of every indexed document, held in memory
 * per connection. A search counts facets over all its hits, and a B-tree lookup per hit cost more than
 * the full-text match itself (about 1 µs per hit: 20 ms for a common word at 100,000 documents).
 * The copy follows the table by its write sequence (`seq`, numbered from the never-decreasing counter
 * `search_seq`), so each search first reads only the rows written since it last looked, from whatever
 * process wrote them, inside the same read transaction as the match. Rows of removed documents may linger here, harmlessly: ids come from the full-text match
 * or from the live table, never from this copy.
 * A protocol paragraph's unit (db/search-units.ts) has no row of its own in search_facets: it inherits
 * its protocol's kind, body, municipality and date, and its parties are those of its positions
 * (protocol_positions), read when the protocol's row is, since both are written in one transaction.
 */
import type { Db, SqliteDb } from './client.js';
import { SPLIT_FROM } from './search-units.js';
import { isPg } from './engine.js';
import * as pg from './pg/search.js';
import {
  applyDocumentRow, applyParagraphRow, lookupOf, storeFor, type DocumentFacetTuple, type FacetLookup, type ParagraphFacetTuple, type Store,
} from './facet-store.js';

export { FACETS, facetOfValue, textOfValue, type Facet, type FacetGroup, type FacetLookup, type FacetRow } from './facet-store.js';

type Sqlite = import('better-sqlite3').Database;
const stores = new WeakMap<Sqlite, Store>();
const statements = new WeakMap<Sqlite, ReturnType<typeof prepare>>();
function prepare(c: Sqlite) {
  return {
    counter: c.prepare('SELECT n, epoch FROM search_seq WHERE id = 1').raw(),
    atSeq: c.prepare('SELECT document_id FROM search_facets WHERE seq = ?').pluck(),
    since: c.prepare('SELECT document_id, kind, body, municipality, date, party_codes, seq FROM search_facets WHERE seq > ? ORDER BY seq').raw(),
    paragraphsSince: c.prepare(`SELECT pp.document_id, pp.ordinal,
        coalesce((SELECT ',' || group_concat(party_code, ',') || ',' FROM (SELECT DISTINCT party_code FROM protocol_positions x
          WHERE x.paragraph_id = pp.id AND party_code IS NOT NULL ORDER BY party_code)), '')
      FROM protocol_paragraphs pp WHERE pp.document_id IN (SELECT document_id FROM search_facets WHERE seq > ? AND kind = 'protokoll')
        AND (SELECT count(*) FROM protocol_paragraphs q WHERE q.document_id = pp.document_id) >= ${SPLIT_FROM}`).raw(),
  };
}

/**
 * The facet row of every indexed document by id, brought up to date. Call it inside the read
 * transaction that also runs the match, so both see the same state.
 */
export function facetRows(db: SqliteDb): FacetLookup {
  const c = db.$client;
  let st = statements.get(c);
  if (!st) { st = prepare(c); statements.set(c, st); }
  const [max, epoch] = st.counter.get() as [number, string];
  const store = storeFor(stores.get(c), max, epoch, (seq) => st.atSeq.get(seq) as number | undefined);
  stores.set(c, store);
  if (max > store.seq) {
    const from = store.seq;
    for (const row of st.since.iterate(from) as IterableIterator<DocumentFacetTuple>) applyDocumentRow(store, row);
    for (const row of st.paragraphsSince.iterate(from) as IterableIterator<ParagraphFacetTuple>) applyParagraphRow(store, row);
  }
  return lookupOf(store);
}

/**
 * About how many units (documents and protocol paragraphs) are indexed (withdrawn ones may still count),
 * as of the last search on this connection: what search budgets scale with, as the vocabulary's counts
 * are of units; a few writes behind does not matter.
 */
export async function indexedDocuments(db: Db): Promise<number> {
  if (isPg(db)) return pg.indexedDocuments(db);
  const store = stores.get(db.$client);
  if (store) return store.count;
  facetRows(db);
  return stores.get(db.$client)!.count;
}
