/** A paragraph's parts, found by their headings: Beslut, Yrkanden, Propositionsordning, Omröstning, Reservation … */
import type { Line } from './lines.js';

export type SectionKind =
  | 'head' | 'decision' | 'proposals' | 'procedure' | 'vote' | 'reservation' | 'note' | 'special' | 'jav' | 'handlingar' | 'other';

export interface SectionLine {
  text: string;
  start: number;
  blockStart: boolean;
}

export interface Section {
  kind: SectionKind;
  lines: SectionLine[];
  /** The heading as written ("Huvudvotering"), when the section has one. */
  heading?: string;
}

const HEADINGS: Array<[SectionKind, RegExp]> = [
  ['proposals', /^(?:yrkanden?|yrkande(?:n)? på sammanträdet|förslag till beslut på sammanträdet|yrkanden? och beslutsgång|yrkanden? under sammanträdet)$/iu],
  ['procedure', /^(?:beslutsgång|beslutsordning|propositionsordning|propositioner?|proposition och beslut|överläggning|ajournering)$/iu],
  ['vote', /^(?:omröstning|omröstningar|omröstningsresultat|votering|voteringar|huvudvotering|kontrapropositionsvotering|voteringslista|voteringsresultat|omröstningslista|röstning)(?:\s+\d{1,2})?$/iu],
  ['reservation', /^reservation(?:er)?(?:\s+\(?bilaga\s*\d+\)?)?$/iu],
  ['note', /^protokollsanteckning(?:ar)?(?:\s+\(?bilaga\s*\d+\)?)?$/iu],
  ['special', /^särskil(?:t|da) yttranden?(?:\s+\(?bilaga\s*\d+\)?)?$/iu],
  ['jav', /^jäv$/iu],
  ['handlingar', /^(?:handlingar|handling|beslutsunderlag|underlag|underlag för beslut|handlingar i ärendet|beslutsunderlag och handlingar)$/iu],
  ['decision', /^(?:beslut|beslutet|[\p{L}\- ]{0,60}?(?:nämndens|styrelsens|fullmäktiges|utskottets|rådets|beredningens|nämnds|styrelses|direktionens|kommittens|kommitténs)\s+beslut|beslut på sammanträdet)$/iu],
  ['decision', /^[\p{L}\- ]{0,60}?(?:nämnden|styrelsen|fullmäktige|utskottet|beredningen|rådet)\s+beslutar$/iu],
  ['other', /^(?:sammanfattning(?: av ärendet)?|ärendet|ärendebeskrivning|bakgrund|beskrivning av ärendet|tidigare behandling|justering|protokollsutdrag(?: skickas)? till|beslutet skickas till|skickas till|kopia till|beslutet expedieras(?: till)?|expedieras(?: till)?|förslag till beslut|förslag till [\p{L}\- ]{1,60}|[\p{L}-]{3,40}s förslag(?: till beslut)?|mbl-behandling|motivering|beslutsmotivering|ekonomiska konsekvenser|konsekvenser|[\p{L}\- ]{0,60}behandling(?:\s+[\d-]{4,10})?|innehåll|innehållsförteckning|paragrafer|ajournering)$/iu],
];

/** "BARN- OCH UTBILDNINGSNÄMNDENS BEHANDLING Yrkande": a capitals caption before the real heading. */
const CAPS_PREFIX = /^(?:\p{Lu}[\p{Lu}\- ]{3,60}BEHANDLING(?:\s+[\d-]{4,10})?)\s+(?=\S)/u;

/** Emphasis marks off and spaces collapsed; tabs (a table's cells) kept for the voting list. */
function clean(line: string): string {
  return line.replace(/[_*]/g, '').replace(/ {2,}/g, ' ').trim();
}

function headingKind(s: string): SectionKind | null {
  const t = s.replace(/\s+/gu, ' ').replace(/\s*:$/u, '').trim();
  if (t.length === 0 || t.length > 80) return null;
  for (const [kind, re] of HEADINGS) if (re.test(t)) return kind;
  return null;
}

