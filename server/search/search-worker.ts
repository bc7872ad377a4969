/**
 * A search worker thread (search-runner.ts starts it): runs `search` over its own read-only
 * connection, so a long search occupies this thread, not the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadOnlyDb } from '../../db/client.js';
import { QuerySyntaxError, QueryTooBroadError } from './query-parser.js';
import { search, type SearchOptions } from './search-service.js';
import { Suggester } from './suggest.js';

/** A search, or completions for what has been typed (`suggest`). */
export type SearchJob = { id: number; kind: 'search'; q: string; opts: SearchOptions } | { id: number; kind: 'suggest'; q: string };
export type SearchAnswer =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; kind: 'broad' | 'syntax' | 'error'; message: string };

const db = openReadOnlyDb((workerData as { databasePath: string }).databasePath);
// The suggestion index lives here too: rebuilding it over 40,000 words takes most of a second.
const suggester = new Suggester(db);
const port = parentPort!;
port.on('message', (job: SearchJob) => {
  const { id } = job;
  let answer: SearchAnswer;
  try {
    answer = { id, ok: true, result: job.kind === 'search' ? search(db, job.q, { ...job.opts, suggester }) : suggester.suggest(job.q) };
  } catch (err) {
    const kind = err instanceof QueryTooBroadError ? 'broad' : err instanceof QuerySyntaxError ? 'syntax' : 'error';
    answer = { id, ok: false, kind, message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(answer);
});
port.postMessage({ ready: true });
