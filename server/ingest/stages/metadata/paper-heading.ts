/**
 * The heading of a motion, an interpellation or an answer, as written: the paper's ärende title
 * (issue 19: the ärende of a motion or interpellation is the paper itself) and the text its
 * interpellants and addressee are read from. Municipal papers head themselves "Motion av X (P) om …",
 * "Interpellation till … angående …" (often run into the first sentence, or only "Motion till
 * kommunfullmäktige" above a subject line); the Riksdag prints "Interpellation 2020/21:456 Titel av
 * X (P) till statsrådet Y (P)" or, on its web pages, the title on its own line above "Motion 2004/05:K323 av …".
 */
import { squash, type Paragraph } from './lines.js';
import { partyFromAny } from '../../../domain/parties.js';
import { findDate } from './dates.js';
import { looksLikeName } from './names.js';

export interface PaperHeading {
  /** The ärende title as the labelling convention wants it, or null. */
  title: string | null;
  /** The text that names who asked whom ("… av X (P) till Y …"), or null. */
  heading: string | null;
  /** Extra "Till …" addressing lines near the heading. */
  addressing: string[];
  riksdag: boolean;
  /** The page lists papers or reports on one (in the third person): it is not the paper. */
  reported?: boolean;
  rule: string;
  confidence: number;
}

/** A Riksdag document number: "2020/21:456", "2004/05:K323", "2002/03:Fi26", "1999/2000:21". */
const RIKSDAG_NUMBER = /\d{4}\/(?:\d{2}|\d{4}):[A-ZÅÄÖa-zåäö]{0,3}\d+(?![\d/])/u;
const RIKSDAG_ANCHOR = new RegExp(`^(?:(?:\\d+\\s*§|§\\s*\\d+)\\s+)?(?:(?:Svar\\s+på\\s+interpellation|Interpellation|Motion|Skriftlig fråga|Yttrande|Betänkande)(?:\\s+till\\s+riksdagen)?\\s+)?(${RIKSDAG_NUMBER.source})(.*)$`, 'u');
/** A line that starts with the paper's type. Bullets of web lists may lead. */
const TYPE_LINE = /^(?:[•*·–-]\s*)?(?:(?:enkel\s+)?fråga|motion|interpellation(?:ssvar)?|svar\s+på\s+interpellation)(?![\p{L}])/iu;
/** Only the type and whom it goes to: "Motion till kommunfullmäktige i Ängelholm", "MOTION", "Interpellation". */
const ADDRESS_ONLY = /^(?:[•*·–-]\s*)?(?:motion|interpellation|fråga)(?:\s+(?:till|i)\s+(?:\p{Lu}\p{Ll}+s?\s+)?(?:kommun|region|landstings)?(?:fullmäktige|styrelsen)(?:\s+i\s+\p{Lu}[\p{L}-]+(?:\s+kommun)?)?)?[.:]?$/iu;
/** Words that open a Swedish sentence but do not continue a heading in capitals: where run-in prose starts. */
const SENTENCE_OPENERS = new Set([
  'Den', 'Det', 'De', 'Detta', 'Denna', 'Dessa', 'Där', 'Här', 'Vi', 'Jag', 'Du', 'Man', 'Han', 'Hon', 'Många', 'Flera',
  'Alla', 'Så', 'Under', 'Sedan', 'Efter', 'Enligt', 'När', 'Idag', 'Nu', 'Trots', 'Samtidigt', 'Därför', 'Varje', 'Inför',
  'Som', 'Inom', 'Vid', 'Genom', 'Redan', 'Tidigare', 'Sverige', 'Kommunen', 'Staden', 'Regionen', 'Eftersom',
  // A preposition in capitals inside a heading is the start of a sentence.
  'I', 'På', 'Med', 'Av', 'Om', 'Till', 'Från', 'Utan', 'Mot', 'Bland', 'År', 'Frågan', 'Behovet', 'Syftet', 'Målet',
]);
/** Finite verbs that a heading's noun phrase does not hold but the first sentence after it does. */
const FINITE_VERBS = new Set(['har', 'hade', 'är', 'var', 'finns', 'fanns', 'kan', 'kunde', 'ska', 'skall', 'måste', 'blir', 'blev', 'bör', 'behöver', 'vill', 'kommer']);
/** Page furniture that may stand above a title on a web page. */
const FURNITURE = /^(?:till innehåll på sidan|observera att dokumentet är inskannat.*|•?\s*no results found|interpellationen(?: är besvarad)?|motionen|enskild motion\b.*|kommittémotion\b.*|motion till riksdagen|interpellation|motion|pdf|docx|share\b.*|bild)$/iu;

