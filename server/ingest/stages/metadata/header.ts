/** Metadata read from a document's head: municipality, body, date, ärende and diarienummer. */
import { capitalise, squash, type Paragraph } from './lines.js';
import { findDate } from './dates.js';
import { canonicalMunicipality } from '../../../domain/municipality.js';
import { partyFromAny } from '../../../domain/parties.js';

/** Capitalised words that precede "kommun" without being a municipality's name. */
const NOT_MUNICIPALITY = new Set([
  'varje', 'en', 'ingen', 'denna', 'den', 'vår', 'er', 'hela', 'samma', 'annan', 'någon', 'min', 'din', 'sin', 'vilken',
  'egen', 'sådan', 'första', 'större', 'mindre', 'liten', 'stor', 'ny', 'närmaste', 'respektive', 'aktuell', 'berörd',
  'enskild', 'svensk', 'trygg', 'attraktiv', 'hållbar', 'bra', 'god', 'modern', 'jämlik', 'tryggare', 'annat', 'vilka',
]);

/** Canonical municipality or region named in the text; the head wins over the body. */
export function findMunicipality(head: string, full: string): string | null {
  return mostNamed(head) ?? mostNamed(full);
}

function mostNamed(text: string): string | null {
  const counts = new Map<string, number>();
  const add = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const m of text.matchAll(/\b(Göteborgs?|Stockholms?|Malmö)\s+(?:[Ss]tads?|kommun(?:fullmäktige|styrelse)?)(?!\p{L})/gu)) {
    add(canonicalMunicipality(m[1]!)!);
  }
  for (const m of text.matchAll(/(?<![\p{L}-])((?:(?:Upplands|Lilla|Stora|Östra|Västra|Norra|Södra|Övre|Dals)[- ])?\p{Lu}[\p{Ll}]+(?:-\p{Lu}[\p{Ll}]+)?)\s+kommuns?(?!\p{L})/gu)) {
    const name = m[1]!;
    if (NOT_MUNICIPALITY.has(name.toLocaleLowerCase('sv'))) continue;
    // "Huddinge kommuns" and "Uppsala kommun" both name the municipality.
    add(canonicalMunicipality(name)!);
  }
  // A letterhead line that is only "Huddinge kommunfullmäktige" names it too; in prose the compound is too risky.
  for (const m of text.matchAll(/^(\p{Lu}[\p{Ll}]+(?:-\p{Lu}[\p{Ll}]+)?) kommun(?:fullmäktige|styrelsen?)$/gmu)) {
    const name = m[1]!;
    if (!NOT_MUNICIPALITY.has(name.toLocaleLowerCase('sv'))) add(canonicalMunicipality(name)!);
  }
  // Letterheads in capitals: "ALINGSÅS KOMMUN", "REGION VÄSTRA GÖTALAND".
  for (const m of text.matchAll(/^(\p{Lu}{2,}(?:[- ]\p{Lu}{2,})?) KOMMUN$/gmu)) add(canonicalMunicipality(m[1]!)!);
  for (const m of text.matchAll(/^REGION (\p{Lu}{2,}(?: \p{Lu}{2,})?)$/gmu)) add(canonicalMunicipality(`Region ${m[1]!}`)!);
  for (const m of text.matchAll(/\bRegion[ \t]+(\p{Lu}[\p{Ll}]+(?:[ \t]\p{Lu}[\p{Ll}]+)?)/gu)) {
    const name = m[1]!.split(' ').filter((w) => !['Kommunfullmäktige', 'Regionfullmäktige', 'Regionstyrelsen'].includes(w)).join(' ');
    if (name) add(canonicalMunicipality(`Region ${name}`)!);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [name, count] of counts) if (count > bestCount) { best = name; bestCount = count; }
  return best;
}

// Case matters: with the i flag \p{Lu} would match lowercase too. A genitive place name may lead ("Göteborgs kommunfullmäktige").
const BODY_RE = /^(?:\p{Lu}\p{Ll}+s\s+)?((?:\p{Lu}\p{Ll}*-\s(?:och|samt)\s)?\p{L}*(?:[Ff]ullmäktige|[Ss]tyrelsen?|[Nn]ämnden?|[Bb]eredningen|[Uu]tskottet|[Aa]rbetsutskott(?:et)?)(?:s arbetsutskott)?)(?!\p{L})/u;

