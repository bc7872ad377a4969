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
/** A line ending in a comma or one of these words cannot end a paragraph: "… Grith Fjeldmose (V) och" / "AnnaSara Perslow (C) yrkar …". */
const OPEN_END = /(?:,|\s(?:och|eller|samt|i|på|av|till|för|med|om|att|som|den|det|de|en|ett|från|vid|under|mot|per|hos|genom|inom|utan|efter|enligt|mellan))$/iu;
/** Section headings of protocols: never the tail of a wrapped line, even after "… året om". */
const SECTION_HEADING = /^(?:beslut|beslutsgång|yrkanden?|handlingar?|reservation(?:er)?|propositionsordning|omröstning|protokollsanteckning(?:ar)?|särskil(?:t|da) yttranden?|tidigare behandling|anföranden?|ärendet|bakgrund|sammanfattning|förslag till beslut|jäv|justering|protokollsutdrag skickas till)$/iu;
/** Riksdag print running heads ("Interpellationer1994/95:1 - 154"): a document-number range, never prose. */
const RIKSDAG_RUNNING_HEAD = /^(?:\d{1,4}\s*)?(?:Riksdagen\s+)?(?:Interpellationer|Motioner|Frågor)\s?\d{4}\/\d{2}:\d+\s?[-–—]\s?\d+(?:\s+\d{1,4})?$/u;
/** A bare page number next to a running head: "201", "- 3 -", "3 (101)". */
const BARE_PAGE_NUMBER = /^[-–(]?\s*\d{1,4}\s*[-–)]?(?:\s*\(\d{1,4}\))?$/u;
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
  const dropped = dropPageFurniture(pages);
  const furniture = dropped.furniture;
  const lines = pages.length >= 2 ? dropped.lines : dropPairedRunningHeads(dropped.lines, furniture);
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

/**
 * Joins words split at a line end ("kommun-" + "styrelsen") and OCR's "lydstatsav- tal" inside lines.
 * Only the newest piece of a growing line is tested: testing the whole joined line on every step
 * made a text hyphenated on every line quadratic.
 */
function dehyphenate(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    if (first.includes('\t')) {
      out.push(joinInlineHyphens(first));
      continue;
    }
    const pieces = [first];
    let last = first;
    while (HYPHEN_END.test(last) && i + 1 < lines.length) {
      const next = lines[i + 1]!;
      const word = /^(\p{Ll}[\p{L}]*)/u.exec(next)?.[1];
      if (!word || KEEP_HYPHEN_BEFORE.has(word)) break;
      pieces[pieces.length - 1] = last.slice(0, -1);
      pieces.push(next);
      last = next;
      i++;
      // A tab in the joined line ends the joining, as it did when the whole line was tested.
      if (next.includes('\t')) break;
    }
    out.push(joinInlineHyphens(pieces.join('')));
  }
  return out;
}

/** A letter and a hyphen at the end of a line; anchored at the start of a short tail so the test costs O(1). */
const HYPHEN_END_TAIL = /\p{L}-$/u;
const HYPHEN_END = { test: (line: string) => line.length >= 2 && line.endsWith('-') && HYPHEN_END_TAIL.test(line.slice(-3)) };

