/** Protocol paragraphs and positions are projections: written with the document, rebuilt and removed with it. */
import { describe, expect, it } from 'vitest';
import { openDb, type SqliteDb as Db } from '../../db/client.js';
import { deleteDocument, storeDocument, relinkDocument, restoreDocument, withdrawDocument } from '../../server/use-cases/documents.js';
import { SYSTEM_AUTHOR } from '../../db/revisions.js';
import { paragraphsOf } from '../../db/protocol.js';
import { dbFingerprint } from '../helpers/app.js';
import { fixtureText, labelledParagraphs, protocolDocument } from './fixtures.js';

const rows = (db: Db, sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as Array<Record<string, unknown>>;
const count = (db: Db, table: string, documentId: number) =>
  (db.$client.prepare(`SELECT count(*) AS n FROM ${table} WHERE document_id = ?`).get(documentId) as { n: number }).n;

describe('a protocol is stored paragraph by paragraph', () => {
  it('the fixtures\' offsets point at their paragraphs', () => {
    for (const name of ['ks-2026-03-04', 'kf-2026-03-26', 'ks-2026-06-17'] as const) {
      const text = fixtureText(name);
      for (const p of labelledParagraphs(name)) expect(text.slice(p.start, p.end).startsWith(p.number)).toBe(true);
    }
  });

  it('writes each paragraph and one position per person or party group, with the sentence found in the text', async () => {
    const db = openDb(':memory:');
    const { id } = await storeDocument(db, protocolDocument('kf-2026-03-26'));
    const [p] = await paragraphsOf(db, id);
    expect(p).toMatchObject({ number: '§ 87', anchor: 'paragraf-87', diarienummer: 'SLK-2025-01264', vote: { ja: 43, nej: 37, avstar: 0 } });
    // "A (S), B (MP), C (V) och D (C) yrkar bifall": four people with four parties, then four for their own proposal and one tillägg.
    const proposals = p!.positions.filter((x) => x.what === 'proposal');
    expect(proposals.map((x) => `${x.personName} ${x.party} ${x.kind}`)).toEqual([
      'Jonas Attenius S bifall', 'Bosse Parbring MP bifall', 'Jenny Broman V bifall', 'Emmyly Bönfors C bifall',
      'Kalle Bäck KD eget', 'Axel Josefson M eget', 'Martin Wannholt D eget', 'Agneta Kjaerbeck SD eget', 'Agneta Kjaerbeck SD tillagg',
    ]);
    // "Ledamöterna från SD reserverar sig": a party position without a person.
    const reservation = p!.positions.find((x) => x.what === 'reservation')!;
    expect(reservation).toMatchObject({ party: 'SD', personId: null, nameAsWritten: null });
    const text = fixtureText('kf-2026-03-26');
    expect(text.slice(reservation.start!, reservation.end!)).toBe('Ledamöterna från SD reserverar sig mot beslutet till förmån för det egna yrkandet.');
    // The sentence spans two lines in the stored text; its offsets still hold it.
    expect(text.slice(proposals[0]!.start!, proposals[0]!.end!)).toBe('Jonas Attenius (S), Bosse Parbring (MP), Jenny Broman (V) och Emmyly Bönfors (C)\nyrkar bifall till kommunstyrelsens förslag.');
    // The two Agneta Kjaerbeck rows are one person.
    expect(new Set(proposals.filter((x) => x.nameAsWritten === 'Agneta Kjaerbeck').map((x) => x.personId)).size).toBe(1);
  });

  it('named voters and reserving members resolve to the same people as elsewhere in the municipality, with the vote sentence', async () => {
    const db = openDb(':memory:');
    const a = (await storeDocument(db, protocolDocument('kf-2026-03-26'))).id;
    const b = (await storeDocument(db, protocolDocument('ks-2026-06-17'))).id;
    const [p] = await paragraphsOf(db, b);
    const votes = p!.positions.filter((x) => x.what === 'vote');
    expect(votes).toHaveLength(13);
    const attenius = votes.find((x) => x.nameAsWritten === 'Jonas Attenius')!;
    expect(attenius).toMatchObject({ kind: 'ja', party: 'S' });
    expect(attenius.sentence).toMatch(/^Daniel Bernmar \(V\), .* ordföranden Jonas Attenius \(S\) röstar Ja \(7\)\.$/);
    const proposer = (await paragraphsOf(db, a))[0]!.positions.find((x) => x.nameAsWritten === 'Jonas Attenius')!;
    expect(attenius.personId).toBe(proposer.personId);
    // Six members of five parties reserve themselves: six person rows, no extra party rows.
    const res = p!.positions.filter((x) => x.what === 'reservation');
    expect(res.map((x) => x.party)).toEqual(['M', 'M', 'D', 'SD', 'L', 'KD']);
    expect(res.every((x) => x.personId !== null)).toBe(true);
    // A party the protocol writes beside a name counts for the person's memberships.
    const m = rows(db, 'SELECT party_code FROM memberships WHERE person_id = ? AND group_body IS NULL', attenius.personId);
    expect(m).toEqual([{ party_code: 'S' }]);
  });

  it('storing the same protocol again changes nothing', async () => {
    const db = openDb(':memory:');
    await storeDocument(db, protocolDocument('ks-2026-03-04'));
    const before = dbFingerprint(db);
    expect((await storeDocument(db, protocolDocument('ks-2026-03-04'))).created).toBe(false);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('withdrawal removes paragraphs and positions, restore brings the same back, relink rebuilds the same, deletion removes them', async () => {
    const db = openDb(':memory:');
    const { id } = await storeDocument(db, protocolDocument('ks-2026-03-04'));
    // The ärende is found again rather than made, so only its rule differs.
    const shape = async () => (await paragraphsOf(db, id)).map((p) => ({ ...p, id: 0, arendeRule: null, positions: p.positions.map((x) => ({ ...x, id: 0 })) }));
    const first = await shape();
    expect(first[0]!.positions.map((x) => x.what)).toEqual(['proposal', 'proposal', 'proposal', 'reservation', 'note', 'note', 'note', 'note', 'note', 'note']);
    expect(await withdrawDocument(db, id, SYSTEM_AUTHOR, null)).toBe(true);
    expect(count(db, 'protocol_paragraphs', id) + count(db, 'protocol_positions', id)).toBe(0);
    expect(rows(db, 'SELECT count(*) AS n FROM memberships')).toEqual([{ n: 0 }]);
    expect(await restoreDocument(db, id, SYSTEM_AUTHOR, null)).toBe(true);
    expect(await shape()).toEqual(first);
    await relinkDocument(db, id);
    expect(await shape()).toEqual(first);
    expect(await deleteDocument(db, id, SYSTEM_AUTHOR, null)).toBe(true);
    expect(rows(db, 'SELECT count(*) AS n FROM protocol_paragraphs UNION ALL SELECT count(*) FROM protocol_positions')).toEqual([{ n: 0 }, { n: 0 }]);
  });
});
