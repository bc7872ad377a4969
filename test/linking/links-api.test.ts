/**
 * Linking through the real server: people across documents, memberships over time, curation that
 * survives re-extraction, interpellation and answer, reused paragraphs, and the pages that show them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, upload } from '../helpers/app.js';
import type { SqliteDb as Db } from '../../db/client.js';
import { getDocument } from '../../db/documents.js';
import { recordExtraction } from '../../server/use-cases/documents.js';
import { needsRelink } from '../../db/relink.js';
import { relinkAll } from '../../server/use-cases/documents.js';

const SEED_DIR = 'fixtures/seed';
const seedFile = (prefix: string) => fs.readdirSync(SEED_DIR).find((f) => f.startsWith(prefix))!;

let app: FastifyInstance;
let adminToken: string;
const asAdmin = () => ({ authorization: `Bearer ${adminToken}` });
let db: Db;
const ids: Record<string, number> = {};

async function post(name: string, text: string | Buffer): Promise<number> {
  const r = await upload(app, name, text);
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as number;
}

async function loadSeeds() {
  for (const p of ['000', '002', '003']) ids[p] = await post(seedFile(p), fs.readFileSync(path.join(SEED_DIR, seedFile(p))));
}

const get = async (url: string) => {
  const r = await app.inject(url);
  return { status: r.statusCode, json: r.headers['content-type']?.toString().includes('json') ? r.json() : null, body: r.body, headers: r.headers };
};

/** A protokollsanteckning as a Huddinge councillor would write it. */
function anteckning(o: { date: string; arende: string; partyLine: string; signer: string; body?: string; text?: string; municipality?: string }) {
  return `${o.municipality ?? 'Huddinge kommun'}\n${o.body ?? 'Kommunfullmäktige'}\n${o.date}\n\nPROTOKOLLSANTECKNING\n\nÄrende 5: ${o.arende}\n\n${
    o.text ?? 'Vi beklagar att majoriteten återigen väljer att skära i verksamheter som redan är hårt pressade, och vi kommer att fortsätta driva frågan.'
  }\n\n${o.partyLine}\n\n${o.signer}\n`;
}

beforeEach(async () => {
  ({ app, db, adminToken } = await buildTestApp());
});
afterEach(async () => {
  await app.close();
});

