/** One import for scripts/bench/engines-import.ts: the files listed in a JSON file into a SQLite file or a PostgreSQL URL; prints {imported, seconds}. */
import fs from 'node:fs';
import { openDb, closeDb, type Db } from '../../db/client.js';
import { openPg, closePg } from '../../db/pg/client.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { loadConfig } from '../../server/config.js';

const [list, target, workers] = process.argv.slice(2) as [string, string, string];
const files = JSON.parse(fs.readFileSync(list, 'utf8')) as string[];
const pg = /^postgres(ql)?:\/\//.test(target);
// Statements sent to PostgreSQL, counted for the per-document figure (the round trips are its cost).
let statements = 0;
if (pg) {
  const { default: driver } = await import('pg');
  const query = driver.Client.prototype.query;
  driver.Client.prototype.query = function (this: unknown, ...args: unknown[]) { statements++; return (query as (...a: unknown[]) => unknown).apply(this, args); } as typeof query;
}
const db: Db = pg ? await openPg(target) : openDb(target);
const started = performance.now();
const summary = await importFiles(db, files, loadConfig({}), { workers: Number(workers) });
const seconds = (performance.now() - started) / 1000;
if (pg) await closePg(db as Awaited<ReturnType<typeof openPg>>); else closeDb(db);
console.log(JSON.stringify({ imported: summary.imported, seconds, statements }));
