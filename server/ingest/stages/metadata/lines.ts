/** Views of normalised text that the metadata rules share: paragraphs, lines, the document head. */

export interface Paragraph {
  index: number;
  /** Lines as the normaliser kept them; a tab marks a column gap. */
  lines: string[];
  /** The lines joined by spaces, column gaps as spaces. */
  text: string;
}

/** Splits normalised text (blank-line separated) into paragraphs. */
export function toParagraphs(text: string): Paragraph[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((l) => l.trim()).filter((l) => l !== ''))
    .filter((lines) => lines.length > 0)
    .map((lines, index) => ({ index, lines, text: lines.join(' ').replace(/\t+/g, ' ').replace(/ {2,}/g, ' ').trim() }));
}

/** True for running prose: long, or several sentences. Headings, letterheads and signatures are not prose. */
export function isProse(p: Paragraph): boolean {
  const t = p.text;
  if (t.length >= 220) return true;
  const sentences = t.split(/(?<=[.!?])\s+(?=\p{Lu})/u).length;
  return t.length >= 90 && sentences >= 2 && /[.!?”"]$/.test(t);
}

/**
 * The head: the paragraphs before running prose starts (letterhead, kind heading, ärende line),
 * at most `max` of them. Metadata is read here first so body prose cannot pollute it.
 */
export function headOf(paragraphs: Paragraph[], max = 12): Paragraph[] {
  const head: Paragraph[] = [];
  for (const p of paragraphs) {
    if (head.length >= max || (isProse(p) && head.length > 0)) break;
    head.push(p);
  }
  return head;
}

/** Every line of the given paragraphs, with column cells split out as extra entries. */
export function cellsOf(paragraphs: Paragraph[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs) {
    for (const line of p.lines) {
      const cells = line.split('\t').map((c) => c.trim()).filter(Boolean);
      out.push(...cells);
    }
  }
  return out;
}

/** Collapses whitespace (tabs included) to single spaces. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Uppercases the first letter only ("statsrådet" → "Statsrådet"). */
export function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase('sv') + s.slice(1);
}
