/**
 * The facet rows (kind, body, municipality, date, parties) of every indexed document, held in memory
 * per connection. A search counts facets over all its hits, and a B-tree lookup per hit cost more than
 * the full-text match itself (about 1 µs per hit: 20 ms for a common word at 100,000 documents).
 * The copy follows the table by its write sequence (`seq`), so each search first reads only the rows
 * written since it last looked, from whatever process wrote them, inside the same read transaction as
 * the match. Rows of removed documents may linger here, harmlessly: ids come from the full-text match
 * or from the live table, never from this copy.
 */
import type { Db } from './client.js';

export interface FacetRow {
  kind: string;
  body: string | null;
  municipality: string | null;
  date: string | null;
  parties: string[];
}

interface Store {
  seq: number;
  rows: Array<FacetRow | undefined>;
  /** One parties array per distinct party_codes value. */
  parties: Map<string, string[]>;
}

type Sqlite = import('better-sqlite3').Database;
const stores = new WeakMap<Sqlite, Store>();
const statements = new WeakMap<Sqlite, ReturnType<typeof prepare>>();
function prepare(c: Sqlite) {
  return {
    maxSeq: c.prepare('SELECT coalesce(max(seq), 0) FROM search_facets').pluck(),
    since: c.prepare('SELECT document_id, kind, body, municipality, date, party_codes, seq FROM search_facets WHERE seq > ? ORDER BY seq').raw(),
  };
}

/**
 * The facet row of every indexed document by id, brought up to date. Call it inside the read
 * transaction that also runs the match, so both see the same state.
 */
export function facetRows(db: Db): ReadonlyArray<FacetRow | undefined> {
  const c = db.$client;
  let st = statements.get(c);
  if (!st) { st = prepare(c); statements.set(c, st); }
  let store = stores.get(c);
  const max = st.maxSeq.get() as number;
  // A lower sequence than seen means the table was emptied or replaced: start again.
  if (!store || max < store.seq) {
    store = { seq: 0, rows: [], parties: new Map() };
    stores.set(c, store);
  }
  if (max > store.seq) {
    for (const [id, kind, body, municipality, date, codes, seq] of st.since.iterate(store.seq) as IterableIterator<[number, string, string | null, string | null, string | null, string, number]>) {
      let parties = store.parties.get(codes);
      if (!parties) {
        parties = codes ? codes.slice(1, -1).split(',') : [];
        store.parties.set(codes, parties);
      }
      store.rows[id] = { kind, body, municipality, date, parties };
      store.seq = seq;
    }
  }
  return store.rows;
}
