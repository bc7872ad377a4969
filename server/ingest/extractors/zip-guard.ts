/**
 * Reads a ZIP's central directory without inflating anything, so a DOCX that would expand to
 * gigabytes (a zip bomb) or holds thousands of parts is refused before any library opens it.
 */
export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export class BadZipError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** The entries of a ZIP archive, from its central directory. Throws BadZipError when the directory is unreadable. */
export function zipEntries(bytes: Uint8Array, maxEntries = 5000): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record sits in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) throw new BadZipError('ZIP-katalogen saknas');
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  let offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new BadZipError('ZIP64 stöds inte');
  if (count > maxEntries) throw new BadZipError(`för många delar (${count})`);
  if (offset + size > buf.length) throw new BadZipError('ZIP-katalogen pekar utanför filen');
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== CENTRAL) throw new BadZipError('trasig ZIP-katalog');
    const compressedSize = buf.readUInt32LE(offset + 20);
    const uncompressedSize = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    const name = buf.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    entries.push({ name, compressedSize, uncompressedSize });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Limits for an office document: its parts together may not inflate past `maxTotal`, nor any part by more than `maxRatio`. */
export function checkZipBomb(entries: ZipEntry[], maxTotal = 200 * 1024 * 1024, maxRatio = 200): string | null {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize > e.compressedSize * maxRatio) {
      return `delen ${e.name} packas upp ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))} gånger större`;
    }
  }
  return total > maxTotal ? `innehållet packas upp till ${Math.round(total / 1024 / 1024)} MB` : null;
}
