/** Sentences of a block of prose, without splitting at "m.fl.", "f.d.", "t.o.m." or an initial. */

const ABBREVIATIONS = new Set([
  'm.fl', 'fl', 't.ex', 'bl.a', 'f.d', 'fd', 'fr.o.m', 't.o.m', 'o.m', 'kl', 'nr', 'ca', 'resp', 'jfr', 'dvs', 'd.v.s', 'm.m', 'mm', 'o.d', 'st',
  'tf', 'tjg', 'ordf', 'p', 's', 'e.d', 'u.a', 'enl', 'ang', 'bil', 'dnr', 'org', 'tel', 'inkl', 'exkl', 'milj', 'mnkr', 'tkr', 'kr',
]);

export function sentences(block: string): string[] {
  const out: string[] = [];
  const re = /[.!?]["”»]?\s+(?=["”«(]?\p{Lu})/gu;
  let from = 0;
  for (const m of block.matchAll(re)) {
    const at = m.index!;
    const before = /(\S+)$/u.exec(block.slice(Math.max(from, at - 12), at))?.[1] ?? '';
    const word = before.replace(/^[("”]+/u, '').toLocaleLowerCase('sv');
    // An initial ("Anna E. Ek") or an abbreviation does not end a sentence.
    if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word)) continue;
    const end = at + m[0].trimEnd().length;
    out.push(block.slice(from, end).trim());
    from = at + m[0].length;
  }
  const tail = block.slice(from).trim();
  if (tail) out.push(tail);
  return out;
}
