/**
 * Scope and attribution (issue 18): a secretary cannot file another party's words under their own
 * party, a withdrawal does not block another party from filing the same bytes, and municipality
 * names typed in corrections are stored the way the extractor names them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { mayAttribute, municipalityKey, type Account } from '../../server/accounts/permissions.js';
import { canonicalMunicipality } from '../../server/domain/municipality.js';
import { addTestUser, buildTestApp, dbFingerprint, form, multipartParts, sessionFor } from '../helpers/app.js';
import { extractFromBytes } from '../helpers/extract.js';

const seedDir = path.resolve(import.meta.dirname, '../../fixtures/seed');
const SEED_000 = fs.readFileSync(path.join(seedDir, '000_22e373b5829b3816.txt'));

const note = (party: string, signers: string, extra = '') => `Huddinge kommun\n\nPROTOKOLLSANTECKNING\n\nKommunstyrelsen 2022-05-09\n\nÄrende 4: Parkeringsnorm för centrala Huddinge\n\nVi anser att normen är för låg i centrala Huddinge och borde ses över innan den antas av fullmäktige. ${extra}\n\nFör ${party}\n\n${signers}`;
const M_PAPER = note('Moderaterna', 'Anna Andersson');
const JOINT_PAPER = note('Moderaterna och Socialdemokraterna', 'Anna Andersson (M)\n\nKim Berg (S)', 'Gemensamt.');

let app: FastifyInstance;
let db: Db;
let s: { id: number; token: string };
let m: { id: number; token: string };
let v: { id: number; token: string };
let admin: { id: number; token: string };
beforeEach(async () => {
  ({ app, db } = await buildTestApp());
  s = await addTestUser(db, { email: 'sara@s.example', name: 'Sara Sekreterare', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun' });
  m = await addTestUser(db, { email: 'mats@m.example', name: 'Mats Moderat', role: 'secretary', parties: ['M'], municipality: 'Huddinge kommun' });
  v = await addTestUser(db, { email: 'vera@v.example', name: 'Vera Vänster', role: 'secretary', parties: ['V'], municipality: 'Huddinge kommun' });
  admin = await addTestUser(db, { email: 'chef@example.se', name: 'Admin Istratör', role: 'admin' });
});
afterEach(async () => { await app.close(); });

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
function apiUpload(token: string, filename: string, bytes: string | Buffer, metadata?: object) {
  const body = multipartParts([...(metadata ? [{ name: 'metadata', value: JSON.stringify(metadata) }] : []), { name: 'file', filename, bytes }]);
  return app.inject({ method: 'POST', url: '/api/documents', payload: body.payload, headers: { ...body.headers, ...bearer(token) } });
}
const patch = (token: string, id: number, payload: object) => app.inject({ method: 'PATCH', url: `/api/documents/${id}`, payload, headers: bearer(token) });
const personParties = async (slug: string) => ((await app.inject(`/api/people/${slug}`)).json().parties as Array<{ code: string }>).map((p) => p.code).sort();

/** Uploads through the web form as `userId` and returns the review page's address (or the redirect). */
async function formUpload(userId: number, filename: string, bytes: string | Buffer) {
  const session = await sessionFor(db, userId);
  const body = multipartParts([{ name: '_csrf', value: session.csrf }, { name: 'file', filename, bytes }]);
  const res = await app.inject({ method: 'POST', url: '/ladda-upp', payload: body.payload, headers: { ...body.headers, cookie: session.cookie } });
  return { session, res };
}

