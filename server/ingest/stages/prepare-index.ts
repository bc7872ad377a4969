/**
 * The index stage's pure half: what the search index and the reused-paragraph lookup need from a
 * document's text (its body analysed into stems and exact words, its paragraphs fingerprinted),
 * computed where the analysis runs, in a worker, so the write transaction on the main thread only
 * writes. It depends on the text alone, never on metadata a reviewer may still change.
 */
import crypto from 'node:crypto';
import { indexAndExactTokens } from '../../analysis/swedish.js';
import { fingerprintParagraphs, type ParagraphFingerprint } from '../../linking/paragraphs.js';
import { indexedText, MAX_FINGERPRINTED } from '../../../db/index-budget.js';

export interface PreparedIndex {
  /** Which text this was prepared from (sha1 of the indexed text): a copy made for another text is not used. */
  digest: string;
  /** The indexed text's stems, as the search index's body column holds them. */
  bodyTokens: string;
  /** The indexed text's exact words. */
  bodyExact: string;
  fingerprints: ParagraphFingerprint[];
}

export function prepareIndex(text: string): PreparedIndex {
  const indexed = indexedText(text);
  const { stems, exact } = indexAndExactTokens(indexed);
  return { digest: sha1Hex(indexed), bodyTokens: stems, bodyExact: exact, fingerprints: fingerprintParagraphs(indexed, MAX_FINGERPRINTED) };
}

export function digestOf(text: string): string {
  return sha1Hex(indexedText(text));
}

/** One-shot hashing (crypto.hash, Node 20.12) skips the Hash object; same digest. */
const sha1Hex: (s: string) => string = typeof crypto.hash === 'function'
  ? (s) => crypto.hash('sha1', s, 'hex')
  : (s) => crypto.createHash('sha1').update(s).digest('hex');

/** The prepared index when it was made from this text, else undefined (the write analyses the text itself). */
export function preparedFor(text: string, prepared: PreparedIndex | undefined): PreparedIndex | undefined {
  return prepared && prepared.digest === digestOf(text) ? prepared : undefined;
}

/** A JSON-safe copy (sets and typed arrays as arrays), for an upload held for review. */
export function preparedToJson(p: PreparedIndex): unknown {
  return { ...p, fingerprints: p.fingerprints.map((f) => ({ ...f, shingles: [...f.shingles], signature: [...f.signature] })) };
}

export function preparedFromJson(json: unknown): PreparedIndex | undefined {
  const p = json as { digest?: unknown; bodyTokens?: unknown; bodyExact?: unknown; fingerprints?: Array<Omit<ParagraphFingerprint, 'shingles' | 'signature'> & { shingles: number[]; signature: number[] }> } | null;
  if (!p || typeof p.digest !== 'string' || typeof p.bodyTokens !== 'string' || typeof p.bodyExact !== 'string' || !Array.isArray(p.fingerprints)) return undefined;
  return {
    digest: p.digest, bodyTokens: p.bodyTokens, bodyExact: p.bodyExact,
    fingerprints: p.fingerprints.map((f) => ({ ...f, shingles: Uint32Array.from(f.shingles), signature: Uint32Array.from(f.signature) })),
  };
}
