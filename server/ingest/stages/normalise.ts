/**
 * Raw extracted text → normalised text: paragraphs separated by one blank line. Prose is unwrapped
 * into one line per paragraph; blocks of short lines (letterheads, signatures) keep one line each,
 * and column gaps (3+ spaces from flattened PDF columns) become a tab so later stages can split cells.
 */
import { decodeEntities } from './entities.js';
import { dropPageFurniture } from './page-furniture.js';

/** Next words that make a line-end hyphen a real one: "bygg- och anläggning". */
const KEEP_HYPHEN_BEFORE = new Set(['och', 'eller', 'samt', 'respektive', 'resp', 'som', 'till', 'men', 'el', 'o']);
const SENTENCE_END = /[.!?:;…"”»)]$/u;
const LIST_ITEM = /^(?:[-–•*]\s|\d{1,2}[.)]\s|[a-zåäö][.)]\s)/u;
/** Lines at least this long are treated as wrapped prose. */
const WRAP_MIN = 45;

export interface NormalisedText {
  text: string;
  /** Page headers and footers taken out of the text (a protocol's "Sammanträdesdatum: …" lives there). */
  furniture: string[];
}

/** Normalises raw text from any extractor. Pure. */
export function normaliseDocument(raw: string): NormalisedText {
  const cleaned = cleanCharacters(raw);
  const pages = cleaned.split('\f').map((page) => page.split('\n').map(cleanLine));
  const { lines, furniture } = dropPageFurniture(pages);
  const joined = dehyphenate(lines);
  const paragraphs = joinAcrossBreaks(splitParagraphs(joined).flatMap(unwrap));
  return { text: paragraphs.filter((p) => p.length > 0).map((p) => p.join('\n')).join('\n\n').trim(), furniture };
}

/** The normalised text alone. */
export function normaliseText(raw: string): string {
  return normaliseDocument(raw).text;
}

/** Unicode and entity cleanup that does not depend on layout. */
function cleanCharacters(raw: string): string {
  return decodeEntities(raw.replace(/\r\n?/g, '\n'))
    .normalize('NFC')
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    .replace(/\ufb01/g, 'fi').replace(/\ufb02/g, 'fl').replace(/\ufb00/g, 'ff').replace(/\ufb03/g, 'ffi').replace(/\ufb04/g, 'ffl')
    .replace(/\v/g, '\n');
}

/** Markdown markers off, column gaps to tabs, other space runs to one space. */
function cleanLine(line: string): string {
  return line
    .replace(/^\s*#{1,6}\s+/u, '')
    .replace(/\*\*|__/g, '')
    .replace(/\t/g, '   ')
    .trim()
    .replace(/ {3,}/g, '\t')
    .replace(/ {2}/g, ' ');
}

/** Joins words split at a line end ("kommun-" + "styrelsen") and OCR's "lydstatsav- tal" inside lines. */
function dehyphenate(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    while (/\p{L}-$/u.test(line) && !line.includes('\t') && i + 1 < lines.length) {
      const next = lines[i + 1]!;
      const word = /^(\p{Ll}[\p{L}]*)/u.exec(next)?.[1];
      if (!word || KEEP_HYPHEN_BEFORE.has(word)) break;
      line = line.slice(0, -1) + next;
      i++;
    }
    out.push(joinInlineHyphens(line));
  }
  return out;
}

function joinInlineHyphens(line: string): string {
  return line.replace(/(\p{L}{2,})- (\p{Ll}+)(?![-\p{L}])/gu, (all, left: string, right: string) =>
    KEEP_HYPHEN_BEFORE.has(right) ? all : left + right);
}

function splitParagraphs(lines: string[]): string[][] {
  const paragraphs: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line === '') {
      if (current.length) paragraphs.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length) paragraphs.push(current);
  return paragraphs;
}

/**
 * Joins wrapped prose lines; keeps short-line blocks, list items, headings and column rows apart.
 * Where a kept break touches prose it becomes a paragraph break (PDF text has no blank lines).
 */
function unwrap(lines: string[]): string[][] {
  const typical = typicalLength(lines);
  const joined: string[] = [];
  let lastPhysical = '';
  for (const line of lines) {
    const prev = joined[joined.length - 1];
    if (prev !== undefined && continues(lastPhysical, line, typical)) joined[joined.length - 1] = `${prev} ${line}`;
    else joined.push(line);
    lastPhysical = line;
  }
  // Each prose line is a paragraph of its own; runs of short lines stay together.
  const paragraphs: string[][] = [];
  let shortRun: string[] = [];
  for (const line of joined) {
    if (isProseLine(line)) {
      if (shortRun.length) paragraphs.push(shortRun);
      shortRun = [];
      paragraphs.push([line]);
    } else {
      shortRun.push(line);
    }
  }
  if (shortRun.length) paragraphs.push(shortRun);
  return paragraphs;
}

function isProseLine(line: string): boolean {
  if (line.includes('\t') || line.length < WRAP_MIN) return false;
  // A long heading has no sentence punctuation; prose ends or breaks sentences.
  return line.length >= 160 || /[.!?:]["”]?$/u.test(line) || /[.!?]\s+\p{Lu}/u.test(line);
}

/** The usual width of a wrapped line in this block (lines ending well before it end a paragraph). */
function typicalLength(lines: string[]): number {
  const lengths = lines.map((l) => l.length).filter((n) => n >= WRAP_MIN).sort((a, b) => a - b);
  return lengths.length >= 2 ? lengths[Math.floor(lengths.length * 0.75)]! : 0;
}

/** Whether physical line `next` continues the paragraph whose last physical line is `prev`. */
function continues(prev: string, next: string, typical: number): boolean {
  if (prev.includes('\t') || next.includes('\t') || LIST_ITEM.test(next)) return false;
  const nextLower = /^\p{Ll}/u.test(next);
  const ended = SENTENCE_END.test(prev);
  // "Beslut", "Yrkandet": a short capitalised line without punctuation is a heading.
  if (!nextLower && next.length < 30 && !SENTENCE_END.test(next)) return false;
  if (nextLower && !ended) return true;
  // Without a known line width a capitalised next line cannot be told from a new line.
  if (prev.length < WRAP_MIN || typical === 0) return false;
  // A line that stops well short of the usual width ended there: a heading or a paragraph's end.
  if (typical > 0 && prev.length < typical * 0.85) return false;
  return !ended || typical > 0;
}

/** A paragraph cut by a page break or a stray blank line ("… och annan" / "grov brottslighet …") is joined. */
function joinAcrossBreaks(paragraphs: string[][]): string[][] {
  const out: string[][] = [];
  for (const p of paragraphs) {
    const prev = out[out.length - 1];
    const tail = prev?.[prev.length - 1];
    const head = p[0]!;
    if (prev && tail && tail.length >= 60 && !tail.includes('\t') && !SENTENCE_END.test(tail) && /^\p{Ll}/u.test(head) && !LIST_ITEM.test(head)) {
      prev[prev.length - 1] = `${tail} ${head}`;
      prev.push(...p.slice(1));
    } else {
      out.push([...p]);
    }
  }
  return out;
}
