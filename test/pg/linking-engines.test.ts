/**
 * The linking projections answer the same on both engines: people resolved from mentions (overrides,
 * same name, initials, candidates, slugs), ärenden found or created (diarienummer, meeting and number,
 * title, merges), derived memberships (rebuilt and widened, party on a date), the interpellation ↔
 * answer link, merge and split of people, and rekeying for a relink. The documents and authors they
 * read are plain SQL rows here. On PostgreSQL also what two server processes (two pools on one
 * database) do at the same moment: name the same new person, the same new ärende, add documents to
 * one person's memberships, link one answer, merge two people into each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import type { PgDb } from '../../db/engine.js';
import { pgTransaction } from '../../db/pg/client.js';
import { createPerson, resolvePerson, survivor, type MentionContext } from '../../db/people.js';
import { findOrCreateArende, liveArendeId, mergeArende, type ArendeKey } from '../../db/arenden.js';
import { addDocumentToMemberships, membershipsOf, partyOnDate, rebuildMemberships } from '../../db/memberships.js';
import { linkInterpellation, linksOf } from '../../db/links.js';
import { CurationError, mergePeople, splitPerson } from '../../db/curation.js';
import { needsRelink, rekeyPeople } from '../../db/relink.js';
import { parsePersonName, type NameMention } from '../../server/linking/person-names.js';
import { archives, pgTestUrl, testEngines, sqlOn } from '../helpers/pg.js';

const store = archives();
afterAll(() => store.cleanup());
const fresh = store.fresh;

const q = sqlOn;

interface DocRow { kind?: string; title?: string; municipality?: string | null; body?: string | null; date?: string | null; withdrawn?: boolean }
async function doc(db: Db, d: DocRow = {}): Promise<number> {
  const [row] = await q<{ id: number }>(db, `INSERT INTO documents (kind, title, municipality, body, date, text, metadata_json, withdrawn_at)
    VALUES (?, ?, ?, ?, ?, 'text', '{}', ?) RETURNING id`,
  [d.kind ?? 'motion', d.title ?? 'Motion', d.municipality === undefined ? 'Huddinge' : d.municipality, d.body ?? null, d.date === undefined ? '2024-01-01' : d.date, d.withdrawn ? '2024-06-01T00:00:00.000Z' : null]);
  return row!.id;
}

interface AuthorRow { role?: string; personId: number | null; party?: string | null; source?: string | null; group?: string | null; name?: string | null; position?: number }
async function author(db: Db, documentId: number, a: AuthorRow): Promise<void> {
  await q(db, `INSERT INTO document_authors (document_id, position, role, person_id, party_code, party_source, group_body, name_as_written)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  [documentId, a.position ?? 0, a.role ?? 'signatory', a.personId, a.party ?? null, a.source ?? (a.party ? 'document' : null), a.group ?? null, a.name ?? null]);
}

const mention = (name: string): NameMention => parsePersonName(name)!;
const ctx = (documentId: number, scope: string, party: string | null = null): MentionContext => ({ documentId, scope, party });
const personRow = async (db: Db, id: number) => (await q<{ name: string; slug: string; name_key: string; surname_key: string; scope: string; merged_into_id: number | null }>(db,
  'SELECT name, slug, name_key, surname_key, scope, merged_into_id FROM people WHERE id = ?', [id]))[0];
const candidates = (db: Db) => q<{ person_id: number; other_id: number; reason: string }>(db, 'SELECT person_id, other_id, reason FROM person_candidates ORDER BY person_id, other_id');
const key = (k: Partial<ArendeKey>): ArendeKey => ({ municipality: 'Huddinge', body: null, meetingDate: null, number: null, title: null, diarienummer: null, ...k });

describe.each(testEngines)('people on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });

  it('creates a person for a new name, finds it again by the same key in the scope, and notes the same name elsewhere', async () => {
    const d1 = await doc(db);
    const first = await resolvePerson(db, mention('Åsa Öberg-Ståhl (S)'), ctx(d1, 'Huddinge'));
    expect(first.rule).toBe('ny');
    expect(await personRow(db, first.personId)).toEqual({ name: 'Åsa Öberg-Ståhl', slug: 'asa-oberg-stahl', name_key: 'åsa öberg ståhl', surname_key: 'ståhl', scope: 'Huddinge', merged_into_id: null });
    expect(await resolvePerson(db, mention('ÅSA ÖBERG STÅHL'), ctx(d1, 'Huddinge'))).toEqual({ personId: first.personId, rule: 'namn' });
    const elsewhere = await resolvePerson(db, mention('Åsa Öberg Ståhl'), ctx(d1, 'Botkyrka'));
    expect(elsewhere.rule).toBe('ny');
    expect((await personRow(db, elsewhere.personId))!.slug).toBe('asa-oberg-stahl-botkyrka');
    expect(await candidates(db)).toEqual([{ person_id: first.personId, other_id: elsewhere.personId, reason: 'samma namn' }]);
    // A third of the name takes the next free slug; createPerson never reuses a person.
    const third = await createPerson(db, mention('Åsa Öberg Ståhl'), 'Botkyrka');
    const fourth = await createPerson(db, mention('Åsa Öberg Ståhl'), 'Botkyrka');
    expect([(await personRow(db, third))!.slug, (await personRow(db, fourth))!.slug]).toEqual(['asa-oberg-stahl-botkyrka-2', 'asa-oberg-stahl-botkyrka-3']);
    const noScope = await createPerson(db, mention('Åsa Öberg Ståhl'), '');
    expect((await personRow(db, noScope))!.slug).toBe('asa-oberg-stahl-2');
    const one = await resolvePerson(db, mention('Ödön'), ctx(d1, ''));
    expect(await personRow(db, one.personId)).toMatchObject({ slug: 'odon', name_key: 'ödön', surname_key: '' });
    expect((await personRow(db, await createPerson(db, mention('Ω'), '')))!.slug).toBe('person');
  });

  it('takes initials for the one known person of the party, and otherwise creates one with a candidate', async () => {
    const d = await doc(db, { municipality: 'Järfälla' });
    const full = (await resolvePerson(db, mention('Lars Göran Ek'), ctx(d, 'Järfälla'))).personId;
    await author(db, d, { personId: full, party: 'S' });
    await rebuildMemberships(db, [full]);
    expect(await resolvePerson(db, mention('L. G. Ek'), ctx(d, 'Järfälla', 'S'))).toEqual({ personId: full, rule: 'initialer' });
    expect(await resolvePerson(db, mention('L. G. Ek (S)'), ctx(d, 'Järfälla'))).toEqual({ personId: full, rule: 'initialer' });
    const otherParty = await resolvePerson(db, mention('L. G. Ek'), ctx(d, 'Järfälla', 'M'));
    expect(otherParty.rule).toBe('ny');
    expect(await candidates(db)).toContainEqual({ person_id: full, other_id: otherParty.personId, reason: 'initialer' });
    // The same initials again are that new person by name now.
    expect(await resolvePerson(db, mention('L. G. Ek'), ctx(d, 'Järfälla', 'M'))).toEqual({ personId: otherParty.personId, rule: 'namn' });
    // A full name an earlier abbreviation could stand for is flagged too.
    const abbreviated = (await resolvePerson(db, mention('K. Ek'), ctx(d, 'Järfälla'))).personId;
    const karin = (await resolvePerson(db, mention('Karin Ek'), ctx(d, 'Järfälla'))).personId;
    expect(await candidates(db)).toContainEqual({ person_id: abbreviated, other_id: karin, reason: 'initialer' });
  });

  it('follows a manual override and merges to the survivor', async () => {
    const d = await doc(db, { municipality: 'Täby' });
    const a = (await resolvePerson(db, mention('Örjan Åkesson'), ctx(d, 'Täby'))).personId;
    const b = await createPerson(db, mention('Örjan Åkesson'), 'Täby');
    const c = await createPerson(db, mention('Örjan Åkesson'), 'Täby');
    await q(db, 'INSERT INTO person_overrides (document_id, name_key, person_id, author) VALUES (?, ?, ?, ?)', [d, 'örjan åkesson', b, 'test']);
    expect(await resolvePerson(db, mention('Örjan Åkesson'), ctx(d, 'Täby'))).toEqual({ personId: b, rule: 'manuell' });
    await q(db, 'UPDATE people SET merged_into_id = ? WHERE id = ?', [c, b]);
    await q(db, 'UPDATE people SET merged_into_id = ? WHERE id = ?', [a, c]);
    expect(await survivor(db, b)).toBe(a);
    expect(await resolvePerson(db, mention('Örjan Åkesson'), ctx(d, 'Täby'))).toEqual({ personId: a, rule: 'manuell' });
    expect(await survivor(db, 9_999_999)).toBe(9_999_999);
  });
});

describe.each(testEngines)('ärenden on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });
  const arende = async (id: number) => (await q(db, 'SELECT municipality, body, meeting_date, number, title, diarienummer, dnr_key, title_key, merged_into_id FROM arenden WHERE id = ?', [id]))[0];

  it('finds an ärende by diarienummer in any spelling, by meeting and number, and by a near-identical title; none for nothing', async () => {
    expect(await findOrCreateArende(db, key({}))).toBeNull();
    const a = await findOrCreateArende(db, key({ diarienummer: 'KS 2017/64', title: 'Förskolans lokaler i Flemingsberg och Visättra' }));
    expect(a?.rule).toBe('ny');
    expect(await arende(a!.id)).toMatchObject({ diarienummer: 'KS 2017/64', dnr_key: 'KS2017/64', title_key: 'förskolans lokaler i flemingsberg och visättra', merged_into_id: null });
    expect(await findOrCreateArende(db, key({ diarienummer: 'ks-2017/64' }))).toEqual({ id: a!.id, rule: 'diarienummer' });
    // Another municipality's diarienummer is another matter.
    expect((await findOrCreateArende(db, key({ municipality: 'Botkyrka', diarienummer: 'KS 2017/64' })))?.rule).toBe('ny');
    expect(await findOrCreateArende(db, key({ title: 'Förskolans lokaler i Flemingsberg och Visättra.' }))).toEqual({ id: a!.id, rule: 'titel' });
    // A conflicting diarienummer blocks the title rule.
    const other = await findOrCreateArende(db, key({ diarienummer: 'KS 2018/1', title: 'Förskolans lokaler i Flemingsberg och Visättra' }));
    expect(other?.rule).toBe('ny');
    const meeting = await findOrCreateArende(db, key({ body: 'Kommunstyrelsen', meetingDate: '2024-03-04', number: '12' }));
    expect(meeting?.rule).toBe('ny');
    expect(await findOrCreateArende(db, key({ body: 'Kommunstyrelsen', meetingDate: '2024-03-04', number: '12', diarienummer: 'KS 2024/99', title: 'Ny simhall i Huddinge centrum' })))
      .toEqual({ id: meeting!.id, rule: 'sammantrade_och_nummer' });
    // The matter learns the diarienummer and title it lacked.
    expect(await arende(meeting!.id)).toMatchObject({ diarienummer: 'KS 2024/99', dnr_key: 'KS2024/99', title: 'Ny simhall i Huddinge centrum', title_key: 'ny simhall i huddinge centrum' });
    expect(await findOrCreateArende(db, key({ diarienummer: 'KS 2024/99' }))).toEqual({ id: meeting!.id, rule: 'diarienummer' });
    const national = await findOrCreateArende(db, key({ municipality: null, body: 'Riksdagen', diarienummer: '2023/24:SoU5' }));
    expect(await findOrCreateArende(db, key({ municipality: null, diarienummer: '2023/24:sou5' }))).toEqual({ id: national!.id, rule: 'diarienummer' });
  });

  it('joins ärenden known only by the same title into the one with a diarienummer, and merges by hand', async () => {
    const title = 'Motion av Åsa Öberg (V) om fler förskoleplatser i Skogås';
    const motion = await findOrCreateArende(db, key({ title }));
    const d1 = await doc(db);
    const d2 = await doc(db);
    await q(db, 'INSERT INTO document_arenden (document_id, arende_id, rule) VALUES (?, ?, ?)', [d1, motion!.id, 'ny']);
    const yrkande = await findOrCreateArende(db, key({ diarienummer: 'KS 2019/7', number: '5' }));
    await q(db, 'INSERT INTO document_arenden (document_id, arende_id, rule) VALUES (?, ?, ?)', [d2, yrkande!.id, 'ny']);
    // A document with both the diarienummer and the motion's title: the title-only ärende joins it.
    expect(await findOrCreateArende(db, key({ diarienummer: 'KS 2019/7', title: `Yrkande angående ${title}` }))).toEqual({ id: yrkande!.id, rule: 'diarienummer' });
    expect(await liveArendeId(db, motion!.id)).toBe(yrkande!.id);
    expect(await q(db, 'SELECT document_id, arende_id, rule FROM document_arenden WHERE document_id IN (?, ?) ORDER BY document_id', [d1, d2]))
      .toEqual([{ document_id: d1, arende_id: yrkande!.id, rule: 'titel' }, { document_id: d2, arende_id: yrkande!.id, rule: 'ny' }]);
    expect(await findOrCreateArende(db, key({ title }))).toEqual({ id: yrkande!.id, rule: 'titel' });

    // By hand: a document already in both stays once, titles move without doubling, pointers follow.
    const x = await findOrCreateArende(db, key({ title: 'Belysning längs gång- och cykelvägar i Stuvsta' }));
    const y = await findOrCreateArende(db, key({ diarienummer: 'KS 2020/3' }));
    const z = await findOrCreateArende(db, key({ diarienummer: 'KS 2020/4' }));
    await mergeArende(db, z!.id, x!.id);
    const both = await doc(db);
    await q(db, 'INSERT INTO document_arenden (document_id, arende_id, rule) VALUES (?, ?, ?), (?, ?, ?)', [both, x!.id, 'titel', both, y!.id, 'diarienummer']);
    await mergeArende(db, x!.id, y!.id);
    expect(await q(db, 'SELECT arende_id, rule FROM document_arenden WHERE document_id = ?', [both])).toEqual([{ arende_id: y!.id, rule: 'diarienummer' }]);
    expect(await q(db, 'SELECT arende_id, title_key FROM arende_titles WHERE arende_id IN (?, ?)', [x!.id, y!.id]))
      .toEqual([{ arende_id: y!.id, title_key: 'belysning längs gång och cykelvägar i stuvsta' }]);
    expect([await liveArendeId(db, x!.id), await liveArendeId(db, z!.id), await liveArendeId(db, y!.id)]).toEqual([y!.id, y!.id, y!.id]);
    expect(await liveArendeId(db, 9_999_999)).toBeUndefined();
  });
});

describe.each(testEngines)('memberships on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });

  it('derives parties and groups with spans from the documents that state them, incrementally as by a rebuild', async () => {
    const d0 = await doc(db);
    const p = await createPerson(db, mention('Märta Ölund'), 'Huddinge');
    const docs = [
      { date: '2019-03-01', party: 'S', group: null },
      { date: '2021-05-10', party: 'S', group: 'kommunfullmäktige' },
      { date: '2020-01-15', party: 'S', group: 'kommunfullmäktige' },
      { date: '2022-09-30', party: 'V', group: null },
      { date: null, party: 'V', group: null },
      { date: '2018-01-01', party: 'MP', group: null, withdrawn: true },
    ];
    for (const d of docs) {
      const id = await doc(db, { date: d.date, withdrawn: d.withdrawn });
      await author(db, id, { personId: p, party: d.party, group: d.group });
      // A party the membership supplied is no evidence of one.
      await author(db, id, { personId: p, party: 'C', source: 'membership', position: 1 });
      await addDocumentToMemberships(db, id, [p, p]);
    }
    const incremental = await membershipsOf(db, p);
    expect(incremental).toEqual([
      { party: 'S', groupBody: null, from: '2019-03-01', to: '2021-05-10', documents: 3 },
      { party: 'S', groupBody: 'kommunfullmäktige', from: '2020-01-15', to: '2021-05-10', documents: 2 },
      { party: 'V', groupBody: null, from: '2022-09-30', to: '2022-09-30', documents: 2 },
    ]);
    await rebuildMemberships(db, [p]);
    expect(await membershipsOf(db, p)).toEqual(incremental);
    await rebuildMemberships(db, []);
    await addDocumentToMemberships(db, d0, []);
    expect(await membershipsOf(db, 9_999_999)).toEqual([]);
  });

  it('gives the party on a date: the span that holds it, else the nearest, else the most documents', async () => {
    const p = await createPerson(db, mention('Ulla Åström'), 'Huddinge');
    for (const [date, party] of [['2019-01-01', 'S'], ['2020-12-31', 'S'], ['2022-06-01', 'V'], ['2023-06-01', 'V'], ['2023-07-01', 'V']] as const) {
      const id = await doc(db, { date });
      await author(db, id, { personId: p, party });
    }
    await rebuildMemberships(db, [p]);
    expect(await partyOnDate(db, p, '2020-02-02')).toBe('S');
    expect(await partyOnDate(db, p, '2022-12-01')).toBe('V');
    expect(await partyOnDate(db, p, '2021-06-01')).toBe('S');
    expect(await partyOnDate(db, p, '2022-01-01')).toBe('V');
    expect(await partyOnDate(db, p, '2030-01-01')).toBe('V');
    expect(await partyOnDate(db, p, null)).toBe('V');
    expect(await partyOnDate(db, 9_999_999, '2020-01-01')).toBeNull();
  });
});

describe.each(testEngines)('interpellation links on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });

  it('links an answer to the interpellation of the same interpellant and subject, both ways, replacing a weaker link', async () => {
    const asker = await createPerson(db, mention('Göran Åberg'), 'Huddinge');
    const paper = async (kind: string, title: string, date: string, withdrawn = false) => {
      const id = await doc(db, { kind, title, date, withdrawn });
      await author(db, id, { role: 'interpellant', personId: asker, party: 'M' });
      return id;
    };
    const question = await paper('interpellation', 'Interpellation om skolskjutsar i Sorunda och Ösmo', '2024-02-01');
    expect(await linkInterpellation(db, question)).toBe(0);
    const answer = await paper('interpellationssvar', 'Svar på interpellation om skolskjutsar i Sorunda och Ösmo', '2024-03-01');
    const early = await paper('interpellationssvar', 'Svar på interpellation om skolskjutsar i Sorunda och Ösmo', '2024-01-01');
    expect(await linkInterpellation(db, answer)).toBe(1);
    expect(await linkInterpellation(db, early)).toBe(0);
    expect(await linksOf(db, answer)).toEqual([{ id: question, kind: 'interpellation', title: 'Interpellation om skolskjutsar i Sorunda och Ösmo', date: '2024-02-01', relation: 'answers', direction: 'to', rule: 'interpellant_och_amne' }]);
    expect(await linksOf(db, question)).toEqual([{ id: answer, kind: 'interpellationssvar', title: 'Svar på interpellation om skolskjutsar i Sorunda och Ösmo', date: '2024-03-01', relation: 'answers', direction: 'from', rule: 'interpellant_och_amne' }]);
    // Relinking the interpellation finds the same answer again; the link is one.
    expect(await linkInterpellation(db, question)).toBe(1);
    expect(await q(db, "SELECT count(*) AS n FROM document_links WHERE relation = 'answers'")).toEqual([{ n: 1 }]);
    // A second interpellation on the subject takes the answer over (an answer answers one).
    const second = await paper('interpellation', 'Interpellation om skolskjutsar i Sorunda', '2024-02-15');
    expect(await linkInterpellation(db, second)).toBe(1);
    expect((await linksOf(db, answer)).map((l) => l.id)).toEqual([second]);
    expect(await linksOf(db, question)).toEqual([]);
    // Manual links stay, withdrawn documents are not shown, and both directions list in a stable order.
    const note = await doc(db, { title: 'Anteckning' });
    const gone = await doc(db, { title: 'Återkallad', withdrawn: true });
    await q(db, "INSERT INTO document_links (from_document_id, to_document_id, relation, rule, confidence) VALUES (?, ?, 'answers', 'manuell', 1), (?, ?, 'cites', 'manuell', 1), (?, ?, 'answers', 'manuell', 1), (?, ?, 'cites', 'manuell', 1)",
      [answer, note, note, answer, answer, gone, answer, question]);
    // Relinking the answer itself: the two interpellations agree as well, and the first found wins.
    expect(await linkInterpellation(db, answer)).toBe(1);
    expect((await linksOf(db, answer)).map((l) => [l.id, l.relation, l.direction, l.rule])).toEqual([
      [question, 'answers', 'to', 'interpellant_och_amne'], [question, 'cites', 'to', 'manuell'], [note, 'answers', 'to', 'manuell'], [note, 'cites', 'from', 'manuell'],
    ]);
    expect(await linkInterpellation(db, 9_999_999)).toBe(0);
    expect(await linksOf(db, 9_999_999)).toEqual([]);
  });
});

describe.each(testEngines)('merging and splitting people on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });

  it('merges every mention into the survivor, rebuilds memberships and logs it; refuses what cannot be merged', async () => {
    const a = await createPerson(db, mention('Pär Öst'), 'Huddinge');
    const b = await createPerson(db, mention('Per Öst'), 'Huddinge');
    const d1 = await doc(db, { date: '2020-01-01' });
    const d2 = await doc(db, { date: '2021-01-01' });
    await author(db, d1, { personId: a, party: 'S', name: 'Pär Öst' });
    await author(db, d2, { personId: b, party: 'S', name: 'Per Öst' });
    await rebuildMemberships(db, [a, b]);
    await q(db, "INSERT INTO person_candidates (person_id, other_id, reason) VALUES (?, ?, 'initialer')", [a, b]);
    await mergePeople(db, a, b, 'kurator');
    expect(await q(db, 'SELECT person_id FROM document_authors WHERE document_id IN (?, ?) ORDER BY document_id', [d1, d2])).toEqual([{ person_id: b }, { person_id: b }]);
    expect(await membershipsOf(db, a)).toEqual([]);
    expect(await membershipsOf(db, b)).toEqual([{ party: 'S', groupBody: null, from: '2020-01-01', to: '2021-01-01', documents: 2 }]);
    expect(await candidates(db)).toEqual([]);
    expect(await q(db, "SELECT action, person_id, other_id, detail_json, author FROM person_decisions WHERE action = 'merge'"))
      .toEqual([{ action: 'merge', person_id: a, other_id: b, detail_json: JSON.stringify({ from: 'par-ost', into: 'per-ost' }), author: 'kurator' }]);
    await expect(mergePeople(db, a, b, 'kurator')).rejects.toThrow(new CurationError('Personen är redan sammanslagen med en annan.'));
    await expect(mergePeople(db, b, b, 'kurator')).rejects.toThrow(new CurationError('En person kan inte slås ihop med sig själv.'));
    await expect(mergePeople(db, b, 9_999_999, 'kurator')).rejects.toBeInstanceOf(CurationError);
  });

  it('splits chosen documents off into a new person that later resolutions keep', async () => {
    const p = await createPerson(db, mention('Anna Öhman'), 'Nacka');
    const ds = [await doc(db, { municipality: 'Nacka', date: '2019-01-01' }), await doc(db, { municipality: 'Nacka', date: '2023-01-01' }), await doc(db, { municipality: 'Nacka', date: '2024-01-01' })];
    for (const [i, d] of ds.entries()) await author(db, d, { personId: p, party: i === 0 ? 'S' : 'M', name: i === 2 ? 'A. Öhman (M)' : 'Anna Öhman' });
    await rebuildMemberships(db, [p]);
    await expect(splitPerson(db, p, [], null, 'kurator')).rejects.toThrow(new CurationError('Välj minst ett dokument att flytta.'));
    await expect(splitPerson(db, p, [9_999_999], null, 'kurator')).rejects.toThrow(new CurationError('Personen förekommer inte i de valda dokumenten.'));
    await expect(splitPerson(db, p, [ds[1]!], '—', 'kurator')).rejects.toThrow(new CurationError('Namnet saknar bokstäver.'));
    await expect(splitPerson(db, 9_999_999, [ds[1]!], null, 'kurator')).rejects.toThrow(new CurationError('Personen finns inte.'));
    const split = await splitPerson(db, p, [ds[2]!, ds[1]!], null, 'kurator');
    expect(await personRow(db, split)).toMatchObject({ name: 'Anna Öhman', slug: 'anna-ohman-nacka', scope: 'Nacka' });
    expect(await q(db, 'SELECT document_id, name_key, person_id FROM person_overrides ORDER BY document_id, name_key'))
      .toEqual([{ document_id: ds[1], name_key: 'anna öhman', person_id: split }, { document_id: ds[2], name_key: 'a öhman', person_id: split }]);
    expect(await membershipsOf(db, p)).toEqual([{ party: 'S', groupBody: null, from: '2019-01-01', to: '2019-01-01', documents: 1 }]);
    expect(await membershipsOf(db, split)).toEqual([{ party: 'M', groupBody: null, from: '2023-01-01', to: '2024-01-01', documents: 2 }]);
    expect(await resolvePerson(db, mention('A. Öhman'), ctx(ds[2]!, 'Nacka'))).toEqual({ personId: split, rule: 'manuell' });
    expect(await resolvePerson(db, mention('Anna Öhman'), ctx(ds[0]!, 'Nacka'))).toEqual({ personId: p, rule: 'namn' });
    expect((await q(db, "SELECT detail_json FROM person_decisions WHERE action = 'split'"))).toEqual([{ detail_json: JSON.stringify({ documents: [ds[2], ds[1]] }) }]);
  });

  it('relinks the answers of merged people', async () => {
    const a = await createPerson(db, mention('Bo Ärlig'), 'Huddinge');
    const b = await createPerson(db, mention('Bo Ärlig'), 'Huddinge');
    const question = await doc(db, { kind: 'interpellation', title: 'Interpellation om badplatsen vid Trehörningen', date: '2024-01-01' });
    const answer = await doc(db, { kind: 'interpellationssvar', title: 'Svar på interpellation om badplatsen vid Trehörningen', date: '2024-02-01' });
    await author(db, question, { role: 'interpellant', personId: a });
    await author(db, answer, { role: 'interpellant', personId: b });
    expect(await linkInterpellation(db, answer)).toBe(0);
    await mergePeople(db, a, b, 'kurator');
    expect((await linksOf(db, answer)).map((l) => l.id)).toEqual([question]);
  });
});

describe.each(testEngines)('rekeying people on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });

  it('gives people from before name keys a key, surname key and the scope of their first document', async () => {
    expect(await needsRelink(db)).toBe(false);
    const [old] = await q<{ id: number }>(db, "INSERT INTO people (name, slug) VALUES ('Östen Å. Lind (KD)', 'osten-lind') RETURNING id");
    const [bare] = await q<{ id: number }>(db, "INSERT INTO people (name, slug) VALUES ('…', 'x') RETURNING id");
    const d = await doc(db, { municipality: null, body: 'Riksdagen' });
    await author(db, d, { personId: old!.id });
    expect(await needsRelink(db)).toBe(true);
    await rekeyPeople(db);
    expect(await needsRelink(db)).toBe(false);
    expect(await personRow(db, old!.id)).toMatchObject({ name_key: 'östen å lind', surname_key: 'lind', scope: 'Riksdagen' });
    expect(await personRow(db, bare!.id)).toMatchObject({ name_key: '…', surname_key: '', scope: '' });
  });
});

/** Runs `work` in a transaction of `db` and holds it open until `release()`; `done` ends with its result. */
function held<T>(db: PgDb, work: (tx: PgDb) => Promise<T>) {
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  let worked!: () => void;
  const ready = new Promise<void>((r) => { worked = r; });
  const done = pgTransaction(db, async (tx) => { try { return await work(tx); } finally { worked(); await gate; } });
  return { ready, done, release };
}
const settle = () => new Promise((r) => setTimeout(r, 300));

