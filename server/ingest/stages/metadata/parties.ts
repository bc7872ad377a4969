/**
 * The parties behind a paper, weighed from the whole document: the letterhead's list, a party's own letterhead,
 * the author line ("av X (P)"), group signatures and signatories, the interpellant (for an answer, the answerer),
 * and only when none of these speaks, the paper's own first-person voice ("vi i Miljöpartiet"). A party the text
 * merely discusses ("Moderaterna vill …") never counts.
 */
import { partyDesignation, partyFromAbbreviation, partyFromAdjective, partyFromAny } from '../../../domain/parties.js';
import type { DocumentKind, Interpellant, Signatory } from '../../types.js';
import type { Paragraph } from './lines.js';
import { findNamePartyPairs } from './names.js';

export interface PartiesFound {
  parties: string[];
  rule: string;
  confidence: number;
}

export interface PartyEvidence {
  head: Paragraph[];
  /** The paragraphs just past the head, where page copies put the author line. */
  opening: Paragraph[];
  /** The whole text, for the first-person voice (read only up to a bound). */
  text: string;
  groupParties: string[];
  signatories: Signatory[];
  interpellants: Interpellant[];
  kind: DocumentKind;
}

/** Parties in order of appearance, each source adding what the earlier ones did not name. */
export function collectParties(e: PartyEvidence): PartiesFound {
  const out: string[] = [];
  const rules: Array<[string, number]> = [];
  const addAll = (codes: Array<string | null>, rule: string, confidence: number) => {
    let added = false;
    for (const c of codes) if (c && !out.includes(c)) { out.push(c); added = true; }
    // A source that only confirms parties already found still counts as agreeing evidence.
    if ((added || codes.some(Boolean)) && !rules.some((r) => r[0] === rule)) rules.push([rule, confidence]);
  };
  // Protocols record every party's motions and votes; none of them is the protocol's author.
  if (e.kind === 'protokoll') return { parties: [], rule: 'protokoll: inga partier bakom dokumentet', confidence: 0.8 };
  const listed = letterheadParties(e.head);
  addAll(listed, 'partilista i brevhuvudet', 0.95);
  if (listed.length === 0) addAll(letterheadPartyLine(e.head), 'partiets eget brevhuvud', 0.85);
  if (e.kind === 'motion' || e.kind === 'interpellation') addAll(authorLineParties([...e.head, ...e.opening]), 'författarraden ("av X (P)")', 0.9);
  addAll(e.groupParties, 'gruppunderskrift ("För …") eller partirad i underskriften', 0.9);
  if (e.kind === 'interpellation') addAll(e.interpellants.map((i) => i.party), 'interpellantens parti', 0.85);
  // An answer is the answerer's: the interpellant's party is the other side.
  addAll(e.signatories.map((s) => s.party), e.kind === 'interpellationssvar' ? 'den svarandes parti' : 'undertecknarnas partier', 0.85);
  // An answer signed without a party: the heading says whom the interpellation asked, "till … Pär Johansson (S)".
  if (e.kind === 'interpellationssvar' && out.length === 0) addAll([askedPartyInHeading(e.head)], 'den tillfrågades parti i rubriken ("till … (P)")', 0.75);
  if (e.kind !== 'interpellationssvar' && e.kind !== 'interpellation') addAll(e.interpellants.map((i) => i.party), 'interpellantens parti', 0.8);
  if (out.length === 0) {
    // A page that reports on a party ("Moderaterna reserverar sig") is not by it: there only "vi" speaks for the page.
    const voice = ownVoice(e.text, e.kind !== 'ovrigt');
    if (voice) addAll([voice.party], voice.rule, 0.6);
  }
  if (out.length === 0) addAll([lonePartyLine(e.text)], 'partiets namn på en egen rad i slutet', 0.65);
  if (out.length === 0) addAll([soleNamedParty(e.text)], 'det enda parti som nämns i en text skriven i vi-form', 0.45);
  if (out.length === 0) return { parties: [], rule: 'inget parti står bakom texten', confidence: 0.5 };
  // Two independent sources that agree are surer than one.
  const confidence = rules[0]![1] + (rules.length > 1 ? 0.05 : 0);
  return { parties: out, rule: rules.map((r) => r[0]).join(' + '), confidence: Math.min(0.99, confidence) };
}

