/** Parses normalised text into the extraction contract. Pure: text in, metadata and warnings out. */
import type { DocumentKind, ExtractedMetadata, Interpellant, Signatory } from '../../types.js';
import { classifyKind } from './classify.js';
import { dateFromRiksmote } from './dates.js';
import { findArende, findBody, findBodyInPageHeader, findDiarienummer, findDocumentDate, findMunicipality } from './header.js';
import { findAskedAndAsker, findInterpellationHeading } from './interpellation.js';
import { findPaperHeading, findRiksdagTitle } from './paper-heading.js';
import { capitalise, cellsOf, headOf, squash, toParagraphs, type Paragraph } from './lines.js';
import { findSignatureBlock } from './signatures.js';
import { partyFromAny } from '../../../domain/parties.js';
import { byRule, NOT_FOUND, type Evidence } from './evidence.js';

/** Bumped whenever a rule changes, so stored extractions say which rules made them. */
export const EXTRACTOR_VERSION = 'standpunkt-rules/1';

export const KIND_LABELS: Record<DocumentKind, string> = {
  protokollsanteckning: 'Protokollsanteckning',
  interpellation: 'Interpellation',
  interpellationssvar: 'Interpellationssvar',
  motion: 'Motion',
  reservation: 'Reservation',
  yrkande: 'Yrkande',
  sarskilt_yttrande: 'Särskilt yttrande',
  yttrande: 'Yttrande',
  protokoll: 'Protokoll',
  ovrigt: 'Övrigt',
};

export interface ParsedDocument {
  metadata: ExtractedMetadata;
  /** 0–1: how sure the rules are overall (kind confidence less missing fields). */
  confidence: number;
  kindReason: string;
  /** Per field: the rule that decided it and its confidence. */
  evidence: Evidence;
}

const RIKSDAG_HEADING = /^(?:Interpellation\s+)?(\d{4}\/(?:\d{2}|\d{4})):\d+\b/u;

/** Parses metadata from normalised text; `furniture` is the page header/footer text the normaliser removed. */
export function parseMetadata(text: string, furniture: string[] = []): ParsedDocument {
  const paragraphs = toParagraphs(text);
  const head = headOf(paragraphs);
  // Page headers repeat the body and meeting date on every page: they belong to the head.
  const headText = [...head.map((p) => p.lines.join('\n')), furniture.join('\n')].join('\n\n');
  const warnings: string[] = [];
  const kindGuess = classifyKind(head, paragraphs);
  const kind = kindGuess.kind;
  if (kindGuess.inferred) warnings.push(`Dokumenttypen står inte i texten; tolkad som ${KIND_LABELS[kind].toLocaleLowerCase('sv')} (${kindGuess.reason}).`);

  const riksdag = head.map((p) => RIKSDAG_HEADING.exec(p.text)).find(Boolean) ?? null;
  const signature = findSignatureBlock(paragraphs);
  const isInterpellationKind = kind === 'interpellation' || kind === 'interpellationssvar';
  // A flattened heading may run into the first prose paragraph, so look a little past the head.
  const heading = isInterpellationKind ? findInterpellationHeading(paragraphs.slice(0, head.length + 2)) : null;

  // Issue 19: the ärende of a motion or an interpellation is the paper itself, titled by its heading.
  const paper = kind === 'motion' || isInterpellationKind ? findPaperHeading(paragraphs, head.length, kind) : null;
  const asked = isInterpellationKind ? findAskedAndAsker(paper, heading, signature.signatories, paragraphs, kind) : null;
  const interpellants: Interpellant[] = asked?.interpellants.value ?? [];
  const addressee: ExtractedMetadata['addressee'] = asked?.addressee.value ?? null;
  const questions: string[] = asked?.questions.value ?? [];
  const signatories: Signatory[] = signature.signatories;

  const municipality = riksdag ? null : findMunicipality(headText, text);
  const body = riksdag ? 'Riksdagen' : findBody([...cellsOf(head), ...furniture]) ?? (kind === 'protokoll' ? findBodyInPageHeader(text) : null);
  // Riksdag prints "den 20 maj" or "Inkom den 3 oktober" without a year; the session supplies it.
  const riksdagDateLine = riksdag ? head.find((p) => /^(?:Inkom\s+)?den\s+\d{1,2}\s+\p{L}+/iu.test(p.text)) : undefined;
  let date = riksdagDateLine ? dateFromRiksmote(riksdagDateLine.text, riksdag![1]!) : null;
  date ??= findDocumentDate(headText, text) ?? signature.date;
  const headArende = riksdag || paper?.riksdag ? null : findArende(head, paragraphs.slice(0, head.length + 2), paragraphs.slice(0, head.length + 6));
  // A committee's yttrande names its matter as the Riksdag titles it.
  const committee = !paper && kind === 'yttrande' && !headArende?.title ? findRiksdagTitle(paragraphs) : null;
  const arendeFound = paper ? { ...headArende, number: headArende?.number ?? null, title: paper.title, rule: paper.rule, confidence: paper.confidence }
    : committee ? { number: null, title: committee.title, rule: committee.rule, confidence: committee.confidence } : headArende;
  const arende = arendeFound ?? { number: null, title: null };
  const diarienummer = riksdag ? null : findDiarienummer(headText, text);
  const parties = collectParties(head, signature.groupParties, signatories, interpellants, kind);

  const metadata: ExtractedMetadata = {
    kind,
    title: buildTitle(kind, head, arende.title, heading),
    municipality,
    body,
    date,
    arende: { number: arende.number, title: arende.title, diarienummer },
    parties,
    signatories,
    interpellants,
    addressee,
    questions,
    warnings,
  };
  warnAboutGaps(metadata, warnings, Boolean(riksdag));
  const confidence = Math.max(0.1, Math.round((kindGuess.confidence - 0.05 * (warnings.length - (kindGuess.inferred ? 1 : 0))) * 100) / 100);
  // Coarse until each finder reports its own rule: which finder decided, and whether it found anything.
  const found = (value: unknown, rule: string, confidence = 0.7) =>
    (value === null || (Array.isArray(value) && value.length === 0) ? NOT_FOUND : byRule(rule, confidence));
  const notAsked = byRule(`${KIND_LABELS[kind].toLocaleLowerCase('sv')} har ingen interpellant, mottagare eller frågor`, kindGuess.confidence);
  const evidence: Evidence = {
    kind: byRule(kindGuess.reason, kindGuess.confidence),
    municipality: found(municipality, riksdag ? 'riksdagsdokument' : 'kommun eller region nämnd i huvudet eller texten'),
    body: found(body, riksdag ? 'riksdagsdokument' : 'organ i huvudet'),
    date: found(date, 'datum i huvudet eller underskriften'),
    'arende.number': arendeFound?.number ? byRule(arendeFound.numberRule ?? 'ärendenummer i huvudet', arendeFound.numberConfidence ?? 0.8) : NOT_FOUND,
    'arende.title': arendeFound?.title ? byRule(arendeFound.rule, arendeFound.confidence) : NOT_FOUND,
    'arende.diarienummer': found(diarienummer, 'diarienummer i huvudet'),
    parties: found(parties, 'brevhuvud, gruppunderskrift, undertecknare och interpellanter'),
    signatories: found(signatories, 'underskriftsblock'),
    // Other kinds ask nothing: as sure as the kind is.
    interpellants: asked ? (interpellants.length ? byRule(asked.interpellants.rule, asked.interpellants.confidence) : NOT_FOUND) : notAsked,
    addressee: asked ? (addressee ? byRule(asked.addressee.rule, asked.addressee.confidence) : NOT_FOUND) : notAsked,
    questions: asked ? (questions.length ? byRule(asked.questions.rule, asked.questions.confidence) : NOT_FOUND) : notAsked,
  };
  return { metadata, confidence, kindReason: kindGuess.reason, evidence };
}

