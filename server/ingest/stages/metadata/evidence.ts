/**
 * Why each field has the value it has: the rule that decided it, how sure that rule is, and where
 * the value came from (the text, or a file's structured metadata such as the Riksdag's XML header).
 * The review page shows the least certain fields first; the extraction record keeps it all.
 */
export const EVIDENCE_FIELDS = [
  'kind', 'municipality', 'body', 'date', 'arende.number', 'arende.title', 'arende.diarienummer',
  'parties', 'signatories', 'interpellants', 'addressee', 'questions',
  // Only structured metadata (a file's own header) decides the title with evidence; the text rules build it.
  'title',
] as const;
export type EvidenceField = (typeof EVIDENCE_FIELDS)[number];

export interface FieldEvidence {
  /** The rule that decided, in Swedish for the reviewer: "signaturort (”Lund den 12 mars 2024”)". */
  rule: string;
  /** 0–1. */
  confidence: number;
  source: 'text' | 'structured';
}

export type Evidence = Partial<Record<EvidenceField, FieldEvidence>>;

/** Evidence from the text. */
export function byRule(rule: string, confidence: number): FieldEvidence {
  return { rule, confidence: Math.max(0, Math.min(1, Math.round(confidence * 100) / 100)), source: 'text' };
}

/** A field nothing in the text supports: empty, and said so. */
export const NOT_FOUND: FieldEvidence = { rule: 'inget i texten', confidence: 0.5, source: 'text' };

/** Fields in the order a reviewer should check them: least certain first. */
export function leastCertainFirst(evidence: Evidence): Array<[EvidenceField, FieldEvidence]> {
  return (Object.entries(evidence) as Array<[EvidenceField, FieldEvidence]>).sort((a, b) => a[1].confidence - b[1].confidence);
}
