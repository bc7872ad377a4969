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
  /**
   * The distinct stems and exact words of the body as the vocabularies count them: a large text's
   * tokens were split and deduplicated on the writing thread, some 20 MB of short-lived strings per
   * megabyte of text, where the import's memory peaked.
   */
  bodyTerms: string[];
  bodyWords: string[];
  fingerprints: ParagraphFingerprint[];
}

export function prepareIndex(text: string): PreparedIndex {
  const indexed = indexedText(text);
  const { stems, exact } = indexAndExactTokens(indexed);
  return {
    digest: sha1Hex(indexed), bodyTokens: stems, bodyExact: exact,
    bodyTerms: [...addTerms(stems, new Set())], bodyWords: [...addWords(exact, new Set())],
    fingerprints: fingerprintParagraphs(indexed, MAX_FINGERPRINTED),
  };
}

/** Adds a field's distinct stems, as the stem vocabulary counts them (two characters or more). */
export function addTerms(tokens: string, into: Set<string>): Set<string> {
  for (const t of tokens.split(' ')) if (t.length >= 2) into.add(t);
  return into;
}

/** Adds a field's distinct exact words, as the word vocabulary counts them (three characters or more, not only digits). */
export function addWords(exact: string, into: Set<string>): Set<string> {
  for (const w of exact.split(' ')) if (w.length >= 3 && !/^\d+$/.test(w)) into.add(w);
  return into;
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
  const p = json as { digest?: unknown; bodyTokens?: unknown; bodyExact?: unknown; bodyTerms?: unknown; bodyWords?: unknown; fingerprints?: Array<Omit<ParagraphFingerprint, 'shingles' | 'signature'> & { shingles: number[]; signature: number[] }> } | null;
  if (!p || typeof p.digest !== 'string' || typeof p.bodyTokens !== 'string' || typeof p.bodyExact !== 'string' || !Array.isArray(p.fingerprints)) return undefined;
  // Held by an older version without the distinct terms: the write analyses the text itself.
  if (!isStrings(p.bodyTerms) || !isStrings(p.bodyWords)) return undefined;
  return {
    digest: p.digest, bodyTokens: p.bodyTokens, bodyExact: p.bodyExact, bodyTerms: p.bodyTerms, bodyWords: p.bodyWords,
    fingerprints: p.fingerprints.map((f) => ({ ...f, shingles: Uint32Array.from(f.shingles), signature: Uint32Array.from(f.signature) })),
  };
}

function isStrings(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string');
}
