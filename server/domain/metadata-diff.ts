/** Which correctable fields differ between two versions of a document's metadata, with old and new values. */
import type { ExtractedMetadata } from '../ingest/types.js';
import { CORRECTABLE_FIELDS, PARAGRAPH_FIELDS, paragraphField, paragraphFieldName, type FieldCorrection } from './effective-metadata.js';

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/** The value of a correctable field ("arende.title" reads the nested ärende). */
export function fieldValue(m: ExtractedMetadata, field: string): unknown {
  const pf = paragraphField(field);
  if (pf) return m.paragraphs?.find((p) => p.number === pf.number)?.[pf.key] ?? null;
  if (field.startsWith('arende.')) return m.arende[field.slice('arende.'.length) as keyof ExtractedMetadata['arende']] ?? null;
  return (m as unknown as Record<string, unknown>)[field] ?? null;
}

/** Fields whose values differ (compared as JSON), in the order of CORRECTABLE_FIELDS. */
export function diffMetadata(before: ExtractedMetadata, after: ExtractedMetadata): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of CORRECTABLE_FIELDS) {
    const a = fieldValue(before, field);
    const b = fieldValue(after, field);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, old: a, new: b });
  }
  // A protocol's paragraphs, field by field, in the protocol's order.
  const numbers = [...new Set([...(before.paragraphs ?? []), ...(after.paragraphs ?? [])].map((p) => p.number))];
  for (const n of numbers) {
    for (const key of PARAGRAPH_FIELDS) {
      const field = paragraphFieldName(n, key);
      const a = fieldValue(before, field);
      const b = fieldValue(after, field);
      if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, old: a, new: b });
    }
  }
  return changes;
}

/** The corrections that turn `before` into `after`. */
export function correctionsBetween(before: ExtractedMetadata, after: ExtractedMetadata): FieldCorrection[] {
  return diffMetadata(before, after).map((c) => ({ field: c.field, value: c.new }));
}

const PARAGRAPH_LABELS: Record<string, string> = { title: 'rubrik', diarienummer: 'diarienummer', decision: 'beslut' };

/** A field's Swedish name, a paragraph's too ("§ 79: rubrik"). */
export function fieldLabel(field: string): string {
  const pf = paragraphField(field);
  if (pf) return `${pf.number}: ${PARAGRAPH_LABELS[pf.key]}`;
  return FIELD_LABELS[field] ?? field;
}

/** Swedish field names for history and review pages. */
export const FIELD_LABELS: Record<string, string> = {
  kind: 'Dokumenttyp', title: 'Titel', municipality: 'Kommun', body: 'Organ', date: 'Datum',
  'arende.number': 'Ärendenummer', 'arende.title': 'Ärendets titel', 'arende.diarienummer': 'Diarienummer',
  parties: 'Partier', signatories: 'Undertecknare', interpellants: 'Interpellanter', addressee: 'Mottagare', questions: 'Frågor',
};
