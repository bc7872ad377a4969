/**
 * Reused paragraphs: each paragraph's normalised words get an exact hash and a MinHash
 * signature over word 3-shingles. Signatures are cut into bands; paragraphs sharing a band are
 * candidates (locality-sensitive hashing), so finding near-duplicates among millions of
 * paragraphs costs a few index lookups per paragraph instead of an all-pairs comparison.
 */
import crypto from 'node:crypto';
import { letterDigitRuns, lowerClean } from '../analysis/swedish.js';

/**
 * Words (with letters) a paragraph needs before its reuse means anything. Below this are signature
 * lines, OCR page footers ("Inkom den 29 april : Besvarad den 21 maj Prot. 1998/99:98") and set
 * phrases ("Med hänvisning till det anförda vill jag ställa följande frågor till statsrådet:").
 */
export const MIN_WORDS = 20;
export const BANDS = 6;
export const ROWS = 3;
export const SIGNATURE_SIZE = BANDS * ROWS;
/** Estimated Jaccard similarity below which a band collision is not worth verifying. */
export const MIN_ESTIMATE = 0.3;
/**
 * Share of the shorter paragraph's shingles found in the other: the same paragraph, re-wrapped or
 * lightly edited, or quoted whole inside a longer one ("… en trygg och säker kommun …" plus a sentence).
 */
export const MIN_CONTAINMENT = 0.8;

/** The document's paragraphs exactly as the document page numbers them (#s1 is index 0). */
export function splitParagraphs(text: string): string[] {
  return text.split(/\n\s*\n/).filter((p) => p.trim() !== '');
}

/** Words of a paragraph for comparison: NFC, no soft hyphens, lowercase (sv), letters and digits only. */
export function paragraphWords(paragraph: string): string[] {
  // Splitting at the other characters and dropping empty parts leaves the letter-and-digit runs.
  return letterDigitRuns(lowerClean(paragraph));
}

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a over a string, 32 bits, continuing from `h`. */
function fnv1a(s: string, h = FNV_OFFSET): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** fnv1a(`${a} ${b} ${c}`) without building the string (one per shingle otherwise). */
function fnv1a3(a: string, b: string, c: string): number {
  let h = fnv1a(a);
  h = Math.imul(h ^ 32, 0x01000193);
  h = fnv1a(b, h);
  h = Math.imul(h ^ 32, 0x01000193);
  return fnv1a(c, h);
}

/** Murmur3's finaliser: a cheap, well-mixed 32-bit permutation. */
function mix(x: number): number {
  x ^= x >>> 16; x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13; x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const SEEDS = Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix(0x9e3779b9 * (i + 1)));

/** One-shot hashing (crypto.hash, Node 20.12) skips the Hash object: seven per paragraph. */
const sha1Hex: (s: string) => string = typeof crypto.hash === 'function'
  ? (s) => crypto.hash('sha1', s, 'hex')
  : (s) => crypto.createHash('sha1').update(s).digest('hex');

/** 48 bits of SHA-1 as a safe integer (SQLite INTEGER, exact in JavaScript). */
function hash48(s: string): number {
  return parseInt(sha1Hex(s).slice(0, 12), 16);
}

export interface ParagraphFingerprint {
  position: number;
  /**
   * The paragraph's distinct shingles in first-seen order: a typed array, since the fingerprint is
   * posted from the analysis worker to the writer (a copy of bytes, where a Set is cloned entry by
   * entry) and the writer needs them as a set only to verify a rare candidate.
   */
  shingles: Uint32Array;
  exactHash: number;
  signature: Uint32Array;
  bands: number[];
}

/** Hashed word 3-shingles. */
export function shingles(words: string[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 2 < words.length; i++) out.add(fnv1a3(words[i]!, words[i + 1]!, words[i + 2]!));
  return out;
}

/** Containment of the smaller shingle set in the larger. */
export function containment(a: Set<number>, b: Set<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let hit = 0;
  for (const x of small) if (large.has(x)) hit++;
  return hit / small.size;
}

/** MinHash signature of a shingle set. */
export function minhash(set: Set<number>): Uint32Array {
  const sig = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const shingle of set) {
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      const h = mix(shingle ^ SEEDS[k]!);
      if (h < sig[k]!) sig[k] = h;
    }
  }
  return sig;
}

/** Band keys: one 48-bit hash per band, the band number included so bands never collide with each other. */
export function bandHashes(sig: Uint32Array): number[] {
  const out: number[] = [];
  for (let b = 0; b < BANDS; b++) out.push(hash48(`${b}:${Array.from(sig.subarray(b * ROWS, (b + 1) * ROWS)).join(',')}`));
  return out;
}

/** Share of equal signature positions: an unbiased estimate of the shingle sets' Jaccard similarity. */
export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}

/** Fingerprints of every paragraph long enough to compare, the first `limit` of them. */
export function fingerprintParagraphs(text: string, limit = Infinity): ParagraphFingerprint[] {
  const out: ParagraphFingerprint[] = [];
  const paragraphs = splitParagraphs(text);
  for (let position = 0; position < paragraphs.length && out.length < limit; position++) {
    const words = paragraphWords(paragraphs[position]!);
    if (!hasWordsWithLetters(words, MIN_WORDS)) continue;
    const set = shingles(words);
    const signature = minhash(set);
    out.push({ position, shingles: Uint32Array.from(set), exactHash: hash48(words.join(' ')), signature, bands: bandHashes(signature) });
  }
  return out;
}

/** True when at least `min` of the words hold a letter; stops counting there. */
function hasWordsWithLetters(words: string[], min: number): boolean {
  if (words.length < min) return false;
  let n = 0;
  for (const w of words) if (HAS_LETTER.test(w) && ++n >= min) return true;
  return false;
}
const HAS_LETTER = /\p{L}/u;

export function signatureToBuffer(sig: Uint32Array): Buffer {
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength);
}

export function signatureFromBuffer(buf: Buffer): Uint32Array {
  const copy = new Uint8Array(buf);
  return new Uint32Array(copy.buffer, 0, SIGNATURE_SIZE);
}
