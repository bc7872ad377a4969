/** Metadata read from a document's head: municipality, body, date, ärende and diarienummer. */
import { capitalise, squash, type Paragraph } from './lines.js';
import type { Signatory } from '../../types.js';
import { compactDate, dateFromRiksmote, findDate } from './dates.js';
import { canonicalMunicipality } from '../../../domain/municipality.js';
import { partyFromAny } from '../../../domain/parties.js';

/** Capitalised words that precede "kommun" without being a municipality's name. */
const NOT_MUNICIPALITY = new Set([
  'varje', 'en', 'ingen', 'denna', 'den', 'vår', 'er', 'hela', 'samma', 'annan', 'någon', 'min', 'din', 'sin', 'vilken',
  'egen', 'sådan', 'första', 'större', 'mindre', 'liten', 'stor', 'ny', 'närmaste', 'respektive', 'aktuell', 'berörd',
  'enskild', 'svensk', 'trygg', 'attraktiv', 'hållbar', 'bra', 'god', 'modern', 'jämlik', 'tryggare', 'annat', 'vilka',
]);

/**
 * Page furniture the normaliser removed, less a table's cells: a page header repeats one meeting date, but a
 * register's column of many different dates and case numbers ("2019-03-25", "KS 2019/00236") dates nothing.
 */
export function furnitureForHead(furniture: string[]): string[] {
  const bare = /^(?:\d{4}-\d{2}-\d{2}|[A-ZÅÄÖ]{1,6}[- ]?\d{4}[/-]\d{1,6}(?:-\d{1,6})?)$/u;
  const dates = new Set(furniture.filter((f) => /^\d{4}-\d{2}-\d{2}$/u.test(f.trim())));
  return dates.size >= 3 ? furniture.filter((f) => !bare.test(f.trim())) : furniture;
}

/** A value with the rule that decided it and how sure that rule is (0–1). */
export interface Finding {
  value: string;
  rule: string;
  confidence: number;
}

/** Words that stand before a date or "kommunfullmäktige" at a line's start without being a place. */
const NOT_PLACE = new Set([
  'datum', 'sammanträdesdatum', 'sammanträde', 'inlämnad', 'inlämning', 'inkom', 'justerat', 'justering', 'publicerad',
  'uppdaterad', 'anslaget', 'beslutad', 'beslut', 'besvarad', 'anmäld', 'motion', 'interpellation', 'fråga', 'svar',
  'yrkande', 'reservation', 'protokoll', 'protokollsutdrag', 'yttrande', 'ärende', 'till', 'från', 'för', 'om', 'i',
  'ställd', 'stockholm', 'dnr', 'diarienummer', 'tid', 'plats', 'kl', 'senast', 'idag', 'igår', 'ort', 'och',
  'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag', 'måndagen', 'tisdagen', 'onsdagen',
  'torsdagen', 'fredagen', 'lördagen', 'söndagen', 'våren', 'hösten', 'sverige', 'riksdagen', 'regeringen',
  'skåne', 'halland', 'blekinge', 'värmland', 'dalarna', 'norrbotten', 'västerbotten', 'jämtland', 'småland',
  'östergötland', 'västmanland', 'södermanland', 'gävleborg', 'kronoberg', 'västernorrland', 'härjedalen',
  'bohuslän', 'dalsland', 'lappland', 'norrland', 'gotland', 'europa', 'norden', 'landet', 'staden', 'kommunen',
  'ordförande', 'ledamot', 'gruppledare', 'kommunalråd', 'oppositionsråd', 'bilaga', 'sida',
  ...NOT_MUNICIPALITY,
]);

/** What may follow the organisation's name on a letterhead line: a body, a page number, a date. */
const LETTERHEAD_TAIL = /(?<=\s(?:KOMMUN|[Kk]ommun|STAD|[Ss]tad))\s+(?:(?:\p{Lu}\p{Ll}*-\s(?:och|samt)\s)?\p{L}*(?:fullmäktige|styrelsen|nämnden|utskottet|beredningen|FULLMÄKTIGE|STYRELSEN|NÄMNDEN)|\d+\s*\(\d+\)|\d{4}-\d{2}-\d{2})(?:\s.*)?$/u;

const PLACE = String.raw`(?:(?:Upplands|Lilla|Stora|Östra|Västra|Norra|Södra|Övre|Nedre|Dals)[- ])?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?`;
/** A letterhead's name before "kommun"/"stad": one place, in any case ("Huddinge", "ALINGSÅS", "UPPLANDS-BRO"). */
const LETTERHEAD_PLACE_RE = new RegExp(String.raw`^(?:${PLACE}|\p{Lu}{2,}(?:[- ]\p{Lu}{2,})?)$`, 'u');
const MONTHS_RE = 'januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december';
/** "Lund den 12 mars 2024", "Karlstad 2013-03-13", "Nässjö, 8 augusti 2023": a place and a date, nothing else. */
const SIGNATURE_PLACE_RE = new RegExp(String.raw`^(${PLACE}),?\s+(?:den\s+)?(?:\d{1,2}(?:\s*:[ae])?\s+(?:${MONTHS_RE})\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{2})$`, 'u');
/**
 * "Lunds kommunfullmäktige", "Huddinge kommunstyrelse", "Karlskoga Kommunfullmäktige": a place in the
 * genitive (an s, or a vowel that takes none) before the body; "Enligt kommunstyrelsens" is no place.
 */
const NAMED_BODY_RE = new RegExp(String.raw`(?<![\p{L}-])(${PLACE}(?<=[sa-eiouyåäö]))\s+(?:kommunfullmäktige|kommunstyrelse(?:n|ns)?|kommunfullmäktiges)(?!\p{L})|(?<![\p{L}-])(${PLACE})\s+Kommunfullmäktige$`, 'u');
/**
 * "Motion till kommunfullmäktige i Ängelholm", "Kommunfullmäktige i Lund". Case matters for the place:
 * "till kommunfullmäktige i april" names no place.
 */
