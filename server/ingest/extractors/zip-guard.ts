/**
 * Reads a ZIP archive (a .docx) without trusting it. The central directory is checked before anything
 * is inflated: declared sizes against the limits, ZIP64, part count, and the layout (each local header
 * agrees with its directory record, methods are stored or deflate, no two parts share bytes). Sizes
 * are only claims, so a part is inflated on demand with a hard limit on the bytes actually produced:
 * a part that inflates past the size it declares is refused at that point, having cost at most its
 * declared size (a zip bomb that claims 900 kB and inflates to 1 GB stops after 900 kB).
 *
 * Pure functions on a Buffer: the same on the main thread and in a worker.
 */
import { inflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** 0 stored, 8 deflate; anything else is refused by `openZip`. */
  method: number;
  flags: number;
  /** Where its local header starts. */
  localOffset: number;
}

/** The archive is broken or uses something we do not read (ZIP64, encryption, another method). */
export class BadZipError extends Error {}
/** The archive is refused as hostile: it inflates past the limits, or lies about how far. */
export class ZipBombError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;

export interface ZipLimits {
  /** Bytes all parts together may inflate to, declared and real. */
  maxTotal: number;
  /** How many times larger than stored a part above 1 MB may declare to be. */
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotal: 200 * 1024 * 1024, maxRatio: 200, maxEntries: 5000 };

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readDirectory(buf: Buffer, maxEntries: number): { entries: ZipEntry[]; rawNames: Buffer[]; directoryOffset: number } {
  // The end record sits in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) throw new BadZipError('ZIP-katalogen saknas');
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const directoryOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff || size === 0xffffffff) throw new BadZipError('ZIP64 stöds inte');
  if (count > maxEntries) throw new BadZipError(`för många delar (${count})`);
  if (directoryOffset + size > eocd) throw new BadZipError('ZIP-katalogen pekar utanför filen');
  const entries: ZipEntry[] = [];
  const rawNames: Buffer[] = [];
  let offset = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > eocd || buf.readUInt32LE(offset) !== CENTRAL) throw new BadZipError('trasig ZIP-katalog');
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    if (offset + 46 + nameLength > eocd) throw new BadZipError('trasig ZIP-katalog');
    const rawName = buf.subarray(offset + 46, offset + 46 + nameLength);
    rawNames.push(rawName);
    entries.push({
      name: rawName.toString('utf8'),
      flags: buf.readUInt16LE(offset + 8),
      method: buf.readUInt16LE(offset + 10),
      compressedSize: buf.readUInt32LE(offset + 20),
      uncompressedSize: buf.readUInt32LE(offset + 24),
      localOffset: buf.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, rawNames, directoryOffset };
}

/** The entries of a ZIP archive, from its central directory. Throws BadZipError when the directory is unreadable. */
export function zipEntries(bytes: Uint8Array, maxEntries = DEFAULT_ZIP_LIMITS.maxEntries): ZipEntry[] {
  return readDirectory(asBuffer(bytes), maxEntries).entries;
}

/** Limits on the declared sizes: all parts together at most `maxTotal`, no part above 1 MB more than `maxRatio` times its stored size. */
export function checkZipBomb(entries: ZipEntry[], maxTotal = DEFAULT_ZIP_LIMITS.maxTotal, maxRatio = DEFAULT_ZIP_LIMITS.maxRatio): string | null {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize > e.compressedSize * maxRatio) {
      return `delen ${e.name} packas upp ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))} gånger större`;
    }
  }
  return total > maxTotal ? `innehållet packas upp till ${Math.round(total / 1024 / 1024)} MB` : null;
}

/** The sizes (uncompressed, compressed) in a local header's ZIP64 extra field, or null. */
function localZip64Sizes(extra: Buffer): [number, number] | null {
  for (let i = 0; i + 4 <= extra.length;) {
    const id = extra.readUInt16LE(i);
    const size = extra.readUInt16LE(i + 2);
    if (id === 0x0001 && size >= 16 && i + 4 + 16 <= extra.length) {
      return [Number(extra.readBigUInt64LE(i + 4)), Number(extra.readBigUInt64LE(i + 12))];
    }
    i += 4 + size;
  }
  return null;
}

/** An archive whose layout has been checked; `read` inflates one part with a hard limit. */
export interface CheckedZip {
  entries: ZipEntry[];
  /** True for a file (not a folder) of that name. */
  has(name: string): boolean;
  /** The part's bytes, inflated to exactly its declared size or refused (ZipBombError, BadZipError). */
  read(name: string): Promise<Buffer>;
}

const kB = (n: number) => `${Math.max(1, Math.round(n / 1024)).toLocaleString('sv-SE')} kB`;

/**
 * Checks a ZIP archive's directory, declared sizes and layout, all in one pass over its records
 * (and one sort of them); nothing is inflated here. Throws BadZipError or ZipBombError.
 */
