/** A worker thread of the bulk import: reads and analyses files (every stage but persist) off the main thread. */
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { analyseFile, type IngestOptions } from './pipeline.js';
import { setPdfPoolSize } from './extractors/pdf.js';
import { IngestError } from './errors.js';

// Each analysis thread keeps one PDF thread, so N analysis threads use N cores for PDFs too.
setPdfPoolSize(1);
const opts = workerData as IngestOptions;

parentPort!.on('message', async (msg: { id: number; file: string }) => {
  try {
    const bytes = fs.readFileSync(msg.file);
    const doc = await analyseFile({ bytes, filename: path.basename(msg.file) }, opts);
    parentPort!.postMessage({ id: msg.id, ok: true, doc });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, ok: false, expected: err instanceof IngestError, message: (err as Error).message });
  }
});