const ADDRESSED_IN_RE = new RegExp(String.raw`(?<!\p{L})(?:[Kk]ommunfullmäktige|[Kk]ommunstyrelsen|[Ff]ullmäktige|KOMMUNFULLMÄKTIGE)\s+[Ii]\s+(${PLACE})(?![\p{L}-])`, 'u');
/** A postal address: "Box 41, 221 00 Lund", "Postadress: 291 80 Kristianstad". */
const ADDRESS_RE = new RegExp(String.raw`(?:Box|Postadress|Besöksadress|Adress|gatan|vägen|torg|Telefon|Tfn|växel)\b[^\n]{0,60}?\b\d{3}\s?\d{2}\s+(${PLACE}|\p{Lu}{3,})(?![\p{L}-])`, 'u');
/** "Sverigedemokraterna i Tyresö", "Centerpartiet Nykvarn", "Vänsterpartiet Göteborg": the local party's place. */
const PARTY_PLACE_RE = new RegExp(String.raw`(?<!\p{L})(?:Socialdemokraterna|Moderaterna|Sverigedemokraterna|Centerpartiet|Vänsterpartiet|Liberalerna|Kristdemokraterna|Miljöpartiet|Folkpartiet)(?:\s+i)?\s+(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}-]|\s+(?:län|kommun|stad|region)\b)`, 'u');
const KOMMUN_RE = new RegExp(String.raw`(?<![\p{L}-])(${PLACE})\s+kommuns?(?!\p{L})`, 'gu');
const CITY_RE = /(?<![\p{L}-])(Göteborgs?|Stockholms?|Malmö|Borås|Helsingborgs?|Landskrona|Trollhättans?|Västerås|Solna|Sundbybergs?|Vaxholms?|Mölndals?|Lidingö)\s+[Ss]tads?(?!\p{L})/gu;
// Two words only after a direction ("Region Västra Götaland"); "Region Stockholm Trafikförvaltningen" is Region Stockholm.
const REGION_RE = /(?<![\p{L}-])Region[ \t]+((?:(?:Västra|Östra|Norra|Södra)[ \t])?\p{Lu}\p{Ll}+(?:[ \t]län)?)/gu;
const OWN_NAME_RE = /(?<![\p{L}-])(Västra Götalandsregionens?|Landstinget i \p{Lu}\p{Ll}+(?: län)?)(?!\p{L})/gu;

/** The head's first non-empty lines, trimmed: a head that is one huge paragraph must not make the rules slow. */
function headLinesOf(headText: string, max = 80): string[] {
  const out: string[] = [];
  for (const raw of headText.slice(0, 12000).split('\n')) {
    const line = raw.trim();
    if (line) out.push(line);
    if (out.length >= max) break;
  }
  return out;
}

/** A place name, not a label, a weekday or a body ("Regionfullmäktige 11 oktober 2022" is no signature place). */
function placeOk(name: string): boolean {
  const lower = name.toLocaleLowerCase('sv');
  return !NOT_PLACE.has(lower) && !/(?:fullmäktige|styrelsen?|nämnden?|utskottet|beredningen|direktionen|förvaltningen|partiet|kommun|region)$/u.test(lower);
}

interface Vote { weight: number; rule: string; confidence: number; order: number }

/**
 * The organisation a document belongs to, from every place documents put it, weighed together:
 * a letterhead ("Lunds kommun", "REGION SKÅNE", "LANDSTINGET I VÄRMLAND") beats a signature place
 * ("Karlstad 2013-03-13") beats an addressing line ("Motion till kommunfullmäktige i Ängelholm") or a
 * local party's place ("För Sverigedemokraterna i Tyresö"); "X kommun" in the prose counts least, and a
 * bare place in the prose not at all. A web page's site title ("… | Sverigedemokraterna i X") is furniture.
 */
