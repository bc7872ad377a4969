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
import { paragraphUnitId, SPLIT_FROM } from './search-units.js';
import { isPg } from './engine.js';
import * as pg from './pg/search.js';

export interface FacetRow {
  kind: string;
  body: string | null;
  municipality: string | null;
  date: string | null;
  parties: string[];
  /** The values facets count, one object for every row with the same ones: hits are counted per group. */
  group: FacetGroup;
}

/** A row's facet values: kind, body, municipality, year and parties. Distinct combinations are few. */
export interface FacetGroup {
  kind: string;
  body: string | null;
  municipality: string | null;
  year: string | null;
  parties: string[];
  /** The group's number on its connection (0, 1, …), for counting hits in an array. */
  index: number;
  /** Its values that facets count, in counting order (parties, kind, body, municipality, year; none empty), as numbers from `facetValue`. */
  values: number[];
}

/** The facets a search result counts, in the order of FacetGroup.values. */
export const FACETS = ['party', 'kind', 'body', 'municipality', 'year'] as const;
export type Facet = typeof FACETS[number];

/** A facet value by its number: which facet and the value itself. Numbers are shared by all connections of this thread and only grow. */
const valueFacet: Facet[] = [];
const valueText: string[] = [];
const valueNumbers = new Map<string, number>();
function valueNumber(facet: Facet, text: string): number {
  const key = `${facet}\u0000${text}`;
  let n = valueNumbers.get(key);
  if (n === undefined) { n = valueFacet.length; valueFacet.push(facet); valueText.push(text); valueNumbers.set(key, n); }
  return n;
}
/** The facet of a value number, without an object. */
export const facetOfValue = (n: number): Facet => valueFacet[n]!;
/** The text of a value number, without an object. */
export const textOfValue = (n: number): string => valueText[n]!;

interface Store {
  epoch: string;
  seq: number;
  /** The document whose row carries `seq`: if another does, the database was rolled back and written since. */
  lastId: number;
  rows: Array<FacetRow | undefined>;
  /** Paragraph units by their (negative) unit id. */
  paragraphs: Map<number, FacetRow>;
  /** Ids with a row (those of removed documents too, until the rows are read again in full). */
  count: number;
  /** One parties array per distinct party_codes value. */
  parties: Map<string, string[]>;
  /** One group per distinct combination of facet values. */
  groups: Map<string, FacetGroup>;
}

/** The shared group of these facet values. */
function groupOf(store: Store, kind: string, body: string | null, municipality: string | null, date: string | null, codes: string, parties: string[]): FacetGroup {
  const year = date ? date.slice(0, 4) : null;
  const key = JSON.stringify([kind, body, municipality, year, codes]);
  let g = store.groups.get(key);
  if (!g) {
    // What facet counting adds per group, the values that are not empty (as it always skipped them).
    const values: number[] = [];
    for (const p of parties) if (p) values.push(valueNumber('party', p));
    if (kind) values.push(valueNumber('kind', kind));
    if (body) values.push(valueNumber('body', body));
    if (municipality) values.push(valueNumber('municipality', municipality));
    if (year) values.push(valueNumber('year', year));
    g = { kind, body, municipality, year, parties, index: store.groups.size, values };
    store.groups.set(key, g);
  }
  return g;
}

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

/** A unit's facet row by its id (a document's or a paragraph's, db/search-units.ts). */
export type FacetLookup = (unit: number) => FacetRow | undefined;

/**
 * The facet row of every indexed document by id, brought up to date. Call it inside the read
 * transaction that also runs the match, so both see the same state.
 */
export function facetRows(db: SqliteDb): FacetLookup {
  const c = db.$client;
  let st = statements.get(c);
  if (!st) { st = prepare(c); statements.set(c, st); }
  let store = stores.get(c);
  const [max, epoch] = st.counter.get() as [number, string];
  // The database was replaced (a restore) when it is another database (epoch), its counter is behind
  // what was seen, or the row last seen now holds another document: then read it all. (That row may
  // also have gone because its document was withdrawn; reading all again is then merely slower.)
  const replaced = store !== undefined && (store.epoch !== epoch || max < store.seq
    || (max > store.seq && store.seq > 0 && st.atSeq.get(store.seq) !== store.lastId));
  if (!store || replaced) {
    store = { epoch, seq: 0, lastId: 0, rows: [], paragraphs: new Map(), count: 0, parties: new Map(), groups: new Map() };
    stores.set(c, store);
  }
  if (max > store.seq) {
    const from = store.seq;
    for (const [id, kind, body, municipality, date, codes, seq] of st.since.iterate(store.seq) as IterableIterator<[number, string, string | null, string | null, string | null, string, number]>) {
      let parties = store.parties.get(codes);
      if (!parties) {
        parties = codes ? codes.slice(1, -1).split(',') : [];
        store.parties.set(codes, parties);
      }
      if (store.rows[id] === undefined) store.count++;
      store.rows[id] = { kind, body, municipality, date, parties, group: groupOf(store, kind, body, municipality, date, codes, parties) };
      store.seq = seq;
      store.lastId = id;
    }
    const s = store;
    const partiesOf = (codes: string) => {
      let parties = s.parties.get(codes);
      if (!parties) { parties = codes ? codes.slice(1, -1).split(',') : []; s.parties.set(codes, parties); }
      return parties;
    };
    for (const [documentId, ordinal, codes] of st.paragraphsSince.iterate(from) as IterableIterator<[number, number, string]>) {
      const parent = s.rows[documentId];
      if (!parent) continue;
      const unit = paragraphUnitId(documentId, ordinal);
      if (!s.paragraphs.has(unit)) s.count++;
      const parties = partiesOf(codes);
      s.paragraphs.set(unit, { kind: parent.kind, body: parent.body, municipality: parent.municipality, date: parent.date, parties, group: groupOf(s, parent.kind, parent.body, parent.municipality, parent.date, codes, parties) });
    }
  }
  const { rows, paragraphs } = store;
  return (unit) => (unit > 0 ? rows[unit] : paragraphs.get(unit));
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
