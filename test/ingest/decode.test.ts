import { describe, expect, it } from 'vitest';
import { decodeText, NotTextError } from '../../server/ingest/stages/decode.js';

const sentence = 'Åsa Öberg äter';
const bom8 = Buffer.from([0xef, 0xbb, 0xbf]);

describe('decodeText', () => {
  it.each([
    ['UTF-8', Buffer.from(sentence, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([bom8, Buffer.from(sentence, 'utf8')]), 'utf-8'],
    ['Latin-1', Buffer.from(sentence, 'latin1'), 'windows-1252'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sentence, 'utf16le')]), 'utf-16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(sentence, 'utf16le').swap16()]), 'utf-16be'],
  ] as const)('decodes %s without mojibake', (_name, bytes, encoding) => {
    const got = decodeText(bytes);
    expect(got).toEqual({ text: sentence, encoding });
    expect(got.text).not.toMatch(/Ã|Â|\ufffd|\ufeff/);
  });

  it('maps Windows-1252 punctuation at 0x80–0x9F, not C1 controls', () => {
    expect(decodeText(Buffer.from([0x93, 0x61, 0x94, 0x20, 0x80, 0x20, 0x96]))).toEqual({ text: '“a” € –', encoding: 'windows-1252' });
  });

  it('never re-decodes valid UTF-8 as Windows-1252 (no "Ã¥" double-encoding)', () => {
    const text = 'Överförmyndarnämnden – 5 000 € för året; Åre, Älvsbyn';
    expect(decodeText(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
  });

  it('returns empty text for empty input', () => {
    expect(decodeText(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('tolerates a DOS end-of-file marker and keeps form feeds', () => {
    expect(decodeText(Buffer.from('Sida 1\fSida 2\n\x1a', 'latin1')).text).toBe('Sida 1\fSida 2\n');
  });

  it.each([
    ['a PNG header', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])],
    ['a PDF with binary bytes', Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 12 >>\nstream\n', 'latin1'), Buffer.from([0x78, 0x9c, 0x00, 0x01, 0x02, 0x03, 0x8f, 0x1f, 0x05])])],
    ['a PDF stream without NUL bytes', Buffer.from('%PDF-1.4\nstream\n\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10 endstream', 'latin1')],
    ['UTF-16 without a BOM', Buffer.from(sentence, 'utf16le')],
  ])('refuses %s as NotTextError', (_name, bytes) => {
    expect(() => decodeText(bytes)).toThrow(NotTextError);
  });
});
