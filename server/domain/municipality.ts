/**
 * Municipality and region names: one rule for the extractor, for names people type (corrections,
 * upload metadata) and for comparing scopes, so "HUDDINGE stad", "huddinge" and "Huddinge kommun"
 * are one municipality everywhere (linking matches the stored name exactly).
 */

/** Municipalities whose organisation calls itself "stad" rather than "kommun", by their name in lower case. */
const CITY_NAMES: Record<string, string> = {
  göteborg: 'Göteborgs Stad',
  stockholm: 'Stockholms stad',
  malmö: 'Malmö stad',
  borås: 'Borås stad',
  helsingborg: 'Helsingborgs stad',
  landskrona: 'Landskrona stad',
  trollhättan: 'Trollhättans stad',
  västerås: 'Västerås stad',
  solna: 'Solna stad',
  sundbyberg: 'Sundbybergs stad',
  vaxholm: 'Vaxholms stad',
  mölndal: 'Mölndals stad',
  lidingö: 'Lidingö stad',
};

/** Organisations that are neither "X kommun" nor "Region X": the Riksdag, and regions named otherwise. */
const OWN_NAMES: Record<string, string> = {
  riksdagen: 'Riksdagen',
  'sveriges riksdag': 'Riksdagen',
  'västra götalandsregionen': 'Västra Götalandsregionen',
};

/** Genitives that do not add an s to the bare name: "Kalmar kommun", "Falu kommun". */
const GENITIVE: Record<string, string> = { kalmar: 'Kalmar', falun: 'Falu' };

/** "västra götaland" → "Västra Götaland", "upplands-bro" → "Upplands-Bro". */
function titleCase(s: string): string {
  return s.toLocaleLowerCase('sv').replace(/(^|[\s-])(\p{Ll})/gu, (_m, sep: string, c: string) => sep + c.toLocaleUpperCase('sv'));
}

/**
 * The name as it stands before "kommun": a bare place name takes the genitive s unless it ends in a
 * vowel, an s or an x ("Lund" → "Lunds", "Nässjö", "Borås", "Kalix"); a name that already has it keeps it.
 */
function genitive(name: string): string {
  const known = GENITIVE[name.toLocaleLowerCase('sv')];
  if (known) return known;
  return /[aeiouyåäösxz]$/iu.test(name) ? name : `${name}s`;
}

/**
 * The canonical name: "Huddinge kommun", "Lunds kommun", "Göteborgs Stad", "Region Västra Götaland",
 * "Landstinget i Värmland", "Riksdagen". Takes a bare name ("huddinge", "ALINGSÅS", the signature
 * place "Karlstad") or one with "kommun"/"stad" in any case; null for an empty name.
 */
export function canonicalMunicipality(raw: string): string | null {
  const s = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!s) return null;
  const own = OWN_NAMES[s.toLocaleLowerCase('sv').replace(/s$/u, '')] ?? OWN_NAMES[s.toLocaleLowerCase('sv')];
  if (own) return own;
  const region = /^region (.+)$/iu.exec(s);
  if (region) return `Region ${titleCase(region[1]!).replace(/ Län$/u, ' län')}`;
  const county = /^landstinget i (.+)$/iu.exec(s);
  if (county) return `Landstinget i ${titleCase(county[1]!).replace(/ Län$/u, ' län')}`;
  const name = s.replace(/ (?:kommun|stad)$/iu, '').trim() || s;
  const lower = name.toLocaleLowerCase('sv');
  // "Göteborgs" and "Göteborg" are one city; a genitive s is dropped only when the bare name is known.
  const city = CITY_NAMES[lower] ?? (lower.endsWith('s') ? CITY_NAMES[lower.slice(0, -1)] : undefined);
  return city ?? `${genitive(titleCase(name))} kommun`;
}

/** Comparison key: equal for every way of writing the same municipality. */
export function municipalityKey(name: string): string {
  const canonical = canonicalMunicipality(name) ?? '';
  // The region calls itself both; one key, so a scope written either way is the same scope.
  return (canonical === 'Region Västra Götaland' ? 'Västra Götalandsregionen' : canonical).toLocaleLowerCase('sv');
}