/** Parties that stand behind the document, in order: letterhead list, group lines, signatories, interpellants. */
function collectParties(head: Paragraph[], groupParties: string[], signatories: Signatory[], interpellants: Interpellant[], kind: DocumentKind): string[] {
  const out: string[] = [];
  const add = (code: string | null) => { if (code && !out.includes(code)) out.push(code); };
  for (const code of letterheadParties(head)) add(code);
  groupParties.forEach(add);
  if (kind === 'interpellation') interpellants.forEach((i) => add(i.party));
  signatories.forEach((s) => add(s.party));
  if (kind !== 'interpellationssvar') interpellants.forEach((i) => add(i.party));
  return out;
}

const LETTERHEAD_KIND = /^(?:\p{L}+\s+)?(?:\p{L}*yrkande|särskilt yttrande|yttrande|reservation|protokollsanteckning)\b\s*(?:från\s+)?(.*)$/iu;

/**
 * Parties in a letterhead after the kind: "Yrkande (Socialdemokraterna, Vänsterpartiet)",
 * "Tilläggsyrkande⇥Socialdemokraterna, Vänsterpartiet", "Yttrande⇥M, D, L, KD, SD Ärende 24 2026-03-04".
 * Every item of the list must be a party, so prose after the kind word is never mistaken for one.
 */
function letterheadParties(head: Paragraph[]): string[] {
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

function buildTitle(kind: DocumentKind, head: Paragraph[], arendeTitle: string | null, heading: string | null): string {
  if (heading) return squash(heading.replace(/\bNone\b\s*/gu, ''));
  const label = KIND_LABELS[kind];
  // A paper's own heading already says what it is ("Motion om …").
  if (arendeTitle) return new RegExp(`^${label}\\b`, 'iu').test(arendeTitle) ? capitalise(arendeTitle) : `${label}: ${arendeTitle}`;
  const first = head.find((p) => p.text.length > 3);
  return first ? capitalise(squash(first.text)).slice(0, 200) : label;
}

function warnAboutGaps(m: ExtractedMetadata, warnings: string[], riksdag: boolean): void {
  if (!riksdag && !m.municipality) warnings.push('Kommun eller region nämns inte i texten.');
  if (!m.body) warnings.push('Organ (t.ex. kommunfullmäktige eller en nämnd) framgår inte av texten.');
  if (!m.date) warnings.push('Datum saknas i dokumentets huvud.');
  if (m.parties.length === 0) warnings.push('Inget parti kunde knytas till dokumentet.');
  const signed: DocumentKind[] = ['protokollsanteckning', 'reservation', 'sarskilt_yttrande', 'interpellationssvar', 'motion'];
  if (signed.includes(m.kind) && m.signatories.length === 0) warnings.push('Ingen underskrift hittades.');
  if (m.kind === 'interpellation' || m.kind === 'interpellationssvar') {
    if (m.interpellants.length === 0) warnings.push('Interpellanten framgår inte av rubriken.');
    if (!m.addressee) warnings.push('Mottagaren av interpellationen framgår inte.');
    if (m.questions.length === 0) warnings.push('Inga frågor hittades.');
  }
}
