/** The editable metadata form (review after upload, correction later) as plain strings for the template. */
import type { ExtractedMetadata } from '../ingest/types.js';
import { warningField } from '../domain/effective-metadata.js';
import type { FieldErrors } from '../domain/metadata-input.js';
import { kindOptions } from './documents.js';

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
    warnings: byField,
    generalWarnings: general,
    errors,
    hasErrors: Object.keys(errors).length > 0,
  };
}