export function findMunicipality(headText: string, full: string): Finding | null {
  const votes = new Map<string, Vote[]>();
  let order = 0;
  const vote = (raw: string, weight: number, rule: string, confidence: number) => {
    const name = canonicalMunicipality(raw);
    if (!name) return;
    const list = votes.get(name) ?? [];
    list.push({ weight, rule, confidence, order: order++ });
    votes.set(name, list);
  };
  // The rule text ends in the place ("i huvudet", "i texten"): scoring tells mentions from stronger rules by it.
  const mentions = (text: string, weight: number, where: 'i huvudet' | 'i texten', confidence: number) => {
    const said = (m: RegExpMatchArray) => `"${squash(m[0])}" nämns ${where}`;
    for (const m of text.matchAll(CITY_RE)) vote(m[1]!, weight, said(m), confidence);
    for (const m of text.matchAll(KOMMUN_RE)) if (placeOk(m[1]!)) vote(m[1]!, weight, said(m), confidence);
    for (const m of text.matchAll(REGION_RE)) {
      const name = m[1]!.split(/[ \t]/u).filter((w) => !/^(?:Kommunfullmäktige|Regionfullmäktige|Regionstyrelsen|Region\p{Ll}*)$/u.test(w)).join(' ');
      if (name) vote(`Region ${name}`, weight, said(m), confidence);
    }
    for (const m of text.matchAll(OWN_NAME_RE)) vote(m[1]!, weight, said(m), confidence);
  };

  const headLines = headLinesOf(headText).filter((l) => !l.includes('|'));
  for (const [i, line] of headLines.entries()) {
    const cells = line.split('\t').map((c) => c.trim()).filter(Boolean);
    for (const cell of cells) {
      // A letterhead: a short line that is only the organisation's name (any case), near the top.
      // "JÖNKÖPINGS KOMMUN Barn- och utbildningsnämnden": the letterhead may carry the body after the name.
      const lh = /^(.{2,40}?)\s+(KOMMUN|kommun|Kommun|STAD|[Ss]tad)$/u.exec(cell.replace(LETTERHEAD_TAIL, '')) ?? /^((?:REGION|Region|LANDSTINGET I|Landstinget i) .{2,30})$/u.exec(cell);
      const isLetterhead = lh && (lh[2] ? LETTERHEAD_PLACE_RE.test(lh[1]!) && placeOk(lh[1]!) : /^\S+ \p{Lu}[\p{L}-]+(?: [\p{L}-]+){0,2}$/iu.test(lh[1]!));
      if (lh && i < 8 && isLetterhead) {
        vote(lh[2] ? `${lh[1]} ${/^s/iu.test(lh[2]) ? 'stad' : 'kommun'}` : lh[1]!, 4, `brevhuvud ("${cell}")`, 0.95);
        continue;
      }
      if (/^Västra Götalandsregionen$/iu.test(cell) && i < 8) { vote('Västra Götalandsregionen', 4, `brevhuvud ("${cell}")`, 0.95); continue; }
      const named = NAMED_BODY_RE.exec(cell);
      const namedPlace = named ? named[1] ?? named[2]! : null;
      if (named && namedPlace && placeOk(namedPlace)) vote(namedPlace, 2.5, `organets ort i huvudet ("${squash(named[0])}")`, 0.85);
      const addressed = ADDRESSED_IN_RE.exec(cell);
      if (addressed && placeOk(addressed[1]!)) vote(addressed[1]!, 2.5, `adressering ("${squash(addressed[0])}")`, 0.8);
    }
  }
  mentions(headLines.join('\n'), 2, 'i huvudet', 0.8);

  // The rest of the text: signature places, addressing lines, local parties and prose mentions. Bounded:
  // the opening and the end (where signatures stand), and each rule only on lines that can hold it.
  const lines = full.length > 40000 ? [...full.slice(0, 30000).split('\n'), ...full.slice(-10000).split('\n')] : full.split('\n');
  let prose = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.includes('|')) continue;
    if (line.length <= 60 && /\d{2}/.test(line)) {
      const sig = SIGNATURE_PLACE_RE.exec(line.replace(/\t/g, ' '));
      if (sig && placeOk(sig[1]!)) { vote(sig[1]!, 3, `signaturort ("${line.replace(/\t/g, ' ')}")`, 0.85); continue; }
    }
    if (line.length <= 160 && /ommun|fullmäktige/u.test(line)) {
      const named = NAMED_BODY_RE.exec(line);
      const namedPlace = named ? named[1] ?? named[2]! : null;
      if (named && namedPlace && placeOk(namedPlace)) vote(namedPlace, 1.5, `organets ort ("${squash(named[0])}")`, 0.75);
      const addressed = ADDRESSED_IN_RE.exec(line);
      if (addressed && placeOk(addressed[1]!)) vote(addressed[1]!, 2, `adressering ("${squash(addressed[0])}")`, 0.75);
    }
    if (line.length <= 200 && /\d{3}\s?\d{2}\s/u.test(line)) {
      const address = ADDRESS_RE.exec(line);
      if (address && placeOk(address[1]!)) vote(address[1]!, 1.5, `postadress ("${squash(address[0]).slice(0, 60)}")`, 0.6);
    }
    if (/partiet|erna\b/u.test(line)) {
      const party = PARTY_PLACE_RE.exec(line);
      if (party && placeOk(party[1]!)) vote(party[1]!, 1.5, `partiets ort ("${squash(party[0])}")`, 0.65);
    }
    // Prose mentions: the first counts, repeats add less, and they never outweigh one letterhead.
    if (prose < 40 && /kommun|[Ss]tad|Region|regionen|Landstinget/u.test(line)) {
      prose++;
      mentions(line, 1, 'i texten', 0.6);
    }
  }

  let best: { name: string; score: number; top: Vote; first: number } | null = null;
  for (const [name, list] of votes) {
    // A mention counts fully once; repeats add half each, capped, so many mentions do not beat one letterhead.
    let score = 0;
    const mentionScore = { head: 0, prose: 0 };
    for (const v of list) {
      const kind = v.rule.endsWith('i huvudet') ? 'head' : v.rule.endsWith('i texten') ? 'prose' : null;
      if (kind) mentionScore[kind] += mentionScore[kind] === 0 ? v.weight : 0.5;
      else score += v.weight;
    }
    score += Math.min(mentionScore.head, 3) + Math.min(mentionScore.prose, 2.5);
    const top = list.reduce((a, b) => (b.weight > a.weight ? b : a));
    const first = Math.min(...list.map((v) => v.order));
    if (!best || score > best.score || (score === best.score && first < best.first)) best = { name, score, top, first };
  }
  if (!best) return null;
  const others = [...votes.keys()].length - 1;
  // Agreement raises confidence, a rival lowers it.
  const confidence = Math.min(0.98, best.top.confidence + 0.03 * Math.min(3, votes.get(best.name)!.length - 1) - (others ? 0.1 : 0));
  return { value: best.name, rule: best.top.rule, confidence };
}

