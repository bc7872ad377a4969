/** Runs the pure text stages (decode → normalise → parse) on a file's bytes, as the pipeline does. */
import { decodeText } from '../../server/ingest/stages/decode.js';
import { normaliseDocument } from '../../server/ingest/stages/normalise.js';
import { parseMetadata } from '../../server/ingest/stages/metadata/parse-metadata.js';
import type { ExtractedMetadata } from '../../server/ingest/types.js';

/** Metadata for a text file's bytes. */
export function extractFromBytes(bytes: Uint8Array): ExtractedMetadata {
  const { text, furniture } = normaliseDocument(decodeText(bytes).text);
  return parseMetadata(text, furniture).metadata;
}

/** The contract fields golden fixtures compare (title and warnings are prose, checked elsewhere). */
export const COMPARED_FIELDS = ['kind', 'municipality', 'body', 'date', 'arende', 'parties', 'signatories', 'interpellants', 'addressee', 'questions'] as const;

/** Fields whose extracted value differs from the expected one (only fields present in `expected`). */
export function differingFields(got: ExtractedMetadata, expected: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const field of COMPARED_FIELDS) {
    if (!(field in expected)) continue;
    const want = expected[field];
    const have = got[field] as unknown;
    if (field === 'arende' && want && typeof want === 'object') {
      for (const [k, v] of Object.entries(want)) {
        if (JSON.stringify((have as Record<string, unknown>)[k]) !== JSON.stringify(v)) out.push(`arende.${k}`);
      }
    } else if (JSON.stringify(have) !== JSON.stringify(want)) {
      out.push(field);
    }
  }
  return out;
}
