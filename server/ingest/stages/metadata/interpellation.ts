/** Interpellations and their answers: who asked, whom they asked, and the questions. */
import type { Addressee, Interpellant, Signatory } from '../../types.js';
import { capitalise, squash, type Paragraph } from './lines.js';
import { findNamePartyPairs, looksLikeName, parseNameMention } from './names.js';
import type { PaperHeading } from './paper-heading.js';
import { partyFromAny } from '../../../domain/parties.js';

/** A value with the rule that decided it and how sure that rule is. */
export interface Decided<T> { value: T; rule: string; confidence: number }

export interface AskedAndAsker {
  interpellants: Decided<Interpellant[]>;
  addressee: Decided<Addressee | null>;
  questions: Decided<string[]>;
}

const none = <T>(value: T): Decided<T> => ({ value, rule: 'inget i texten', confidence: 0.5 });

/**
 * Who asked whom, and what: the interpellants from the heading's "av X (P)" (else the one who signs),
 * the addressee from its "till …" (else a "Till: …" line; for an answer, the one who signs it answers
 * in the office the heading names), and the questions.
 */
export function findAskedAndAsker(
  paper: PaperHeading | null, oldHeading: string | null, signers: Signatory[], paragraphs: Paragraph[],
  kind: 'interpellation' | 'interpellationssvar',
): AskedAndAsker {
  // A page that lists interpellations or reports on one asks nothing itself.
  if (paper?.reported) return { interpellants: none([]), addressee: none(null), questions: { value: [], rule: paper.rule, confidence: paper.confidence } };
  const heading = paper?.heading ?? oldHeading;
  let interpellants: Decided<Interpellant[]> = none([]);
  const fromHeading = heading ? findInterpellants(heading) : [];
  if (fromHeading.length) interpellants = { value: fromHeading, rule: '"av/från Namn (parti)" i rubriken', confidence: 0.9 };
  else if (kind === 'interpellation') {
    // "Interpellation till kommunalrådet X" without "av": the one who signs it is the one who asks.
    const signer = signers.length ? signers.map((s) => ({ name: s.name, party: s.party })) : signerLine(paragraphs);
    if (signer.length) interpellants = { value: signer, rule: 'undertecknaren (rubriken saknar "av")', confidence: 0.7 };
  } else {
    // An answer: "Karin Ek (KD) har ställt följande frågor till mig".
    const asker = askerInAnswer(paragraphs);
    if (asker.length) interpellants = { value: asker, rule: '"X (P) har ställt/frågat" i svaret', confidence: 0.75 };
  }

  let addressee: Decided<Addressee | null> = none(null);
  const fromHeadingTo = heading ? findAddressee(heading) : null;
  const fromLine = (paper?.addressing ?? []).map((l) => findAddressee(l)).find(Boolean) ?? null;
  const asked = fromHeadingTo ?? fromLine;
  if (kind === 'interpellationssvar') {
    // The one who answers is the one who was asked; the signature says who, the signature or the heading in what office.
    const answerer = signers[0];
    const speaker = paper?.riksdag ? firstSpeaker(paragraphs) : null;
    const from = answerer || speaker ? null : answerFrom(paragraphs);
    const askedOffice = speaker ? officeAsked(paragraphs) : null;
    if (answerer) addressee = { value: { name: answerer.name, role: answerer.role ?? asked?.role ?? null }, rule: 'den som undertecknar svaret', confidence: 0.75 };
    else if (askedOffice) addressee = { value: { name: null, role: askedOffice }, rule: '"X har frågat <ämbete>" i kammarens protokoll (ett annat statsråd svarar)', confidence: 0.7 };
    else if (speaker) addressee = { value: { name: speaker.name, role: speaker.role }, rule: 'första anförandet ("Anf. 1 Statsrådet …") i kammarens protokoll', confidence: 0.8 };
    else if (from) addressee = { value: from, rule: '"Svar från <ämbete> <namn>"', confidence: 0.8 };
    else if (asked) addressee = { value: asked, rule: '"till …" i interpellationens rubrik', confidence: 0.7 };
    // The interpellant's party is in his own speech line ("Anf. 2 ALICE ÅSTRÖM (v):").
    if (paper?.riksdag && interpellants.value.length) {
      const parties = speakerParties(paragraphs);
      interpellants = { ...interpellants, value: interpellants.value.map((i) => ({ name: i.name, party: i.party ?? parties.get(i.name.toLocaleLowerCase('sv')) ?? null })) };
    }
  } else if (asked) {
    addressee = { value: asked, rule: fromHeadingTo ? '"till …" i rubriken' : '"Till: …"-rad under rubriken', confidence: fromHeadingTo ? 0.85 : 0.75 };
  }
  if (kind !== 'interpellationssvar' && !addressee.value?.name) {
    // The heading gives the office; the lead-in to the questions often names the person in it
    // ("vill jag ställa följande fråga till kommunstyrelsens ordförande Jonas Attenius (S)", "vill jag fråga Lisa Flinth (L)").
    const lead = addresseeInLeadIn(paragraphs);
    if (lead?.name) {
      addressee = addressee.value
        ? { value: { name: lead.name, role: addressee.value.role ?? lead.role }, rule: `${addressee.rule} + namnet i inledningen till frågorna`, confidence: 0.8 }
        : { value: lead, rule: 'inledningen till frågorna ("vill jag fråga …")', confidence: 0.7 };
    } else if (!addressee.value && lead) {
      addressee = { value: lead, rule: 'inledningen till frågorna ("… till <ämbete>")', confidence: 0.6 };
    }
  }

  const body = paragraphs.filter((p) => p.text !== oldHeading && p.text !== paper?.heading);
  const questions = kind === 'interpellationssvar'
    ? decided(findQuotedQuestions(paragraphs), 'citerade frågor i svaret', 0.7)
    : interpellationQuestions(body, paper !== null);
  return { interpellants, addressee, questions };
}

