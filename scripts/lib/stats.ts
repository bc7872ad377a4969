/** Latency summaries for benchmarks. */

/** The p-th percentile (nearest rank) of unsorted samples; NaN for none. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
}

/** "p50 … ms, p95 … ms, p99 … ms". */
export function latencySummary(xs: number[]): string {
  return `p50 ${percentile(xs, 50).toFixed(2)} ms, p95 ${percentile(xs, 95).toFixed(2)} ms, p99 ${percentile(xs, 99).toFixed(2)} ms`;
}
