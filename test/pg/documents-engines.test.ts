/**
 * The documents and revisions repositories answer the same on both engines: a document's row, its
 * original file and bytes, extractions, corrections, withdrawal, deletion, the projection rows, the
 * reads of documents and the listing over search_facets (rows written here directly: the search
 * index is not part of this repository). On PostgreSQL also what several server processes do at
 * once: store the same bytes, add revisions to one document, and see each other's writes in the
 * listing's cached counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction, type Db } from '../../db/client.js';
import type { PgDb } from '../../db/engine.js';
import {
  addDocumentArende, addDocumentAuthor, addDocumentParty, allDocumentIds, authorPeopleOf, clearDocumentProjections, correctionsOf,
  countDocuments, deleteDocumentLinks, deleteDocumentRow, documentState, documentsExtractedBefore, documentText, extractedMetadata,
  findDocumentIdBySha, findLiveDocumentIdBySha, getDocument, getDocumentForEditing, getDocumentHeads, getDocumentTexts, getOriginalFile,
  insertCorrections, insertDocumentRow, insertExtraction, insertOriginalFile, listDocuments, liveMetadata, originalFileOf,
  setDocumentText, setEffectiveMetadata, setWithdrawn, type DocumentFilter,
} from '../../db/documents.js';
import { addRevision, getRevision, listRevisions } from '../../db/revisions.js';
import { enqueueOcr } from '../../db/ocr.js';
import type { ExtractedMetadata } from '../../server/ingest/types.js';
import { archives, pgTestUrl, testEngines, sqlOn } from '../helpers/pg.js';

const store = archives();
afterAll(() => store.cleanup());
const fresh = store.fresh;
const engines = testEngines;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const meta = (m: Partial<ExtractedMetadata> = {}): ExtractedMetadata => ({
  kind: 'motion', title: 'Motion om förskolan i Älvsjö', municipality: 'Huddinge', body: 'Kommunfullmäktige', date: '2024-03-12',
  arende: { number: null, title: null, diarienummer: null }, parties: ['S'], signatories: [], interpellants: [], addressee: null,
  questions: [], warnings: [], ...m,
});

let shaSeq = 0;
const nextSha = () => (++shaSeq).toString(16).padStart(64, 'a');

/** Raw SQL with `?` placeholders on either engine, for the rows this repository does not write. */
const run = sqlOn;
const count = async (db: Db, table: string, documentId: number) => Number((await run(db, `SELECT count(*) AS n FROM ${table} WHERE document_id = ?`, [documentId]))[0]!.n);

