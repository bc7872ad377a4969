/**
 * Per-thread memory of a process, sampled: a preload (`node --import`) that every thread runs
 * (the import's analysis workers keep the parent's --import; eval workers such as the checkpointer
 * do not), each writing one JSON line every 250 ms to $MEMTRACE_DIR/t<threadId>-<kind>.jsonl: its
 * V8 heap (used, committed, per space), external and array buffers, and on the main thread the
 * process's RSS split by /proc/self/smaps_rollup. Summarise with thread-memory-summary.mjs.
 *
 *   MEMTRACE_DIR=/tmp/mt node --import ./scripts/bench/thread-memory.mjs --import tsx scripts/bench/import-profile.ts --dir DIR
 */
import { threadId, isMainThread, workerData } from 'node:worker_threads';
import fs from 'node:fs';
import v8 from 'node:v8';
const dir = process.env.MEMTRACE_DIR;
if (dir) {
  fs.mkdirSync(dir, { recursive: true });
  const kind = isMainThread ? 'main' : (workerData && typeof workerData === 'object' && 'file' in workerData ? 'checkpointer' : (workerData && typeof workerData === 'object' && 'pdfInThread' in workerData ? 'analysis' : `other:${JSON.stringify(Object.keys(workerData ?? {}))}`));
  const f = `${dir}/t${threadId}-${kind}.jsonl`;
  const snap = () => {
    const m = process.memoryUsage();
    const h = v8.getHeapStatistics();
    const sp = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name.replace('_space', ''), Math.round(s.physical_space_size / 1e5) / 10]));
    const rec = { t: Date.now(), rss: Math.round(m.rss / 1e5) / 10, used: Math.round(m.heapUsed / 1e5) / 10, total: Math.round(m.heapTotal / 1e5) / 10, phys: Math.round(h.total_physical_size / 1e5) / 10, ext: Math.round(m.external / 1e5) / 10, ab: Math.round(m.arrayBuffers / 1e5) / 10, malloced: Math.round(h.malloced_memory / 1e5) / 10, sp };
    if (isMainThread) {
      try {
        const r = fs.readFileSync('/proc/self/smaps_rollup', 'utf8');
        for (const k of ['Anonymous', 'Rss', 'Shared_Clean', 'Private_Clean', 'Private_Dirty']) { const x = r.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm')); if (x) rec[k] = Math.round(Number(x[1]) / 1e2) / 10; }
        rec.threads = fs.readdirSync('/proc/self/task').length;
      } catch {}
    }
    fs.appendFileSync(f, JSON.stringify(rec) + '\n');
  };
  snap();
  setInterval(snap, 250).unref();
}