// Case matters: with the i flag \p{Lu} would match lowercase too. A place name may lead ("Göteborgs kommunfullmäktige",
// "Karlskoga Kommunfullmäktige"), or a label ("Nämnd Kommunstyrelsen").
const BODY_WORD = String.raw`(?:\p{Lu}\p{Ll}*-\s(?:och|samt)\s)?\p{L}*(?:[Ff]ullmäktige|[Ss]tyrelsen?|[Nn]ämnden?|[Bb]eredningen|[Uu]tskottet|[Aa]rbetsutskott(?:et)?)(?:s arbetsutskott)?`;
const BODY_RE = new RegExp(String.raw`^(?:\p{Lu}\p{Ll}+:?\s+)?(${BODY_WORD})(?!\p{L})(.*)$`, 'u');
/** Bodies written short in headings: "KF 2009-09-21", "KF den 18 maj 2010". */
const BODY_ABBREVIATIONS: Record<string, string> = { KF: 'Kommunfullmäktige', KS: 'Kommunstyrelsen', RF: 'Regionfullmäktige', RS: 'Regionstyrelsen' };
const DATE_AFTER = String.raw`(?:den\s+\d{1,2}\s+\p{Ll}+\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{2}|\d{1,2}\s+\p{Ll}+\s+\d{4})`;
const HEADING_KIND = /^(?:\p{L}+\s+)?(?:reservation|motion|motioner|interpellation|interpellationer|fråga|svar|yrkande|\p{L}*yrkande|yttrande|särskilt yttrande|protokollsanteckning|protokoll|protokollsutdrag|ställd)\b/iu;

function canonicalBody(raw: string): string {
  // "Göteborgs kommunstyrelse" (the signing body) is Kommunstyrelsen.
  const body = raw.replace(/^kommunstyrelse$/i, 'kommunstyrelsen').replace(/^regionstyrelse$/i, 'regionstyrelsen');
  return capitalise(body.toLocaleLowerCase('sv'));
}

/**
 * Canonical body named by a head line: a letterhead cell that starts with it ("Kommunfullmäktige",
 * "Barn- och utbildningsnämnden 2021-11-23", "Nämnden för funktionshindrade"), else the body a paper is
 * addressed to ("Motion till kommunfullmäktige", "Ställd till Lunds kommunfullmäktige").
 */
export function findBody(headCells: string[]): Finding | null {
  for (const raw of headCells.slice(0, 200)) {
    // "JÖNKÖPINGS KOMMUN Barn- och utbildningsnämnden", "Lunds kommun Kommunstyrelsen": the body after the name.
    const cell = raw.trim().replace(/^(?:\p{Lu}[\p{L}-]*\s+){1,3}?(?:KOMMUN|[Kk]ommun|STAD|[Ss]tad)\s+(?=\p{Lu})/u, '');
    const own = /^(Nämnden för \p{Ll}+(?:(?:,| och) \p{Ll}+)*)(?:\s+(?:\p{Ll}+\s+)?\d{4}(?:-\d{2}-\d{2})?)?$/u.exec(cell);
    if (own) return { value: own[1]!, rule: `organ i brevhuvud ("${cell}")`, confidence: 0.9 };
    const m = BODY_RE.exec(cell);
    if (m) {
      const rest = m[2]!.trim();
      if (/^(?:styrelsen?|nämnden?|utskottet)$/i.test(m[1]!)) continue;
      // "Socialnämnden tillförs 15 miljoner för att:" is a sentence about the body, not a letterhead.
      // The body as the subject of a decision ("Kommunstyrelsen föreslår att kommunfullmäktige beslutar:") still names it.
      if (/^\p{Ll}{3,}/u.test(rest) && !/^(?:föreslår|beslutar|beslöt|beslutade|har\s+beslutat)\b/u.test(rest) && (rest.length > 25 || /[:.]$/u.test(rest))) continue;
      return { value: canonicalBody(m[1]!), rule: `organ i brevhuvud eller rubrik ("${squash(cell).slice(0, 60)}")`, confidence: 0.9 };
    }
  }
  // "Motion till kommunfullmäktige", "Interpellation i regionfullmäktige": the body the paper is addressed to.
  // (A protocol's page header in the running text is handled by findBodyInPageHeader.)
  for (const cell of headCells.slice(0, 200)) {
    const m = /^(?:motion(?:er)?|interpellation(?:er)?|fråga|svar\s+på\s+interpellation|ställd|skriftlig\s+fråga)\b.*?\s(?:till|i)\s+(?:\p{Lu}\p{Ll}+\s+)?((?:kommun|region)fullmäktige|kommunstyrelsen|regionstyrelsen)(?!\p{L})/iu.exec(cell);
    if (m) return { value: canonicalBody(m[1]!), rule: `adressering ("${squash(m[0]).slice(0, 60)}")`, confidence: 0.8 };
  }
  return null;
}

/**
 * The body a heading names with the meeting's date: "Reservation i Samhällsbyggnadsnämnden den 10 mars 2020",
 * "S i korthet, kommunstyrelsen 2022-01-24", "Skriftlig reservation till kommunfullmäktiges beslut 2013-11-18",
 * "KF 2009-09-21", "Kommunfullmäktiges septembermöte i korthet". Only heading lines: a short line or one
 * that starts with the paper's kind; "På KF den 31 oktober …" in a narrative sentence is not taken.
 */