/** The search_facets row indexDocument would write for `m` (party codes framed by commas). */
async function facets(db: Db, id: number, m: ExtractedMetadata): Promise<void> {
  await run(db, 'INSERT INTO search_facets (document_id, kind, body, municipality, date, party_codes, seq) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [id, m.kind, m.body, m.municipality, m.date, m.parties.length ? `,${m.parties.join(',')},` : '', id]);
}

interface Stored { id: number; sha256: string; bytes: Uint8Array; m: ExtractedMetadata }

/** A document as storeDocument writes its own rows: the record, the original file, the first extraction (and its facets row). */
async function storeDoc(db: Db, m: ExtractedMetadata = meta(), opts: { text?: string; textStatus?: 'ok' | 'needs_ocr'; bytes?: Uint8Array; version?: string | null; facets?: boolean } = {}): Promise<Stored> {
  const sha256 = nextSha();
  const bytes = opts.bytes ?? new Uint8Array([0x00, 0xc3, 0xa5, 0xff, 0x0a, 0x00]);
  const id = await transaction(db, async (tx) => {
    const id = await insertDocumentRow(tx, m, opts.text ?? `${m.title}\n\nVi yrkar att fullmäktige beslutar.`, opts.textStatus ?? 'ok');
    await insertOriginalFile(tx, id, { sha256, byteSize: bytes.length, mediaType: 'text/plain', filename: `${m.title}.txt`, encoding: 'utf-8', bytes });
    if (opts.version !== null) await insertExtraction(tx, id, { extractorVersion: opts.version ?? 'regler/1', confidence: 0.75, metadata: m });
    if (opts.facets !== false) await facets(tx, id, m);
    return id;
  });
  return { id, sha256, bytes, m };
}

describe.each(engines)('documents on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });

  it('stores a document with its file, bytes, extractions and corrections and reads them back', async () => {
    const m = meta({ title: 'Interpellation om ÅÄÖ-skolan', kind: 'interpellation', municipality: null, body: null, date: null });
    const bytes = new Uint8Array(Buffer.from('Å\u0000ä\u00ffö — 🎉', 'utf8'));
    const d = await storeDoc(db, m, { text: 'Till kommunalrådet Åsa Öberg: när öppnar skolan?', bytes });
    expect(await findDocumentIdBySha(db, d.sha256)).toBe(d.id);
    expect(await findLiveDocumentIdBySha(db, d.sha256)).toBe(d.id);
    expect(await findDocumentIdBySha(db, 'f'.repeat(64))).toBeUndefined();
    expect(await originalFileOf(db, d.id)).toEqual({ sha256: d.sha256, filename: 'Interpellation om ÅÄÖ-skolan.txt', byteSize: bytes.length });
    const file = await getOriginalFile(db, d.id);
    expect(file).toMatchObject({ filename: 'Interpellation om ÅÄÖ-skolan.txt', mediaType: 'text/plain', encoding: 'utf-8' });
    expect(Buffer.isBuffer(file!.bytes)).toBe(true);
    expect(Buffer.from(file!.bytes).equals(Buffer.from(bytes))).toBe(true);

    const doc = await getDocument(db, d.id);
    expect(doc).toMatchObject({
      id: d.id, kind: 'interpellation', title: 'Interpellation om ÅÄÖ-skolan', text: 'Till kommunalrådet Åsa Öberg: när öppnar skolan?',
      textStatus: 'ok', metadata: m, ocr: null,
      file: { sha256: d.sha256, byteSize: bytes.length, mediaType: 'text/plain', filename: 'Interpellation om ÅÄÖ-skolan.txt', encoding: 'utf-8' },
      extraction: { version: 'regler/1', confidence: 0.75, evidence: null },
    });
    expect(doc!.createdAt).toMatch(ISO);
    expect(doc!.updatedAt).toBe(doc!.createdAt);

    // A later extraction wins; extractions are never edited.
    const later = meta({ ...m, title: 'Interpellation om Årstaskolan' });
    const evidence = { title: { rule: 'rubrik (”Interpellation om …”)', confidence: 0.9, source: 'text' as const } };
    await insertExtraction(db, d.id, { extractorVersion: 'regler/2', confidence: 0.5, metadata: later, evidence });
    expect(await extractedMetadata(db, d.id)).toEqual(later);
    expect((await getDocument(db, d.id))!.extraction).toEqual({ version: 'regler/2', confidence: 0.5, evidence });

    expect(await correctionsOf(db, d.id)).toEqual([]);
    await insertCorrections(db, d.id, [{ field: 'date', value: '2024-05-09' }, { field: 'parties', value: ['M', 'KD'] }], 'Eva Sekreterare');
    await insertCorrections(db, d.id, [], 'ingen');
    await insertCorrections(db, d.id, [{ field: 'body', value: null }, { field: 'date', value: '2024-05-10' }], 'Örjan');
    expect(await correctionsOf(db, d.id)).toEqual([
      { field: 'date', value: '2024-05-09' }, { field: 'parties', value: ['M', 'KD'] }, { field: 'body', value: null }, { field: 'date', value: '2024-05-10' },
    ]);

    expect(await documentState(db, d.id)).toEqual({ metadata: m, text: 'Till kommunalrådet Åsa Öberg: när öppnar skolan?', withdrawnAt: null, title: m.title, kind: 'interpellation' });
    expect(await liveMetadata(db, d.id)).toEqual(m);
    expect(await documentText(db, d.id)).toBe('Till kommunalrådet Åsa Öberg: när öppnar skolan?');
    await setDocumentText(db, d.id, 'Ny läsning: å ä ö');
    expect(await getDocument(db, d.id)).toMatchObject({ text: 'Ny läsning: å ä ö', textStatus: 'ok' });
    await setDocumentText(db, d.id, '', 'needs_ocr');
    expect(await getDocument(db, d.id)).toMatchObject({ text: '', textStatus: 'needs_ocr', ocr: null });
    await enqueueOcr(db, d.id);
    expect((await getDocument(db, d.id))!.ocr).toMatchObject({ documentId: d.id, status: 'queued', pagesDone: 0, attempts: 0 });
    await setDocumentText(db, d.id, 'Läst med OCR', 'ok');
    expect((await getDocument(db, d.id))!.ocr).toBeNull();
  });

  it('answers absent documents with nothing, and empty id lists with empty maps', async () => {
    expect(await getDocument(db, 999_999)).toBeUndefined();
    expect(await getDocumentForEditing(db, 999_999)).toBeUndefined();
    expect(await getOriginalFile(db, 999_999)).toBeUndefined();
    expect(await originalFileOf(db, 999_999)).toBeUndefined();
    expect(await extractedMetadata(db, 999_999)).toBeUndefined();
    expect(await liveMetadata(db, 999_999)).toBeUndefined();
    expect(await documentState(db, 999_999)).toBeUndefined();
    expect(await documentText(db, 999_999)).toBe('');
    expect(await correctionsOf(db, 999_999)).toEqual([]);
    expect(await authorPeopleOf(db, 999_999)).toEqual([]);
    expect(await getDocumentTexts(db, [])).toEqual(new Map());
    expect(await getDocumentHeads(db, [])).toEqual(new Map());
    expect(await getDocumentHeads(db, [999_999])).toEqual(new Map());
    expect(await listRevisions(db, 999_999)).toEqual([]);
    expect(await getRevision(db, 999_999, 1)).toBeUndefined();
  });

  it('refuses a second original file with the same sha256, and rolls its document back with it', async () => {
    const d = await storeDoc(db);
    const before = await allDocumentIds(db);
    await expect(transaction(db, async (tx) => {
      const id = await insertDocumentRow(tx, meta(), 'kopia', 'ok');
      await insertOriginalFile(tx, id, { sha256: d.sha256, byteSize: 1, mediaType: 'text/plain', filename: 'kopia.txt', encoding: null, bytes: new Uint8Array([1]) });
    })).rejects.toThrow();
    expect(await allDocumentIds(db)).toEqual(before);
    expect(await findDocumentIdBySha(db, d.sha256)).toBe(d.id);
  });

  it('withdraws a document out of every live read and brings it back', async () => {
    const d = await storeDoc(db, meta({ title: 'Reservation mot budgeten' }));
    const other = await storeDoc(db, meta({ title: 'Yrkande om cykelbanor', kind: 'yrkande', date: '2023-01-05' }));
    const n = await countDocuments(db);
    await setWithdrawn(db, d.id, true);
    expect(await countDocuments(db)).toBe(n - 1);
    expect(await getDocument(db, d.id)).toBeUndefined();
    expect(await getDocument(db, d.id, { includeWithdrawn: true })).toMatchObject({ id: d.id, title: 'Reservation mot budgeten' });
    const editing = await getDocumentForEditing(db, d.id);
    expect(editing).toMatchObject({ id: d.id, title: 'Reservation mot budgeten' });
    expect(editing!.withdrawnAt).toMatch(ISO);
    expect((await documentState(db, d.id))!.withdrawnAt).toBe(editing!.withdrawnAt);
    expect(await liveMetadata(db, d.id)).toBeUndefined();
    expect(await findLiveDocumentIdBySha(db, d.sha256)).toBeUndefined();
    expect(await findDocumentIdBySha(db, d.sha256)).toBe(d.id);
    expect(await getOriginalFile(db, d.id)).toBeUndefined();
    expect(await originalFileOf(db, d.id)).toMatchObject({ sha256: d.sha256 });
    expect([...(await getDocumentTexts(db, [d.id, other.id])).keys()]).toEqual([other.id]);
    expect(await getDocumentHeads(db, [other.id, d.id, other.id])).toEqual(new Map([[other.id, { id: other.id, title: 'Yrkande om cykelbanor', kind: 'yrkande', date: '2023-01-05' }]]));
    expect(await getDocumentTexts(db, [other.id])).toEqual(new Map([[other.id, { title: 'Yrkande om cykelbanor', text: 'Yrkande om cykelbanor\n\nVi yrkar att fullmäktige beslutar.' }]]));
    expect(await documentsExtractedBefore(db, null)).not.toContain(d.id);
    expect(await allDocumentIds(db)).toContain(d.id);
    await setWithdrawn(db, d.id, false);
    expect(await countDocuments(db)).toBe(n);
    expect(await getDocumentForEditing(db, d.id)).toMatchObject({ withdrawnAt: null });
    expect(await findLiveDocumentIdBySha(db, d.sha256)).toBe(d.id);
  });

  it('writes the effective metadata into the row and the columns filters read, and stamps updatedAt', async () => {
    const d = await storeDoc(db);
    const m = meta({ kind: 'yttrande', title: 'Yttrande över översiktsplanen', municipality: 'Östersund', body: 'Äldrenämnden', date: '2022-11-30', parties: [] });
    await setEffectiveMetadata(db, d.id, m);
    const doc = (await getDocument(db, d.id))!;
    expect(doc).toMatchObject({ kind: 'yttrande', title: 'Yttrande över översiktsplanen', metadata: m });
    expect(doc.updatedAt).toMatch(ISO);
    expect(doc.updatedAt >= doc.createdAt).toBe(true);
    expect(await run(db, 'SELECT municipality, body, date FROM documents WHERE id = ?', [d.id])).toEqual([{ municipality: 'Östersund', body: 'Äldrenämnden', date: '2022-11-30' }]);
    // The extraction stays what it was.
    expect(await extractedMetadata(db, d.id)).toEqual(d.m);
  });

  it('keeps the projection rows: parties once each, authors in order, ärenden once each, and clears them', async () => {
    const d = await storeDoc(db);
    const person = async (name: string) => {
      await run(db, 'INSERT INTO people (name, slug) VALUES (?, ?)', [name, name.toLowerCase().replace(/\s/g, '-')]);
      return Number((await run(db, 'SELECT id FROM people WHERE name = ?', [name]))[0]!.id);
    };
    const asa = await person('Åsa Öberg');
    const bo = await person('Bo Ek');
    await run(db, "INSERT INTO arenden (municipality, title) VALUES ('Huddinge', 'Förskolans lokaler')");
    const arende = Number((await run(db, "SELECT id FROM arenden WHERE title = 'Förskolans lokaler'"))[0]!.id);
    await addDocumentParty(db, d.id, 'S', 0);
    await addDocumentParty(db, d.id, 'S', 1);
    await addDocumentParty(db, d.id, 'V', 1);
    const author = { documentId: d.id, role: 'signatory', partyCode: 'S', partySource: 'document', groupBody: null, roleLabel: 'ledamot' };
    await addDocumentAuthor(db, { ...author, position: 0, personId: bo, nameAsWritten: 'Bo Ek' });
    await addDocumentAuthor(db, { ...author, position: 1, personId: null, partyCode: 'V', partySource: null, nameAsWritten: null, roleLabel: null, groupBody: 'Kommunfullmäktige' });
    await addDocumentAuthor(db, { ...author, position: 2, personId: asa, nameAsWritten: 'Åsa Öberg' });
    await addDocumentArende(db, d.id, arende, 'diarienummer');
    await addDocumentArende(db, d.id, arende, 'titel');
    expect(await authorPeopleOf(db, d.id)).toEqual([bo, asa]);
    expect(await run(db, 'SELECT party_code AS code, position FROM document_parties WHERE document_id = ? ORDER BY position', [d.id])).toEqual([{ code: 'S', position: 0 }, { code: 'V', position: 1 }]);
    expect(await run(db, 'SELECT rule FROM document_arenden WHERE document_id = ?', [d.id])).toEqual([{ rule: 'diarienummer' }]);
    await clearDocumentProjections(db, d.id);
    expect(await authorPeopleOf(db, d.id)).toEqual([]);
    for (const t of ['document_parties', 'document_authors', 'document_arenden']) expect(await count(db, t, d.id)).toBe(0);
  });

  it('deletes a document\'s links both ways, and its row with everything hanging off it', async () => {
    const a = await storeDoc(db, meta({ kind: 'interpellation' }));
    const b = await storeDoc(db, meta({ kind: 'interpellationssvar' }));
    const c = await storeDoc(db, meta({ kind: 'motion' }));
    const link = 'INSERT INTO document_links (from_document_id, to_document_id, relation, rule, confidence) VALUES (?, ?, ?, ?, ?)';
    await run(db, link, [b.id, a.id, 'answers', 'samma interpellanter', 0.9]);
    await run(db, link, [a.id, c.id, 'cites', 'test', 0.5]);
    await run(db, link, [b.id, c.id, 'cites', 'test', 0.5]);
    await deleteDocumentLinks(db, a.id);
    expect(await run(db, 'SELECT from_document_id AS f, to_document_id AS t FROM document_links WHERE from_document_id IN (?, ?, ?)', [a.id, b.id, c.id])).toEqual([{ f: b.id, t: c.id }]);

    await insertCorrections(db, a.id, [{ field: 'title', value: 'Rättad' }], 'Eva');
    await addRevision(db, { documentId: a.id, action: 'created', author: { userId: null, label: 'import' }, changes: [], snapshot: a.m });
    await run(db, 'INSERT INTO people (name, slug) VALUES (?, ?)', ['Överstruken Person', `overstruken-${a.id}`]);
    const person = Number((await run(db, 'SELECT id FROM people WHERE slug = ?', [`overstruken-${a.id}`]))[0]!.id);
    await run(db, 'INSERT INTO person_overrides (document_id, name_key, person_id, author) VALUES (?, ?, ?, ?)', [a.id, 'överstruken person', person, 'Eva']);
    await transaction(db, async (tx) => deleteDocumentRow(tx, a.id));
    expect(await getDocumentForEditing(db, a.id)).toBeUndefined();
    expect(await findDocumentIdBySha(db, a.sha256)).toBeUndefined();
    for (const t of ['files', 'extractions', 'corrections', 'revisions', 'person_overrides']) expect(await count(db, t, a.id)).toBe(0);
    expect(await run(db, 'SELECT count(*) AS n FROM file_contents WHERE file_id NOT IN (SELECT id FROM files)')).toEqual([{ n: 0 }]);
    expect(await allDocumentIds(db)).not.toContain(a.id);
    expect(await getDocument(db, b.id)).toBeDefined();
  });

  it('lists the live documents with text whose latest extraction is of other rules, and every id', async () => {
    const { db } = await fresh(engine);
    const old = await storeDoc(db, meta(), { version: 'regler/1' });
    const current = await storeDoc(db, meta(), { version: 'regler/2' });
    const never = await storeDoc(db, meta(), { version: null });
    const scanned = await storeDoc(db, meta(), { version: 'regler/1', text: '', textStatus: 'needs_ocr' });
    const gone = await storeDoc(db, meta(), { version: 'regler/1' });
    await setWithdrawn(db, gone.id, true);
    await insertExtraction(db, current.id, { extractorVersion: 'regler/1', confidence: 1, metadata: meta() });
    await insertExtraction(db, current.id, { extractorVersion: 'regler/2', confidence: 1, metadata: meta() });
    expect(await documentsExtractedBefore(db, null)).toEqual([old.id, current.id, never.id]);
    expect(await documentsExtractedBefore(db, 'regler/2')).toEqual([old.id, never.id]);
    expect(await documentsExtractedBefore(db, 'regler/1')).toEqual([current.id, never.id]);
    expect(await allDocumentIds(db)).toEqual([old.id, current.id, never.id, scanned.id, gone.id]);
    expect(await countDocuments(db)).toBe(4);
    const many = Array.from({ length: 2000 }, (_, i) => i + 1);
    expect([...(await getDocumentHeads(db, many)).keys()]).toEqual([old.id, current.id, never.id, scanned.id]);
  });
});

