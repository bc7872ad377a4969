/**
 * Bulk import of files from disk. Files already stored (same sha256) are skipped before any work,
 * so an interrupted import resumes where it stopped without duplicates. Analysis runs on all cores
 * (`AnalysisPool`); writes stay on this thread, several documents per transaction, because the
 * commit is most of a write's cost. Every file's outcome is kept for the report.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { openWriteBatch, type Db } from '../../db/client.js';
import { mergeSearchIndex } from '../../db/search-index.js';
import { countDocuments, findDocumentIdBySha } from '../../db/documents.js';
import { storeDocument, type NewDocument } from '../use-cases/documents.js';
import { AnalysisPool } from './analysis-pool.js';
import { analysisWorkerBundle } from './worker-bundle.js';
import { PDF_HEAP_MB } from './extractors/pdf-pool.js';
import { startCheckpointer } from '../../db/checkpointer.js';
import { CSV_BOM, csvLine } from '../domain/csv.js';
import type { IngestOptions } from './pipeline.js';

/**
 * What an analysed document holds on this thread until it is written, roughly in bytes: its text,
 * the file's bytes and the index's stems and exact words (each about as long as the text). A batch
 * closes once its documents hold this much, before it has its batchSize documents, and the lanes
 * wait while twice this is analysed and unwritten. A usual document holds some 10 kB, so this
 * changes only batches of large ones: measured by text alone (4,000,000 characters then) the queue
 * could hold some 60 MB of a run of megabyte texts, a tenth of the import's peak RSS.
 */
const BATCH_BYTES = 4_000_000;

/** The estimate BATCH_BYTES bounds. */
export function heldBytes(doc: NewDocument): number {
  return doc.text.length + doc.bytes.byteLength + (doc.prepared ? doc.prepared.bodyTokens.length + doc.prepared.bodyExact.length : 0);
}

export type Outcome = 'importerad' | 'dubblett' | 'misslyckad';

export interface FileOutcome {
  file: string;
  outcome: Outcome;
  documentId: number | null;
  kind: string | null;
  title: string | null;
  warnings: string[];
  reason: string | null;
}

export interface ImportSummary {
  imported: number;
  duplicates: number;
  failures: Array<{ file: string; reason: string }>;
  seconds: number;
  interrupted: boolean;
  outcomes: FileOutcome[];
}

export interface ImportOptions {
  /** Analysis threads; 0 analyses on this thread. Default: one per core. */
  workers?: number;
  onDone?: (outcome: FileOutcome) => void;
  /** Checked before each file is started; true stops the import after the files in flight. */
  shouldStop?: () => boolean;
  /** Documents per write transaction. */
  batchSize?: number;
}

/**
 * PDFs an analysis worker reads before it is replaced (the PDF pool's threads, for uploads, stay at
 * 200). A successor costs a worker's start and its JIT warm-up again, about 1.4 s of CPU, which
 * every 200 PDFs was some 7 ms per PDF, more than reading one. pdf.js keeps nothing that grows from
 * file to file: the heap after a full GC stayed at 48.4-48.9 MB over 3,000 PDFs read on one thread
 * (and 1,800 with embedded TrueType fonts), so the replacement only bounds a leak nobody has seen;
 * a file's own appetite is bounded by the heap limit.
 */
const PDF_RECYCLE_AFTER = 2_000;

/**
 * How far V8 lets a thread's heap grow past what its last full collection kept before it collects
 * again, in percent, while an import runs. V8 picks up to 300% on its own, and an import's heaps
 * are mostly garbage: the per-document working set of a large text (its rows, token sets, parsed
 * messages) survives the young collections while the document is written and is promoted, so the
 * main thread's heap reached 270-340 MB over 40,000 documents although a full collection left
 * about 50 MB. At 20% the full collections come sooner and cost no measurable CPU, since what
 * survives them is small (40,000 documents back to back: peak RSS 686 → 517 MB, 6.20 → 5.95 ms of
 * CPU per document). V8's flags are the process's, so this holds for every thread, and is put
 * back when the last import in the process ends.
 */
const IMPORT_HEAP_GROWING_PERCENT = 20;

/**
 * Young generation of each analysis worker: V8's default is 48 MB (three 16 MB semi-spaces), of
 * which 33 MB stayed committed in each worker. 24 MB (8 MB semi-spaces) keeps 17 MB; the text
 * analysis's CPU did not change even at 12 MB, but pdf.js's rose by some 10% at 12 MB.
 */
const WORKER_YOUNG_MB = 24;

