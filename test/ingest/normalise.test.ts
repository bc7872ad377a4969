import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseDocument, normaliseText } from '../../server/ingest/stages/normalise.js';
import { decodeEntities } from '../../server/ingest/stages/entities.js';

const seed = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/seed', name), 'utf8');

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

describe('normaliseText on real corpus excerpts', () => {
  // Göteborg KF 2026-03-26 § 81 (pdftotext): form feeds, page headers, "16 (76)" page numbers, hard wraps.
  const goteborg = 'Yrkanden\n\nBlerta Hoti Singh (S), Eva Ternegren (MP), Grith Fjeldmose (V) och\nAnnaSara Perslow (C) yrkar bifall till kommunstyrelsens förslag.\n' +
    'Kalle Bäck (KD) yrkar att ärendet ska återremitteras till kommunstyrelsen enligt yrkande\nfrån KD i kommunstyrelsen.\n\n' +
    'Beslutsgång\n\nDå ärendet återremitterades vid sammanträdet den 27 november 2025, § 494 genom en\nminoritetsåterremiss så krävs det vid dagens sammanträde att en majoritet biträder\nyrkandet om återremiss.\n\n16 (76)\n\n' +
    '\fKommunfullmäktige\n\nPropositionsordning\n\nProtokoll nr 3\nSammanträdesdatum: 2026-03-26\n\n' +
    'Ordföranden ställer först propositioner på dels ärendets återremiss och dels ärendets\navgörande idag och finner att kommunfullmäktige beslutat avgöra ärendet vid dagens\nsammanträde.\n\n' +
    'Protokollsutdrag skickas till\nKulturnämnden\nHigab AB\n\n17 (76)\n\n\fKommunfullmäktige\n\nProtokoll nr 3\nSammanträdesdatum: 2026-03-26';

  it('drops Göteborg page headers and page numbers and unwraps the prose', () => {
    const { text, furniture } = normaliseDocument(goteborg);
    expect(text).toBe(
      'Yrkanden\n\n' +
      'Blerta Hoti Singh (S), Eva Ternegren (MP), Grith Fjeldmose (V) och AnnaSara Perslow (C) yrkar bifall till kommunstyrelsens förslag.\n\n' +
      'Kalle Bäck (KD) yrkar att ärendet ska återremitteras till kommunstyrelsen enligt yrkande från KD i kommunstyrelsen.\n\n' +
      'Beslutsgång\n\n' +
      'Då ärendet återremitterades vid sammanträdet den 27 november 2025, § 494 genom en minoritetsåterremiss så krävs det vid dagens sammanträde att en majoritet biträder yrkandet om återremiss.\n\n' +
      'Propositionsordning\n\n' +
      'Ordföranden ställer först propositioner på dels ärendets återremiss och dels ärendets avgörande idag och finner att kommunfullmäktige beslutat avgöra ärendet vid dagens sammanträde.\n\n' +
      'Protokollsutdrag skickas till\nKulturnämnden\nHigab AB');
    expect(furniture).toContain('Sammanträdesdatum: 2026-03-26');
  });

  // Riksdag 1996/97:33 (OCR): a running head that occurs only twice, a page number, a sentence cut by them, soft hyphens.
  const riksdag = 'Undertecknad har sedan flera år kritiserat asyl- och flyktingpolitiken och ansett den för generös. Jämfört med andra länder i ”industrivärlden” har Sverige per\n\n' +
    'Interpellationer1996/97:1 -372\n\nInterpellationer1996/97:1 -372\n\n28\n\n' +
    'capita beviljat flest asyler. Brotten är aldrig an\u00admälda och handlägg- ningstiderna långa.\n\n' +
    '2 Riksdagen Interpellationer 1994/95:1—154\n\nVilka åtgärder är statsrådet beredd att vidta?';

  it('drops 1990s Riksdag running heads and page numbers and rejoins the cut sentence', () => {
    expect(normaliseText(riksdag)).toBe(
      'Undertecknad har sedan flera år kritiserat asyl- och flyktingpolitiken och ansett den för generös. Jämfört med andra länder i ”industrivärlden” har Sverige per capita beviljat flest asyler. Brotten är aldrig anmälda och handläggningstiderna långa.\n\n' +
      'Vilka åtgärder är statsrådet beredd att vidta?');
  });

  it('keeps list items as separate lines of one block', () => {
    expect(normaliseText('Enligt kommunstyrelsens förslag:\n1. En fortsatt planering för Backaplans delområde 2 godkänns utifrån följande\ninriktningar:\n' +
      'a. en bibehållen projektram för exploateringsutgifterna på 4,6 mdkr,\nb. ett exploateringsnetto på -900 mnkr i 2024 års prisnivå,\n- en punkt'))
      .toBe('Enligt kommunstyrelsens förslag:\n1. En fortsatt planering för Backaplans delområde 2 godkänns utifrån följande inriktningar:\n' +
        'a. en bibehållen projektram för exploateringsutgifterna på 4,6 mdkr,\nb. ett exploateringsnetto på -900 mnkr i 2024 års prisnivå,\n- en punkt');
  });

  it('does not glue a wrapped heading to the section heading after it', () => {
    expect(normaliseText('Motion av Patrik Höstmad (D) och Jonas Stenberg (D) om\netablering av fler flytande restauranger i Stora Hamnkanalen\nBeslut'))
      .toBe('Motion av Patrik Höstmad (D) och Jonas Stenberg (D) om etablering av fler flytande restauranger i Stora Hamnkanalen\nBeslut');
    expect(normaliseText('Motion av Axel Darvik (L) om att göra Andra Långgatan till en gågata året om\nBeslut'))
      .toBe('Motion av Axel Darvik (L) om att göra Andra Långgatan till en gågata året om\nBeslut');
  });
});

