/** Each paragraph joins its ärende and is a step on its timeline; a written reservation joins its paragraph. */
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { storeDocument, relinkDocument, withdrawDocument } from '../../server/use-cases/documents.js';
import { SYSTEM_AUTHOR } from '../../db/revisions.js';
import type { SqliteDb as Db } from '../../db/client.js';
import { buildTestApp } from '../helpers/app.js';
import { protocolDocument, writtenReservation } from './fixtures.js';

const apps: FastifyInstance[] = [];
afterAll(async () => { for (const a of apps) await a.close(); });
async function fresh(): Promise<{ app: FastifyInstance; db: Db; token: string }> {
  const { app, db, adminToken } = await buildTestApp();
  apps.push(app);
  return { app, db, token: adminToken };
}
const links = (db: Db) => db.$client.prepare(`SELECT from_document_id AS "from", to_document_id AS "to", rule, confidence, to_paragraph_id AS paragraph
  FROM document_links WHERE relation = 'in_paragraph'`).all();

describe('protocol paragraphs on the ärende timeline', () => {
  it('two meetings\' paragraphs with one diarienummer are one ärende, each step naming its § with a permalink', async () => {
    const { app, db } = await fresh();
    const ks = (await storeDocument(db, protocolDocument('ks-2026-03-04'))).id;
    const kf = (await storeDocument(db, protocolDocument('kf-2026-03-26'))).id;
    const arenden = db.$client.prepare('SELECT DISTINCT arende_id AS id FROM protocol_paragraphs').all() as Array<{ id: number }>;
    expect(arenden).toHaveLength(1);
    const id = arenden[0]!.id;
    const json = (await app.inject({ url: `/api/arenden/${id}` })).json();
    expect(json.diarienummer).toBe('SLK-2025-01264');
    expect(json.documents.map((d: { id: number; paragraphs: unknown }) => [d.id, d.paragraphs])).toEqual([
      [ks, [{ number: '§ 168', title: expect.stringMatching(/^Uppföljning av två planer/), permalink: `/dokument/${ks}#paragraf-168` }]],
      [kf, [{ number: '§ 87', title: expect.stringMatching(/^Uppföljning av två planer/), permalink: `/dokument/${kf}#paragraf-87` }]],
    ]);
    const html = (await app.inject({ url: `/arenden/${id}` })).body;
    expect(html).toContain(`<a href="/dokument/${kf}#paragraf-87">§ 87: Uppföljning av två planer`);
    // The protocol page names the ärende of its paragraph.
    const doc = (await app.inject({ url: `/api/documents/${kf}` })).json();
    expect(doc.arenden.map((a: { id: number }) => a.id)).toEqual([id]);
  });

  for (const order of ['protocol first', 'reservation first'] as const) {
    it(`a written reservation links to the paragraph of its meeting and § (${order})`, async () => {
      const { app, db } = await fresh();
      let protocol: number; let reservation: number;
      if (order === 'protocol first') {
        protocol = (await storeDocument(db, protocolDocument('ks-2026-06-17'))).id;
        reservation = (await storeDocument(db, writtenReservation())).id;
      } else {
        reservation = (await storeDocument(db, writtenReservation())).id;
        protocol = (await storeDocument(db, protocolDocument('ks-2026-06-17'))).id;
      }
      const paragraph = (db.$client.prepare('SELECT id FROM protocol_paragraphs WHERE document_id = ?').get(protocol) as { id: number }).id;
      expect(links(db)).toEqual([{ from: reservation, to: protocol, rule: 'arende_sammantrade_och_paragraf', confidence: 0.95, paragraph }]);
      const arende = (db.$client.prepare('SELECT arende_id AS id FROM protocol_paragraphs').get() as { id: number }).id;
      const html = (await app.inject({ url: `/arenden/${arende}` })).body;
      expect(html).toContain(`Hör till <a href="/dokument/${protocol}#paragraf-480">§ 480 i protokollet</a>`);
      // Withdrawing the protocol drops the link; the reservation stays on the ärende.
      await withdrawDocument(db, protocol, SYSTEM_AUTHOR, null);
      expect(links(db)).toEqual([]);
    });
  }

  it('a reservation dated otherwise links only when it names the §', async () => {
    const { db } = await fresh();
    const protocol = (await storeDocument(db, protocolDocument('ks-2026-06-17'))).id;
    const naming = writtenReservation();
    naming.metadata.date = '2026-06-18';
    naming.metadata.arende.number = null;
    naming.sha256 = 'e'.repeat(64);
    const a = (await storeDocument(db, naming)).id;
    expect(links(db)).toEqual([{ from: a, to: protocol, rule: 'arende_och_paragraf', confidence: 0.75, paragraph: expect.any(Number) }]);
    const silent = writtenReservation();
    silent.metadata.date = '2025-08-27';
    silent.metadata.arende.number = null;
    silent.text = silent.text.replace('§ 480', '');
    silent.sha256 = 'f'.repeat(64);
    await storeDocument(db, silent);
    expect(links(db)).toHaveLength(1);
  });

  it('a paragraph known by its title alone follows its ärende when a later document shows it has a diarienummer', async () => {
    const { app, db } = await fresh();
    const byDnr = protocolDocument('ks-2026-03-04');
    byDnr.metadata.paragraphs![0]!.title = 'Redovisning av trygghetsarbetet i stadsdelarna';
    await storeDocument(db, byDnr);
    const titleOnly = protocolDocument('kf-2026-03-26');
    titleOnly.metadata.paragraphs![0]!.diarienummer = null;
    const kf = (await storeDocument(db, titleOnly)).id;
    const arendeOf = (doc: number) => (db.$client.prepare('SELECT arende_id AS id FROM protocol_paragraphs WHERE document_id = ?').get(doc) as { id: number }).id;
    const before = arendeOf(kf);
    // Both the diarienummer and the title: the title-only ärende is merged into the diarienummer's.
    const both = protocolDocument('ks-2026-06-17');
    both.metadata.paragraphs![0]!.title = titleOnly.metadata.paragraphs![0]!.title;
    both.metadata.paragraphs![0]!.diarienummer = 'SLK-2025-01264';
    const third = (await storeDocument(db, both)).id;
    expect(arendeOf(kf)).not.toBe(before);
    expect(arendeOf(kf)).toBe(arendeOf(third));
    const table = (await app.inject({ url: `/api/arenden/${arendeOf(kf)}/positions` })).json().table;
    expect(table.meetings.map((m: { number: string }) => m.number)).toEqual(['§ 168', '§ 87', '§ 480']);
    // The old address answers with the live ärende.
    expect((await app.inject({ url: `/api/arenden/${before}/positions` })).headers.location).toBe(`/api/arenden/${arendeOf(kf)}/positions`);
  });

  it('people in positions are merged and split like signatories, and a split outlives a relink', async () => {
    const { app, db, token } = await fresh();
    const kf = (await storeDocument(db, protocolDocument('kf-2026-03-26'))).id;
    const elsewhere = protocolDocument('ks-2026-06-17');
    elsewhere.metadata.municipality = 'Mölndals stad';
    const ks = (await storeDocument(db, elsewhere)).id;
    const people = () => db.$client.prepare(`SELECT DISTINCT x.document_id AS doc, p.slug FROM protocol_positions x JOIN people p ON p.id = x.person_id
      WHERE x.name_as_written = 'Jonas Attenius' ORDER BY x.document_id`).all();
    // The same name in another municipality is another person until someone merges them (never a silent merge).
    expect(people()).toEqual([{ doc: kf, slug: 'jonas-attenius' }, { doc: ks, slug: 'jonas-attenius-molndals-stad' }]);
    const auth = { authorization: `Bearer ${token}` };
    const merged = await app.inject({ method: 'POST', url: '/api/people/jonas-attenius-molndals-stad/merge', payload: { into: 'jonas-attenius' }, headers: auth });
    expect(merged.statusCode).toBe(200);
    expect(people()).toEqual([{ doc: kf, slug: 'jonas-attenius' }, { doc: ks, slug: 'jonas-attenius' }]);
    const json = (await app.inject({ url: '/api/people/jonas-attenius' })).json();
    expect(json.positions.map((p: { label: string; date: string }) => `${p.date} ${p.label}`)).toEqual(['2026-06-17 röstade ja', '2026-03-26 yrkade bifall']);
    const split = await app.inject({ method: 'POST', url: '/api/people/jonas-attenius/split', payload: { documents: [ks] }, headers: auth });
    expect(split.statusCode).toBe(201);
    const newSlug = split.json().slug;
    expect(people()).toEqual([{ doc: kf, slug: 'jonas-attenius' }, { doc: ks, slug: newSlug }]);
    await relinkDocument(db, ks);
    expect(people()).toEqual([{ doc: kf, slug: 'jonas-attenius' }, { doc: ks, slug: newSlug }]);
  });

  it('a standing item without diarienummer ("Meddelanden") keeps its positions but joins no ärende of its own', async () => {
    const { db } = await fresh();
    const doc = protocolDocument('kf-2026-03-26');
    doc.metadata.paragraphs![0]!.title = 'Meddelanden';
    doc.metadata.paragraphs![0]!.diarienummer = null;
    const id = (await storeDocument(db, doc)).id;
    expect(db.$client.prepare('SELECT arende_id AS a, (SELECT count(*) FROM protocol_positions) AS n FROM protocol_paragraphs WHERE document_id = ?').get(id)).toEqual({ a: null, n: 10 });
    expect(db.$client.prepare('SELECT count(*) AS n FROM arenden').get()).toEqual({ n: 0 });
  });
});
