/**
 * The in-memory facet rows of one connection (SQLite) or one process's pool (PostgreSQL), kept by
 * db/search-facets.ts: how rows read from search_facets and protocol_positions are applied, for either
 * engine's reads. Rows arrive in write-sequence order; a row at or below the sequence already applied
 * is skipped, so two searches of one process bringing the copy up to date at once apply each row once.
 */
import { paragraphUnitId } from './search-units.js';

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

export interface Store {
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

/** A search_facets row as read: document id, kind, body, municipality, date, party codes (",C,S,"), seq. */
export type DocumentFacetTuple = [number, string, string | null, string | null, string | null, string, number];
/** A split protocol's paragraph as read: document id, ordinal, its positions' party codes. */
export type ParagraphFacetTuple = [number, number, string];

/**
 * The store to bring up to date for the counter (`max`, `epoch`) just read: `store` itself, or a new
 * empty one when the database was replaced (a restore): another database (epoch), a counter behind
 * what was seen, or the row last seen now holding another document (`documentAt`). That row may also
 * have gone because its document was withdrawn; reading all again is then merely slower.
 */
export function storeFor(store: Store | undefined, max: number, epoch: string, documentAt: (seq: number) => number | undefined): Store {
  const replaced = store !== undefined && (store.epoch !== epoch || max < store.seq
    || (max > store.seq && store.seq > 0 && documentAt(store.seq) !== store.lastId));
  if (store && !replaced) return store;
  return { epoch, seq: 0, lastId: 0, rows: [], paragraphs: new Map(), count: 0, parties: new Map(), groups: new Map() };
}

function partiesOf(store: Store, codes: string): string[] {
  let parties = store.parties.get(codes);
  if (!parties) {
    parties = codes ? codes.slice(1, -1).split(',') : [];
    store.parties.set(codes, parties);
  }
  return parties;
}

export function applyDocumentRow(store: Store, [id, kind, body, municipality, date, codes, seq]: DocumentFacetTuple): void {
  if (seq <= store.seq) return;
  const parties = partiesOf(store, codes);
  if (store.rows[id] === undefined) store.count++;
  store.rows[id] = { kind, body, municipality, date, parties, group: groupOf(store, kind, body, municipality, date, codes, parties) };
  store.seq = seq;
  store.lastId = id;
}

/** A paragraph inherits its protocol's row (read in the same pass, as both are written in one transaction). */
export function applyParagraphRow(store: Store, [documentId, ordinal, codes]: ParagraphFacetTuple): void {
  const parent = store.rows[documentId];
  if (!parent) return;
  const unit = paragraphUnitId(documentId, ordinal);
  if (!store.paragraphs.has(unit)) store.count++;
  const parties = partiesOf(store, codes);
  store.paragraphs.set(unit, { kind: parent.kind, body: parent.body, municipality: parent.municipality, date: parent.date, parties, group: groupOf(store, parent.kind, parent.body, parent.municipality, parent.date, codes, parties) });
}

/** A unit's facet row by its id (a document's or a paragraph's, db/search-units.ts). */
export type FacetLookup = (unit: number) => FacetRow | undefined;

export function lookupOf(store: Store): FacetLookup {
  const { rows, paragraphs } = store;
  return (unit) => (unit > 0 ? rows[unit] : paragraphs.get(unit));
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
