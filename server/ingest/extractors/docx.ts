/**
 * Word (.docx) via mammoth: the document becomes HTML (paragraphs, headings, tables) and then text
 * through the same HTML reader as web pages, so headings and signature tables come through as lines
 * and extraction reads them as it reads a PDF. The ZIP is checked before mammoth inflates it.
 */
import { IngestError } from '../errors.js';
import type { ExtractedText } from '../types.js';
import { htmlToText } from './html.js';
import { BadZipError, checkZipBomb, zipEntries } from './zip-guard.js';

/** True for a ZIP that is a Word document (it has word/document.xml). */
export function isDocx(bytes: Uint8Array): boolean {
  try {
    return zipEntries(bytes).some((e) => e.name === 'word/document.xml');
  } catch {
    return false;
  }
}

export async function extractDocx(bytes: Uint8Array): Promise<ExtractedText> {
  let entries;
  try {
    entries = zipEntries(bytes);
  } catch (err) {
    if (err instanceof BadZipError) throw new IngestError('corrupt_document', `Word-filen är trasig (${err.message}). Spara den på nytt och ladda upp igen.`);
    throw err;
  }
  const bomb = checkZipBomb(entries);
  if (bomb) throw new IngestError('corrupt_document', `Word-filen vägras: ${bomb}. Spara den som PDF och ladda upp igen.`);
  // Loaded on first use: it costs 60 ms of every server start, and most archives hold few .docx files.
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }, { includeDefaultStyleMap: true })).value;
  } catch {
    throw new IngestError('corrupt_document', 'Word-filen kunde inte läsas. Öppna den i Word, spara som .docx eller PDF och ladda upp igen.');
  }
  return { text: htmlToText(html), pages: null, needsOcr: false };
}
