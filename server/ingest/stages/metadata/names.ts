/** Recognising people's names and "Name (P)" mentions in Swedish political text. */
import { partyDesignation, partyFromAbbreviation } from '../../../domain/parties.js';

const PARTICLES = new Set(['af', 'von', 'van', 'de', 'der', 'del', 'da', 'di', 'la', 'le', 'bin', 'al', 'el']);
/** Capitalised words that start lines but are never a name part. */
const NOT_NAME_WORDS = new Set([
  'För', 'Kommunstyrelsen', 'Kommunfullmäktige', 'Kommunstyrelsens', 'Ordförande', 'Ledamot', 'Ersättare', 'Gruppledare',
  'Socialdemokraterna', 'Moderaterna', 'Vänsterpartiet', 'Centerpartiet', 'Liberalerna', 'Kristdemokraterna', 'Miljöpartiet',
  'Sverigedemokraterna', 'Demokraterna', 'Datum', 'Sida', 'Dnr', 'Ärende', 'Protokoll', 'Reservation', 'Yrkande', 'Motion',
  'Interpellation', 'Svar', 'Yttrande', 'Bilaga', 'Kommunalråd', 'Oppositionsråd', 'Regionråd', 'Stockholm', 'Göteborg',
  'Malmö', 'Den', 'Det', 'Vi', 'Jag', 'Med', 'Till', 'Om', 'Region', 'Statsrådet', 'Beslut', 'Handling', 'Sammanträdesdatum',
  // Web-page furniture and headings that come in capitalised pairs ("Facebook Twitter Email", "Lämna Kommentar").
  'Facebook', 'Twitter', 'Email', 'Instagram', 'Linkedin', 'LinkedIn', 'Youtube', 'YouTube', 'Dela', 'Gilla', 'Kommentera',
  'Kommentarer', 'Skriv', 'Läs', 'Tillbaka', 'Publicerad', 'Uppdaterad', 'Relaterat', 'Meny', 'Sök', 'Kontakt', 'Kontakta',
  'Underskrift', 'Underskrifter', 'Justerare', 'Sekreterare', 'Bilagor', 'Närvarande', 'Frånvarande', 'Tjänstgörande',
  'Partiföreträdare', 'Riksdagen', 'Motioner', 'Interpellationer', 'Fråga', 'Frågor', 'Svar', 'Program', 'Förslag',
]);
/** Long words with these endings are nouns ("Utdragsbestyrkande", "Justerarsignaturer"), never name parts. */
const NOUN_ENDING = /(?:ande|ende|ning|ningar|tion|tioner|heter|skap|signaturer|förteckning|bestyrkande)$/u;

/**
 * A capitalised word, double-barrelled ("Anna-Karin", "McDonald") or an initial. Each part after the
 * first starts with a hyphen or a capital, so the engine has one way to read a word: written as
 * `(?:-?\p{Lu}?[\p{Ll}'’]+)*` (the same words) every split of the lowercase run was a way, and a
 * word that fails at its end ("Socialdemokraterna,") cost 2^length steps, 0.1 s for 25 letters.
 */
