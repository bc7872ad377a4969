/** Runs a search end to end: parse → expand → match with filters → rank or sort → facets → snippets. */
import type { Db } from '../../db/client.js';
import { loadResultDocuments, loadResultParagraphs, matchAll, vocabularyOf, type FacetRow } from '../../db/search.js';
import { SPLIT_FROM, unitOf } from '../../db/search-units.js';
import { textOutside } from '../../db/search-index.js';
import { DOCUMENT_KINDS } from '../ingest/types.js';
import { buildMatch, memoised } from './fts-query.js';
import { judge, requireWithin } from './budget.js';
import { facetOfValue, indexedDocuments, textOfValue, type Facet, type FacetGroup } from '../../db/search-facets.js';
import { parseQuery, QuerySyntaxError, type ParsedQuery } from './query-parser.js';
import { makeSnippet } from './snippet.js';
import type { Suggester } from './suggest.js';
import { correctQuery, FEW_HITS, MANY_TIMES } from './forgiving.js';

export type SortOrder = 'relevans' | 'datum';

export interface SearchResultItem {
  /** The document; for a paragraph hit, its protocol. */
  id: number;
  title: string;
  kind: string;
  /** The meeting's or document's body (organ). */
  body: string | null;
  date: string | null;
  /** A paragraph hit's own parties (its positions); the document's otherwise. */
  parties: string[];
  signatories: string[];
  snippet: string;
  /** A protocol paragraph found as its own hit; null for a document. `anchor` is its id on the protocol page. */
  paragraph: { number: string; title: string | null; anchor: string } | null;
}

export interface SearchResult {
  query: string;
  total: number;
  page: number;
  pageSize: number;
  sort: SortOrder;
  results: SearchResultItem[];
  facets: Record<'party' | 'kind' | 'body' | 'municipality' | 'year', Record<string, number>>;
  suggestions: string[];
  /** The query was run with a confident correction instead ("Visar träffar för …"), or null. */
  corrected: { from: string; to: string } | null;
}

/** Kind names as people type them ("särskilt yttrande", "svar") → stored codes. */
function kindCode(v: string): string {
  const k = v.toLocaleLowerCase('sv').replace(/\s+/g, '_').replace(/ä/g, 'a').replace(/å/g, 'a').replace(/ö/g, 'o');
  if (k === 'svar' || k === 'interpellationssvar') return 'interpellationssvar';
  return k;
}

export interface SearchOptions {
  page?: number;
  pageSize?: number;
  sort?: SortOrder;
  /** Without snippets (the CSV export) the documents' texts are not read at all. */
  snippets?: boolean;
  /** Run the query as typed, never corrected ("Sök i stället efter …"). */
  exact?: boolean;
}

/**
 * Searches; throws QuerySyntaxError with a helpful message for queries that cannot be read, and
 * QueryTooBroadError for those over the work budget (budget.ts).
 */
export async function search(db: Db, q: string, opts: SearchOptions & { suggester?: Suggester } = {}): Promise<SearchResult> {
  const asTyped = await searchAsTyped(db, q, opts);
  const suggester = opts.suggester;
  if (!suggester || opts.exact) return asTyped;
  if (asTyped.total === 0) {
    const c = await correctQuery(q, suggester, 'empty');
    if (c?.confident) {
      const again = await searchOrNull(db, c.to, opts);
      // Shown at once, with the way back to the query as typed.
      if (again && again.total > 0) return { ...again, query: q, corrected: { from: q, to: c.to } };
    }
    if (c) return { ...asTyped, suggestions: [c.to] };
    return { ...asTyped, suggestions: await correctionsOf(parseQuery(q), suggester) };
  }
  if (asTyped.total <= FEW_HITS) {
    // A rare word may be someone's typo in a document: offer the common neighbour when it finds many more.
    const c = await correctQuery(q, suggester, 'few');
    const again = c ? await searchOrNull(db, c.to, { ...opts, page: 1, pageSize: 1, snippets: false }) : null;
    if (c && again && again.total >= Math.max(FEW_HITS + 1, asTyped.total * MANY_TIMES)) return { ...asTyped, suggestions: [c.to] };
  }
  return asTyped;
}

/** A corrected query may not parse or fit the budget where the typed one did: then there is no correction. */
async function searchOrNull(db: Db, q: string, opts: SearchOptions): Promise<SearchResult | null> {
  try {
    return await searchAsTyped(db, q, opts);
  } catch (err) {
    if (err instanceof QuerySyntaxError) return null;
    throw err;
  }
}

