/** First stage: refuse what must never be stored (empty, too large, hostile names) and fingerprint the bytes. */
import { createHash } from 'node:crypto';
import { IngestError } from '../errors.js';

/** Bidirectional text controls: "faktura\u202Efdp.exe" shows as "fakturaexe.pdf". Never part of an honest filename. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/gu;

/** Validates an uploaded filename and returns it NFC-normalised; path tricks and control characters are refused. */
export function validateFilename(raw: string | undefined): string {
  const name = (raw ?? '').normalize('NFC').trim();
  if (name === '') return 'dokument';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/u.test(name)) {
    throw new IngestError('bad_filename', 'Filnamnet innehåller otillåtna tecken (styrtecken). Byt namn på filen och försök igen.');
  }
  if (name.search(BIDI_CONTROLS) >= 0) {
    throw new IngestError('bad_filename', 'Filnamnet innehåller osynliga tecken som vänder textriktningen, så att namnet kan se ut som något annat. Byt namn på filen och försök igen.');
  }
  if (/(?:^|[\\/])\.\.(?:[\\/]|$)/u.test(name)) {
    throw new IngestError('bad_filename', 'Filnamnet får inte innehålla sökvägar som "../". Byt namn på filen och försök igen.');
  }
  // Some browsers send "C:\\Users\\…\\fil.pdf": only the last part is the file's name.
  const base = name.split(/[\\/]/u).pop()!.trim();
  if (base === '' || base === '.') throw new IngestError('bad_filename', 'Filnamnet saknas eller är ogiltigt.');
  if (Buffer.byteLength(base) > 255) {
    throw new IngestError('bad_filename', 'Filnamnet är för långt (högst 255 byte).');
  }
  return base;
}

/** Checks size limits and returns the sha256 of the bytes (hex). */
export function preflight(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.byteLength === 0) throw new IngestError('empty_file', 'Filen är tom. Välj en fil med innehåll.');
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  return createHash('sha256').update(bytes).digest('hex');
}

/** The error for an upload over the limit, worded with the limit in MB. */
export function tooLarge(maxBytes: number): IngestError {
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new IngestError('too_large', `Filen är för stor. Största tillåtna storlek är ${mb} MB.`);
}
