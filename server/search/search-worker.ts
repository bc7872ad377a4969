/**
 * A search worker thread (search-runner.ts starts it): answers jobs over its own read-only
 * connection, so a long search occupies this thread, not the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadOnlyDb } from '../../db/client.js';
import { QuerySyntaxError, QueryTooBroadError } from './query-parser.js';
import { answer, type SearchAnswer, type SearchJob } from './search-jobs.js';
import { Suggester } from './suggest.js';

const db = openReadOnlyDb((workerData as { databasePath: string }).databasePath);
// The suggestion index lives here too: rebuilding it over 40,000 words takes most of a second.
const suggester = new Suggester(db);
const port = parentPort!;
port.on('message', async (job: SearchJob) => {
  let reply: SearchAnswer;
  try {
    reply = { id: job.id, ok: true, result: await answer(db, suggester, job) };
  } catch (err) {
    const kind = err instanceof QueryTooBroadError ? 'broad' : err instanceof QuerySyntaxError ? 'syntax' : 'error';
    reply = { id: job.id, ok: false, kind, message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
