/** What relinking every document needs of SQL on PostgreSQL (db/relink.ts calls these for a PostgreSQL handle). */
import { sql } from 'drizzle-orm';
import type { PgDb } from '../engine.js';
import { parsePersonName } from '../../server/linking/person-names.js';
import { surnameKey } from '../people.js';

export async function needsRelink(db: PgDb): Promise<boolean> {
  return (await db.execute(sql`SELECT 1 AS x FROM people WHERE name_key = '' LIMIT 1`)).rows.length > 0;
}

export async function rekeyPeople(db: PgDb): Promise<void> {
  const stale = (await db.execute(sql`SELECT id, name FROM people WHERE name_key = '' ORDER BY id`)).rows as Array<{ id: number; name: string }>;
  for (const p of stale) {
    const m = parsePersonName(p.name);
    // The person's first author row, as SQLite's plan reads them.
    const [row] = (await db.execute(sql`
      SELECT coalesce(d.municipality, d.body, '') AS scope FROM document_authors a JOIN documents d ON d.id = a.document_id
      WHERE a.person_id = ${p.id} ORDER BY a.id LIMIT 1`)).rows as Array<{ scope: string }>;
    const key = m?.key ?? p.name.toLocaleLowerCase('sv');
    await db.execute(sql`UPDATE people SET name_key = ${key}, surname_key = ${surnameKey(key)}, scope = ${row?.scope ?? ''} WHERE id = ${p.id}`);
  }
}