/** Lines of the first paragraphs, each with its paragraph, so wrapped headings can be followed. */
interface Line { text: string; p: number; first: boolean }

function linesOf(paragraphs: Paragraph[]): Line[] {
  const out: Line[] = [];
  // A heading is short: past its first 1,000 characters a line is prose, so every rule on it stays bounded.
  for (const [p, para] of paragraphs.entries()) para.lines.forEach((l, i) => out.push({ text: squash(l.slice(0, 1000)), p, first: i === 0 }));
  return out;
}

/** The heading, with lines after it that continue it (they start in lowercase). */
function withContinuation(lines: Line[], i: number, acrossParagraphs: boolean): string {
  const parts = [lines[i]!.text];
  for (let j = i + 1; j < lines.length && j <= i + 3; j++) {
    const l = lines[j]!;
    if (!acrossParagraphs && l.first) break;
    // A line that ends on a preposition or an office goes on below, whatever the case of the next line.
    const open = /\s(?:till|av|från|om|angående|och|i|för|på|med|ordförande|ordföranden|kommunalrådet|statsrådet|\p{Ll}*ministern)$/u.test(parts[parts.length - 1]!);
    if ((!/^\p{Ll}/u.test(l.text) && !open) || /^(?:av|till)\s/u.test(l.text)) break;
    parts.push(l.text);
  }
  return parts.join(' ').slice(0, 1000);
}

const ABBREVIATED = /(?:^|\s)(?:ang|t\.ex|bl\.a|s\.k|m\.fl|m\.m|nr|resp|ca|dvs|jfr|prop|skr|kap)\.$/iu;

