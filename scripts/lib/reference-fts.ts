/**
 * The bare-FTS5 reference that bench:search measures the project against: one FTS5 table
 * (unicode61, bm25() through `rank`, snippet(), count(*)), with exactly the schema and the
 * queries below, built from the same text files the project imports.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { words } from '../../server/analysis/swedish.js';

export const REFERENCE_SCHEMA = "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61 remove_diacritics 0')";
export const REFERENCE_SEARCH = "SELECT rowid AS id, title, snippet(docs, 1, char(1), char(2), '…', 24) AS snippet FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 20";
export const REFERENCE_COUNT = 'SELECT count(*) FROM docs WHERE docs MATCH ?';

/** Builds the reference database from text files (title: the first non-empty line); returns seconds taken. */
export function buildReference(dbFile: string, files: string[]): number {
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
  const started = performance.now();
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(REFERENCE_SCHEMA);
  const insert = db.prepare('INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)');
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const text = fs.readFileSync(files[i]!, 'utf8');
      const title = (text.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 200);
      insert.run(i + 1, title, text);
    }
  });
  for (let i = 0; i < files.length; i += 1000) batch(i, Math.min(files.length, i + 1000));
  db.close();
  return (performance.now() - started) / 1000;
}

/** The project's query in plain FTS5: unstemmed words ANDed, phrases and prefixes kept, filters dropped. */
export function referenceQuery(q: string): string | null {
  const parts: string[] = [];
  for (const m of q.matchAll(/"([^"]+)"|(\S+)/g)) {
    if (m[1]) parts.push(`"${words(m[1]).join(' ')}"`);
    else if (/^\p{L}+:/u.test(m[2]!)) continue;
    else if (m[2]!.endsWith('*')) parts.push(`"${words(m[2]!.slice(0, -1)).join(' ')}"*`);
    else for (const w of words(m[2]!)) parts.push(`"${w}"`);
  }
  return parts.length ? parts.join(' AND ') : null;
}