/** Canonical body named at the start of a head line ("Kommunfullmäktige", "Barn- och utbildningsnämnden"). */
export function findBody(headCells: string[]): string | null {
  for (const cell of headCells) {
    const m = BODY_RE.exec(cell.trim());
    if (!m) continue;
    let body = m[1]!;
    // "Göteborgs kommunstyrelse" (the signing body) is Kommunstyrelsen.
    body = body.replace(/^kommunstyrelse$/i, 'kommunstyrelsen').replace(/^regionstyrelse$/i, 'regionstyrelsen');
    if (/^(?:styrelsen?|nämnden?|utskottet)$/i.test(body)) continue;
    return capitalise(body.toLocaleLowerCase('sv'));
  }
  // "Motion till kommunfullmäktige", "Interpellation i regionfullmäktige": the body the paper is addressed to.
  // (A protocol's page header in the running text is handled by findBodyInPageHeader.)
  for (const cell of headCells) {
    const m = /^(?:motion|interpellation|fråga|svar\s+på\s+interpellation)\b.*?\s(?:till|i)\s+((?:kommun|region)fullmäktige|kommunstyrelsen|regionstyrelsen)(?!\p{L})/iu.exec(cell);
    if (m) return capitalise(m[1]!.toLocaleLowerCase('sv'));
  }
  return null;
}

/** The body named by a protocol page header left in the text: "Kommunstyrelsen" followed by "Protokoll nr 13". */
export function findBodyInPageHeader(full: string): string | null {
  const m = /^((?:Kommun|Region)(?:fullmäktige|styrelsen)|\p{Lu}[\p{Ll}-]*nämnden)\s*\n(?:\s*\n)*(?:[^\n]{0,40}\n(?:\s*\n)*)?Protokoll nr \d+/mu.exec(full);
  return m ? m[1]! : null;
}

/**
 * The document's own date: a "Sammanträdesdatum:"/"Datum:" label, else the first date on a head line
 * that is a letterhead or a date line, not a sentence ("… yttrande från MP den 2 juni 2026." is prose).
 */
export function findDocumentDate(headText: string, full: string): string | null {
  const labelled = /(?:Sammanträdesdatum|Sammanträde|Datum):?\s*(\S.{0,30})/u.exec(headText) ?? /Sammanträdesdatum:?\s*(\S.{0,30})/u.exec(full);
  if (labelled) {
    const d = findDate(labelled[1]!);
    if (d) return d.date;
  }
  for (const line of headText.split('\n')) {
    const sentence = !line.includes('\t') && (line.length > 70 || (line.length > 25 && /\.$/.test(line)));
    if (sentence) continue;
    const d = findDate(line);
    if (d) return d.date;
  }
  return null;
}

export interface ArendeFound {
  number: string | null;
  title: string | null;
  /** The rules that decided the title and the number, with their confidence. */
  rule: string;
  confidence: number;
  numberRule?: string;
  numberConfidence?: number;
}

const SUBJECT_RE = /^(?:(?:tilläggs|ändrings|återremiss|motivations)?yrkande|yttrande|särskilt yttrande|reservation|protokollsanteckning|motivering|interpellationssvar)\s+(?:(?:angående|avseende|gällande|rörande|kring|om|över|till|i)\s+(?:ärendet\s+)?|[–—-]\s+)(.+)$/iu;

/**
 * Ärende number and title from "Ärende 11: Titel", "Punkt 3.3 Titel", "§ 15 Titel" or "Yrkande angående titel".
 * `subjectArea` may reach past the head: a flattened subject line often runs on into the first prose.
 */
