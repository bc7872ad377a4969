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
