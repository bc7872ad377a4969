import { describe, expect, it } from 'vitest';
import { mayCurate, mayDelete, mayEdit, mayStore, municipalityKey, type Account } from '../../server/accounts/permissions.js';
import { DatabaseAttemptLimiter, type LimitedKey } from '../../server/accounts/rate-limit.js';
import { openDb } from '../../db/client.js';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from '../../server/accounts/passwords.js';
import { applyInput, formInput, jsonInput } from '../../server/domain/metadata-input.js';
import { diffMetadata } from '../../server/domain/metadata-diff.js';
import type { ExtractedMetadata } from '../../server/ingest/types.js';

const secretary: Account = { id: 1, email: 's@x.se', name: 'Sara', role: 'secretary', municipality: 'Huddinge kommun', parties: ['S'], mustChangePassword: false };
const admin: Account = { ...secretary, id: 2, role: 'admin', municipality: null, parties: [] };

const base: ExtractedMetadata = {
  kind: 'protokollsanteckning', title: 'Protokollsanteckning', municipality: 'Huddinge kommun', body: 'Kommunstyrelsen', date: '2022-05-09',
  arende: { number: '4', title: 'Parkeringsnorm', diarienummer: null }, parties: ['S'], signatories: [{ name: 'Rasmus Lenefors', party: 'S', role: null }],
  interpellants: [], addressee: null, questions: [], warnings: [],
};

describe('who may write what', () => {
  it('a secretary stores only their party in their municipality, with a reason that says why not', () => {
    expect(mayStore(secretary, { parties: ['S'], municipality: 'Huddinge kommun' })).toEqual({ ok: true });
    expect(mayStore(secretary, { parties: ['M', 'S'], municipality: 'huddinge' })).toEqual({ ok: true });
    const m = mayStore(secretary, { parties: ['M'], municipality: 'Huddinge kommun' });
    expect(m.ok).toBe(false);
    expect(!m.ok && m.reason).toMatch(/S i Huddinge kommun.*Moderaterna \(M\)/);
    const elsewhere = mayStore(secretary, { parties: ['S'], municipality: 'Botkyrka kommun' });
    expect(!elsewhere.ok && elsewhere.reason).toMatch(/Botkyrka kommun/);
    expect(mayStore(secretary, { parties: [], municipality: 'Huddinge kommun' }).ok).toBe(false);
    expect(mayStore(secretary, { parties: ['S'], municipality: null }).ok).toBe(false);
    expect(mayStore(admin, { parties: [], municipality: null })).toEqual({ ok: true });
  });

  it('editing follows the same scope; deleting is for administrators; curation stays in the municipality', () => {
    expect(mayEdit(secretary, { parties: ['M'], municipality: 'Huddinge kommun' }).ok).toBe(false);
    expect(mayDelete(secretary).ok).toBe(false);
    expect(mayDelete(admin).ok).toBe(true);
    expect(mayCurate(secretary, 'Huddinge kommun').ok).toBe(true);
    expect(mayCurate(secretary, 'Riksdagen').ok).toBe(false);
    expect(municipalityKey('Göteborgs Stad')).toBe(municipalityKey('göteborg'));
    expect(municipalityKey('Region Stockholm')).not.toBe(municipalityKey('Stockholms stad'));
  });
});

