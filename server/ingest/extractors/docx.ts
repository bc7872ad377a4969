/**
 * Word (.docx) via mammoth: the document becomes HTML (paragraphs, headings, tables) and then text
 * through the same HTML reader as web pages, so headings and signature tables come through as lines
 * and extraction reads them as it reads a PDF. The ZIP is checked before mammoth sees it, and mammoth
 * reads its parts only through the guard, which inflates each with a hard limit (zip-guard.ts).
 */
import { IngestError } from '../errors.js';
import type { ExtractedText } from '../types.js';
import { htmlToText } from './html.js';
import { BadZipError, openZip, ZipBombError, zipEntries, type CheckedZip } from './zip-guard.js';

/** True for a ZIP that is a Word document (it has word/document.xml). */
export function isDocx(bytes: Uint8Array): boolean {
  try {
    return zipEntries(bytes).some((e) => e.name === 'word/document.xml');
  } catch {
    return false;
  }
}

function refusal(err: unknown): IngestError | null {
  if (err instanceof ZipBombError) return new IngestError('corrupt_document', `Word-filen vägras: ${err.message}. Spara den som PDF och ladda upp igen.`);
  if (err instanceof BadZipError) return new IngestError('corrupt_document', `Word-filen är trasig (${err.message}). Spara den på nytt och ladda upp igen.`);
  return null;
}

/**
 * The archive as mammoth reads it (its `{ file }` input: `exists` and `read`), so mammoth never
 * opens the ZIP itself: JSZip would inflate a part as far as it goes, whatever size it declares.
 */
function mammothFile(zip: CheckedZip) {
  return {
    exists: (name: string) => zip.has(name),
    async read(name: string, encoding?: string) {
      const bytes = await zip.read(name);
      if (encoding === 'base64') return bytes.toString('base64');
      return encoding ? new TextDecoder(encoding).decode(bytes) : bytes;
    },
  };
}

export async function extractDocx(bytes: Uint8Array): Promise<ExtractedText> {
  let zip: CheckedZip;
  try {
    zip = openZip(bytes);
  } catch (err) {
    throw refusal(err) ?? err;
  }
  // Loaded on first use: it costs 60 ms of every server start, and most archives hold few .docx files.
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    // `file` is mammoth's own input for an opened archive (lib/unzip.js); its types list only path and buffer.
    const input = { file: mammothFile(zip) } as unknown as { buffer: Buffer };
    html = (await mammoth.convertToHtml(input, {
      includeDefaultStyleMap: true,
      // The text has no use for images, so they are never inflated (nor base64-encoded into the HTML).
      convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
    })).value;
  } catch (err) {
    throw refusal(err) ?? new IngestError('corrupt_document', 'Word-filen kunde inte läsas. Öppna den i Word, spara som .docx eller PDF och ladda upp igen.');
  }
  return { text: htmlToText(html), pages: null, needsOcr: false };
}
