/**
 * PDF text extraction (pdf-parse v2) with a wall-clock limit per file: in pooled PDF threads, or,
 * in an analysis worker that its pool watches, on the worker's own thread.
 */
import { IngestError } from '../errors.js';
import type { ExtractedText } from '../types.js';
import { PdfPool, type PdfReply } from './pdf-pool.js';

/** Fewer letters than this across the whole PDF means there is no usable text layer. */
const MIN_LETTERS_FOR_TEXT = 20;

let pool: PdfPool | null = null;
let poolSize: number | undefined;

/** Sets how many PDF worker threads this thread may start (an import's analysis worker uses one). */
export function setPdfPoolSize(n: number): void {
  poolSize = n;
}

/** Told when pdf.js starts and stops reading a file on this thread, so whoever can stop the thread enforces the limit. */
export interface PdfWatch {
  started(timeoutMs: number): void;
  ended(): void;
}
let watch: PdfWatch | null = null;

/**
 * Reads PDFs on this thread instead of handing them to a PDF thread. Only for a worker thread that
 * its pool terminates when `started` is not followed by `ended` within the limit: pdf.js cannot be
 * interrupted from inside the thread it runs on.
 */
export function readPdfsInThisThread(w: PdfWatch): void {
  watch = w;
}

/** The answer for a PDF that took longer than its limit, wherever it was read. */
export function pdfTimeoutMessage(timeoutMs: number): string {
  return `Det tog för lång tid att läsa PDF-filen (över ${Math.max(1, Math.round(timeoutMs / 1000))} s). Filen kan vara skadad.`;
}

/** pdf.js's worker half, which pdf.js would otherwise import itself on the first file. */
const PDFJS_WORKER: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
let pdfParse: Promise<typeof import('pdf-parse')> | null = null;

/**
 * pdf-parse and pdf.js, loaded once per thread without their source maps: pdf.js ships megabytes of
 * them, and with source maps on (tsx, `--enable-source-maps`) reading them cost a thread about 0.4 s
 * of CPU and 75 MB of heap, for stack traces inside a library we do not debug.
 *
 * pdf.js's legacy build (the one pdf-parse loads) carries core-js, which replaces
 * `Array.prototype.push` for the whole thread with a JavaScript version, because V8's push does not
 * throw on an array whose length was made read-only. Nothing here pushes onto such an array, and
 * the replacement made every push on the thread slower, pdf.js's own and the analysis's: V8's is
 * put back once pdf.js has loaded (analyse-worker.mjs does the same when it preloads pdf.js).
 */
function loadPdfParse(): Promise<typeof import('pdf-parse')> {
  pdfParse ??= (async () => {
    const maps = process.sourceMapsEnabled === true;
    const push = Array.prototype.push;
    process.setSourceMapsEnabled(false);
    try {
      const [m] = await Promise.all([import('pdf-parse'), import(PDFJS_WORKER)]);
      return m;
    } finally {
      process.setSourceMapsEnabled(maps);
      restorePush(push);
    }
  })();
  return pdfParse;
}

/** Puts `push` back as Array.prototype.push, as V8 defines it (writable, configurable, not enumerable). */
function restorePush(push: typeof Array.prototype.push): void {
  if (Array.prototype.push !== push) Object.defineProperty(Array.prototype, 'push', { value: push, writable: true, enumerable: false, configurable: true });
}

/** What pdf-worker.mjs does for one file, on this thread. */
async function readHere(bytes: Uint8Array, w: PdfWatch, timeoutMs: number): Promise<PdfReply> {
  const { PDFParse } = await loadPdfParse();
  // pdf.js takes (detaches) the buffer it is given: a copy keeps the caller's bytes, as the pool's transfer does.
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  w.started(timeoutMs);
  try {
    const result = await parser.getText();
    return { ok: true, pages: result.pages.map((p) => p.text) };
  } catch (err) {
    const name = err && typeof err === 'object' && 'name' in err ? String(err.name) : 'Error';
    return { ok: false, name, message: err instanceof Error ? err.message : String(err) };
  } finally {
    await parser.destroy().catch(() => {});
    w.ended();
  }
}

/**
 * A complete PDF ends with %%EOF within its last 1024 bytes. Without it the file was cut short (an
 * interrupted download or copy), and pdf.js would rebuild what it could and silently lose the rest.
 */
export function isTruncatedPdf(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  return !tail.includes('%%EOF');
}

/** Extracts per-page text; throws IngestError for corrupt, encrypted or too slow PDFs. */
export async function extractPdf(bytes: Uint8Array, timeoutMs: number): Promise<ExtractedText> {
  if (isTruncatedPdf(bytes)) {
    throw new IngestError('corrupt_pdf', 'PDF-filen är ofullständig: slutet saknas, så den har troligen inte laddats ned eller kopierats helt. Hämta den på nytt och ladda upp igen.');
  }
  let reply: PdfReply | 'timeout';
  if (watch) reply = await readHere(bytes, watch, timeoutMs);
  else {
    pool ??= new PdfPool(poolSize);
    reply = await pool.run(bytes, timeoutMs);
  }
  if (reply === 'timeout') throw new IngestError('extraction_timeout', pdfTimeoutMessage(timeoutMs));
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

/** Stops the PDF workers (graceful shutdown, tests). */
export async function closePdfWorkers(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}