/** The review or edit form's current values, as a browser would send them back. */
function formValues(html: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const mm of html.matchAll(/<input(?: id="[^"]*")? name="([^"]+)" value="([^"]*)"/g)) (out[mm[1]!] ??= []).push(mm[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  out.kind = [/<option value="([^"]+)" selected>/.exec(html)![1]!];
  out.questions = [''];
  return out;
}

describe('a secretary may add their own party but not take away or replace parties the text states', () => {
  it('the API upload refuses an M paper filed as S, and the M signatory gets no membership from it', async () => {
    await app.inject({ url: '/api/documents', headers: bearer(s.token) }); // the token's last use is recorded once a minute
    const before = dbFingerprint(db);
    const replaced = await apiUpload(s.token, 'm.txt', M_PAPER, { parties: ['S'] });
    expect(replaced.statusCode, replaced.body).toBe(403);
    expect(replaced.json()).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/Texten anger Moderaterna \(M\).*administratör/) });
    // Nor by moving the signatory to S instead.
    const moved = await apiUpload(s.token, 'm.txt', M_PAPER, { parties: ['M', 'S'], signatories: [{ name: 'Anna Andersson', party: 'S' }] });
    expect(moved.statusCode, moved.body).toBe(403);
    expect(moved.json().message).toMatch(/Anna Andersson som Moderaterna \(M\)/);
    // Nor by writing the party into the name, which linking reads as the signatory's party.
    const suffixed = await apiUpload(s.token, 'm.txt', M_PAPER, { parties: ['M', 'S'], signatories: [{ name: 'Anna Andersson (S)', party: null }] });
    expect(suffixed.statusCode, suffixed.body).toBe(403);
    expect(dbFingerprint(db)).toBe(before);
    expect((await app.inject('/api/people/anna-andersson')).statusCode).toBe(404);
  });

  it('a joint paper keeps the party the text states: adding one’s own party is allowed, replacing is not', async () => {
    const joint = await apiUpload(s.token, 'm.txt', M_PAPER, { parties: ['M', 'S'] });
    expect(joint.statusCode, joint.body).toBe(201);
    expect(joint.json().parties).toEqual(['M', 'S']);
    expect(await personParties('anna-andersson')).toEqual(['M']);
    // A party the text does not name, nor the secretary's own, is not theirs to add.
    const other = await apiUpload(s.token, 'j.txt', JOINT_PAPER, { parties: ['M', 'S', 'V'] });
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toMatch(/eget parti \(Socialdemokraterna \(S\)\), inte Vänsterpartiet \(V\)/);
  });

  it('the review form refuses the same correction with the reason, and saves the joint one', async () => {
    const { session, res } = await formUpload(s.id, 'm.txt', M_PAPER);
    expect(res.statusCode).toBe(303);
    const href = res.headers.location!;
    const values: Record<string, string[]> = { ...formValues((await app.inject({ url: href, headers: { cookie: session.cookie } })).body), _csrf: [session.csrf] };
    expect(values.parties).toEqual(['M']);
    const before = dbFingerprint(db);
    const refused = await app.inject({ method: 'POST', url: href, ...form({ ...values, parties: 'S' }, session) });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Texten anger Moderaterna (M)');
    expect(dbFingerprint(db)).toBe(before);
    const saved = await app.inject({ method: 'POST', url: href, ...form({ ...values, parties: 'M, S' }, session) });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toMatch(/^\/dokument\/\d+\?sparad=1$/);
  });

  it('PATCH and the correction form cannot drop a stated party from a joint paper; an administrator can', async () => {
    const id = (await apiUpload(s.token, 'j.txt', JOINT_PAPER)).json().id as number;
    expect((await app.inject(`/api/documents/${id}`)).json().parties).toEqual(['M', 'S']);
    const revisions = async () => (await app.inject(`/api/documents/${id}/revisions`)).json().revisions.length as number;
    const dropped = await patch(s.token, id, { parties: ['S'] });
    expect(dropped.statusCode, dropped.body).toBe(403);
    expect(dropped.json().message).toMatch(/Texten anger Moderaterna \(M\)/);
    const swapped = await patch(s.token, id, { signatories: [{ name: 'Anna Andersson', party: 'S' }, { name: 'Kim Berg', party: 'S' }] });
    expect(swapped.statusCode, swapped.body).toBe(403);
    expect(swapped.json().message).toMatch(/Anna Andersson som Moderaterna \(M\)/);
    const session = await sessionFor(db, s.id);
    const page = await app.inject({ url: `/dokument/${id}/andra`, headers: { cookie: session.cookie } });
    const values = { ...formValues(page.body), _csrf: [session.csrf] };
    const post = await app.inject({ method: 'POST', url: `/dokument/${id}/andra`, ...form({ ...values, parties: 'S' }, session) });
    expect(post.statusCode).toBe(403);
    expect(post.body).toContain('Texten anger Moderaterna (M)');
    // Refused: no revision, the parties as the text gives them.
    expect(await revisions()).toBe(1);
    expect((await app.inject(`/api/documents/${id}`)).json().parties).toEqual(['M', 'S']);
    // Ordinary corrections still work, renaming a signatory included.
    expect((await patch(s.token, id, { title: 'Gemensam protokollsanteckning' })).statusCode).toBe(200);
    expect((await patch(s.token, id, { signatories: [{ name: 'Anna Anderson', party: 'M' }, { name: 'Kim Berg', party: 'S' }] })).statusCode).toBe(200);
    // The administrator decides when the text was misread.
    const fixed = await patch(admin.token, id, { parties: ['S'] });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().document.parties).toEqual(['S']);
  });

  it('the rule, on its own', () => {
    const sara: Account = { id: 1, email: 's@x.se', name: 'Sara', role: 'secretary', municipality: 'Huddinge kommun', parties: ['S'], mustChangePassword: false };
    const none = { parties: [] as string[], signatories: [{ name: 'Kim Berg', party: null, role: null }], interpellants: [] };
    expect(mayAttribute(sara, { stated: none, current: none, wanted: { ...none, parties: ['S'] } }).ok).toBe(true);
    expect(mayAttribute(sara, { stated: none, current: none, wanted: { ...none, signatories: [{ name: 'Kim Berg', party: 'S', role: null }] } }).ok).toBe(true);
    expect(mayAttribute(sara, { stated: none, current: none, wanted: { ...none, parties: ['M'] } }).ok).toBe(false);
    const mp = { parties: ['M'], signatories: [{ name: 'Anna Andersson', party: 'M', role: null }], interpellants: [] };
    expect(mayAttribute(sara, { stated: mp, current: mp, wanted: { ...mp, parties: ['S'] } }).ok).toBe(false);
    expect(mayAttribute(sara, { stated: mp, current: mp, wanted: { ...mp, parties: ['M', 'S'] } }).ok).toBe(true);
    // Taking another party's signatory off the paper is refused too; one's own may go.
    expect(mayAttribute(sara, { stated: mp, current: mp, wanted: { ...mp, signatories: [] } }).ok).toBe(false);
    const sp = { parties: ['S'], signatories: [{ name: 'Kim Berg', party: 'S', role: null }], interpellants: [] };
    expect(mayAttribute(sara, { stated: sp, current: sp, wanted: { ...sp, signatories: [] } }).ok).toBe(true);
    expect(mayAttribute({ ...sara, role: 'admin' }, { stated: mp, current: mp, wanted: { ...mp, parties: ['S'] } }).ok).toBe(true);
  });
});

