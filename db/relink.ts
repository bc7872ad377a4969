/** Re-derives every document's links after a change of rules; curated decisions (merges, splits) hold. */
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { relinkDocument } from './documents.js';
import { parsePersonName } from '../server/linking/person-names.js';
import { surnameKey } from './people.js';

/** True for a database whose people predate name keys (written before linking existed). */
export function needsRelink(db: Db): boolean {
  return db.get<{ x: number } | undefined>(sql`SELECT 1 AS x FROM people WHERE name_key = '' LIMIT 1`) !== undefined;
}

/** Relinks all documents in id order; returns how many. */
export function relinkAll(db: Db, onProgress: (done: number, total: number) => void = () => {}): number {
  // People stored before name keys existed get one, so resolution finds them again.
  db.transaction((tx) => {
    for (const p of tx.all<{ id: number; name: string }>(sql`SELECT id, name FROM people WHERE name_key = ''`)) {
      const m = parsePersonName(p.name);
      const scope = tx.get<{ scope: string } | undefined>(sql`
        SELECT coalesce(d.municipality, d.body, '') AS scope FROM document_authors a JOIN documents d ON d.id = a.document_id
        WHERE a.person_id = ${p.id} LIMIT 1`)?.scope ?? '';
      const key = m?.key ?? p.name.toLocaleLowerCase('sv');
      tx.run(sql`UPDATE people SET name_key = ${key}, surname_key = ${surnameKey(key)}, scope = ${scope} WHERE id = ${p.id}`);
    }
  });
  const ids = db.all<{ id: number }>(sql`SELECT id FROM documents ORDER BY id`).map((r) => r.id);
  ids.forEach((id, i) => {
    relinkDocument(db, id);
    if ((i + 1) % 200 === 0 || i + 1 === ids.length) onProgress(i + 1, ids.length);
  });
  return ids.length;
}
