/**
 * A party's group in one body, when a document signs for it: "För Socialdemokraterna i
 * kommunfullmäktige", "S-gruppen i kommunstyrelsen", "Moderaternas fullmäktigegrupp".
 * "Socialdemokraterna i Huddinge" names a local party, not a group, and is not matched.
 */
import { partyFromAbbreviation, partyFromName } from '../domain/parties.js';

const BODY = /(fullmäktige|styrelse[n]?|nämnd(?:en)?|beredning(?:en)?|utskott(?:et)?|regionråd)/i;

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase('sv') + s.slice(1);
}

export interface PartyGroup {
  party: string;
  body: string;
}

/** Longest signature line looked at, in characters once whitespace is collapsed. */
const MAX_LINE = 90;

/** Whitespace as `\s` and `trim()` see it. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * The length of `s.replace(/\s+/g, ' ').trim()`, counted without building it; counting stops once it
 * passes `stopAbove` (the result is then some number above it).
 */
export function collapsedLength(s: string, stopAbove: number): number {
  let n = 0;
  let gap = false;
  for (let i = 0; i < s.length; i++) {
    if (isSpace(s.charCodeAt(i))) { gap = n > 0; continue; }
    if (gap) { n++; gap = false; }
    if (++n > stopAbove) return n;
  }
  return n;
}

/** The party groups a text's short lines sign for. */
export function partyGroups(text: string): PartyGroup[] {
  const out = new Map<string, PartyGroup>();
  for (const raw of text.split('\n')) {
    // Measured before anything is copied: a text's long lines (a whole paragraph on one line) are
    // most of it, and collapsing each only to drop it made writing a 1 MB document allocate 12 MB here.
    if (collapsedLength(raw, MAX_LINE) > MAX_LINE) continue;
    const line = raw.replace(/\s+/g, ' ').trim();
    if (line.length < 8) continue;
    let m = /^(?:för\s+)?([\p{L}\- ]+?)\s+i\s+([\p{L}\- ]+?)\.?$/iu.exec(line);
    let party: string | null = null;
    let body: string | null = null;
    if (m && BODY.test(m[2]!)) {
      const who = m[1]!.replace(/-?\s*gruppen$|s grupp$/i, '').trim();
      party = partyFromName(who) ?? partyFromAbbreviation(who);
      body = m[2]!;
    } else if ((m = /^(?:för\s+)?([\p{L}]+?)(?:s)?\s+(fullmäktigegrupp|styrelsegrupp|nämndgrupp)(?:en)?\.?$/iu.exec(line))) {
      party = partyFromName(m[1]!) ?? partyFromAbbreviation(m[1]!);
      body = { fullmäktigegrupp: 'kommunfullmäktige', styrelsegrupp: 'kommunstyrelsen', nämndgrupp: 'nämnden' }[m[2]!.toLocaleLowerCase('sv')] ?? null;
    }
    if (party && body) {
      const g = { party, body: capitalise(body.toLocaleLowerCase('sv')) };
      out.set(`${g.party}|${g.body}`, g);
    }
  }
  return [...out.values()];
}
