/** Entry point: config → database → seed on first start → buildApp → listen; closes gracefully. */
import { loadConfig } from './config.js';
import { openDb, closeDb } from '../db/client.js';
import { buildApp } from './app.js';
import { seedIfEmpty } from './seed.js';
import { needsRelink, relinkAll } from '../db/relink.js';
import { pruneStaleUploads } from '../db/pending-uploads.js';

/** Uploads left unreviewed this long are dropped (their bytes are the bulk of the table). */
const PENDING_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

const config = loadConfig();
const db = openDb(config.databasePath);
const seeded = await seedIfEmpty(db, config);
const app = await buildApp(config, db, { logger: true });
if (seeded.imported > 0) app.log.info({ imported: seeded.imported, failed: seeded.failed }, 'seed documents imported');
// A database written before linking existed gets its links once, before serving.
if (needsRelink(db)) app.log.info({ documents: relinkAll(db) }, 'links built for a database from before linking');

const prune = () => {
  const n = pruneStaleUploads(db, PENDING_MAX_AGE_MS);
  if (n) app.log.info({ dropped: n }, 'stale pending uploads dropped');
};
prune();
// Scanned PDFs are read in the background; jobs a restart interrupted resume here.
await app.ocr.start();
setInterval(prune, 6 * 60 * 60 * 1000).unref();

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().finally(() => { closeDb(db); process.exit(0); });
  });
}

await app.listen({ port: config.port, host: config.host });
void app.searches.ready().then(() => app.log.info({ workers: config.searchWorkers }, 'search workers ready'));