/**
 * The worst interleaving of two processes: the first has done its work and not committed when the
 * second does the same. The second must wait for the first's commit and then see what it wrote.
 */
async function interleaved<T>(a: PgDb, b: PgDb, first: (tx: PgDb) => Promise<T>, second: (tx: PgDb) => Promise<T>): Promise<[T, T]> {
  const one = held(a, first);
  await one.ready;
  const two = pgTransaction(b, second);
  let secondDone = false;
  void two.then(() => { secondDone = true; }, () => { secondDone = true; });
  await settle();
  const waited = !secondDone;
  one.release();
  const r = await Promise.all([one.done, two]);
  expect(waited).toBe(true);
  return r;
}

describe.skipIf(!pgTestUrl)('linking in two server processes on one PostgreSQL database', () => {
  let a: PgDb;
  let b: PgDb;
  beforeAll(async () => {
    const r = await fresh('postgres');
    a = r.db as PgDb;
    b = await store.another(r.url!);
  });
  const count = async (text: string, params: unknown[] = []) => Number((await a.$client.query(text, params)).rows[0].n);

  it('two documents naming the same new person at the same moment end with one person', async () => {
    const d1 = await doc(a, { municipality: 'Sigtuna' });
    const d2 = await doc(a, { municipality: 'Sigtuna' });
    const [x, y] = await interleaved(a, b,
      (tx) => resolvePerson(tx, mention('Åke Ärlebäck'), ctx(d1, 'Sigtuna')),
      (tx) => resolvePerson(tx, mention('Åke Ärlebäck'), ctx(d2, 'Sigtuna')));
    expect(x.rule).toBe('ny');
    expect(y).toEqual({ personId: x.personId, rule: 'namn' });
    expect(await count("SELECT count(*) AS n FROM people WHERE name_key = 'åke ärlebäck'")).toBe(1);
  });

  it('many documents naming the same new people in different orders, through both processes, end with one of each and no deadlock', async () => {
    const names = ['Märit Sjö', 'Örjan Falk', 'Lisa Ås', 'Kent Öhrn'];
    const docs = [];
    for (let i = 0; i < 16; i++) docs.push(await doc(a, { municipality: 'Nykvarn' }));
    const results = await Promise.all(docs.map((d, i) => pgTransaction(i % 2 ? a : b, async (tx) => {
      const order = i % 3 ? names : [...names].reverse();
      const ids: number[] = [];
      for (const n of order) ids.push((await resolvePerson(tx, mention(n), ctx(d, 'Nykvarn'))).personId);
      return new Map(order.map((n, j) => [n, ids[j]!]));
    })));
    for (const n of names) expect(new Set(results.map((r) => r.get(n))).size).toBe(1);
    expect(await count("SELECT count(*) AS n FROM people WHERE scope = 'Nykvarn'")).toBe(names.length);
    expect(await count("SELECT count(DISTINCT slug) AS n FROM people")).toBe(await count('SELECT count(*) AS n FROM people'));
  });

  it('two people of one name in two scopes created at the same moment get two slugs', async () => {
    const d = await doc(a);
    const [x, y] = await interleaved(a, b,
      (tx) => resolvePerson(tx, mention('Ylva Öqvist'), ctx(d, 'Salem')),
      (tx) => resolvePerson(tx, mention('Ylva Öqvist'), ctx(d, 'Tyresö')));
    expect(x.personId).not.toBe(y.personId);
    const slugs = (await a.$client.query('SELECT slug FROM people WHERE id = ANY($1) ORDER BY id', [[x.personId, y.personId]])).rows.map((r) => r.slug);
    expect(slugs).toEqual(['ylva-oqvist', 'ylva-oqvist-tyreso']);
  });

  it('two documents of the same new ärende at the same moment end with one ärende', async () => {
    const [x, y] = await interleaved(a, b,
      (tx) => findOrCreateArende(tx, key({ municipality: 'Sigtuna', diarienummer: 'KS 2025/12' })),
      (tx) => findOrCreateArende(tx, key({ municipality: 'Sigtuna', diarienummer: 'ks 2025/12', title: 'Ny idrottshall vid Arlandastad skola' })));
    expect(x?.rule).toBe('ny');
    expect(y).toEqual({ id: x!.id, rule: 'diarienummer' });
    const [t1, t2] = await interleaved(a, b,
      (tx) => findOrCreateArende(tx, key({ municipality: 'Sigtuna', title: 'Upprustning av lekplatsen i Märsta centrum' })),
      (tx) => findOrCreateArende(tx, key({ municipality: 'Sigtuna', title: 'Upprustning av lekplatsen i Märsta centrum' })));
    expect(t2).toEqual({ id: t1!.id, rule: 'titel' });
    expect(await count("SELECT count(*) AS n FROM arenden WHERE municipality = 'Sigtuna'")).toBe(2);
  });

  it('two documents added to one person\'s memberships at the same moment both count, in one row', async () => {
    const p = await createPerson(a, mention('Rut Ågren'), 'Sigtuna');
    const d1 = await doc(a, { date: '2020-01-01' });
    const d2 = await doc(a, { date: '2022-01-01' });
    await author(a, d1, { personId: p, party: 'L' });
    await author(a, d2, { personId: p, party: 'L' });
    await interleaved(a, b, (tx) => addDocumentToMemberships(tx, d1, [p]), (tx) => addDocumentToMemberships(tx, d2, [p]));
    expect(await membershipsOf(a, p)).toEqual([{ party: 'L', groupBody: null, from: '2020-01-01', to: '2022-01-01', documents: 2 }]);
    await interleaved(a, b, (tx) => rebuildMemberships(tx, [p]), (tx) => rebuildMemberships(tx, [p]));
    expect(await membershipsOf(a, p)).toEqual([{ party: 'L', groupBody: null, from: '2020-01-01', to: '2022-01-01', documents: 2 }]);
  });

  it('one answer linked from two processes at the same moment answers one interpellation', async () => {
    const asker = await createPerson(a, mention('Nils Åhlén'), 'Sigtuna');
    const paper = async (kind: string, title: string, date: string) => {
      const id = await doc(a, { kind, title, date, municipality: 'Sigtuna' });
      await author(a, id, { role: 'interpellant', personId: asker });
      return id;
    };
    const answer = await paper('interpellationssvar', 'Svar på interpellation om busstrafiken till Rosersberg', '2024-05-01');
    const q1 = await paper('interpellation', 'Interpellation om busstrafiken till Rosersberg', '2024-04-01');
    const q2 = await paper('interpellation', 'Interpellation om busstrafiken till Rosersberg och Steninge', '2024-04-02');
    expect(await interleaved(a, b, (tx) => linkInterpellation(tx, q1), (tx) => linkInterpellation(tx, q2))).toEqual([1, 1]);
    expect((await linksOf(a, answer)).map((l) => l.id)).toEqual([q2]);
  });

  it('merging two people into each other at the same moment merges once and refuses the other', async () => {
    const x = await createPerson(a, mention('Ebba Öst'), 'Sigtuna');
    const y = await createPerson(a, mention('Ebba Öst'), 'Sigtuna');
    const one = held(a, (tx) => mergePeople(tx, x, y, 'kurator'));
    await one.ready;
    const two = mergePeople(b, y, x, 'kurator');
    const outcome = two.then(() => 'merged', (err: unknown) => err);
    await settle();
    one.release();
    await one.done;
    expect(await outcome).toEqual(new CurationError('Personen är redan sammanslagen med en annan.'));
    expect((await a.$client.query('SELECT id, merged_into_id FROM people WHERE id = ANY($1) ORDER BY id', [[x, y]])).rows)
      .toEqual([{ id: x, merged_into_id: y }, { id: y, merged_into_id: null }]);
  });
});
