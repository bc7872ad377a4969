/** Interpellations and their answers: who asked, whom they asked, and the questions. */
import type { Addressee, Interpellant } from '../../types.js';
import { capitalise, squash, type Paragraph } from './lines.js';
import { findNamePartyPairs, looksLikeName } from './names.js';

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
  const pairs = findNamePartyPairs(m[1]!);
  if (pairs.length > 0) return pairs.map(({ name, party }) => ({ name, party }));
  const bare = m[1]!.split(/\s*(?:,|\boch\b)\s*/u).map((s) => s.trim()).filter(looksLikeName);
  return bare.map((name) => ({ name, party: null }));
}

const ROLE_WORD = /(?:rådet|rådet|ministern|minister|ordförande|ordföranden|talmannen|statsråd)$/iu;

/** Addressee from "till statsrådet Maria Larsson (KD)" / "till utrikesministern" / "till kommunstyrelsens ordförande X". */
export function findAddressee(heading: string): Addressee | null {
  // The subject may contain "till" too ("relation till USA och Nato"): take the phrase that names an office or a party member.
  for (const m of heading.matchAll(/\still\s+(.+?)(?=\s+(?:om|angående|gällande|från|av|ställd)\s+|$)/giu)) {
    const raw = m[1]!;
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

/** The question sentences of a text, numbering removed. */
function questionsIn(text: string): string[] {
  return sentencesOf(squash(text))
    .map((s) => s.replace(/^(?:\d{1,2}[.)]|[a-z][.)]|[-•–])\s*/u, '').trim())
    .filter((s) => /\?["”]?$/u.test(s) && s.length > 12 && /^[\p{Lu}"”«]/u.test(s));
}

const LEAD_IN = /(?:vill\s+(?:jag|vi)(?:\s+\S+){0,4}\s+(?:fråga|ställa)|(?:jag|vi)\s+(?:vill\s+)?(?:därför\s+)?fråga|följande\s+frågor?|min(?:a)?\s+frågor?\s+(?:till|är)|frågan?\s+till\s+\S+(?:\s+\S+){0,3}\s+är)/iu;

/** Questions of an interpellation: those after the lead-in, or the trailing paragraphs of questions. */
export function findInterpellationQuestions(paragraphs: Paragraph[]): string[] {
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    const p = paragraphs[i]!;
    if (!LEAD_IN.test(p.text)) continue;
    const afterColon = p.text.includes(':') ? p.text.slice(p.text.lastIndexOf(':') + 1) : '';
    const questions = [...questionsIn(afterColon)];
    for (const next of paragraphs.slice(i + 1)) questions.push(...questionsIn(next.text));
    if (questions.length > 0) return questions;
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
  return trailing;
}

/** Questions quoted in an answer: paragraphs that consist of one question sentence. */
export function findQuotedQuestions(paragraphs: Paragraph[]): string[] {
  return paragraphs
    .map((p) => squash(p.text).replace(/^(?:\d{1,2}[.)]|[-•–])\s*/u, ''))
    .filter((t) => /\?["”]?$/.test(t) && t.length <= 500 && questionsIn(t).length === 1 && !/[.!]\s/.test(t));
}