interface Speaker { name: string; role: string | null; party: string | null }

/** "Anf. 1 Utrikesminister LAILA FREIVALDS (s):", "Anf. 126 Statsrådet Helene Hellmark Knutsson (S)": office, name, party. */
function speakerOf(text: string): Speaker | null {
  const m = /^Anf\.\s*\d+\s+(.+?)\s*\(([A-Za-zÅÄÖåäö]{1,4})\):?$/u.exec(squash(text));
  if (!m) return null;
  const words = m[1]!.split(' ');
  // The office runs up to its last office word ("Närings- och innovationsminister"); the rest is the name.
  let cut = 0;
  words.forEach((w, i) => { if (ROLE_WORD.test(w)) cut = i + 1; });
  const name = parseNameMention(words.slice(cut).join(' '))?.name ?? null;
  if (!name) return null;
  return { name, role: cut ? capitalise(words.slice(0, cut).join(' ')) : null, party: partyFromAny(m[2]!) };
}

function firstSpeaker(paragraphs: Paragraph[]): Speaker | null {
  for (const p of paragraphs.slice(0, 80)) {
    const s = speakerOf(p.text);
    if (s) return s.role ? s : null;
  }
  return null;
}

function speakerParties(paragraphs: Paragraph[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of paragraphs.slice(0, 200)) {
    const s = p.text.startsWith('Anf.') ? speakerOf(p.text) : null;
    if (s?.party && !s.role) out.set(s.name.toLocaleLowerCase('sv'), s.party);
  }
  return out;
}

/** "Hans Rothenberg har frågat närings- och innovationsministern hur …": another minister was asked. */
function officeAsked(paragraphs: Paragraph[]): string | null {
  for (const p of paragraphs.slice(0, 80)) {
    const m = /har\s+frågat\s+(?!mig\b)((?:\p{Ll}+-\s+och\s+)?\p{Ll}*(?:ministern|statsrådet))\b/u.exec(p.text);
    if (m) return capitalise(m[1]!);
  }
  return null;
}

/** "Svar från kommunstyrelsens ordförande Anna Ek (S)": the office and name of the one who answers. */
function answerFrom(paragraphs: Paragraph[]): Addressee | null {
  for (const p of paragraphs.slice(0, 8)) {
    const m = /(?:^|\s)[Ss]var\s+från\s+(.{4,120}?)(?:\s+(?:på|om|angående)\s|[.:]|$)/u.exec(p.text);
    if (!m) continue;
    const found = findAddressee(`till ${m[1]!}`);
    if (found) return found;
  }
  return null;
}

function decided<T>(value: T[], rule: string, confidence: number): Decided<T[]> {
  return value.length ? { value, rule, confidence } : none([]);
}