describe('normaliseText details', () => {
  it.each([
    ['line-end hyphen before a lowercase word', 'kommun-\nstyrelsen', 'kommunstyrelsen'],
    ['line-end hyphen before och', 'bygg-\noch anläggning', 'bygg- och anläggning'],
    ['line-end hyphen before resp.', 'för-\nresp. efterskott', 'för- resp. efterskott'],
    ['line-end hyphen before a capital', 'EU-\nKommissionen', 'EU-\nKommissionen'],
    ['inline OCR split', 'ett lydstatsav- tal', 'ett lydstatsavtal'],
    ['inline split before samt', 'mark- samt vattenfrågor', 'mark- samt vattenfrågor'],
    ['one-letter left part', 'a- och b-lag', 'a- och b-lag'],
  ])('dehyphenates: %s', (_name, raw, want) => {
    expect(normaliseText(raw)).toBe(want);
  });

  it.each([
    ['&amp; &lt;b&gt; &quot;citat&quot;', '& <b> "citat"'],
    ['&Aring;sa &Ouml;berg &auml;ter p&aring; caf&eacute;', 'Åsa Öberg äter på café'],
    ['&#229;&#xE5;&#XC5;', 'ååÅ'],
    ['a&nbsp;b &unknown;', 'a b &unknown;'],
  ])('decodes entities: %s', (raw, want) => {
    expect(normaliseText(raw)).toBe(want);
  });

  it('cleans characters: ligatures, zero-width, Unicode spaces, column gaps', () => {
    expect(normaliseText('\ufb01nans\u200b\ufb02ödet\u2009i\u00a0år  nu')).toBe('finansflödet i år nu');
    expect(normaliseText('Kommunstyrelsen   Yrkande (S, V)      2026-02-27')).toBe('Kommunstyrelsen\tYrkande (S, V)\t2026-02-27');
  });

  it('drops page-number lines between form feeds but keeps numbers inside the text', () => {
    const raw = 'Rubrik\n\nFörsta sidans text.\n\nSida 1 av 3\n\fAndra sidans text.\n\n- 2 -\n\fTredje sidan med 3 punkter.\n\n3';
    expect(normaliseText(raw)).toBe('Rubrik\n\nFörsta sidans text.\n\nAndra sidans text.\n\nTredje sidan med 3 punkter.');
  });

  it('has one blank line between paragraphs and no trailing spaces', () => {
    expect(normaliseText('  Ett stycke.   \n\n\n\n\nTvå stycken.  \n')).toBe('Ett stycke.\n\nTvå stycken.');
  });
});
