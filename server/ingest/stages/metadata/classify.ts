/**
 * Classifies a document's kind from its head as a whole, with a confidence, the reasons and the runner-up.
 * Every kind collects weighted evidence: heading words and where they stand (the first lines weigh most),
 * the body's speech acts ("Jag föreslår kommunfullmäktige …", "vill jag fråga …", "har frågat mig",
 * "Vi reserverar oss"), the record's furniture (§ headings, "Justerandes sign") and, for pages that only
 * report on, quote or list documents, evidence for `ovrigt`. Pure and bounded: only the first paragraphs
 * and the tail are read. Never writes anything.
 */
import type { DocumentKind } from '../../types.js';
import type { Paragraph } from './lines.js';

/**
 * JavaScript's `\b` knows only ASCII letters, so "motion\b" matches "Motionärerna": every pattern here has
 * its word-final `\b` rewritten as "no letter follows", which knows å, ä and ö. A word-initial `\b` stays:
 * it is fast, and wrong only after a non-ASCII letter, which no pattern here needs.
 */
function sv(re: RegExp): RegExp {
  const flags = re.flags.includes('u') ? re.flags : `${re.flags}u`;
  // A `\b` followed by a letter, a group or an escape starts a word; any other ends one.
  const source = re.source.replace(/\\b(?![\p{L}(\\[])/gu, '(?![\\p{L}\\p{N}_])');
  return new RegExp(source, flags);
}

export interface KindSuggestion {
  kind: DocumentKind;
  confidence: number;
  /** The evidence that decided, strongest first, in Swedish for the reviewer. */
  reason: string;
  /** True when no heading named the kind and it was guessed from other signals. */
  inferred: boolean;
  /** The page reports on, quotes or lists documents and was taken as `ovrigt` for that. */
  nonDocument: boolean;
  /** The next best kind and its score, so a reviewer sees what else the text supported. */
  runnerUp: { kind: DocumentKind; score: number; reason: string } | null;
  /** The chosen kind's score (sum of its evidence weights). */
  score: number;
}

type Hit = { kind: DocumentKind; weight: number; reason: string; heading?: boolean; group?: string; answer?: boolean };
type HeadingEntry = { kind: DocumentKind; weight: number; reason: string; pos: number; index: number; text: string };

/** A protocol paragraph's opening: "§ 12", "12 §" (Riksdag), "KS § 12" (an organ's abbreviation first). */
const SECTION_START = /^(?:\p{Lu}{2,6}\s+)?(?:§\s*\d+|\d+\s*§)(?:\s+|$)/u;
const DOCUMENT_KINDS_NAMED: DocumentKind[] = ['interpellation', 'interpellationssvar', 'motion', 'reservation', 'yrkande', 'protokollsanteckning', 'sarskilt_yttrande', 'yttrande'];
const SECTION_REASON = 'protokollsparagraf';
const PLURAL_REASON = 'rubrik i plural ("Motioner", "Interpellationer"): en lista';

/**
 * Turns head lines into heading evidence, weighing them against each other: a "§ 12" line under a paper's
 * own kind heading is its ärende reference, not a protocol; a kind named under a protocol's opening "§" is the
 * paragraph's subject (when the record shows its other parts); a row of a list is no heading; a plural
 * heading over a single paper of that kind is a list page's frame.
 * Returns where (paragraph index) each kind is first named.
 */
function placeHeadings(entries: HeadingEntry[], rows: Set<string>, protocolBody: boolean, hits: Hit[]): Map<DocumentKind, number> {
  const listed = rows.size;
  const firstDoc = Math.min(...entries.filter((e) => DOCUMENT_KINDS_NAMED.includes(e.kind)).map((e) => e.pos));
  // Only a record that shows its other parts (decision, justering, several §§) makes the opening "§" a protocol's.
  const openingSection = protocolBody ? entries.find((e) => e.reason === SECTION_REASON && e.pos <= 1) : undefined;
  const headingAt = new Map<DocumentKind, number>();
  for (const e of entries) {
    let weight = e.weight;
    let reason = `${e.reason} (rad ${e.pos + 1}: "${squashShort(e.text)}")`;
    if (e.reason === SECTION_REASON && e.pos > firstDoc) continue;
    // A row of a list of documents ("Motion om A (S)", "Motion om B (M)", …) is not the page's heading.
    // Nor, in a list, a column header that is the bare kind word ("Motion", "Inkom", "Motionärer").
    const bare = e.text.replace(/^[\s•·▪*\-–]+/u, '').slice(0, 200);
    if (listed && DOCUMENT_KINDS_NAMED.includes(e.kind) && (rows.has(bare) || /^\p{L}+:?$/u.test(bare))) continue;
    if (DOCUMENT_KINDS_NAMED.includes(e.kind) && ((openingSection && e.pos >= openingSection.pos) || SECTION_START.test(e.text))) {
      // "§ 45 Svar på interpellation …" names the paragraph's subject; only the answer's own words make it the answer.
      weight *= 0.6;
      reason += ', under protokollsparagrafen';
    }
    if (e.reason === PLURAL_REASON && listed < 3) {
      const word = /^(?:\p{L}+\s+)?(interpellation|motion|reservation|yrkande)/iu.exec(e.text.replace(/^[\s*#•·▪\-–]+/u, ''))?.[1]?.toLocaleLowerCase('sv');
      if (word && entries.some((o) => o.pos > e.pos && o.kind === word)) {
        weight *= 0.4;
        reason += ', över ett enda dokument';
      }
    }
    hits.push({ kind: e.kind, weight, reason, heading: e.kind !== 'ovrigt', group: e.reason === PLURAL_REASON ? 'lista' : undefined });
    if (!headingAt.has(e.kind)) headingAt.set(e.kind, e.index);
  }
  return headingAt;
}

const KIND_WORDS = '(interpellation|motion|reservation|fråga|yrkande|protokollsanteckning|särskilt yttrande|yttrande)';

/**
 * Heading patterns, tried on the start of each head line and column cell (after bullets, a body name and
 * a qualifier such as "Skriftlig"). Weight before the position factor.
 */
const HEADINGS_AS_WRITTEN: Array<[RegExp, DocumentKind, number, string]> = [
  [/^svar\s+på\s+(?:\S+\s+){0,5}?interpellation(?:en)?(?!\p{L})/iu, 'interpellationssvar', 4.5, '"Svar på interpellation" i rubriken'],
  [/^interpellationssvar\b/iu, 'interpellationssvar', 4.5, '"Interpellationssvar" i rubriken'],
  [/^svar\s+på\s+(?:\S+\s+){0,5}?(?:enkel\s+|skriftlig\s+)?fråga\b/iu, 'interpellationssvar', 3, '"Svar på fråga" i rubriken'],
  [/^svar\s+(?:från|av)\s+\p{Lu}/u, 'interpellationssvar', 2.5, '"Svar från …" i rubriken'],
  [/^svar\s*:?$/iu, 'interpellationssvar', 2, '"Svar" som egen rubrik'],
  // An answer to a motion is a decision paper about it, not the motion.
  [/^svar\s+på\s+motion/iu, 'ovrigt', 1.5, '"Svar på motion" i rubriken (beslutsunderlag, inte motionen)'],
  [/^(?:(?:två|tre|fyra|fem|sex|\d+|våra|inkomna|inlämnade|lagda|besvarade|obesvarade|pågående|aktuella|anmälda|alla)\s+)?(?:interpellationer|motioner|reservationer|yrkanden)\b/iu, 'ovrigt', 2.5, PLURAL_REASON],
  [/^besvarande\s+av\s+(?:\S+\s+){0,3}?interpellation/iu, 'interpellationssvar', 4.5, '"Besvarande av interpellation" i rubriken'],
  // OCR reads the capital I as l or 1.
  [/^[il1|]nterpellation\b/iu, 'interpellation', 4, '"Interpellation" i rubriken'],
  [/^\d{4}\/(?:\d{2}|\d{4}):\d+\s+av\s/u, 'interpellation', 3, 'Riksdagens rubrikform "1994/95:2 av …"'],
  [/^enkel\s+fråga\b/iu, 'interpellation', 3, '"Enkel fråga" i rubriken (närmast en interpellation)'],
  [/^(?:enkel\s+)?fråga\s+(?:av|från|till|\d{4}\/(?:\d{2}|\d{4}):\d+)\s/iu, 'interpellation', 2.5, '"Fråga av/till …" i rubriken (närmast en interpellation)'],
  [/^fråga\s+(?:om|angående|gällande|rörande)\s/iu, 'interpellation', 1.2, '"Fråga om …" i rubriken'],
  [/^protokollsanteckning\b/iu, 'protokollsanteckning', 4, '"Protokollsanteckning" i rubriken'],
  [/^särskil(?:t|da)\s+yttrande/iu, 'sarskilt_yttrande', 4, '"Särskilt yttrande" i rubriken'],
  [/^reservation\b/iu, 'reservation', 4, '"Reservation" i rubriken'],
  [/^(?:tilläggs|ändrings|återremiss|motivations|ersättnings|avslags|bifalls)?yrkande\b/iu, 'yrkande', 4, '"Yrkande" i rubriken'],
  [/^(?:kommitté|parti|följd|flerparti)?motion\b/iu, 'motion', 4, '"Motion" i rubriken'],
  [/^yttrande\b/iu, 'yttrande', 4, '"Yttrande" i rubriken'],
  [/^riksdagens\s+protokoll\b/iu, 'protokoll', 4.5, '"Riksdagens protokoll" i rubriken'],
  [/^(?:protokoll(?:sutdrag)?|sammanträdesprotokoll|justerat\s+protokoll|utdrag\s+ur\s+(?:\p{L}+\s+)?protokoll(?:et)?|\p{L}+s\s+(?:sammanträdes)?protokoll)\b/iu, 'protokoll', 4, '"Protokoll" i rubriken'],
  [SECTION_START, 'protokoll', 3.5, SECTION_REASON],
  // An agenda item ("25. Motion av …") names a document the meeting handles; the page is not that document.
  [/^\d{1,3}\.\s+(?:interpellation|motion|fråga|svar\s+på)\b/iu, 'ovrigt', 2, 'dagordningspunkt ("25. Motion …")'],
  [/^(?:\p{L}+s\s+)?betänkande\b/iu, 'ovrigt', 4, 'betänkande (ingen egen dokumenttyp)'],
  [/^(?:pressmeddelande\b|prm\s*:)/iu, 'ovrigt', 3.5, 'pressmeddelande'],
  [/^(?:kallelse|föredragningslista|dagordning)\b/iu, 'ovrigt', 3, 'kallelse eller föredragningslista'],
  [/^(?:tjänsteskrivelse|tjänsteutlåtande|medborgarförslag|e-förslag)\b/iu, 'ovrigt', 2.5, 'tjänsteskrivelse eller medborgarförslag (ingen partihandling)'],
  [/^(?:nyhet(?:er)?|debattartikel|insändare|krönika|blogginlägg)$/iu, 'ovrigt', 1.5, 'nyhets- eller bloggsida'],
];
const HEADINGS = HEADINGS_AS_WRITTEN.map(([re, ...rest]) => [sv(re), ...rest] as (typeof HEADINGS_AS_WRITTEN)[number]);

/** A body name may stand before the kind in a letterhead: "Kommunstyrelsen Yrkande (S, V)". */
const BODY_PREFIX = /^(?:\p{L}+-\s(?:och|samt)\s)?\p{L}*(?:fullmäktige|styrelsen|nämnden|beredningen|utskottet)\s+/iu;
/** Words that qualify a kind without changing it: "Skriftlig reservation", "Enskild motion". */
const QUALIFIER = /^(?:skriftlig|gemensam|enskild|muntlig|ny|reviderad)\s+/iu;

function headingHits(cell: string): Array<[DocumentKind, number, string]> {
  const text = cell.replace(/^[\s*#•·▪\-–]+/u, '').slice(0, 300);
  const out: Array<[DocumentKind, number, string]> = [];
  // "§ 5 Svar på interpellation …": the paragraph's title names a kind too.
  const section = text.replace(SECTION_START, '');
  for (const candidate of new Set([text, text.replace(BODY_PREFIX, ''), text.replace(QUALIFIER, ''), section])) {
    for (const [re, kind, weight, reason] of HEADINGS) {
      if (re.test(candidate)) { out.push([kind, weight, reason]); break; }
    }
  }
  return out;
}

/** 1 on the first line, falling to 0.3 by the eleventh: where a kind is named matters. */
function linePosition(pos: number): number {
  return Math.max(0.3, 1 - pos * 0.07);
}

/** Paragraph position for speech acts: an answer speech at the end of an interpellation page is the debate, not the page. */
function paragraphPosition(index: number): number {
  return Math.max(0.25, 1 - index * 0.04);
}

/** Body speech acts, tested on each of the first paragraphs: [pattern, kind, weight, reason, weighed by position]. */
const SPEECH: Array<[RegExp, DocumentKind, number, string, boolean]> = [
  [/\b(?:jag|vi)\s+(?:föreslår|yrkar)(?:\s+därför)?(?:\s+att)?\s+(?:kommun|region|landstings)?fullmäktige\b/iu, 'motion', 2, '"Jag föreslår kommunfullmäktige …"', false],
  [/\b(?:föreslår|yrkar)\s+(?:jag|vi)\b[^.!?]{0,60}?\bfullmäktige\b/iu, 'motion', 2, '"… föreslår jag kommunfullmäktige"', false],
  [/\bföreslås\s+(?:kommun|region|landstings)?fullmäktige\b/iu, 'motion', 1.5, '"föreslås kommunfullmäktige"', false],
  [/\b(?:denna|min|vår|föreliggande)\s+motion\b/iu, 'motion', 1.5, '"denna motion"', false],
  [/^förslag\s+till\s+riksdagsbeslut\b/iu, 'motion', 2, '"Förslag till riksdagsbeslut"', false],
  // The Riksdag's motion formulas: what the chamber is asked to state, and the government's errand.
  [/\bställer\s+sig\s+bakom\s+det\s+som\s+anförs\s+i\s+motionen\b/iu, 'motion', 3, '"Riksdagen ställer sig bakom det som anförs i motionen"', false],
  [/\bregeringen\s+bör\s+(?:\p{L}+\s+){0,3}?återkomma\s+till\s+riksdagen\b|\båterkomma\s+till\s+riksdagen\s+med\s+(?:\p{L}+\s+){0,3}?förslag/iu, 'motion', 1.4, '"Regeringen bör återkomma till riksdagen med förslag"', false],
  // A party or a person asking the council in the third person ("Vår Framtid yrkar därför på att fullmäktige beslutar").
  [/\b(?:yrkar|föreslår)\s+(?:\p{L}+\s+){0,2}?(?:på\s+)?att\s+(?:kommun|region|landstings)?fullmäktige\s+(?:beslutar|besluta)\b/iu, 'motion', 1.5, '"… yrkar att fullmäktige beslutar"', false],
  // A speech at the meeting that ends by moving ("Bifall motionen."): a yrkande.
  [/^(?:(?:jag|vi)\s+yrkar\s+)?bifall\s+(?:till\s+)?(?:motionen|förslaget|medborgarförslaget|initiativet|interpellationen)[.!]?$/iu, 'yrkande', 2, '"Bifall till motionen" som eget stycke', false],
  [/^motion\s+till\s+(?:\p{L}+\s+)?(?:kommun|region|landstings)?(?:fullmäktige|riksdagen)\b/iu, 'motion', 1.5, '"Motion till fullmäktige"', false],
  [/^ställd\s+till\s+(?:\p{L}+\s+)?(?:kommun|region|landstings)?fullmäktige\b/iu, 'motion', 1.5, 'ställd till fullmäktige', false],
  [/\b(?:jag|vi)\s+yrkar\b|\byrkar\s+(?:jag|vi)\b/iu, 'yrkande', 1.2, '"Vi yrkar …"', false],
  [/\bställ(?:s|er\s+(?:jag|vi))\s+(?:härmed\s+)?följande\s+fråg\p{L}*\s+till\b/iu, 'interpellation', 2, '"ställs följande frågor till …"', false],
  [/^(?:jag|vi)\s+(?:har|vill|ställer)\s+(?:därför\s+|härmed\s+)?(?:ställa\s+)?följande\s+frågor?\s+till\b/iu, 'interpellation', 2, '"Jag har följande frågor till …"', false],
  // A question put to the person addressed ("Avser ministern att …?", "Vad avser du att göra …?").
  [/^(?:[-–•]\s*)?(?:\d{1,2}[.)]\s*)?(?:vad|hur|när|vilka|vilken|vilket|på\s+vilket\s+sätt|avser|tänker|ämnar|kommer|är|anser|har|kan|delar)\b[^?]{0,300}?\b(?:\p{L}*ministern|statsrådet|statsrådets|\p{L}*ordföranden|\p{L}*rådet|du|ni|regeringen)\b[^?]{0,400}\?$/iu, 'interpellation', 1.5, 'fråga ställd till den tillfrågade ("Avser ministern att …?")', false],
  [/\bjag\s+vill\b[^.!?]{0,80}?\bfråga\b|\bvill\s+jag\b[^.!?]{0,40}?\bfråg/iu, 'interpellation', 2, '"vill jag fråga …"', false],
  [/\bfrågar\s+jag\b|\bjag\s+frågar\b/iu, 'interpellation', 2, '"frågar jag …"', false],
  [/\b(?:denna|min|föreliggande)\s+interpellation\b|\bi\s+interpellationen\s+beskriv/iu, 'interpellation', 1, '"denna interpellation"', false],
  [/^mina?\s+frågor?\s+(?:till\s+[^:]{1,60}\s+)?(?:är|blir)\b/iu, 'interpellation', 1.5, '"Min fråga är"', false],
  [/\b(?:tack|tackar)\s+för\s+(?:din\s+|er\s+|denna\s+)?(?:interpellation|frågorna\b|dina\s+frågor\b)/iu, 'interpellationssvar', 4, '"Tack för interpellationen"', true],
  [/\b(?:jag|vi)\s+reserverar\s+(?:mig|oss)\b|\breserverar\s+(?:jag|vi)\s+(?:mig|oss)\b/iu, 'reservation', 2.5, '"Vi reserverar oss"', false],
  [/\b(?:jag|vi)\s+(?:vill|önskar)\s+(?:\p{L}+\s+){0,2}(?:göra|lämna|anteckna|få)\s+(?:följande\s+|en\s+)?protokollsanteckning/iu, 'protokollsanteckning', 2, '"Vi vill göra en protokollsanteckning"', false],
  [/\b(?:jag|vi)\s+(?:vill|önskar)\s+(?:\p{L}+\s+){0,2}(?:lämna|avge|göra)\s+(?:följande\s+|ett\s+)?särskil(?:t|da)\s+yttrande/iu, 'sarskilt_yttrande', 2, '"Vi vill lämna ett särskilt yttrande"', false],
  // The record of a meeting: a decision formula opening a paragraph, a reservation told in the third person.
  [/^(?:\p{L}+s\s+)?\p{L}*(?:fullmäktige|styrelsen|nämnden|utskottet)\s+beslutar\b/iu, 'protokoll', 1.2, 'beslutsformel ("Kommunfullmäktige beslutar …")', false],
  [/\bmot\s+beslutet\s+reserverar\s+sig\b|\breserverar\s+sig\s+mot\s+beslutet\b/iu, 'protokoll', 1, 'reservation i tredje person ("reserverar sig")', false],
];

/**
 * The answerer's opening, with the asker named ("Lars Beckman har frågat mig", "Karin Ek (KD) har ställt
 * följande frågor till mig", "Interpellanten har frågat mig"): read in the text as written, since "Många
 * föräldrar har frågat mig" in an interpellation's own prose is no answer.
 */
const ASKED_ME = sv(/(?:\p{Lu}\p{Ll}+(?:(?:\s+(?:af|von|de|van|der|la))?[\s-]+\p{Lu}\p{Ll}+)+(?:\s+\([\p{L}]{1,5}\))?|\b[Ii]nterpellanten|\b[Ff]rågeställaren)\s+har\s+(?:\p{L}+\s+){0,3}?(?:frågat\s+mig\b|ställt\s+(?:\p{L}+\s+){0,3}?fråg\p{L}*\s+till\s+mig\b)/u);

const SPEECH_LOW = SPEECH.map(([re, ...rest]) => [sv(new RegExp(re.source, re.flags.replace('i', ''))), ...rest] as (typeof SPEECH)[number]);

/** Lines a protocol is made of (labels of the record and its signature page). */
const PROTOCOL_MARKS = sv(/^(?:justerandes?\b|justerare\b|justeringens\b|justering\s+(?:av\s+protokoll|plats)|protokollsjusterare\b|utses\s+att\s+justera|val\s+av\s+protokollsjusterare|sammanträdesdatum\b|plats\s+och\s+tid\b|beslutande\b|närvarande\s+(?:ledamöter|ersättare)?|tjänstgörande\s+ersättare\b|ersättare\b|övriga\s+(?:deltagare|närvarande)\b|utdragsbestyrkande|bevis\s+om\s+anslag|anslag\s*\/\s*bevis|underskrifter\b|sekreterare\b|paragrafer\b|protokollet\s+är\s+justerat|\p{L}+s\s+protokoll\s+är\s+justerat|justeringen\s+(?:har\s+)?tillkännag|upprop\s+förrättas)/u);

/** The parts of a protocol paragraph, each a line of its own. */
const PROTOCOL_SECTIONS = sv(/^(?:beslut|beslutsunderlag|ärendebeskrivning|yrkanden|propositionsordning|omröstning|handlingar|tidigare\s+behandling|beslutsgång|protokollsutdrag\s+skickas\s+till|expedieras\s+till)\s*:?$/u);
const PROTOCOL_PHRASES = sv(/\bförklarar(?:de)?\s+sammanträdet\s+(?:öppnat|avslutat)|\butses\s+att\s+(?:jämte\s+ordföranden\s+)?justera|\bprotokollet\s+(?:är\s+)?justera|\bprotokollet\s+föres?\s+av\b|\bnärvarande\s+vid\s+uppropet\b|\bsom\s+ersättare\s+för\s+(?:de\s+)?frånvarande\b|\blämnar\s+sammanträdet\b|\binfinner\s+sig\s+(?:under|efter|vid)\b/u);

/** Evidence that the page reports on, quotes or lists documents instead of being one. */
const POINTER = sv(new RegExp(`\\b(?:läs|se)\\s+(?:hela\\s+|mer\\s+(?:om\\s+)?)?(?:\\p{L}+\\s+){0,2}?${KIND_WORDS}\\p{L}*\\s+(?:i\\s+sin\\s+helhet\\s+)?(?:här|nedan)\\b|\\bhär\\s+kan\\s+(?:du|ni)\\s+(?:läsa|se)\\b|\\bpublicera\\p{L}*\\s+(?:\\p{L}+\\s+){0,3}${KIND_WORDS}\\p{L}*\\s+här\\b`, 'u'));
const QUOTE_LEAD = sv(new RegExp(`\\bså\\s*här\\s+(?:lyder|löd)\\b|\\bhär\\s+(?:kommer|följer|är)\\s+(?:\\p{L}+\\s+){0,2}?i\\s+sin\\s+helhet\\b|\\bföljande\\s+${KIND_WORDS}\\p{L}*\\s+(?:lämnades|lämnade|inlämnades|ställdes|skrevs)\\b`, 'u'));
// Present or perfect ("lämnar jag in en fråga", "har i dag lämnat in en motion"): the page announces the paper.
const REPORTED = sv(new RegExp(`\\b(?:lämnar|har\\s+(?:\\p{L}+\\s+){0,3}?lämnat)\\s+(?:\\p{L}+\\s+){0,4}?in\\s+(?:en|två|tre|fyra|fem|\\d+)\\s+(${KIND_WORDS})`, 'u'));
// Past ("lämnade SD in en motion", "inlämnade vi fyra interpellationer"): a story, which a paper may also tell.
const REPORTED_PAST = sv(new RegExp(`\\b(?:lämnade|inlämnade)\\s+(?:\\p{L}+\\s+){0,5}?(?:in\\s+)?(?:\\p{L}+\\s+)?(${KIND_WORDS})`, 'u'));
// A person's paper told in the third person ("Carina Herrstedts interpellation"); an organ's genitive
// ("Bostadsutskottets yttrande", "Kommunstyrelsens yttrande") is a paper's own heading and does not count.
const GENITIVE_MENTION = sv(new RegExp(`\\b\\p{Lu}\\p{Ll}+(?<!et|en|na|an|ns)s\\s+(?:första\\s+|andra\\s+)?(${KIND_WORDS})\\b`, 'u'));
const I_KORTHET = sv(/\bi\s+korthet\b/iu);
const BLOG_DATE = sv(/^(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?\s+(?:den\s+)?\d{1,2}\s+\p{L}+\s+\d{4}$|^publicerad\b/iu);
const BLOG_COMMENTS = sv(/\b\d+\s+kommentar(?:er)?\b|^kommentarer\s*\(\d+\)$/iu);
const SHARE = sv(/^(?:facebook|twitter|dela|share)\b/u);
/** One document named in a list line: "Motion nr 24-2023 från …", "Motion (L) …", "160922 Titel". */
const LISTED = sv(new RegExp(`^(?:\\d{1,3}\\.\\s+)?(?:${KIND_WORDS}\\s*:\\s*\\S|${KIND_WORDS}\\s+(?:nr\\b|\\(|från\\b|av\\b|om\\b|angående\\b|gällande\\b|[–-]\\s|\\d)|\\d{6}\\s+\\p{Lu})`, 'iu'));
/** A register's field labels ("Lämnad av:", "Inkommen datum:"): repeated, they are the rows of a list of documents. */
const REGISTER_FIELD = sv(/^(lämnad\s+av|inlämnad\s+av|inlämnad|inkommen(?:\s+datum)?|inkom|beredningsväg|dokumentnummer|diarienummer|ärendenummer|status|besvarad|motionärer?|förslagsställare|handläggare|beslutsdatum)\s*:/u);
const DECISION_SUMMARY = sv(/^beslut\s*:/u);
const TIMED_ITEM = /\(klockan\s+\d{1,2}[.:]\d{2}\)/u;

const HEAD_PARAGRAPHS = 14;
const HEAD_LINES = 40;
const BODY_PARAGRAPHS = 80;

function kindOfWord(word: string): DocumentKind {
  const w = word.toLocaleLowerCase('sv');
  if (w.startsWith('fråga')) return 'interpellation';
  if (w.startsWith('särskilt')) return 'sarskilt_yttrande';
  return w as DocumentKind;
}

/** Scores every kind from the head, the body's speech acts and the tail; picks the best, keeps the runner-up. */
export function classifyKind(head: Paragraph[], all: Paragraph[]): KindSuggestion {
  const hits: Hit[] = [];

  // Head lines: every line and column cell of the first paragraphs, in order.
  const entries: HeadingEntry[] = [];
  let pos = 0;
  for (const p of all.slice(0, HEAD_PARAGRAPHS)) {
    for (const line of p.lines) {
      if (pos >= HEAD_LINES) break;
      const cells = line.includes('\t') ? [line.replace(/\t+/g, ' '), ...line.split('\t')] : [line];
      const seen = new Set<string>();
      for (const cell of cells) {
        for (const [kind, weight, reason] of headingHits(cell.trim())) {
          if (seen.has(reason)) continue;
          seen.add(reason);
          entries.push({ kind, weight: weight * linePosition(pos), reason, pos, index: p.index, text: cell.trim() });
        }
      }
      // "Kommunstyrelsen i korthet" titles a summary, which holds every part of the record it sums up.
      // The position tests first: they are free, the patterns are not.
      if (pos < 4 && line.length < 90 && I_KORTHET.test(line)) hits.push({ kind: 'ovrigt', weight: 4.5, reason: '"i korthet": en sammanfattning av ett möte' });
      if (pos < 6 && BLOG_COMMENTS.test(line.trim())) hits.push({ kind: 'ovrigt', weight: 0.8, reason: 'bloggens rad med antal kommentarer' });
      if (pos < 4 && BLOG_DATE.test(line.trim())) hits.push({ kind: 'ovrigt', weight: 0.5, reason: 'bloggens datumrad överst' });
      pos++;
    }
  }

  // Body: speech acts, protocol marks, reporting frames and lists in the first paragraphs and the tail.
  const body = all.length > BODY_PARAGRAPHS ? [...all.slice(0, BODY_PARAGRAPHS), ...all.slice(-8)] : all;
  let protocolMarks = 0;
  let sections = 0;
  const listedLines = new Set<string>();
  let decisions = 0;
  let timed = 0;
  let share = 0;
  const registerFields = new Map<string, number>();
  let inDebate = false;
  const frames: Array<{ index: number; kind: DocumentKind | null; weight: number; reason: string; past?: boolean }> = [];
  for (const p of body) {
    const text = p.text.slice(0, 3000);
    // Case-insensitive Unicode regexes are slow; the patterns are written in lower case and read lowered text.
    const low = text.toLowerCase();
    if (/^anf\.\s*\d+/u.test(low)) inDebate = true;
    // Each pattern below needs a literal word ("har", "lämna"): a paragraph without it is not searched.
    const asked = text.includes('har') && ASKED_ME.test(text) ? [[/(?:)/u, 'interpellationssvar', 4, '"X har frågat mig"', true] as (typeof SPEECH)[number]] : [];
    for (const [re, kind, weight, reason, positional] of [...SPEECH_LOW, ...asked]) {
      if (!re.test(low)) continue;
      if (!positional) { hits.push({ kind, weight, reason }); continue; }
      // An answer's own words ("har frågat mig") settle it, wherever they stand, unless they are a minister's
      // speech in the chamber debate printed after an interpellation.
      hits.push(inDebate
        ? { kind, weight: 1.5 * paragraphPosition(p.index), reason: `${reason} i debatten` }
        : { kind, weight: weight * Math.max(0.6, paragraphPosition(p.index)), reason, answer: true });
    }
    for (const line of p.lines) {
      const l = line.replace(/^[\s•·▪*\-–]+/u, '').slice(0, 200);
      const ll = l.toLowerCase();
      if (PROTOCOL_MARKS.test(ll) || PROTOCOL_PHRASES.test(ll) || PROTOCOL_SECTIONS.test(ll)) protocolMarks++;
      if (SECTION_START.test(l)) sections++;
      if (LISTED.test(l)) listedLines.add(l);
      if (DECISION_SUMMARY.test(ll)) decisions++;
      if (TIMED_ITEM.test(ll)) timed++;
      if (SHARE.test(ll)) share++;
      const field = REGISTER_FIELD.exec(ll)?.[1];
      if (field) registerFields.set(field, (registerFields.get(field) ?? 0) + 1);
    }
    if (p.index >= 30) continue;
    let m: RegExpExecArray | null;
    if ((m = POINTER.exec(low))) frames.push({ index: p.index, kind: firstGroup(m), weight: 2, reason: `hänvisning till dokumentet ("${squashShort(m[0])}")` });
    if ((m = QUOTE_LEAD.exec(low))) frames.push({ index: p.index, kind: firstGroup(m), weight: 3, reason: `citerar dokumentet ("${squashShort(m[0])}")` });
    const leaves = low.includes('lämna');
    if (leaves && (m = REPORTED.exec(low))) frames.push({ index: p.index, kind: firstGroup(m), weight: 1.5, reason: `berättar att dokumentet lämnas in ("${squashShort(m[0])}")` });
    else if (leaves && (m = REPORTED_PAST.exec(low))) frames.push({ index: p.index, kind: firstGroup(m), weight: 1, reason: `berättar att ett dokument lämnades in ("${squashShort(m[0])}")`, past: true });
    if (p.index < 6 && (m = GENITIVE_MENTION.exec(text)) && !entries.some((e) => e.index === p.index)) frames.push({ index: p.index, kind: firstGroup(m), weight: 1, reason: `omtalar dokumentet ("${squashShort(m[0])}")` });
  }
  if (protocolMarks) hits.push({ kind: 'protokoll', weight: Math.min(3.2, protocolMarks * 0.8), reason: `protokollets rubriker och justering (${protocolMarks})` });
  if (sections >= 2) hits.push({ kind: 'protokoll', weight: Math.min(3, sections), reason: `§-rubriker (${sections})` });
  const listed = listedLines.size;
  if (listed >= 3) hits.push({ kind: 'ovrigt', weight: Math.min(3.5, 1 + (listed - 3) * 0.5), reason: `lista över ${listed} dokument`, group: 'lista' });
  // A paper on an ärende signed for a party group ("För Vänsterpartiet") with no kind named: the usual
  // shape of a protokollsanteckning handed in at the meeting.
  const tail = all.slice(-8).map((p) => p.text).join('\n');
  if (/^(?:Ärende|Punkt|§)\s*\d/mu.test(head.map((p) => p.text).join('\n')) && /^För\s+\p{Lu}/mu.test(tail)) {
    hits.push({ kind: 'protokollsanteckning', weight: 1.5, reason: 'ärendehänvisning och partiunderskrift ("För …") utan rubrik' });
  }
  const protocolBody = protocolMarks > 0 || sections >= 2 || hits.some((h) => h.kind === 'protokoll');
  const [field, repeats] = [...registerFields.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  if (repeats >= 2) hits.push({ kind: 'ovrigt', weight: Math.min(3.5, 1.5 + repeats * 0.5), reason: `register: fältet "${field}" upprepas (${repeats} gånger)`, group: 'lista' });
  // In a list or a register, a line naming a document is a row, not the page's heading.
  const headingAt = placeHeadings(entries, listed >= 3 || repeats >= 2 ? listedLines : new Set(), protocolBody, hits);
  narrativeBeforeHeading(all, headingAt, protocolBody, hits);
  if (decisions >= 1) hits.push({ kind: 'ovrigt', weight: Math.min(2.4, decisions * 0.8), reason: `sammanfattning av beslut (${decisions} "Beslut:")` });
  if (timed >= 1) hits.push({ kind: 'ovrigt', weight: Math.min(1.5, timed * 0.5), reason: `dagordning med klockslag (${timed})` });
  if (share) hits.push({ kind: 'ovrigt', weight: 0.3, reason: 'delningsknappar' });

  // A reporting frame right after a kind heading makes that heading the post's title, not the document's:
  // the page is about the document. A frame before a full document head (a listing intro) weighs less.
  for (const f of frames) {
    const at = f.kind ? headingAt.get(f.kind) : [...headingAt.values()].sort((a, b) => a - b)[0];
    // Only a frame right under the heading (the post's introduction) makes the heading the post's; a story
    // told in the past tense never does.
    const afterHeading = !f.past && at !== undefined && f.index > at && f.index - at <= 2;
    const beforeHeading = at !== undefined && f.index < at;
    if (f.kind && at === undefined && f.weight < 2) {
      // A document of another kind mentioned in passing ("lämnade SD in en motion") says little.
      hits.push({ kind: 'ovrigt', weight: 0.5, reason: f.reason });
      continue;
    }
    hits.push({ kind: 'ovrigt', weight: beforeHeading ? f.weight * 0.4 : f.weight, reason: f.reason });
    // A page that speaks with the document's own voice ("Jag föreslår …", "vill jag fråga …") carries it.
    const voice = new Map<string, number>();
    for (const h of hits) if (h.kind === f.kind && !h.heading) voice.set(h.reason, Math.max(voice.get(h.reason) ?? 0, h.weight));
    const ownVoice = [...voice.values()].reduce((sum, w) => sum + w, 0);
    if (afterHeading && f.kind && ownVoice < 2) {
      const heading = hits.filter((h) => h.heading && h.kind === f.kind).sort((a, b) => b.weight - a.weight)[0];
      if (heading && !heading.reason.endsWith('(sidans rubrik)')) {
        const moved = heading.weight * 0.6;
        heading.weight -= moved;
        heading.reason += ' (sidans rubrik)';
        hits.push({ kind: 'ovrigt', weight: moved, reason: 'rubriken är sidans, följd av en text om dokumentet' });
      }
    }
  }

  return decide(hits, headingAt);
}

/** Prose of the page's own (a blog's story, a news item) rather than a letterhead, a menu or a list. */
function isProse(p: Paragraph): boolean {
  const words = p.text.split(/\s+/u).filter((w) => /\p{L}/u.test(w)).length;
  if (words < 25 || !/[.!?…](?:\s|$)/u.test(p.text)) return false;
  if (/\b(?:kakor|cookies?)\b/iu.test(p.text)) return false;
  // A column of short lines (names, a menu) is no story even when long.
  return p.text.length / Math.max(1, p.lines.length) > 50;
}

/**
 * A page that tells a story before the document's heading ("Imorgon är det kommunfullmäktige … här kommer den
 * i sin helhet:") is a post about the document, not the document: its heading is the post's quotation.
 * A protocol's own head (attendance in sentences) is no such story.
 */
function narrativeBeforeHeading(all: Paragraph[], headingAt: Map<DocumentKind, number>, protocolBody: boolean, hits: Hit[]): void {
  if (protocolBody) return;
  const named = DOCUMENT_KINDS_NAMED.map((k) => headingAt.get(k)).filter((i): i is number => i !== undefined);
  if (!named.length) return;
  const at = Math.min(...named);
  let prose = 0;
  for (const p of all) {
    if (p.index >= at) break;
    if (isProse(p)) prose++;
  }
  if (!prose) return;
  hits.push({ kind: 'ovrigt', weight: Math.min(2.5, 1.5 + (prose - 1) * 0.5), reason: `berättande text före dokumentets rubrik (${prose} ${prose === 1 ? 'stycke' : 'stycken'})` });
  for (const h of hits) {
    if (h.heading && DOCUMENT_KINDS_NAMED.includes(h.kind)) { h.weight *= 0.6; h.reason += ' (efter sidans egen text)'; }
  }
}

function firstGroup(m: RegExpExecArray): DocumentKind | null {
  const word = m.slice(1).find(Boolean);
  return word ? kindOfWord(word) : null;
}

function squashShort(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

/** Below this nothing is a document kind: one weak cue ("Min fråga är", "Vi yrkar") is not enough. */
const MIN_SCORE = 1.3;

/** Sums each kind's evidence (the strongest heading counts once), picks the best and words the reason. */
function decide(hits: Hit[], headingAt: Map<DocumentKind, number>): KindSuggestion {
  // An answer quotes the interpellation it answers: its heading and questions are then the quote's, not the page's.
  if (hits.some((h) => h.answer)) {
    for (const h of hits) {
      if (h.kind === 'interpellation') { h.weight *= 0.3; h.reason += ' (citerad i svaret)'; }
    }
  }
  const byKind = new Map<DocumentKind, Hit[]>();
  for (const h of hits) {
    if (h.weight <= 0) continue;
    const list = byKind.get(h.kind) ?? [];
    list.push(h);
    byKind.set(h.kind, list);
  }
  const scored = [...byKind.entries()].map(([kind, list]) => {
    // The same heading repeated (site title, H1, body) is one piece of evidence; other evidence adds up.
    const headings = list.filter((h) => h.heading).sort((a, b) => b.weight - a.weight);
    const rest = list.filter((h) => !h.heading);
    const uniqueRest = new Map<string, Hit>();
    for (const h of rest) {
      const key = h.group ?? h.reason;
      if (!uniqueRest.has(key) || uniqueRest.get(key)!.weight < h.weight) uniqueRest.set(key, h);
    }
    const parts = [...(headings[0] ? [headings[0]] : []), ...uniqueRest.values()].sort((a, b) => b.weight - a.weight);
    const score = parts.reduce((s, h) => s + h.weight, 0);
    return { kind, score: Math.round(score * 100) / 100, parts };
  }).sort((a, b) => b.score - a.score);

  const best = scored[0];
  const second = scored[1];
  const runnerUpOf = (s: (typeof scored)[number] | undefined) =>
    (s ? { kind: s.kind, score: s.score, reason: s.parts.slice(0, 2).map((h) => h.reason).join('; ') } : null);
  if (!best || best.score < MIN_SCORE) {
    return {
      kind: 'ovrigt', confidence: 0.3, reason: 'ingen känd dokumenttyp i rubriken', inferred: true, nonDocument: false,
      runnerUp: runnerUpOf(best), score: best?.score ?? 0,
    };
  }
  const margin = second ? (best.score - second.score) / best.score : 1;
  const inferred = !best.parts.some((h) => h.heading) && best.kind !== 'ovrigt';
  let confidence = Math.min(0.97, 1 - Math.exp(-best.score / 1.6)) * (0.6 + 0.4 * margin);
  if (inferred) confidence = Math.min(confidence, 0.7);
  const nonDocument = best.kind === 'ovrigt';
  void headingAt;
  return {
    kind: best.kind,
    confidence: Math.round(confidence * 100) / 100,
    reason: best.parts.slice(0, 3).map((h) => h.reason).join('; '),
    inferred,
    nonDocument,
    runnerUp: runnerUpOf(second),
    score: best.score,
  };
}