const NAME_WORD = /^(?:\p{Lu}[\p{Ll}'’]+(?:-?\p{Lu}[\p{Ll}'’]+|-[\p{Ll}'’]+)*|\p{Lu}\.?)$/u;

/** False when `w` starts with an ASCII character other than A–Z, which NAME_WORD (a capital first) never matches: most words, without the Unicode regex. */
function startsAsNameWord(w: string): boolean {
  const c = w.charCodeAt(0);
  return c >= 128 || (c >= 65 && c <= 90);
}

/** True when `s` reads as a person's name: 2–5 capitalised words (particles and initials allowed). */
export function looksLikeName(s: string): boolean {
  const words = s.trim().split(/\s+/);
  if (words.length < 2 || words.length > 5) return false;
  let capitalised = 0;
  for (const w of words) {
    if (PARTICLES.has(w)) continue;
    if (!startsAsNameWord(w) || !NAME_WORD.test(w) || NOT_NAME_WORDS.has(w) || (w.length >= 9 && NOUN_ENDING.test(w))) return false;
    capitalised++;
  }
  const last = words[words.length - 1] ?? '';
  const first = words[0] ?? '';
  const initial = (w: string) => /^\p{Lu}\.?$/u.test(w);
  // Initials may lead with a period ("S. Heelge Vikmång") or stand inside ("Margareta E Nordenvall"), never last.
  return capitalised >= 2 && !PARTICLES.has(last) && !initial(last) && (!initial(first) || first.endsWith('.'));
}

export interface NameMention {
  name: string;
  party: string | null;
  /** A parenthesised note that is not a party, e.g. "suppleantyttrande". */
  note: string | null;
}

/** "RASMUS LENEFORS" → "Rasmus Lenefors": some signature blocks are set in capitals. */
function softenCapitals(s: string): string {
  const letters = s.replace(/[^\p{L}]/gu, '');
  if (letters.length < 4 || letters !== letters.toLocaleUpperCase('sv')) return s;
  return s.replace(/\p{L}+/gu, (w) => (w.length === 1 ? w : w.charAt(0) + w.slice(1).toLocaleLowerCase('sv')));
}

/** "RogerLarsson" → "Roger Larsson": a signature line that lost its space is one capitalised run with a capital inside. */
function splitLostSpace(s: string): string {
  return /^\p{Lu}\p{Ll}{2,}\p{Lu}\p{Ll}{2,}$/u.test(s) ? s.replace(/(\p{Ll})(\p{Lu})/u, '$1 $2') : s;
}

/** Abbreviations in parentheses that are notes on a role, not a local party. */
const NOT_PARTY_NOTE = /^(?:ordf|vice|ers|led|ledamot|suppl|sekr|ej|jfr|bil)$/iu;

/**
 * Parses "Rasmus Lenefors (S)", "Siv Sahlström (c)", "Britt Flodetorp (suppleantyttrande)", a bare name,
 * and the signature forms with the party after the name: "Helmuth Petersen SD", "Börje Karlsson Centerpartiet",
 * "Roger Larsson (Kb)" (a local party's abbreviation as written).
 */
export function parseNameMention(raw: string): NameMention | null {
  const plain = splitLostSpace(raw.trim().replace(/^["”“]+|["”“]+$/gu, '').replace(/[,;.]$/, '').replace(/\s+/g, ' '));
  const direct = parseNameOnly(plain);
  if (direct) return direct;
  // The party written after the name without parentheses: the last one to three words.
  const words = plain.split(' ');
  for (let k = 1; k <= 3 && words.length - k >= 2; k++) {
    const tail = words.slice(-k).join(' ');
    // A bare one-letter code ("Anna Ek S") is too easily an initial; a capitals code needs two letters.
    if (k === 1 && /^\p{Lu}$/u.test(tail)) continue;
    if (/^\p{Ll}/u.test(tail)) continue;
    const party = partyDesignation(tail);
    if (!party || (k === 1 && /^\p{Lu}\p{Ll}/u.test(tail) && !/(?:partiet|erna)$/u.test(tail))) continue;
    const name = words.slice(0, -k).join(' ');
    if (looksLikeName(name)) return { name, party, note: null };
  }
  return null;
}

function parseNameOnly(raw: string): NameMention | null {
  const trimmed = raw;
  const paren = /\s*\([^()]{1,40}\)$/.exec(trimmed);
  const s = paren ? softenCapitals(trimmed.slice(0, paren.index)) + trimmed.slice(paren.index) : softenCapitals(trimmed);
  const m = /^(.+?)\s*\(([^()]{1,40})\)$/.exec(s);
  if (m) {
    const name = m[1]!.trim();
    if (!looksLikeName(name)) return null;
    const inner = m[2]!.trim();
    const party = partyFromAbbreviation(inner)
      // "(Socialdemokraterna)", "(Vänsterpartiet i Lund)": the party's name in full.
      ?? (/^\p{Lu}\p{Ll}{3,}/u.test(inner) ? partyDesignation(inner) : null)
      // A local party's abbreviation: "(Kb)", "(SAFE)", "(FiA)"; a role note is a lowercase word ("(ordf)", "(suppleantyttrande)").
      ?? (/^\p{Lu}(?:\p{Lu}{1,4}|\p{Ll}|\p{Ll}?\p{Lu}{1,3})$/u.test(inner) && !NOT_PARTY_NOTE.test(inner) ? inner : null);
    return party ? { name, party, note: null } : { name, party: null, note: inner.toLocaleLowerCase('sv') };
  }
  return looksLikeName(s) ? { name: s, party: null, note: null } : null;
}

/** Finds every "Name (P)" inside running text, e.g. an interpellation heading, in order. */
export function findNamePartyPairs(text: string): Array<{ name: string; party: string; index: number }> {
  const out: Array<{ name: string; party: string; index: number }> = [];
  const re = /((?:\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)*|\p{Lu}\.|af|von|van|de)(?:\s+(?:\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)*|\p{Lu}\.?|af|von|van|de)){1,4})\s*\(([A-Za-zÅÄÖåäö]{1,4})\)/gu;
  for (const m of text.matchAll(re)) {
    const party = partyFromAbbreviation(m[2]!);
    if (!party) continue;
    // Drop leading capitalised non-name words ("Statsrådet Lotta Edholm" → "Lotta Edholm").
    const words = m[1]!.split(/\s+/);
    while (words.length > 2 && (NOT_NAME_WORDS.has(words[0]!) || /(?:rådet|ministern|ordförande[n]?)$/i.test(words[0]!))) words.shift();
    const name = words.join(' ');
    if (looksLikeName(name)) out.push({ name, party, index: m.index ?? 0 });
  }
  return out;
}
