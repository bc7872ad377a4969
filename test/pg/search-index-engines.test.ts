/**
 * The write side of the search index answers the same on both engines: the units a document is
 * indexed as (itself, and a protocol's paragraphs under negative ids), its facet row, the stem and
 * word vocabularies with their document counts, removal, and a rebuild from the stored documents; and
 * the simple lookups over them (vocabulary, wordDocumentCounts, suggestibleNames, documentCount,
 * indexedDocuments). Where the engines differ by design it says so: PostgreSQL's counts are exact
 * (taken back on removal and on reindexing), SQLite's only ever grow. On PostgreSQL also two
 * processes indexing and removing documents that share words at once: the counts equal a recount of
 * the stored vectors, and nothing deadlocks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction, type Db } from '../../db/client.js';
import { isPg } from '../../db/engine.js';
import { indexDocument, removeFromIndex, toSearchDoc } from '../../db/search-index.js';
import { rebuildSearchIndex } from '../../db/reindex.js';
import { documentCount, suggestibleNames, vocabulary, wordDocumentCounts } from '../../db/search.js';
import { indexedDocuments } from '../../db/search-facets.js';
import { paragraphUnitId } from '../../db/search-units.js';
import { addTerms, addWords } from '../../server/ingest/stages/prepare-index.js';
import type { ExtractedMetadata, ProtocolParagraph } from '../../server/ingest/types.js';
import { archives, pgTestUrl, testEngines, sqlOn } from '../helpers/pg.js';

const store = archives();
afterAll(() => store.cleanup());
const fresh = store.fresh;

const seedDir = path.resolve(import.meta.dirname, '../../fixtures/seed');
const seed = (name: string) => fs.readFileSync(path.join(seedDir, name), 'utf8');
const texts = {
  anteckning: seed('000_22e373b5829b3816.txt'),
  svar: seed('002_96c067dbb2ae0c27.txt'),
  yrkande: seed('003_4ffd3fd1c5ddf01f.txt'),
};

const meta = (over: Partial<ExtractedMetadata>): ExtractedMetadata => ({
  kind: 'motion', title: '', municipality: null, body: null, date: null, arende: { number: null, title: null, diarienummer: null },
  parties: [], signatories: [], interpellants: [], addressee: null, questions: [], warnings: [], ...over,
});

const paragraph = (number: string, title: string, start: number, end: number, over: Partial<ProtocolParagraph> = {}): ProtocolParagraph => ({
  number, title, diarienummer: null, decision: null, proposals: [], vote: null, reservations: [], notes: [], handlingar: [], jav: [], start, end, ...over,
});

/** Documents as stored: metadata of our own over the seed texts (and a short one with NULL fields and odd words). */
const documents: Array<{ key: string; m: ExtractedMetadata; text: string }> = [
  {
    key: 'anteckning', text: texts.anteckning, m: meta({
      kind: 'protokollsanteckning', title: 'Protokollsanteckning om trygghet och säkerhet', municipality: 'Huddinge kommun', body: 'Trygghets- och delaktighetsberedningen',
      date: '2022-02-17', arende: { number: '11', title: 'Uppföljning av Program för trygghet och säkerhet 2021', diarienummer: 'KS-2021/123' },
      parties: ['S'], signatories: [{ name: 'Åsa Öberg', party: 'S', role: null }],
    }),
  },
  {
    key: 'svar', text: texts.svar, m: meta({
      kind: 'interpellationssvar', title: 'Svar på interpellation om Flemingsberg', municipality: 'Huddinge kommun', body: 'Kommunfullmäktige', date: '2021-06-07',
      parties: ['M', 'KD'], interpellants: [{ name: 'Sara Heelge Vikmång', party: 'S' }], addressee: { name: 'Daniel Dronjak', role: 'Kommunstyrelsens ordförande' },
    }),
  },
  {
    key: 'kort', text: 'Ödeshög 2023: växthusgaser, e-post och 3b-åtgärder. Kommunfullmäktige ÖVERVÄGER åäö-frågan; Ärendet bordläggs.', m: meta({
      kind: 'ovrigt', title: 'Övrigt utan organ', parties: [],
    }),
  },
  {
    key: 'protokoll', text: texts.yrkande, m: meta({
      kind: 'protokoll', title: 'Protokoll Kommunfullmäktige', municipality: 'Huddinge kommun', body: 'Kommunfullmäktige', date: '2022-03-07', parties: ['S', 'V'],
      paragraphs: [
        paragraph('§ 1', 'Preventionsarbete', 120, 900, { proposals: [{ name: 'Åsa Öberg', party: 'S', stance: 'bifall', text: 'bifall' }], diarienummer: 'KS-2022/1' }),
        paragraph('§ 2', 'Val av ledamöter', 900, 1700, { reservations: [{ parties: ['V'], names: ['Örjan Ek'], text: 'reserverar sig' }] }),
      ],
    }),
  },
];