export function findArende(head: Paragraph[], subjectArea: Paragraph[] = head, labelArea: Paragraph[] = subjectArea): ArendeFound {
  for (const p of head) {
    for (const [i, line] of p.lines.entries()) {
      const m = /^(?:Ärende|Ärendepunkt|Punkt)\s*(?:nr[.:]?\s*)?(\d+(?:\.\d+)*)\s*[:.–-]?\s*(.*)$/iu.exec(line.replace(/\t/g, ' '));
      if (!m) continue;
      // "Ärende 2.1.7" alone on its line: the title comes from the subject line below.
      const own = cleanTitle([m[2]!, ...continuation(p.lines, i)].join(' '));
      const title = own ?? subjectTitle(subjectArea);
      return {
        number: m[1]!, title, rule: own ? `rubrik efter "${line.split(/\s/u)[0]} ${m[1]}"` : 'ämnesrad ("Yrkande angående …")', confidence: own ? 0.85 : 0.75,
        numberRule: `"${line.split(/\s/u)[0]} ${m[1]}" i huvudet`, numberConfidence: 0.9,
      };
    }
  }
  for (const p of head) {
    for (const [i, line] of p.lines.entries()) {
      const m = /^§\s*(\d+)\b\s*(.*)$/u.exec(line.replace(/\t/g, ' '));
      if (!m) continue;
      const rest = m[2]!.replace(/^(?:Ärendenummer|Dnr|Diarienummer)\b\S*\s*\S+\s*/iu, '');
      const title = rest ? cleanTitle([rest, ...continuation(p.lines, i)].join(' ')) : titleAfter(head, p, i);
      return { number: `§ ${m[1]}`, title, rule: 'rubrik efter paragrafnumret', confidence: 0.8, numberRule: 'paragrafnummer ("§ 15") i huvudet', numberConfidence: 0.85 };
    }
  }
  // A letterhead cell "… Ärende 24 2026-03-04" gives the number; the subject line gives the title.
  const inLetterhead = head.slice(0, 4).map((p) => /(?:^|\s)Ärende\s+(?:nr[.:]?\s*)?(\d+(?:\.\d+)*)(?![\d.])/u.exec(p.text)).find(Boolean);
  const subject = subjectTitle(subjectArea);
  const inKindLine = subject ? null : arendeInKindLine(head);
  const labelled = subject || inKindLine?.title ? null : labelledArende(labelArea);
  const number = inLetterhead?.[1] ?? inKindLine?.number ?? null;
  const found = subject ? { title: subject, rule: 'ämnesrad ("Yrkande angående …")', confidence: 0.75 } : inKindLine?.title ? inKindLine : labelled;
  return {
    number, title: found?.title ?? null, rule: found?.rule ?? 'inget i texten', confidence: found?.confidence ?? 0.5,
    numberRule: inLetterhead ? '"Ärende N" i brevhuvudet' : '"ärende N" i rubriken', numberConfidence: inLetterhead ? 0.8 : 0.75,
  };
}

const KIND_WORD = /^(?:skriftlig\s+)?(?:reservation|\p{L}*yrkande|särskilt\s+yttrande|yttrande|protokollsanteckning)(?![\p{L}])/iu;

interface TitleFound { title: string | null; number?: string | null; rule: string; confidence: number }

/**
 * The matter named in the paper's own heading line: "Reservation … i ärende 8, Budgetramar 2011, KF den 18 maj 2010",
 * "Reservation i ärendet ”Mål- och resursplan”", "Reservation ärende nr 11 Samhällsbyggnadsnämnden 20-10-20 Titel",
 * "Reservation motion (SD): Titel", "Reservation Budget 2014".
 */
function arendeInKindLine(head: Paragraph[]): TitleFound | null {
  for (const p of head.slice(0, 6)) {
    const line = squash(p.lines[0]!.replace(/\t/g, ' ')).split(/\s+\|\s+/u)[0]!;
    if (!KIND_WORD.test(line) || line.length > 200) continue;
    const m = /(?<![\p{L}])ärende(?:t|n)?\s+(?:nr\.?\s*)?(\d+(?:\.\d+)*)?[\s,:.–-]*(.*)$/iu.exec(line);
    if (m) {
      // What follows the number: a body and a meeting date may precede the title; a meeting reference may follow it.
      const rest = m[2]!
        .replace(/^(?:\p{Lu}\p{Ll}*(?:fullmäktige|styrelsen|nämnden|utskottet))\s+/u, '')
        .replace(/^\d{2,4}-\d{2}-\d{2}\s*/u, '')
        .replace(/,\s*(?:KF|KS|\p{L}*(?:fullmäktige|styrelsen|nämnden))\b.*$/u, '')
        .replace(/^(?:[\p{Ll}]+\s+)?(?:beslut\s+om\s+)/u, '');
      const title = m[1] ? cleanTitle(rest.split(/,\s+/u)[0]!) : cleanTitle(rest);
      if (title || m[1]) return { title: title ? unquote(title) : null, number: m[1] ?? null, rule: 'ärendet i dokumentets rubrikrad', confidence: 0.75 };
    }
    // "Reservation motion (SD): Titel": a short label before a colon.
    const colon = /^[^:]{3,40}:\s+(.{6,})$/u.exec(line);
    if (colon) return { title: cleanTitle(colon[1]!), rule: 'rubriken efter kolon i dokumentets rubrikrad', confidence: 0.7 };
    // "Reservation Budget 2014": the matter written straight after the kind, not a party, a preposition or a body.
    const bare = /^(?:[Ss]kriftlig\s+)?(?:[Rr]eservation|[Pp]rotokollsanteckning|[Ss]ärskilt\s+yttrande)\s+(\p{Lu}[^()]{2,80})$/u.exec(line);
    if (bare && !partyFromAny(bare[1]!.split(' ')[0]!) && !/(?:fullmäktige|styrelsen|nämnden|utskottet)\b/iu.test(bare[1]!) && !/^\p{Lu}+$/u.test(bare[1]!.split(' ')[0]!)) {
      return { title: cleanTitle(bare[1]!), rule: 'ärendet direkt efter dokumenttypen i rubriken', confidence: 0.6 };
    }
  }
  return null;
}