async function searchAsTyped(db: Db, q: string, opts: SearchOptions): Promise<SearchResult> {
  const page = Math.max(1, opts.page ?? 1);
  const pageSize = opts.pageSize ?? 20;
  const sort = opts.sort ?? 'relevans';
  const parsed: ParsedQuery = parseQuery(q);
  for (const k of parsed.filters.kind) {
    if (!(DOCUMENT_KINDS as readonly string[]).includes(kindCode(k))) {
      throw new QuerySyntaxError(`Okänd dokumenttyp "${k}". Välj bland: ${DOCUMENT_KINDS.join(', ')}.`);
    }
  }
  const documents = await indexedDocuments(db);
  const vocabulary = memoised(await vocabularyOf(db, documents));
  let fts = await buildMatch(parsed, vocabulary);
  if (fts) {
    // Over budget with compounds: whole words only, a narrower but bounded answer; over without them: refused.
    if (!judge(fts.work.match, documents, fts.hasPrefix).ok) {
      if (fts.work.strict !== null) fts = (await buildMatch(parsed, vocabulary, { compounds: false }))!;
      requireWithin(fts.work.match, documents, fts.hasPrefix);
    }
  }
  const f = parsed.filters;
  const hasFilter = f.party.length + f.kind.length + f.person.length + f.body.length + f.municipality.length > 0 || f.yearFrom !== null;
  if (!fts && !hasFilter) throw new QuerySyntaxError('Skriv minst ett sökord, t.ex. trygghetsfond eller "Sluta skjut".');
  const filters = { ...f, kind: f.kind.map(kindCode) };
  // Only filters: newest first is the only order that means anything.
  const { facets: facetRows, ids, rows } = await matchAll(db, fts?.match ?? null, fts?.first ?? null, filters, fts ? sort : 'datum', pageSize, (page - 1) * pageSize);
  const matcher = fts?.matcher ?? { terms: new Set<string>(), prefixes: [], exactWords: new Set<string>() };
  const withSnippets = opts.snippets !== false;
  const units = ids.map(unitOf);
  const documentIds = [...new Set(units.map((u) => u.documentId))];
  // Protocols on the page: their paragraphs give paragraph hits their heading and text, and a
  // protocol hit its snippet from its own head, not from a paragraph that is a hit of its own.
  const protocols = [...new Set(units.filter((_, i) => rows[i]!.kind === 'protokoll').map((u) => u.documentId))];
  const paragraphs = await loadResultParagraphs(db, protocols);
  const textUpTo = new Map<number, number>();
  for (const u of units) {
    const p = u.ordinal === null ? undefined : paragraphs.get(u.documentId)?.get(u.ordinal);
    if (p) textUpTo.set(u.documentId, Math.max(textUpTo.get(u.documentId) ?? 0, p.end));
  }
  const texts = await loadResultDocuments(db, documentIds, withSnippets, textUpTo);
  const results: SearchResultItem[] = units.map((u, i) => {
    const d = texts.get(u.documentId)!;
    const ofProtocol = paragraphs.get(u.documentId);
    // Split protocols have paragraph units; a single-paragraph protocol is one unit, shown as its §.
    const split = ofProtocol !== undefined && ofProtocol.size >= SPLIT_FROM;
    const p = u.ordinal !== null ? ofProtocol?.get(u.ordinal) : !split && ofProtocol?.size === 1 ? [...ofProtocol.values()][0] : undefined;
    let snippet = '';
    if (withSnippets) {
      const own = u.ordinal !== null && p ? d.text.slice(p.start, p.end)
        : split ? textOutside(d.text, [...ofProtocol.values()].map((x) => [x.start, x.end] as [number, number])) : d.text;
      snippet = makeSnippet(own, matcher);
    }
    return {
      id: u.documentId, title: d.title, kind: d.kind, body: d.body, date: d.date,
      parties: u.ordinal === null ? d.parties : rows[i]!.parties,
      signatories: d.signatories as string[],
      snippet,
      paragraph: p ? { number: p.number, title: p.title, anchor: p.anchor } : null,
    };
  });
  return { query: q, total: facetRows.length, page, pageSize, sort, results, facets: countFacets(facetRows), suggestions: [], corrected: null };
}

/** "Menade du …?" for a query without hits: its plain words, each unknown one replaced by a frequent neighbour. */
async function correctionsOf(parsed: ParsedQuery, suggester: Suggester): Promise<string[]> {
  const plainWords = parsed.clauses.flatMap((c) => c.any).flatMap((t) => (t.type === 'word' ? [t.text] : []));
  const better = await suggester.didYouMean(plainWords);
  return better ? [better] : [];
}

/** Counts by group number and by value number, reused by every search on this thread (zeroed after each). */
let groupCounts = new Int32Array(1024);
let valueCounts = new Int32Array(1024);
const grown = (a: Int32Array, i: number) => { const b = new Int32Array(Math.max(a.length * 2, i + 1)); b.set(a); return b; };

function countFacets(hits: FacetRow[]): SearchResult['facets'] {
  // Hits counted per group of facet values first (one array increment a hit instead of five or more
  // map updates), then each group's values, in the order the groups first appear: every value keeps
  // the place of the first hit that has it. Numbers while counting, plain objects only for the answer.
  const groups: FacetGroup[] = [];
  for (const h of hits) {
    const g = h.group;
    if (g.index >= groupCounts.length) groupCounts = grown(groupCounts, g.index);
    const c = groupCounts[g.index]!;
    groupCounts[g.index] = c + 1;
    if (c === 0) groups.push(g);
  }
  const values: number[] = [];
  for (const g of groups) {
    const n = groupCounts[g.index]!;
    groupCounts[g.index] = 0;
    for (const v of g.values) {
      if (v >= valueCounts.length) valueCounts = grown(valueCounts, v);
      const c = valueCounts[v]!;
      if (c === 0) values.push(v);
      valueCounts[v] = c + n;
    }
  }
  const out: Record<Facet, Array<[string, number]>> = { party: [], kind: [], body: [], municipality: [], year: [] };
  for (const v of values) {
    out[facetOfValue(v)].push([textOfValue(v), valueCounts[v]!]);
    valueCounts[v] = 0;
  }
  return {
    party: Object.fromEntries(out.party), kind: Object.fromEntries(out.kind), body: Object.fromEntries(out.body),
    municipality: Object.fromEntries(out.municipality), year: Object.fromEntries(out.year),
  };
}
