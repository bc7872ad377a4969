/**
 * The protocol's text as lines with offsets, and which of them are page furniture (page headers, footers,
 * page numbers, "Justerandes sign") that run through paragraphs and must never become text.
 */

export interface Line {
  text: string;
  start: number;
  end: number;
  /** A blank line (paragraph break) comes before this line. */
  blockStart: boolean;
  furniture: boolean;
}

/** Furniture whatever the layout: signature boxes, protocol numbers, page numbers, continuation marks. */
const FIXED_FURNITURE = new RegExp(
  '^(?:' + [
    'justerandes?\\s+sign(?:atur(?:er)?)?(?:\\s+utdragsbestyrkande)?',
    'justerarsignaturer(?:\\s+utdragsbestyrkande)?',
    'utdragsbestyrkande',
    'ordförandes\\s+sign(?:atur)?',
    'sign(?:atur)?',
    'protokoll\\s+nr\\s+\\d+',
    'sammanträdesdatum:?\\s*\\d{4}-\\d{2}-\\d{2}',
    '(?:sida|s\\.)\\s*\\d{1,4}(?:\\s*(?:\\(|av|\\/)\\s*\\d{1,4}\\)?)?',
    // Page numbers have at most three digits: "2025" alone is the year that ends a wrapped heading.
    '[-–(]?\\s*\\d{1,3}\\s*[-–)]?(?:\\s*\\(\\d{1,4}\\))?',
    '\\|?\\s*forts\\.?\\s*(?:från\\s+)?(?:§\\s*\\d+)?[\\s|.]*',
  ].join('|') + ')$',
  'iu',
);
/** A page head that names the protocol with its date or page: "SAMMANTRÄDESPROTOKOLL 2018-09-25 … Sida 5". */
const PROTOCOL_HEAD = /^(?:\p{L}[\p{L} -]{0,60}\s)?(?:sammanträdes)?protokoll(?!\s+(?:från|för|över|med|och|vid|i|om|till)\s)(?:\s+\p{L}[\p{L}\- ]{0,60})?(?:\s+\d{4}-\d{2}-\d{2})?(?:\s+(?:sida\s*)?\d{1,3}(?:\s*\(\d{1,3}\))?)?$/iu;
/** A body's name alone ("Kommunstyrelsen"): Göteborg's page head, never an ärende title. */
const BODY_ALONE = /^(?:\p{L}+-?\s+och\s+)?\p{L}*(?:nämnden|styrelsen|fullmäktige|utskottet)$/iu;

function maskKey(s: string): string {
  return s.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv');
}

/** Splits the text into lines with offsets and marks furniture. `isHeading` keeps section headings out of it. */
export function readLines(text: string, isHeading: (line: string) => boolean, meeting: { body: string | null; date: string | null } = { body: null, date: null }): Line[] {
  const body = meeting.body?.toLocaleLowerCase('sv') ?? null;
  const lines: Line[] = [];
  let pos = 0;
  let blank = true;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const raw = text.slice(pos, end);
    const trimmed = raw.trim();
    if (trimmed === '') blank = true;
    else {
      const lead = raw.length - raw.trimStart().length;
      lines.push({ text: trimmed, start: pos + lead, end: pos + lead + trimmed.length, blockStart: blank, furniture: false });
      blank = false;
    }
    if (nl < 0) break;
    pos = nl + 1;
  }
  // Lines that recur on many pages: counted with digits masked, so "Sida 4" and "Sida 5" are one line.
  const keys = lines.map((l) => maskKey(l.text));
  const counts = new Map<string, number>();
  lines.forEach((l, i) => { if (l.text.length <= 90) counts.set(keys[i]!, (counts.get(keys[i]!) ?? 0) + 1); });
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const t = l.text.replace(/[_*]/g, '').trim();
    if (t.startsWith('§') || /^[-–•]\s*§/u.test(t)) continue;
    if (isHeading(t)) continue;
    const n = counts.get(keys[i]!) ?? 0;
    // Read only where the last test needs it: most lines are decided before.
    const allCaps = () => {
      const letters = t.replace(/[^\p{L}]/gu, '');
      return letters.length >= 4 && letters === letters.toLocaleUpperCase('sv');
    };
    // The meeting's own body or date alone on a line is the page head's.
    l.furniture = t === meeting.date || (body !== null && t.toLocaleLowerCase('sv') === body)
      || FIXED_FURNITURE.test(t)
      || (t.length <= 100 && PROTOCOL_HEAD.test(t) && (/sida\s*\d|\d\s*\(\d+\)$/iu.test(t) || (n >= 2 && /\d/u.test(t)) || /^(?:sammanträdes|justerat\s+)?protokoll$/iu.test(t)))
      || BODY_ALONE.test(t)
      // A running head that ends in its page number: "Kommunstyrelsen 2018-09-25 Sida 5 (22)".
      || (t.length <= 100 && /\bsida\s*\d{1,3}(?:\s*\(\d{1,3}\)|\s*av\s*\d{1,3}|\s*\/\s*\d{1,3})?$/iu.test(t) && !/[.!?]\s/u.test(t))
      || (n >= 3 && t.length <= 90 && !/[.!?]$/u.test(t) && (allCaps() || /^\p{Lu}{4,}\s/u.test(t) || /protokoll|sammanträde/iu.test(t) || /^\d{4}-\d{2}-\d{2}$/u.test(t)));
  }
  return lines;
}