let importsRunning = 0;
function boundHeapGrowth(on: boolean): void {
  importsRunning += on ? 1 : -1;
  if (on && importsRunning === 1) v8.setFlagsFromString(`--heap-growing-percent=${IMPORT_HEAP_GROWING_PERCENT}`);
  // 0 is V8's default: its own choice of factor.
  if (!on && importsRunning === 0) v8.setFlagsFromString('--heap-growing-percent=0');
}

/** An import of at least 1/MERGE_SHARE of the archive (counting itself) ends by merging the full-text index. */
const MERGE_SHARE = 10;

export async function importFiles(db: Db, files: string[], opts: IngestOptions, o: ImportOptions = {}): Promise<ImportSummary> {
  const started = process.hrtime.bigint();
  const workers = o.workers ?? os.availableParallelism();
  // Workers read PDFs themselves: a PDF thread behind each would wait on its worker and the worker on
  // it. They keep the PDF thread's heap limit, so a PDF that would take all memory is still refused.
  const pool = new AnalysisPool(workers, { workerHeapMb: PDF_HEAP_MB, workerYoungMb: WORKER_YOUNG_MB, ...opts, pdfInThread: true, pdfRecycleAfter: PDF_RECYCLE_AFTER }, { worker: await analysisWorkerBundle() });
  const checkpointer = startCheckpointer(db);
  const outcomes: FileOutcome[] = [];
  // 100, not 25: each COMMIT writes every page the batch dirtied, and the shared pages (vocabulary, index
  // interiors) once per batch; 20,000 texts, alternating: 256.8/311.4 → 344.9/351.4 documents/s.
  const batchSize = o.batchSize ?? 100;
  let interrupted = false;

  // Identical files in one run: the first in walk order is imported, later copies wait for its
  // outcome, so which copy is stored does not depend on thread timing.
  const copiesOf = new Map<string, string[]>();
  const shaOf = new Map<string, string>();
  // The report keeps every file's outcome, so an outcome holds only its own fields, and its warnings
  // and kind (mostly the same few sentences, each arriving as a fresh copy from a worker) share one
  // string each.
  const texts = new Map<string, string>();
  const shared = (text: string) => {
    const kept = texts.get(text);
    if (kept !== undefined) return kept;
    texts.set(text, text);
    return text;
  };
  const record = (r: FileOutcome) => {
    outcomes.push(r);
    o.onDone?.(r);
    const sha = shaOf.get(r.file);
    shaOf.delete(r.file);
    const copies = sha === undefined ? undefined : copiesOf.get(sha);
    if (sha === undefined || copies === undefined) return;
    copiesOf.delete(sha);
    for (const file of copies) {
      record(r.outcome === 'misslyckad'
        ? { ...r, file }
        : { file, outcome: 'dubblett', documentId: r.documentId, kind: r.kind, title: r.title, warnings: [], reason: null });
    }
  };
  // Analysed documents wait here for the writer; the lanes keep the workers fed meanwhile. What waits
  // is bounded by count and by size: 25 documents of a megabyte are a hundred times the usual batch.
  const queue: Array<{ file: string; doc: NewDocument; size: number }> = [];
  /** heldBytes of the documents analysed and not yet written (queued or in the batch being written). */
  let held = 0;
  let queued = 0;
  let writer: Promise<void> | null = null;
  let writeError: unknown = null;
  let finishing = false;
  const writeBatch = async (items: Array<{ file: string; doc: NewDocument; size: number } | null>) => {
    const results: FileOutcome[] = [];
    // Outside any transaction: a WAL past its bound is copied back first, so this batch starts it over.
    await checkpointer.settle();
    const tx = await openWriteBatch(db);
    try {
      for (let i = 0; i < items.length; i++) {
        const { file, doc, size } = items[i]!;
        // A written document is let go at once, not at the batch's end.
        items[i] = null;
        held -= size;
        try {
          const r = await tx.document(async (batch) => await storeDocument(batch, doc));
          results.push({ file, outcome: r.created ? 'importerad' : 'dubblett', documentId: r.id, kind: shared(doc.metadata.kind), title: doc.metadata.title, warnings: doc.metadata.warnings.map(shared), reason: null });
        } catch (err) {
          // storeDocument's own savepoint has rolled back; the rest of the batch stands.
          results.push({ file, outcome: 'misslyckad', documentId: null, kind: null, title: null, warnings: [], reason: `Kunde inte sparas: ${(err as Error).message}` });
        }
        // One document per turn of the event loop: analyses that finished meanwhile are taken and
        // their workers given the next files, so analysis and writing overlap instead of taking turns.
        if (i < items.length - 1) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await tx.commit();
      checkpointer.afterCommit();
    } catch (err) {
      await tx.rollback();
      throw err;
    }
    // Reported only once committed: an outcome never names a document a crash could still undo.
    results.forEach(record);
  };
  const batchReady = () => queue.length >= batchSize || queued >= BATCH_BYTES || (finishing && queue.length > 0);
  /** The next batch: up to batchSize documents, fewer when they hold more than BATCH_BYTES. */
  const takeBatch = () => {
    let n = 0;
    let size = 0;
    while (n < queue.length && n < batchSize && (n === 0 || size < BATCH_BYTES)) size += queue[n++]!.size;
    queued -= size;
    return queue.splice(0, n);
  };
  const drain = async () => {
    while (writeError === null && batchReady()) await writeBatch(takeBatch());
  };
  const kick = () => {
    if (writer || !batchReady()) return;
    writer = drain().catch((err: unknown) => { writeError = err; }).finally(() => { writer = null; });
  };

  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      if (o.shouldStop?.()) { interrupted = true; return; }
      const file = files[next++]!;
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (err) {
        record({ file, outcome: 'misslyckad', documentId: null, kind: null, title: null, warnings: [], reason: `Kunde inte läsas från disken: ${(err as Error).message}` });
        continue;
      }
      const sha = createHash('sha256').update(bytes).digest('hex');
      const inFlight = copiesOf.get(sha);
      if (inFlight) { inFlight.push(file); continue; }
      // In flight before the lookup: a copy another lane reads while it runs waits for this file.
      copiesOf.set(sha, []);
      const existing = await findDocumentIdBySha(db, sha);
      if (existing !== undefined) {
        const copies = copiesOf.get(sha) ?? [];
        copiesOf.delete(sha);
        for (const f of [file, ...copies]) record({ file: f, outcome: 'dubblett', documentId: existing, kind: null, title: null, warnings: [], reason: null });
        continue;
      }
      shaOf.set(file, sha);
      // The bytes read for the sha are the ones analysed and stored: moved to the worker and back,
      // not read there again and copied back.
      const a = await pool.analyseUpload({ bytes, filename: path.basename(file) });
      if (!a.ok) {
        record({ file, outcome: 'misslyckad', documentId: null, kind: null, title: null, warnings: [], reason: a.message });
        continue;
      }
      const size = heldBytes(a.doc);
      queue.push({ file, doc: a.doc, size });
      held += size;
      queued += size;
      kick();
      // The writer is behind by two batches: wait for it rather than hold ever more documents.
      while ((queue.length >= 2 * batchSize || held >= 2 * BATCH_BYTES) && writer) await writer;
      if (writeError !== null) throw writeError;
    }
  };
  let imported = 0;
  boundHeapGrowth(true);
  try {
    // Twice as many lanes as threads keep every thread fed while the main thread writes.
    await Promise.all(Array.from({ length: Math.max(1, workers * 2) }, lane));
    finishing = true;
    kick();
    while (writer) await writer;
    if (writeError !== null) throw writeError;
    // The batches left the full-text index in many segments, each searched for every query term.
    // Merging rewrites the whole index, so only an import that is a real share of the archive pays
    // for it; a few files into a large archive are left to FTS5's own automerge.
    imported = outcomes.filter((x) => x.outcome === 'importerad').length;
    if (!interrupted && imported > 0 && imported * MERGE_SHARE >= await countDocuments(db)) {
      await mergeSearchIndex(db, async () => { checkpointer.afterCommit(); await new Promise<void>((resolve) => setImmediate(resolve)); });
    }
  } finally {
    await Promise.all([pool.close(), checkpointer.close()]);
    boundHeapGrowth(false);
  }
  return {
    imported,
    duplicates: outcomes.filter((x) => x.outcome === 'dubblett').length,
    failures: outcomes.filter((x) => x.outcome === 'misslyckad').map((x) => ({ file: x.file, reason: x.reason ?? '' })),
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    interrupted,
    outcomes,
  };
}

/** The report as CSV (semicolon-separated for Swedish spreadsheets, UTF-8 with BOM) or JSON. */
export function formatReport(outcomes: FileOutcome[], format: 'csv' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(outcomes, null, 2)}\n`;
  const rows = [['fil', 'utfall', 'dokument', 'typ', 'titel', 'varningar', 'orsak']]
    .concat(outcomes.map((x) => [x.file, x.outcome, x.documentId ?? '', x.kind ?? '', x.title ?? '', x.warnings.join(' | '), x.reason ?? ''].map(String)));
  return `${CSV_BOM}${rows.map((r) => csvLine(r, ';')).join('\r\n')}\r\n`;
}