describe.each(engines)('the document listing on %s', (engine) => {
  let db: Db;
  const ids: Record<string, number> = {};
  const list = async (f: Partial<DocumentFilter> = {}) => {
    const r = await listDocuments(db, { limit: 50, offset: 0, ...f });
    return { total: r.total, titles: r.items.map((i) => i.title) };
  };

  beforeAll(async () => {
    ({ db } = await fresh(engine));
    const docs: Array<[string, Partial<ExtractedMetadata>]> = [
      ['a', { date: '2024-03-12', parties: ['S', 'V'], municipality: 'Huddinge', body: 'Kommunfullmäktige' }],
      ['b', { date: '2024-12-31', parties: ['SD'], municipality: 'Örebro', body: 'Äldrenämnden', kind: 'yrkande' }],
      ['c', { date: '2023-06-01', parties: ['M', 'KD'], municipality: 'HUDDINGE', body: 'kommunfullmäktige' }],
      ['d', { date: null, parties: ['S'], municipality: null, body: null }],
      ['e', { date: '2024-03-12', parties: [], municipality: 'Åre', body: 'ÄLDRENÄMNDEN' }],
      ['f', { date: null, parties: ['S_'], municipality: 'Huddinge', body: null }],
      ['g', { date: '2025-01-01', parties: ['S'], municipality: 'Huddinge', body: null }],
    ];
    for (const [name, m] of docs) ids[name] = (await storeDoc(db, meta({ title: `Dokument ${name}`, ...m }))).id;
    // A withdrawn document has no facets row (removeFromIndex drops it).
    const gone = await storeDoc(db, meta({ title: 'Återkallat' }), { facets: false });
    await setWithdrawn(db, gone.id, true);
  });

  it('lists newest meeting date first, ties by newest id, undated last, with the total, page by page', async () => {
    const all = ['Dokument g', 'Dokument b', 'Dokument e', 'Dokument a', 'Dokument c', 'Dokument f', 'Dokument d'];
    expect(await list()).toEqual({ total: 7, titles: all });
    const r = await listDocuments(db, { limit: 1, offset: 0 });
    expect(r.items[0]).toEqual({
      id: ids.g, kind: 'motion', title: 'Dokument g', date: '2025-01-01', municipality: 'Huddinge', body: null, textStatus: 'ok',
      createdAt: expect.stringMatching(ISO), metadata: meta({ title: 'Dokument g', date: '2025-01-01', parties: ['S'], municipality: 'Huddinge', body: null }),
    });
    for (const [limit, offset] of [[2, 0], [2, 4], [3, 4], [2, 5], [1, 6], [5, 7], [3, 100], [10, 3], [0, 0]] as const) {
      expect(await list({ limit, offset }), `${limit}/${offset}`).toEqual({ total: 7, titles: all.slice(offset, offset + limit) });
    }
  });

  it('filters by kind, year, party code (exactly, LIKE characters literal), body and municipality in any case, å ä ö included', async () => {
    expect(await list({ kind: 'yrkande' })).toEqual({ total: 1, titles: ['Dokument b'] });
    expect(await list({ kind: 'protokoll' })).toEqual({ total: 0, titles: [] });
    expect(await list({ year: '2024' })).toEqual({ total: 3, titles: ['Dokument b', 'Dokument e', 'Dokument a'] });
    expect(await list({ year: '2025' })).toEqual({ total: 1, titles: ['Dokument g'] });
    expect(await list({ party: 'S' })).toEqual({ total: 3, titles: ['Dokument g', 'Dokument a', 'Dokument d'] });
    expect(await list({ party: 'S_' })).toEqual({ total: 1, titles: ['Dokument f'] });
    expect(await list({ party: 'S%' })).toEqual({ total: 0, titles: [] });
    expect(await list({ party: 'K' })).toEqual({ total: 0, titles: [] });
    expect(await list({ party: 'KD' })).toEqual({ total: 1, titles: ['Dokument c'] });
    expect(await list({ body: 'KOMMUNFULLMÄKTIGE' })).toEqual({ total: 2, titles: ['Dokument a', 'Dokument c'] });
    expect(await list({ body: 'äldrenämnden' })).toEqual({ total: 2, titles: ['Dokument b', 'Dokument e'] });
    expect(await list({ municipality: 'huddinge' })).toEqual({ total: 4, titles: ['Dokument g', 'Dokument a', 'Dokument c', 'Dokument f'] });
    expect(await list({ municipality: 'ÖREBRO' })).toEqual({ total: 1, titles: ['Dokument b'] });
    expect(await list({ municipality: 'Åre' })).toEqual({ total: 1, titles: ['Dokument e'] });
    // Swedish case: "åre" finds Åre and "örebro" Örebro (COLLATE NOCASE folded ASCII only, and missed them).
    expect(await list({ municipality: 'åre' })).toEqual({ total: 1, titles: ['Dokument e'] });
    expect(await list({ municipality: 'örebro' })).toEqual({ total: 1, titles: ['Dokument b'] });
    expect(await list({ party: 'S', municipality: 'Huddinge', year: '2024', limit: 10, offset: 0 })).toEqual({ total: 1, titles: ['Dokument a'] });
    expect(await list({ party: 'S', offset: 2, limit: 5 })).toEqual({ total: 3, titles: ['Dokument d'] });
  });

  it('counts again once a document is written (the cached counts follow data_version)', async () => {
    expect((await list({ party: 'MP' })).total).toBe(0);
    const d = await storeDoc(db, meta({ title: 'Dokument mp', parties: ['MP'], date: '2020-02-02' }));
    expect(await list({ party: 'MP' })).toEqual({ total: 1, titles: ['Dokument mp'] });
    await transaction(db, async (tx) => {
      await setWithdrawn(tx, d.id, true);
      await run(tx, 'DELETE FROM search_facets WHERE document_id = ?', [d.id]);
    });
    expect(await list({ party: 'MP' })).toEqual({ total: 0, titles: [] });
  });
});

