/**
 * Protocol paragraphs and reused paragraphs answer the same on both engines: a protocol's § rows and
 * positions, written documents linked to their §, the position lists of ärenden, parties and people,
 * and the reused-paragraph index (texts counted by the documents holding them, near copies paired).
 * On PostgreSQL also what several server processes must share: two pools on one database (two
 * processes) indexing documents that share paragraph texts at once keep every count exact, and two
 * rewriting one protocol take turns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction, type Db } from '../../db/client.js';
import { UnportedError, type PgDb } from '../../db/engine.js';
import { GLOBAL_BUDGET, indexParagraphs, MAX_LISTED, mostReusedParagraphs, removeParagraphs, reusedParagraphsOf } from '../../db/paragraphs.js';
import {
  linkWrittenToParagraph, paragraphOfWritten, paragraphsOf, partyPositionCounts, positionPeople, positionsOfParty, positionsOfPerson,
  positionsOnArende, removeProtocol, writeProtocol,
} from '../../db/protocol.js';
import { findOrCreateArende } from '../../db/arenden.js';
import { resolvePerson } from '../../db/people.js';
import { partyOnDate } from '../../db/memberships.js';
import { parsePersonName } from '../../server/linking/person-names.js';
import type { ExtractedMetadata, ProtocolParagraph } from '../../server/ingest/types.js';
import { archives, pgTestUrl, testEngines, sqlOn } from '../helpers/pg.js';
import { protocolDocument, writtenReservation } from '../protocol-store/fixtures.js';

const store = archives();
afterAll(() => store.cleanup());
const fresh = store.fresh;
const engines = testEngines;

/** Plain SQL on either engine, `?` for each parameter. */
const q = <T = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]) => sqlOn<T>(db, text, params);
const one = async <T = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]) => (await q<T>(db, text, ...params))[0]!;

