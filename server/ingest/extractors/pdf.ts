/** PDF text extraction (pdf-parse v2) in pooled worker threads with a wall-clock limit per file. */
import { IngestError } from '../errors.js';
import type { ExtractedText } from '../types.js';
import { PdfPool } from './pdf-pool.js';

/** Fewer letters than this across the whole PDF means there is no usable text layer. */
const MIN_LETTERS_FOR_TEXT = 20;

let pool: PdfPool | null = null;
let poolSize: number | undefined;

/** Sets how many PDF worker threads this thread may start (an import's analysis worker uses one). */
export function setPdfPoolSize(n: number): void {
  poolSize = n;
}

/** Extracts per-page text; throws IngestError for corrupt, encrypted or too slow PDFs. */
/**
 * A complete PDF ends with %%EOF within its last 1024 bytes. Without it the file was cut short (an
 * interrupted download or copy), and pdf.js would rebuild what it could and silently lose the rest.
 */
export function isTruncatedPdf(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  return !tail.includes('%%EOF');
}

export async function extractPdf(bytes: Uint8Array, timeoutMs: number): Promise<ExtractedText> {
  if (isTruncatedPdf(bytes)) {
    throw new IngestError('corrupt_pdf', 'PDF-filen är ofullständig: slutet saknas, så den har troligen inte laddats ned eller kopierats helt. Hämta den på nytt och ladda upp igen.');
  }
  pool ??= new PdfPool(poolSize);
  const reply = await pool.run(bytes, timeoutMs);
  if (reply === 'timeout') {
    throw new IngestError('extraction_timeout', `Det tog för lång tid att läsa PDF-filen (över ${Math.max(1, Math.round(timeoutMs / 1000))} s). Filen kan vara skadad.`);
  }
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
