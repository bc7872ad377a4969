/** Bytes → text: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252; binary is refused, never mis-decoded. */

/** Thrown when bytes are not text at all (an image or a PDF renamed to .txt). */
export class NotTextError extends Error {
  constructor(message = 'Filen innehåller binära data, inte text.') {
    super(message);
    this.name = 'NotTextError';
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
    return checked(decodeWindows1252(bytes), 'windows-1252');
  }
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
