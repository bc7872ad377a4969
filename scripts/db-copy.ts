/**
 * Moves an archive from its SQLite file to PostgreSQL (issue 17):
 *   npm run db:copy -- --from data/standpunkt.db --to postgres://user@host/db
 * The target is migrated first; tables are copied in chunks, each with a note of how far the copy
 * has come, so running the same command again after an interruption continues where it stopped.
 * The search index is built on PostgreSQL from the copied documents. Then the copy is verified:
 * rows per table, every file's bytes against its sha256, and the same answers to a sample of searches
 * (server/search/compare.ts). Exit 0 when everything matches, 1 when
 * something does not (or the copy failed), 2 on bad use. The SQLite file is only read.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openPg, closePg } from '../db/pg/client.js';
import { copyComplete, copyTables, copyVocabulary, verifyCopy } from '../db/copy.js';
import { closeDb, openReadOnlyDb } from '../db/client.js';
import { compareSearches, sampleQueries } from '../server/search/compare.js';
import { rebuildSearchIndex } from '../db/reindex.js';
import { UnportedError } from '../db/engine.js';

const usage = 'Användning: npm run db:copy -- --from FIL.db --to postgres://användare@värd/databas';
let values: { from?: string; to?: string };
try {
  ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true }));
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
if (!values.from || !values.to || !/^postgres(ql)?:\/\//i.test(values.to)) { console.error(usage); process.exit(2); }
if (!fs.existsSync(values.from)) { console.error(`Filen ${values.from} finns inte.\n${usage}`); process.exit(2); }

/** The target without its password, for messages. */
const shown = (() => { try { const u = new URL(values.to!); u.password = ''; return u.toString(); } catch { return 'PostgreSQL'; } })();
const sqlite = new Database(values.from, { readonly: true, fileMustExist: true });
const pg = await openPg(values.to);
const tty = process.stderr.isTTY;
const bar = (done: number, total: number) => {
  const width = 24;
  const filled = total ? Math.round((done / total) * width) : width;
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
};
let lastLine = '';
try {
  const resumed = await copyComplete(pg.pool);
  if (!resumed) {
    const started = performance.now();
    await copyTables(sqlite, pg.pool, ({ table, done, total }) => {
      const line = `${table.padEnd(22)} ${bar(done, total)} ${done.toLocaleString('sv')} / ${total.toLocaleString('sv')}`;
      if (tty) process.stderr.write(`\r${line}\u001b[K`);
      else if (done === total && line !== lastLine) console.error(line);
      lastLine = line;
    });
    if (tty) process.stderr.write('\n');
    console.log(`Tabellerna kopierade till ${shown} på ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } else {
    console.log(`Tabellerna var redan kopierade till ${shown}.`);
  }
  try {
    const n = await rebuildSearchIndex(pg, (done, total) => { if (tty) process.stderr.write(`\rSökindex ${bar(done, total)} ${done} / ${total}\u001b[K`); });
    if (tty) process.stderr.write('\n');
    const words = await copyVocabulary(sqlite, pg.pool);
    console.log(`Sökindexet byggt för ${n} dokument; ordförrådets ${words.toLocaleString('sv')} räkningar som i SQLite.`);
  } catch (err) {
    if (!(err instanceof UnportedError)) throw err;
    console.error(`Sökindexet byggs inte än: ${err.message}`);
    process.exitCode = 1;
  }
  const check = await verifyCopy(sqlite, pg.pool);
  // The same search answers on both: a sample of queries over the archive's own words.
  const reader = openReadOnlyDb(values.from);
  const queries = await sampleQueries(reader);
  const differ = await compareSearches(reader, pg, queries);
  closeDb(reader);
  for (const d of differ) console.error(`✗ sökningen ${d.q} svarar olika:\n    SQLite:     ${d.a}\n    PostgreSQL: ${d.b}`);
  const wrong = check.tables.filter((t) => t.sqlite !== t.postgres);
  for (const t of check.tables) console.log(`${t.sqlite === t.postgres ? '  ' : '✗ '}${t.table.padEnd(22)} ${String(t.sqlite).padStart(9)} ${String(t.postgres).padStart(9)}`);
  if (check.badFiles.length) console.error(`✗ ${check.badFiles.length} filer har andra byte än sin sha256 (fil-id ${check.badFiles.slice(0, 10).join(', ')}${check.badFiles.length > 10 ? ' …' : ''}).`);
  if (wrong.length || check.badFiles.length || differ.length) {
    console.error('Kopian stämmer inte: se raderna märkta ✗.');
    process.exitCode = 1;
  } else {
    console.log(`Kontrollerad: lika många rader i alla ${check.tables.length} tabeller, varje fils byte stämmer med sin sha256, och ${queries.length} sökningar ger samma svar.`);
  }
} catch (err) {
  if (tty) process.stderr.write('\n');
  console.error(`Kopieringen avbröts: ${(err as Error).message}\nKör samma kommando igen för att fortsätta där den stannade.`);
  process.exitCode = 1;
} finally {
  sqlite.close();
  await closePg(pg);
}