export function findBodyInHeading(headText: string): Finding | null {
  const withDate = new RegExp(String.raw`(?<![\p{L}-])(${BODY_WORD}|KF|KS|RF|RS)(?:s\s+(?:beslut|sammanträde|möte))?,?\s+${DATE_AFTER}`, 'u');
  for (const line of headLinesOf(headText, 30).map((l) => squash(l))) {
    const heading = line.length <= 60 || (line.length <= 200 && HEADING_KIND.test(line));
    if (!heading) continue;
    const m = withDate.exec(line);
    if (m && !/^(?:styrelsen?|nämnden?|utskottet)$/iu.test(m[1]!)) {
      return { value: BODY_ABBREVIATIONS[m[1]!] ?? canonicalBody(m[1]!), rule: `organ och datum i rubriken ("${line.slice(0, 60)}")`, confidence: 0.85 };
    }
    const meeting = /^((?:Kommun|Region)fullmäktige|(?:Kommun|Region)styrelsen)s\s+\p{Ll}*(?:möte|sammanträde)\b/u.exec(line);
    if (meeting && line.length <= 80) return { value: meeting[1]!, rule: `mötets rubrik ("${line.slice(0, 60)}")`, confidence: 0.8 };
    // A post headed by the meeting it reports on: "Gårdagens möte i miljö- och byggnadsnämnden", "Rapport från KF i september".
    const reportOn = new RegExp(String.raw`^(?:\p{L}+\s+){0,2}?(?:möte(?:t)?|sammanträde(?:t)?|rapport|referat)\s+(?:i|från)\s+(${BODY_WORD}|KF|KS|RF|RS)(?![\p{L}-])`, 'iu').exec(line);
    if (reportOn && line.length <= 80 && !/^(?:styrelsen?|nämnden?|utskottet)$/iu.test(reportOn[1]!)) {
      return { value: BODY_ABBREVIATIONS[reportOn[1]!] ?? canonicalBody(reportOn[1]!), rule: `mötet i rubriken ("${line.slice(0, 60)}")`, confidence: 0.7 };
    }
  }
  return null;
}

/**
 * Weaker evidence from the text itself: a protocol heading "PROTOKOLL Kommunstyrelsen" (spaces sometimes
 * lost), a decision heading "Kommunfullmäktige beslutar", the notice "Kommunstyrelsens protokoll är justerat",
 * or a motion's "föreslår … kommunfullmäktige besluta". A body a sentence only mentions is not taken.
 */
export function findBodyInText(full: string, kind: string): Finding | null {
  const text = full.slice(0, 30000);
  const heading = new RegExp(String.raw`(?:^|\s)PROTOKOLL\s*(${BODY_WORD})(?![\p{Ll}])`, 'mu').exec(text)
    ?? new RegExp(String.raw`^(?:Nämnd|Organ|Beslutande organ|Instans):?[ \t]+(${BODY_WORD})[ \t]*$`, 'mu').exec(text);
  if (heading) return { value: canonicalBody(heading[1]!), rule: `protokollets rubrik ("${squash(heading[0]).slice(0, 50)}")`, confidence: 0.85 };
  const notice = new RegExp(String.raw`^(\p{Lu}\p{Ll}*(?:fullmäktige|styrelsen|nämnden|utskottet|beredningen))s protokoll är justerat`, 'mu').exec(text);
  if (notice) return { value: notice[1]!, rule: `anslag om justering ("${squash(notice[0])}")`, confidence: 0.75 };
  // A decision paragraph: "Kommunfullmäktige beslutar att motionen …" (a protocol's, or an excerpt's).
  const decision = new RegExp(String.raw`^(${BODY_WORD})\s+beslutar\b`, 'mu').exec(text);
  if (decision) return { value: canonicalBody(decision[1]!), rule: `beslutsformel ("${squash(decision[0])}")`, confidence: kind === 'protokoll' ? 0.75 : 0.6 };
  const proposed = /(?<!(?:styrelsen|nämnden|utskottet)\s{0,3})\bföreslå[rs]?\s+(?:\p{L}+\s+){0,3}?(?:att\s+)?(kommunfullmäktige|regionfullmäktige)\s+(?:skall\s+|ska\s+)?(?:att\s+)?besluta/u.exec(text);
  if (proposed) return { value: canonicalBody(proposed[1]!), rule: `förslag till beslut ("${squash(proposed[0])}")`, confidence: 0.7 };
  // A question or a paper put to the council: "ställs följande fråga till kommunfullmäktige".
  const putTo = /\b(?:fråga|frågor|frågan|interpellation|motion)\s+(?:\p{L}+\s+){0,2}?till\s+(kommunfullmäktige|regionfullmäktige|landstingsfullmäktige)(?![\p{L}])/u.exec(text);
  // Only a paper's own words: a page reporting on a motion "till regionfullmäktige" names no body of its own.
  if (putTo && (kind === 'interpellation' || kind === 'motion')) return { value: canonicalBody(putTo[1]!), rule: `ställd till fullmäktige ("${squash(putTo[0])}")`, confidence: 0.65 };
  return null;
}

/** The body named by a protocol page header left in the text: "Kommunstyrelsen" followed by "Protokoll nr 13". */
export function findBodyInPageHeader(full: string): Finding | null {
  const m = /^((?:Kommun|Region)(?:fullmäktige|styrelsen)|\p{Lu}[\p{Ll}-]*nämnden)\s*\n(?:\s*\n)*(?:[^\n]{0,40}\n(?:\s*\n)*)?Protokoll nr \d+/mu.exec(full);
  return m ? { value: m[1]!, rule: `protokollets sidhuvud ("${m[1]}")`, confidence: 0.85 } : null;
}

/** A web page's publication line, not the paper's date: "onsdag 28 september 2016", "Publicerad 3 maj 2019", "Sidan uppdaterades …", a theme timestamp. */
const PUBLICATION_RE = /^(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?\s+\d{1,2}\s+\p{L}+\s+\d{4}$|(?<!\p{L})(?:publicerad|publicerat|publicerades|uppdaterad|uppdaterat|uppdaterades|senast ändrad|skriven|postad|inlägg)(?!\p{L})|\d{4}-\d{2}-\d{2}T\d{2}:/iu;
/** A date alone in long form ("4 juni 2016") above a paper's heading is how blogs date their posts. */
const BARE_LONG_DATE_RE = /^\d{1,2}\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)\s+\d{4}$/iu;

/**
 * The document's own date, the candidates weighed: a label ("Sammanträdesdatum:", "Datum", "Sammanträdestid",
 * or a flattened column where "Datum:" follows its value), then the body with its meeting date
 * ("Barn- och utbildningsnämnden den 1 juni 2016", "KF 2009-09-21"), then a letterhead or date line of the
 * head (not a sentence, not a web page's publication line), then the dated signature. A date alone in long
 * form above the heading (a blog's post date) counts only when nothing else dates the paper.
 */