/** The signer's own line near the end when no signature block was read: "Anders Hansen, SAFE", "BrittMarie Hansson (S), oppositionsråd". */
function signerLine(paragraphs: Paragraph[]): Interpellant[] {
  for (let i = paragraphs.length - 1; i >= 0 && i >= paragraphs.length - 12; i--) {
    for (const line of [...paragraphs[i]!.lines].reverse()) {
      if (line.length > 80) continue;
      const m = /^(.+?)(?:\s*\(([^()]{1,12})\))?\s*(?:,\s*(.+))?$/u.exec(squash(line));
      if (!m) continue;
      const name = m[1]!.trim();
      // "BrittMarie Hansson": a name written with an inner capital is still a name.
      if (!looksLikeName(name.replace(/(?<=\p{Ll})\p{Lu}/gu, (c) => c.toLocaleLowerCase('sv')))) continue;
      const party = m[2] ? partyFromAny(m[2]) : null;
      // A local party written after a comma in capitals ("SAFE") or by its name.
      const after = m[3]?.trim() ?? '';
      const local = !party && /^\p{Lu}{2,6}$/u.test(after) ? after : null;
      if (!party && !local && !m[2] && !after) continue;
      return [{ name, party: party ?? partyFromAny(after) ?? local }];
    }
  }
  return [];
}

/** "Karin Ek (KD) har ställt följande frågor till mig", "… har frågat mig": the interpellant in an answer. */
function askerInAnswer(paragraphs: Paragraph[]): Interpellant[] {
  for (const p of paragraphs.slice(0, 12)) {
    const m = /(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,3})\s*(?:\(([A-Za-zÅÄÖåäö]{1,4})\))?\s+har\s+(?:ställt|frågat)/u.exec(p.text);
    if (!m) continue;
    const mention = parseNameMention(m[2] ? `${m[1]} (${m[2]})` : m[1]!);
    if (mention) return [{ name: mention.name, party: mention.party }];
  }
  return [];
}

/** The heading that names the interpellants: "Interpellation … av X (S) … till …" or "Svar på interpellation ställd av …". */
export function findInterpellationHeading(head: Paragraph[]): string | null {
  const start = /^(?:Svar\s+på\s+)?interpellation(?:ssvar)?\b|^\d{4}\/(?:\d{2}|\d{4}):\d+\s+av\s/iu;
  for (const p of head) {
    if (start.test(p.text) && /\s(?:av|från)\s/u.test(p.text)) return p.text;
  }
  for (const p of head) if (start.test(p.text)) return p.text;
  return null;
}

/** Interpellants: the "Name (P)" pairs between "av"/"från" and "till"/"om" in the heading. */
export function findInterpellants(heading: string): Interpellant[] {
  // "Interpellationssvar angående – Interpellation av X (SD) till …": the asker follows the inner "Interpellation".
  const inner = /\binterpellation\s+(?:\d{4}\/\d{2,4}:\d+\s+.*?)?(?:ställd\s+)?(?:av|från)\s/iu.exec(heading);
  const from = inner ? heading.slice(inner.index) : heading;
  const m = /\s(?:av|från)\s+(.+?)(?:\s+till\s+|\s+om\s+|$)/iu.exec(from);
  if (!m) return [];
  // "av Kerstin Lundgren m.fl. (c)": the first author stands for the others; "av A och B (båda SD)": one party for all.
  const who = m[1]!.replace(/\s+m\.\s?fl\.?(?=\s*\()/u, '');
  const shared = /^(.+?)\s*\((?:båda|alla|samtliga)\s+([A-Za-zÅÄÖåäö]{1,4})\)/u.exec(who);
  if (shared && partyFromAny(shared[2]!)) {
    const names = shared[1]!.split(/\s*(?:,|\boch\b)\s*/u).map((s) => s.trim()).filter(looksLikeName);
    if (names.length) return names.map((name) => ({ name, party: partyFromAny(shared[2]!) }));
  }
  const pairs = findNamePartyPairs(who);
  if (pairs.length > 0) return pairs.map(({ name, party }) => ({ name, party }));
  const bare = who.split(/\s*(?:,|\boch\b)\s*/u).map((s) => s.trim()).filter(looksLikeName);
  return bare.map((name) => ({ name, party: null }));
}

const ROLE_WORD = /(?:rådet|ministern|minister|ordförande|ordföranden|talmannen|statsråd)$/iu;

const LEAD_TO = /\b(?:fråga|frågor|frågan|interpellation|interpellationen)\s+till\s+([^.:?!\n]{3,140})/u;
const LEAD_ASK = /\b(?:vill|önskar)\s+jag\s+(?:därför\s+)?fråga\s+(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,3}\s*(?:\([A-Za-zÅÄÖåäö]{1,4}\))?)/u;

