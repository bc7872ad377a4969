/** The editable metadata form (review after upload, correction later) as plain strings for the template. */
import type { ExtractedMetadata } from '../ingest/types.js';
import { warningField } from '../domain/effective-metadata.js';
import type { FieldErrors } from '../domain/metadata-input.js';
import { kindOptions } from './documents.js';
import { leastCertainFirst, type Evidence, type EvidenceField } from '../ingest/stages/metadata/evidence.js';

/** Empty rows offered below the filled ones, so a missing signatory can be added without JavaScript. */
const SPARE_ROWS = 2;

export function toMetadataForm(m: ExtractedMetadata, errors: FieldErrors = {}, warnings: string[] = m.warnings) {
  const byField: Record<string, string[]> = {};
  const general: string[] = [];
  for (const w of warnings) {
    const f = warningField(w);
    if (f) (byField[f] ??= []).push(w); else general.push(w);
  }
  const spare = (n: number) => Array.from({ length: n }, () => ({ name: '', party: '', role: '' }));
  return {
    kinds: kindOptions(m.kind),
    title: m.title,
    municipality: m.municipality ?? '',
    body: m.body ?? '',
    date: m.date ?? '',
    arendeNumber: m.arende.number ?? '',
    arendeTitle: m.arende.title ?? '',
    arendeDiarienummer: m.arende.diarienummer ?? '',
    parties: m.parties.join(', '),
    signatories: [...m.signatories.map((s) => ({ name: s.name, party: s.party ?? '', role: s.role ?? '' })), ...spare(SPARE_ROWS)],
    interpellants: [...m.interpellants.map((i) => ({ name: i.name, party: i.party ?? '', role: '' })), ...spare(1)],
    addresseeName: m.addressee?.name ?? '',
    addresseeRole: m.addressee?.role ?? '',
    questions: m.questions.join('\n'),
    // A protocol's paragraphs: heading and diarienummer per §, each field named by its number.
    // A number read twice names only its first paragraph: the second is shown, not editable.
    paragraphs: (m.paragraphs ?? []).map((p, i, all) => ({
      index: i, number: p.number, title: p.title ?? '', diarienummer: p.diarienummer ?? '',
      editable: all.findIndex((x) => x.number === p.number) === i,
      titleError: errors[`paragraphs[${p.number}].title`] ?? null, dnrError: errors[`paragraphs[${p.number}].diarienummer`] ?? null,
    })),
    warnings: byField,
    generalWarnings: general,
    errors,
    hasErrors: Object.keys(errors).length > 0,
  };
}

const FIELD_LABELS: Record<EvidenceField, [string, string]> = {
  kind: ['Typ', 'm-kind'], title: ['Rubrik', 'm-title'], municipality: ['Kommun eller region', 'm-municipality'], body: ['Organ', 'm-body'], date: ['Datum', 'm-date'],
  'arende.number': ['Ärendenummer', 'm-arende-number'], 'arende.title': ['Ärendets rubrik', 'm-arende-title'],
  'arende.diarienummer': ['Diarienummer', 'm-arende-dnr'], parties: ['Partier', 'm-parties'], signatories: ['Undertecknare', 'm-signatories'],
  interpellants: ['Interpellanter', 'm-interpellants'], addressee: ['Mottagare', 'm-addressee-name'], questions: ['Frågor', 'm-questions'],
};

/** Fields below this confidence are marked for the reviewer. */
const LOW_CONFIDENCE = 0.6;

/**
 * The fields in the order a reviewer should check them, least certain first, with the rule that
 * decided each: what the extraction record says, shown so the reviewer knows why.
 */
export function checkFirst(evidence: Evidence | undefined | null) {
  if (!evidence) return [];
  return leastCertainFirst(evidence).map(([field, e]) => ({
    label: FIELD_LABELS[field][0], href: `#${FIELD_LABELS[field][1]}`, rule: e.rule,
    confidence: `${Math.round(e.confidence * 100)} %`, low: e.confidence < LOW_CONFIDENCE,
    structured: e.source === 'structured',
  }));
}
