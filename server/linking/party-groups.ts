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

/** The party groups a text's short lines sign for. */
export function partyGroups(text: string): PartyGroup[] {
  const out = new Map<string, PartyGroup>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (line.length > 90 || line.length < 8) continue;
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