/** Whom the questions are put to, as the lead-in says it: an office with or without a name, or only a name. */
function addresseeInLeadIn(paragraphs: Paragraph[]): Addressee | null {
  let office: Addressee | null = null;
  for (const p of paragraphs.slice(0, 60)) {
    const text = p.text.slice(0, 2000);
    const to = LEAD_TO.exec(text);
    if (to) {
      const found = findAddressee(`till ${to[1]!}`);
      if (found?.name) return found;
      office ??= found;
    }
    const ask = LEAD_ASK.exec(text);
    if (ask) {
      const name = ask[1]!.replace(/\s*\([^)]*\)$/u, '');
      if (looksLikeName(name)) return { name, role: office?.role ?? null };
    }
  }
  return office;
}

/** Addressee from "till statsrådet Maria Larsson (KD)" / "till utrikesministern" / "till kommunstyrelsens ordförande X". */
export function findAddressee(heading: string): Addressee | null {
  // The subject may contain "till" too ("relation till USA och Nato"): take the phrase that names an office or a party member.
  const text = ` ${squash(heading).replace(/[.:;,]+$/u, '')}`;
  for (const m of text.matchAll(/\still:?\s+(.+?)(?=\s+(?:om|angående|ang\.|gällande|rörande|avseende|beträffande|från|av|ställd)\s+|$)/giu)) {
    const raw = m[1]!;
    // "till Anna Ek (M), ordförande i socialnämnden": the name first, the office after the comma.
    const nameFirst = /^(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,3})\s*(?:\([A-Za-zÅÄÖåäö]{1,4}\))?,\s+(\p{Ll}.{3,80})$/u.exec(squash(raw).replace(/[,;]$/u, ''));
    if (nameFirst && looksLikeName(nameFirst[1]!) && nameFirst[2]!.split(' ').some((w) => ROLE_WORD.test(w))) {
      return { name: nameFirst[1]!, role: capitalise(nameFirst[2]!) };
    }
    const phrase = squash(raw.replace(/\s*\([A-Za-zÅÄÖåäö]{1,4}\)\s*$/u, ''));
    const words = phrase.split(' ');
    if (!words.some((w) => ROLE_WORD.test(w)) && !/\([A-Za-zÅÄÖåäö]{1,4}\)\s*$/u.test(raw)) continue;
    // The name is the trailing run of capitalised words that are not themselves an office.
    let cut = words.length;
    while (cut > 0 && /^\p{Lu}/u.test(words[cut - 1]!) && !ROLE_WORD.test(words[cut - 1]!)) cut--;
    const nameWords = words.slice(cut);
    const name = nameWords.length >= 2 && looksLikeName(nameWords.join(' ')) ? nameWords.join(' ') : null;
    const role = name ? words.slice(0, cut).join(' ') : phrase;
    return { name, role: role ? capitalise(role) : null };
  }
  return null;
}

const ABBREVIATION_END = /(?:\b(?:t\.ex|bl\.a|s\.k|m\.fl|m\.m|d\.v\.s|dvs|jfr|prop|kap|nr|resp|ca|s|st|f\.d|p\.g\.a|t\.o\.m|fr\.o\.m)\.)$/iu;

