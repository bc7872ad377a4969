/** Bytes → text: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252; binary is refused, never mis-decoded. */

/** Thrown when bytes are not text at all (an image or a PDF renamed to .txt). */
export class NotTextError extends Error {
  constructor(message = 'Filen innehåller binära data, inte text.') {
    super(message);
    this.name = 'NotTextError';
  }
}

/**
 * Thrown when bytes are UTF-8 with damage: real UTF-8 letters (å ä ö as two bytes) next to bytes that
 * are not UTF-8. Read as Windows-1252 every å would become "Ã¥", so the file is refused instead.
 */
export class BrokenUtf8Error extends Error {
  constructor(readonly offset: number) {
    super(`Filen är UTF-8 men skadad: byte ${offset} är inte giltig UTF-8.`);
    this.name = 'BrokenUtf8Error';
  }
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Decodes bytes with the encoding they are in; throws NotTextError for binary content. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes.length === 0) return { text: '', encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return checked(new TextDecoder('utf-16le').decode(bytes.subarray(2)), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return checked(new TextDecoder('utf-16be').decode(bytes.subarray(2)), 'utf-16be');
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    // fatal: invalid UTF-8 throws instead of yielding U+FFFD, which is how Latin-1 files are told apart.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(hasBom ? bytes.subarray(3) : bytes);
    return checked(text, 'utf-8');
  } catch (err) {
    if (err instanceof NotTextError) throw err;
    const damage = utf8Damage(hasBom ? bytes.subarray(3) : bytes);
    // Mostly good sequences with a few bad spots is damaged UTF-8; random bytes have far more bad than good.
    if (damage.valid > damage.invalidRuns || (hasBom && damage.valid > 0)) throw new BrokenUtf8Error(damage.firstInvalid + (hasBom ? 3 : 0));
    return checked(decodeWindows1252(bytes), 'windows-1252');
  }
}

/** Counts well-formed multi-byte UTF-8 sequences and runs of bytes that are not UTF-8, and finds the first. */
export function utf8Damage(bytes: Uint8Array): { valid: number; invalidRuns: number; firstInvalid: number } {
  let valid = 0;
  let invalidRuns = 0;
  let lastInvalid = -2;
  let firstInvalid = -1;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    // Lead bytes C2–F4 only: C0/C1 would be overlong, F5+ beyond Unicode.
    const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = n > 0 && i + n < bytes.length;
    for (let k = 1; ok && k <= n; k++) ok = i + k < bytes.length && (bytes[i + k]! & 0xc0) === 0x80;
    // Surrogates (ED A0–BF) and overlong three- and four-byte forms are not UTF-8 either.
    if (ok && b === 0xed && bytes[i + 1]! >= 0xa0) ok = false;
    if (ok && b === 0xe0 && bytes[i + 1]! < 0xa0) ok = false;
    if (ok && b === 0xf0 && bytes[i + 1]! < 0x90) ok = false;
    if (ok && b === 0xf4 && bytes[i + 1]! > 0x8f) ok = false;
    if (ok) {
      valid++;
      i += n + 1;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      if (lastInvalid !== i - 1) invalidRuns++;
      lastInvalid = i;
      i++;
    }
  }
  return { valid, invalidRuns, firstInvalid };
}

/** Windows-1252's printable characters at 0x80–0x9F; the five undefined positions stay C1 controls. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Decodes Windows-1252 by table: Node's TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1 controls. */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...chunk).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
  }
  return out;
}

/**
 * Refuses text with NUL bytes or many control characters: such "text" is a binary file. A DOS end-of-file
 * marker (Ctrl-Z) is dropped and one or two stray controls are tolerated, so old but real text files pass.
 */
function checked(decoded: string, encoding: TextEncoding): { text: string; encoding: TextEncoding } {
  const text = decoded.replace(/\x1a+$/u, '');
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) throw new NotTextError();
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c < 0xa0 && encoding !== 'windows-1252')) control++;
  }
  const share = control / Math.max(1, text.length);
  if (share > 0.1 || (control >= 3 && share > 0.01)) throw new NotTextError();
  return { text, encoding };
}
