/**
 * A worker thread of the analysis pool: reads or receives a file and analyses it (every stage but
 * persist) off the main thread. Uploaded bytes arrive transferred and go back the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { analyseFile, type IngestOptions } from './pipeline.js';
import { readPdfsInThisThread, setPdfPoolSize } from './extractors/pdf.js';
import { IngestError } from './errors.js';
import type { PoolOptions } from './analysis-pool.js';

const opts = workerData as PoolOptions;
/** The job being analysed: the pool gives a worker one at a time. */
let current = 0;
if (opts.pdfInThread) {
  // pdf.js runs here, without a second thread and hop; the pool terminates this thread when a
  // file's reading outlasts its limit, as a PDF thread's pool would.
  readPdfsInThisThread({
    started: (timeoutMs) => parentPort!.postMessage({ id: current, pdf: 'started', timeoutMs }),
    ended: () => parentPort!.postMessage({ id: current, pdf: 'ended' }),
  });
} else {
  // Each analysis thread keeps one PDF thread, so N analysis threads use N cores for PDFs too.
  setPdfPoolSize(1);
}

type Job = ({ id: number; file: string } | { id: number; bytes: Uint8Array; filename: string | undefined }) & { opts?: IngestOptions };

parentPort!.on('message', async (msg: Job) => {
  current = msg.id;
  try {
    const upload = 'file' in msg
      ? { bytes: fs.readFileSync(msg.file), filename: path.basename(msg.file) }
      : { bytes: Buffer.from(msg.bytes.buffer, msg.bytes.byteOffset, msg.bytes.byteLength), filename: msg.filename };
    const doc = await analyseFile(upload, msg.opts ?? opts);
    // Uploaded bytes go back as they came, moved rather than copied; a file read here is moved too
    // when its bytes own their buffer (small reads share Node's pool, which must not be detached).
    const bytes = 'file' in msg ? doc.bytes : msg.bytes;
    const movable = !('file' in msg) || (bytes.byteLength > 0 && bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength && bytes.buffer instanceof ArrayBuffer);
    parentPort!.postMessage({ id: msg.id, ok: true, doc: { ...doc, bytes } }, movable ? [bytes.buffer as ArrayBuffer] : []);
  } catch (err) {
    const expected = err instanceof IngestError;
    parentPort!.postMessage({ id: msg.id, ok: false, expected, message: (err as Error).message, ...(expected ? { code: err.code } : {}) });
  }
});
parentPort!.postMessage({ ready: true });