describe.each(engines)('revisions on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });

  it('numbers each document\'s revisions from 1 and reads them oldest first', async () => {
    const a = await storeDoc(db);
    const b = await storeDoc(db);
    await run(db, "INSERT INTO users (email, name, role, password_hash) VALUES ('eva@exempel.se', 'Eva Ödman', 'secretary', 'x')");
    const userId = Number((await run(db, "SELECT id FROM users WHERE email = 'eva@exempel.se'"))[0]!.id);
    const changes = [{ field: 'title', old: 'Motion om förskolan', new: 'Motion om förskolor' }, { field: 'body', old: null, new: 'Nämnd' }];
    expect(await addRevision(db, { documentId: a.id, action: 'created', author: { userId: null, label: 'import' }, changes: [], snapshot: a.m })).toBe(1);
    expect(await addRevision(db, { documentId: b.id, action: 'created', author: { userId: null, label: 'import' }, changes: [], snapshot: b.m })).toBe(1);
    const corrected = meta({ title: 'Motion om förskolor' });
    expect(await transaction(db, (tx) => addRevision(tx, { documentId: a.id, action: 'corrected', author: { userId, label: 'Eva Ödman' }, changes, snapshot: corrected, note: 'Stavning å ä ö' }))).toBe(2);
    expect(await addRevision(db, { documentId: a.id, action: 'withdrawn', author: { userId, label: 'Eva Ödman' }, changes: [], snapshot: corrected, note: null })).toBe(3);
    const revs = await listRevisions(db, a.id);
    expect(revs.map((r) => [r.number, r.action, r.author, r.note])).toEqual([[1, 'created', 'import', null], [2, 'corrected', 'Eva Ödman', 'Stavning å ä ö'], [3, 'withdrawn', 'Eva Ödman', null]]);
    expect(revs[1]).toEqual({ number: 2, action: 'corrected', author: 'Eva Ödman', changes, snapshot: corrected, note: 'Stavning å ä ö', createdAt: expect.stringMatching(ISO) });
    expect(await getRevision(db, a.id, 2)).toEqual(revs[1]);
    expect(await getRevision(db, a.id, 4)).toBeUndefined();
    expect((await listRevisions(db, b.id)).map((r) => r.number)).toEqual([1]);
    // A revision rolled back with its transaction leaves its number free.
    await expect(transaction(db, async (tx) => {
      await addRevision(tx, { documentId: b.id, action: 'corrected', author: { userId: null, label: 'kommandorad' }, changes: [], snapshot: b.m });
      throw new Error('avbruten');
    })).rejects.toThrow('avbruten');
    expect(await addRevision(db, { documentId: b.id, action: 'corrected', author: { userId: null, label: 'kommandorad' }, changes: [], snapshot: b.m })).toBe(2);
  });
});

