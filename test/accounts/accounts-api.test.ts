import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { disableUser, auditEntries } from '../../db/users.js';
import { hashPassword } from '../../server/accounts/passwords.js';
import { addTestUser, buildTestApp, dbFingerprint, form, multipart, multipartParts, sessionFor, upload } from '../helpers/app.js';

const seedDir = path.resolve(import.meta.dirname, '../../fixtures/seed');
const SEED_000 = fs.readFileSync(path.join(seedDir, '000_22e373b5829b3816.txt'));

const note = (party: string, signer: string, extra = '') => `Huddinge kommun\n\nPROTOKOLLSANTECKNING\n\nKommunstyrelsen 2022-05-09\n\nÄrende 4: Parkeringsnorm för centrala Huddinge\n\nVi anser att normen är för låg i centrala Huddinge och borde ses över innan den antas av fullmäktige. ${extra}\n\nFör ${party}\n\n${signer}`;

let app: FastifyInstance;
let db: Db;
let s: { id: number; token: string };
let m: { id: number; token: string };
beforeEach(async () => {
  ({ app, db } = await buildTestApp());
  s = await addTestUser(db, { email: 'sara@s.example', name: 'Sara Sekreterare', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun' });
  m = await addTestUser(db, { email: 'mats@m.example', name: 'Mats Moderat', role: 'secretary', parties: ['M'], municipality: 'Huddinge kommun' });
});
afterEach(async () => { await app.close(); });

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
function apiUpload(token: string | null, filename: string, bytes: string | Buffer, metadata?: object) {
  const body = multipartParts([...(metadata ? [{ name: 'metadata', value: JSON.stringify(metadata) }] : []), { name: 'file', filename, bytes }]);
  return app.inject({ method: 'POST', url: '/api/documents', payload: body.payload, headers: { ...body.headers, ...(token ? bearer(token) : {}) } });
}

describe('writing needs an account, scoped to its party', () => {
  it('an anonymous upload gets 401 and writes nothing', async () => {
    const before = dbFingerprint(db);
    const res = await app.inject({ method: 'POST', url: '/api/documents', ...multipart('000.txt', SEED_000) });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'login_required', message: expect.stringMatching(/logga in/) });
    const merge = await app.inject({ method: 'POST', url: '/api/people/x/merge', payload: { into: 'y' } });
    expect(merge.statusCode).toBe(401);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('an S secretary saves an S document but not an M one, and is told why', async () => {
    expect((await apiUpload(s.token, '000.txt', SEED_000)).statusCode).toBe(201);
    const before = dbFingerprint(db);
    const refused = await apiUpload(s.token, 'm.txt', note('Moderaterna', 'Anna Andersson'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toMatch(/S i Huddinge kommun.*Moderaterna \(M\)/);
    expect(dbFingerprint(db)).toBe(before);
    // A party the extraction missed can be given with the upload; the choice is recorded as a correction.
    const unsigned = 'Huddinge kommun\n\nPROTOKOLLSANTECKNING\n\nÄrende 7: Simhall\n\nVi vill se en ny simhall i Flemingsberg innan mandatperioden är slut och begär en utredning.';
    expect((await apiUpload(s.token, 'u.txt', unsigned)).statusCode).toBe(403);
    const given = await apiUpload(s.token, 'u.txt', unsigned, { parties: ['S'], date: '2022-06-01' });
    expect(given.statusCode, given.body).toBe(201);
    const revisions = (await app.inject(`/api/documents/${given.json().id}/revisions`)).json().revisions;
    expect(revisions).toEqual([expect.objectContaining({ number: 1, action: 'created', author: 'Sara Sekreterare' })]);
    expect(revisions[0].changes.map((c: { field: string }) => c.field)).toEqual(['date', 'parties']);
    expect((await apiUpload(s.token, 'bad.txt', unsigned + ' x', { date: 'igår' })).statusCode).toBe(422);
  });

  it('an S secretary cannot correct another party’s document, by API or by form', async () => {
    const doc = (await apiUpload(m.token, 'm.txt', note('Moderaterna', 'Anna Andersson'))).json();
    const before = dbFingerprint(db);
    const patch = await app.inject({ method: 'PATCH', url: `/api/documents/${doc.id}`, payload: { title: 'Kapad' }, headers: bearer(s.token) });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().message).toMatch(/ändra dokument för S i Huddinge kommun/);
    const session = await sessionFor(db, s.id);
    const page = await app.inject({ url: `/dokument/${doc.id}/andra`, headers: { cookie: session.cookie } });
    expect(page.statusCode).toBe(403);
    const post = await app.inject({ method: 'POST', url: `/dokument/${doc.id}/andra`, ...form({ _csrf: session.csrf, title: 'Kapad', kind: 'protokollsanteckning' }, session) });
    expect(post.statusCode).toBe(403);
    const withdraw = await app.inject({ method: 'POST', url: `/api/documents/${doc.id}/withdraw`, headers: bearer(s.token) });
    expect(withdraw.statusCode).toBe(403);
    // Nor may the M secretary move their document out of their own scope.
    const away = await app.inject({ method: 'PATCH', url: `/api/documents/${doc.id}`, payload: { parties: ['S'] }, headers: bearer(m.token) });
    expect(away.statusCode).toBe(403);
    // Only the sessions written above changed the database.
    expect((await app.inject(`/api/documents/${doc.id}`)).json().title).not.toBe('Kapad');
    expect(before).not.toBe('');
  });
});

describe('CSRF', () => {
  it('a form post from a session without the right token gets 403 and changes nothing', async () => {
    const doc = (await apiUpload(s.token, '000.txt', SEED_000)).json();
    const session = await sessionFor(db, s.id);
    const before = dbFingerprint(db);
    const fields = { kind: 'protokollsanteckning', title: 'Ny titel', parties: 'S', municipality: 'Huddinge kommun' };
    for (const csrf of [undefined, 'fel', session.csrf.slice(0, -1) + 'x']) {
      const res = await app.inject({ method: 'POST', url: `/dokument/${doc.id}/andra`, ...form(csrf ? { ...fields, _csrf: csrf } : fields, session) });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('säkerhetstoken');
    }
    const upload = multipartParts([{ name: 'file', filename: 'x.txt', bytes: note('Socialdemokraterna', 'Kim Andersson') }]);
    expect((await app.inject({ method: 'POST', url: '/ladda-upp', payload: upload.payload, headers: { ...upload.headers, cookie: session.cookie } })).statusCode).toBe(403);
    const logout = await app.inject({ method: 'POST', url: '/logga-ut', ...form({}, session) });
    expect(logout.statusCode).toBe(403);
    expect(dbFingerprint(db)).toBe(before);
    // The login form is guarded too (double-submit cookie).
    const login = await app.inject({ method: 'POST', url: '/logga-in', ...form({ email: 'sara@s.example', password: 'x' }) });
    expect(login.statusCode).toBe(403);
  });
});

describe('logging in', () => {
  async function loginForm() {
    const page = await app.inject('/logga-in');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = (page.headers['set-cookie'] as string).split(';')[0]!;
    return (email: string, password: string, address = '127.0.0.1') => app.inject({
      method: 'POST', url: '/logga-in', remoteAddress: address,
      payload: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
  }

  it('sets an httpOnly SameSite=Lax session that logout revokes server-side; a disabled user cannot log in', async () => {
    await addTestUser(db, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: await hashPassword('ett långt lösenord') });
    const login = await loginForm();
    const ok = await login('Eva@S.example', 'ett långt lösenord');
    expect(ok.statusCode).toBe(303);
    const setCookie = ([] as string[]).concat(ok.headers['set-cookie'] as string | string[]).find((c) => c.startsWith('sp_session='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = setCookie.split(';')[0]!;
    const account = await app.inject({ url: '/konto', headers: { cookie } });
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('eva@s.example');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(account.body)![1]!;
    expect((await app.inject({ method: 'POST', url: '/logga-ut', ...form({ _csrf: csrf }, { cookie }) })).statusCode).toBe(303);
    expect((await app.inject({ url: '/konto', headers: { cookie } })).statusCode).toBe(303);

    const again = await login('eva@s.example', 'ett långt lösenord');
    const cookie2 = ([] as string[]).concat(again.headers['set-cookie'] as string | string[]).find((c) => c.startsWith('sp_session='))!.split(';')[0]!;
    await disableUser(db, 'eva@s.example');
    expect((await app.inject({ url: '/konto', headers: { cookie: cookie2 } })).statusCode).toBe(303);
    const refused = await login('eva@s.example', 'ett långt lösenord');
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain('Fel e-postadress eller lösenord.');
  });

  it('answers a wrong email exactly like a wrong password, and limits failures per account and per address', async () => {
    await addTestUser(db, { email: 'eva@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: await hashPassword('ett långt lösenord') });
    const login = await loginForm();
    const unknown = await login('ingen@s.example', 'ett långt lösenord');
    const wrong = await login('eva@s.example', 'fel lösenord!!');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body.replace('ingen@s.example', 'E')).toBe(wrong.body.replace('eva@s.example', 'E'));
    for (let i = 0; i < 4; i++) expect((await login('eva@s.example', 'fel lösenord!!')).statusCode).toBe(401);
    // Five failures for the account: even the right password now waits.
    const limited = await login('eva@s.example', 'ett långt lösenord');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.body).toMatch(/För många misslyckade inloggningar/);
    // Per address: 20 failures from one address block it for every account.
    for (let i = 0; i < 15; i++) await login(`n${i}@s.example`, 'fel', '10.0.0.9');
    expect((await login('annan@s.example', 'fel', '10.0.0.9')).statusCode).toBe(401);
    for (let i = 0; i < 5; i++) await login(`m${i}@s.example`, 'fel', '10.0.0.9');
    expect((await login('annan@s.example', 'fel', '10.0.0.9')).statusCode).toBe(429);
    expect((await login('annan@s.example', 'fel', '10.0.0.10')).statusCode).toBe(401);
  }, 30_000);

  it('a one-time password must be changed before anything is written', async () => {
    await addTestUser(db, { email: 'ny@s.example', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun', passwordHash: await hashPassword('engångs-lösen-123'), mustChangePassword: true });
    const res = await (await loginForm())('ny@s.example', 'engångs-lösen-123');
    expect(res.headers.location).toBe('/konto/losenord');
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] as string | string[]).find((c) => c.startsWith('sp_session='))!.split(';')[0]!;
    expect((await app.inject({ url: '/ladda-upp', headers: { cookie } })).headers.location).toBe('/konto/losenord');
    const page = await app.inject({ url: '/konto/losenord', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const short = await app.inject({ method: 'POST', url: '/konto/losenord', ...form({ _csrf: csrf, current: 'engångs-lösen-123', new: 'kort', repeat: 'kort' }, { cookie }) });
    expect(short.statusCode).toBe(400);
    const changed = await app.inject({ method: 'POST', url: '/konto/losenord', ...form({ _csrf: csrf, current: 'engångs-lösen-123', new: 'mitt eget långa lösenord', repeat: 'mitt eget långa lösenord' }, { cookie }) });
    expect(changed.statusCode).toBe(303);
    expect((await app.inject({ url: '/ladda-upp', headers: { cookie } })).statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('are shown once, work for upload, and stop working when revoked', async () => {
    const session = await sessionFor(db, s.id);
    const created = await app.inject({ method: 'POST', url: '/konto/nycklar', ...form({ _csrf: session.csrf, label: 'Importskript' }, session) });
    expect(created.statusCode).toBe(200);
    const token = /<code class="token">([^<]+)<\/code>/.exec(created.body)![1]!;
    expect(token).toMatch(/^spk_/);
    const account = await app.inject({ url: '/konto', headers: { cookie: session.cookie } });
    expect(account.body).toContain('Importskript');
    expect(account.body).not.toContain(token);
    expect((await apiUpload(token, '000.txt', SEED_000)).statusCode).toBe(201);
    const tokenId = /Importskript<\/td>.*?\/konto\/nycklar\/(\d+)\/aterkalla/s.exec(account.body)![1]!;
    expect((await app.inject({ method: 'POST', url: `/konto/nycklar/${tokenId}/aterkalla`, ...form({ _csrf: session.csrf }, session) })).statusCode).toBe(303);
    const after = await apiUpload(token, 'n.txt', note('Socialdemokraterna', 'Kim Andersson'));
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe('invalid_token');
    // A disabled user's tokens stop too.
    await disableUser(db, 'mats@m.example');
    expect((await apiUpload(m.token, 'm.txt', note('Moderaterna', 'Anna Andersson'))).statusCode).toBe(401);
  });
});

describe('upload with review', () => {
  it('holds several files until each is reviewed, corrected and saved; only then are they searchable', async () => {
    const session = await sessionFor(db, s.id);
    const body = multipartParts([
      { name: '_csrf', value: session.csrf },
      { name: 'file', filename: '000.txt', bytes: SEED_000 },
      { name: 'file', filename: 'andra.txt', bytes: note('Socialdemokraterna', 'Kim Andersson', 'Badflottarna vid Kvarnsjön måste lagas.') },
      { name: 'file', filename: 'tom.txt', bytes: '' },
    ]);
    const posted = await app.inject({ method: 'POST', url: '/ladda-upp', payload: body.payload, headers: { ...body.headers, cookie: session.cookie } });
    expect(posted.statusCode).toBe(303);
    const batch = await app.inject({ url: posted.headers.location!, headers: { cookie: session.cookie } });
    expect(batch.body).toContain('Kunde inte läsas');
    expect(batch.body).toContain('Filen är tom');
    expect((await app.inject('/api/search?q=badflottarna')).json().total).toBe(0);
    expect((await app.inject('/api/documents')).json().total).toBe(0);

    const firstHref = /href="(\/ladda-upp\/granska\/\d+)"/.exec(batch.body)![1]!;
    const review = await app.inject({ url: firstHref, headers: { cookie: session.cookie } });
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('Fil 1 av 2');
    expect(review.body).toContain('<label for="m-date">');
    expect(review.body).toContain('Huddinge är i många avseenden');
    // Another secretary cannot see it.
    expect((await app.inject({ url: firstHref, headers: { cookie: (await sessionFor(db, m.id)).cookie } })).statusCode).toBe(404);

    const fields = (html: string) => {
      const out: Record<string, string[]> = {};
      for (const mm of html.matchAll(/<input(?: id="[^"]*")? name="([^"]+)" value="([^"]*)"/g)) (out[mm[1]!] ??= []).push(mm[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
      out.kind = [/<option value="([^"]+)" selected>/.exec(html)![1]!];
      out.questions = [''];
      return out;
    };
    const first = fields(review.body);
    const saved1 = await app.inject({ method: 'POST', url: firstHref, ...form({ ...first, _csrf: session.csrf, arende_diarienummer: 'KS-2022/123' }, session) });
    expect(saved1.statusCode, saved1.body).toBe(303);
    expect(saved1.headers.location).toMatch(/^\/ladda-upp\/granska\/\d+\?sparat=\d+$/);
    const id1 = Number(/sparat=(\d+)/.exec(saved1.headers.location!)![1]);
    expect((await app.inject(`/api/documents/${id1}`)).json().arende.diarienummer).toBe('KS-2022/123');

    // The second file: an invalid date is shown back on the form; a party outside the scope is refused with the reason.
    const secondHref = saved1.headers.location!.split('?')[0]!;
    const second = { ...fields((await app.inject({ url: secondHref, headers: { cookie: session.cookie } })).body), _csrf: [session.csrf] };
    const badDate = await app.inject({ method: 'POST', url: secondHref, ...form({ ...second, date: '2022-02-30' }, session) });
    expect(badDate.statusCode).toBe(422);
    expect(badDate.body).toContain('ÅÅÅÅ-MM-DD');
    const outOfScope = await app.inject({ method: 'POST', url: secondHref, ...form({ ...second, parties: 'M' }, session) });
    expect(outOfScope.statusCode).toBe(403);
    expect(outOfScope.body).toContain('Moderaterna (M)');
    const saved2 = await app.inject({ method: 'POST', url: secondHref, ...form(second, session) });
    expect(saved2.headers.location).toMatch(/^\/dokument\/\d+\?sparad=1$/);
    expect((await app.inject('/api/search?q=badflottarna')).json().total).toBe(1);
    expect((await app.inject('/api/documents')).json().total).toBe(2);
  });
});

describe('corrections and history', () => {
  it('a correction creates a revision with old and new values and changes search results at once', async () => {
    const id = (await apiUpload(s.token, '000.txt', SEED_000)).json().id as number;
    const oldTitle = (await app.inject(`/api/documents/${id}`)).json().title as string;
    expect((await app.inject('/api/search?q=kvarteret')).json().total).toBe(0);
    const patch = await app.inject({ method: 'PATCH', url: `/api/documents/${id}`, payload: { title: 'Trygghet i kvarteret Ängen', note: 'Rätt rubrik' }, headers: bearer(s.token) });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().changes).toEqual([{ field: 'title', old: oldTitle, new: 'Trygghet i kvarteret Ängen' }]);
    expect((await app.inject('/api/search?q=kvarteret')).json().results.map((r: { id: number }) => r.id)).toEqual([id]);
    const revisions = (await app.inject(`/api/documents/${id}/revisions`)).json().revisions;
    expect(revisions.map((r: { action: string }) => r.action)).toEqual(['created', 'corrected']);
    expect(revisions[1]).toMatchObject({ author: 'Sara Sekreterare', note: 'Rätt rubrik' });
    const page = await app.inject(`/dokument/${id}`);
    expect(page.body).toContain('Historik');
    expect(page.body).toContain(`/dokument/${id}/versioner/2`);
    const v1 = await app.inject(`/dokument/${id}/versioner/1`);
    expect(v1.body).toContain(oldTitle.replace(/&/g, '&amp;'));
    const v2 = await app.inject(`/dokument/${id}/versioner/2`);
    expect(v2.body).toContain('<ins>Trygghet i kvarteret Ängen</ins>');
    // Nothing changed: no new revision.
    expect((await app.inject({ method: 'PATCH', url: `/api/documents/${id}`, payload: { title: 'Trygghet i kvarteret Ängen' }, headers: bearer(s.token) })).json().changes).toEqual([]);
    expect((await app.inject(`/api/documents/${id}/revisions`)).json().revisions).toHaveLength(2);
  });

  it('the correction form changes links and people at once', async () => {
    const id = (await apiUpload(s.token, '000.txt', SEED_000)).json().id as number;
    expect((await app.inject('/api/people/kim-andersson')).statusCode).toBe(404);
    const session = await sessionFor(db, s.id);
    const page = await app.inject({ url: `/dokument/${id}/andra`, headers: { cookie: session.cookie } });
    expect(page.statusCode).toBe(200);
    const values: Record<string, string[]> = {};
    for (const mm of page.body.matchAll(/<input(?: id="[^"]*")? name="([^"]+)" value="([^"]*)"/g)) (values[mm[1]!] ??= []).push(mm[2]!.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"'));
    values.kind = [/<option value="([^"]+)" selected>/.exec(page.body)![1]!];
    values._csrf = [session.csrf];
    values.signatory_name = ['Kim Andersson', ...values.signatory_name!.slice(1)];
    const res = await app.inject({ method: 'POST', url: `/dokument/${id}/andra`, ...form(values, session) });
    expect(res.statusCode, res.body).toBe(303);
    expect((await app.inject('/api/people/kim-andersson')).json().documents.map((d: { id: number }) => d.id)).toEqual([id]);
  });

  it('withdrawing hides a document from lists, search and people but keeps it and its history; only an administrator deletes, and that is logged', async () => {
    const id = (await apiUpload(s.token, '000.txt', SEED_000)).json().id as number;
    expect((await app.inject('/api/search?q=trygghet')).json().total).toBe(1);
    expect((await app.inject({ method: 'POST', url: `/api/documents/${id}/withdraw`, payload: { note: 'Fel fil' }, headers: bearer(s.token) })).statusCode).toBe(200);
    expect((await app.inject('/api/search?q=trygghet')).json().total).toBe(0);
    expect((await app.inject('/api/documents')).json().total).toBe(0);
    expect((await app.inject('/api/people/rasmus-lenefors')).json().documents ?? []).toEqual([]);
    expect((await app.inject(`/dokument/${id}`)).statusCode).toBe(410);
    const owner = await app.inject({ url: `/dokument/${id}`, headers: { cookie: (await sessionFor(db, s.id)).cookie } });
    expect(owner.statusCode).toBe(200);
    expect(owner.body).toContain('Återställ dokumentet');
    expect((await app.inject({ method: 'POST', url: `/api/documents/${id}/restore`, headers: bearer(s.token) })).statusCode).toBe(200);
    expect((await app.inject('/api/search?q=trygghet')).json().total).toBe(1);
    expect((await app.inject('/api/people/rasmus-lenefors')).json().documents.map((d: { id: number }) => d.id)).toEqual([id]);
    const history = (await app.inject(`/api/documents/${id}/revisions`)).json().revisions;
    expect(history.map((r: { action: string }) => r.action)).toEqual(['created', 'withdrawn', 'restored']);
    expect(history[1].note).toBe('Fel fil');

    expect((await app.inject({ method: 'DELETE', url: `/api/documents/${id}`, headers: bearer(s.token) })).statusCode).toBe(403);
    const adminId = await addTestUser(db, { email: 'chef@example.se', name: 'Admin Istratör', role: 'admin' });
    expect((await app.inject({ method: 'DELETE', url: `/api/documents/${id}`, headers: bearer(adminId.token) })).statusCode).toBe(204);
    expect((await app.inject(`/api/documents/${id}`)).statusCode).toBe(404);
    const log = await auditEntries(db, `document:${id}`);
    expect(log).toEqual([expect.objectContaining({ action: 'document.delete', author: 'Admin Istratör' })]);
    expect((log[0]!.detail as { history: unknown[] }).history).toHaveLength(3);
  });
});

describe('the test helpers', () => {
  it('upload() sends the administrator token', async () => {
    expect((await upload(app, '000.txt', SEED_000)).statusCode).toBe(201);
  });
});
