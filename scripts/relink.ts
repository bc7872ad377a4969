/** npm run relink: re-derives people, memberships, ärenden, answers and reused paragraphs for every document. */
import { loadConfig } from '../server/config.js';
import { openDb, closeDb } from '../db/client.js';
import { relinkAll } from '../server/use-cases/documents.js';

const config = loadConfig();
const db = openDb(config.databasePath);
const started = Date.now();
const n = await relinkAll(db, (done, total) => process.stderr.write(`\rLänkar ${done}/${total}`));
closeDb(db);
console.log(`\nLänkarna byggda om: ${n} dokument på ${((Date.now() - started) / 1000).toFixed(1)} s.`);
