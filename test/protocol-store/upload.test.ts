/**
 * Real protocols uploaded through the server: the parser's paragraphs are stored, linked and shown.
 * Runs once the protocol parser (server/ingest/stages/protocol/, branch pparse) is in the tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { addTestUser, buildTestApp, dbFingerprint, form, multipartParts, sessionFor, upload } from '../helpers/app.js';
import { fixtureText } from './fixtures.js';

const root = path.resolve(import.meta.dirname, '../..');
const hasParser = fs.existsSync(path.join(root, 'server/ingest/stages/protocol/index.ts'));

let app: FastifyInstance;
let db: Db;
beforeAll(async () => { if (hasParser) ({ app, db } = await buildTestApp()); });
afterAll(async () => { await app?.close(); });

describe.skipIf(!hasParser)('a real protocol uploaded through the server', () => {
  it('is split into its paragraphs, each joined to its ärende with people and parties resolved; the same file again changes nothing', async () => {
    const res = await upload(app, 'ks-2026-06-17.txt', fixtureText('ks-2026-06-17'));
    expect(res.statusCode).toBe(201);
    const doc = res.json();
    expect(doc.kind).toBe('protokoll');
    const p = doc.paragraphs.find((x: { number: string }) => x.number === '§ 480');
    expect(p).toMatchObject({ diarienummer: 'SLK-2025-00790', anchor: 'paragraf-480', vote: { ja: 7, nej: 6 } });
    expect(p.arende.id).toEqual(expect.any(Number));
    const proposals = p.positions.filter((x: { what: string }) => x.what === 'proposal').map((x: { name: string; party: string; kind: string }) => `${x.name} ${x.party} ${x.kind}`);
    expect(proposals).toEqual(['Daniel Bernmar V bifall', 'Axel Josefson M avslag']);
    const reservations = p.positions.filter((x: { what: string }) => x.what === 'reservation');
    expect(new Set(reservations.map((x: { party: string }) => x.party))).toEqual(new Set(['M', 'D', 'SD', 'L', 'KD']));
    // Every position's sentence lies where its offsets say in the stored text.
    for (const x of p.positions.filter((y: { start: number | null }) => y.start !== null)) {
      expect(doc.text.slice(x.start, x.end).replace(/\s+/g, ' ')).toBe(x.sentence);
    }
    const before = dbFingerprint(db);
    const again = await upload(app, 'ks-2026-06-17.txt', fixtureText('ks-2026-06-17'));
    expect(again.statusCode).toBeLessThan(300);
    expect(again.json().id).toBe(doc.id);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('two meetings on one ärende fill its Ståndpunkter table, each cell linking to a sentence the protocol page holds', async () => {
    const ks = (await upload(app, 'ks-2026-03-04.txt', fixtureText('ks-2026-03-04'))).json();
    const kf = (await upload(app, 'kf-2026-03-26.txt', fixtureText('kf-2026-03-26'))).json();
    const arende = kf.paragraphs[0].arende.id;
    expect(ks.paragraphs[0].arende.id).toBe(arende);
    const table = (await app.inject({ url: `/api/arenden/${arende}/positions` })).json().table;
    expect(table.meetings.map((m: { number: string }) => m.number)).toEqual(['§ 168', '§ 87']);
    const sd = table.parties.find((x: { party: string }) => x.party === 'SD');
    const reserved = sd.meetings[1].find((a: { what: string }) => a.what === 'reservation');
    const [url, anchor] = reserved.permalink.split('#');
    const page = (await app.inject({ url })).body;
    const at = page.indexOf(`id="${anchor}"`);
    expect(at).toBeGreaterThan(0);
    expect(page.slice(at, at + 600)).toContain('Ledamöterna från SD reserverar sig');
  });
});

describe.skipIf(!hasParser)('a protocol uploaded for review', () => {
  it('the review form lists its paragraphs; a heading corrected there is saved as the uploader\'s correction of that §', async () => {
    const { app: a, db: d } = await buildTestApp();
    try {
      const admin = await addTestUser(d, { email: 'granskare@test.invalid', role: 'admin' });
      const session = await sessionFor(d, admin.id);
      const body = multipartParts([{ name: '_csrf', value: session.csrf }, { name: 'file', filename: 'kf-2026-03-26.txt', bytes: fixtureText('kf-2026-03-26') }]);
      const posted = await a.inject({ method: 'POST', url: '/ladda-upp', payload: body.payload, headers: { ...body.headers, cookie: session.cookie } });
      expect(posted.statusCode).toBe(303);
      // One file goes straight to its review; several to the batch page.
      let href = posted.headers.location!;
      if (!/\/granska\//.test(href)) href = /href="(\/ladda-upp\/granska\/\d+)"/.exec((await a.inject({ url: href, headers: { cookie: session.cookie } })).body)![1]!;
      const review = (await a.inject({ url: href, headers: { cookie: session.cookie } })).body;
      expect(review).toContain('<input type="hidden" name="paragraph_number" value="§ 87">');
      const fields: Record<string, string[]> = {};
      const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      for (const m of review.matchAll(/<input(?: type="hidden")?(?: id="[^"]*")? name="([^"]+)" value="([^"]*)"/g)) (fields[m[1]!] ??= []).push(unescape(m[2]!));
      fields.kind = [/<option value="([^"]+)" selected>/.exec(review)![1]!];
      fields.questions = [''];
      const saved = await a.inject({ method: 'POST', url: href, ...form({ ...fields, _csrf: session.csrf, paragraph_title: ['Uppföljning av två planer'] }, session) });
      expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303);
      const id = Number(/\/dokument\/(\d+)/.exec(saved.headers.location!)![1]);
      const doc = (await a.inject({ url: `/api/documents/${id}` })).json();
      expect(doc.paragraphs[0]).toMatchObject({ number: '§ 87', title: 'Uppföljning av två planer', diarienummer: 'SLK-2025-01264' });
      const revisions = (await a.inject({ url: `/api/documents/${id}/revisions` })).json().revisions;
      expect(revisions[0].changes.map((c: { field: string }) => c.field)).toEqual(['paragraphs[§ 87].title']);
    } finally {
      await a.close();
    }
  });
});