interface Doc { kind?: string; title?: string; text?: string; date?: string | null; body?: string | null; municipality?: string | null; metadata?: object; withdrawn?: boolean }
async function insertDoc(db: Db, d: Doc = {}): Promise<number> {
  const r = await one<{ id: number }>(db, `INSERT INTO documents (kind, title, text, metadata_json, date, body, municipality, withdrawn_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, d.kind ?? 'protokoll', d.title ?? 'Protokoll', d.text ?? 'text', JSON.stringify(d.metadata ?? {}),
  d.date ?? null, d.body ?? null, d.municipality ?? 'Huddinge', d.withdrawn ? '2026-01-01T00:00:00.000Z' : null);
  return r.id;
}

/** The names of what a repository function reaches on another engine's module, still unported there. */
async function throwsUnported(call: () => Promise<unknown>): Promise<boolean> {
  try { await call(); return false; } catch (err) { return err instanceof UnportedError; }
}
// A handle that is PostgreSQL by its tag only: an unported function refuses it before any query.
const tagOnly = { engine: 'postgres' } as unknown as PgDb;
const writeProtocolNeedsUnported = (await Promise.all([
  throwsUnported(() => findOrCreateArende(tagOnly, { municipality: null, body: null, meetingDate: null, number: null, title: null, diarienummer: null })),
  throwsUnported(() => resolvePerson(tagOnly, parsePersonName('Åsa Öberg')!, { documentId: 0, scope: '', party: null })),
  throwsUnported(() => partyOnDate(tagOnly, 0, null)),
])).some(Boolean);

// ---- Reused paragraphs ----

const shared = 'Vi vill att kommunen bygger fler förskoleplatser i Flemingsberg och att köerna till förskolan kortas, så att alla barn får en plats nära hemmet inom fyra månader.';
// The same paragraph with two words changed: a near copy, not an exact one.
const edited = shared.replace('fyra månader', 'tre månader');
const other = 'Äldreomsorgen i Huddinge behöver fler undersköterskor med fast anställning, och vi föreslår att kommunen inför heltid som norm för all personal inom vården och omsorgen i år.';
const VOCABULARY = ('skola förskola äldreomsorg budget kommun region väg cykel buss tåg park skog sjö bibliotek idrott hall simhall bostad hyra skatt '
  + 'avgift barn elev lärare sköterska läkare vård omsorg miljö klimat energi vatten avlopp sopor återvinning trygghet polis brand räddning '
  + 'kultur musik teater konst förening företag jobb arbete lön pension').split(' ');
/** A paragraph of 24 words no other n shares three in a row of: it is reused nowhere. */
const unique = (n: number) => {
  let x = n * 7919 + 17;
  return Array.from({ length: 24 }, () => { x = (x * 1103515245 + 12345) % 2147483648; return VOCABULARY[x % VOCABULARY.length]; }).join(' ') + '.';
};
const third = 'Kollektivtrafiken mellan Huddinge centrum och Flemingsberg ska gå var tionde minut hela dygnet, och busskorten ska vara gratis för alla pensionärer som bor i kommunen.';
const motion = (...paragraphs: string[]) => ['Motion till kommunfullmäktige', ...paragraphs].join('\n\n');

/** Texts whose stored counts differ from what the rows say, and paragraphs without their text. */
const miscounted = (db: Db) => q(db, `SELECT t.exact_hash, t.documents, t.reuse_count FROM paragraph_texts t
  WHERE t.documents <> (SELECT count(DISTINCT p.document_id) FROM paragraphs p WHERE p.exact_hash = t.exact_hash)
    OR t.reuse_count <> t.documents - 1
      + coalesce((SELECT sum(o.documents) FROM paragraph_text_reuse r JOIN paragraph_texts o ON o.exact_hash = r.other_hash WHERE r.exact_hash = t.exact_hash), 0)
      + coalesce((SELECT sum(o.documents) FROM paragraph_text_reuse r JOIN paragraph_texts o ON o.exact_hash = r.exact_hash WHERE r.other_hash = t.exact_hash), 0)
  UNION ALL SELECT p.exact_hash, NULL, NULL FROM paragraphs p WHERE NOT EXISTS (SELECT 1 FROM paragraph_texts t WHERE t.exact_hash = p.exact_hash)
  UNION ALL SELECT b.exact_hash, NULL, NULL FROM paragraph_text_bands b WHERE NOT EXISTS (SELECT 1 FROM paragraph_texts t WHERE t.exact_hash = b.exact_hash)`);
const count = async (db: Db, table: string) => (await one<{ n: number }>(db, `SELECT CAST(count(*) AS INTEGER) AS n FROM ${table}`)).n;

/** The whole index as values: each text's counts and the pairs, unordered, in one order on both engines. */
async function indexState(db: Db) {
  const texts = (await q<{ h: number | string; documents: number; reuse: number }>(db, 'SELECT exact_hash AS h, documents, reuse_count AS reuse FROM paragraph_texts'))
    .map((r) => `${r.h}:${r.documents}:${r.reuse}`).sort();
  const pairs = (await q<{ a: number | string; b: number | string }>(db, 'SELECT exact_hash AS a, other_hash AS b FROM paragraph_text_reuse'))
    .map((r) => [String(r.a), String(r.b)].sort().join('~')).sort();
  const held = (await q<{ d: number; p: number; h: number | string }>(db, 'SELECT document_id AS d, position AS p, exact_hash AS h FROM paragraphs'))
    .map((r) => `${r.d}/${r.p}:${r.h}`).sort();
  return { texts, pairs, held };
}

async function partyOf(db: Db, documentId: number, code: string): Promise<void> {
  await q(db, 'INSERT INTO document_parties (document_id, party_code, position) VALUES (?, ?, 0)', documentId, code);
}

describe.each(engines)('reused paragraphs on %s', (engine) => {
  let db: Db;
  const ids: number[] = [];
  const texts: string[] = [];
  const add = async (text: string, party: string | null = null) => {
    const id = await insertDoc(db, { kind: 'motion', text });
    if (party) await partyOf(db, id, party);
    ids.push(id);
    texts.push(text);
    return { id, pairs: await indexParagraphs(db, id, text) };
  };
  beforeAll(async () => { ({ db } = await fresh(engine)); });

  it('count a paragraph in three documents once, as the two others for each, a paragraph repeated in one document once', async () => {
    expect((await add(motion(shared, unique(0)), 'S')).pairs).toBe(0);
    await add(motion(shared, unique(1), shared), 'V');
    await add(motion(unique(2), shared), 'MP');
    expect(await q(db, 'SELECT documents, reuse_count FROM paragraph_texts WHERE reuse_count > 0')).toEqual([{ documents: 3, reuse_count: 2 }]);
    expect(await reusedParagraphsOf(db, ids[0]!)).toEqual([{ paragraph: 1, documents: [ids[1], ids[2]], documentCount: 2 }]);
    // A repeated paragraph is listed at each of its places, with the same documents.
    expect(await reusedParagraphsOf(db, ids[1]!)).toEqual([
      { paragraph: 1, documents: [ids[0], ids[2]], documentCount: 2 }, { paragraph: 3, documents: [ids[0], ids[2]], documentCount: 2 },
    ]);
    expect(await count(db, 'paragraph_text_reuse')).toBe(0);
    expect(await count(db, 'paragraph_texts')).toBe(4);
    expect(await miscounted(db)).toEqual([]);
  });

  it('pair a near copy with the text and count each side\'s documents; indexing a document again changes nothing', async () => {
    const { id, pairs } = await add(motion(edited, unique(3)), 'C');
    expect(pairs).toBe(1);
    expect(await count(db, 'paragraph_text_reuse')).toBe(1);
    expect(await reusedParagraphsOf(db, id)).toEqual([{ paragraph: 1, documents: [ids[0], ids[1], ids[2]], documentCount: 3 }]);
    expect(await reusedParagraphsOf(db, ids[0]!)).toEqual([{ paragraph: 1, documents: [ids[1], ids[2], id], documentCount: 3 }]);
    const before = await indexState(db);
    expect(await indexParagraphs(db, ids[1]!, texts[1]!)).toBe(0);
    expect(await indexParagraphs(db, id, texts[3]!)).toBe(1);
    expect(await indexState(db)).toEqual(before);
    expect(await miscounted(db)).toEqual([]);
    expect(await reusedParagraphsOf(db, 999_999)).toEqual([]);
  });

  it('rank a party\'s most reused paragraphs by text, at its newest document holding it, first place', async () => {
    // The S motion's two reused texts: `shared` (three more) and, in a newer S document, `other`.
    const a = await add(motion(other, unique(4)), 'S');
    await add(motion(other, unique(5)), 'KD');
    const first = await mostReusedParagraphs(db, 'S', 10);
    expect(first).toEqual([
      { exactHash: expect.any(Number), reuseCount: 3, documentId: ids[0], position: 1 },
      { exactHash: expect.any(Number), reuseCount: 1, documentId: a.id, position: 1 },
    ]);
    expect(await mostReusedParagraphs(db, 'S', 1)).toEqual(first.slice(0, 1));
    expect((await mostReusedParagraphs(db, 'C', 10)).map((r) => r.documentId)).toEqual([ids[3]]);
    expect(await mostReusedParagraphs(db, 'L', 10)).toEqual([]);
    // Equal reuse within one document: in the order SQLite's index gives, the larger hash first.
    const both = await add(motion(unique(6), unique(7)), 'L');
    await add(motion(unique(7), unique(6)), 'L');
    const ties = await mostReusedParagraphs(db, 'L', 10);
    expect(ties.map((r) => [r.documentId, r.reuseCount])).toEqual([[both.id + 1, 1], [both.id + 1, 1]]);
    expect(ties[0]!.exactHash).toBeGreaterThan(ties[1]!.exactHash);
    expect(ties.map((r) => r.position).sort()).toEqual([1, 2]);
  });

  it('fall as documents leave, and forget a text with its last document, its bands and pairs with it', async () => {
    await removeParagraphs(db, ids[1]!);
    expect(await reusedParagraphsOf(db, ids[0]!)).toEqual([{ paragraph: 1, documents: [ids[2], ids[3]], documentCount: 2 }]);
    expect(await reusedParagraphsOf(db, ids[1]!)).toEqual([]);
    expect(await miscounted(db)).toEqual([]);
    await removeParagraphs(db, ids[3]!);
    expect(await count(db, 'paragraph_text_reuse')).toBe(0);
    // `shared`, `other` and the two L texts, each in two documents.
    expect(await q(db, 'SELECT documents, reuse_count FROM paragraph_texts WHERE reuse_count > 0')).toEqual(Array(4).fill({ documents: 2, reuse_count: 1 }));
    expect(await miscounted(db)).toEqual([]);
    await removeParagraphs(db, 999_999);
  });

  it('list at most MAX_LISTED other documents of a paragraph and count the rest', async () => {
    const text = motion('Ett stycke om cykelvägar mellan Flemingsberg och Huddinge centrum som kopieras ordagrant in i väldigt många motioner, år efter år, av alla möjliga partier.');
    const many: number[] = [];
    for (let i = 0; i <= MAX_LISTED + 1; i++) {
      const id = await insertDoc(db, { kind: 'motion', text });
      await indexParagraphs(db, id, text);
      many.push(id);
    }
    const [r] = await reusedParagraphsOf(db, many[0]!);
    expect(r!.documents).toEqual(many.slice(1, MAX_LISTED + 1));
    expect(r!.documentCount).toBe(MAX_LISTED + 1);
    expect(await miscounted(db)).toEqual([]);
  });

  it('read a party\'s own paragraphs when the archive\'s most reused texts, walked in order, are not the party\'s', async () => {
    const own = await mostReusedParagraphs(db, 'S', 10);
    // More reused texts than the walk reads, none of them S's (rows only: no document holds them).
    const fake = Array.from({ length: GLOBAL_BUDGET + 1 }, (_, i) => 1e12 + i);
    await q(db, `INSERT INTO paragraph_texts (exact_hash, signature, documents, reuse_count) VALUES ${fake.map(() => '(?, ?, 1, 500)').join(', ')}`,
      ...fake.flatMap((h) => [h, Buffer.alloc(72, 1)]));
    expect(await mostReusedParagraphs(db, 'S', 10)).toEqual(own);
    expect(own.length).toBeGreaterThan(0);
    await q(db, 'DELETE FROM paragraph_texts WHERE reuse_count = 500');
  });
});

// ---- Protocol paragraphs ----

async function person(db: Db, name: string, slug: string, mergedInto: number | null = null): Promise<number> {
  return (await one<{ id: number }>(db, 'INSERT INTO people (name, slug, merged_into_id) VALUES (?, ?, ?) RETURNING id', name, slug, mergedInto)).id;
}
async function arende(db: Db, title: string): Promise<number> {
  return (await one<{ id: number }>(db, "INSERT INTO arenden (municipality, title) VALUES ('Huddinge', ?) RETURNING id", title)).id;
}
async function paragraph(db: Db, documentId: number, ordinal: number, number: string, arendeId: number | null, vote: [number | null, number | null, number | null] = [null, null, null]): Promise<number> {
  return (await one<{ id: number }>(db, `INSERT INTO protocol_paragraphs (document_id, ordinal, number, anchor, title, diarienummer, decision, start_offset, end_offset,
    vote_ja, vote_nej, vote_avstar, arende_id, arende_rule) VALUES (?, ?, ?, ?, ?, NULL, ?, 0, 10, ?, ?, ?, ?, ?) RETURNING id`,
  documentId, ordinal, number, `paragraf-${number.replace(/\D/g, '')}`, `Ärende ${number}`, 'Fullmäktige bifaller förslaget.', ...vote, arendeId, arendeId ? 'diarienummer' : null)).id;
}
async function position(db: Db, paragraphId: number, documentId: number, ordinal: number, what: string, party: string | null, personId: number | null, kind: string | null = null): Promise<number> {
  return (await one<{ id: number }>(db, `INSERT INTO protocol_positions (paragraph_id, document_id, ordinal, what, kind, party_code, party_source, person_id, name_as_written, sentence, start_offset, end_offset)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, NULL) RETURNING id`, paragraphId, documentId, ordinal, what, kind, party, party ? 'document' : null, personId, `${what} ${party ?? ''} för Åsa`)).id;
}
async function link(db: Db, from: number, to: number, rule: string, confidence: number, paragraphId: number): Promise<void> {
  await q(db, "INSERT INTO document_links (from_document_id, to_document_id, relation, rule, confidence, to_paragraph_id) VALUES (?, ?, 'in_paragraph', ?, ?, ?)", from, to, rule, confidence, paragraphId);
}

describe.each(engines)('protocol paragraphs and positions on %s', (engine) => {
  let db: Db;
  const w = {} as Record<string, number>;
  beforeAll(async () => {
    ({ db } = await fresh(engine));
    w.asa = await person(db, 'Åsa Öberg', 'asa-oberg');
    w.orjan = await person(db, 'Örjan Ek', 'orjan-ek');
    w.merged = await person(db, 'Åsa Öberg-Lind', 'asa-oberg-lind', w.asa);
    w.a1 = await arende(db, 'Förskola i Flemingsberg');
    w.a2 = await arende(db, 'Val av justerare');
    w.p1 = await insertDoc(db, { date: '2021-03-10', body: 'Kommunfullmäktige', title: 'Protokoll KF 2021-03-10' });
    w.p2 = await insertDoc(db, { date: '2022-05-01', body: 'kommunstyrelsen' });
    w.p3 = await insertDoc(db, { date: null, body: 'Kommunfullmäktige' });
    w.p4 = await insertDoc(db, { date: '2023-01-01', body: 'Kommunfullmäktige', withdrawn: true });
    w.p5 = await insertDoc(db, { date: '2022-09-01', body: 'Ägarutskottet' });
    w.p6 = await insertDoc(db, { date: '2022-02-01', body: 'Kommunfullmäktige' });
    w.r1 = await insertDoc(db, { kind: 'reservation', title: 'Reservation § 5' });
    w.r2 = await insertDoc(db, { kind: 'reservation', title: 'Återkallad reservation', withdrawn: true });
    w.r3 = await insertDoc(db, { kind: 'protokollsanteckning', title: 'Anteckning' });
    w.p1s4 = await paragraph(db, w.p1, 0, '§ 4', w.a2);
    w.p1s5 = await paragraph(db, w.p1, 1, '§ 5', w.a1, [30, 20, null]);
    w.p2s12 = await paragraph(db, w.p2, 0, '§ 12', w.a1, [null, 4, 1]);
    w.p3s7 = await paragraph(db, w.p3, 0, '§ 7', w.a1);
    w.p4s1 = await paragraph(db, w.p4, 0, '§ 1', w.a1);
    w.p5s1 = await paragraph(db, w.p5, 0, '§ 1', null);
    w.p6s1 = await paragraph(db, w.p6, 0, '§ 1', null);
    // Written out of order: read back by ordinal.
    await position(db, w.p1s5, w.p1, 2, 'reservation', 'V', null);
    await position(db, w.p1s5, w.p1, 0, 'proposal', 'S', w.asa, 'bifall');
    await position(db, w.p1s5, w.p1, 1, 'vote', 'M', w.orjan, 'nej');
    await position(db, w.p1s5, w.p1, 3, 'jav', 'S', w.orjan);
    await position(db, w.p2s12, w.p2, 1, 'proposal', 'S', null, 'eget');
    await position(db, w.p2s12, w.p2, 0, 'reservation', 'S', w.merged);
    await position(db, w.p3s7, w.p3, 0, 'note', 'S', w.asa, 'protokollsanteckning');
    await position(db, w.p4s1, w.p4, 0, 'reservation', 'S', w.asa);
    await position(db, w.p5s1, w.p5, 0, 'reservation', 'S', null);
    await position(db, w.p6s1, w.p6, 0, 'proposal', 'S', null, 'bifall');
    await link(db, w.r1, w.p1, 'arende_och_sammantrade', 0.85, w.p1s5);
    await link(db, w.r2, w.p1, 'arende_och_sammantrade', 0.85, w.p1s5);
    await link(db, w.r3, w.p1, 'manuell', 1, w.p1s4);
  });

  it('reads a protocol\'s paragraphs in order with their votes, positions and the live written documents linked to them', async () => {
    const ps = await paragraphsOf(db, w.p1!);
    expect(ps.map((p) => [p.id, p.ordinal, p.number, p.anchor, p.vote])).toEqual([
      [w.p1s4, 0, '§ 4', 'paragraf-4', null], [w.p1s5, 1, '§ 5', 'paragraf-5', { ja: 30, nej: 20, avstar: 0 }],
    ]);
    expect(ps[0]).toMatchObject({ documentId: w.p1, title: 'Ärende § 4', diarienummer: null, decision: 'Fullmäktige bifaller förslaget.', start: 0, end: 10, arendeId: w.a2, arendeRule: 'diarienummer', positions: [] });
    expect(ps[0]!.writtenDocuments).toEqual([{ id: w.r3, kind: 'protokollsanteckning', title: 'Anteckning', rule: 'manuell', confidence: 1 }]);
    expect(ps[1]!.writtenDocuments).toEqual([{ id: w.r1, kind: 'reservation', title: 'Reservation § 5', rule: 'arende_och_sammantrade', confidence: 0.85 }]);
    expect(ps[1]!.positions).toEqual([
      { id: expect.any(Number), ordinal: 0, what: 'proposal', kind: 'bifall', party: 'S', partySource: 'document', personId: w.asa, personName: 'Åsa Öberg', personSlug: 'asa-oberg', nameAsWritten: null, sentence: 'proposal S för Åsa', start: null, end: null },
      expect.objectContaining({ ordinal: 1, what: 'vote', kind: 'nej', party: 'M', personName: 'Örjan Ek' }),
      expect.objectContaining({ ordinal: 2, what: 'reservation', party: 'V', personId: null, personName: null, personSlug: null, partySource: 'document' }),
      expect.objectContaining({ ordinal: 3, what: 'jav' }),
    ]);
    expect((await paragraphsOf(db, w.p2!))[0]!.vote).toEqual({ ja: 0, nej: 4, avstar: 1 });
    expect(await paragraphsOf(db, 999_999)).toEqual([]);
    expect(await paragraphOfWritten(db, w.r1!)).toEqual({ documentId: w.p1, title: 'Protokoll KF 2021-03-10', number: '§ 5', anchor: 'paragraf-5', rule: 'arende_och_sammantrade', confidence: 0.85 });
    expect(await paragraphOfWritten(db, w.p2!)).toBeUndefined();
  });

  it('lists an ärende\'s positions by meeting date (undated last), a party\'s and a person\'s newest first, live protocols only', async () => {
    const at = (xs: Array<{ documentId: number; ordinal: number; what: string }>) => xs.map((x) => [x.documentId, x.ordinal, x.what]);
    expect(at(await positionsOnArende(db, w.a1!))).toEqual([
      [w.p1, 0, 'proposal'], [w.p1, 1, 'vote'], [w.p1, 2, 'reservation'], [w.p1, 3, 'jav'], [w.p2, 0, 'reservation'], [w.p2, 1, 'proposal'], [w.p3, 0, 'note'],
    ]);
    const [first] = await positionsOnArende(db, w.a1!);
    expect(first).toMatchObject({ paragraphNumber: '§ 5', paragraphAnchor: 'paragraf-5', paragraphTitle: 'Ärende § 5', date: '2021-03-10', body: 'Kommunfullmäktige', municipality: 'Huddinge', arendeId: w.a1 });
    expect(await positionsOnArende(db, 999_999)).toEqual([]);
    expect(at(await positionsOfParty(db, 'S'))).toEqual([
      [w.p5, 0, 'reservation'], [w.p2, 0, 'reservation'], [w.p2, 1, 'proposal'], [w.p6, 0, 'proposal'], [w.p1, 0, 'proposal'], [w.p3, 0, 'note'],
    ]);
    expect(at(await positionsOfParty(db, 'S', { year: '2021' }))).toEqual([[w.p1, 0, 'proposal']]);
    expect(at(await positionsOfParty(db, 'S', { body: 'KOMMUNFULLMÄKTIGE' }))).toEqual([[w.p6, 0, 'proposal'], [w.p1, 0, 'proposal'], [w.p3, 0, 'note']]);
    expect(at(await positionsOfParty(db, 'S', { body: 'ägarutskottet', what: 'reservation' }))).toEqual([[w.p5, 0, 'reservation']]);
    expect(at(await positionsOfParty(db, 'S', { what: 'proposal', limit: 2 }))).toEqual([[w.p2, 1, 'proposal'], [w.p6, 0, 'proposal']]);
    expect(await positionsOfParty(db, 'KD')).toEqual([]);
    expect(at(await positionsOfPerson(db, w.asa!))).toEqual([[w.p2, 0, 'reservation'], [w.p1, 0, 'proposal'], [w.p3, 0, 'note']]);
    expect(at(await positionsOfPerson(db, w.merged!))).toEqual([[w.p2, 0, 'reservation']]);
    expect(await positionsOfPerson(db, 999_999)).toEqual([]);
  });

  it('counts a party\'s positions by year (undated as okänt), body and what, in byte order', async () => {
    expect(await partyPositionCounts(db, 'S')).toEqual([
      { year: 'okänt', body: 'Kommunfullmäktige', what: 'note', n: 1 },
      { year: '2022', body: 'Kommunfullmäktige', what: 'proposal', n: 1 },
      { year: '2022', body: 'kommunstyrelsen', what: 'proposal', n: 1 },
      { year: '2022', body: 'kommunstyrelsen', what: 'reservation', n: 1 },
      { year: '2022', body: 'Ägarutskottet', what: 'reservation', n: 1 },
      { year: '2021', body: 'Kommunfullmäktige', what: 'proposal', n: 1 },
    ]);
    expect(await partyPositionCounts(db, 'KD')).toEqual([]);
  });

  it('names the people of a protocol\'s positions, and removes its paragraphs, positions and automatic paragraph links', async () => {
    expect((await positionPeople(db, w.p1!)).sort((a, b) => a - b)).toEqual([w.asa, w.orjan]);
    expect(await positionPeople(db, w.p5!)).toEqual([]);
    await removeProtocol(db, w.p1!);
    expect(await paragraphsOf(db, w.p1!)).toEqual([]);
    expect(await q(db, 'SELECT id FROM protocol_positions WHERE document_id = ?', w.p1)).toEqual([]);
    expect(await q(db, "SELECT from_document_id AS f, rule FROM document_links WHERE to_document_id = ? ORDER BY from_document_id", w.p1)).toEqual([{ f: w.r3, rule: 'manuell' }]);
    expect(await paragraphOfWritten(db, w.r1!)).toBeUndefined();
    await removeProtocol(db, 999_999);
  });
});

describe.each(engines)('written reservations and notes linked to their paragraph on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });
  const written = (number: string | null) => ({ kind: 'reservation', arende: { number, title: null, diarienummer: null } });

  it('links to the paragraph of the same ärende at the same meeting, best when it names the §, else the § it names', async () => {
    const a = await arende(db, 'Förskola');
    const protocol = await insertDoc(db, { date: '2021-03-10', body: 'Kommunfullmäktige' });
    const s5 = await paragraph(db, protocol, 0, '§ 5', a);
    const s6 = await paragraph(db, protocol, 1, '§ 6', a);
    const docs = {
      meeting: await insertDoc(db, { kind: 'reservation', date: '2021-03-10', body: 'KOMMUNFULLMÄKTIGE', metadata: written(null) }),
      named: await insertDoc(db, { kind: 'reservation', date: '2021-03-10', body: 'kommunfullmäktige', metadata: written('Ärende 6') }),
      text: await insertDoc(db, { kind: 'sarskilt_yttrande', date: '2021-04-01', body: null, text: 'Särskilt yttrande över § 5 om förskolan', metadata: written(null) }),
      none: await insertDoc(db, { kind: 'protokollsanteckning', date: '2021-04-01', body: 'Kommunfullmäktige', metadata: written(null) }),
      otherBody: await insertDoc(db, { kind: 'reservation', date: '2021-03-10', body: 'Kommunstyrelsen', metadata: written('§ 6') }),
      withdrawn: await insertDoc(db, { kind: 'reservation', date: '2021-03-10', body: null, metadata: written(null), withdrawn: true }),
      motion: await insertDoc(db, { kind: 'motion', date: '2021-03-10', body: null, metadata: written(null) }),
    };
    for (const id of Object.values(docs)) await q(db, "INSERT INTO document_arenden (document_id, arende_id, rule) VALUES (?, ?, 'diarienummer')", id, a);
    // A link someone made by hand to the same protocol is replaced by the automatic one (SQLite's INSERT OR REPLACE).
    await link(db, docs.named, protocol, 'manuell', 1, s5);
    for (const id of Object.values(docs)) await linkWrittenToParagraph(db, id);
    await linkWrittenToParagraph(db, docs.meeting);
    const links = await q<{ f: number; p: number; rule: string; c: number }>(db, `SELECT from_document_id AS f, to_paragraph_id AS p, rule, confidence AS c FROM document_links
      WHERE to_document_id = ? ORDER BY from_document_id`, protocol);
    expect(links).toEqual([
      { f: docs.meeting, p: s5, rule: 'arende_och_sammantrade', c: 0.85 },
      { f: docs.named, p: s6, rule: 'arende_sammantrade_och_paragraf', c: 0.95 },
      { f: docs.text, p: s5, rule: 'arende_och_paragraf', c: 0.75 },
    ]);
    expect((await paragraphsOf(db, protocol)).map((p) => p.writtenDocuments.map((d) => d.id))).toEqual([[docs.meeting, docs.text], [docs.named]]);
    await linkWrittenToParagraph(db, 999_999);
  });
});

const standing = (start: number, end: number, extra: Partial<ProtocolParagraph> = {}): ProtocolParagraph => ({
  number: '§ 1', title: 'Val av justerare', diarienummer: null, decision: 'Åsa Öberg utses att justera protokollet.', proposals: [], vote: null,
  reservations: [], notes: [], handlingar: [], jav: [], start, end, ...extra,
});
/** A protocol of standing items only, whose positions name parties but no people: it needs no ärende and no person. */
function standingProtocol(): { m: ExtractedMetadata; text: string } {
  const text = '§ 1 Val av justerare\n\nÅsa Öberg utses att justera protokollet.\n\n§ 2 Meddelanden\n\nVänsterpartiet och Kristdemokraterna reserverar sig mot beslutet.';
  const second = text.indexOf('§ 2');
  return {
    text,
    m: {
      kind: 'protokoll', title: 'Protokoll Kommunfullmäktige 2021-03-10', municipality: 'Huddinge', body: 'Kommunfullmäktige', date: '2021-03-10',
      arende: { number: null, title: null, diarienummer: null }, parties: [], signatories: [], interpellants: [], addressee: null, questions: [], warnings: [],
      paragraphs: [
        standing(0, second),
        standing(second, 99_999, {
          number: '§ 2', title: 'Meddelanden', decision: null, vote: { ja: 1, nej: 2, avstar: 0, members: [] },
          reservations: [{ parties: ['V', 'KD'], names: [], text: 'Vänsterpartiet och Kristdemokraterna reserverar sig mot beslutet.' }],
          notes: [{ kind: 'protokollsanteckning', parties: ['S'], names: [], text: 'En anteckning som inte står i texten.' }],
        }),
        standing(-5, 3, { number: '§ 1', title: null, decision: null }),
      ],
    } as ExtractedMetadata,
  };
}

describe.each(engines)('writing a protocol on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });

  it('writes each § with clamped offsets and unique anchors, party positions without people, and rewrites them whole', async () => {
    const { m, text } = standingProtocol();
    const id = await insertDoc(db, { text, date: m.date, body: m.body });
    const affected = new Set<number>();
    await writeProtocol(db, id, m, text, affected);
    const ps = await paragraphsOf(db, id);
    expect(ps.map((p) => [p.number, p.anchor, p.start, p.end, p.arendeId, p.vote])).toEqual([
      ['§ 1', 'paragraf-1', 0, text.indexOf('§ 2'), null, null],
      ['§ 2', 'paragraf-2', text.indexOf('§ 2'), text.length, null, { ja: 1, nej: 2, avstar: 0 }],
      ['§ 1', 'paragraf-1-2', 0, 3, null, null],
    ]);
    expect(ps[1]!.positions.map((x) => [x.ordinal, x.what, x.kind, x.party, x.partySource, x.personId, x.sentence, x.start === null ? null : text.slice(x.start, x.end!)])).toEqual([
      [0, 'reservation', null, 'V', 'document', null, 'Vänsterpartiet och Kristdemokraterna reserverar sig mot beslutet.', 'Vänsterpartiet och Kristdemokraterna reserverar sig mot beslutet.'],
      [1, 'reservation', null, 'KD', 'document', null, 'Vänsterpartiet och Kristdemokraterna reserverar sig mot beslutet.', 'Vänsterpartiet och Kristdemokraterna reserverar sig mot beslutet.'],
      [2, 'note', 'protokollsanteckning', 'S', 'document', null, 'En anteckning som inte står i texten.', null],
    ]);
    expect(affected.size).toBe(0);
    // Someone named in the old positions is affected by the rewrite; the rewrite replaces every row.
    const someone = await person(db, 'Örjan Ek', 'orjan-ek');
    await position(db, ps[0]!.id, id, 0, 'proposal', null, someone);
    await writeProtocol(db, id, m, text, affected);
    expect([...affected]).toEqual([someone]);
    const again = await paragraphsOf(db, id);
    expect(again.map((p) => p.positions.length)).toEqual([0, 3, 0]);
    expect(await q(db, 'SELECT CAST(count(*) AS INTEGER) AS n FROM protocol_paragraphs WHERE document_id = ?', id)).toEqual([{ n: 3 }]);
    // Any other kind, or a protocol without paragraphs, keeps none.
    await writeProtocol(db, id, { ...m, kind: 'motion' }, text, affected);
    expect(await paragraphsOf(db, id)).toEqual([]);
    await writeProtocol(db, id, { ...m, paragraphs: [] }, text, affected);
    expect(await paragraphsOf(db, id)).toEqual([]);
  });

  // On PostgreSQL once findOrCreateArende, resolvePerson and partyOnDate are ported (another helper's
  // modules): until then they refuse a PostgreSQL handle with UnportedError and this test is skipped there.
  it.skipIf(engine === 'postgres' && writeProtocolNeedsUnported)('writes a Göteborg protocol\'s ärenden and people, and links the written reservation of its §', async () => {
    const kf = protocolDocument('kf-2026-03-26');
    const kfId = await insertDoc(db, { text: kf.text, date: kf.metadata.date, body: kf.metadata.body, municipality: kf.metadata.municipality, metadata: kf.metadata });
    await writeProtocol(db, kfId, kf.metadata, kf.text, new Set());
    const [p] = await paragraphsOf(db, kfId);
    expect(p).toMatchObject({ number: '§ 87', anchor: 'paragraf-87', diarienummer: 'SLK-2025-01264', vote: { ja: 43, nej: 37, avstar: 0 } });
    expect(p!.arendeId).not.toBeNull();
    const proposals = p!.positions.filter((x) => x.what === 'proposal');
    expect(proposals.map((x) => `${x.personName} ${x.party} ${x.kind}`).slice(0, 4)).toEqual(['Jonas Attenius S bifall', 'Bosse Parbring MP bifall', 'Jenny Broman V bifall', 'Emmyly Bönfors C bifall']);
    expect(p!.positions.find((x) => x.what === 'reservation')).toMatchObject({ party: 'SD', personId: null });
    const ks = protocolDocument('ks-2026-06-17');
    const ksId = await insertDoc(db, { text: ks.text, date: ks.metadata.date, body: ks.metadata.body, municipality: ks.metadata.municipality, metadata: ks.metadata });
    const res = writtenReservation();
    const resId = await insertDoc(db, { kind: 'reservation', text: res.text, date: res.metadata.date, body: res.metadata.body, municipality: res.metadata.municipality, metadata: res.metadata });
    const a = await findOrCreateArende(db, { ...res.metadata.arende, municipality: res.metadata.municipality, body: res.metadata.body, meetingDate: res.metadata.date });
    await q(db, 'INSERT INTO document_arenden (document_id, arende_id, rule) VALUES (?, ?, ?)', resId, a!.id, a!.rule);
    await writeProtocol(db, resId, res.metadata, res.text, new Set());
    // The protocol written after its reservation links it too.
    await writeProtocol(db, ksId, ks.metadata, ks.text, new Set());
    expect(await paragraphOfWritten(db, resId)).toMatchObject({ documentId: ksId, number: '§ 480' });
  });
});

// ---- Two server processes on one PostgreSQL database ----

describe.skipIf(!pgTestUrl)('two server processes on one PostgreSQL database', () => {
  it('index documents sharing paragraph texts and near copies at once, and keep every count exact and as one process would', async () => {
    const { db: a, url } = await fresh('postgres');
    const b = await store.another(url!);
    // No document holds two near copies (two new ones in one document are never paired, so which
    // document came first would decide whether they are): then one order ends as any other.
    const lines = [shared, edited, other, other.replace('i år', 'nästa år')];
    const docs = Array.from({ length: 16 }, (_, i) => motion(lines[i % 4]!, unique(100 + i), ...(i % 3 ? [] : [third])));
    const ids: number[] = [];
    for (const text of docs) ids.push(await insertDoc(a, { kind: 'motion', text }));
    // Each document in its own transaction, half through each process, all at once.
    await Promise.all(ids.map((id, i) => transaction(i % 2 ? a : b, async (tx) => await indexParagraphs(tx, id, docs[i]!))));
    expect(await miscounted(a)).toEqual([]);
    // Then some leave and others are indexed again, at once.
    await Promise.all(ids.map((id, i) => transaction(i % 2 ? b : a, async (tx) => (i % 5 === 0 ? await removeParagraphs(tx, id) : await indexParagraphs(tx, id, docs[i]!)))));
    expect(await miscounted(a)).toEqual([]);
    // The same writes one after the other in SQLite end in the same index.
    const { db: one } = await fresh('sqlite');
    for (const text of docs) await insertDoc(one, { kind: 'motion', text });
    for (const [i, id] of ids.entries()) await indexParagraphs(one, id, docs[i]!);
    for (const [i, id] of ids.entries()) if (i % 5 === 0) await removeParagraphs(one, id);
    const [sequential, concurrent] = [await indexState(one), await indexState(a)];
    expect(concurrent).toEqual(sequential);
    expect(sequential.pairs.length).toBeGreaterThan(0);
    expect(await reusedParagraphsOf(b, ids[1]!)).toEqual(await reusedParagraphsOf(one, ids[1]!));
  });

  it('rewrite one protocol at once: they take turns, and the protocol is written once', async () => {
    const { db: a, url } = await fresh('postgres');
    const b = await store.another(url!);
    const { m, text } = standingProtocol();
    const id = await insertDoc(a, { text });
    await Promise.all(Array.from({ length: 8 }, (_, i) => transaction(i % 2 ? a : b, async (tx) => await writeProtocol(tx, id, m, text, new Set()))));
    expect((await paragraphsOf(b, id)).map((p) => [p.ordinal, p.positions.length])).toEqual([[0, 0], [1, 3], [2, 0]]);
  });
});
