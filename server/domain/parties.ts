/** Swedish party names and abbreviations: one place that maps how parties are written to codes. */

/** Canonical code → display name (national parties, earlier names, common local parties). */
export const PARTY_NAMES: Record<string, string> = {
  S: 'Socialdemokraterna',
  M: 'Moderaterna',
  SD: 'Sverigedemokraterna',
  C: 'Centerpartiet',
  V: 'Vänsterpartiet',
  KD: 'Kristdemokraterna',
  L: 'Liberalerna',
  MP: 'Miljöpartiet de gröna',
  FP: 'Folkpartiet liberalerna',
  KDS: 'Kristdemokratiska samhällspartiet',
  NYD: 'Ny demokrati',
  D: 'Demokraterna',
  FI: 'Feministiskt initiativ',
  SPI: 'Sjukvårdspartiet',
  '-': 'Politisk vilde',
};

/** Full names and their inflections as they appear in text ("För Vänsterpartiet"), lowercased. */
const NAME_TO_CODE: Array<[RegExp, string]> = [
  [/^socialdemokrat(?:erna|iska|isk|er)?\b/, 'S'],
  [/^(?:moderaterna|moderata samlingspartiet|moderat(?:er|a)?)\b/, 'M'],
  [/^sverigedemokrat(?:erna|er)?\b/, 'SD'],
  [/^centerpartiet\b/, 'C'],
  [/^vänsterpartiet\b/, 'V'],
  [/^kristdemokraterna\b/, 'KD'],
  [/^kristdemokratiska samhällspartiet\b/, 'KDS'],
  [/^liberalerna\b/, 'L'],
  [/^folkpartiet(?: liberalerna)?\b/, 'FP'],
  [/^miljöpartiet(?: de gröna)?\b/, 'MP'],
  [/^ny demokrati\b/, 'NYD'],
  [/^demokraterna\b/, 'D'],
  [/^feministiskt initiativ\b/, 'FI'],
  [/^sjukvårdspartiet\b/, 'SPI'],
];

/** Abbreviations accepted in "(s)", "(MP)", "(kds)", "(fp)"; uppercase code. */
const ABBREVIATIONS = new Set(['S', 'M', 'SD', 'C', 'V', 'KD', 'L', 'MP', 'FP', 'KDS', 'NYD', 'D', 'FI', 'SPI', 'VPK', 'MPG']);

/** Code for an abbreviation as written ("s", "Mp", "KD"), or null when it is not a known party. */
export function partyFromAbbreviation(raw: string): string | null {
  const code = raw.trim().replace(/\.$/, '').toUpperCase();
  if (code === 'VPK') return 'V';
  if (code === 'MPG') return 'MP';
  return ABBREVIATIONS.has(code) ? code : null;
}

/** Code for a text that starts with a party's full name ("Socialdemokraterna i Huddinge"), or null. */
export function partyFromName(raw: string): string | null {
  const lower = raw.trim().toLocaleLowerCase('sv');
  for (const [re, code] of NAME_TO_CODE) if (re.test(lower)) return code;
  return null;
}

/** Code for either form: a full name or an abbreviation. */
export function partyFromAny(raw: string): string | null {
  return partyFromAbbreviation(raw) ?? partyFromName(raw);
}

/** Display name of a code; the code itself for unknown local parties. */
export function partyName(code: string): string {
  return PARTY_NAMES[code] ?? code;
}

/** Adjectives and member nouns that name a party: "den socialdemokratiska gruppen", "vi sverigedemokrater". */
const ADJECTIVE_TO_CODE: Array<[RegExp, string]> = [
  [/^socialdemokrat(?:iska|isk|er|erna)$/, 'S'],
  [/^moderat(?:a|er|erna)$/, 'M'],
  [/^sverigedemokrat(?:iska|isk|er|erna)$/, 'SD'],
  [/^centerpartist(?:iska|isk|er|erna)$/, 'C'],
  [/^vänsterpartist(?:iska|isk|er|erna)$/, 'V'],
  [/^kristdemokrat(?:iska|isk|er|erna)$/, 'KD'],
  [/^liberal(?:a|er|erna)$/, 'L'],
  [/^folkpartist(?:iska|isk|er|erna)$/, 'FP'],
  [/^miljöpartist(?:iska|isk|er|erna)$/, 'MP'],
];

