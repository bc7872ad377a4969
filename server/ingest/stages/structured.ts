/**
 * Structured metadata over the text rules: what a file states in its structure (the Riksdag's XML
 * header, a JSON export's keys) replaces what the rules read from its prose, and the evidence says so.
 * Pure: a parse and the structured values in, the merged parse out.
 */
import type { ExtractedMetadata, StructuredField, StructuredMetadata } from '../types.js';
import type { ParsedDocument } from './metadata/parse-metadata.js';
import { warnAboutGaps } from './metadata/parse-metadata.js';
import type { Evidence } from './metadata/evidence.js';

/** A file's own header is surer than any text rule, but people still type it. */
export const STRUCTURED_CONFIDENCE = 0.98;

const LABELS: Record<StructuredField, string> = {
  kind: 'dokumenttyp', title: 'titel', municipality: 'kommun/region', body: 'organ', date: 'datum', 'arende.title': 'ärendets rubrik',
  parties: 'partier', signatories: 'undertecknare', interpellants: 'interpellanter', addressee: 'mottagare',
};

function gaps(m: ExtractedMetadata): string[] {
  const out: string[] = [];
  warnAboutGaps(m, out, false);
  return out;
}

export function applyStructured(parsed: ParsedDocument, structured: StructuredMetadata | undefined): ParsedDocument {
  if (!structured) return parsed;
  const fields = Object.keys(structured.from) as StructuredField[];
  if (fields.length === 0) return parsed;
  const before = parsed.metadata;
  const v = structured.values;
  const m: ExtractedMetadata = { ...before, arende: { ...before.arende }, warnings: [...before.warnings] };
  const evidence: Evidence = { ...parsed.evidence };
  for (const field of fields) {
    switch (field) {
      case 'kind': if (v.kind) m.kind = v.kind; break;
      case 'title': if (v.title) m.title = v.title; break;
      case 'municipality': if (v.municipality !== undefined) m.municipality = v.municipality; break;
      case 'body': if (v.body !== undefined) m.body = v.body; break;
      case 'date': if (v.date) m.date = v.date; break;
      case 'arende.title': if (v.arendeTitle) m.arende.title = v.arendeTitle; break;
      case 'parties': if (v.parties) m.parties = v.parties; break;
      case 'signatories': if (v.signatories) m.signatories = v.signatories; break;
      case 'interpellants': if (v.interpellants) m.interpellants = v.interpellants; break;
      case 'addressee': if (v.addressee) m.addressee = v.addressee; break;
    }
    evidence[field] = { rule: `strukturerad metadata (${structured.from[field]})`, confidence: STRUCTURED_CONFIDENCE, source: 'structured' };
  }
  // Take back the warnings about gaps the structure filled, and the guess at a kind it states.
  const filled = new Set(gaps(before).filter((w) => !gaps(m).includes(w)));
  m.warnings = m.warnings.filter((w) => !filled.has(w) && !(structured.from.kind && w.startsWith('Dokumenttypen står inte i texten')));
  // The extraction record says which fields the file's structure gave.
  m.warnings.push(`Ur filens strukturerade metadata (${structured.format}): ${fields.map((f) => LABELS[f]).join(', ')}.`);
  const confidence = structured.from.kind
    ? Math.max(parsed.confidence, Math.round((STRUCTURED_CONFIDENCE - 0.05 * gaps(m).length) * 100) / 100)
    : parsed.confidence;
  return {
    metadata: m, confidence, evidence,
    kindReason: structured.from.kind ? `strukturerad metadata (${structured.from.kind})` : parsed.kindReason,
  };
}
