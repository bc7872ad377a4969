/**
 * When a misspelt query may be corrected without asking (issue 16, "search that forgives"): pure rules over
 * candidates the suggestion index proposes. A correction is *confident* only when the word is not in the
 * archive at all, the candidate is close (one edit, two for long words; a swap of two letters is one edit)
 * and frequent, and no other candidate as close is nearly as frequent. Anything less is a "Menade du …?".
 */

/** Damerau–Levenshtein distance (optimal string alignment), or `max + 1` as soon as it must exceed `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = cur;
  }
  return Math.min(prev[n]!, max + 1);
}

export interface Candidate {
  /** The word as the archive holds it (lower case). */
  text: string;
  /** Documents that hold it; names without a count weigh as 1. */
  count: number;
}

export interface WordCorrection {
  from: string;
  to: string;
  distance: number;
  /** Documents that hold the correction. */
  count: number;
  /** True when the query may be run corrected at once; false: only offered ("Menade du …?"). */
  confident: boolean;
}

/** Fewest documents a correction must be found in to be taken without asking. */
export const CONFIDENT_MIN_DOCS = 3;
/** A rival as close that has at least this share of the best one's documents makes the choice a guess. */
const RIVAL_SHARE = 0.25;

/** Edits allowed for a word of this length: one up to seven letters, two for longer words. */
export function allowedEdits(word: string): number {
  return [...word].length >= 8 ? 2 : 1;
}

/**
 * The best correction of `word` among `candidates`, or null. `known` says whether the archive holds the
 * word itself: a word that exists is never corrected, however rare.
 */
export function correctWord(word: string, candidates: Candidate[], known: boolean): WordCorrection | null {
  const w = word.toLocaleLowerCase('sv');
  if (known || [...w].length < 4 || /\d/u.test(w)) return null;
  const max = allowedEdits(w);
  const scored = candidates
    .filter((c) => c.text !== w && !/\s/u.test(c.text))
    .map((c) => ({ ...c, distance: editDistance(w, c.text, max) }))
    .filter((c) => c.distance <= max)
    // Closest first, then the most documents.
    .sort((a, b) => a.distance - b.distance || b.count - a.count || a.text.localeCompare(b.text, 'sv'));
  const best = scored[0];
  if (!best) return null;
  const rival = scored.find((c) => c !== best && c.distance <= best.distance && c.count >= best.count * RIVAL_SHARE);
  const confident = best.count >= CONFIDENT_MIN_DOCS && !rival;
  return { from: w, to: best.text, distance: best.distance, count: best.count, confident };
}