const LETTERHEAD_KIND = /^(?:\p{L}+\s+)?(?:\p{L}*yrkande|särskilt yttrande|yttrande|reservation|protokollsanteckning)\b\s*(?:från\s+)?(.*)$/iu;

/**
 * Parties in a letterhead after the kind: "Yrkande (Socialdemokraterna, Vänsterpartiet)",
 * "Tilläggsyrkande⇥Socialdemokraterna, Vänsterpartiet", "Yttrande⇥M, D, L, KD, SD Ärende 24 2026-03-04".
 * Every item of the list must be a party, so prose after the kind word is never mistaken for one.
 */
export function letterheadParties(head: Paragraph[]): string[] {
  for (const p of head.slice(0, 6)) {
    for (const line of p.lines) {
      const m = LETTERHEAD_KIND.exec(line.replace(/\t/g, ' \t '));
      if (!m) continue;
      const list = m[1]!
        .replace(/^[\s\t]+/u, '')
        .split(/\t/u)[0]!
        // What follows belongs to another paper or to the date line.
        .split(/\s*(?:särskilt yttrande|ärende(?![\p{L}])|nr(?![\p{L}])|datum(?![\p{L}])|\d{2,4}-\d{2}-\d{2})/iu)[0]!
        .replace(/[()]/gu, '')
        .trim();
      if (!list) continue;
      const items = list.split(/\s*(?:,|\boch\b|\bsamt\b|&)\s*/u).filter(Boolean);
      const codes = items.map((s) => partyFromAny(s));
      if (codes.length && codes.every((c) => c !== null)) return codes as string[];
    }
  }
  return [];
}

/**
 * A party's own letterhead: a head line that is only a party's designation ("Sverigedemokraterna Linköping",
 * "Staffanstorpspartiet", "Centerpartiet Nykvarn"), or a heading that calls the paper the party's
 * ("SAFEs förslag ang. ändringsbudgeten"). A site title after "|" is page furniture and is not read.
 */
function letterheadPartyLine(head: Paragraph[]): string[] {
  for (const p of head.slice(0, 6)) {
    for (const line of p.lines) {
      if (line.includes('|') || line.length > 80) continue;
      const cell = line.split('\t')[0]!.trim();
      const party = partyDesignation(cell);
      // A lone national abbreviation ("S") in a head is too often a list cell; a name or a local party is not.
      if (party && !/^\(?\p{Lu}{1,3}\)?$/u.test(cell)) return [party];
      const owned = /^(?:Bilaga\s+\d+\s*:\s*)?(\p{Lu}[\p{L}-]*?)s\s+(?:förslag|budgetförslag|yrkanden?|reservation|motion|budget)\b/u.exec(cell);
      const ownedParty = owned ? partyDesignation(owned[1]!, true) ?? partyFromAnyName(owned[1]!) : null;
      if (ownedParty) return [ownedParty];
    }
  }
  return [];
}

/** A party's name from its genitive stem ("Socialdemokraternas" → "Socialdemokraterna"). */
function partyFromAnyName(stem: string): string | null {
  return /^\p{Lu}\p{Ll}/u.test(stem) ? partyDesignation(stem) : null;
}

/**
 * The author line of a motion or interpellation: "Motion 2004/05:K323 av Kerstin Lundgren m.fl. (c)",
 * "av Markus Wiechel och Victoria Tiblom (båda SD)", "Fråga av Anders Wickberg (SD) angående …". The
 * addressee after "till" is the other side, so the line is read only up to "till", "om", "angående".
 */
