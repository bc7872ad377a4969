/** npm run reindex: rebuilds the search index from the documents in the database. */
import { loadConfig } from '../server/config.js';
import { openDb, closeDb } from '../db/client.js';
import { rebuildSearchIndex } from '../db/reindex.js';

const config = loadConfig();
const db = openDb(config.databasePath);
const started = Date.now();
const n = await rebuildSearchIndex(db, (done, total) => process.stderr.write(`\rIndexerar ${done}/${total}`));
closeDb(db);
console.log(`\nSökindexet byggt om: ${n} dokument på ${((Date.now() - started) / 1000).toFixed(1)} s.`);