const rows = sqlOn;

async function storeRow(db: Db, d: { m: ExtractedMetadata; text: string }, withdrawn = false): Promise<number> {
  const [r] = await rows<{ id: number }>(db, `INSERT INTO documents (kind, title, municipality, body, date, text, metadata_json, withdrawn_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, [d.m.kind, d.m.title, d.m.municipality, d.m.body, d.m.date, d.text, JSON.stringify(d.m), withdrawn ? '2026-01-01T00:00:00.000Z' : null]);
  return r!.id;
}

async function storeAndIndex(db: Db, d: { m: ExtractedMetadata; text: string }): Promise<number> {
  return transaction(db, async (tx) => {
    const id = await storeRow(tx, d);
    await indexDocument(tx, id, toSearchDoc(d.m, d.text), { fresh: true });
    return id;
  });
}

/** The units in the full-text table, by id. */
const units = async (db: Db) => (await rows<{ id: number }>(db, isPg(db) ? 'SELECT rowid AS id FROM search_fts ORDER BY rowid' : 'SELECT id FROM search_fts_docsize ORDER BY id')).map((r) => Number(r.id));
const facets = (db: Db) => rows<Record<string, unknown>>(db, 'SELECT document_id, kind, body, municipality, date, party_codes FROM search_facets ORDER BY document_id');
const seqs = async (db: Db) => (await rows<{ seq: number }>(db, 'SELECT seq FROM search_facets ORDER BY document_id')).map((r) => Number(r.seq));
const counter = async (db: Db) => Number((await rows<{ n: number }>(db, 'SELECT n FROM search_seq WHERE id = 1'))[0]!.n);
/** Both vocabularies whole, in byte order. */
const vocabularies = async (db: Db) => ({
  terms: await rows<{ term: string; rev: string; doc_count: number }>(db, `SELECT term, rev, doc_count FROM search_terms ORDER BY term${isPg(db) ? ' COLLATE "C"' : ''}`),
  words: await rows<{ word: string; doc_count: number }>(db, `SELECT word, doc_count FROM search_words ORDER BY word${isPg(db) ? ' COLLATE "C"' : ''}`),
});

/** The same documents indexed on SQLite: what each engine's tables must hold. */
let reference: { ids: number[]; vocabulary: Awaited<ReturnType<typeof vocabularies>>; facets: Array<Record<string, unknown>>; units: number[] };
beforeAll(async () => {
  const { db } = await fresh('sqlite');
  const ids: number[] = [];
  for (const d of documents) ids.push(await storeAndIndex(db, d));
  reference = { ids, vocabulary: await vocabularies(db), facets: await facets(db), units: await units(db) };
});

describe.each(testEngines)('the search index written on %s', (engine) => {
  let db: Db;
  let ids: number[];
  beforeAll(async () => {
    ({ db } = await fresh(engine));
    ids = [];
    for (const d of documents) ids.push(await storeAndIndex(db, d));
  });

  it('indexes each document as its units, one facet row each and the vocabularies counted per unit', async () => {
    expect(ids).toEqual(reference.ids);
    const [a, b, c, p] = ids as [number, number, number, number];
    expect(await units(db)).toEqual([paragraphUnitId(p, 1), paragraphUnitId(p, 0), a, b, c, p].sort((x, y) => x - y));
    expect(await units(db)).toEqual(reference.units);
    expect(await facets(db)).toEqual([
      { document_id: a, kind: 'protokollsanteckning', body: 'Trygghets- och delaktighetsberedningen', municipality: 'Huddinge kommun', date: '2022-02-17', party_codes: ',S,' },
      { document_id: b, kind: 'interpellationssvar', body: 'Kommunfullmäktige', municipality: 'Huddinge kommun', date: '2021-06-07', party_codes: ',M,KD,' },
      { document_id: c, kind: 'ovrigt', body: null, municipality: null, date: null, party_codes: '' },
      { document_id: p, kind: 'protokoll', body: 'Kommunfullmäktige', municipality: 'Huddinge kommun', date: '2022-03-07', party_codes: ',S,V,' },
    ]);
    // Each write takes the next number of the never-decreasing counter.
    const s = await seqs(db);
    expect(s).toEqual([...s].sort((x, y) => x - y));
    expect(new Set(s).size).toBe(4);
    expect(await counter(db)).toBe(s[3]);

    const v = await vocabularies(db);
    expect(v.terms.length).toBeGreaterThan(300);
    expect(v.words.length).toBeGreaterThan(300);
    expect(v).toEqual(reference.vocabulary);
    // A word of several documents is counted once per unit that holds it.
    expect(v.words.find((w) => w.word === 'kommunfullmäktige')?.doc_count).toBeGreaterThanOrEqual(5);
    for (const t of v.terms) expect(t.rev).toBe([...t.term].reverse().join(''));
  });

  it('answers the lookups: vocabulary most common first (ties by word), word counts (0 for unknown), names, counts', async () => {
    const v = await vocabularies(db);
    const top = await vocabulary(db, 25);
    const expected = [...v.words].sort((x, y) => y.doc_count - x.doc_count || (x.word < y.word ? -1 : x.word > y.word ? 1 : 0)).slice(0, 25);
    expect(top).toEqual(expected.map((w) => ({ word: w.word, count: w.doc_count })));
    expect(await vocabulary(db, 0)).toEqual([]);

    const counts = await wordDocumentCounts(db, ['kommunfullmäktige', 'ödeshög', 'åäö', 'finnsinte', 'Ödeshög', '2023']);
    expect([...counts.keys()]).toEqual(['kommunfullmäktige', 'ödeshög', 'åäö', 'finnsinte', 'Ödeshög', '2023']);
    expect(counts.get('kommunfullmäktige')).toBe(v.words.find((w) => w.word === 'kommunfullmäktige')!.doc_count);
    expect(counts.get('ödeshög')).toBe(1);
    expect(counts.get('åäö')).toBe(1);
    // Case is the analysis's business: the vocabulary holds lowercase words; digits alone are not counted.
    expect([counts.get('finnsinte'), counts.get('Ödeshög'), counts.get('2023')]).toEqual([0, 0, 0]);
    expect(await wordDocumentCounts(db, [])).toEqual(new Map());

    expect(await documentCount(db)).toBe(4);
    await rows(db, 'INSERT INTO people (name, slug) VALUES (?, ?), (?, ?)', ['Örjan Ek', 'orjan-ek', 'Åsa Öberg', 'asa-oberg']);
    await rows(db, 'INSERT INTO arenden (municipality, title) VALUES (?, ?), (?, ?), (?, ?), (?, NULL)', ['Huddinge kommun', 'Trygghet i Flemingsberg', 'Huddinge kommun', 'Budget 2023', 'Huddinge kommun', 'Trygghet i Flemingsberg', 'Huddinge kommun']);
    const names = await suggestibleNames(db);
    const of = (type: string) => names.filter((n) => n.type === type).map((n) => n.text);
    expect(names.map((n) => n.type)).toEqual([...'person,person'.split(','), ...of('parti').map(() => 'parti'), 'organ', 'organ', 'kommun', 'ärende', 'ärende']);
    expect(of('person')).toEqual(['Örjan Ek', 'Åsa Öberg']);
    // Parties come in no defined order (SQLite: rowid order, PostgreSQL: by code).
    expect(of('parti').sort()).toContain('Vänsterpartiet');
    expect(of('parti').length).toBe(15);
    expect(of('organ')).toEqual(['Trygghets- och delaktighetsberedningen', 'Kommunfullmäktige']);
    expect(of('kommun')).toEqual(['Huddinge kommun']);
    expect(of('ärende')).toEqual(['Trygghet i Flemingsberg', 'Budget 2023']);
  });

  it('counts the indexed units for the budgets', async () => {
    // SQLite counts a protocol's paragraphs from protocol_paragraphs, which this test does not write;
    // PostgreSQL counts the units themselves.
    expect(await indexedDocuments(db)).toBe(isPg(db) ? 6 : 4);
  });

  it('removes a document with all its units and facet row; the counts stay, on both engines (approximate, they only grow)', async () => {
    const p = ids[3]!;
    const before = await vocabularies(db);
    await transaction(db, (tx) => removeFromIndex(tx, p));
    expect(await units(db)).toEqual(ids.slice(0, 3));
    expect((await facets(db)).map((f) => f.document_id)).toEqual(ids.slice(0, 3));
    const after = await vocabularies(db);
    // "Vocabulary counts are approximate and only ever grow": the same answers on both engines.
    expect(after).toEqual(before);
    // Removing what is not indexed changes nothing.
    await removeFromIndex(db, p);
    await removeFromIndex(db, 999_999);
    expect(await vocabularies(db)).toEqual(after);
    // Put back, the protocol counts once more: the protocol and both its paragraphs (their ärende names the body).
    await indexDocument(db, p, toSearchDoc(documents[3]!.m, documents[3]!.text));
    expect(await units(db)).toEqual(reference.units);
    const kf = (v: typeof before) => v.words.find((w) => w.word === 'kommunfullmäktige')!.doc_count;
    expect(kf(await vocabularies(db))).toBe(kf(before) + 3);
  });

  it('reindexing a document replaces its entry: facet row renumbered, its words counted once more on both engines', async () => {
    const a = ids[0]!;
    const before = await vocabularies(db);
    const seqBefore = await counter(db);
    const d = documents[0]!;
    const corrected = { ...d.m, title: 'Protokollsanteckning om trygghet, säkerhet och älgjakt', parties: ['MP'] };
    await transaction(db, (tx) => indexDocument(tx, a, toSearchDoc(corrected, d.text)));
    expect((await facets(db))[0]).toMatchObject({ document_id: a, party_codes: ',MP,' });
    expect((await seqs(db))[0]).toBe(seqBefore + 1);
    const after = await vocabularies(db);
    const count = (v: typeof after, w: string) => v.words.find((x) => x.word === w)?.doc_count ?? 0;
    expect(count(after, 'älgjakt')).toBe(1);
    expect(count(after, 'coronapandemin')).toBe(count(before, 'coronapandemin') + 1);
  });

  it('rolls back with the transaction it was written in', async () => {
    const before = { v: await vocabularies(db), u: await units(db), f: await facets(db) };
    await expect(transaction(db, async (tx) => {
      const id = await storeRow(tx, documents[2]!);
      await indexDocument(tx, id, toSearchDoc(meta({ title: 'Motion om ödlor' }), 'Ödlor i Älvsjö'), { fresh: true });
      await removeFromIndex(tx, ids[1]!);
      throw new Error('avbrutet');
    })).rejects.toThrow('avbrutet');
    expect({ v: await vocabularies(db), u: await units(db), f: await facets(db) }).toEqual(before);
  });

  it('rebuilds everything from the live documents, counting as indexing them one by one', async () => {
    const { db: rebuilt } = await fresh(engine);
    for (const d of documents) await storeRow(rebuilt, d);
    await storeRow(rebuilt, { m: meta({ title: 'Indragen om zebror' }), text: 'zebror zebror' }, true);
    await indexDocument(rebuilt, 999, toSearchDoc(meta({ title: 'Kvarleva' }), 'kvarlevande ord'), { fresh: true });
    const progress: Array<[number, number]> = [];
    expect(await rebuildSearchIndex(rebuilt, (done, total) => progress.push([done, total]))).toBe(4);
    expect(progress).toEqual([[4, 4]]);
    expect(await units(rebuilt)).toEqual(reference.units);
    expect(await facets(rebuilt)).toEqual(reference.facets);
    expect(await vocabularies(rebuilt)).toEqual(reference.vocabulary);
    expect(await wordDocumentCounts(rebuilt, ['zebror', 'kvarlevande'])).toEqual(new Map([['zebror', 0], ['kvarlevande', 0]]));
    // An empty archive rebuilds to nothing.
    const { db: empty } = await fresh(engine);
    expect(await rebuildSearchIndex(empty)).toBe(0);
    expect(await units(empty)).toEqual([]);
  });
});

/** The vocabularies as a recount of the vectors PostgreSQL stored, with the analysis's own rules (addTerms, addWords). */
async function recount(db: Db) {
  if (!isPg(db)) throw new Error('PostgreSQL only');
  const terms = new Map<string, number>();
  const words = new Map<string, number>();
  const r = await db.$client.query('SELECT tsvector_to_array(terms) AS terms, tsvector_to_array(exact) AS exact FROM search_fts');
  for (const u of r.rows as Array<{ terms: string[]; exact: string[] }>) {
    for (const t of addTerms(u.terms.join(' '), new Set())) terms.set(t, (terms.get(t) ?? 0) + 1);
    for (const w of addWords(u.exact.join(' '), new Set())) words.set(w, (words.get(w) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { terms: sorted(terms), words: sorted(words) };
}

async function stored(db: Db) {
  const v = await vocabularies(db);
  return { terms: v.terms.map((t) => [t.term, t.doc_count]), words: v.words.map((w) => [w.word, w.doc_count]) };
}

describe.skipIf(!pgTestUrl)('two server processes indexing one PostgreSQL database at once', () => {
  /** Variants of the documents: same words, other ids and titles. */
  const variant = (i: number) => {
    const d = documents[i % documents.length]!;
    return { m: { ...d.m, title: `${d.m.title} ${i} ålands ärende` }, text: d.text };
  };

  it('count every document sharing words exactly, as a recount of the stored vectors does', async () => {
    const { db: a, url } = await fresh('postgres');
    const b = await store.another(url!);
    // Twenty documents at once, half through each process, each in its own transaction (index entries
    // only: a documents row would make the transactions take turns at the data_version trigger's row).
    await Promise.all(Array.from({ length: 20 }, (_, i) => indexDocument(i % 2 ? a : b, i + 1, toSearchDoc(variant(i).m, variant(i).text), { fresh: true })));
    const counts = await stored(a);
    expect(counts).toEqual(await recount(a));
    expect(counts.words.find(([w]) => w === 'ålands')).toEqual(['ålands', 20]);
    expect(counts.words.find(([w]) => w === 'kommunfullmäktige')![1]).toBeGreaterThanOrEqual(15);
    // The write sequence numbered every facet row once.
    const s = await seqs(a);
    expect(new Set(s).size).toBe(20);
    expect(await counter(a)).toBe(Math.max(...s));
  });

  it('count removals, reindexing and new documents at once as the same work done one by one does, without deadlock', async () => {
    const { db: a, url } = await fresh('postgres');
    const b = await store.another(url!);
    const { db: alone } = await fresh('postgres');
    const ids = Array.from({ length: 12 }, (_, i) => i + 1);
    for (const db of [a, alone]) for (const id of ids) await indexDocument(db, id, toSearchDoc(variant(id - 1).m, variant(id - 1).text), { fresh: true });
    // Removals, reindexing (in both directions of the words they share) and new documents, interleaved across the two processes.
    const step = (db: Db, i: number): Promise<unknown> => (i % 3 === 0 ? transaction(db, (tx) => removeFromIndex(tx, ids[i]!))
      : i % 3 === 1 ? transaction(db, (tx) => indexDocument(tx, ids[i]!, toSearchDoc(variant(i + 1).m, variant(i + 1).text)))
        : indexDocument(db, 100 + i, toSearchDoc(variant(i + 5).m, variant(i + 5).text), { fresh: true }));
    await Promise.all(Array.from({ length: 12 }, (_, i) => step(i % 2 ? a : b, i)));
    for (let i = 0; i < 12; i++) await step(alone, i);
    expect(await stored(a)).toEqual(await stored(alone));
    expect(await units(a)).toEqual(await units(alone));
    // Every write counts: 12 first, 4 reindexed, 4 new.
    expect((await stored(b)).words.find(([w]) => w === 'ålands')).toEqual(['ålands', 12 + 4 + 4]);
  });

  it('a removal waits for a transaction indexing several documents instead of deadlocking with it', async () => {
    const { db: a, url } = await fresh('postgres');
    const b = await store.another(url!);
    // No title: the documents share no word but these two.
    const doc = (text: string) => toSearchDoc(meta({}), text);
    await indexDocument(a, 1, doc('zzalfa zzbeta'), { fresh: true });
    let resume!: () => void;
    const paused = new Promise<void>((r) => { resume = r; });
    let first!: () => void;
    const firstWritten = new Promise<void>((r) => { first = r; });
    // One transaction writes the later word's counts, then (once the removal waits) the earlier word's.
    const writer = transaction(a, async (tx) => {
      await indexDocument(tx, 2, doc('zzbeta'), { fresh: true });
      first();
      await paused;
      await indexDocument(tx, 3, doc('zzalfa'), { fresh: true });
    });
    await firstWritten;
    // The removal would lock zzalfa's rows and wait for zzbeta's; the writer would then wait for zzalfa's.
    const removal = removeFromIndex(b, 1);
    for (let i = 0; i < 100; i++) {
      const r = await b.pool.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
      if (r.rows[0].n > 0) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    resume();
    await Promise.all([writer, removal]);
    // Every unit written counts, the removed one too (as on SQLite).
    expect(await wordDocumentCounts(a, ['zzalfa', 'zzbeta'])).toEqual(new Map([['zzalfa', 2], ['zzbeta', 2]]));
    expect(await units(a)).toEqual([2, 3]);
  });
});
