/**
 * People: extraction mentions resolved to curated person records.
 * Rules, in order: a human override for this mention; the same name key in the same scope
 * (municipality, else body); initials that fit exactly one known person of the same party in
 * the same scope. Anything less certain creates a new person and records "möjligen samma person".
 * Merged people point to the survivor, so a merge holds for every later re-extraction.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from './client.js';
import { memberships, people, personCandidates, personOverrides } from './schema.js';
import { slugify } from '../server/domain/slug.js';
import type { NameMention } from '../server/linking/person-names.js';
import { initialsFit } from '../server/linking/person-names.js';
import { isPg, type Db } from './engine.js';
import * as pg from './pg/people.js';

export interface MentionContext {
  documentId: number;
  /** Municipality, else body ("Riksdagen"); '' when the document says neither. */
  scope: string;
  /** The mention's party, from the text. */
  party: string | null;
}

/** Follows merges to the surviving person. */
export async function survivor(db: Db, id: number): Promise<number> {
  if (isPg(db)) return pg.survivor(db, id);
  for (let i = 0; i < 20; i++) {
    const row = db.select({ merged: people.mergedIntoId }).from(people).where(eq(people.id, id)).get();
    if (!row || row.merged === null) return id;
    id = row.merged;
  }
  return id;
}

/** A slug not yet taken: the name, else name + scope, else a number. */
function freeSlug(db: Executor, name: string, scope: string): string {
  const base = slugify(name) || 'person';
  const taken = (s: string) => db.select({ id: people.id }).from(people).where(eq(people.slug, s)).get() !== undefined;
  if (!taken(base)) return base;
  const scoped = scope ? `${base}-${slugify(scope)}` : base;
  if (!taken(scoped)) return scoped;
  for (let n = 2; ; n++) if (!taken(`${scoped}-${n}`)) return `${scoped}-${n}`;
}

/** The last word of a name key of two or more words; '' for one word (people.surname_key). */
export function surnameKey(nameKey: string): string {
  const at = nameKey.lastIndexOf(' ');
  return at < 0 ? '' : nameKey.slice(at + 1);
}

export async function createPerson(db: Db, m: NameMention, scope: string): Promise<number> {
  if (isPg(db)) return pg.createPerson(db, m, scope);
  return db.insert(people).values({ name: m.display, slug: freeSlug(db, m.display, scope), nameKey: m.key, surnameKey: surnameKey(m.key), scope })
    .returning({ id: people.id }).get().id;
}

function noteCandidate(db: Executor, a: number, b: number, reason: string): void {
  if (a === b) return;
  const [x, y] = a < b ? [a, b] : [b, a];
  db.insert(personCandidates).values({ personId: x, otherId: y, reason }).onConflictDoNothing().run();
}

function hasParty(db: Executor, personId: number, party: string): boolean {
  return db.select({ id: memberships.id }).from(memberships)
    .where(and(eq(memberships.personId, personId), eq(memberships.partyCode, party))).get() !== undefined;
}

/** Resolves a mention to a person id (creating one when no rule is certain) and says which rule decided. */
export async function resolvePerson(db: Db, m: NameMention, ctx: MentionContext): Promise<{ personId: number; rule: string }> {
  if (isPg(db)) return pg.resolvePerson(db, m, ctx);
  const override = db.select({ personId: personOverrides.personId }).from(personOverrides)
    .where(and(eq(personOverrides.documentId, ctx.documentId), eq(personOverrides.nameKey, m.key))).get();
  if (override) return { personId: await survivor(db, override.personId), rule: 'manuell' };

  const same = db.select({ id: people.id }).from(people)
    .where(and(eq(people.nameKey, m.key), eq(people.scope, ctx.scope))).orderBy(people.id).get();
  if (same) return { personId: await survivor(db, same.id), rule: 'namn' };

  const surname = m.tokens[m.tokens.length - 1]!;
  const sameSurname = db.select({ id: people.id, key: people.nameKey }).from(people)
    .where(and(eq(people.scope, ctx.scope), eq(people.surnameKey, surname), sql`${people.mergedIntoId} IS NULL`)).all()
    .filter((p) => p.key.split(' ').length === m.tokens.length);

  if (m.hasInitials) {
    const fits = sameSurname.filter((p) => initialsFit(m.tokens, p.key.split(' ')));
    const party = ctx.party ?? m.party;
    const agreeing = party ? fits.filter((p) => hasParty(db, p.id, party)) : [];
    if (agreeing.length === 1 && fits.length === 1) return { personId: agreeing[0]!.id, rule: 'initialer' };
    const id = await createPerson(db, m, ctx.scope);
    for (const p of fits) noteCandidate(db, id, p.id, 'initialer');
    return { personId: id, rule: 'ny' };
  }

  const id = await createPerson(db, m, ctx.scope);
  // Earlier abbreviated mentions that this full name could explain stay apart but are flagged.
  for (const p of sameSurname) if (initialsFit(p.key.split(' '), m.tokens)) noteCandidate(db, id, p.id, 'initialer');
  // The same name elsewhere may be the same person (a councillor who moved, a regional politician).
  const elsewhere = db.select({ id: people.id }).from(people)
    .where(and(eq(people.nameKey, m.key), sql`${people.scope} <> ${ctx.scope}`, sql`${people.mergedIntoId} IS NULL`)).limit(20).all();
  for (const p of elsewhere) noteCandidate(db, id, p.id, 'samma namn');
  return { personId: id, rule: 'ny' };
}
