/** Parses normalised text into the extraction contract. Pure: text in, metadata and warnings out. */
import type { DocumentKind, ExtractedMetadata, Interpellant, Signatory } from '../../types.js';
import { classifyKind } from './classify.js';
import {
  findArende, findBody, findBodyInHeading, findBodyInPageHeader, findBodyInText, findDiarienummer, findDocumentDate, findMunicipality, findParliament, findRiksdagDate, furnitureForHead,
  findUtskott, type Finding,
} from './header.js';
import {
  findAddressee, findInterpellants, findInterpellationHeading, findInterpellationQuestions, findQuotedQuestions,
} from './interpellation.js';
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

  let interpellants: Interpellant[] = [];
  let addressee: ExtractedMetadata['addressee'] = null;
  let questions: string[] = [];
  const signatories: Signatory[] = signature.signatories;
  if (isInterpellationKind) {
    interpellants = heading ? findInterpellants(heading) : [];
    // "Interpellation till kommunalrådet X" without "av": the one who signs it is the one who asks.
    if (interpellants.length === 0 && kind === 'interpellation') interpellants = signatories.map((s) => ({ name: s.name, party: s.party }));
    if (kind === 'interpellationssvar') {
      // The one who answers is the one who was asked; the signature says who, the signature or the heading in what office.
      const answerer = signatories[0];
      const asked = heading ? findAddressee(heading) : null;
      addressee = answerer ? { name: answerer.name, role: answerer.role ?? asked?.role ?? null } : asked;
      questions = findQuotedQuestions(paragraphs);
    } else {
      addressee = heading ? findAddressee(heading) : null;
      questions = findInterpellationQuestions(paragraphs.filter((p) => p.text !== heading));
    }
  }

  // The Riksdag is the organisation of its documents; an utskott, when named as the document's own, its body.
  // The head as the organisation, body and date rules read it: without a register's table cells.
  const ownFurniture = furnitureForHead(furniture);
  const orgHead = ownFurniture.length === furniture.length ? headText : [...head.map((p) => p.lines.join('\n')), ownFurniture.join('\n')].join('\n\n');
  const parliament = findParliament(orgHead, text, kind);
  const municipalityFound: Finding | null = parliament
    ? { value: 'Riksdagen', rule: parliament.rule, confidence: parliament.confidence }
    : findMunicipality(orgHead, text);
  const municipality = municipalityFound?.value ?? null;
  const bodyFound: Finding | null = parliament
    ? findUtskott(orgHead, text)
    : findBody([...cellsOf(head), ...ownFurniture]) ?? findBodyInHeading(orgHead)
      ?? (kind === 'protokoll' ? findBodyInPageHeader(text) : null) ?? findBodyInText(text, kind);
  const body = bodyFound?.value ?? null;
  const dateFound: Finding | null = parliament
    ? findRiksdagDate(orgHead, text, parliament.riksmote ?? riksdag?.[1] ?? null, furniture)
    : findDocumentDate(orgHead, text, signature.date);
  const date = dateFound?.value ?? null;
  const arende = riksdag ? { number: null, title: null } : findArende(head, paragraphs.slice(0, head.length + 2));
  const diarienummerFound = riksdag || parliament ? null : findDiarienummer(orgHead, text);
  const diarienummer = diarienummerFound?.value ?? null;
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
  const evidence: Evidence = {
    kind: byRule(kindGuess.reason, kindGuess.confidence),
    municipality: municipalityFound ? byRule(municipalityFound.rule, municipalityFound.confidence) : NOT_FOUND,
    body: bodyFound ? byRule(bodyFound.rule, bodyFound.confidence) : NOT_FOUND,
    date: dateFound ? byRule(dateFound.rule, dateFound.confidence) : NOT_FOUND,
    'arende.number': found(arende.number, 'ärendenummer i huvudet'),
    'arende.title': found(arende.title, 'ärendets rubrik i huvudet'),
    'arende.diarienummer': diarienummerFound ? byRule(diarienummerFound.rule, diarienummerFound.confidence) : NOT_FOUND,
    parties: found(parties, 'brevhuvud, gruppunderskrift, undertecknare och interpellanter'),
    signatories: found(signatories, 'underskriftsblock'),
    interpellants: found(interpellants, 'interpellationens rubrik eller underskrift'),
    addressee: found(addressee, 'interpellationens rubrik'),
    questions: found(questions, 'frågor i texten'),
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
  if (arendeTitle) return `${label}: ${arendeTitle}`;
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