/** Splits text into sentences at . ! ? : before a capital, not after common abbreviations. */
export function sentencesOf(text: string): string[] {
  const pieces = text.split(/(?<=[.!?:])\s+(?=[\p{Lu}"”«\d])/u);
  const out: string[] = [];
  for (const piece of pieces) {
    const prev = out[out.length - 1];
    if (prev !== undefined && ABBREVIATION_END.test(prev)) out[out.length - 1] = `${prev} ${piece}`;
    else out.push(piece);
  }
  return out;
}

const NUMBERING = /^(?:(?:\d{1,2}[.)]|[a-z][.)]|[-•–*·])\s*)+/u;

/**
 * The question sentences of a text, numbering removed. A statement that leads into a question in the
 * same paragraph ("Ett antal system har senarelagts. Vad ger detta …?") belongs to it.
 */
function questionsIn(text: string, withLead = false): string[] {
  const out: string[] = [];
  let lead: string[] = [];
  for (const raw of sentencesOf(squash(text))) {
    const s = raw.replace(NUMBERING, '').trim();
    if (!(/\?["”]?$/u.test(s) && s.length > 12 && /^[\p{Lu}"”«]/u.test(s))) {
      // A numbered item starts afresh; a colon ends a lead-in, not a statement.
      lead = withLead && !/:$/u.test(s) && s.length > 0 && !NUMBERING.test(raw) ? [...lead, s] : [];
      continue;
    }
    out.push([...lead, s].join(' '));
    lead = [];
  }
  return out;
}

const LEAD_IN = /(?:vill\s+(?:jag|vi)(?:\s+\S+){0,4}\s+(?:fråga|ställa)|(?:jag|vi)\s+(?:vill\s+)?(?:därför\s+)?fråga|frågar\s+(?:jag|vi)|följande\s+frågor?|min(?:a)?\s+frågor?\s+(?:till|är)|frågan?\s+till\s+\S+(?:\s+\S+){0,3}\s+är|\bfrågor?\b[^.!?]{0,80}:\s*$)/iu;

/** A paragraph that is a list of questions: every line a question, numbered or dashed or several of them. */
function isQuestionList(p: Paragraph): boolean {
  const lines = p.lines.map((l) => squash(l)).filter(Boolean);
  if (!lines.every((l) => /\?["”]?$/u.test(l))) return false;
  return lines.length >= 2 || NUMBERING.test(lines[0]!);
}

/** Each distinct question once. */
function distinct(questions: string[]): string[] {
  return [...new Set(questions)];
}

/** Questions of an interpellation: those after the lead-in, a list of questions, or the trailing paragraphs of questions. */
export function findInterpellationQuestions(paragraphs: Paragraph[], ownHeading = true): string[] {
  return interpellationQuestions(paragraphs, ownHeading).value;
}

function interpellationQuestions(paragraphs: Paragraph[], ownHeading: boolean): Decided<string[]> {
  const found = (value: string[], rule: string, confidence: number): Decided<string[]> => ({ value: distinct(value), rule, confidence });
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    const p = paragraphs[i]!;
    if (!LEAD_IN.test(p.text)) continue;
    const afterColon = p.text.includes(':') ? p.text.slice(p.text.lastIndexOf(':') + 1) : '';
    const questions = [...questionsIn(afterColon)];
    for (const next of paragraphs.slice(i + 1)) questions.push(...questionsIn(next.text, true));
    if (questions.length > 0) return found(questions, 'frågorna efter inledningen ("… följande frågor:")', 0.85);
  }
  const trailing: string[] = [];
  let end = paragraphs.length - 1;
  // A signature block after the questions is not where the questions end.
  while (end >= 0 && !/\?\s*$/.test(paragraphs[end]!.text) && paragraphs[end]!.text.length < 120 && !/[.!]$/.test(paragraphs[end]!.text)) end--;
  for (let i = end; i >= 0; i--) {
    const p = paragraphs[i]!;
    if (!/\?\s*$/.test(p.text)) break;
    trailing.unshift(...questionsIn(p.text));
  }
  // Without the paper's own heading a list of questions may belong to something the page quotes.
  if (trailing.length > 0) return found(trailing, 'frågestyckena i slutet av texten', 0.7);
  if (!ownHeading) return none([]);
  // A numbered or dashed list of questions with something after it (a signature, a web page's afterword).
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    if (!isQuestionList(paragraphs[i]!)) continue;
    let start = i;
    while (start > 0 && isQuestionList(paragraphs[start - 1]!)) start--;
    return found(paragraphs.slice(start, i + 1).flatMap((p) => questionsIn(p.text)), 'en numrerad lista eller strecklista med frågor', 0.7);
  }
  return none([]);
}

/** Questions quoted in an answer: paragraphs that consist of one question sentence. */
export function findQuotedQuestions(paragraphs: Paragraph[]): string[] {
  return paragraphs
    .map((p) => squash(p.text).replace(NUMBERING, ''))
    .filter((t) => /\?["”]?$/.test(t) && t.length <= 500 && questionsIn(t).length === 1 && !/[.!]\s/.test(t));
}
