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

/** What a person may correct in one protocol paragraph; the field is "paragraphs[§ 79].title". */
export const PARAGRAPH_FIELDS = ['title', 'diarienummer', 'decision'] as const;
export type ParagraphFieldKey = (typeof PARAGRAPH_FIELDS)[number];

/**
 * The paragraph and key a paragraph field names, or null. Paragraphs are keyed by their number as
 * written, not their order, so a correction still finds its § when a better reading adds others.
 */
export function paragraphField(field: string): { number: string; key: ParagraphFieldKey } | null {
  const m = /^paragraphs\[(.{1,40})\]\.(\w+)$/u.exec(field);
  return m && (PARAGRAPH_FIELDS as readonly string[]).includes(m[2]!) ? { number: m[1]!, key: m[2] as ParagraphFieldKey } : null;
}

export function paragraphFieldName(number: string, key: ParagraphFieldKey): string {
  return `paragraphs[${number}].${key}`;
}

/** Applies corrections in order (a later one for the same field wins) to a copy of the extraction. */
export function overlayCorrections(extracted: ExtractedMetadata, corrections: FieldCorrection[]): ExtractedMetadata {
  const out = structuredClone(extracted);
  const corrected = new Set<string>();
  for (const { field, value } of corrections) {
    const pf = paragraphField(field);
    if (pf) {
      // A paragraph a newer reading no longer finds keeps its correction for when it is found again.
      const p = out.paragraphs?.find((x) => x.number === pf.number);
      if (p) p[pf.key] = value as string | null;
      continue;
    }
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