export function findDocumentDate(headText: string, full: string, signatureDate: string | null = null): Finding | null {
  const labelled = /(?:Sammanträdesdatum|Sammanträdestid|Sammanträde|Datum):?\s*(\S.{0,30})/u.exec(headText)
    ?? /(?:Sammanträdesdatum|Sammanträdestid):?\s*(\S.{0,30})|(?:^|\n)Datum:?[ \t]*(\d{4}-\d{2}-\d{2}|\d{1,2} \p{L}+ \d{4})/u.exec(full.slice(0, 20000));
  if (labelled) {
    const d = findDate(labelled[1] ?? labelled[2]!);
    if (d) return { value: d.date, rule: `datumrad ("${squash(labelled[0]).slice(0, 50)}")`, confidence: 0.95 };
  }
  const lines = headLinesOf(headText, 60);
  // The head may stop before a protocol's flattened column list: look a little further for those.
  const opening = headLinesOf(full.slice(0, 3000), 60);
  for (const [i, line] of opening.entries()) {
    if (/^(?:Datum|Sammanträdesdatum):?$/u.test(opening[i + 1] ?? '') && /^\S+(?:\s\S+){0,2}$/u.test(line)) {
      const d = findDate(line);
      if (d) return { value: d.date, rule: `datumrad, etiketten efter värdet ("${line}")`, confidence: 0.9 };
    }
  }
  for (const [i, line] of lines.entries()) {
    // PDF columns flattened one value a line: "2015-04-16" then "Datum:".
    if (/^(?:Datum|Sammanträdesdatum):?$/u.test(lines[i + 1] ?? '') && /^\S+(?:\s\S+){0,2}$/u.test(line)) {
      const d = findDate(line);
      if (d) return { value: d.date, rule: `datumrad, etiketten efter värdet ("${line}")`, confidence: 0.9 };
    }
  }
  const meeting = new RegExp(String.raw`(?<![\p{L}-])(?:${BODY_WORD}|KF|KS|RF|RS)(?:s\s+(?:beslut|sammanträde|möte))?,?\s+((?:den\s+)?(?:\d{1,2}\s+\p{Ll}+\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\s*-?\s*\d{2,4}))`, 'u');
  for (const line of lines.slice(0, 30).map((l) => squash(l))) {
    if (line.includes('|')) continue;
    const heading = line.length <= 80 || (line.length <= 200 && HEADING_KIND.test(line));
    // "Svar på interpellation ställd i kommunfullmäktige den 12 maj" dates the question, not the answer.
    const m = heading && !/^Svar\b/iu.test(line) ? meeting.exec(line) : null;
    const d = m ? findDate(m[1]!) : null;
    if (d) return { value: d.date, rule: `organ och sammanträdesdatum ("${squash(m![0]).slice(0, 60)}")`, confidence: 0.9 };
  }
  let blogDate: Finding | null = null;
  const published = new Set<string>();
  let above = '';
  for (const raw of lines) {
    const line = raw.trim();
    // "Publicerad" on its own line dates the line below it, which is the page's date too.
    const underLabel = (PUBLICATION_RE.test(above) && !findDate(above)) || (/:$/u.test(above) && repeatedField(above, full));
    if (line) above = line;
    if (line.includes('|') || PUBLICATION_RE.test(line) || underLabel || repeatedField(line, full)) {
      const d = findDate(line);
      if (d) published.add(d.date);
      continue;
    }
    const sentence = !line.includes('\t') && (line.length > 70 || (line.length > 25 && /\.$/.test(line)));
    if (sentence) continue;
    const d = findDate(line);
    if (!d) {
      // A letterhead cell of six digits beside the kind or the ärende ("250315⇥Ärende 19").
      const compact = line.includes('\t') ? line.split('\t').map(compactDate).find((c): c is string => c !== null) : null;
      if (compact && lines.indexOf(raw) < 12) return { value: compact, rule: `sexsiffrigt datum i brevhuvudet ("${squash(line).slice(0, 50)}")`, confidence: 0.6 };
      continue;
    }
    if (BARE_LONG_DATE_RE.test(line)) {
      blogDate ??= { value: d.date, rule: `ensamt datum ovanför rubriken ("${line}")`, confidence: 0.5 };
      continue;
    }
    return { value: d.date, rule: `datum i huvudet ("${squash(line).slice(0, 50)}")`, confidence: 0.8 };
  }
  // A short page's publication line, or the footer's "Sidan uppdaterades …", can look like a dated signature.
  let previous = '';
  for (const line of full.slice(-1500).split('\n').slice(-20)) {
    // A label on a line of its own dates the line below: "Publicerad" / "19 december 2022", "Inkommen datum:" / "2018-12-10".
    const labelled = /^\s*\p{L}[\p{L} ]{0,30}:\s*$/u.test(previous) || (PUBLICATION_RE.test(previous) && !findDate(previous));
    // A register's field ("Inkommen datum: 2018-12-10") is no signature's date either.
    const field = /^\s*(?!datum\b)\p{L}[\p{L} ]{0,30}:\s*\S/iu.test(line);
    if (PUBLICATION_RE.test(line) || labelled || field) {
      const d = findDate(line);
      if (d) published.add(d.date);
    }
    if (line.trim()) previous = line;
  }
  if (signatureDate && !published.has(signatureDate)) {
    return { value: signatureDate, rule: 'datum i underskriften', confidence: signatureDate === blogDate?.value ? 0.85 : 0.8 };
  }
  return blogDate;
}