function joinInlineHyphens(line: string): string {
  // Most lines have no "- " at all: no need to run the Unicode pattern over them.
  if (!line.includes('- ')) return line;
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
  // Each prose line is a paragraph of its own; runs of short lines and list items stay together, a line each.
  const paragraphs: string[][] = [];
  let shortRun: string[] = [];
  for (const line of joined) {
    if (isProseLine(line) && !LIST_ITEM.test(line)) {
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
  // "Punkt 7. Regionalt …" is numbering, not a sentence boundary: a word must end the sentence.
  return line.length >= 160 || /[.!?:]["”]?$/u.test(line) || /\p{L}{2}[.!?]\s+\p{Lu}/u.test(line);
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
  if (SECTION_HEADING.test(next)) return false;
  if (prev.length >= WRAP_MIN && OPEN_END.test(prev)) return true;
  // "Beslut", "Kulturnämnden": a short capitalised line without punctuation is a heading or a list entry.
  if (!nextLower && next.length < 30 && !SENTENCE_END.test(next)) return false;
  if (nextLower && !ended) return true;
  // Without a known line width a capitalised next line cannot be told from a new line.
  if (prev.length < WRAP_MIN || typical === 0) return false;
  // A line that stops well short of the usual width ended there: a heading or a paragraph's end.
  if (typical > 0 && prev.length < typical * 0.85) return false;
  return !ended || typical > 0;
}

/**
 * A paragraph cut by a page break or a stray blank line ("… och annan" / "grov brottslighet …") is joined.
 * Joined lines are kept as pieces and tested by their newest piece only, so a text that never ends a
 * sentence stays linear (testing the whole grown line on every step was quadratic).
 */
function joinAcrossBreaks(paragraphs: string[][]): string[][] {
  // Each output paragraph: its finished lines, and its last line as pieces still to be joined.
  const out: Array<{ lines: string[]; tail: string[]; tailLength: number; tailHasTab: boolean }> = [];
  for (const p of paragraphs) {
    const prev = out[out.length - 1];
    const head = p[0]!;
    const lastPiece = prev?.tail[prev.tail.length - 1];
    // A date line ("den 22 november") below a heading starts in lowercase but continues nothing.
    const dateLine = /^den \d{1,2} \p{L}+(?: \d{4})?$/u.test(head);
    if (prev && lastPiece !== undefined && prev.tailLength >= 60 && !prev.tailHasTab && !endsSentence(lastPiece) && /^\p{Ll}/u.test(head) && !LIST_ITEM.test(head) && !dateLine) {
      prev.tail.push(' ', head);
      prev.tailLength += 1 + head.length;
      prev.tailHasTab ||= head.includes('\t');
      if (p.length > 1) {
        prev.lines.push(prev.tail.join(''), ...p.slice(1, -1));
        const last = p[p.length - 1]!;
        prev.tail = [last];
        prev.tailLength = last.length;
        prev.tailHasTab = last.includes('\t');
      }
    } else {
      const last = p[p.length - 1]!;
      out.push({ lines: p.slice(0, -1), tail: [last], tailLength: last.length, tailHasTab: last.includes('\t') });
    }
  }
  return out.map((o) => [...o.lines, o.tail.join('')]);
}

/** SENTENCE_END on a line's last character only (the pattern is one character before the end). */
function endsSentence(line: string): boolean {
  return SENTENCE_END.test(line.slice(-2));
}

/** Masks digits and drops spaces, so "13 Interpellationer 1998/99:1-370" matches "Interpellationer1998/99:1 -370". */
function looseKey(line: string): string {
  return line.replace(/[\d\s]+/g, '').toLowerCase(); // the same as the sv locale (analysis/swedish.ts#lowerClean)
}

/**
 * OCR'd prints without form feeds often repeat a running head only twice; dropPageFurniture needs three.
 * A line with digits and letters that recurs and sits next to a bare page number is a running head too, as is
 * any line shaped like a Riksdag print head;
 * all its variants and the page numbers beside it go. Lines without digits ("För Socialdemokraterna") never match.
 */
function dropPairedRunningHeads(lines: string[], furniture: string[]): string[] {
  const nonBlank = lines.map((l, i) => (l === '' ? -1 : i)).filter((i) => i >= 0);
  // The free tests first: four letters as `(?:\p{L}.*){4}` backtracks over every way to place them.
  const isCandidate = (l: string) => l.length <= 80 && !l.includes('\t') && /\d/u.test(l) && /(?:\p{L}.*){4}/u.test(l);
  const counts = new Map<string, number>();
  for (const i of nonBlank) if (isCandidate(lines[i]!)) counts.set(looseKey(lines[i]!), (counts.get(looseKey(lines[i]!)) ?? 0) + 1);
  const heads = new Set<string>();
  nonBlank.forEach((i, k) => {
    const riksdagHead = RIKSDAG_RUNNING_HEAD.test(lines[i]!);
    const candidate = isCandidate(lines[i]!);
    // Most lines are neither: no key needed.
    if (!riksdagHead && !candidate) return;
    const key = looseKey(lines[i]!);
    if (riksdagHead) heads.add(key);
    if ((counts.get(key) ?? 0) < 2 || !candidate) return;
    const neighbours = [nonBlank[k - 1], nonBlank[k + 1]].filter((j): j is number => j !== undefined);
    if (neighbours.some((j) => BARE_PAGE_NUMBER.test(lines[j]!))) heads.add(key);
  });
  if (heads.size === 0) return lines;
  const drop = new Set<number>();
  nonBlank.forEach((i, k) => {
    if (!isCandidate(lines[i]!) || !heads.has(looseKey(lines[i]!))) return;
    drop.add(i);
    for (const j of [nonBlank[k - 1], nonBlank[k + 1]]) if (j !== undefined && BARE_PAGE_NUMBER.test(lines[j]!)) drop.add(j);
  });
  const known = new Set(furniture);
  for (const i of [...drop].sort((a, b) => a - b)) {
    const line = lines[i]!;
    if (BARE_PAGE_NUMBER.test(line) || known.has(line)) continue;
    known.add(line);
    furniture.push(line);
  }
  return lines.filter((_, i) => !drop.has(i));
}
