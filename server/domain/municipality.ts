/**
 * Municipality and region names: one rule for the extractor, for names people type (corrections,
 * upload metadata) and for comparing scopes, so "HUDDINGE stad", "huddinge" and "Huddinge kommun"
 * are one municipality everywhere (linking matches the stored name exactly).
 */

/** Municipalities that call themselves "stad" rather than "kommun", by their name in lower case. */
const CITY_NAMES: Record<string, string> = {
  göteborg: 'Göteborgs Stad', göteborgs: 'Göteborgs Stad',
  stockholm: 'Stockholms stad', stockholms: 'Stockholms stad',
  malmö: 'Malmö stad',
};

/** "västra götaland" → "Västra Götaland", "upplands-bro" → "Upplands-Bro". */
function titleCase(s: string): string {
  return s.toLocaleLowerCase('sv').replace(/(^|[\s-])(\p{Ll})/gu, (_m, sep: string, c: string) => sep + c.toLocaleUpperCase('sv'));
}

/**
 * The canonical name: "Huddinge kommun", "Göteborgs Stad", "Region Västra Götaland". Takes a bare
 * name ("huddinge", "ALINGSÅS") or one with "kommun"/"stad" in any case; null for an empty name.
 */
export function canonicalMunicipality(raw: string): string | null {
  const s = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!s) return null;
  const region = /^region (.+)$/iu.exec(s);
  if (region) return `Region ${titleCase(region[1]!)}`;
  const name = s.replace(/ (?:kommun|stad)$/iu, '').trim() || s;
  return CITY_NAMES[name.toLocaleLowerCase('sv')] ?? `${titleCase(name)} kommun`;
}

/** Comparison key: equal for every way of writing the same municipality. */
export function municipalityKey(name: string): string {
  return (canonicalMunicipality(name) ?? '').toLocaleLowerCase('sv');
}