describe('login failure limits', () => {
  const rule = { max: 3, windowMs: 60_000 };
  const key = (k: string): LimitedKey[] => [{ scope: 'account', key: k, rule, forgiveOnSuccess: true }];
  const wait = (r: Awaited<ReturnType<DatabaseAttemptLimiter['reserve']>>) => (r.ok ? 0 : r.retryAfterMs);

  it('blocks after max failures in the window and lets the key in again when the window has passed', async () => {
    let now = 1_000_000;
    const limiter = new DatabaseAttemptLimiter(openDb(':memory:'), () => now);
    for (let i = 0; i < 3; i++) { const r = await limiter.reserve(key('a')); expect(r.ok).toBe(true); if (r.ok) r.attempt.failed(); }
    expect(wait(await limiter.reserve(key('a')))).toBe(60_000);
    expect(wait(await limiter.reserve(key('b')))).toBe(0);
    now += 30_000;
    expect(wait(await limiter.reserve(key('a')))).toBe(30_000);
    now += 30_001;
    const again = await limiter.reserve(key('a'));
    expect(again.ok).toBe(true);
    // A success clears the key's earlier failures.
    if (again.ok) again.attempt.failed();
    for (let i = 0; i < 2; i++) { const r = await limiter.reserve(key('a')); if (r.ok) r.attempt.failed(); }
    expect(wait(await limiter.reserve(key('a')))).toBeGreaterThan(0);
    now += 60_001;
    const right = await limiter.reserve(key('a'));
    if (right.ok) right.attempt.succeeded();
    for (let i = 0; i < 3; i++) expect((await limiter.reserve(key('a'))).ok).toBe(true);
  });

  it('counts attempts still being verified, reserves on every key or none, and prunes old rows', async () => {
    let now = 1_000_000;
    const db = openDb(':memory:');
    const limiter = new DatabaseAttemptLimiter(db, () => now);
    const pending = await Promise.all([0, 1, 2].map(() => limiter.reserve(key('a'))));
    expect(pending.every((r) => r.ok)).toBe(true);
    expect((await limiter.reserve(key('a'))).ok).toBe(false);
    // A success among them does not free room while the others are still being verified.
    if (pending[0]!.ok) pending[0]!.attempt.succeeded();
    expect((await limiter.reserve(key('a'))).ok).toBe(true);
    expect((await limiter.reserve(key('a'))).ok).toBe(false);
    const both: LimitedKey[] = [...key('c'), { scope: 'address', key: '10.0.0.1', rule: { max: 1, windowMs: 60_000 }, forgiveOnSuccess: false }];
    expect((await limiter.reserve(both)).ok).toBe(true);
    expect((await limiter.reserve(both)).ok).toBe(false);
    expect((await limiter.reserve(key('c'))).ok).toBe(true);
    const rows = () => (db.$client.prepare('SELECT count(*) AS n FROM login_attempts').get() as { n: number }).n;
    expect(rows()).toBe(6);
    for (let i = 0; i < 100; i++) await limiter.reserve(key(`k${i}`));
    expect(rows()).toBe(106);
    // Past the longest window, old rows go at the next reservation.
    now += 15 * 60_000 + 1;
    await limiter.reserve(key('z'));
    expect(rows()).toBe(1);
    // Keys are stored hashed.
    expect(db.$client.prepare('SELECT key_hash FROM login_attempts').get()).toEqual({ key_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe('passwords', () => {
  it('hashes with scrypt and a per-user salt, verifies, and refuses malformed hashes', async () => {
    const a = await hashPassword('korrekt häst batteri');
    const b = await hashPassword('korrekt häst batteri');
    expect(a).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('korrekt häst batteri', a)).toBe(true);
    expect(await verifyPassword('korrekt hast batteri', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    expect(generatePassword()).toMatch(/^[\w]{5}(-[\w]{5}){3}$/);
    expect(passwordProblem('kort')).toMatch(/minst 12/);
  });
});

describe('metadata typed by people', () => {
  it('checks every field and reads the form’s repeated rows', () => {
    const input = formInput({
      kind: 'reservation', title: '  Reservation  ', municipality: 'Huddinge kommun', body: '', date: '2022-13-01', arende_number: '4', arende_title: 'Parkeringsnorm',
      parties: 's, Moderaterna', signatory_name: ['Anna Andersson', '', ''], signatory_party: ['M', '', ''], signatory_role: ['', '', ''],
      interpellant_name: [''], interpellant_party: [''], questions: 'Första?\n\nAndra?',
    });
    const { metadata, errors } = applyInput(base, input);
    expect(errors).toEqual({ date: expect.stringMatching(/ÅÅÅÅ-MM-DD/) });
    expect(metadata).toMatchObject({ kind: 'reservation', title: 'Reservation', body: null, parties: ['S', 'M'], signatories: [{ name: 'Anna Andersson', party: 'M', role: null }], questions: ['Första?', 'Andra?'] });
    expect(applyInput(base, { kind: 'brev' }).errors.kind).toBeDefined();
    expect(applyInput(base, { parties: 'S, <script>' }).errors.parties).toMatch(/Okänt parti/);
    expect(jsonInput({ arende: { title: 'X' }, text: 'nej' }).errors).toHaveProperty('text');
    expect(diffMetadata(base, metadata).map((c) => c.field)).toEqual(['kind', 'title', 'body', 'parties', 'signatories', 'questions']);
  });
});
