import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseDocument, normaliseText } from '../../server/ingest/stages/normalise.js';
import { decodeText, NotTextError } from '../../server/ingest/stages/decode.js';
import { decodeEntities } from '../../server/ingest/stages/entities.js';

const seed = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/seed', name), 'utf8');

describe('decodeText', () => {
  const sentence = 'Åsa Öberg äter';
  it('reads UTF-8 with and without BOM', () => {
    expect(decodeText(Buffer.from(sentence, 'utf8'))).toEqual({ text: sentence, encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sentence, 'utf8')]))).toEqual({ text: sentence, encoding: 'utf-8' });
  });
  it('reads Latin-1 / Windows-1252 without mojibake', () => {
    expect(decodeText(Buffer.from(sentence, 'latin1'))).toEqual({ text: sentence, encoding: 'windows-1252' });
    expect(decodeText(Buffer.from([0x93, 0x61, 0x94, 0x20, 0x80]))).toEqual({ text: '“a” €', encoding: 'windows-1252' });
  });
  it('reads UTF-16 with a BOM', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sentence, 'utf16le')])).text).toBe(sentence);
  });
  it('refuses binary', () => {
    expect(() => decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toThrow(NotTextError);
    expect(() => decodeText(Buffer.from('%PDF-1.4\n\u0000\u0001\u0002stream', 'latin1'))).toThrow(NotTextError);
  });
});

describe('normaliseText', () => {
  it('joins words hyphenated at line ends, but not before och/eller/samt', () => {
    expect(normaliseText('beslut i kommun-\nstyrelsen om bygg-\noch anläggningsfrågor')).toBe('beslut i kommunstyrelsen om bygg- och anläggningsfrågor');
    expect(normaliseText('Det påstås att EES är ett lydstatsav- tal och att vi måste ansluta oss.')).toBe('Det påstås att EES är ett lydstatsavtal och att vi måste ansluta oss.');
    expect(normaliseText('kamera- och väktarbevakning, barn- ungdoms- och äldrefrågor')).toBe('kamera- och väktarbevakning, barn- ungdoms- och äldrefrågor');
  });

  it('removes soft hyphens, decodes entities and normalises spaces', () => {
    expect(normaliseText('infly\u00adtande &amp; r&auml;tt&#229;\u00a0nu')).toBe('inflytande & rättå nu');
    expect(decodeEntities('&lt;b&gt; &#xE5; &unknown;')).toBe('<b> å &unknown;');
  });

  it('strips Markdown heading and bold markers', () => {
    expect(normaliseText('## **PROTOKOLLSANTECKNING**\n\n### **Ärende 11: Uppföljning**')).toBe('PROTOKOLLSANTECKNING\n\nÄrende 11: Uppföljning');
  });

  it('keeps a signature block line by line, repeated group lines included', () => {
    const text = normaliseText(seed('000_22e373b5829b3816.txt'));
    expect(text.endsWith('För Socialdemokraterna\n\nFör Socialdemokraterna\n\nRasmus Lenefors\n\nPran Malhotra\n\nBritt Flodetorp (suppleantyttrande)')).toBe(true);
    expect(normaliseText('Daniel Dronjak (M)\nKommunstyrelsens ordförande')).toBe('Daniel Dronjak (M)\nKommunstyrelsens ordförande');
  });

  it('unwraps hard-wrapped prose into one paragraph', () => {
    const text = normaliseText(seed('003_4ffd3fd1c5ddf01f.txt'));
    expect(text).toContain('Huddinge är i många avseenden en trygg och säker kommun att bo, leva och verka i. Flera bra rutiner och strukturer finns också på plats för att öka tryggheten. Bland dem kan nämnas en god samverkan med lokalpolisen,');
    expect(text.startsWith('Ärende 22: Huddinge kommuns preventionsarbete - beslut om instruktioner för referensgrupp samt val av ledamöter till densamma\n\n')).toBe(true);
  });

  it('joins a paragraph cut by a page break', () => {
    expect(normaliseText('har skapat otrygghet hos boende, däribland skjutningar och annan\n\ngrov brottslighet.')).toBe('har skapat otrygghet hos boende, däribland skjutningar och annan grov brottslighet.');
  });

  it('drops repeated page headers and page numbers between form feeds, and keeps them as hints', () => {
    const raw = '§ 80 Ärendenummer SLK-2025-00757\n\nPlaneringsbeslut för Backaplan\nBeslut\n\nEnligt kommunstyrelsens förslag.\n\n14 (76)\n\n\f' +
      'Kommunfullmäktige\n\nOmröstning\n\nProtokoll nr 3\nSammanträdesdatum: 2026-03-26\n\nOmröstningen utfaller med 43 Ja mot 28 Nej.\n\n15 (76)\n\n\f' +
      'Kommunfullmäktige\n\nProtokoll nr 3\nSammanträdesdatum: 2026-03-26';
    const { text, furniture } = normaliseDocument(raw);
    expect(text).not.toMatch(/Protokoll nr 3|Sammanträdesdatum|\(76\)/);
    expect(text).toContain('Omröstningen utfaller med 43 Ja mot 28 Nej.');
    expect(furniture).toEqual(expect.arrayContaining(['Kommunfullmäktige', 'Protokoll nr 3', 'Sammanträdesdatum: 2026-03-26']));
  });

  it('drops OCR running heads without form feeds, but not other repeated lines', () => {
    const raw = 'Första stycket om EES och avtalet.\n\nInterpellationer1994/95:1 - 154\n\n3\n\nInterpellationer1994/95:1 - 154\n\n4\n\n' +
      'Andra stycket.\n\nInterpellationer1994/95:1 - 154\n\n5\n\nFör Socialdemokraterna\n\nFör Socialdemokraterna';
    const text = normaliseText(raw);
    expect(text).not.toContain('Interpellationer1994/95');
    expect(text).not.toMatch(/^\d$/m);
    expect(text.match(/För Socialdemokraterna/g)).toHaveLength(2);
  });

  it('turns flattened columns into tabs and keeps those lines apart', () => {
    expect(normaliseText('Robert Hammarstrand (S)        Helena Norin (MP)\nKommunalråd')).toBe('Robert Hammarstrand (S)\tHelena Norin (MP)\nKommunalråd');
  });

  it('splits PDF text without blank lines into heading lines and prose paragraphs', () => {
    const raw = 'Kommunfullmäktige\n2022-03-14\nÄrende 7: Budget för år 2023 med plan för åren 2024–2025\n' +
      'Vi reserverar oss mot beslutet eftersom förslaget innebär att äldreomsorgen får mindre\nresurser än behovet kräver. Det drabbar de äldre i Vårby.\n' +
      'Därför yrkade vi avslag på förslaget i sin helhet och lade fram ett eget förslag som\nfinansieras inom ramen.';
    expect(normaliseText(raw)).toBe('Kommunfullmäktige\n2022-03-14\nÄrende 7: Budget för år 2023 med plan för åren 2024–2025\n\n' +
      'Vi reserverar oss mot beslutet eftersom förslaget innebär att äldreomsorgen får mindre resurser än behovet kräver. Det drabbar de äldre i Vårby.\n\n' +
      'Därför yrkade vi avslag på förslaget i sin helhet och lade fram ett eget förslag som finansieras inom ramen.');
  });

  it('normalises Windows line endings and Unicode to NFC', () => {
    expect(normaliseText('A\u030asa\r\nÖberg')).toBe('Åsa\nÖberg');
  });
});