/** The PostgreSQL error under drizzle's wrapper (DrizzleQueryError: "Failed query: …", the driver's error as its cause). */
function pgError(err: unknown): { code?: string; constraint?: string; message: string } {
  let e = err as { cause?: unknown; code?: string };
  while (e && !e.code && e.cause) e = e.cause as typeof e;
  return e as { code?: string; constraint?: string; message: string };
}

describe.skipIf(!pgTestUrl)('two server processes on one PostgreSQL database', () => {
  let a: PgDb;
  let b: PgDb;
  beforeAll(async () => { ({ a, b } = await store.pair()); });

  it('cannot both store an original file with the same sha256: the second waits for the first, then is refused', async () => {
    // The documents exist already: a transaction writing a documents row holds data_version's row
    // (its triggers) until it ends, so two that each inserted a document would not run side by side.
    const first = await insertDocumentRow(a, meta({ title: 'Första' }), 'Första', 'ok');
    const second = await insertDocumentRow(b, meta({ title: 'Andra' }), 'Andra', 'ok');
    const sha256 = nextSha();
    let arrived = 0;
    let bothArrived!: () => void;
    const barrier = new Promise<void>((resolve) => { bothArrived = resolve; });
    const attempt = (db: PgDb, documentId: number) => transaction(db, async (tx) => {
      await tx.$client.query('SELECT 1');
      if (++arrived === 2) bothArrived();
      await barrier;
      await insertOriginalFile(tx, documentId, { sha256, byteSize: 1, mediaType: 'text/plain', filename: 'samma.txt', encoding: null, bytes: new Uint8Array([documentId]) });
      // Hold the transaction open: the other insert must wait on the index entry, not find it committed.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return documentId;
    });
    const results = await Promise.allSettled([attempt(a, first), attempt(b, second)]);
    const won = results.filter((r): r is PromiseFulfilledResult<number> => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const err = pgError(lost[0]!.reason);
    expect(err).toMatchObject({ code: '23505', constraint: 'files_sha256_idx' });
    expect(err.message).toMatch(/duplicate key value violates unique constraint "files_sha256_idx"/);
    const winner = won[0]!.value;
    expect(await findDocumentIdBySha(b, sha256)).toBe(winner);
    expect((await a.$client.query('SELECT count(*)::int AS n FROM files WHERE sha256 = $1', [sha256])).rows[0].n).toBe(1);
    // The loser's file (row and bytes) went with its transaction.
    expect(await originalFileOf(a, winner === first ? second : first)).toBeUndefined();
    expect((await getOriginalFile(a, winner))!.bytes).toEqual(Buffer.from([winner]));
  });

  it('number revisions of one document one after the other when both add them at once', async () => {
    const d = await storeDoc(a);
    const numbers = await Promise.all(Array.from({ length: 12 }, (_, i) => transaction(i % 2 ? a : b, (tx) =>
      addRevision(tx, { documentId: d.id, action: 'corrected', author: { userId: null, label: `process ${i % 2}` }, changes: [], snapshot: d.m }))));
    expect([...numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await listRevisions(b, d.id)).map((r) => r.number)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('see each other\'s documents in the listing\'s cached counts and in the reads', async () => {
    expect((await listDocuments(b, { party: 'FI', limit: 10, offset: 0 })).total).toBe(0);
    const d = await storeDoc(a, meta({ title: 'Feministiskt initiativ yrkar', parties: ['FI'] }));
    expect(await listDocuments(b, { party: 'FI', limit: 10, offset: 0 })).toMatchObject({ total: 1, items: [{ id: d.id, title: 'Feministiskt initiativ yrkar' }] });
    expect(Buffer.from((await getOriginalFile(b, d.id))!.bytes).equals(Buffer.from(d.bytes))).toBe(true);
    await setWithdrawn(b, d.id, true);
    expect(await getDocument(a, d.id)).toBeUndefined();
  });
});