export function authorLineParties(paragraphs: Paragraph[]): string[] {
  const start = /^(?:(?:\p{L}+\s+){0,2}(?:motion|interpellation|fråga)(?:\s+till\s+riksdagen)?(?:\s+\d{4}\/\d{2,4}:\S+)?\s+|\d{4}\/\d{2,4}:\S+\s+)?(?:av|från)\s+(.{3,200})$/iu;
  for (const p of paragraphs.slice(0, 16)) {
    for (const line of [...p.lines, p.text]) {
      const flat = line.replace(/\t/g, ' ').trim();
      const m = start.exec(flat);
      // The authors are named, capitalised; a bare "av …"/"Från …" line is a heading line, not a sentence of prose.
      if (!m || !/^\p{Lu}/u.test(m[1]!) || (/^(?:av|från)\s/iu.test(flat) && flat.length > 160)) continue;
      const authors = m[1]!.split(/\s+(?:till|om|angående|gällande|rörande|ställd|med anledning av)\s+/iu)[0]!;
      // "Motion från Vänsterpartiet om …": the party itself is the author.
      const party = partyDesignation(authors);
      if (party) return [party];
      const codes: string[] = [];
      for (const g of authors.matchAll(/\(([^()]{1,30})\)/gu)) {
        for (const token of g[1]!.split(/[\s,]+/u)) {
          if (/^(?:båda|alla|samtliga|och)$/iu.test(token)) continue;
          const code = partyFromAbbreviation(token);
          if (code && !codes.includes(code)) codes.push(code);
        }
      }
      if (codes.length) return codes;
    }
  }
  return [];
}

const PARTY_NOUN = '(?:socialdemokrater|sverigedemokrater|moderater|kristdemokrater|liberaler|centerpartister|vänsterpartister|miljöpartister|folkpartister)';
const PARTY_WORD = '(?:\\p{Lu}\\p{Ll}+(?:-\\p{Lu}?\\p{Ll}+)*(?:partiet|erna)(?:\\s+(?:de\\s+gröna|liberalerna))?|\\p{Lu}{1,4}(?:\\s+\\p{Lu}\\p{Ll}+)?)';
/** "vi i Miljöpartiet", "Vi från Socialdemokraterna", "vi inom Rönningepartiet". */
const WE_IN = new RegExp(`\\bvi\\s+(?:i|från|inom)\\s+(${PARTY_WORD})`, 'giu');
/** "Vi Socialdemokrater har lagt …", "inlämnade vi Socialdemokrater". */
const WE_ARE = new RegExp(`\\b(?:vi|oss)\\s+(${PARTY_NOUN})(?:na)?(?![\\p{L}])`, 'giu');
/** "Staffanstorpspartiet yrkar:", "föreslår Sollentunapartiet att", "reserverar sig SD": the paper's own proposal. */
const PROPOSES = new RegExp(`(?:^|[.!:]\\s+|\\n)(${PARTY_WORD})(?:\\s+i\\s+\\p{Lu}\\p{Ll}+)?\\s+(?:yrkar|föreslår|motionerar|reserverar\\s+sig)(?![\\p{L}])|\\b(?:föreslår|yrkar|reserverar\\s+sig)\\s+(?:därför\\s+)?(${PARTY_WORD})\\s+(?:att|därför|skarpt|mot|på|bifall|avslag)\\b`, 'gu');

/**
 * The paper's own voice, weaker than any signature: the first party the text speaks as ("vi i Miljöpartiet",
 * "Vi Socialdemokrater", "Staffanstorpspartiet yrkar"). Read within the first 20,000 characters.
 */
export function ownVoice(text: string, proposals = true): { party: string; rule: string } | null {
  const t = text.slice(0, 20_000);
  let best: { party: string; rule: string; index: number } | null = null;
  const consider = (party: string | null, rule: string, index: number) => {
    if (party && (!best || index < best.index)) best = { party, rule, index };
  };
  for (const m of t.matchAll(WE_IN)) consider(partyDesignation(m[1]!), `textens egen röst ("${squashed(m[0])}")`, m.index ?? 0);
  for (const m of t.matchAll(WE_ARE)) consider(partyFromAdjective(m[1]!), `textens egen röst ("${squashed(m[0])}")`, m.index ?? 0);
  if (proposals) for (const m of t.matchAll(PROPOSES)) {
    const who = m[1] ?? m[2]!;
    consider(partyDesignation(who, true), `partiets eget yrkande ("${squashed(m[0])}")`, m.index ?? 0);
  }
  const found = best as { party: string; rule: string } | null;
  return found ? { party: found.party, rule: found.rule } : null;
}

