/**
 * Person names as mentions: how a name written in a document becomes a comparable key.
 * "Rasmus Lenefors (S)", "rasmus  lenefors" and "Rasmus Lenefors" share a key; so do
 * "Sara Heelge-Vikmång" and "Sara Heelge Vikmång". Initials ("S. Heelge Vikmång") are kept
 * as initials: whether they mean a known person is decided with party and municipality.
 */
import { partyFromAny } from '../domain/parties.js';

export interface NameMention {
  /** The name for display: spacing normalised, party suffix removed, ALL CAPS softened. */
  display: string;
  /** Lowercase (sv), hyphens as spaces, single spaces, no dots. */
  key: string;
  tokens: string[];
  /** True when some given name is only an initial. */
  hasInitials: boolean;
  /** Party written as a suffix ("(S)"), as a code. */
  party: string | null;
}

function titleCase(word: string): string {
  return word.split('-').map((w) => w.charAt(0).toLocaleUpperCase('sv') + w.slice(1).toLocaleLowerCase('sv')).join('-');
}

/** Parses a name as written; null when nothing name-like remains. */
export function parsePersonName(raw: string): NameMention | null {
  let s = raw.normalize('NFC').replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim();
  let party: string | null = null;
  const suffix = /\s*\(([^()]{1,40})\)\s*$/.exec(s);
  if (suffix) {
    party = partyFromAny(suffix[1]!);
    s = s.slice(0, suffix.index).trim();
  }
  s = s.replace(/[,;:]+$/, '').trim();
  if (!/\p{L}/u.test(s)) return null;
  // "S.Heelge" → "S. Heelge"; hyphens spaced by OCR ("Heelge - Vikmång") close up.
  s = s.replace(/(\p{Lu})\.(?=\p{L})/gu, '$1. ').replace(/\s*-\s*/g, '-').replace(/\s+/g, ' ');
  const letters = s.replace(/[^\p{L}]/gu, '');
  if (letters.length > 3 && letters === letters.toLocaleUpperCase('sv')) {
    s = s.split(' ').map((w) => (/^\p{Lu}\.?$/u.test(w) ? w : titleCase(w))).join(' ');
  }
  const tokens = s.toLocaleLowerCase('sv').replace(/-/g, ' ').replace(/\./g, ' ').split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return null;
  const hasInitials = tokens.slice(0, -1).some((t) => t.length === 1);
  return { display: s, key: tokens.join(' '), tokens, hasInitials, party };
}

/**
 * Whether an abbreviated mention can denote a full name: same number of names, the surname
 * written out and equal, each initial the first letter of the corresponding given name.
 */
export function initialsFit(mention: string[], full: string[]): boolean {
  if (mention.length !== full.length || mention.length < 2) return false;
  if (full.some((t) => t.length === 1)) return false;
  return mention.every((t, i) => (t.length === 1 ? full[i]!.startsWith(t) : t === full[i]));
}
