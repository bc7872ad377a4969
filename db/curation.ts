/**
 * Human decisions about people: merge two records, or split documents off into a new one.
 * Both are logged and both hold when documents are re-extracted (merges through `merged_into_id`,
 * splits through per-mention overrides).
 */
import { sql } from 'drizzle-orm';
import { transaction, type Db, type Executor, type SqliteDb } from './client.js';
import { rebuildMemberships } from './memberships.js';
import { createPerson } from './people.js';
import { linkInterpellation } from './links.js';
import { parsePersonName } from '../server/linking/person-names.js';
import { isPg } from './engine.js';
import * as pg from './pg/curation.js';

export class CurationError extends Error {}

function person(db: Executor, id: number) {
  return db.get<{ id: number; name: string; slug: string; scope: string; merged: number | null } | undefined>(
    sql`SELECT id, name, slug, scope, merged_into_id AS merged FROM people WHERE id = ${id}`);
}

async function relinkAnswers(db: SqliteDb, personId: number): Promise<void> {
  const docs = db.all<{ document_id: number }>(sql`SELECT DISTINCT document_id FROM document_authors WHERE person_id = ${personId} AND role = 'interpellant'`);
  for (const d of docs) await linkInterpellation(db, d.document_id);
}

/** Merges `fromId` into `intoId`: every mention moves, the old slug redirects. */
export async function mergePeople(db: Db, fromId: number, intoId: number, author: string): Promise<void> {
  if (isPg(db)) return pg.mergePeople(db, fromId, intoId, author);
  await transaction(db, async (tx) => {
    const from = person(tx, fromId);
    const into = person(tx, intoId);
    if (!from || !into) throw new CurationError('Personen finns inte.');
    if (from.id === into.id) throw new CurationError('En person kan inte slås ihop med sig själv.');
    if (from.merged !== null || into.merged !== null) throw new CurationError('Personen är redan sammanslagen med en annan.');
    tx.run(sql`UPDATE document_authors SET person_id = ${intoId} WHERE person_id = ${fromId}`);
    tx.run(sql`UPDATE protocol_positions SET person_id = ${intoId} WHERE person_id = ${fromId}`);
    tx.run(sql`UPDATE person_overrides SET person_id = ${intoId} WHERE person_id = ${fromId}`);
    tx.run(sql`UPDATE people SET merged_into_id = ${intoId} WHERE id = ${fromId}`);
    tx.run(sql`DELETE FROM person_candidates WHERE person_id IN (${fromId}, ${intoId}) AND other_id IN (${fromId}, ${intoId})`);
    tx.run(sql`DELETE FROM memberships WHERE person_id = ${fromId}`);
    await rebuildMemberships(tx, [intoId]);
    await relinkAnswers(tx, intoId);
    tx.run(sql`INSERT INTO person_decisions (action, person_id, other_id, detail_json, author)
      VALUES ('merge', ${fromId}, ${intoId}, ${JSON.stringify({ from: from.slug, into: into.slug })}, ${author})`);
  });
}

/**
 * Moves the person's mentions in `documentIds` to a new person (named `name`, default the same
 * name). Returns the new person's id.
 */
export async function splitPerson(db: Db, personId: number, documentIds: number[], name: string | null, author: string): Promise<number> {
  if (isPg(db)) return pg.splitPerson(db, personId, documentIds, name, author);
  return await transaction(db, async (tx) => {
    const p = person(tx, personId);
    if (!p || p.merged !== null) throw new CurationError('Personen finns inte.');
    if (documentIds.length === 0) throw new CurationError('Välj minst ett dokument att flytta.');
    const mention = parsePersonName(name ?? p.name);
    if (!mention) throw new CurationError('Namnet saknar bokstäver.');
    // The ids travel as one JSON value, so the statement has the same few variables however many there are.
    // Signatures and the like, and the person's proposals and votes in protocols.
    const mentions = tx.all<{ document_id: number; name: string | null }>(sql`
      SELECT document_id, name_as_written AS name FROM document_authors
      WHERE person_id = ${personId} AND document_id IN (SELECT value FROM json_each(${JSON.stringify(documentIds)}))
      UNION
      SELECT document_id, name_as_written AS name FROM protocol_positions
      WHERE person_id = ${personId} AND document_id IN (SELECT value FROM json_each(${JSON.stringify(documentIds)}))`);
    if (mentions.length === 0) throw new CurationError('Personen förekommer inte i de valda dokumenten.');
    const newId = await createPerson(tx, mention, p.scope);
    for (const m of mentions) {
      const key = parsePersonName(m.name ?? p.name)?.key ?? mention.key;
      tx.run(sql`INSERT OR REPLACE INTO person_overrides (document_id, name_key, person_id, author) VALUES (${m.document_id}, ${key}, ${newId}, ${author})`);
      tx.run(sql`UPDATE document_authors SET person_id = ${newId} WHERE person_id = ${personId} AND document_id = ${m.document_id}`);
      tx.run(sql`UPDATE protocol_positions SET person_id = ${newId} WHERE person_id = ${personId} AND document_id = ${m.document_id}`);
    }
    await rebuildMemberships(tx, [personId, newId]);
    await relinkAnswers(tx, personId);
    await relinkAnswers(tx, newId);
    tx.run(sql`INSERT INTO person_decisions (action, person_id, other_id, detail_json, author)
      VALUES ('split', ${personId}, ${newId}, ${JSON.stringify({ documents: documentIds })}, ${author})`);
    return newId;
  });
}
