/** Ärende rules against a real database: diarienummer, meeting + number, near-identical title; conflicts keep matters apart. */
import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type SqliteDb as Db } from '../../db/client.js';
import { findOrCreateArende, type ArendeKey } from '../../db/arenden.js';

let db: Db;
beforeEach(() => { db = openDb(':memory:'); });

const key = (k: Partial<ArendeKey>): ArendeKey => ({ municipality: 'Göteborgs Stad', body: null, meetingDate: null, number: null, title: null, diarienummer: null, ...k });

describe('findOrCreateArende', () => {
  it('joins by diarienummer regardless of case and dashes', async () => {
    const a = (await findOrCreateArende(db, key({ diarienummer: 'SLK-2023-00829', title: 'Motion om cykelbanor' })))!;
    const b = (await findOrCreateArende(db, key({ diarienummer: 'slk 2023 00829', body: 'Kommunstyrelsen' })))!;
    expect(a.rule).toBe('ny');
    expect(b).toEqual({ id: a.id, rule: 'diarienummer' });
    expect((await findOrCreateArende(db, key({ municipality: 'Huddinge kommun', diarienummer: 'SLK-2023-00829' })))!.id).not.toBe(a.id);
  });

  it('joins by body, meeting date and ärende number, and learns the diarienummer', async () => {
    const a = (await findOrCreateArende(db, key({ body: 'Kommunstyrelsen', meetingDate: '2026-02-13', number: '33' })))!;
    const b = (await findOrCreateArende(db, key({ body: 'Kommunstyrelsen', meetingDate: '2026-02-13', number: '33', diarienummer: 'SLK-2025-00101' })))!;
    expect(b).toEqual({ id: a.id, rule: 'sammantrade_och_nummer' });
    expect(await findOrCreateArende(db, key({ diarienummer: 'SLK-2025-00101' }))).toEqual({ id: a.id, rule: 'diarienummer' });
    expect((await findOrCreateArende(db, key({ body: 'Kommunstyrelsen', meetingDate: '2026-02-13', number: '34' })))!.id).not.toBe(a.id);
  });

  it('falls back to a near-identical title in the same municipality', async () => {
    const a = (await findOrCreateArende(db, key({ title: 'Motion av Jörgen Fogelklou (SD) om trygghetskameror i centrum', diarienummer: 'KS-2017/64' })))!;
    const b = (await findOrCreateArende(db, key({ title: 'Yttrande över motion av Jörgen Fogelklou om trygghetskameror i centrum', body: 'Kommunstyrelsen' })))!;
    expect(b).toEqual({ id: a.id, rule: 'titel' });
    expect((await findOrCreateArende(db, key({ municipality: 'Huddinge kommun', title: 'Motion av Jörgen Fogelklou (SD) om trygghetskameror i centrum' })))!.id).not.toBe(a.id);
  });

  it('never joins by title or meeting when the diarienummer says another matter', async () => {
    const a = (await findOrCreateArende(db, key({ title: 'Motion om fler förskoleplatser i Angered', diarienummer: 'KS-2020/1', body: 'Kommunstyrelsen', meetingDate: '2020-05-05', number: '7' })))!;
    const b = (await findOrCreateArende(db, key({ title: 'Motion om fler förskoleplatser i Angered', diarienummer: 'KS-2022/9' })))!;
    const c = (await findOrCreateArende(db, key({ body: 'Kommunstyrelsen', meetingDate: '2020-05-05', number: '7', diarienummer: 'KS-2022/10' })))!;
    expect(b.id).not.toBe(a.id);
    expect(c.id).not.toBe(a.id);
    expect(b.rule).toBe('ny');
  });

  it('an answer and its interpellation, and a yrkande on a motion, share the ärende by the paper\'s heading (issue 19)', async () => {
    const asked = (await findOrCreateArende(db, key({ title: 'Interpellation till regionstyrelsens ordförande Carl Johan Sonesson (M) från Anna Mörner (S) om väntetiderna i barn- och ungdomspsykiatrin' })))!;
    // The answer's title is the interpellation's heading as its own heading gives it, without the addressee.
    expect(await findOrCreateArende(db, key({ title: 'Interpellation från Anna Mörner (S) om väntetiderna i barn- och ungdomspsykiatrin' }))).toEqual({ id: asked.id, rule: 'titel' });
    const motion = (await findOrCreateArende(db, key({ title: 'Motion av Stina Svensson (FI) om att byta ut statyn "Sittande flicka" som är placerad vid Rådhusets innergård' })))!;
    expect(await findOrCreateArende(db, key({ title: 'Yrkande angående motion av Stina Svensson (FI) om att byta ut statyn ”Sittande flicka” som är placerad vid Rådhusets innergård', body: 'Kommunstyrelsen' })))
      .toEqual({ id: motion.id, rule: 'titel' });
    // Two interpellations to the same chair without a subject are not one matter.
    const a = (await findOrCreateArende(db, key({ title: 'Interpellation till kommunstyrelsens ordförande Torbjörn Karlsson' })))!;
    expect((await findOrCreateArende(db, key({ title: 'Interpellation till kommunstyrelsens ordförande Torbjörn Karlsson' })))!.id).not.toBe(a.id);
  });

  it('does not link generic titles', async () => {
    const a = (await findOrCreateArende(db, key({ title: 'Val' })))!;
    expect((await findOrCreateArende(db, key({ title: 'Val' })))!.id).not.toBe(a.id);
  });

  it('returns null for a document that names no matter', async () => {
    expect(await findOrCreateArende(db, key({}))).toBeNull();
  });
});
