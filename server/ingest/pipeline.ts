/**
 * The ingest pipeline: preflight → detect → extract → normalise → parse metadata (persist is
 * `ingest-file.ts`). Every stage here is a function of the bytes alone and touches no database, so
 * an analysis worker loads none of the database layer.
 */
import type { NewDocument } from './types.js';
import { detectFormat, extractText } from './extractors/registry.js';
import { MAX_INDEXED_CHARS } from '../../db/index-budget.js';
import { prepareIndex } from './stages/prepare-index.js';
import { IngestError } from './errors.js';
import { preflight, validateFilename } from './stages/preflight.js';
import { normaliseDocument } from './stages/normalise.js';
import { EXTRACTOR_VERSION, parseMetadata } from './stages/metadata/parse-metadata.js';
import { parseProtocol } from './stages/protocol/index.js';
import { applyStructured } from './stages/structured.js';

export interface IngestOptions {
  maxUploadBytes: number;
  pdfTimeoutMs: number;
}

export interface Upload {
  bytes: Uint8Array;
  filename: string | undefined;
}

export const NEEDS_OCR_WARNING = 'ingen textrad – behöver OCR';

/** Runs every stage but persist: what would be stored for these bytes. Throws IngestError on bad input. */
export async function analyseFile(upload: Upload, opts: IngestOptions): Promise<NewDocument> {
  const filename = validateFilename(upload.filename);
  const sha256 = preflight(upload.bytes, opts.maxUploadBytes);
  return analyseChecked(upload.bytes, filename, sha256, opts);
}

/** analyseFile for bytes already preflighted (their name checked and sha256 taken). */
export async function analyseChecked(bytes: Uint8Array, filename: string, sha256: string, opts: IngestOptions): Promise<NewDocument> {
  const detected = detectFormat(bytes, filename);
  const extracted = await extractText(bytes, detected, opts);
  refuseEndlessLines(extracted.text);
  const { text, furniture } = extracted.needsOcr ? { text: '', furniture: [] } : normaliseDocument(extracted.text);
  if (!extracted.needsOcr) refuseNearlyEmpty(text);
  // What the file's structure states (an XML header, JSON keys) wins over what the rules read in its prose.
  const parsed = applyStructured(parseMetadata(text, furniture), extracted.structured);
  const metadata = parsed.metadata;
  if (extracted.warnings?.length) metadata.warnings.push(...extracted.warnings);
  if (extracted.needsOcr) {
    metadata.title = filename;
    metadata.warnings = [NEEDS_OCR_WARNING, 'Metadata kunde inte läsas eftersom filen saknar text.'];
  } else if (text.trim() === '') {
    metadata.warnings.unshift('Dokumentet innehåller ingen text.');
  }
  // A protocol (or a single paragraph of one) is read paragraph by paragraph (issue 15).
  if (metadata.kind === 'protokoll' && !extracted.needsOcr && text.trim() !== '') {
    const protocol = parseProtocol(text, { body: metadata.body, date: metadata.date });
    metadata.paragraphs = protocol.paragraphs;
    metadata.warnings.push(...protocolWarnings(protocol.warnings));
  }
  if (text.length > MAX_INDEXED_CHARS) {
    metadata.warnings.push(`Texten är mycket lång (${text.length.toLocaleString('sv-SE')} tecken): bara de första ${MAX_INDEXED_CHARS.toLocaleString('sv-SE')} tecknen blir sökbara.`);
  }
  return {
    sha256, byteSize: bytes.byteLength, mediaType: detected.mediaType, filename, encoding: extracted.encoding,
    bytes, text, textStatus: extracted.needsOcr ? 'needs_ocr' : 'ok', metadata,
    extractorVersion: EXTRACTOR_VERSION, confidence: extracted.needsOcr ? 0 : parsed.confidence,
    prepared: prepareIndex(text),
    evidence: extracted.needsOcr ? {} : parsed.evidence,
  };
}

/** At most a handful of the parser's notes go to the reviewer, with a count of the rest. */
function protocolWarnings(warnings: string[]): string[] {
  const shown = warnings.slice(0, 5).map((w) => `Protokoll: ${w}`);
  if (warnings.length > 5) shown.push(`Protokoll: ytterligare ${warnings.length - 5} anmärkningar om paragraferna.`);
  return shown;
}

/** Longest line a document may have: a page of prose is a few thousand characters; more is not a document. */
export const MAX_LINE_CHARS = 100_000;

/** Refuses text with a line no document has (a dump, a minified file): the later stages would only churn on it. */
function refuseEndlessLines(text: string): void {
  if (text.length <= MAX_LINE_CHARS) return;
  // CR alone ends a line too (old Mac files); a form feed ends a page.
  const breaks = /[\n\r\f]/g;
  let start = 0;
  for (;;) {
    const m = breaks.exec(text);
    const end = m ? m.index : text.length;
    if (end - start > MAX_LINE_CHARS) {
      throw new IngestError('too_long_line', `Filen har en rad på ${(end - start).toLocaleString('sv-SE')} tecken, längre än ${MAX_LINE_CHARS.toLocaleString('sv-SE')}. Det ser inte ut som ett dokument; kontrollera att det är rätt fil.`);
    }
    if (!m) return;
    start = end + 1;
  }
}

/** Fewest letters a document may have: below this there is nothing to archive or search. */
export const MIN_LETTERS = 10;

function refuseNearlyEmpty(text: string): void {
  // Counting stops at MIN_LETTERS: only a shorter count is ever reported.
  const letter = /\p{L}/gu;
  let letters = 0;
  while (letters < MIN_LETTERS && letter.test(text)) letters++;
  if (letters < MIN_LETTERS) {
    throw new IngestError('empty_file', letters === 0
      ? 'Filen innehåller ingen läsbar text. Kontrollera att det är rätt fil.'
      : `Filen innehåller nästan ingen text (${letters} bokstäver). Kontrollera att det är rätt fil.`);
  }
}
