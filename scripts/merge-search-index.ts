/**
 * Merges the search index of an existing archive into one segment (db/search-index.ts#mergeSearchIndex),
 * as `npm run import` now does after its last batch: for archives imported before it did.
 * Usage: tsx scripts/merge-search-index.ts [DATABASE]   (default: DATABASE_PATH from the environment)
 */
import { loadConfig } from '../server/config.js';
import { closeDb, openDb } from '../db/client.js';
import { mergeSearchIndex } from '../db/search-index.js';

const file = process.argv[2] ?? loadConfig().databasePath;
const db = openDb(file);
const started = performance.now();
const steps = await mergeSearchIndex(db);
db.$client.pragma('wal_checkpoint(TRUNCATE)');
closeDb(db);
console.log(`Sökindexet sammanfogat: ${steps} steg på ${((performance.now() - started) / 1000).toFixed(1)} s (${file}).`);
