/**
 * The browsing read models (db/browse.ts: a person's record, the people list, a party's overview,
 * the parties, an ärende's timeline, the ärenden, a document's ärenden and people, the home counts)
 * answer the same on both engines over the same rows. The rows are written with plain SQL, the same
 * statements on both, so the test compares the reads and nothing else.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { exec } from '../../db/sql.js';
import {
  arendeRecord, arendenOf, findPersonBySlug, homeCounts, listArenden, listParties, listPeople, partyOverview, peopleOf, personRecord, personScopes,
} from '../../db/browse.js';
import { archives, testEngines } from '../helpers/pg.js';

const store = archives();
afterAll(() => store.cleanup());

/** A small archive: two parties, three people (one merged), an ärende with a motion, an answer, a protocol § and a reservation, one withdrawn document. */
async function fill(db: Db): Promise<void> {
  const statements = [
    sql`INSERT INTO parties (code, name) VALUES ('FI', 'Feministiskt initiativ') ON CONFLICT DO NOTHING`,
    sql`INSERT INTO documents (id, kind, title, municipality, body, date, text, metadata_json) VALUES
      (1, 'motion', 'Motion om förskolan', 'Huddinge', 'Kommunfullmäktige', '2025-03-01', 'text', '{}'),
      (2, 'interpellationssvar', 'Svar om förskolan', 'Huddinge', 'Kommunfullmäktige', '2025-03-01', 'text', '{}'),
      (3, 'protokoll', 'Protokoll KF 2025-04-07', 'Huddinge', 'Kommunfullmäktige', '2025-04-07', 'text', '{}'),
      (4, 'reservation', 'Reservation om förskolan', 'Huddinge', 'Kommunfullmäktige', NULL, 'text', '{}'),
      (5, 'motion', 'Återkallad motion', 'Huddinge', NULL, '2024-01-01', 'text', '{}'),
      (6, 'yrkande', 'Yrkande om Älvsjö', 'Stockholm', 'Kommunstyrelsen', '2024-05-05', 'text', '{}')`,
    sql`UPDATE documents SET withdrawn_at = '2025-05-01T00:00:00.000Z' WHERE id = 5`,
    sql`INSERT INTO search_facets (document_id, kind, body, municipality, date, party_codes) VALUES
      (1, 'motion', 'Kommunfullmäktige', 'Huddinge', '2025-03-01', ',S,'),
      (2, 'interpellationssvar', 'Kommunfullmäktige', 'Huddinge', '2025-03-01', ',M,'),
      (3, 'protokoll', 'Kommunfullmäktige', 'Huddinge', '2025-04-07', ','),
      (4, 'reservation', 'Kommunfullmäktige', 'Huddinge', NULL, ',S,V,'),
      (6, 'yrkande', 'Kommunstyrelsen', 'Stockholm', '2024-05-05', ',FI,')`,
    sql`INSERT INTO document_parties (document_id, party_code, position) VALUES (1, 'S', 0), (2, 'M', 0), (4, 'S', 0), (4, 'V', 1), (5, 'S', 0), (6, 'FI', 0)`,
    sql`INSERT INTO people (id, name, slug, name_key, scope) VALUES
      (1, 'Åsa Öberg', 'asa-oberg', 'asa oberg', 'Huddinge'), (2, 'Bo Ek', 'bo-ek', 'bo ek', 'Huddinge'),
      (3, 'Åsa Oberg', 'asa-oberg-2', 'asa oberg', 'Huddinge'), (4, 'Zara Ahl', 'zara-ahl', 'zara ahl', 'Stockholm')`,
    sql`UPDATE people SET merged_into_id = 1 WHERE id = 3`,
    sql`INSERT INTO person_candidates (person_id, other_id, reason) VALUES (2, 4, 'samma namn')`,
    sql`INSERT INTO document_authors (document_id, position, role, person_id, party_code, party_source, name_as_written) VALUES
      (1, 0, 'signatory', 1, 'S', 'document', 'Åsa Öberg (S)'), (1, 1, 'interpellant', 1, 'S', 'document', 'Åsa Öberg'),
      (2, 0, 'answerer', 2, 'M', 'document', 'Bo Ek (M)'), (2, 1, 'addressee', 1, NULL, NULL, 'Åsa Öberg'),
      (4, 0, 'signatory', 1, 'S', 'document', 'Åsa Öberg'), (4, 1, 'signatory', NULL, 'V', 'document', 'Okänd Person'),
      (5, 0, 'signatory', 1, 'S', 'document', 'Åsa Öberg'), (6, 0, 'signatory', 4, 'FI', 'document', 'Zara Ahl (FI)')`,
    sql`INSERT INTO memberships (person_id, party_code, from_date, to_date, document_count) VALUES
      (1, 'S', '2025-01-01', '2025-03-01', 3), (2, 'M', '2025-03-01', '2025-03-01', 1), (4, 'FI', '2024-05-05', '2024-05-05', 1)`,
    sql`INSERT INTO arenden (id, municipality, body, number, title, diarienummer, dnr_key, title_key) VALUES
      (1, 'Huddinge', 'Kommunfullmäktige', '12', 'Förskolan i Flemingsberg', 'KS-2025/12', 'ks-2025/12', 'forskolan i flemingsberg'),
      (2, 'Stockholm', 'Kommunstyrelsen', NULL, 'Älvsjö', NULL, NULL, 'alvsjo')`,
    sql`INSERT INTO document_arenden (document_id, arende_id, rule) VALUES (1, 1, 'diarienummer'), (2, 1, 'titel'), (3, 1, 'paragraf'), (4, 1, 'diarienummer'), (5, 1, 'titel'), (6, 2, 'titel')`,
    sql`INSERT INTO protocol_paragraphs (id, document_id, ordinal, number, anchor, title, start_offset, end_offset, arende_id) VALUES
      (1, 3, 0, '§ 12', 'p12', 'Förskolan i Flemingsberg', 0, 4, 1), (2, 3, 1, '§ 13', 'p13', 'Övrigt', 0, 4, NULL)`,
    sql`INSERT INTO document_links (from_document_id, to_document_id, relation, rule, confidence, to_paragraph_id) VALUES (4, 3, 'in_paragraph', 'samma paragraf', 0.95, 1)`,
  ];
  for (const s of statements) await exec(db, s);
}