const NATIONAL_PARTY_NAME = '(?:Socialdemokraterna|Moderaterna|Sverigedemokraterna|Centerpartiet|Vänsterpartiet|Liberalerna|Kristdemokraterna|Miljöpartiet(?:\\s+de\\s+gröna)?|Folkpartiet(?:\\s+liberalerna)?)';
/** A party named by name anywhere (genitive too): "Vänsterpartiet", "Miljöpartiets", "Sollentunapartiet". */
const PARTY_NAMED = new RegExp(`(?<![\\p{L}])(${NATIONAL_PARTY_NAME}|\\p{Lu}\\p{Ll}+partiet)s?(?![\\p{L}])`, 'gu');
/** A party's code beside a person, "(S)", "(kd)": a party named too. */
const PARTY_IN_PARENS = /\((S|M|SD|C|V|KD|L|MP|FP|s|m|sd|c|v|kd|l|mp|fp)\)/gu;
/** A party's code as a word of the prose: "Maria J från V", "S och C hade", "SD yrkade". */
const PARTY_CODE_WORD = /(?<![\p{L}\p{N}.-])(SD|KD|MP|S|M|C|V|L)(?=\s+(?:och|hade|har|yrkade|yrkar|röstade|ville|vill|tycker|lade|föreslog|reserverade)\b|[,.]?\s*$)|(?<=(?:från|för|av|och|utom)\s)(SD|KD|MP|S|M|C|V|L)(?![\p{L}\p{N}])/gmu;
const WE_WORDS = /(?<![\p{L}])(?:vi|oss|vår|vårt|våra)(?![\p{L}])/giu;

/**
 * A text written as "vi" ("Vi reserverade oss …", "enligt vår mening") that names one party and no other
 * ("Miljöpartiet yrkade återremiss") speaks for that party: a party's own report or paper in its own voice.
 * Weaker than any signature, and silent as soon as a second party is named.
 */
function soleNamedParty(text: string): string | null {
  // A site title ("Motioner | Sverigedemokraterna i Lund") is the site's furniture, not the text's voice.
  const t = text.slice(0, 20_000).split('\n').filter((l) => !l.includes(' | ')).join('\n');
  if ((t.match(WE_WORDS) ?? []).length < 2) return null;
  const byName = new Set<string>();
  for (const m of t.matchAll(PARTY_NAMED)) {
    const code = partyDesignation(m[1]!, true);
    if (code) byName.add(code);
    if (byName.size > 1) return null;
  }
  if (byName.size !== 1) return null;
  const party = [...byName][0]!;
  // Any other party named by its code ("Anna Ek (S)", "Maria J från V") makes the text a report on several.
  for (const m of t.matchAll(PARTY_IN_PARENS)) if (m[1]!.toUpperCase() !== party) return null;
  for (const m of t.matchAll(PARTY_CODE_WORD)) if ((m[1] ?? m[2]) !== party) return null;
  return party;
}

const LONE_PARTY_LINE = new RegExp(`^(${NATIONAL_PARTY_NAME})(?:\\s+i\\s+\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+)?)?\\s*$`, 'u');

/** A party's name on a line of its own near the end ("Kristdemokraterna" under the text): its group signature. */
function lonePartyLine(text: string): string | null {
  const lines = text.slice(-3000).split('\n').map((l) => l.trim()).filter(Boolean).slice(-15);
  const found = lines.map((l) => LONE_PARTY_LINE.exec(l)?.[1]).filter((x): x is string => Boolean(x));
  // Several party lines in a row are a list of parties, not a signature.
  if (found.length !== 1) return null;
  return partyDesignation(found[0]!, true);
}

function squashed(s: string): string {
  return s.replace(/\s+/gu, ' ').replace(/^[.!:\s]+/u, '').trim();
}

/** The party of the one an answered interpellation was addressed to: "… till kulturnämndens ordförande Pär Johansson (S) om …". */
function askedPartyInHeading(head: Paragraph[]): string | null {
  for (const p of head.slice(0, 8)) {
    if (!/^(?:svar\s+på\s+interpellation|interpellationssvar)/iu.test(p.text)) continue;
    const m = /\still\s+(.{3,200})/u.exec(p.text);
    if (!m) continue;
    const asked = m[1]!.split(/\s+(?:om|angående|gällande|från|av)\s+/u)[0]!;
    const pair = findNamePartyPairs(asked)[0];
    if (pair) return pair.party;
  }
  return null;
}