/** The heading a line is (or starts with), and what follows it on the same line. */
export function classifyLine(line: string): { kind: SectionKind; rest: string } | null {
  let s = clean(line);
  const caps = CAPS_PREFIX.exec(s);
  if (caps) s = s.slice(caps[0].length);
  const whole = headingKind(s);
  if (whole) return { kind: whole, rest: '' };
  // "Beslut: Antecknas.", "Barn- och utbildningsnämndens beslut − Redovisningen godkänns."
  // Only the line's start is searched, so a long line costs no more than a short one.
  const inline = /^(.{3,80}?)(?:\s*:\s+|\s+[−–]\s+)(?=\S)/u.exec(s.slice(0, 120));
  if (inline) {
    const kind = headingKind(inline[1]!);
    if (kind) return { kind, rest: s.slice(inline[0].length) };
  }
  // "Beslutet expedieras till Kommunstyrelsen": a sent-to heading whose emphasis was its only separator.
  const sentTo = /^(?:beslutet expedieras(?: till)?|beslutet skickas till|protokollsutdrag(?: skickas)? till|expedieras till|skickas till|kopia till)\s+(?=\S)/iu.exec(s.slice(0, 60));
  if (sentTo) return { kind: 'other', rest: s.slice(sentTo[0].length) };
  // "Kommunfullmäktige beslutar att …": the formula starts the decision on its own line.
  const formula = /^[\p{L}\- ]{0,60}?(?:nämnden|styrelsen|fullmäktige|utskottet|beredningen|rådet)\s+beslutar(?:\s*:)?\s+(?=att\b)/u.exec(s.slice(0, 120));
  if (formula) return { kind: 'decision', rest: s.slice(formula[0].length) };
  if (caps && s.length === 0) return { kind: 'other', rest: '' };
  return null;
}

export function isHeadingLine(line: string): boolean {
  const c = classifyLine(line);
  return c !== null && c.rest === '';
}

/** Cuts a paragraph's lines (furniture already left out) into sections; the first is its head. */
export function splitSections(lines: Line[]): Section[] {
  const sections: Section[] = [{ kind: 'head', lines: [] }];
  for (const l of lines) {
    if (l.furniture) continue;
    const c = classifyLine(l.text);
    if (c) {
      sections.push({ kind: c.kind, lines: [], heading: clean(l.text).slice(0, 80) });
      if (c.rest) sections[sections.length - 1]!.lines.push({ text: c.rest, start: l.end - c.rest.length, blockStart: true });
      continue;
    }
    sections[sections.length - 1]!.lines.push({ text: clean(l.text), start: l.start, blockStart: l.blockStart });
  }
  return sections;
}

/** A section's blocks: its lines joined into paragraphs of prose (the blank lines of the text divide them). */
export function blocks(section: Section): string[] {
  // Each block is kept as its lines and joined once: testing a growing string on every line made long blocks quadratic.
  const out: string[][] = [];
  for (const l of section.lines) {
    if (l.blockStart || out.length === 0) out.push([l.text]);
    else out[out.length - 1]!.push(l.text);
  }
  return out.map((lines) => collapse(lines.reduce((acc, line, i) => (i === 0 ? [line] : joinPieces(acc, line)), [] as string[]).join('')));
}

function joinPieces(pieces: string[], b: string): string[] {
  const last = pieces[pieces.length - 1]!;
  if (hyphenJoins(last, b)) pieces[pieces.length - 1] = last.slice(0, -1);
  else pieces.push(' ');
  pieces.push(b);
  return pieces;
}

function hyphenJoins(a: string, b: string): boolean {
  return /\p{Ll}-$/u.test(a.slice(-2)) && /^\p{Ll}/u.test(b) && !/^(?:och|eller|samt|respektive|resp|som|till)\b/u.test(b);
}

/** Joins two lines of prose: "ut-" + "bildning" is one word, "bygg-" + "och" keeps its hyphen. */
export function joinLine(a: string, b: string): string {
  return hyphenJoins(a, b) ? a.slice(0, -1) + b : a + ' ' + b;
}

/** Whitespace collapsed, "ut- bildning" joined (but "bygg- och" kept), as the conventions ask of every text field. */
export function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/(\p{Ll})- (?!(?:och|eller|samt|respektive|resp|som|till)\b)(\p{Ll})/gu, '$1$2').trim();
}
