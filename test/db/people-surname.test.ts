/**
 * people.surname_key: written with every person, backfilled by migration 0013 exactly as the code
 * computes it, and what resolvePerson finds same-surname candidates by.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, closeDb } from '../../db/client.js';
import { resolvePerson, surnameKey } from '../../db/people.js';
import { parsePersonName } from '../../server/linking/person-names.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('people.surname_key', () => {
  it('is the name key’s last word, for names of two or more words', () => {
    expect(surnameKey('anna svensson')).toBe('svensson');
    expect(surnameKey('åsa öberg ström')).toBe('ström');
    expect(surnameKey('kalle')).toBe('');
  });

  it('is backfilled by the migration as the code writes it, and finds candidates by initials', async () => {
    const db = openDb(':memory:');
    const scope = 'Huddinge';
    const names = ['Anna Svensson (S)', 'Åsa Öberg-Ström (M)', 'Lars Erik von Berg (L)', 'Kalle', 'Björn Söderström (V)'];
    const ids: number[] = [];
    for (const [i, n] of names.entries()) ids.push((await resolvePerson(db, parsePersonName(n)!, { documentId: i + 1, scope, party: null })).personId);
    const c = db.$client;
    const written = c.prepare('SELECT name_key, surname_key FROM people ORDER BY id').all();
    c.prepare("UPDATE people SET surname_key = ''").run();
    const migration = fs.readFileSync(path.join(root, 'db/migrations/0013_people_surname.sql'), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').map((s) => s.replace(/^\s*--.*$/gm, '').trim()).find((s) => s.startsWith('UPDATE'))!;
    c.exec(backfill);
    expect(c.prepare('SELECT name_key, surname_key FROM people ORDER BY id').all()).toEqual(written);
    expect((written as Array<{ name_key: string; surname_key: string }>).map((r) => r.surname_key)).toEqual(
      (written as Array<{ name_key: string }>).map((r) => surnameKey(r.name_key)));
    // "A. Svensson" in the same scope is flagged as maybe Anna Svensson (found by surname), not Björn Söderström.
    const short = await resolvePerson(db, parsePersonName('A. Svensson (S)')!, { documentId: 9, scope, party: 'S' });
    expect(short.rule).toBe('ny');
    expect(c.prepare('SELECT person_id, other_id, reason FROM person_candidates').all()).toEqual([{ person_id: ids[0], other_id: short.personId, reason: 'initialer' }]);
    closeDb(db);
  });
});