/** Cuts a heading where the run-in prose starts: at its first sentence end, else at a sentence opener or a party name. */
export function cutAtProse(s: string): string {
  let t = squash(s);
  // The first sentence end that is not an abbreviation ("ang. Toleransprojektet").
  for (const m of t.matchAll(/[.!?](?=\s+["”«]?\p{Lu})/gu)) {
    const before = t.slice(0, m.index! + 1);
    if (ABBREVIATED.test(before)) continue;
    t = before;
    break;
  }
  const words = t.split(' ');
  if (words.length < 8) return t;
  for (let i = 3; i < words.length - 3; i++) {
    const w = words[i]!;
    const prev = words[i - 1]!;
    if (!/^\p{Lu}(?:\p{Ll}|$)/u.test(w) || !/[\p{Ll}\d”")]$/u.test(prev) || /^(?:av|till|från|och)$/u.test(prev)) continue;
    const party = partyFromAny(`${w} ${words[i + 1]!}`);
    if (SENTENCE_OPENERS.has(w) || (party && /^\p{Lu}\p{Ll}{3,}/u.test(w) && !/s$/u.test(w))) return words.slice(0, i).join(' ');
    // A capitalised word that is no name (the next word is lower-case) with a finite verb right after it
    // ("… återvandringsbidraget Stöd till återvandring har funnits …") starts a sentence.
    const after = words.slice(i + 1, i + 4);
    if (/^\p{Ll}/u.test(after[0] ?? '') && after.some((a) => FINITE_VERBS.has(a))) return words.slice(0, i).join(' ');
  }
  return t;
}

function cleanHeading(s: string): string {
  return dropFullStop(squash(s.split(/\s+\|\s+/u)[0]!).replace(/^[•*·–-]\s*/u, '').replace(/[\s:;,]+$/u, ''));
}

/** The trailing full stop goes, unless it ends an abbreviation ("… bostäder m.m."). */
function dropFullStop(s: string): string {
  const t = s.replace(/\s+$/u, '');
  return /(?:^|\s)(?:m\.m|m\.fl|etc|resp|bl\.a|m\.\s?fl)\.$/u.test(t) ? t : t.replace(/[\s.]+$/u, '');
}

/** A line that may be a paper's subject line: a short heading, not a date, name, party, body or addressing line. */
function isSubjectLine(t: string): boolean {
  if (t.length < 6 || t.length > 160 || !/\s/u.test(t) || /:$/u.test(t) || /\|/u.test(t)) return false;
  if (/^(?:till|datum|dnr|diarienummer|ställd|inlämnad)\b/iu.test(t) || FURNITURE.test(t) || TYPE_LINE.test(t)) return false;
  if (findDate(t) && t.length < 40) return false;
  if (partyFromAny(t.split(' ')[0]!) || looksLikeName(t.replace(/\s*\([^)]*\)$/u, ''))) return false;
  if (/(?:fullmäktige|styrelsen|nämnden)$/iu.test(t) && t.split(' ').length <= 3) return false;
  // One sentence at most: a prose paragraph is not a subject line.
  return !/[.!?]\s+\p{Lu}/u.test(t);
}

/** The heading of a municipal motion or interpellation (or of the interpellation an answer answers). */
function municipalHeading(area: Paragraph[], answer: boolean): PaperHeading | null {
  const lines = linesOf(area);
  let at = -1;
  const seen = new Set<string>();
  for (const [i, l] of lines.entries()) {
    const para = area[l.p]!;
    const typed = TYPE_LINE.test(l.text) && (l.first || para.text.length <= 400);
    // The heading stands before the prose; a run-in heading starts the first prose paragraph.
    if (!typed && l.first && isProseParagraph(para, l)) break;
    if (!typed) continue;
    seen.add(cleanHeading(l.text).toLocaleLowerCase('sv'));
    at = i;
    if (isProseParagraph(para, l)) break;
  }
  if (at < 0) return untypedHeading(lines, area, answer);
  const reported = (rule: string): PaperHeading => ({ title: null, heading: null, addressing: [], riksdag: false, reported: true, rule, confidence: 0.6 });
  // Several different papers named in a row is a list or a register, not one paper's heading.
  if (seen.size >= 3) return reported('flera dokument uppräknade: en lista, inget eget dokument');
  // A page that speaks of the paper in the third person ("Carina Herrstedts interpellation", "våra motioner") reports on it.
  const next = area.find((p, k) => k > lines[at]!.p && isProseParagraph(p, { text: p.lines[0]!, p: k, first: true }));
  if (next && /(?:\p{Lu}\p{Ll}+s\s+(?:interpellation|motion)|\b(?:våra|sina)\s+(?:interpellationer|motioner))\b/u.test(next.text)) {
    return reported('texten omtalar dokumentet i tredje person: ett referat');
  }
  const raw = withContinuation(lines, at, false);
  const addressing = lines.filter((l) => /^till:?\s+\p{L}/iu.test(l.text) && l.text.length < 160).map((l) => l.text.replace(/^till:?\s+/iu, 'till '));
  if (ADDRESS_ONLY.test(cleanHeading(raw))) {
    // "Motion till kommunfullmäktige" or a bare "Interpellation": the subject line below (else above) is the title.
    const after = lines.slice(at + 1).find((l) => isSubjectLine(l.text) && !isProseParagraph(area[l.p]!, l));
    // "Motion om X" above "Motion till kommunfullmäktige": the fuller heading above is the paper's.
    const fuller = after ? undefined : [...lines.slice(0, at)].reverse().find((l) => TYPE_LINE.test(l.text) && !ADDRESS_ONLY.test(cleanHeading(l.text)) && !/\s[|–—]\s/u.test(l.text));
    if (fuller) {
      const heading = cleanHeading(cutAtProse(fuller.text));
      return { title: heading, heading, addressing, riksdag: false, rule: 'rubriken ovanför adressraden', confidence: 0.75 };
    }
    const before = [...lines.slice(0, at)].reverse().find((l) => isSubjectLine(l.text) && !isProseParagraph(area[l.p]!, l));
    const subject = after ?? before;
    return {
      title: subject ? cleanHeading(subject.text) : null, heading: raw, addressing, riksdag: false,
      rule: subject ? `ämnesrad under rubriken "${cleanHeading(raw)}"` : 'rubrik utan ämne', confidence: subject ? 0.7 : 0.4,
    };
  }
  const heading = cleanHeading(cutAtProse(raw));
  if (answer) {
    // "Interpellationssvar angående – Interpellation av …", "Svar på interpellation från X om …": the interpellation's heading.
    const inner = /(?:^|[\s–—-])(interpellation(?:en)?\s+(?:\d{4}\/\S+\s+)?(?:av|från|till|om|angående|ställd)\s.*)$/iu.exec(heading.replace(/^(?:svar\s+på\s+)/iu, ' '));
    const title = inner ? capitaliseFirst(inner[1]!.replace(/^interpellationen/iu, 'Interpellation')) : null;
    return { title, heading, addressing, riksdag: false, rule: 'rubriken på interpellationen som besvaras', confidence: title ? 0.8 : 0.3 };
  }
  const ranIn = heading.length < squash(raw).replace(/[\s.]+$/u, '').length;
  return {
    title: heading, heading, addressing, riksdag: false,
    rule: ranIn ? 'rubriken, avskuren där brödtexten börjar' : 'dokumentets rubrik', confidence: ranIn ? 0.7 : 0.85,
  };
}

/**
 * A paper whose head never names its type ("Kameraövervakning för trygghet och säkerhet" above the prose of
 * a motion): its subject line, the first short heading before the prose, is its title. Not for an answer,
 * whose title must be the interpellation's.
 */
function untypedHeading(lines: Line[], area: Paragraph[], answer: boolean): PaperHeading | null {
  if (answer) return null;
  for (const l of lines.slice(0, 12)) {
    const para = area[l.p]!;
    if (l.first && isProseParagraph(para, l)) break;
    if (!isSubjectLine(l.text) || /^\p{Ll}/u.test(l.text)) continue;
    const title = cleanHeading(l.text);
    return { title, heading: null, addressing: [], riksdag: false, rule: 'ämnesraden överst (ingen rubrik med dokumenttypen)', confidence: 0.55 };
  }
  return null;
}

function isProseParagraph(p: Paragraph, l: Line): boolean {
  // The first line of a paragraph whose lines were kept may be a heading above its prose.
  if (l.first && p.lines.length > 1 && l.text.length < 160) return false;
  return p.text.length > 160 || /[.!?]\s+\p{Lu}/u.test(p.text);
}

function capitaliseFirst(s: string): string {
  return s.charAt(0).toLocaleUpperCase('sv') + s.slice(1);
}

/** A Riksdag interpellation or motion: the title as the Riksdag gives it, and the "av … till …" lines. */
function riksdagHeading(area: Paragraph[], answer: boolean): PaperHeading | null {
  const lines = linesOf(area);
  const at = lines.findIndex((l) => RIKSDAG_ANCHOR.test(l.text));
  if (at < 0) return null;
  const rest = RIKSDAG_ANCHOR.exec(lines[at]!.text)![2]!.trim();
  const avLines = lines.filter((l) => /^av\s+\p{Lu}/u.test(l.text)).map((l) => l.text);
  const tillLine = lines.find((l, i) => i > at && /^till\s+\p{L}/iu.test(l.text) && l.text.length < 160)?.text;
  const heading = [lines[at]!.text, ...avLines, ...(tillLine ? [tillLine] : [])].join(' ');
  let title: string | null = null;
  let rule = '';
  // The subject after the first " om " that follows the author or the addressee (indexOf: no backtracking).
  const subjectAfterOm = (s: string) => {
    const from = Math.min(...[' till ', ' av '].map((w) => s.indexOf(w)).filter((i) => i >= 0));
    const om = Number.isFinite(from) ? s.indexOf(' om ', from + 3) : -1;
    return om >= 0 ? s.slice(om + 4).trim() || null : null;
  };
  if (answer) {
    // A chamber protocol: "4 § Svar på interpellation 2005/06:254 om internflyktingars situation".
    const m = /^om\s+(.+)$/u.exec(rest) ?? /\som\s+(.+)$/u.exec(rest);
    title = m ? m[1]! : null;
    rule = 'riksdagens titel på interpellationen som besvaras';
  } else if (rest && !/^av\s/u.test(rest)) {
    // The author's "av" is the one before a name with a party or "m.fl." (titles have "av" too: "Finansieringen av UWC").
    const author = /\s+av\s+(?=\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,4}(?:\s+m\.fl\.)?\s*\()/u.exec(rest)
      ?? [...rest.matchAll(/\s+av\s+/gu)].pop();
    title = author ? rest.slice(0, author.index) : rest;
    rule = 'riksdagens titel efter dokumentnumret';
  } else if (rest && subjectAfterOm(rest)) {
    title = subjectAfterOm(rest);
    rule = 'riksdagens titel efter "om" i rubriken';
  } else {
    // Web pages print the title above the number line, data.riksdagen.se below the author line.
    const before = [...lines.slice(Math.max(0, at - 3), at)].reverse().find((l) => !FURNITURE.test(l.text) && !findDateOnly(l.text));
    // The number alone with the author below it ("2019/20:265" / "av X (C)"): the title follows the author.
    const authorBelow = !rest && /^av\s/u.test(lines[at + 1]?.text ?? '');
    if (before && !authorBelow) { title = before.text; rule = 'riksdagens titel ovanför dokumentnumret'; }
    const fromAv = avLines.map(subjectAfterOm).find(Boolean);
    if (!title && fromAv) { title = fromAv; rule = 'riksdagens titel efter "om" i författarraden'; }
    if (!title) {
      const i = lines.findIndex((l, k) => k > at && !/^(?:av|till)\s/u.test(l.text) && !FURNITURE.test(l.text) && !RIKSDAG_ANCHOR.test(l.text));
      if (i > 0 && i <= at + 3) { title = withContinuation(lines, i, true); rule = 'riksdagens titel under författarraden'; }
    }
  }
  title = title ? dropFullStop(squash(title).replace(/\bNone\b\s*/gu, '')) || null : null;
  return { title, heading, addressing: tillLine ? [tillLine] : [], riksdag: true, rule: title ? rule : 'riksdagsdokument utan titel', confidence: title ? 0.85 : 0.4 };
}

function findDateOnly(t: string): boolean {
  return t.length < 40 && findDate(t) !== null;
}

/** "None Förbättrat stöd till anhöriga None None": the Riksdag's data export with empty fields around the title. */
function exportHeading(area: Paragraph[]): PaperHeading | null {
  const m = /^None\s+(.+?)(?:\s+None)+$/u.exec(area[0]?.text ?? '');
  if (!m) return null;
  const tillLine = area.map((p) => p.text).find((t) => /^till\s+\p{L}/iu.test(t) && t.length < 160);
  return { title: m[1]!, heading: tillLine ?? null, addressing: tillLine ? [tillLine] : [], riksdag: true, rule: 'titel mellan tomma fält ("None …")', confidence: 0.7 };
}

/**
 * The heading of a paper of `kind` among its first paragraphs; a municipal one in the head or just past
 * it, since a flattened heading may run into the first prose paragraph.
 */
export function findPaperHeading(paragraphs: Paragraph[], headLength: number, kind: 'motion' | 'interpellation' | 'interpellationssvar'): PaperHeading | null {
  const answer = kind === 'interpellationssvar';
  // Riksdag web pages put event lists and a standard blurb between the title and the addressee.
  return riksdagHeading(paragraphs.slice(0, 40), answer) ?? exportHeading(paragraphs.slice(0, 40)) ?? municipalHeading(paragraphs.slice(0, headLength + 3), answer);
}

/** A Riksdag committee paper ("Yttrande 1991/92:BoU2" under its title): the title as the Riksdag gives it. */
export function findRiksdagTitle(paragraphs: Paragraph[]): PaperHeading | null {
  const found = riksdagHeading(paragraphs.slice(0, 40), false);
  return found?.title ? found : null;
}
