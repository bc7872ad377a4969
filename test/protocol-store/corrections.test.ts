/** Correcting one paragraph's title or diarienummer is a revision like any other, and outlives a new reading. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { storeDocument, recordExtraction } from '../../server/use-cases/documents.js';
import type { SqliteDb as Db } from '../../db/client.js';
import { addTestUser, buildTestApp, dbFingerprint, form, sessionFor } from '../helpers/app.js';
import { protocolDocument, writtenReservation } from './fixtures.js';

let app: FastifyInstance;
let db: Db;
let token: string;
let protocol: number;
beforeAll(async () => {
  ({ app, db, adminToken: token } = await buildTestApp());
  protocol = (await storeDocument(db, protocolDocument('ks-2026-06-17'))).id;
  await storeDocument(db, writtenReservation());
});
afterAll(async () => { await app.close(); });

const patch = (body: unknown) => app.inject({
  method: 'PATCH', url: `/api/documents/${protocol}`, payload: body as object, headers: { authorization: `Bearer ${token}` },
});

describe('correcting a protocol paragraph', () => {
  it('PATCH with paragraphs changes that § only, as one revision, and the paragraph joins the ärende of its new diarienummer', async () => {
    const before = (await app.inject({ url: `/api/documents/${protocol}` })).json().paragraphs[0];
    const res = await patch({ paragraphs: [{ number: '§ 480', title: 'Fullmakt för överklagande till kammarrätten', diarienummer: 'SLK-2025-00791' }], note: 'Rubriken förkortad' });
    expect(res.statusCode).toBe(200);
    expect(res.json().changes).toEqual([
      { field: 'paragraphs[§ 480].title', old: before.title, new: 'Fullmakt för överklagande till kammarrätten' },
      { field: 'paragraphs[§ 480].diarienummer', old: 'SLK-2025-00790', new: 'SLK-2025-00791' },
    ]);
    const after = res.json().document.paragraphs[0];
    expect(after).toMatchObject({ title: 'Fullmakt för överklagande till kammarrätten', diarienummer: 'SLK-2025-00791', decision: before.decision });
    expect(after.positions).toHaveLength(before.positions.length);
    expect(after.arende.id).not.toBe(before.arende.id);
    const arende = (await app.inject({ url: `/api/arenden/${after.arende.id}` })).json();
    expect(arende.diarienummer).toBe('SLK-2025-00791');
    // The written reservation keeps its old diarienummer, so it no longer belongs to this paragraph.
    expect(after.documents).toEqual([]);
    const revisions = (await app.inject({ url: `/api/documents/${protocol}/revisions` })).json().revisions;
    expect(revisions.map((r: { action: string }) => r.action)).toEqual(['created', 'corrected']);
    expect(revisions[1].note).toBe('Rubriken förkortad');
    const history = (await app.inject({ url: `/dokument/${protocol}/historik` })).body;
    expect(history).toContain('§ 480: rubrik, § 480: diarienummer');
  });

  it('the same correction again changes nothing; an unknown § or field is refused in Swedish and writes nothing', async () => {
    const before = dbFingerprint(db);
    const same = await patch({ paragraphs: [{ number: '§ 480', title: 'Fullmakt för överklagande till kammarrätten' }] });
    expect(same.json().changes).toEqual([]);
    const unknown = await patch({ paragraphs: [{ number: '§ 999', title: 'Finns inte' }] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().message).toBe('Protokollet har ingen paragraf ”§ 999”.');
    const badKey = await patch({ paragraphs: [{ number: '§ 480', proposals: [] }] });
    expect(badKey.statusCode).toBe(422);
    expect(badKey.json().message).toMatch(/^Okänt fält i en paragraf: proposals/);
    const noNumber = await patch({ paragraphs: [{ title: 'x' }] });
    expect(noNumber.statusCode).toBe(422);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('a new reading of the protocol keeps the person\'s paragraph correction and takes the rest', async () => {
    const m = protocolDocument('ks-2026-06-17').metadata;
    m.paragraphs![0]!.decision = 'Ett nytt sätt att läsa beslutet.';
    await recordExtraction(db, protocol, m, 'test-labelled/2', 1);
    const row = db.$client.prepare('SELECT title, diarienummer, decision FROM protocol_paragraphs WHERE document_id = ?').get(protocol);
    expect(row).toEqual({ title: 'Fullmakt för överklagande till kammarrätten', diarienummer: 'SLK-2025-00791', decision: 'Ett nytt sätt att läsa beslutet.' });
  });
});

describe('correcting paragraphs in the edit form', () => {
  it('the form lists each § with heading and diarienummer, and saving one changed heading is one revision of that field', async () => {
    const { app: a, db: d } = await buildTestApp();
    try {
      const id = (await storeDocument(d, protocolDocument('kf-2026-03-26'))).id;
      const admin = await addTestUser(d, { email: 'redaktor@test.invalid', role: 'admin' });
      const session = await sessionFor(d, admin.id);
      const page = await a.inject({ url: `/dokument/${id}/andra`, headers: { cookie: session.cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<input type="hidden" name="paragraph_number" value="§ 87">');
      expect(page.body).toContain('aria-label="§ 87, diarienummer"');
      const m = protocolDocument('kf-2026-03-26').metadata;
      const res = await a.inject({
        method: 'POST', url: `/dokument/${id}/andra`,
        ...form({
          _csrf: session.csrf, kind: m.kind, title: m.title, municipality: m.municipality!, body: m.body!, date: m.date!, parties: '',
          paragraph_number: ['§ 87'], paragraph_title: ['Uppföljning av två planer'], paragraph_diarienummer: ['SLK-2025-01264'],
        }, session),
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/dokument/${id}?rattad=1`);
      const revisions = (await a.inject({ url: `/api/documents/${id}/revisions` })).json().revisions;
      expect(revisions[1].changes).toEqual([{ field: 'paragraphs[§ 87].title', old: m.paragraphs![0]!.title, new: 'Uppföljning av två planer' }]);
      const html = (await a.inject({ url: `/dokument/${id}` })).body;
      expect(html).toContain('<a href="#paragraf-87">§ 87 Uppföljning av två planer</a>');
    } finally {
      await a.close();
    }
  });
});
