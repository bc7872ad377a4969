/** Effective metadata: what the extractor found, overlaid with what people corrected (people always win). */
import type { ExtractedMetadata } from '../ingest/types.js';

/** A person's value for one field; `field` is a contract field or "arende.number"/"arende.title"/"arende.diarienummer". */
export interface FieldCorrection {
  field: string;
  value: unknown;
}

export const CORRECTABLE_FIELDS = [
  'kind', 'title', 'municipality', 'body', 'date', 'arende.number', 'arende.title', 'arende.diarienummer',
  'parties', 'signatories', 'interpellants', 'addressee', 'questions',
] as const;

/** Applies corrections in order (a later one for the same field wins) to a copy of the extraction. */
export function overlayCorrections(extracted: ExtractedMetadata, corrections: FieldCorrection[]): ExtractedMetadata {
  const out = structuredClone(extracted);
  const corrected = new Set<string>();
  for (const { field, value } of corrections) {
    if (!(CORRECTABLE_FIELDS as readonly string[]).includes(field)) throw new Error(`Okänt fält: ${field}`);
    if (field.startsWith('arende.')) {
      const key = field.slice('arende.'.length) as keyof ExtractedMetadata['arende'];
      out.arende[key] = value as string | null;
    } else {
      (out as unknown as Record<string, unknown>)[field] = structuredClone(value);
    }
    corrected.add(field.split('.')[0]!);
  }
  // A warning about a field a person has settled no longer applies; keep the others.
  out.warnings = corrected.size === 0 ? out.warnings : out.warnings.filter((w) => !warningConcerns(w, corrected));
  return out;
}

const WARNING_FIELDS: Array<[RegExp, string]> = [
  [/^Dokumenttypen/u, 'kind'], [/^Kommun/u, 'municipality'], [/^Organ/u, 'body'], [/^Datum/u, 'date'],
  [/^Inget parti/u, 'parties'], [/^Ingen underskrift/u, 'signatories'], [/^Interpellanten/u, 'interpellants'],
  [/^Mottagaren/u, 'addressee'], [/^Inga frågor/u, 'questions'],
];

function warningConcerns(warning: string, fields: Set<string>): boolean {
  return WARNING_FIELDS.some(([re, field]) => re.test(warning) && fields.has(field));
}

/** The field an extraction warning is about ("Datum saknas …" → "date"), or null for general ones. */
export function warningField(warning: string): string | null {
  return WARNING_FIELDS.find(([re]) => re.test(warning))?.[1] ?? null;
}