describe('a withdrawn document can be filed again by a party in scope', () => {
  async function storedThenWithdrawnByS() {
    // The S secretary files the M paper as a joint paper, then withdraws it.
    const id = (await apiUpload(s.token, 'm.txt', M_PAPER, { parties: ['M', 'S'] })).json().id as number;
    expect((await app.inject({ method: 'POST', url: `/api/documents/${id}/withdraw`, payload: { note: 'Inte vårt' }, headers: bearer(s.token) })).statusCode).toBe(200);
    expect((await app.inject('/api/search?q=parkeringsnorm')).json().total).toBe(0);
    return id;
  }

  it('by API: the same row, a new revision by the new uploader, projections rebuilt, the withdrawal still in the history', async () => {
    const id = await storedThenWithdrawnByS();
    const refiled = await apiUpload(m.token, 'moderaterna.txt', M_PAPER);
    expect(refiled.statusCode, refiled.body).toBe(201);
    expect(refiled.json()).toMatchObject({ id, parties: ['M'] });
    const revisions = (await app.inject(`/api/documents/${id}/revisions`)).json().revisions as Array<{ action: string; author: string; changes: Array<{ field: string }> }>;
    expect(revisions.map((r) => [r.action, r.author])).toEqual([['created', 'Sara Sekreterare'], ['withdrawn', 'Sara Sekreterare'], ['refiled', 'Mats Moderat']]);
    expect(revisions[2]!.changes.map((c) => c.field)).toEqual(['parties']);
    const history = await app.inject(`/dokument/${id}/historik`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Tillbakadragen');
    expect(history.body).toContain('Arkiverad på nytt');
    expect((await app.inject('/api/search?q=parkeringsnorm')).json().results.map((r: { id: number }) => r.id)).toEqual([id]);
    expect((await app.inject('/api/documents?party=M')).json().total).toBe(1);
    expect((await app.inject('/api/documents?party=S')).json().total).toBe(0);
    expect(await personParties('anna-andersson')).toEqual(['M']);
    // It is the M secretary's now: they may correct and withdraw it, and the same bytes again are a duplicate.
    expect((await patch(m.token, id, { title: 'Parkeringsnorm, M' })).statusCode).toBe(200);
    expect((await apiUpload(m.token, 'igen.txt', M_PAPER)).statusCode).toBe(200);
  });

  it('by the web form: reviewed like a new file and saved into the same document', async () => {
    const id = await storedThenWithdrawnByS();
    const { session, res } = await formUpload(m.id, 'moderaterna.txt', M_PAPER);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/ladda-upp\/granska\/\d+$/);
    const review = await app.inject({ url: res.headers.location!, headers: { cookie: session.cookie } });
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('dragits tillbaka');
    const saved = await app.inject({ method: 'POST', url: res.headers.location!, ...form({ ...formValues(review.body), _csrf: [session.csrf] }, session) });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`/dokument/${id}?sparad=1`);
    expect((await app.inject(`/dokument/${id}`)).statusCode).toBe(200);
    expect((await app.inject(`/api/documents/${id}/revisions`)).json().revisions.map((r: { action: string }) => r.action)).toEqual(['created', 'withdrawn', 'refiled']);
  });

  it('out of scope the bytes are still refused with the normal reason, and nothing changes', async () => {
    const id = await storedThenWithdrawnByS();
    const refused = await apiUpload(v.token, 'm.txt', M_PAPER);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toMatch(/Du får bara spara dokument för V i Huddinge kommun\. Dokumentet är från Moderaterna \(M\)/);
    const { session, res } = await formUpload(v.id, 'm.txt', M_PAPER);
    const review = await app.inject({ url: res.headers.location!, headers: { cookie: session.cookie } });
    const post = await app.inject({ method: 'POST', url: res.headers.location!, ...form({ ...formValues(review.body), _csrf: [session.csrf] }, session) });
    expect(post.statusCode).toBe(403);
    expect(post.body).toContain('Moderaterna (M)');
    expect((await app.inject(`/api/documents/${id}`)).statusCode).toBe(404);
    // Still withdrawn, with no revision after the withdrawal.
    expect(db.$client.prepare('SELECT withdrawn_at IS NOT NULL AS w FROM documents WHERE id = ?').get(id)).toEqual({ w: 1 });
    expect(db.$client.prepare('SELECT action FROM revisions WHERE document_id = ? ORDER BY number').all(id)).toEqual([{ action: 'created' }, { action: 'withdrawn' }]);
  });
});

