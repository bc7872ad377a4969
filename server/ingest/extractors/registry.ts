/** Detects a file's format from its bytes (and name) and picks the extractor for it. */
import { IngestError } from '../errors.js';
import { BrokenUtf8Error, decodeText, NotTextError } from '../stages/decode.js';
import type { ExtractedText } from '../types.js';
import { extractPdf } from './pdf.js';
import { extractDocx, isDocx } from './docx.js';
import { htmlToText } from './html.js';
import { extractXml, XmlBrokenError } from './xml.js';
import { extractJson, jsonBroken, parseJson } from './json.js';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export type MediaType = 'application/pdf' | 'text/plain' | 'text/markdown' | 'text/html' | 'application/xml' | 'application/json' | typeof DOCX_TYPE;

export interface Detected {
  mediaType: MediaType;
  /** XML or JSON recognised by the first characters only, not the name: if it does not parse, it is read as plain text. */
  sniffed?: boolean;
}

const TEXT_EXTENSIONS: Record<string, MediaType> = {
  txt: 'text/plain', text: 'text/plain', md: 'text/markdown', markdown: 'text/markdown', html: 'text/html', htm: 'text/html', xhtml: 'text/html',
  xml: 'application/xml', tei: 'application/xml', json: 'application/json',
};

/** An HTML page, also one written as XHTML with an XML declaration. */
const HTML_START = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]{0,2000}?-->\s*)*(?:<!doctype html|<html[\s>])/i;

/** Known binary formats we cannot read yet, by magic bytes, so they get a precise message. */
const OTHER_MAGIC: Array<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'ZIP-arkiv'],
  [[0x89, 0x50, 0x4e, 0x47], 'PNG-bild'],
  [[0xff, 0xd8, 0xff], 'JPEG-bild'],
  [[0x47, 0x49, 0x46, 0x38], 'GIF-bild'],
  [[0x4d, 0x5a], 'Windows-program'],
  [[0x7f, 0x45, 0x4c, 0x46], 'program'],
  [[0x1f, 0x8b], 'gzip-arkiv'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], '7z-arkiv'],
];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Decides the media type from content first; the filename only chooses between text flavours. */
export function detectFormat(bytes: Uint8Array, filename: string): Detected {
  // PDFs may carry junk before the header; the spec allows it within the first 1024 bytes.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return { mediaType: 'application/pdf' };
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  // A .docx whose ZIP directory cannot be read still goes to the DOCX reader, which says it is broken.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && (isDocx(bytes) || ext === 'docx')) return { mediaType: DOCX_TYPE };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // No well-kept JavaScript library reads the old binary Word format; say what to do instead.
    throw new IngestError('unsupported_type', 'Filen är ett äldre Word-dokument (.doc), som inte kan läsas. Spara som .docx eller PDF i Word och ladda upp igen.');
  }
  for (const [magic, label] of OTHER_MAGIC) {
    if (startsWith(bytes, magic)) {
      throw new IngestError('unsupported_type', `Filformatet (${label}) stöds inte än. Spara som PDF eller text och ladda upp igen.`);
    }
  }
  const start = head.replace(/^\u00ef\u00bb\u00bf/, '').replace(/^\ufeff/, '');
  const byName = TEXT_EXTENSIONS[ext];
  // An .xml that is really a web page (XHTML) is read as one.
  if (byName === 'application/xml' && HTML_START.test(start)) return { mediaType: 'text/html' };
  if (byName) return { mediaType: byName };
  // A saved web page without its extension is still HTML; other markup with a root element is XML.
  if (HTML_START.test(start)) return { mediaType: 'text/html' };
  if (/^\s*(?:<\?xml[\s?]|<[A-Za-z_][\w.:-]*[\s/>])/.test(start)) return { mediaType: 'application/xml', sniffed: true };
  if (/^\s*[{[]/.test(start)) return { mediaType: 'application/json', sniffed: true };
  return { mediaType: 'text/plain' };
}

export interface ExtractOptions {
  pdfTimeoutMs: number;
}

/** Runs the extractor for the detected type; text files report their encoding. */
export async function extractText(bytes: Uint8Array, detected: Detected, opts: ExtractOptions): Promise<ExtractedText & { encoding: string | null }> {
  if (detected.mediaType === 'application/pdf') {
    return { ...(await extractPdf(bytes, opts.pdfTimeoutMs)), encoding: null };
  }
  if (detected.mediaType === DOCX_TYPE) return { ...(await extractDocx(bytes)), encoding: null };
  try {
    const { text, encoding } = decodeText(bytes);
    if (detected.mediaType === 'text/html') return { text: htmlToText(text), pages: null, needsOcr: false, encoding };
    // Prose that happens to start with "<" or a bracket is still prose; a file named .xml or .json must parse.
    // (The fallback changes `detected`, so the file is stored as the text it turned out to be.)
    if (detected.mediaType === 'application/xml') {
      try {
        return { ...extractXml(text), encoding };
      } catch (err) {
        if (!(err instanceof XmlBrokenError && detected.sniffed)) throw err;
        detected.mediaType = 'text/plain';
      }
    }
    if (detected.mediaType === 'application/json') {
      const parsed = parseJson(text);
      if ('value' in parsed) return { ...extractJson(parsed.value), encoding };
      if (!detected.sniffed) throw jsonBroken(parsed.error);
      detected.mediaType = 'text/plain';
    }
    return { text, pages: null, needsOcr: false, encoding };
  } catch (err) {
    if (err instanceof NotTextError) {
      throw new IngestError('not_text', 'Filen är inte läsbar text (den ser ut att vara binär). Ladda upp en PDF- eller textfil.');
    }
    if (err instanceof BrokenUtf8Error) {
      throw new IngestError('bad_encoding', `${err.message} Den kan ha skadats vid kopiering. Öppna den och spara den som UTF-8 igen, eller ladda upp originalet.`);
    }
    throw err;
  }
}
