/**
 * Human decisions about people on PostgreSQL (db/curation.ts calls these for a PostgreSQL handle):
 * merge and split, as db/curation.ts. The people decided about are locked first (in id order), so two
 * curators merging A into B and B into A at the same moment cannot both pass the "not merged yet"
 * check and leave a cycle; FOR NO KEY UPDATE leaves documents free to name them meanwhile.
 */
import { sql } from 'drizzle-orm';
import { pgTransaction } from './client.js';
import type { PgDb } from '../engine.js';
import { parsePersonName } from '../../server/linking/person-names.js';
import { CurationError } from '../curation.js';
import { createPerson } from './people.js';
import { rebuildMemberships } from './memberships.js';
import { linkInterpellation } from './links.js';

interface PersonRow { id: number; name: string; slug: string; scope: string; merged: number | null }

/** The people `ids`, each row locked for this transaction; by id. */
async function lockPeople(tx: PgDb, ids: number[]): Promise<Map<number, PersonRow>> {
  const rows = (await tx.execute(sql`
    SELECT id, name, slug, scope, merged_into_id AS merged FROM people WHERE id = ANY(${sql.param(ids)}::int[]) ORDER BY id FOR NO KEY UPDATE`)).rows as unknown as PersonRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

async function relinkAnswers(tx: PgDb, personId: number): Promise<void> {
  const docs = (await tx.execute(sql`
    SELECT document_id FROM document_authors WHERE person_id = ${personId} AND role = 'interpellant' GROUP BY document_id ORDER BY min(id)`)).rows as Array<{ document_id: number }>;
  for (const d of docs) await linkInterpellation(tx, d.document_id);
}

export async function mergePeople(db: PgDb, fromId: number, intoId: number, author: string): Promise<void> {
  await pgTransaction(db, async (tx) => {
    const locked = await lockPeople(tx, [fromId, intoId]);
    const from = locked.get(fromId);
    const into = locked.get(intoId);
    if (!from || !into) throw new CurationError('Personen finns inte.');
    if (from.id === into.id) throw new CurationError('En person kan inte slås ihop med sig själv.');
    if (from.merged !== null || into.merged !== null) throw new CurationError('Personen är redan sammanslagen med en annan.');
    await tx.execute(sql`UPDATE document_authors SET person_id = ${intoId} WHERE person_id = ${fromId}`);
    await tx.execute(sql`UPDATE protocol_positions SET person_id = ${intoId} WHERE person_id = ${fromId}`);
    await tx.execute(sql`UPDATE person_overrides SET person_id = ${intoId} WHERE person_id = ${fromId}`);
    await tx.execute(sql`UPDATE people SET merged_into_id = ${intoId} WHERE id = ${fromId}`);
    await tx.execute(sql`DELETE FROM person_candidates WHERE person_id IN (${fromId}, ${intoId}) AND other_id IN (${fromId}, ${intoId})`);
    await tx.execute(sql`DELETE FROM memberships WHERE person_id = ${fromId}`);
    await rebuildMemberships(tx, [intoId]);
    await relinkAnswers(tx, intoId);
    await tx.execute(sql`INSERT INTO person_decisions (action, person_id, other_id, detail_json, author)
      VALUES ('merge', ${fromId}, ${intoId}, ${JSON.stringify({ from: from.slug, into: into.slug })}, ${author})`);
  });
}

export async function splitPerson(db: PgDb, personId: number, documentIds: number[], name: string | null, author: string): Promise<number> {
  return await pgTransaction(db, async (tx) => {
    const p = (await lockPeople(tx, [personId])).get(personId);
    if (!p || p.merged !== null) throw new CurationError('Personen finns inte.');
    if (documentIds.length === 0) throw new CurationError('Välj minst ett dokument att flytta.');
    const mention = parsePersonName(name ?? p.name);
    if (!mention) throw new CurationError('Namnet saknar bokstäver.');
    // UNION, in the order SQLite's merge of the two halves gives: by document, then name in byte order.
    const mentions = (await tx.execute(sql`
      SELECT document_id, name FROM (
        SELECT document_id, name_as_written AS name FROM document_authors WHERE person_id = ${personId} AND document_id = ANY(${sql.param(documentIds)}::int[])
        UNION
        SELECT document_id, name_as_written AS name FROM protocol_positions WHERE person_id = ${personId} AND document_id = ANY(${sql.param(documentIds)}::int[])
      ) m ORDER BY document_id, name COLLATE "C" NULLS FIRST`)).rows as Array<{ document_id: number; name: string | null }>;
    if (mentions.length === 0) throw new CurationError('Personen förekommer inte i de valda dokumenten.');
    const newId = await createPerson(tx, mention, p.scope);
    for (const m of mentions) {
      const key = parsePersonName(m.name ?? p.name)?.key ?? mention.key;
      await tx.execute(sql`INSERT INTO person_overrides (document_id, name_key, person_id, author) VALUES (${m.document_id}, ${key}, ${newId}, ${author})
        ON CONFLICT (document_id, name_key) DO UPDATE SET person_id = excluded.person_id, author = excluded.author, created_at = excluded.created_at`);
      await tx.execute(sql`UPDATE document_authors SET person_id = ${newId} WHERE person_id = ${personId} AND document_id = ${m.document_id}`);
      await tx.execute(sql`UPDATE protocol_positions SET person_id = ${newId} WHERE person_id = ${personId} AND document_id = ${m.document_id}`);
    }
    await rebuildMemberships(tx, [personId, newId]);
    await relinkAnswers(tx, personId);
    await relinkAnswers(tx, newId);
    await tx.execute(sql`INSERT INTO person_decisions (action, person_id, other_id, detail_json, author)
      VALUES ('split', ${personId}, ${newId}, ${JSON.stringify({ documents: documentIds })}, ${author})`);
    return newId;
  });
}