/** A register's field ("Inkommen datum: 2018-12-10") whose label recurs in the text: a row of a list, not the head. */
function repeatedField(line: string, full: string): boolean {
  const label = /^(?!datum\b)(\p{L}[\p{L} ]{0,30}):/iu.exec(line)?.[1];
  if (!label) return false;
  let count = 0;
  for (let at = full.indexOf(`${label}:`); at >= 0 && count < 2; at = full.indexOf(`${label}:`, at + 1)) count++;
  return count >= 2;
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
  return t || null;
}

/** Diarienummer from "Dnr KS-2017/64", "Diarienummer: 1435/22", "Ärendenummer SLK-2023-00829" or a bare code in the head. */
export function findDiarienummer(headText: string, full: string): Finding | null {
  const labelled = /(?<!\p{L})(?:Dnr|Diarienr|[Dd]iarienummer|Ärendenummer|Ärendenr|Ärende nr(?=[.:]?\s*[A-ZÅÄÖ])|Vårt dnr|Dnr\.)[.:]?\s*((?:[A-ZÅÄÖ]{1,8}[- ]?)?\d{2,4}[-/.:]\d{1,6}(?:[-/.:]\d{1,6})?)/u;
  const m = labelled.exec(headText) ?? labelled.exec(full.slice(0, 3000));
  if (m) return { value: m[1]!.replace(/[.:]$/, ''), rule: `märkt diarienummer ("${squash(m[0])}")`, confidence: 0.9 };
  const bare = /(?<![\p{L}\d/-])([A-ZÅÄÖ]{2,6}-\d{4}-\d{3,6}|[A-ZÅÄÖ]{2,6}[- ]\d{4}\/\d{1,5})(?![\d/])/u.exec(headText);
  return bare ? { value: bare[1]!, rule: `omärkt diarienummer i huvudet ("${bare[1]}")`, confidence: 0.65 } : null;
}

/** A Riksdag session "2013/14", "1999/2000" followed by a number ("2013/14:109", "2020/21:MJU3", "1991/92 BoU2y"). */
const RIKSMOTE_RE = /(?<![\d/])(\d{4})\/(\d{2}|\d{4})(?::\s?|\s)(?:\p{Lu}\p{L}{0,4})?\d+/u;
const RIKSDAG_DOC_RE = new RegExp(String.raw`(?:^|\s)(?:Interpellation|Motion|Protokoll(?:\s+utskottssammanträde)?|UTSKOTTSSAMMANTRÄDE|Yttrande|Betänkande|Skriftlig fråga|Fråga|Proposition|Skrivelse|Svar på (?:interpellation|skriftlig fråga|fråga)|Riksdagens protokoll|\p{L}+utskottets\s+(?:betänkande|yttrande|protokoll))\s+${RIKSMOTE_RE.source}`, 'u');

function riksmoteOf(m: RegExpExecArray | null): string | null {
  if (!m) return null;
  const first = +m[1]!;
  const second = m[2]!.length === 4 ? +m[2]! : Math.floor((first + 1) / 100) * 100 + +m[2]!;
  return second === first + 1 ? `${m[1]}/${m[2]}` : null;
}

export interface Parliament {
  /** The session, "2013/14", when the text gives it. */
  riksmote: string | null;
  rule: string;
  confidence: number;
}

/**
 * Is this a Riksdag document? A session number in the head ("Interpellation 2013/14:109",
 * "Riksdagens protokoll 2005/06:80", "2013/14:109 Titel"), a "RIKSDAGEN" letterhead or "Motion till
 * riksdagen"; failing those, an interpellation whose questions go to a minister ("fråga statsrådet …").
 */
/** The Riksdag's committees, now and earlier; a municipality's "arbetsutskott" is none of them. */
const RIKSDAG_COMMITTEES = '(?:Arbetsmarknads|Bostads|Civil|Finans|Försvars|Jordbruks|Justitie|Konstitutions|Kultur|Lag|Miljö- och jordbruks|Närings|Skatte|Socialförsäkrings|Social|Trafik|Utbildnings|Utrikes|Sammansatta \\p{L}+- och \\p{L}+)utskottets';
const RIKSDAG_COMMITTEE_PAPER = new RegExp(`^${RIKSDAG_COMMITTEES}\\s+(?:betänkande|yttrande|utlåtande|protokoll)(?![\\p{L}])`, 'u');

export function findParliament(headText: string, full: string, kind: string): Parliament | null {
  let riksmote: string | null = null;
  let rule: string | null = null;
  for (const line of headLinesOf(headText).map((l) => l.replace(/\t/g, ' '))) {
    const doc = RIKSDAG_DOC_RE.exec(line);
    const lead = doc ? null : RIKSMOTE_RE.exec(line);
    const session = riksmoteOf(doc ? (RIKSMOTE_RE.exec(doc[0]) as RegExpExecArray) : lead && lead.index === 0 ? lead : null);
    if (session) {
      riksmote ??= session;
      rule ??= `riksmötesnummer i huvudet ("${squash(line).slice(0, 60)}")`;
    }
    if (!rule && /^(?:RIKSDAGEN|Sveriges riksdag|Motion till riksdagen|Riksdagens protokoll\b.*)$/u.test(line)) rule = `riksdagens brevhuvud ("${line.slice(0, 60)}")`;
    // "Konstitutionsutskottets betänkande": a committee of the Riksdag heads its own paper.
    if (!rule && RIKSDAG_COMMITTEE_PAPER.test(line)) rule = `utskottets rubrik ("${squash(line).slice(0, 60)}")`;
    if (riksmote && rule) break;
  }
  if (rule) return { riksmote, rule, confidence: riksmote ? 0.97 : 0.9 };
  if (kind !== 'protokoll' && /\bvill\b[^.\n]{0,60}\bfråga\s+(?:statsrådet|statsministern|(?:[\p{Ll}-]+\s+och\s+)?[\p{Ll}-]*minister(?:n)?)(?!\p{L})/u.test(full.slice(0, 20000))) {
    return { riksmote: null, rule: 'interpellation ställd till ett statsråd', confidence: 0.7 };
  }
  // A motion asking the chamber to tell the government something is a Riksdag motion.
  if (kind === 'motion' && /\b(?:riksdagen\s+ställer\s+sig\s+bakom|tillkännager\s+(?:detta\s+)?för\s+regeringen|regeringen\s+bör\s+(?:\p{L}+\s+){0,3}?återkomma\s+till\s+riksdagen)(?![\p{L}])/iu.test(full.slice(0, 20000))) {
    return { riksmote: null, rule: 'motion som vill att riksdagen säger något till regeringen', confidence: 0.7 };
  }
  return null;
}

