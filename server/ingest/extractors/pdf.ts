/** PDF text extraction (pdf-parse v2) in a worker thread with a wall-clock limit. */
import { Worker } from 'node:worker_threads';
import { IngestError } from '../errors.js';
import type { ExtractedText } from '../types.js';

const workerUrl = new URL('./pdf-worker.mjs', import.meta.url);

type WorkerReply = { ok: true; pages: string[] } | { ok: false; name: string; message: string };

/** Fewer letters than this across the whole PDF means there is no usable text layer. */
const MIN_LETTERS_FOR_TEXT = 20;

/** Extracts per-page text; throws IngestError for corrupt, encrypted or too slow PDFs. */
export async function extractPdf(bytes: Uint8Array, timeoutMs: number): Promise<ExtractedText> {
  const reply = await runWorker(bytes, timeoutMs);
  if (!reply.ok) {
    if (reply.name === 'PasswordException') {
      throw new IngestError('encrypted_pdf', 'PDF-filen är lösenordsskyddad. Ta bort skyddet och ladda upp den igen.');
    }
    throw new IngestError('corrupt_pdf', 'PDF-filen är skadad eller ofullständig och kunde inte läsas.');
  }
  const pages = reply.pages;
  const letters = pages.join('').replace(/[^\p{L}]/gu, '').length;
  return { text: pages.join('\f'), pages, needsOcr: letters < MIN_LETTERS_FOR_TEXT };
}

function runWorker(bytes: Uint8Array, timeoutMs: number): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    // Copy so the caller keeps its buffer; the copy is transferred, not cloned again.
    const copy = new Uint8Array(bytes).buffer;
    const worker = new Worker(workerUrl, { workerData: { bytes: copy }, transferList: [copy], resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new IngestError(
      'extraction_timeout', `Det tog för lång tid att läsa PDF-filen (över ${Math.round(timeoutMs / 1000)} s). Filen kan vara skadad.`,
    ))), timeoutMs);
    worker.once('message', (msg: WorkerReply) => finish(() => resolve(msg)));
    worker.once('error', () => finish(() => resolve({ ok: false, name: 'WorkerError', message: 'worker failed' })));
    worker.once('exit', (code) => finish(() => resolve({ ok: false, name: 'WorkerExit', message: `exit ${code}` })));
  });
}
