/**
 * Writes ZIP archives byte by byte for hostile-input tests: every size, flag and offset in the local
 * headers and the central directory can be set to a lie, and a deflate stream that inflates to a
 * gigabyte can be made in milliseconds without ever holding the gigabyte.
 */
import JSZip from 'jszip';
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** The bytes as they sit in the archive (already deflated for method 8). */
  data: Buffer;
  /** 0 stored, 8 deflate (the default). */
  method?: number;
  /** The size declared in both directories unless overridden below. */
  uncompressedSize: number;
  crc?: number;
  flags?: number;
  /** Fields of the local header that differ from the central directory's. */
  local?: Partial<{ name: string; method: number; flags: number; compressedSize: number; uncompressedSize: number; extra: Buffer }>;
  /** Write no local header and data for this entry; its central record points at `offset` instead. */
  offset?: number;
}

/** A local ZIP64 extra field (0x0001) with both sizes, as some writers add to every entry. */
export function zip64Extra(uncompressedSize: number, compressedSize: number): Buffer {
  const x = Buffer.alloc(20);
  x.writeUInt16LE(0x0001, 0);
  x.writeUInt16LE(16, 2);
  x.writeBigUInt64LE(BigInt(uncompressedSize), 4);
  x.writeBigUInt64LE(BigInt(compressedSize), 12);
  return x;
}

/** A deflated entry that tells the truth about its size. */
export function deflated(name: string, content: Buffer | string): RawEntry {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return { name, data: deflateRawSync(bytes), uncompressedSize: bytes.length, crc: crc32(bytes) };
}

/** A local file header (30 bytes, name, extra field) for an entry. */
export function localHeader(e: RawEntry): Buffer {
  const name = Buffer.from(e.local?.name ?? e.name, 'utf8');
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(e.local?.flags ?? e.flags ?? 0x0800, 6);
  h.writeUInt16LE(e.local?.method ?? e.method ?? 8, 8);
  h.writeUInt32LE(e.crc ?? 0, 14);
  h.writeUInt32LE(e.local?.compressedSize ?? e.data.length, 18);
  h.writeUInt32LE(e.local?.uncompressedSize ?? e.uncompressedSize, 22);
  h.writeUInt16LE(name.length, 26);
  const extra = e.local?.extra ?? Buffer.alloc(0);
  h.writeUInt16LE(extra.length, 28);
  return Buffer.concat([h, name, extra]);
}

/** An archive of the entries in order, each local header followed by its data, then the central directory. */
export function buildZip(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (const e of entries) {
    if (e.offset !== undefined) { offsets.push(e.offset); continue; }
    offsets.push(at);
    const head = localHeader(e);
    parts.push(head, e.data);
    at += head.length + e.data.length;
  }
  const cdStart = at;
  entries.forEach((e, i) => {
    const name = Buffer.from(e.name, 'utf8');
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(e.flags ?? 0x0800, 8);
    c.writeUInt16LE(e.method ?? 8, 10);
    c.writeUInt32LE(e.crc ?? 0, 16);
    c.writeUInt32LE(e.data.length, 20);
    c.writeUInt32LE(e.uncompressedSize, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offsets[i]!, 42);
    parts.push(c, name);
    at += c.length + name.length;
  });
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(at - cdStart, 12);
  end.writeUInt32LE(cdStart, 16);
  parts.push(end);
  return Buffer.concat(parts);
}

/**
 * A raw deflate stream of `head`, then `fill` bytes of spaces, then `tail`. Each 1 MiB of spaces is
 * one full-flush segment that references nothing before it, so one compressed segment repeated
 * makes any length: 1 GiB costs about a megabyte and no gigabyte is ever built.
 */
export function deflatedBomb(head: string, fill: number, tail: string): Buffer {
  const seg = 1024 * 1024;
  if (fill % seg !== 0) throw new Error('fill must be whole MiB');
  const full = { finishFlush: constants.Z_FULL_FLUSH, level: 9 };
  const spaces = deflateRawSync(Buffer.alloc(seg, 0x20), full);
  return Buffer.concat([
    deflateRawSync(Buffer.from(head, 'utf8'), full),
    ...Array.from({ length: fill / seg }, () => spaces),
    deflateRawSync(Buffer.from(tail, 'utf8')),
  ]);
}

/** The parts of a .docx made by the docx helper, name → content, to rebuild with buildZip. */
export async function docxParts(docx: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(docx);
  const out = new Map<string, Buffer>();
  for (const f of Object.values(zip.files)) if (!f.dir) out.set(f.name, await f.async('nodebuffer'));
  return out;
}

/**
 * A Word file whose word/document.xml declares `declared` bytes in both directories but inflates to
 * `fillMiB` MiB and a little (XML: the document's start, spaces, its end); the other parts are honest.
 */
export async function lyingDocx(docx: Buffer, fillMiB: number, declared: number): Promise<Buffer> {
  const parts = await docxParts(docx);
  const doc = parts.get('word/document.xml')!.toString('utf8');
  const cut = doc.indexOf('<w:body>') + '<w:body>'.length;
  const bomb = deflatedBomb(doc.slice(0, cut), fillMiB * 1024 * 1024, doc.slice(cut));
  return buildZip([...parts].map(([name, content]) => (name === 'word/document.xml'
    ? { name, data: bomb, uncompressedSize: declared }
    : deflated(name, content))));
}
