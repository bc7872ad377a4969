/**
 * The ZIP guard trusts no size a .docx declares: parts are inflated with a hard limit on the bytes
 * actually produced, the two directories must agree, parts may not share bytes, and only stored and
 * deflate are read. Hostile archives are written byte by byte (test/helpers/zip.ts).
 */
import { deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { extractDocx } from '../../server/ingest/extractors/docx.js';
import { BadZipError, openZip, ZipBombError, DEFAULT_ZIP_LIMITS } from '../../server/ingest/extractors/zip-guard.js';
import { makeDocx } from '../helpers/docx.js';
import { buildZip, deflated, deflatedBomb, docxParts, localHeader, lyingDocx, zip64Extra, type RawEntry } from '../helpers/zip.js';

const MiB = 1024 * 1024;
const motion = () => makeDocx([{ heading: 'Motion om fler badplatser' }, { p: 'Vi föreslår att kommunen bygger fler bryggor.' }]);

/** A .docx rebuilt from its parts by buildZip, with `change` applied to the entries. */
async function rebuilt(change: (entries: RawEntry[]) => RawEntry[] = (e) => e): Promise<Buffer> {
  return buildZip(change([...(await docxParts(await motion()))].map(([name, content]) => deflated(name, content))));
}

const refusedAs = (message: RegExp) => ({ code: 'corrupt_document', statusCode: 422, message: expect.stringMatching(message) });

describe('a part that inflates past the size it declares', () => {
  it('is refused as a zip bomb once the declared size is passed, though both directories agree on 900 kB', async () => {
    const bomb = await lyingDocx(await motion(), 1024, 900 * 1024);
    const zip = openZip(bomb);
    expect(zip.entries.find((e) => e.name === 'word/document.xml')).toMatchObject({ uncompressedSize: 900 * 1024 });
    await expect(zip.read('word/document.xml')).rejects.toBeInstanceOf(ZipBombError);
    await expect(extractDocx(bomb)).rejects.toMatchObject(refusedAs(/^Word-filen vägras: delen word\/document\.xml packas upp till mer än de 900 kB den uppger\. Spara den som PDF/));
  });

  it('a part that inflates to less than it declares is broken, and so is a truncated deflate stream', async () => {
    const short = await rebuilt((es) => es.map((e) => (e.name === 'word/document.xml' ? { ...e, uncompressedSize: e.uncompressedSize + 10 } : e)));
    await expect(openZip(short).read('word/document.xml')).rejects.toThrow(/kortare än den uppger/);
    await expect(extractDocx(short)).rejects.toMatchObject(refusedAs(/^Word-filen är trasig \(delen word\/document\.xml är kortare/));
    const cut = await rebuilt((es) => es.map((e) => (e.name === 'word/document.xml' ? { ...e, data: e.data.subarray(0, e.data.length - 4) } : e)));
    await expect(extractDocx(cut)).rejects.toMatchObject(refusedAs(/går inte att packa upp/));
  });

  it('reads an honest part to exactly its bytes, stored or deflated', async () => {
    const xml = Buffer.from('<?xml version="1.0"?><a>räksmörgås</a>', 'utf8');
    const zip = openZip(buildZip([deflated('a.xml', xml), { name: 'b.xml', data: xml, method: 0, uncompressedSize: xml.length }]));
    expect((await zip.read('a.xml')).equals(xml)).toBe(true);
    expect((await zip.read('b.xml')).equals(xml)).toBe(true);
    expect(zip.has('a.xml') && !zip.has('c.xml')).toBe(true);
  });

  it('counts every read against the total, so reading a part again cannot get round it', async () => {
    const part = deflated('a.xml', Buffer.alloc(400 * 1024, 0x20));
    const zip = openZip(buildZip([part]), { ...DEFAULT_ZIP_LIMITS, maxTotal: MiB });
    await zip.read('a.xml');
    await zip.read('a.xml');
    await expect(zip.read('a.xml')).rejects.toBeInstanceOf(ZipBombError);
  });
});

describe('layout', () => {
  it('reads a .docx whose parts carry data descriptors (flag 3, local sizes zero), as streaming writers make them', async () => {
    const zip = await JSZip.loadAsync(await motion());
    const streamed = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', streamFiles: true });
    const files = openZip(streamed).entries.filter((e) => !e.name.endsWith('/'));
    expect(files.length > 0 && files.every((e) => (e.flags & 8) !== 0 && streamed.readUInt32LE(e.localOffset + 18) === 0)).toBe(true);
    expect((await extractDocx(streamed)).text).toMatch(/Motion om fler badplatser[\s\S]*fler bryggor/);
  });

  it('refuses local headers that disagree with the central directory about sizes, method or name', async () => {
    const local = (l: RawEntry['local']) => rebuilt((es) => es.map((e) => (e.name === 'word/document.xml' ? { ...e, local: l } : e)));
    for (const lie of [{ uncompressedSize: 100 }, { compressedSize: 3 }, { method: 0 }, { name: 'word/documenx.xml' }]) {
      await expect(extractDocx(await local(lie))).rejects.toMatchObject(refusedAs(/Word-filen är trasig \(delen word\/document\.xml beskrivs olika i filens två kataloger\)/));
    }
    expect(() => openZip(buildZip([deflated('a.xml', 'x'), { ...deflated('b.xml', 'y'), offset: 3 }]))).toThrow(/delen b\.xml hittas inte i filen/);
  });

  it('reads local headers that give their sizes in a ZIP64 field, when those sizes agree with the directory', async () => {
    const zip64 = (wrong: number) => rebuilt((es) => es.map((e) => ({
      ...e, local: { compressedSize: 0xffffffff, uncompressedSize: 0xffffffff, extra: zip64Extra(e.uncompressedSize + wrong, e.data.length) },
    })));
    expect((await extractDocx(await zip64(0))).text).toMatch(/fler bryggor/);
    await expect(extractDocx(await zip64(1))).rejects.toMatchObject(refusedAs(/beskrivs olika i filens två kataloger/));
    const bare = await rebuilt((es) => es.map((e) => (e.name === 'word/document.xml' ? { ...e, local: { uncompressedSize: 0xffffffff } } : e)));
    await expect(extractDocx(bare)).rejects.toMatchObject(refusedAs(/ZIP64 stöds inte/));
  });

  it('refuses methods other than stored and deflate, encryption, and a stored part with two sizes', async () => {
    const doc = (patch: Partial<RawEntry>) => rebuilt((es) => es.map((e) => (e.name === 'word/document.xml' ? { ...e, ...patch } : e)));
    await expect(extractDocx(await doc({ method: 12 }))).rejects.toMatchObject(refusedAs(/delen word\/document\.xml är packad med en metod \(12\) som inte stöds/));
    await expect(extractDocx(await doc({ method: 99 }))).rejects.toMatchObject(refusedAs(/metod \(99\)/));
    await expect(extractDocx(await doc({ flags: 0x0801 }))).rejects.toMatchObject(refusedAs(/krypterad/));
    await expect(extractDocx(await doc({ method: 0 }))).rejects.toMatchObject(refusedAs(/motstridiga storlekar/));
  });

  it('refuses parts that share bytes: one inside another, and two records of one part', async () => {
    // b.xml's local header and data sit inside a.xml's stored bytes: two honest-looking parts, one copy of the bytes.
    const inner = deflated('b.xml', Buffer.alloc(512 * 1024, 0x20));
    const a: RawEntry = { name: 'a.xml', data: Buffer.concat([localHeader(inner), inner.data]), method: 0, uncompressedSize: 0 };
    a.uncompressedSize = a.data.length;
    const nested = buildZip([a, { ...inner, offset: 30 + 'a.xml'.length }]);
    expect(() => openZip(nested)).toThrow(ZipBombError);
    expect(() => openZip(nested)).toThrow(/överlappar/);
    const part = deflated('word/document.xml', '<w:document/>');
    expect(() => openZip(buildZip([part, { ...part, offset: 0 }]))).toThrow(/finns två gånger/);
  });

  it('keeps the declared-size checks, the ZIP64 refusal and the part count', async () => {
    const big = deflated('a.xml', Buffer.alloc(10 * MiB, 0x20));
    expect(() => openZip(buildZip([big]))).toThrow(/packas upp \d+ gånger större/);
    expect(() => openZip(buildZip([{ ...deflated('a.xml', 'x'), uncompressedSize: 0xffffffff }]))).toThrow(ZipBombError);
    const many = buildZip(Array.from({ length: 30 }, (_, i) => deflated(`p${i}.xml`, 'x')));
    expect(() => openZip(many, { ...DEFAULT_ZIP_LIMITS, maxEntries: 20 })).toThrow(/för många delar/);
    const zip64 = buildZip([deflated('a.xml', 'x')]);
    zip64.writeUInt32LE(0xffffffff, zip64.length - 6);
    expect(() => openZip(zip64)).toThrow(BadZipError);
  });
});

describe('parts mammoth never needs are never inflated', () => {
  const IMAGE_DOC = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>'
    + '<w:p><w:r><w:t>Motion om badplatser vid sjöarna</w:t></w:r></w:p>'
    + '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Karta" descr="karta"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="rId9"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'
    + '</w:body></w:document>';

  it('an image that lies about its size is not read, the text is; a nested ZIP is only bytes', async () => {
    const parts = await docxParts(await motion());
    parts.set('word/document.xml', Buffer.from(IMAGE_DOC, 'utf8'));
    const rels = parts.get('word/_rels/document.xml.rels')!.toString('utf8')
      .replace('</Relationships>', '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/karta.png"/></Relationships>');
    parts.set('word/_rels/document.xml.rels', Buffer.from(rels, 'utf8'));
    parts.set('[Content_Types].xml', Buffer.from(parts.get('[Content_Types].xml')!.toString('utf8').replace('<Default Extension="xml"', '<Default Extension="png" ContentType="image/png"/><Default Extension="xml"'), 'utf8'));
    const entries = [...parts].map(([name, content]) => deflated(name, content));
    // 600 MiB behind a 1 kB claim: read, it would be refused; base64-encoded into the HTML, it would not fit in a string.
    entries.push({ name: 'word/media/karta.png', data: deflatedBomb('', 600 * MiB, ''), uncompressedSize: 1024 });
    entries.push(deflated('word/embeddings/paket.zip', await lyingDocx(await motion(), 64, 1024)));
    const docx = buildZip(entries);
    await expect(openZip(docx).read('word/media/karta.png')).rejects.toBeInstanceOf(ZipBombError);
    expect((await extractDocx(docx)).text).toMatch(/Motion om badplatser vid sjöarna/);
  });

  it('a plain (unsegmented) deflate stream claiming 1 kB and inflating to 64 MiB is refused', async () => {
    // 64 MiB of spaces in one ordinary deflate stream, claiming 1 kB.
    const data = deflateRawSync(Buffer.alloc(64 * MiB, 0x20));
    const zip = openZip(buildZip([{ name: 'a.xml', data, uncompressedSize: 1024 }]));
    await expect(zip.read('a.xml')).rejects.toThrow(/packas upp till mer än de 1 kB den uppger/);
  });
});