describe('municipality names typed in corrections', () => {
  it('are stored the way the extractor names them, so people are not duplicated', async () => {
    const id = (await apiUpload(s.token, '000.txt', SEED_000)).json().id as number;
    const people = () => (db.$client.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n;
    const count = people();
    for (const typed of ['HUDDINGE stad', 'huddinge', 'Huddinge kommun', '  huddinge   KOMMUN ']) {
      const res = await patch(s.token, id, { municipality: typed });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().document.municipality).toBe('Huddinge kommun');
      expect(people()).toBe(count);
    }
    // The correction form too.
    const session = await sessionFor(db, s.id);
    const page = await app.inject({ url: `/dokument/${id}/andra`, headers: { cookie: session.cookie } });
    const post = await app.inject({ method: 'POST', url: `/dokument/${id}/andra`, ...form({ ...formValues(page.body), _csrf: [session.csrf], municipality: 'HUDDINGE STAD' }, session) });
    expect(post.statusCode, post.body).toBe(303);
    expect((await app.inject(`/api/documents/${id}`)).json().municipality).toBe('Huddinge kommun');
    expect(people()).toBe(count);
  });

  it('one rule for the extractor, typed names and scope comparison', () => {
    for (const [typed, canonical] of [['HUDDINGE stad', 'Huddinge kommun'], ['huddinge', 'Huddinge kommun'], ['göteborg', 'Göteborgs Stad'], ['Göteborgs stad', 'Göteborgs Stad'],
      ['STOCKHOLM', 'Stockholms stad'], ['region västra götaland', 'Region Västra Götaland'], ['upplands-bro kommun', 'Upplands-Bro kommun'], ['Västerås', 'Västerås stad'], ['lund', 'Lunds kommun'], ['riksdagen', 'Riksdagen']] as const) {
      expect(canonicalMunicipality(typed)).toBe(canonical);
      expect(canonicalMunicipality(canonical)).toBe(canonical);
    }
    expect(canonicalMunicipality('  ')).toBeNull();
    // The extractor gives the same names.
    expect(extractFromBytes(Buffer.from(M_PAPER.replace('Huddinge kommun', 'HUDDINGE KOMMUN'))).municipality).toBe('Huddinge kommun');
    expect(municipalityKey('Västerås')).toBe(municipalityKey('Västerås kommun'));
    expect(municipalityKey('Göteborgs Stad')).toBe(municipalityKey('göteborg'));
  });
});
