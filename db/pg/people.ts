/**
 * People on PostgreSQL (db/people.ts calls these for a PostgreSQL handle): mentions resolved to person
 * records by the rules of db/people.ts. A mention that no override or same-name person settles is
 * resolved again under its scope's lock (db/pg/locks.ts), so two server processes naming the same new
 * person at the same moment end with one person; slugs are claimed by the unique people_slug_idx.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { memberships, people, personCandidates, personOverrides } from './schema.js';
import { inTx, lockScope } from './locks.js';
import type { PgDb } from '../engine.js';
import { slugify } from '../../server/domain/slug.js';
import { initialsFit, type NameMention } from '../../server/linking/person-names.js';
import { surnameKey, type MentionContext } from '../people.js';

export async function survivor(db: PgDb, id: number): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const [row] = await db.select({ merged: people.mergedIntoId }).from(people).where(eq(people.id, id)).limit(1);
    if (!row || row.merged === null) return id;
    id = row.merged;
  }
  return id;
}

/** A slug not yet taken (as far as committed rows and this transaction show): the name, else name + scope, else a number. */
async function freeSlug(db: PgDb, name: string, scope: string): Promise<string> {
  const base = slugify(name) || 'person';
  const taken = async (s: string) => (await db.select({ id: people.id }).from(people).where(eq(people.slug, s)).limit(1)).length > 0;
  if (!await taken(base)) return base;
  const scoped = scope ? `${base}-${slugify(scope)}` : base;
  if (!await taken(scoped)) return scoped;
  for (let n = 2; ; n++) if (!await taken(`${scoped}-${n}`)) return `${scoped}-${n}`;
}

export async function createPerson(db: PgDb, m: NameMention, scope: string): Promise<number> {
  // Another process may take the same free slug at the same moment: the unique index lets one have it
  // (waiting for the other's commit) and the other picks again.
  for (;;) {
    const [row] = await db.insert(people)
      .values({ name: m.display, slug: await freeSlug(db, m.display, scope), nameKey: m.key, surnameKey: surnameKey(m.key), scope })
      .onConflictDoNothing({ target: people.slug }).returning({ id: people.id });
    if (row) return row.id;
  }
}

async function noteCandidate(db: PgDb, a: number, b: number, reason: string): Promise<void> {
  if (a === b) return;
  const [x, y] = a < b ? [a, b] : [b, a];
  await db.insert(personCandidates).values({ personId: x, otherId: y, reason }).onConflictDoNothing();
}

async function hasParty(db: PgDb, personId: number, party: string): Promise<boolean> {
  return (await db.select({ id: memberships.id }).from(memberships)
    .where(and(eq(memberships.personId, personId), eq(memberships.partyCode, party))).limit(1)).length > 0;
}

async function sameName(db: PgDb, m: NameMention, scope: string): Promise<number | undefined> {
  const [same] = await db.select({ id: people.id }).from(people)
    .where(and(eq(people.nameKey, m.key), eq(people.scope, scope))).orderBy(people.id).limit(1);
  return same?.id;
}

export async function resolvePerson(db: PgDb, m: NameMention, ctx: MentionContext): Promise<{ personId: number; rule: string }> {
  const [override] = await db.select({ personId: personOverrides.personId }).from(personOverrides)
    .where(and(eq(personOverrides.documentId, ctx.documentId), eq(personOverrides.nameKey, m.key))).limit(1);
  if (override) return { personId: await survivor(db, override.personId), rule: 'manuell' };

  // A committed person of this name stays: most mentions end here, without the lock.
  const known = await sameName(db, m, ctx.scope);
  if (known !== undefined) return { personId: await survivor(db, known), rule: 'namn' };

  return inTx(db, async (tx) => {
    await lockScope(tx, ctx.scope);
    // Whoever held the lock before may have created the person since.
    const same = await sameName(tx, m, ctx.scope);
    if (same !== undefined) return { personId: await survivor(tx, same), rule: 'namn' };

    const surname = m.tokens[m.tokens.length - 1]!;
    const sameSurname = (await tx.select({ id: people.id, key: people.nameKey }).from(people)
      .where(and(eq(people.scope, ctx.scope), eq(people.surnameKey, surname), sql`${people.mergedIntoId} IS NULL`)).orderBy(people.id))
      .filter((p) => p.key.split(' ').length === m.tokens.length);

    if (m.hasInitials) {
      const fits = sameSurname.filter((p) => initialsFit(m.tokens, p.key.split(' ')));
      const party = ctx.party ?? m.party;
      const agreeing = [];
      if (party) for (const p of fits) if (await hasParty(tx, p.id, party)) agreeing.push(p);
      if (agreeing.length === 1 && fits.length === 1) return { personId: agreeing[0]!.id, rule: 'initialer' };
      const id = await createPerson(tx, m, ctx.scope);
      for (const p of fits) await noteCandidate(tx, id, p.id, 'initialer');
      return { personId: id, rule: 'ny' };
    }

    const id = await createPerson(tx, m, ctx.scope);
    for (const p of sameSurname) if (initialsFit(p.key.split(' '), m.tokens)) await noteCandidate(tx, id, p.id, 'initialer');
    // people_key_idx order, as SQLite reads it: by scope, then id.
    const elsewhere = await tx.select({ id: people.id }).from(people)
      .where(and(eq(people.nameKey, m.key), sql`${people.scope} <> ${ctx.scope}`, sql`${people.mergedIntoId} IS NULL`))
      .orderBy(sql`${people.scope} COLLATE "C"`, asc(people.id)).limit(20);
    for (const p of elsewhere) await noteCandidate(tx, id, p.id, 'samma namn');
    return { personId: id, rule: 'ny' };
  });
}