/** Code for a party adjective or member noun ("socialdemokratiska", "moderater"), or null. */
export function partyFromAdjective(word: string): string | null {
  const lower = word.toLocaleLowerCase('sv');
  for (const [re, code] of ADJECTIVE_TO_CODE) if (re.test(lower)) return code;
  return null;
}

/** Words that are written in capitals or end in -partiet without being parties. */
const NOT_LOCAL_PARTY = new Set(['KF', 'KS', 'KSO', 'KSAU', 'BUN', 'SN', 'MBN', 'SBN', 'TN', 'PDF', 'EU', 'AB', 'VD', 'SKR', 'FN', 'MVH', 'OBS', 'NR', 'DNR', 'PS']);
const LOCAL_PARTY_WORD = /^\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)*partiet$/u;

/**
 * A phrase that is nothing but a party's designation, as letterheads and signature lines write it:
 * "Socialdemokraterna", "Vänsterpartiet i Lund", "Sverigedemokraterna Trelleborg", "(S)", "SD",
 * "Sollentunapartiet", "SPI Välfärden", "Kungsbackaborna(Kb)". Returns the national code, or a local
 * party as written: its abbreviation when one is given, else its name. `bareCapitals` also accepts an
 * unknown abbreviation alone ("SAFE"), which only a signature position makes a party.
 */
export function partyDesignation(raw: string, bareCapitals = false): string | null {
  const s = raw.trim().replace(/^\((.*)\)$/u, '$1').replace(/^["'”“]+|["'”“.,:;]+$/gu, '').replace(/\s+/gu, ' ');
  if (!s || s.length > 60) return null;
  const abbreviation = partyFromAbbreviation(s);
  if (abbreviation && /^\p{Lu}/u.test(s)) return abbreviation;
  // "Name (Ab)": a local party with its abbreviation, the letters of which come from the name.
  const withAbbr = /^(\p{Lu}[\p{L}-]+(?: \p{L}[\p{L}-]+){0,2}) ?\((\p{Lu}[\p{L}]{0,5})\)$/u.exec(s);
  if (withAbbr) {
    const known = partyFromAbbreviation(withAbbr[2]!) ?? partyFromName(withAbbr[1]!);
    if (known) return known;
    if (initialsFit(withAbbr[2]!, withAbbr[1]!)) return withAbbr[2]!;
    return null;
  }
  const words = s.split(' ');
  const head = partyFromName(s);
  if (head) {
    // The national name, optionally with its place: "i Lund", "Trelleborg", "Nykvarn".
    const nameWords = head === 'MP' && /^miljöpartiet de gröna/iu.test(s) ? 3 : head === 'FP' && /^folkpartiet liberalerna/iu.test(s) ? 2 : head === 'KDS' ? 3 : head === 'NYD' || head === 'FI' ? 2 : 1;
    const rest = words.slice(nameWords);
    if (rest[0] === 'i') rest.shift();
    if (rest.length <= 2 && rest.every((w) => /^\p{Lu}[\p{Ll}-]+$/u.test(w))) return head;
    return null;
  }
  if (words.length === 1 && LOCAL_PARTY_WORD.test(s)) return s;
  // "SPI Välfärden": a capitals abbreviation with its name.
  if (words.length <= 3 && /^\p{Lu}{2,5}$/u.test(words[0]!) && words.slice(1).every((w) => /^\p{Lu}[\p{Ll}-]+$/u.test(w)) && words.length > 1) {
    return NOT_LOCAL_PARTY.has(words[0]!) ? null : partyFromAbbreviation(words[0]!) ?? words[0]!;
  }
  if (bareCapitals && words.length === 1 && /^\p{Lu}{2,6}$/u.test(s) && !NOT_LOCAL_PARTY.has(s)) return s;
  return null;
}

/** True when the abbreviation's letters appear in order in the name, starting with its first letter. */
function initialsFit(abbr: string, name: string): boolean {
  const a = abbr.toLocaleLowerCase('sv');
  const n = name.toLocaleLowerCase('sv');
  if (a[0] !== n[0]) return false;
  let j = 0;
  for (const ch of n) if (ch === a[j]) j++;
  return j >= a.length;
}
