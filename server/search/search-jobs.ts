/** What a search worker is asked (search-worker.ts) and how it answers; the same on any thread. */
import type { Db } from '../../db/client.js';
import { search, type SearchOptions } from './search-service.js';
import type { Suggester } from './suggest.js';

/** A search (with "Menade du …?" when nothing matches), or completions for what has been typed (`suggest`). */
export type SearchJob = { id: number; kind: 'search'; q: string; opts: SearchOptions } | { id: number; kind: 'suggest'; q: string };

export type SearchAnswer =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; kind: 'broad' | 'syntax' | 'error'; message: string };

/** Does the job; throws as `search` does. */
export async function answer(db: Db, suggester: Suggester, job: SearchJob): Promise<unknown> {
  return job.kind === 'search' ? await search(db, job.q, { ...job.opts, suggester }) : await suggester.suggest(job.q);
}