/** "Ärende: detaljplan och kontor utmed Brogatan": a labelled matter near the head, kept as written. */
function labelledArende(area: Paragraph[]): TitleFound | null {
  for (const p of area) {
    // A label stands among the first lines of its paragraph; a paragraph of thousands of lines is not a head.
    for (const line of p.lines.slice(0, 40)) {
      const m = /^Ärende:\s*(\S.{3,160})$/u.exec(squash(line.replace(/\t/g, ' ')));
      if (m) return { title: squash(m[1]!).replace(/[\s:.]+$/u, ''), rule: '"Ärende:" i huvudet', confidence: 0.85 };
    }
  }
  return null;
}

/** A title written in quotation marks: "Reservation i ärendet ”Mål- och resursplan 2019-2021”". */
function unquote(s: string): string {
  const m = /^["”“«»'](.+)["”“«»']$/u.exec(s);
  return m ? m[1]! : s;
}

/** The matter named by a subject line: "Yrkande angående X", "Yttrande – X". */
function subjectTitle(area: Paragraph[]): string | null {
  for (const p of area) {
    for (const line of [p.text, ...p.lines]) {
      const m = SUBJECT_RE.exec(squash(line.replace(/\t/g, ' ')));
      if (m) { const t = cleanTitle(m[1]!); return t ? unquote(t) : null; }
    }
  }
  return null;
}

/** Lines after `i` that continue a wrapped title (they start in lowercase, or are a year span "2025–2028"). */
function continuation(lines: string[], i: number): string[] {
  const out: string[] = [];
  for (const line of lines.slice(i + 1)) {
    if (!/^\p{Ll}/u.test(line) && !/^\d{4}(?:\s*[–-]\s*\d{2,4})?$/u.test(line)) break;
    out.push(line);
  }
  return out;
}

/** The title after a "§ 96 Ärendenummer …" line (same paragraph or the next), up to the "Beslut" heading. */
function titleAfter(head: Paragraph[], p: Paragraph, i: number): string | null {
  const rest = p.lines.slice(i + 1);
  const source = rest.length ? rest : head.find((q) => q.index === p.index + 1)?.lines ?? [];
  const lines: string[] = [];
  for (const line of source) {
    if (/^(?:Beslut|Handling|Ärendet|Yrkanden?|Propositionsordning)\b/u.test(line)) break;
    lines.push(line);
  }
  return lines.length ? cleanTitle(lines.join(' ')) : null;
}

/** Headings that start the body of a paper; a flattened title line often runs into them. */
const TITLE_STOP = /\s+(?:Förslag till beslut|Yrkandet|Yttrandet|Bakgrund|Sammanfattning|Motivering|Dnr|Diarienummer)\b.*$/u;

function cleanTitle(s: string): string | null {
  const t = squash(s.replace(/\t/g, ' ')).replace(TITLE_STOP, '').replace(/^[\s–—:-]+/u, '').replace(/[\s:.]+$/u, '');
  return t ? capitalise(t) : null;
}

/** Diarienummer from "Dnr KS-2017/64", "Diarienummer: 1435/22", "Ärendenummer SLK-2023-00829" or a bare code in the head. */
export function findDiarienummer(headText: string, full: string): string | null {
  const labelled = /(?<!\p{L})(?:Dnr|Diarienr|Diarienummer|Ärendenummer|Ärendenr|Ärende nr(?=[.:]?\s*[A-ZÅÄÖ])|Vårt dnr|Dnr\.)[.:]?\s*((?:[A-ZÅÄÖ]{1,8}[- ]?)?\d{2,4}[-/.:]\d{1,6}(?:[-/.:]\d{1,6})?)/u;
  const m = labelled.exec(headText) ?? labelled.exec(full.slice(0, 3000));
  if (m) return m[1]!.replace(/[.:]$/, '');
  const bare = /(?<![\p{L}\d/-])([A-ZÅÄÖ]{2,6}-\d{4}-\d{3,6}|[A-ZÅÄÖ]{2,6}[- ]\d{4}\/\d{1,5})(?![\d/])/u.exec(headText);
  return bare ? bare[1]! : null;
}
