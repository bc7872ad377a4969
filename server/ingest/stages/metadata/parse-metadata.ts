/** Parses normalised text into the extraction contract. Pure: text in, metadata and warnings out. */
import type { DocumentKind, ExtractedMetadata, Interpellant, Signatory } from '../../types.js';
import { classifyKind, type KindSuggestion } from './classify.js';
import {
  findArende, findBody, findBodyInHeading, findBodyInPageHeader, findBodyInText, findDiarienummer, findDocumentDate, findCommitteeSigner, findMunicipality, findParliament, findRiksdagDate, furnitureForHead,
  findUtskott, type Finding,
} from './header.js';
import { findAskedAndAsker, findInterpellationHeading } from './interpellation.js';
import { findPaperHeading, findRiksdagTitle } from './paper-heading.js';
import { capitalise, cellsOf, headOf, squash, toParagraphs, type Paragraph } from './lines.js';
import { findSignatureBlock } from './signatures.js';
import { collectParties } from './parties.js';
import { byRule, NOT_FOUND, type Evidence } from './evidence.js';

/** Bumped whenever a rule changes, so stored extractions say which rules made them. */
export const EXTRACTOR_VERSION = 'standpunkt-rules/2';

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
  if (kindGuess.nonDocument) warnings.push(`Sidan återger eller listar dokument; tolkad som övrigt (${kindGuess.reason}).`);
  else if (kindGuess.inferred) warnings.push(`Dokumenttypen står inte i texten; tolkad som ${KIND_LABELS[kind].toLocaleLowerCase('sv')} (${kindGuess.reason}).`);
  const kindWarned = kindGuess.nonDocument || kindGuess.inferred;

  const riksdag = head.map((p) => RIKSDAG_HEADING.exec(p.text)).find(Boolean) ?? null;
  const signature = findSignatureBlock(paragraphs);
  const isInterpellationKind = kind === 'interpellation' || kind === 'interpellationssvar';
  // A flattened heading may run into the first prose paragraph, so look a little past the head.
  const heading = isInterpellationKind ? findInterpellationHeading(paragraphs.slice(0, head.length + 2)) : null;

  // Issue 19: the ärende of a motion or an interpellation is the paper itself, titled by its heading.
  const paper = kind === 'motion' || isInterpellationKind ? findPaperHeading(paragraphs, head.length, kind) : null;
  // Those who sign a protocol attest it (ordförande, justerare); they are not its authors.
  const signed: Signatory[] = kind === 'protokoll' ? [] : signature.signatories;
  const asked = isInterpellationKind ? findAskedAndAsker(paper, heading, signed, paragraphs, kind) : null;
  const interpellants: Interpellant[] = asked?.interpellants.value ?? [];
  // The interpellant who signs without a party is the same person the heading names with one ("av Anders Wickberg (SD)").
  let signatories = signed.map((s) => {
    if (s.party) return s;
    const same = interpellants.find((i) => i.party && i.name.toLocaleLowerCase('sv') === s.name.toLocaleLowerCase('sv'));
    return same ? { ...s, party: same.party } : s;
  });
  const addressee: ExtractedMetadata['addressee'] = asked?.addressee.value ?? null;
  const questions: string[] = asked?.questions.value ?? [];

  // The Riksdag is the organisation of its documents; an utskott, when named as the document's own, its body.
  // The head as the organisation, body and date rules read it: without a register's table cells.
  const ownFurniture = furnitureForHead(furniture);
  const orgHead = ownFurniture.length === furniture.length ? headText : [...head.map((p) => p.lines.join('\n')), ownFurniture.join('\n')].join('\n\n');
  const parliament = findParliament(orgHead, text, kind);
  const municipalityFound: Finding | null = parliament
    ? { value: 'Riksdagen', rule: parliament.rule, confidence: parliament.confidence }
    : findMunicipality(orgHead, text);
  const municipality = municipalityFound?.value ?? null;
  // A Riksdag committee's paper is signed by its chair "På X-utskottets vägnar", with no signature block of names.
  const committeeSigner = parliament && kind !== 'protokoll' && signatories.length === 0 ? findCommitteeSigner(text) : null;
  if (committeeSigner) signatories = [committeeSigner];
  const bodyFound: Finding | null = parliament
    ? findUtskott(orgHead, text)
    : findBody([...cellsOf(head), ...ownFurniture]) ?? findBodyInHeading(orgHead)
      ?? (kind === 'protokoll' ? findBodyInPageHeader(text) : null) ?? findBodyInText(text, kind);
  const body = bodyFound?.value ?? null;
  const dateFound: Finding | null = parliament
    ? findRiksdagDate(orgHead, text, parliament.riksmote ?? riksdag?.[1] ?? null, furniture)
    : findDocumentDate(orgHead, text, signature.date);
  const date = dateFound?.value ?? null;
  const headArende = riksdag || paper?.riksdag ? null : findArende(head, paragraphs.slice(0, head.length + 2), paragraphs.slice(0, head.length + 6));
  // A committee's yttrande names its matter as the Riksdag titles it.
  const committee = !paper && kind === 'yttrande' && !headArende?.title ? findRiksdagTitle(paragraphs) : null;
  const arendeFound = paper ? { ...headArende, number: headArende?.number ?? null, title: paper.title, rule: paper.rule, confidence: paper.confidence }
    : committee ? { number: null, title: committee.title, rule: committee.rule, confidence: committee.confidence } : headArende;
  const arende = arendeFound ?? { number: null, title: null };
  const diarienummerFound = riksdag || parliament ? null : findDiarienummer(orgHead, text);
  const diarienummer = diarienummerFound?.value ?? null;
  const partiesFound = collectParties({
    head, opening: paragraphs.slice(head.length, head.length + 6), text, groupParties: signature.groupParties, signatories, interpellants, kind,
  });
  const parties = partiesFound.parties;

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
  const confidence = Math.max(0.1, Math.round((kindGuess.confidence - 0.05 * (warnings.length - (kindWarned ? 1 : 0))) * 100) / 100);
  const notAsked = byRule(`${KIND_LABELS[kind].toLocaleLowerCase('sv')} har ingen interpellant, mottagare eller frågor`, kindGuess.confidence);
  const evidence: Evidence = {
    kind: byRule(kindRule(kindGuess), kindGuess.confidence),
    title: byRule(heading ? 'interpellationens rubrik' : arende.title ? 'typ och ärendets rubrik' : 'första raden i huvudet', heading || arende.title ? 0.8 : 0.5),
    municipality: municipalityFound ? byRule(municipalityFound.rule, municipalityFound.confidence) : NOT_FOUND,
    body: bodyFound ? byRule(bodyFound.rule, bodyFound.confidence) : NOT_FOUND,
    date: dateFound ? byRule(dateFound.rule, dateFound.confidence) : NOT_FOUND,
    'arende.number': arendeFound?.number ? byRule(arendeFound.numberRule ?? 'ärendenummer i huvudet', arendeFound.numberConfidence ?? 0.8) : NOT_FOUND,
    'arende.title': arendeFound?.title ? byRule(arendeFound.rule, arendeFound.confidence) : NOT_FOUND,
    'arende.diarienummer': diarienummerFound ? byRule(diarienummerFound.rule, diarienummerFound.confidence) : NOT_FOUND,
    parties: byRule(partiesFound.rule, partiesFound.confidence),
    signatories: kind === 'protokoll' ? byRule('protokoll: justerarnas underskrifter räknas inte', 0.8) : committeeSigner ? byRule('utskottets underskrift ("På … vägnar")', 0.8) : byRule(signature.rule, signature.confidence),
    // Other kinds ask nothing: as sure as the kind is.
    interpellants: asked ? (interpellants.length ? byRule(asked.interpellants.rule, asked.interpellants.confidence) : NOT_FOUND) : notAsked,
    addressee: asked ? (addressee ? byRule(asked.addressee.rule, asked.addressee.confidence) : NOT_FOUND) : notAsked,
    questions: asked ? (questions.length ? byRule(asked.questions.rule, asked.questions.confidence) : NOT_FOUND) : notAsked,
  };
  return { metadata, confidence, kindReason: kindGuess.reason, evidence };
}

/** The kind's evidence as the reviewer reads it: what decided, and what came next. */
function kindRule(k: KindSuggestion): string {
  const next = k.runnerUp ? `; näst bäst ${KIND_LABELS[k.runnerUp.kind].toLocaleLowerCase('sv')} (${k.runnerUp.score} mot ${k.score})` : '';
  return `${k.reason}${next}`;
}

function buildTitle(kind: DocumentKind, head: Paragraph[], arendeTitle: string | null, heading: string | null): string {
  if (heading) return squash(heading.replace(/\bNone\b\s*/gu, ''));
  const label = KIND_LABELS[kind];
  // A paper's own heading already says what it is ("Motion om …").
  if (arendeTitle) return new RegExp(`^${label}\\b`, 'iu').test(arendeTitle) ? capitalise(arendeTitle) : `${label}: ${arendeTitle}`;
  const first = head.find((p) => p.text.length > 3);
  return first ? capitalise(squash(first.text)).slice(0, 200) : label;
}

/** The warnings for fields the rules left empty; exported so structured metadata can take back those it fills. */
export function warnAboutGaps(m: ExtractedMetadata, warnings: string[], riksdag: boolean): void {
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
