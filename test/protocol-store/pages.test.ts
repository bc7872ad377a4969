/** Pages: the protocol's paragraphs with anchors, the ärende's Ståndpunkter table, a person's proposals and votes, a party's actions with CSV and chart. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { storeDocument } from '../../server/use-cases/documents.js';
import type { SqliteDb as Db } from '../../db/client.js';
import { buildTestApp } from '../helpers/app.js';
import { protocolDocument, writtenReservation } from './fixtures.js';

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

const ids_in = (html: string) => new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));

describe('protocol pages', () => {
  it('the protocol page renders each paragraph and each position\'s sentence with an anchor of its own', async () => {
    const res = await app.inject({ url: `/dokument/${ids.kf}` });
    expect(res.statusCode).toBe(200);
    const anchors = ids_in(res.body);
    expect(anchors.has('paragraf-87')).toBe(true);
    // 9 proposals, 1 reservation: every position has its anchor, even several in one sentence.
    for (let i = 1; i <= 10; i++) expect(anchors.has(`paragraf-87-mening-${i}`)).toBe(true);
    expect(res.body).toContain('Jonas Attenius (S): yrkade bifall; Bosse Parbring (MP): yrkade bifall; Jenny Broman (V): yrkade bifall; Emmyly Bönfors (C): yrkade bifall');
    expect(res.body).toContain('Sverigedemokraterna (SD) som parti: reserverade sig');
    expect(res.body).toContain('<dt>Omröstning</dt><dd>Ja 43, nej 37, avstår 0</dd>');
    // Both pages show the written reservation's link to its paragraph.
    const protocol = (await app.inject({ url: `/dokument/${ids.ks2}` })).body;
    expect(protocol).toContain(`Skrivet till paragrafen: <a href="/dokument/${ids.res}">Reservation § 480</a>`);
    const written = (await app.inject({ url: `/dokument/${ids.res}` })).body;
    expect(written).toContain(`<dt>Hör till paragraf</dt><dd><a href="/dokument/${ids.ks2}#paragraf-480">§ 480 i Protokoll Kommunstyrelsen 2026-06-17</a>`);
  });

  it('the ärende page has a Ståndpunkter table, party by meeting, each cell linking to an anchor that exists on the protocol page', async () => {
    const arende = (db.$client.prepare('SELECT arende_id AS id FROM protocol_paragraphs WHERE document_id = ?').get(ids.kf) as { id: number }).id;
    const html = (await app.inject({ url: `/arenden/${arende}` })).body;
    expect(html).toContain('<h2 id="standpunkter">Ståndpunkter</h2>');
    expect(html).toMatch(/<th scope="col"><a href="\/dokument\/\d+#paragraf-168">4 mars 2026, Kommunstyrelsen, § 168<\/a><\/th>/);
    const row = /<tr><th scope="row"><a href="\/partier\/SD"><abbr title="Sverigedemokraterna">SD<\/abbr><\/a><\/th>(.*?)<\/tr>/.exec(html)![1]!;
    const cells = [...row.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]!);
    expect(cells).toHaveLength(2);
    expect(cells[1]).toContain('reserverade sig');
    // Follow the KF reservation cell to the sentence.
    const href = /<a href="(\/dokument\/(\d+)#([^"]+))">reserverade sig<\/a>/.exec(cells[1]!)!;
    expect(Number(href[2])).toBe(ids.kf);
    const page = (await app.inject({ url: `/dokument/${href[2]}` })).body;
    const at = page.indexOf(`id="${href[3]}"`);
    expect(at).toBeGreaterThan(0);
    expect(page.slice(at, at + 600)).toContain('Ledamöterna från SD reserverar sig mot beslutet till förmån för det egna yrkandet.');
    // A party that did nothing at a meeting gets a dash, not an empty cell.
    expect(html).toMatch(/<abbr title="Centerpartiet">C<\/abbr><\/a><\/th><td><span aria-label="Inget i protokollet">–<\/span><\/td>/);
  });

  it('the person page lists the proposals the person moved and how they voted', async () => {
    const html = (await app.inject({ url: '/personer/axel-josefson' })).body;
    expect(html).toContain('Yrkanden och röster i protokollen (5)');
    expect(html).toMatch(/<a href="\/dokument\/\d+#paragraf-480-mening-2">yrkade avslag<\/a>/);
    expect(html).toMatch(/<a href="\/dokument\/\d+#paragraf-480-mening-\d+">röstade nej<\/a>/);
    expect(html).toContain('Moderaterna (M)');
  });

  it('the party page shows its actions by year and body with a chart that reads without colour, and exports them as CSV', async () => {
    const html = (await app.inject({ url: '/partier/SD' })).body;
    expect(html).toContain('<h2 id="agerat">Så har partiet agerat</h2>');
    expect(html).toContain('<title id="agerat-titel">Så har partiet agerat, per år</title>');
    expect(html).toContain('<desc id="agerat-beskrivning">2026: 3 reservationer, 1 röster, 3 yrkanden, 0 anteckningar och yttranden</desc>');
    expect(html).toContain('<title>2026, reservationer: 3</title>');
    expect(html).toMatch(/<tr><th scope="row">2026<\/th><td>Kommunfullmäktige<\/td><td>1<\/td><td>0<\/td><td>2<\/td><td>0<\/td>/);
    expect(html).toMatch(/<h3>Senaste reservationerna<\/h3>\n<ul class="reservations"><li>17 juni 2026, Kommunstyrelsen: <a href="\/dokument\/\d+#paragraf-480-mening-\d+">§ 480 Fullmakt/);
    const json = (await app.inject({ url: '/api/parties/SD' })).json();
    expect(json.positionCounts).toContainEqual({ year: '2026', body: 'Kommunfullmäktige', what: 'reservation', n: 1 });
    const csv = await app.inject({ url: `/partier/SD/agerat.csv?year=2026&body=${encodeURIComponent('Kommunstyrelsen')}` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Datum,Kommun,Organ,Paragraf,Ärende,Vad,Hur,Namn,Parti,Mening,Länk');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^2026-06-17,Göteborgs Stad,Kommunstyrelsen,§ 480,.*,Röster,röstade nej,Jörgen Fogelklou,SD,.*,http.*\/dokument\/\d+#paragraf-480-mening-\d+$/);
    expect((await app.inject({ url: '/partier/SD/agerat.csv?year=20x6' })).statusCode).toBe(400);
  });
});

describe('people who appear only in protocols', () => {
  it('are listed among the people, with the party the protocol gives them', async () => {
    const list = (await app.inject({ url: '/api/people?kommun=G%C3%B6teborgs%20Stad' })).json();
    expect(list.items.find((p: { name: string }) => p.name === 'Emmyly Bönfors')).toMatchObject({ parties: ['C'], documents: 1 });
  });
});

describe('markup in a protocol is text', () => {
  it('paragraph titles, names and sentences are escaped on every page that shows them', async () => {
    const { app: a, db: d } = await buildTestApp();
    try {
      const doc = protocolDocument('kf-2026-03-26');
      const p = doc.metadata.paragraphs![0]!;
      p.title = '<script>alert("rubrik")</script>';
      p.decision = '<img src=x onerror=alert(1)>';
      p.proposals = [{ name: '<b>Eva</b> Ek', party: 'S', stance: 'bifall', text: 'Eva Ek (S) yrkar <script>alert("mening")</script>' }];
      const id = (await storeDocument(d, doc)).id;
      const arende = (d.$client.prepare('SELECT arende_id AS id FROM protocol_paragraphs WHERE document_id = ?').get(id) as { id: number }).id;
      const slug = (d.$client.prepare('SELECT p.slug FROM protocol_positions x JOIN people p ON p.id = x.person_id LIMIT 1').get() as { slug: string }).slug;
      for (const url of [`/dokument/${id}`, `/arenden/${arende}`, '/partier/S', `/personer/${slug}`]) {
        const html = (await a.inject({ url })).body;
        expect(html, url).not.toMatch(/<script>alert|<img src=x|<b>Eva/);
      }
      expect((await a.inject({ url: `/dokument/${id}` })).body).toContain('&lt;script&gt;alert(&quot;mening&quot;)&lt;/script&gt;');
    } finally {
      await a.close();
    }
  });
});
