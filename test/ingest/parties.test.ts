/** Parties behind a paper: who heads it, signs it, asks or answers, or speaks as "vi" — never a party it merely discusses. */
import { describe, expect, it } from 'vitest';
import { parseMetadata } from '../../server/ingest/stages/metadata/parse-metadata.js';
import { authorLineParties, ownVoice } from '../../server/ingest/stages/metadata/parties.js';
import { toParagraphs } from '../../server/ingest/stages/metadata/lines.js';

const parties = (text: string) => parseMetadata(text).metadata.parties;

describe('parties', () => {
  it('reads the author line of a Riksdag motion or interpellation, not the addressee after "till"', () => {
    expect(authorLineParties(toParagraphs('Motion 2004/05:K323 av Kerstin Lundgren m.fl. (c)'))).toEqual(['C']);
    expect(authorLineParties(toParagraphs('Motion 2023/24:1095 av Markus Wiechel och Victoria Tiblom (båda SD)'))).toEqual(['SD']);
    expect(authorLineParties(toParagraphs('Interpellation 2001/02:67\n\nav Margareta Viklund (kd) till socialminister Lars Engqvist om äldreboende'))).toEqual(['KD']);
    expect(authorLineParties(toParagraphs('Fråga av Anders Wickberg (SD) angående övervakningskameror ställd till kommunstyrelsens ordförande Anita Mattsson (S)'))).toEqual(['SD']);
  });

  it('takes a party\'s own letterhead, local parties by their written name', () => {
    expect(parties('PRM: SD lämnar in motion\n\nPRESSMEDDELANDE\nSverigedemokraterna Linköping\n\n2019-02-15\n\nChris Dahlqvist, Jörgen Ring och Klas Ahlberg har i dag färdigställt och lämnat in en motion till Linköpings kommunfullmäktige om att kommunen ska genomföra ett pilotprojekt för kostnadsfria bussresor för pensionärer, vilket kan underlätta vardagen för många.'))
      .toEqual(['SD']);
    expect(parties('Staffanstorpspartiet\nMotion till Kommunfullmäktige\n\nFörslag att ändra arbetsordningen för kommunfullmäktige, § 30.\n\nNuvarande interpellationsregler tillåter inte att en interpellation får ställas till 2:a vice ordförande kommunstyrelsen, vilket ur demokratisk synpunkt är olyckligt för den som vill granska majoriteten.'))
      .toEqual(['Staffanstorpspartiet']);
  });

  it('hears the paper\'s own first-person voice, and not a party it discusses', () => {
    expect(ownVoice('Inför nästa regionfullmäktige föreslår vi i Miljöpartiet att Region Skåne tar fram ett program.')?.party).toBe('MP');
    expect(ownVoice('Vi Socialdemokrater har lagt en budget som håller.')?.party).toBe('S');
    expect(ownVoice('Vi i Rönningepartiet yrkade på avslag.')?.party).toBe('Rönningepartiet');
    expect(ownVoice('Moderaterna vill sänka skatten, men det har kommunen inte råd med.')).toBeNull();
  });

  it('counts "X yrkar" as the paper\'s own proposal in a paper, not in a page that reports on a party', () => {
    const motion = 'Motion om hundrastgårdar\n\nFör att minimera alla dessa problem borde kommunen anlägga ett antal rastgårdar för hundar i Rotsunda Gård som i dag inte har en enda hundrastgård, och inventera resten av kommunen.\n\nStaffanstorpspartiet yrkar:\n\natt kommunfullmäktige ger kommunstyrelsen i uppdrag att se över reglerna.';
    expect(parties(motion)).toEqual(['Staffanstorpspartiet']);
    const report = 'Kommunstyrelsen i korthet\n\nKommunstyrelsen beslutade i dag om en reviderad arbetsordning för kommunfullmäktige efter en lång debatt där flera partier deltog och förslaget ändrades på flera punkter. Socialdemokraterna reserverar sig.';
    expect(parties(report)).toEqual([]);
  });

  it('gives a protocol no parties and no signatories', () => {
    const m = parseMetadata('Protokoll\n\n§ 12 Budget 2024\n\nKommunfullmäktige beslutar att anta budgeten. Mot beslutet reserverar sig Anna Ek (S) och Per Holm (V) till förmån för det egna yrkandet, som inte vann gehör.\n\nOrdförande\nAnna Ek (S)').metadata;
    expect(m.parties).toEqual([]);
    expect(m.signatories).toEqual([]);
  });
});

describe('parties: a party as author', () => {
  it('reads "Motion från Vänsterpartiet om …"', () => {
    expect(authorLineParties(toParagraphs('Motion från Vänsterpartiet om fler lärare i förskolan'))).toEqual(['V']);
  });
});

describe('parties of an answer', () => {
  it('is the answerer\'s, from the heading\'s "till … (P)" when the signature gives none — never the interpellant\'s', () => {
    const text = 'Kommunfullmäktige\n\nInterpellationssvar angående – Interpellation av Rasmus Ragnarsson (SD) till kulturnämndens ordförande Pär Johansson (S) om tillämpningen av lagen om tillträdesförbud på bibliotek\n\nKulturförvaltningen har sedan lagen kom en rutin för hur man ansöker om tillträdesförbud på Göteborgs folkbibliotek, och rutinen uppdateras när det behövs. Arbetet med trygghet blir aldrig färdigt.\n\nPär Johansson\nKulturnämndens ordförande';
    expect(parseMetadata(text).metadata.parties).toEqual(['S']);
  });
});

describe('parties: prose is no author line', () => {
  it('does not read a sentence starting "Från och med …" as authors', () => {
    expect(authorLineParties(toParagraphs('Från och med 2024 föreslår majoriteten (S) att avgiften höjs.'))).toEqual([]);
  });
});