/** The utskott a Riksdag document names as its own: "Tilldelat Lagutskottet", "MILJÖ- OCH JORDBRUKSUTSKOTTET", "Bostadsutskottets yttrande". */
export function findUtskott(headText: string, full: string): Finding | null {
  const assigned = /(?:^|\n)Tilldelat[ \t]*\n?[ \t]*(\p{Lu}[\p{Ll}-]*(?: och [\p{Ll}-]+)?utskottet)\b/u.exec(full.slice(0, 4000));
  if (assigned) return { value: assigned[1]!, rule: `tilldelat utskott ("${assigned[1]}")`, confidence: 0.9 };
  for (const line of headLinesOf(headText).map((l) => l.replace(/\t/g, ' '))) {
    const caps = /^(\p{Lu}[\p{Lu}-]*(?: OCH [\p{Lu}-]+)?UTSKOTTET)$/u.exec(line);
    if (caps) return { value: capitalise(caps[1]!.toLocaleLowerCase('sv')), rule: `utskottets brevhuvud ("${line}")`, confidence: 0.9 };
    const own = /^(\p{Lu}[\p{Ll}-]*(?: och [\p{Ll}-]+)?utskotte)ts\s+(?:betänkande|yttrande|protokoll)\b/u.exec(line);
    if (own) return { value: `${own[1]}t`, rule: `utskottets rubrik ("${squash(line).slice(0, 60)}")`, confidence: 0.85 };
  }
  return null;
}

/**
 * A Riksdag document's date: "Inlämnad"/"Inlämning" (the event list), the head's "den 20 maj" or
 * "Inkom den 3 oktober" placed in its session, the protocol's "Måndagen den 6 mars", a "DATUM" label.
 * Letters and dates quoted further down are other documents' dates.
 */
export function findRiksdagDate(headText: string, full: string, riksmote: string | null, furnitureDates: string[] = []): Finding | null {
  const events = full.slice(0, 6000);
  const filed = /(?:^|\n)(Inlämnad|Inlämning)[ \t]*:?[ \t]*(?:\n[ \t]*)?(\d{4}-\d{2}-\d{2})?/u.exec(events);
  if (filed) {
    const d = filed[2] ? findDate(filed[2]) : null;
    if (d) return { value: d.date, rule: `${filed[1]!.toLocaleLowerCase('sv')} ("${filed[2]}")`, confidence: 0.95 };
    // The event dates repeat on the page, so the normaliser may have kept them as furniture: filing comes first.
    const dates = furnitureDates.filter((x) => /^\d{4}-\d{2}-\d{2}$/u.test(x)).sort();
    if (dates[0]) return { value: dates[0], rule: `${filed[1]!.toLocaleLowerCase('sv')}: den tidigaste händelsens datum ("${dates[0]}")`, confidence: 0.8 };
  }
  const lines = headLinesOf(headText).map((l) => l.replace(/\t/g, ' '));
  if (riksmote) {
    for (const line of lines) {
      const m = /^(?:Inkom\s+)?den\s+\d{1,2}\s+\p{L}+/iu.exec(line) ?? /^(?:Riksdagens protokoll\s+\S+\s+)?(?:Mån|Tis|Ons|Tors|Fre|Lör|Sön)dagen\s+den\s+\d{1,2}\s+\p{L}+$/iu.exec(line);
      if (!m) continue;
      const date = dateFromRiksmote(m[0], riksmote);
      if (date) return { value: date, rule: `dag i huvudet i riksmötet ${riksmote} ("${m[0]}")`, confidence: 0.85 };
    }
  }
  for (const [i, line] of lines.entries()) {
    const m = /^(?:DATUM|Datum):?\s*(.*)$/u.exec(line);
    if (!m) continue;
    const d = findDate(m[1]!) ?? findDate(lines.slice(i + 1).find((l) => l !== '') ?? '');
    if (d) return { value: d.date, rule: `datumrad i huvudet ("${d.date}")`, confidence: 0.85 };
  }
  // A committee's paper is dated where it is signed: "Stockholm den 11 maj 2006" above "På konstitutionsutskottets vägnar".
  const signed = /(?:^|\n)Stockholm\s+den\s+(\d{1,2}\s+\p{L}+\s+\d{4})[ \t]*\n[ \t]*På\s+\p{L}+(?:-\s+och\s+\p{L}+)?utskottets\s+vägnar/u.exec(full);
  const d = signed ? findDate(signed[1]!) : null;
  if (d) return { value: d.date, rule: `utskottets underskrift ("Stockholm den ${signed![1]}")`, confidence: 0.85 };
  return null;
}

/** The committee chair who signs a betänkande or yttrande "På X-utskottets vägnar": its signatory. */
export function findCommitteeSigner(full: string): Signatory | null {
  const m = /(?:^|\n)På\s+(\p{L}+(?:-\s+och\s+\p{L}+)?utskottets)\s+vägnar[ \t]*\n[ \t]*(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,3})[ \t]*(?:\n|$)/u.exec(full);
  return m ? { name: m[2]!, party: null, role: null } : null;
}