export function openZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): CheckedZip {
  const buf = asBuffer(bytes);
  const { entries, rawNames, directoryOffset } = readDirectory(buf, limits.maxEntries);
  const bomb = checkZipBomb(entries, limits.maxTotal, limits.maxRatio);
  if (bomb) throw new ZipBombError(bomb);

  const parts = new Map<string, { entry: ZipEntry; start: number }>();
  const spans: Array<[number, number]> = [];
  for (const [i, e] of entries.entries()) {
    if (e.flags & FLAG_ENCRYPTED) throw new BadZipError(`delen ${e.name} är krypterad`);
    if (e.method !== 0 && e.method !== 8) throw new BadZipError(`delen ${e.name} är packad med en metod (${e.method}) som inte stöds`);
    if (e.compressedSize === 0xffffffff || e.uncompressedSize === 0xffffffff || e.localOffset === 0xffffffff) throw new BadZipError('ZIP64 stöds inte');
    if (e.method === 0 && e.compressedSize !== e.uncompressedSize) throw new BadZipError(`delen ${e.name} har motstridiga storlekar`);
    // Two records of one name: readers disagree on which one counts, so neither does.
    if (parts.has(e.name)) throw new BadZipError(`delen ${e.name} finns två gånger`);

    const at = e.localOffset;
    if (at + 30 > directoryOffset || buf.readUInt32LE(at) !== LOCAL) throw new BadZipError(`delen ${e.name} hittas inte i filen`);
    const flags = buf.readUInt16LE(at + 6);
    const method = buf.readUInt16LE(at + 8);
    const nameLength = buf.readUInt16LE(at + 26);
    const extraLength = buf.readUInt16LE(at + 28);
    const start = at + 30 + nameLength + extraLength;
    const end = start + e.compressedSize;
    if (end > directoryOffset) throw new BadZipError(`delen ${e.name} pekar utanför filen`);
    let compressed = buf.readUInt32LE(at + 18);
    let uncompressed = buf.readUInt32LE(at + 22);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) {
      // Some writers put ZIP64 sizes in every local header (both, in its 0x0001 field) though the directory needs none.
      const zip64 = localZip64Sizes(buf.subarray(start - extraLength, start));
      if (!zip64) throw new BadZipError('ZIP64 stöds inte');
      [uncompressed, compressed] = zip64;
    }
    // Readers that follow the local header must see the same part as those that follow the directory.
    const sameName = buf.subarray(at + 30, at + 30 + nameLength).equals(rawNames[i]!);
    const sameFlags = (flags & (FLAG_ENCRYPTED | FLAG_DESCRIPTOR)) === (e.flags & (FLAG_ENCRYPTED | FLAG_DESCRIPTOR));
    // With a data descriptor (flag 3) the local sizes may be zero; the directory has the real ones.
    const sameSizes = (compressed === e.compressedSize && uncompressed === e.uncompressedSize)
      || ((flags & FLAG_DESCRIPTOR) !== 0 && compressed === 0 && uncompressed === 0);
    if (!sameName || !sameFlags || method !== e.method || !sameSizes) {
      throw new BadZipError(`delen ${e.name} beskrivs olika i filens två kataloger`);
    }
    parts.set(e.name, { entry: e, start });
    spans.push([at, end]);
  }
  // Parts that share bytes make a small file inflate many times over (an overlapping-file bomb).
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]![0] < spans[i - 1]![1]) throw new ZipBombError('delar av filen överlappar varandra');
  }

  let inflated = 0;
  return {
    entries,
    has: (name) => parts.has(name) && !name.endsWith('/'),
    async read(name) {
      const part = parts.get(name);
      if (!part) throw new BadZipError(`delen ${name} saknas`);
      const { entry, start } = part;
      const data = buf.subarray(start, start + entry.compressedSize);
      // Every read counts, so reading a part again cannot get round the total.
      if (inflated + entry.uncompressedSize > limits.maxTotal) throw new ZipBombError(`innehållet packas upp till mer än ${Math.round(limits.maxTotal / 1024 / 1024)} MB`);
      inflated += entry.uncompressedSize;
      if (entry.method === 0) return data;
      const out = await new Promise<Buffer>((resolve, reject) => {
        // One byte more than declared is allowed to come out, so a lie is seen; zlib stops right there.
        inflateRaw(data, { maxOutputLength: entry.uncompressedSize + 1 }, (err, result) => {
          if (!err) resolve(result);
          else if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
            reject(new ZipBombError(`delen ${name} packas upp till mer än de ${kB(entry.uncompressedSize)} den uppger`));
          } else reject(new BadZipError(`delen ${name} går inte att packa upp`));
        });
      });
      if (out.length > entry.uncompressedSize) throw new ZipBombError(`delen ${name} packas upp till mer än de ${kB(entry.uncompressedSize)} den uppger`);
      if (out.length < entry.uncompressedSize) throw new BadZipError(`delen ${name} är kortare än den uppger`);
      return out;
    },
  };
}