describe.each(testEngines)('browsing on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await store.fresh(engine));
    await fill(db);
  });

  it("reads a person's record: live documents newest first, the telling role, memberships and possible doubles", async () => {
    expect(await findPersonBySlug(db, 'asa-oberg-2')).toEqual({ id: 3, mergedIntoSlug: 'asa-oberg' });
    expect(await findPersonBySlug(db, 'ingen')).toBeUndefined();
    const r = (await personRecord(db, 1))!;
    expect(r.documents.map((d) => [d.id, d.role, d.roles, d.party])).toEqual([[2, 'addressee', ['addressee'], null], [1, 'interpellant', ['interpellant', 'signatory'], 'S'], [4, 'signatory', ['signatory'], 'S']]);
    expect(r.memberships).toHaveLength(1);
    expect((await personRecord(db, 2))!.possiblySame).toEqual([{ name: 'Zara Ahl', slug: 'zara-ahl', scope: 'Stockholm', reason: 'samma namn' }]);
    expect(await personRecord(db, 99)).toBeUndefined();
  });

  it('lists people by surname in Swedish order, with parties and counts, and their scopes', async () => {
    const all = await listPeople(db, { limit: 10, offset: 0 });
    expect(all.items.map((p) => [p.name, p.parties, p.documents])).toEqual([['Zara Ahl', 'FI', 1], ['Bo Ek', 'M', 1], ['Åsa Öberg', 'S', 4]]);
    expect((await listPeople(db, { scope: 'Huddinge', party: 'S', limit: 10, offset: 0 })).items.map((p) => p.slug)).toEqual(['asa-oberg']);
    expect(await personScopes(db)).toEqual(['Huddinge', 'Stockholm']);
  });

  it("reads a party's overview and the parties with documents", async () => {
    const s = (await partyOverview(db, 'S'))!;
    expect(s).toMatchObject({ code: 'S', documentCount: 2, byKind: { motion: 1, reservation: 1 }, byYear: { 2025: 1, okänt: 1 } });
    expect(s.byKindAndYear).toEqual([{ kind: 'reservation', year: 'okänt', count: 1 }, { kind: 'motion', year: '2025', count: 1 }]);
    expect(s.people.map((p) => [p.slug, p.documents, p.from, p.to])).toEqual([['asa-oberg', 3, '2025-01-01', '2025-03-01']]);
    expect(await partyOverview(db, 'XX')).toBeUndefined();
    expect((await listParties(db)).map((p) => [p.code, p.documents])).toEqual([['FI', 1], ['M', 1], ['S', 2], ['V', 1]]);
  });

  it("reads an ärende's timeline in reading order, the ärenden, a document's ärenden and people, and the home counts", async () => {
    const a = (await arendeRecord(db, 1))!;
    expect(a.documents.map((d) => d.id)).toEqual([1, 2, 3, 4]);
    expect(a.documents[0]).toMatchObject({ parties: ['S'], signatories: [{ name: 'Åsa Öberg', slug: 'asa-oberg', party: 'S', role: 'signatory' }, { name: 'Åsa Öberg', slug: 'asa-oberg', party: 'S', role: 'interpellant' }] });
    expect(a.documents[2]).toMatchObject({ paragraphs: [{ number: '§ 12', title: 'Förskolan i Flemingsberg', anchor: 'p12' }] });
    expect(a.documents[3]).toMatchObject({ inParagraph: { documentId: 3, number: '§ 12', anchor: 'p12' }, parties: ['S', 'V'] });
    expect(await listArenden(db, { limit: 10, offset: 0 })).toEqual({ total: 2, items: [
      { id: 1, title: 'Förskolan i Flemingsberg', diarienummer: 'KS-2025/12', municipality: 'Huddinge', documents: 4, latest: '2025-04-07' },
      { id: 2, title: 'Älvsjö', diarienummer: null, municipality: 'Stockholm', documents: 1, latest: '2024-05-05' },
    ] });
    expect((await listArenden(db, { municipality: 'Stockholm', year: '2024', limit: 10, offset: 0 })).total).toBe(1);
    expect(await arendenOf(db, 4)).toEqual([{ id: 1, title: 'Förskolan i Flemingsberg', diarienummer: 'KS-2025/12', rule: 'diarienummer', documents: 4 }]);
    expect(await peopleOf(db, 2)).toEqual([{ name: 'Bo Ek', slug: 'bo-ek', role: 'answerer', party: 'M' }, { name: 'Åsa Öberg', slug: 'asa-oberg', role: 'addressee', party: null }]);
    expect(await homeCounts(db)).toEqual({
      byKind: [{ kind: 'interpellationssvar', n: 1 }, { kind: 'motion', n: 1 }, { kind: 'protokoll', n: 1 }, { kind: 'reservation', n: 1 }, { kind: 'yrkande', n: 1 }],
      municipalities: [{ name: 'Huddinge', n: 4 }, { name: 'Stockholm', n: 1 }],
      bodies: [{ name: 'Kommunfullmäktige', n: 4 }, { name: 'Kommunstyrelsen', n: 1 }],
      people: 3, arenden: 2,
    });
  });
});
