/** The decision text: the "Beslut" section, else a sentence in which the body decides ("Utskottet beslutade att …"). */
import type { Section } from './sections.js';
import { blocks, collapse } from './sections.js';

const BULLET = /^[-–−•*·▪](?:\s+|$)/u;
/** A narrative decision: "Utskottet beslutade …", "På förslag från Moderaterna beslutade utskottet …". */
const DECIDES = /\b(?:\p{L}*(?:nämnden|styrelsen|fullmäktige|utskottet|beredningen|rådet)\s+(?:beslutade|beslutar)|beslutade\s+(?:\p{L}*(?:nämnden|styrelsen|fullmäktige|utskottet|beredningen|rådet)))\b/iu;

export function decisionBlocks(sections: Section[]): string[] {
  const own = sections.find((s) => s.kind === 'decision' && s.lines.length > 0);
  if (own) return blocks({ kind: own.kind, lines: own.lines.map((l) => ({ ...l, text: l.text.replace(BULLET, '') })) });
  for (const s of sections) {
    if (s.kind !== 'head' && s.kind !== 'other') continue;
    const bs = blocks(s);
    // The head's first block is the title.
    for (let i = s.kind === 'head' ? 1 : 0; i < bs.length; i++) if (DECIDES.test(bs[i]!)) return [bs[i]!];
  }
  return [];
}

export function readDecision(sections: Section[]): string | null {
  const bs = decisionBlocks(sections);
  const text = collapse(bs.join(' '));
  return text || null;
}
