/** JSON: a protocol's paragraphs with ids and permalinks, an ärende's positions, a party's positions with validated filters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { storeDocument } from '../../server/use-cases/documents.js';
import type { SqliteDb as Db } from '../../db/client.js';
import { buildTestApp } from '../helpers/app.js';
import { labelledParagraphs, protocolDocument, writtenReservation } from './fixtures.js';

let app: FastifyInstance;
let db: Db;
const ids: Record<string, number> = {};
beforeAll(async () => {
  ({ app, db } = await buildTestApp());
  ids.ks = (await storeDocument(db, protocolDocument('ks-2026-03-04'))).id;
  ids.kf = (await storeDocument(db, protocolDocument('kf-2026-03-26'))).id;
  ids.ks2 = (await storeDocument(db, protocolDocument('ks-2026-06-17'))).id;
  ids.res = (await storeDocument(db, writtenReservation())).id;
});
afterAll(async () => { await app.close(); });

describe('protocol JSON', () => {
  it('GET /api/documents/:id has the contract\'s paragraphs plus id, permalink, ärende, positions and written documents', async () => {
    const doc = (await app.inject({ url: `/api/documents/${ids.ks2}` })).json();
    expect(doc.paragraphs).toHaveLength(1);
    const [p] = doc.paragraphs;
    const { start, end, ...contract } = labelledParagraphs('ks-2026-06-17')[0]!;
    expect(p).toMatchObject({ ...contract, start, end, anchor: 'paragraf-480', permalink: `/dokument/${ids.ks2}#paragraf-480` });
    expect(p.id).toEqual(expect.any(Number));
    expect(p.arende.url).toBe(`/arenden/${p.arende.id}`);
    expect(p.positions[0]).toMatchObject({
      what: 'proposal', kind: 'bifall', label: 'yrkade bifall', party: 'V', name: 'Daniel Bernmar', person: { slug: 'daniel-bernmar' },
      sentence: 'Daniel Bernmar (V) yrkar bifall till stadsledningskontorets förslag.', permalink: `/dokument/${ids.ks2}#paragraf-480-mening-1`,
    });
    expect(p.documents).toEqual([{ id: ids.res, kind: 'reservation', title: 'Reservation § 480', rule: 'arende_sammantrade_och_paragraf', confidence: 0.95, url: `/dokument/${ids.res}` }]);
    const res = (await app.inject({ url: `/api/documents/${ids.res}` })).json();
    expect(res.inParagraph).toEqual({ document: ids.ks2, number: '§ 480', rule: 'arende_sammantrade_och_paragraf', confidence: 0.95, permalink: `/dokument/${ids.ks2}#paragraf-480` });
    expect(res.paragraphs).toBeUndefined();
  });

  it('GET /api/arenden/:id/positions gives the party × meeting table and every position with its sentence', async () => {
    const arende = (await app.inject({ url: `/api/documents/${ids.kf}` })).json().paragraphs[0].arende.id;
    const r = (await app.inject({ url: `/api/arenden/${arende}/positions` })).json();
    expect(r.table.meetings.map((m: { date: string; number: string }) => `${m.date} ${m.number}`)).toEqual(['2026-03-04 § 168', '2026-03-26 § 87']);
    const sd = r.table.parties.find((x: { party: string }) => x.party === 'SD');
    expect(sd.meetings.map((c: Array<{ label: string }>) => c.map((a) => a.label))).toEqual([
      ['yrkade tillägg', 'reserverade sig'], ['eget yrkande', 'yrkade tillägg', 'reserverade sig'],
    ]);
    // S, V and MP wrote a note at the first meeting; the S cell links to the sentence.
    const s = r.table.parties.find((x: { party: string }) => x.party === 'S');
    expect(s.meetings[0]).toEqual([{ what: 'note', kind: 'protokollsanteckning', label: 'protokollsanteckning', count: 1, names: [], permalink: expect.stringMatching(new RegExp(`^/dokument/${ids.ks}#paragraf-168-mening-\\d+$`)) }]);
    expect(r.table.parties.map((x: { party: string }) => x.party)).toEqual(['V', 'S', 'MP', 'C', 'L', 'KD', 'M', 'SD', 'D']);
    expect(r.positions.find((x: { party: string; what: string; date: string }) => x.party === 'SD' && x.what === 'reservation' && x.date === '2026-03-26'))
      .toMatchObject({ person: null, name: null, sentence: 'Ledamöterna från SD reserverar sig mot beslutet till förmån för det egna yrkandet.' });
    expect((await app.inject({ url: '/api/arenden/99999/positions' })).statusCode).toBe(404);
  });

  it('GET /api/parties/:code/positions filters by year and body and refuses a bad year in Swedish', async () => {
    const all = (await app.inject({ url: '/api/parties/SD/positions' })).json();
    expect(all.positions.map((p: { date: string; what: string }) => `${p.date} ${p.what}`)).toEqual([
      '2026-06-17 vote', '2026-06-17 reservation', '2026-03-26 proposal', '2026-03-26 proposal', '2026-03-26 reservation',
      '2026-03-04 proposal', '2026-03-04 reservation',
    ]);
    const kf = (await app.inject({ url: `/api/parties/sd/positions?year=2026&body=${encodeURIComponent('kommunfullmäktige')}` })).json();
    expect(kf.total).toBe(3);
    expect(kf.positions.every((p: { body: string }) => p.body === 'Kommunfullmäktige')).toBe(true);
    expect((await app.inject({ url: '/api/parties/SD/positions?year=2025' })).json().total).toBe(0);
    const bad = await app.inject({ url: '/api/parties/SD/positions?year=tjugo' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message ?? bad.json().error).toMatch(/Året ska skrivas med fyra siffror/);
    expect((await app.inject({ url: '/api/parties/XYZ/positions' })).statusCode).toBe(404);
  });
});
