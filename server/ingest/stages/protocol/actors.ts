/**
 * Who a sentence is about: the people ("Anna Ek (S)", "tjänstgörande ersättaren Bo Lund (V)") and party groups
 * ("Ledamöterna från SD", "M- och KD-ledamöterna", "Kristdemokraterna", "Mp") in a list written "A, B och C".
 * Names and parties go through the project's own rules (metadata/names.ts, domain/parties.ts).
 */
import { partyDesignation, partyFromAbbreviation, partyFromAdjective, partyFromName } from '../../../domain/parties.js';
import { parseNameMention } from '../metadata/names.js';

export interface Person {
  name: string;
  party: string | null;
}

export interface Actors {
  people: Person[];
  /** Parties acting as groups, without a person. */
  groups: string[];
}

/** Titles and roles before a name, and words that open a sentence before its subject. */
const LEAD_WORDS = new Set([
  'ordförande', 'ordföranden', 'tjänstgörande', 'vice', 'förste', 'andre', 'tredje', '1:e', '2:e', 'ledamoten', 'ledamot', 'ersättaren',
  'ersättare', 'kommunalrådet', 'kommunalråd', 'oppositionsrådet', 'oppositionsråd', 'regionrådet', 'regionråd', 'gruppledare', 'gruppledaren',
  'vidare', 'även', 'därefter', 'sedan', 'slutligen', 'också', 'dessutom', 'samtidigt', 'härefter', 'nämndens', 'styrelsens', 'ordförandena',
  'ersättarna', 'ledamöterna', 'kommunstyrelsens', 'fullmäktiges', 'talmannen', 'statsrådet', 'socialrådet', 'mot', 'beslutet',
]);

/** Splits "A (S), B (V) och C (MP)" into items, keeping commas inside parentheses ("(S, C, V, L och MP)"). */
export function listItems(s: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let cur = '';
  const words = s.split(/(\s+|,)/u);
  for (const w of words) {
    if (w === undefined) continue;
    for (const ch of w) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (depth <= 0 && (w === ',' || /^(?:och|samt|&)$/u.test(w))) {
      if (cur.trim()) items.push(cur.trim());
      cur = '';
      depth = 0;
      continue;
    }
    cur += w;
  }
  if (cur.trim()) items.push(cur.trim());
  return items;
}

/** A party group written as a subject: "Ledamöterna från SD", "KD-ledamöterna", "Socialdemokraterna", "Mp", "M-gruppen". */
export function groupParties(item: string): string[] {
  const s = item.replace(/^(?:samtliga|de|alla|den|det)\s+/iu, '').trim();
  const from = /^(?:ledamöterna|ledamöter|ledamoten|gruppen|grupperna|representanterna|företrädarna|ersättarna|ledamöterna och ersättarna)\s+(?:från|för|i)\s+(.+)$/iu.exec(s);
  if (from) return partyList(from[1]!);
  const hyphen = /^(\p{L}{1,4})-(?:ledamöterna|ledamoten|ledamöter|gruppen|företrädarna|representanterna)?$/u.exec(s);
  if (hyphen) {
    const code = partyFromAbbreviation(hyphen[1]!);
    return code ? [code] : [];
  }
  const possessive = /^(\p{L}+?)s\s+(?:ledamöter|ledamot|grupp|företrädare|representanter)$/u.exec(s);
  if (possessive) {
    const code = partyFromName(possessive[1]!) ?? partyFromAdjective(possessive[1]!);
    return code ? [code] : [];
  }
  const adjective = /^(\p{L}+)\s+(?:gruppen|ledamöterna|ledamoten|företrädarna)$/u.exec(s);
  if (adjective) {
    const code = partyFromAdjective(adjective[1]!);
    return code ? [code] : [];
  }
  // "Mp", "SD": a bare abbreviation as the subject (capitalised, so "s" the word is never a party).
  if (/^\p{Lu}\p{L}{0,3}$/u.test(s)) {
    const code = partyFromAbbreviation(s);
    return code ? [code] : [];
  }
  const named = partyDesignation(s);
  return named && /^\p{Lu}\p{Ll}/u.test(s) && s.length > 3 ? [named] : [];
}

/** "M, D, KD och SD", "S, C, V, L och MP" → codes. */
export function partyList(s: string): string[] {
  const out: string[] = [];
  for (const item of listItems(s.replace(/[()]/g, ''))) {
    const code = partyFromAbbreviation(item) ?? (item.length > 3 ? partyDesignation(item) : null);
    if (code && !out.includes(code)) out.push(code);
  }
  return out;
}

/** Parses a subject into people and groups; `known` gives the party the attendance list gives a name. */
export function parseActors(subject: string, known: Map<string, string>): Actors {
  const people: Person[] = [];
  const groups: string[] = [];
  // "Anna Ek (S) för partigrupp S med instämmande av MP": the person is the subject, the rest says for whom.
  const own = subject.replace(/\)\s+(?:för|med|på uppdrag|genom|i egenskap|å)\s.*$/u, ')');
  for (const raw of listItems(own)) {
    const item = stripLead(raw.replace(/["”“:]+/g, '').replace(/\s+m\.fl\.?$/u, ''));
    if (!item) continue;
    const mention = parseNameMention(item);
    if (mention && !/^(?:\p{Lu}\p{Ll}+ )?(?:Kommun|Region|Stad)\b/u.test(mention.name)) {
      people.push({ name: mention.name, party: mention.party ?? known.get(mention.name) ?? null });
      continue;
    }
    // "M- och KD-ledamöterna" comes as "M-" and "KD-ledamöterna".
    for (const c of groupParties(item)) if (!groups.includes(c)) groups.push(c);
  }
  return { people, groups };
}

function stripLead(item: string): string {
  const words = item.trim().split(/\s+/u);
  while (words.length > 1 && (LEAD_WORDS.has(words[0]!.toLocaleLowerCase('sv')) || /^\p{Ll}/u.test(words[0]!))) words.shift();
  return words.join(' ');
}

/** Parties of a set of actors in order of appearance: people's parties, then the groups'. */
export function actorParties(a: Actors, extra: string[] = []): string[] {
  const out: string[] = [];
  for (const c of [...a.people.map((p) => p.party), ...a.groups, ...extra]) if (c && !out.includes(c)) out.push(c);
  return out;
}

/** Number of actors found. */
export function actorCount(a: Actors): number {
  return a.people.length + a.groups.length;
}
