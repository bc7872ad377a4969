/**
 * The work budget of one search. A query's cost is not its length: `s* ` × 166 is 497 characters and
 * made FTS5 merge every word starting with s 166 times. Bounded here, from the vocabulary's document
 * counts before anything runs: the words (query-parser.ts), the words one prefix stands for
 * (fts-query.ts), the index terms the query reads in all, the doclist entries it reads and the
 * hit × phrase visits bm25 makes. Reads and scoring grow with the archive like any query's do, so
 * they are allowed in proportion to its size: what is refused is the amplification. Pure.
 */
import type { Work } from './fts-query.js';
import { narrowerAdvice, QueryTooBroadError } from './query-parser.js';

export const BUDGET = {
  /** Index terms one query reads: every form, compound, phrase word and word a prefix stands for. */
  terms: 3000,
  /** Doclist entries read, per indexed document: the work of 24 words (the most a query may have) found in every document. */
  readsPerDocument: 24,
  /** Hits × phrases bm25 visits, per indexed document. */
  scoredPerDocument: 64,
  /** Allowed whatever the archive's size, so a small archive is not stricter than a large one needs. */
  floorReads: 50_000,
  floorScored: 100_000,
} as const;

export interface Verdict {
  ok: boolean;
  /** Why not, in Swedish, ending with what to do instead. */
  reason: string;
}

/**
 * Whether running `work` (and ranking it, when `scored`) stays within the budget for an archive of
 * `documents`. `hasPrefix` chooses the advice.
 */
export function judge(work: Work, documents: number, hasPrefix: boolean): Verdict {
  const advice = narrowerAdvice(hasPrefix);
  if (work.terms > BUDGET.terms) {
    return { ok: false, reason: `Sökningen är för bred: orden står för ${work.terms.toLocaleString('sv')} ord i arkivet och högst ${BUDGET.terms.toLocaleString('sv')} tas emot. ${advice}` };
  }
  const reads = Math.max(BUDGET.floorReads, BUDGET.readsPerDocument * documents);
  const scored = Math.max(BUDGET.floorScored, BUDGET.scoredPerDocument * documents);
  if (work.reads > reads || Math.min(work.rows, documents) * work.phrases > scored) {
    return { ok: false, reason: `Sökningen är för bred: orden förekommer tillsammans i för många dokument för att sökas på en gång. ${advice}` };
  }
  return { ok: true, reason: '' };
}

/** Throws the verdict's reason as a QueryTooBroadError when the work is over budget. */
export function requireWithin(work: Work, documents: number, hasPrefix: boolean): void {
  const v = judge(work, documents, hasPrefix);
  if (!v.ok) throw new QueryTooBroadError(v.reason);
}
