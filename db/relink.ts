/** What relinking every document needs of SQL (the use-case is server/use-cases/documents.ts#relinkAll). */
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { parsePersonName } from '../server/linking/person-names.js';
import { surnameKey } from './people.js';
import { isPg } from './engine.js';
import * as pg from './pg/relink.js';

/** True for a database whose people predate name keys (written before linking existed). */
export async function needsRelink(db: Db): Promise<boolean> {
  if (isPg(db)) return pg.needsRelink(db);
  return db.get<{ x: number } | undefined>(sql`SELECT 1 AS x FROM people WHERE name_key = '' LIMIT 1`) !== undefined;
}

/** People stored before name keys existed get one (and their surname key and scope), so resolution finds them again. */
export async function rekeyPeople(db: Db): Promise<void> {
  if (isPg(db)) return pg.rekeyPeople(db);
  for (const p of db.all<{ id: number; name: string }>(sql`SELECT id, name FROM people WHERE name_key = ''`)) {
    const m = parsePersonName(p.name);
    const scope = db.get<{ scope: string } | undefined>(sql`
      SELECT coalesce(d.municipality, d.body, '') AS scope FROM document_authors a JOIN documents d ON d.id = a.document_id
      WHERE a.person_id = ${p.id} LIMIT 1`)?.scope ?? '';
    const key = m?.key ?? p.name.toLocaleLowerCase('sv');
    db.run(sql`UPDATE people SET name_key = ${key}, surname_key = ${surnameKey(key)}, scope = ${scope} WHERE id = ${p.id}`);
  }
}
