/** A paragraph's head: its ärende title and diarienummer; and the documents it lists (Handlingar). */
import type { Section } from './sections.js';
import { collapse, joinLine } from './sections.js';

/** "Dnr KS 2017/0123", "Ärendenummer SLK-2025-00790", "Diarienummer: BUN 2016:123", "Dnr. 2019.123". */
const DNR_KEYWORD = /(?<![\p{L}\d])(?:dnr|diarienr|diarienummer|ärendenummer|ärendenr|ärende nr|beteckning)(?![\p{L}])\.?\s*:?\s*((?:\p{L}{1,8}[ /:-]?)?\d{1,6}(?:[:/.\-]\d{1,6}){0,2}(?:[-/]\d{1,6})?)/iu;
/** A diarienummer alone on its line, with the archive code after it: "Bun/2017:915   132", "KS 2019/123". */
const DNR_ALONE = /^((?:\p{Lu}[\p{L}]{1,7})\s?\/?\s?\d{4}[:/]\d{1,6}(?:-\d{1,4})?|\d{3,5}\/\d{2})(?:\s+\d{1,4})?$/u;
/** A wrapped heading goes on after an open end ("… avseende", "…,") or into a line that starts in lower case. */
const OPEN_END = /(?:[,\-–]|\s(?:och|eller|samt|av|för|om|till|i|med|på|från|den|det|att|som|vid|mot|under|över|inom|efter|avseende|angående|gällande|kring))$/u;

export function findDnr(s: string): { dnr: string; index: number; length: number } | null {
  const t = s.trim();
  const alone = DNR_ALONE.exec(t);
  if (alone) return { dnr: alone[1]!.replace(/\s+/g, ' '), index: 0, length: t.length };
  const m = DNR_KEYWORD.exec(t);
  return m ? { dnr: m[1]!.replace(/\s+/g, ' '), index: m.index, length: m[0].length } : null;
}

export interface HeadInfo {
  title: string | null;
  diarienummer: string | null;
}

/** The title is the first block of the head (or what follows the number on its line), without the diarienummer. */
export function readHead(rest: string, head: Section): HeadInfo {
  let diarienummer: string | null = null;
  const takeDnr = (s: string): string => {
    const d = findDnr(s);
    if (!d) return s;
    diarienummer ??= d.dnr;
    return (s.slice(0, d.index) + ' ' + s.slice(d.index + d.length)).trim();
  };
  // What is left of the number line without letters (":-1") or a keyword without its number is no title.
  const bare = (s: string) => (/\p{L}{2}/u.test(s) && !/^(?:dnr|diarienummer|ärendenummer|diarienr)\.?:?$/iu.test(s) ? s : '');
  let title: string | null = bare(takeDnr(rest));
  let lines = head.lines;
  if (!title) {
    // Skip to the first line that is not a diarienummer alone.
    let i = 0;
    while (i < lines.length && bare(takeDnr(lines[i]!.text)) === '') i++;
    if (i < lines.length) {
      title = takeDnr(lines[i]!.text);
      lines = lines.slice(i + 1);
    } else lines = [];
  }
  // A wrapped title goes on in its block; a blank line or a diarienummer ends it.
  for (const l of lines) {
    if (l.blockStart || !title || /[.!?]$/u.test(title) || title.length > 250) break;
    // "… för Göteborgs" + "Stads …": a name wraps at a capital; a heading's own last word is lower case.
    const nameWrap = /\s\p{Lu}[\p{L}-]*$/u.test(title) && /^\p{Lu}/u.test(l.text);
    if (!OPEN_END.test(title) && !nameWrap && !/^[\p{Ll}\d(]/u.test(l.text)) break;
    const t = takeDnr(l.text);
    if (t !== l.text) break;
    title = joinLine(title, t);
  }
  for (const l of head.lines) if (!diarienummer) takeDnr(l.text);
  // "Granskning av ersättning från Migrationsverket Bun/2016:591 007": the diarienummer closes the heading line.
  const tail = /\s(\p{Lu}[\p{L}]{1,7}\s?\/\s?\d{4}[:/]\d{1,6}(?:-\d{1,4})?)(?:\s+\d{1,4})?$/u.exec(title);
  if (tail) {
    diarienummer ??= tail[1]!.replace(/\s+/g, ' ');
    title = title.slice(0, tail.index);
  }
  title = collapse(title).replace(/\s*:$/u, '');
  // Prose is not a heading: a sentence with a full stop after many words is the text itself.
  if (!title || (/[.]$/u.test(title) && title.split(' ').length > 12) || title.length > 300) title = null;
  return { title, diarienummer };
}

/** One entry per listed document, bullets and final full stops removed; a flattened list split at its full stops and dates. */
export function readHandlingar(sections: Section[]): string[] {
  const out: string[] = [];
  for (const s of sections) {
    if (s.kind !== 'handlingar') continue;
    for (const l of s.lines) {
      const line = l.text.replace(/^(?:[-–•*·▪]|\d{1,2}[.)])\s+/u, '').trim();
      for (const piece of line.split(/(?<=\.)\s+(?=\p{Lu}\p{Ll}{2,}\s)|(?<=\d{4}-\d{2}-\d{2})\s+(?=\p{Lu}\p{Ll}{2,}\s)/u)) {
        const entry = collapse(piece).replace(/\.$/u, '').trim();
        if (entry) out.push(entry);
      }
    }
  }
  return out;
}