describe('people from the seeds', () => {
  beforeEach(loadSeeds);

  it('lists Rasmus Lenefors as signatory of 000 and interpellant of 002', async () => {
    const { status, json } = await get('/api/people/rasmus-lenefors');
    expect(status).toBe(200);
    expect(json).toMatchObject({ name: 'Rasmus Lenefors', slug: 'rasmus-lenefors' });
    const roles = Object.fromEntries(json.documents.map((d: { id: number; role: string }) => [d.id, d.role]));
    expect(roles).toEqual({ [ids['000']!]: 'signatory', [ids['002']!]: 'interpellant' });
    expect(json.parties.map((p: { code: string }) => p.code)).toEqual(['S']);
    for (const d of json.documents) expect(Object.keys(d)).toEqual(expect.arrayContaining(['id', 'kind', 'title', 'date', 'role']));
  });

  it('lists Sara Heelge Vikmång (002 interpellant, 003 signatory) and Daniel Dronjak (002 answerer)', async () => {
    const sara = (await get('/api/people/sara-heelge-vikmang')).json;
    expect(Object.fromEntries(sara.documents.map((d: { id: number; role: string }) => [d.id, d.role])))
      .toEqual({ [ids['002']!]: 'interpellant', [ids['003']!]: 'signatory' });
    const daniel = (await get('/api/people/daniel-dronjak')).json;
    expect(daniel.documents).toHaveLength(1);
    expect(daniel.documents[0]).toMatchObject({ id: ids['002'], role: 'answerer', kind: 'interpellationssvar' });
  });

  it('lists newest first, and redirects a typed slug with å ä ö to the ASCII one', async () => {
    const dates = (await get('/api/people/rasmus-lenefors')).json.documents.map((d: { date: string | null }) => d.date);
    expect(dates).toEqual(['2022-02-17', null]);
    const r = await get('/personer/sara-heelge-vikm%C3%A5ng');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/personer/sara-heelge-vikmang');
    expect((await get('/personer/ingen-alls')).status).toBe(404);
  });

  it('points 000 and 003 to each other for the shared paragraph', async () => {
    const a = (await get(`/api/documents/${ids['000']}`)).json;
    const b = (await get(`/api/documents/${ids['003']}`)).json;
    expect(a.reusedParagraphs).toHaveLength(1);
    expect(a.reusedParagraphs[0].documents).toEqual([ids['003']]);
    expect(a.reusedParagraphs[0].text).toMatch(/^Huddinge är i många avseenden en trygg och säker kommun/);
    expect(b.reusedParagraphs[0].documents).toEqual([ids['000']]);
    expect(b.reusedParagraphs[0].text).toMatch(/^Huddinge är i många avseenden en trygg och säker kommun/);
    // The index is the paragraph's place in the text, and the permalink says the same.
    const paragraphs = (b.text as string).split(/\n\s*\n/).filter((p: string) => p.trim());
    expect(paragraphs[b.reusedParagraphs[0].paragraph]).toBe(b.reusedParagraphs[0].text);
    const page = (await get(`/dokument/${ids['003']}`)).body;
    expect(page).toContain(`id="s${b.reusedParagraphs[0].paragraph + 1}"`);
    expect(page).toContain('Samma stycke finns i');
    expect(page).toContain(`href="/dokument/${ids['000']}"`);
    // The seed answer shares no paragraph with anything.
    expect((await get(`/api/documents/${ids['002']}`)).json.reusedParagraphs).toEqual([]);
  });

  it('shows the answer page with each question next to its answering paragraphs', async () => {
    const json = (await get(`/api/documents/${ids['002']}`)).json;
    expect(json.questionAnswers).toHaveLength(3);
    for (const qa of json.questionAnswers) expect(qa.paragraphs.length).toBeGreaterThan(0);
    const page = (await get(`/dokument/${ids['002']}`)).body;
    expect(page).toContain('Frågor och svar');
    expect(page).toMatch(/Fråga 2<\/h3><p>Kommer du att verka för att den brottsförebyggande satsningen/);
  });

  it('renders person, party and ärende pages with breadcrumbs, and feeds', async () => {
    const person = await get('/personer/rasmus-lenefors');
    expect(person.status).toBe(200);
    expect(person.body).toContain('aria-label="Brödsmulor"');
    expect(person.body).toContain('Parti över tid');
    const party = await get('/partier/S');
    expect(party.body).toContain('Socialdemokraterna (S)');
    expect(party.body).toContain('Huddinge är i många avseenden');
    expect(party.body).toContain('href="/personer/rasmus-lenefors"');
    const api = (await get('/api/parties/S')).json;
    // 002 speaks for M (the answering chair), so S has the two notes.
    expect(api.byKind).toEqual({ protokollsanteckning: 2 });
    expect(api.reusedParagraphs[0].text).toMatch(/^Huddinge är i många avseenden/);
    for (const url of ['/personer/rasmus-lenefors/feed.xml', '/partier/S/feed.xml', `/arenden/${(await get(`/api/documents/${ids['000']}`)).json.arenden[0].id}/feed.xml`]) {
      const feed = await get(url);
      expect(feed.status, url).toBe(200);
      expect(feed.headers['content-type']).toContain('application/atom+xml');
      expect(feed.body).toContain(`/dokument/${ids['000']}`);
    }
  });

  it('gives every paragraph a permalink and a citation', async () => {
    const page = (await get(`/dokument/${ids['000']}`)).body;
    expect(page).toContain('id="s1"');
    expect(page).toContain('href="#s3"');
    expect(page).toMatch(/Citera stycke 3<\/summary><code class="cite-text">Protokollsanteckning: Uppföljning av Program för trygghet och säkerhet 2021 \(Protokollsanteckning, S, Huddinge kommun, 17 februari 2022\)\. http:\/\/[^#]+\/dokument\/\d+#s3/);
  });
});

describe('resolving people across documents', () => {
  it('joins case, spacing and party-suffix variants; keeps initials with another party apart', async () => {
    await loadSeeds();
    const a = await post('a.txt', anteckning({ date: '2022-03-01', arende: 'Motion om fler förskoleplatser i Flemingsberg', partyLine: 'För Socialdemokraterna', signer: 'RASMUS  LENEFORS (S)' }));
    const rasmus = (await get('/api/people/rasmus-lenefors')).json;
    expect(rasmus.documents.map((d: { id: number }) => d.id)).toContain(a);

    const b = await post('b.txt', anteckning({ date: '2022-04-01', arende: 'Motion om bättre belysning i Skogås centrum', partyLine: 'För Socialdemokraterna', signer: 'S. Heelge Vikmång' }));
    const sara = (await get('/api/people/sara-heelge-vikmang')).json;
    expect(sara.documents.map((d: { id: number }) => d.id)).toContain(b);

    const c = await post('c.txt', anteckning({ date: '2022-05-01', arende: 'Motion om en ny simhall i Huddinge centrum', partyLine: 'För Moderaterna', signer: 'S. Heelge Vikmång' }));
    const saraAgain = (await get('/api/people/sara-heelge-vikmang')).json;
    expect(saraAgain.documents.map((d: { id: number }) => d.id)).not.toContain(c);
    const other = (await get(`/api/documents/${c}`)).json.people[0];
    expect(other.slug).not.toBe('sara-heelge-vikmang');
    const otherPerson = (await get(`/api/people/${other.slug}`)).json;
    expect(otherPerson.possiblySame.map((p: { slug: string }) => p.slug)).toContain('sara-heelge-vikmang');
    expect((await get(`/personer/${other.slug}`)).body).toContain('möjligen samma person som');
  });

  it('keeps the same name in another municipality apart, flagged as possibly the same', async () => {
    await loadSeeds();
    const d = await post('d.txt', anteckning({ municipality: 'Botkyrka kommun', date: '2022-03-01', arende: 'Motion om fler förskoleplatser i Tumba', partyLine: 'För Socialdemokraterna', signer: 'Rasmus Lenefors' }));
    const person = (await get(`/api/documents/${d}`)).json.people[0];
    expect(person.slug).toBe('rasmus-lenefors-botkyrka-kommun');
    expect((await get('/api/people/rasmus-lenefors')).json.possiblySame.map((p: { slug: string }) => p.slug)).toEqual(['rasmus-lenefors-botkyrka-kommun']);
  });

  it('resolves a signature without party to the membership valid on the date, and keeps party apart from its group', async () => {
    await post('s2019.txt', anteckning({ date: '2019-03-01', arende: 'Motion om fler förskoleplatser i Flemingsberg', partyLine: 'För Socialdemokraterna i kommunfullmäktige', signer: 'Kim Andersson' }));
    await post('s2020.txt', anteckning({ date: '2020-09-01', arende: 'Motion om bättre belysning i Skogås centrum', partyLine: 'För Socialdemokraterna', signer: 'Kim Andersson' }));
    await post('v2023.txt', anteckning({ date: '2023-02-01', arende: 'Motion om en ny simhall i Huddinge centrum', partyLine: 'För Vänsterpartiet', signer: 'Kim Andersson' }));
    const kim = (await get('/api/people/kim-andersson')).json;
    expect(kim.parties).toEqual([
      expect.objectContaining({ code: 'S', groupBody: null, from: '2019-03-01', to: '2020-09-01' }),
      expect.objectContaining({ code: 'S', groupBody: 'Kommunfullmäktige', from: '2019-03-01', to: '2019-03-01' }),
      expect.objectContaining({ code: 'V', groupBody: null, from: '2023-02-01', to: '2023-02-01' }),
    ]);
    // A 2021 note signed only with the name: the party is the membership of 2021, S, not today's V.
    const text = 'Huddinge kommun\nKommunfullmäktige\n2021-01-20\n\nPROTOKOLLSANTECKNING\n\nÄrende 9: Motion om trygghetsvärdar i Vårby gård\n\nVi vill se fler trygghetsvärdar i Vårby gård och vi kommer att fortsätta driva frågan i fullmäktige under året.\n\nKim Andersson\n';
    const id = await post('utan-parti.txt', text);
    const doc = (await get(`/api/documents/${id}`)).json;
    expect(doc.people).toEqual([expect.objectContaining({ slug: 'kim-andersson', party: 'S' })]);
    const page = (await get('/personer/kim-andersson')).body;
    expect(page).toContain('Socialdemokraternas grupp i kommunfullmäktige');
  });
});

describe('curating people', () => {
  it('merges two people, redirects the old slug, and the merge holds after re-extraction', async () => {
    await loadSeeds();
    const c = await post('c.txt', anteckning({ date: '2022-05-01', arende: 'Motion om en ny simhall i Huddinge centrum', partyLine: 'För Socialdemokraterna', signer: 'Rasmus Lenefors-Holm' }));
    const r = await app.inject({ method: 'POST', url: '/api/people/rasmus-lenefors-holm/merge', payload: { into: 'rasmus-lenefors' }, headers: asAdmin() });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().documents.map((d: { id: number }) => d.id)).toContain(c);
    const old = await get('/personer/rasmus-lenefors-holm');
    expect(old.status).toBe(301);
    expect(old.headers.location).toBe('/personer/rasmus-lenefors');
    // A better extractor runs again over the document: the mention still resolves to the merged person.
    const doc = (await getDocument(db, c))!;
    await recordExtraction(db, c, doc.metadata, 'test-2', 0.9);
    expect((await get('/api/people/rasmus-lenefors')).json.documents.map((d: { id: number }) => d.id)).toContain(c);
    const refused = await app.inject({ method: 'POST', url: '/api/people/rasmus-lenefors/merge', payload: { into: 'rasmus-lenefors' }, headers: asAdmin() });
    expect(refused.statusCode).toBe(409);
  });

  it('splits documents off into a new person through the page form; the split holds after re-extraction', async () => {
    await loadSeeds();
    const form = `dokument=${ids['002']}&namn=${encodeURIComponent('Rasmus Lenefors')}`;
    const r = await app.inject({ method: 'POST', url: '/personer/rasmus-lenefors/dela', payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded', ...asAdmin() } });
    expect(r.statusCode, r.body).toBe(303);
    const newSlug = r.headers.location!.replace('/personer/', '');
    expect(newSlug).not.toBe('rasmus-lenefors');
    expect((await get('/api/people/rasmus-lenefors')).json.documents.map((d: { id: number }) => d.id)).toEqual([ids['000']]);
    expect((await get(`/api/people/${newSlug}`)).json.documents.map((d: { id: number }) => d.id)).toEqual([ids['002']]);
    await recordExtraction(db, ids['002']!, (await getDocument(db, ids['002']!))!.metadata, 'test-2', 0.9);
    expect((await get(`/api/people/${newSlug}`)).json.documents.map((d: { id: number }) => d.id)).toEqual([ids['002']]);
    expect((await get('/api/people/rasmus-lenefors')).json.documents.map((d: { id: number }) => d.id)).toEqual([ids['000']]);
  });
});

describe('interpellation and answer', () => {
  const interpellation = fs.readFileSync('fixtures/linking/huddinge-interpellation-flemingsberg.txt', 'utf8');

  it('links the answer to its interpellation, whichever arrives first', async () => {
    await loadSeeds();
    const q = await post('interpellation.txt', interpellation);
    const answer = (await get(`/api/documents/${ids['002']}`)).json;
    expect(answer.answers).toBe(q);
    expect((await get(`/api/documents/${q}`)).json.answeredBy).toEqual([ids['002']]);
    const page = (await get(`/dokument/${q}`)).body;
    expect(page).toContain('Besvarad i');
    expect((await get(`/dokument/${ids['002']}`)).body).toContain('Svarar på');
  });

  it('does not link an interpellation by other councillors on the same subject', async () => {
    await loadSeeds();
    const other = interpellation.replace(/Sara Heelge Vikmång \(S\) och Rasmus Lenefors \(S\)/g, 'Kim Andersson (V)').replace(/\nSara Heelge Vikmång \(S\)\nRasmus Lenefors \(S\)\n/, '\nKim Andersson (V)\n');
    const q = await post('other.txt', other);
    expect((await get(`/api/documents/${q}`)).json.answeredBy).toEqual([]);
    expect((await get(`/api/documents/${ids['002']}`)).json.answers).toBeNull();
  });
});

describe('people list', () => {
  it('sorts by surname with Swedish collation (Å, Ä, Ö after Z) and filters by party', async () => {
    const signers = ['Örjan Östberg', 'Anna Zetterberg', 'Åsa Åberg', 'Erik Ärlig', 'Bo Andersson'];
    for (const [i, name] of signers.entries()) {
      await post(`p${i}.txt`, anteckning({ date: `2022-0${i + 1}-01`, arende: `Motion nummer ${i} om fler parker i Huddinge centrum`, partyLine: i === 4 ? 'För Moderaterna' : 'För Socialdemokraterna', signer: name }));
    }
    const names = (await get('/api/people')).json.items.map((p: { name: string }) => p.name);
    expect(names).toEqual(['Bo Andersson', 'Anna Zetterberg', 'Åsa Åberg', 'Erik Ärlig', 'Örjan Östberg']);
    expect((await get('/api/people?parti=M')).json.items.map((p: { name: string }) => p.name)).toEqual(['Bo Andersson']);
    const page = (await get('/personer')).body;
    expect(page.indexOf('Anna Zetterberg')).toBeLessThan(page.indexOf('Åsa Åberg'));
  });
});

describe('relinking', () => {
  it('rebuilds the links of a database written before linking, without duplicating people', async () => {
    await loadSeeds();
    const people = db.$client.prepare('SELECT count(*) FROM people').pluck().get();
    db.$client.exec("UPDATE people SET name_key = '', scope = ''; DELETE FROM paragraph_text_reuse; DELETE FROM paragraph_text_bands; DELETE FROM paragraph_texts; DELETE FROM paragraphs; DELETE FROM memberships;");
    expect(await needsRelink(db)).toBe(true);
    expect(await relinkAll(db)).toBe(3);
    expect(await needsRelink(db)).toBe(false);
    expect(db.$client.prepare('SELECT count(*) FROM people').pluck().get()).toBe(people);
    expect((await get('/api/people/rasmus-lenefors')).json.documents).toHaveLength(2);
    expect((await get(`/api/documents/${ids['000']}`)).json.reusedParagraphs[0].documents).toEqual([ids['003']]);
  });
});

describe('cached overviews', () => {
  it('follow every write at once: home counts and the party page change after an upload and a merge', async () => {
    await loadSeeds();
    expect((await get('/')).body).toContain('<strong>3</strong> dokument');
    expect((await get('/api/parties/S')).json.documentCount).toBe(2);
    await post('v.txt', anteckning({ date: '2022-03-01', arende: 'Motion om fler förskoleplatser i Flemingsberg', partyLine: 'För Socialdemokraterna', signer: 'Kim Andersson' }));
    expect((await get('/')).body).toContain('<strong>4</strong> dokument');
    expect((await get('/api/parties/S')).json.documentCount).toBe(3);
    expect((await get('/api/parties/S')).json.people.map((p: { slug: string }) => p.slug)).toContain('kim-andersson');
    await app.inject({ method: 'POST', url: '/api/people/kim-andersson/merge', payload: { into: 'rasmus-lenefors' }, headers: asAdmin() });
    expect((await get('/api/parties/S')).json.people.map((p: { slug: string }) => p.slug)).not.toContain('kim-andersson');
    expect((await get('/api/people')).json.items.map((p: { slug: string }) => p.slug)).not.toContain('kim-andersson');
  });
});

describe('escaping', () => {
  it('escapes names and text on person, party and ärende pages', async () => {
    const id = await post('x.txt', anteckning({
      date: '2022-03-01', arende: 'Motion om <script>alert(1)</script> i skolan', partyLine: 'För Socialdemokraterna', signer: 'Kim "<b>" Andersson',
    }));
    const doc = (await get(`/api/documents/${id}`)).json;
    for (const url of [`/dokument/${id}`, `/arenden/${doc.arenden[0].id}`, '/partier/S', '/personer', '/']) {
      const body = (await get(url)).body;
      expect(body, url).not.toContain('<script>alert(1)');
      expect(body, url).not.toContain('<b>"');
    }
  });
});
