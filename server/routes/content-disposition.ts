import { BIDI_CONTROLS } from '../ingest/stages/preflight.js';

/**
 * Content-Disposition for a stored filename: an ASCII fallback plus the exact UTF-8 name (RFC 6266/5987),
 * without bidi controls (names stored before uploads refused them), which would disguise the file's type.
 */
export function contentDisposition(stored: string): string {
  const filename = stored.replace(BIDI_CONTROLS, '') || 'dokument';
  const fallback = filename.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
