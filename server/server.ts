/** Entry point: config → database (SQLite file, or PostgreSQL from DATABASE_URL) → seed on first start → buildApp → listen; closes gracefully. */
import { loadConfig } from './config.js';
import { openDb, closeDb, type Db } from '../db/client.js';
import { openPg } from '../db/pg/client.js';
import { buildApp } from './app.js';
import { seedIfEmpty } from './seed.js';
import { needsRelink } from '../db/relink.js';
import { relinkAll } from './use-cases/documents.js';
import { pruneStaleUploads } from '../db/pending-uploads.js';
import { closeSharedAnalysisPools } from './ingest/analysis-pool.js';

/** Uploads left unreviewed this long are dropped (their bytes are the bulk of the table). */
const PENDING_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

const config = loadConfig();

/** Opens and migrates the PostgreSQL database, or says in Swedish why it cannot and exits. */
async function openPgOrExit(url: string): Promise<Db> {
  try {
    return await openPg(url);
  } catch (err) {
    const where = (() => { try { const u = new URL(url); return `${u.hostname}:${u.port || 5432}${u.pathname}`; } catch { return 'DATABASE_URL'; } })();
    process.stderr.write(`Kunde inte öppna PostgreSQL-databasen ${where}: ${(err as Error).message}\nKontrollera DATABASE_URL (postgres://användare:lösenord@värd:port/databas) och att servern är igång.\n`);
    process.exit(2);
  }
}
// DATABASE_URL: PostgreSQL (several processes may share it); otherwise the embedded SQLite file.
const db = config.databaseUrl !== null ? await openPgOrExit(config.databaseUrl) : openDb(config.databasePath);
const seeded = await seedIfEmpty(db, config);
const app = await buildApp(config, db, { logger: true });
if (seeded.imported > 0) app.log.info({ imported: seeded.imported, failed: seeded.failed }, 'seed documents imported');
// A database written before linking existed gets its links once, before serving.
if (await needsRelink(db)) app.log.info({ documents: await relinkAll(db) }, 'links built for a database from before linking');

const prune = async () => {
  const n = await pruneStaleUploads(db, PENDING_MAX_AGE_MS);
  if (n) app.log.info({ dropped: n }, 'stale pending uploads dropped');
};
await prune();
// Scanned PDFs are read in the background; jobs a restart interrupted resume here.
await app.ocr.start();
setInterval(prune, 6 * 60 * 60 * 1000).unref();

/** However busy the server is, SIGTERM ends it within this long. */
const SHUTDOWN_LIMIT_MS = 8_000;

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Analysis runs in workers, so this thread is free to hear the signal; if closing still
    // stalls (a client holding a request), the process leaves anyway.
    setTimeout(() => {
      app.log.warn('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    app.close()
      .then(() => closeSharedAnalysisPools())
      .finally(() => { closeDb(db); process.exit(0); });
  });
}

await app.listen({ port: config.port, host: config.host });
// Upload workers load now, in the background, rather than on the first upload.
app.warmAnalysis();
void app.searches.ready().then(() => app.log.info({ workers: config.searchWorkers }, 'search workers ready'));
