/**
 * General shapes found on the blind sets (issue 19, second round), each on real text from the fixture named.
 * Every test failed on the rules before this round.
 */
import { describe, expect, it } from 'vitest';
import { normaliseDocument } from '../../server/ingest/stages/normalise.js';
import { parseMetadata } from '../../server/ingest/stages/metadata/parse-metadata.js';
import { findDate } from '../../server/ingest/stages/metadata/dates.js';

function parse(raw: string) {
  const { text, furniture } = normaliseDocument(raw);
  return parseMetadata(text, furniture);
}

describe('parties from a page\'s own voice', () => {
  it('"vi" and one party named by name: the page speaks for it (vellinge-mbn-ovrigt-mp)', () => {
    const r = parse(`Gårdagens möte i miljö- och byggnadsnämnden
Vi reserverade oss mot en punkt på dagordningen och det handlade om punkten ”Förslag till regionalt åtgärdsprogram för miljökvalitetsmål”. Ett viktigt dokument tycker vi men tyvärr ansåg vi att det inte var tillräckligt genomarbetat. Miljöpartiet yrkade återremiss men fick inget gehör från andra partier.
`);
    expect(r.metadata.parties).toEqual(['MP']);
    expect(r.evidence.parties!.rule).toMatch(/vi-form/);
    expect(r.metadata.body).toBe('Miljö- och byggnadsnämnden');
  });

  it('a second party named, even by its code, makes it a report on several: no party (halmstad-kf-2010-11-25-ovrigt)', () => {
    const r = parse(`Kommunfullmäktige 2010-11-25

Vi hade ett långt möte. Motionen om våra kommunala verksamheter avslogs av de flesta partier. Alla var för utom Sverigedemokraterna. Maria J från V argumenterade väl för vår sak.
`);
    expect(r.metadata.parties).toEqual([]);
  });

  it('a site title after "|" is furniture, not the voice (lund-kf-2020-06-15-motion)', () => {
    const r = parse(`Motioner | Sverigedemokraterna i Lund

Vi vill att kommunen ser över säkerheten för vår hemvårdspersonal. Vi tror att det behövs.
`);
    expect(r.metadata.parties).toEqual([]);
  });

  it('"oss Sverigedemokrater" is the page\'s own voice (kristianstad-kf-ovrigt-sd)', () => {
    const r = parse(`Rapport från KF i september! | Sverigedemokraterna i Kristianstad

Rapport från KF i september!

Nu var det dags för kommunfullmäktige igen och här kommer en liten rapport från oss Sverigedemokrater.
`);
    expect(r.metadata.parties).toEqual(['SD']);
    expect(r.metadata.body).toBe('Kommunfullmäktige');
  });

  it('a party\'s name on a line of its own at the end is its group signature (umea-ovrigt-kd)', () => {
    const r = parse(`Enkel fråga till Kommunstyrelsens ordförande Hans Lindberg (S)

Det är fullständigt klart att ett brott har begåtts vilket han också har erkänt sig skyldig till.

Anser du att det är rimligt att en elev ska betala kommunens kostnader?

Veronica Kerr
Kristdemokraterna
`);
    expect(r.metadata.parties).toEqual(['KD']);
  });
});

describe('ärende titles', () => {
  it('a motion whose head never names its type is titled by its subject line (ornskoldsvik-kf-motion-s)', () => {
    const r = parse(`Avgiftsfria mensskydd till Grund- och Gymnasieskolans elever

Socialdemokraterna i Örnsköldsvik tillsammans med SSU vill införa avgiftsfria mensskydd för alla elever i grund- och gymnasieskolan därför lägger vi nu en motion i kommunfullmäktige

Motion till kommunfullmäktige

Trots att hälften av Sveriges invånare har en livmoder så finns det fortfarande ett tabu kring mens, många unga känner skam och anser att det är pinsamt att prata med föräldrar och andra vuxna om mensskydd. För en del tjejer sker mensdebuten under den tid hon går i grundskolan.
`);
    expect(r.metadata.kind).toBe('motion');
    expect(r.metadata.arende.title).toBe('Avgiftsfria mensskydd till Grund- och Gymnasieskolans elever');
  });

  it('a heading run into prose is cut where a capitalised word is followed by a finite verb (goteborg-kf-2025-13-motion-sd)', () => {
    const r = parse(`Kommunfullmäktige

Motion av Rasmus Ragnarsson (SD), Agneta Kjaerbeck (SD) och Jörgen Fogelklou (SD) om insatser för att informera om återvandringsbidraget Stöd till återvandring har funnits i Sverige sedan 1984, men har under lång tid varit lågt och därmed inte särskilt attraktivt.
`);
    expect(r.metadata.arende.title).toBe('Motion av Rasmus Ragnarsson (SD), Agneta Kjaerbeck (SD) och Jörgen Fogelklou (SD) om insatser för att informera om återvandringsbidraget');
  });

  it('a yrkande\'s subject keeps its case as written (goteborg-ks-2023-06-13-yttrande)', () => {
    const r = parse(`Kommunstyrelsen

Yttrande\tMiljöpartiet

Yttrande angående indexering av ersättningsnivå inom hemtjänst

Vi anser att ersättningen ska följa kostnadsutvecklingen.
`);
    expect(r.metadata.arende.title).toBe('indexering av ersättningsnivå inom hemtjänst');
  });
});

describe('dates, bodies, addressees and signers', () => {
  it('"18/2-2026" and a six-digit letterhead cell "250315" are dates (goteborg-ks-2026-02-18-yttrande-s-v-mp, goteborg-mkn-2025-03-15-yrkande-mp-s-v)', () => {
    expect(findDate('18/2-2026')?.date).toBe('2026-02-18');
    const r = parse(`Miljö- och klimatnämnden

Yrkande                      MP, S, V

250315                       Ärende 19

Yrkande angående – Yttrande till kommunstyrelsen över motion om åtgärder mot missbruk av lustgas
`);
    expect(r.metadata.date).toBe('2025-03-15');
  });

  it('"ställs följande fråga till kommunfullmäktige" names the body (linkoping-kf-interpellation-enkel-fraga)', () => {
    const r = parse(`Enkel fråga om skolnedläggningarna

Med anledning av det aktuella förslaget om nedläggning av skolor ställs följande fråga till kommunfullmäktige.

  1. Vad är den sammanlagda årshyran 2023 för de lokaler som BoU avser att säga upp och lämna?
`);
    expect(r.metadata.body).toBe('Kommunfullmäktige');
  });

  it('the heading gives the office, the lead-in to the questions the name (goteborg-kf-2026-76-interpellation-sd)', () => {
    const r = parse(`Kommunfullmäktige

Interpellation av Jörgen Fogelklou (SD) till kommunstyrelsens ordförande angående aktivitetskravet för ekonomiskt bistånd Från och med 1 juli 2026 införs ett nationellt aktivitetskrav kopplat till ekonomiskt bistånd.

Mot bakgrund av ovanstående vill jag ställa följande fråga till kommunstyrelsens ordförande Jonas Attenius (S):

Hur avser du att arbeta för att aktivitetskravet får genomslag?
`);
    expect(r.metadata.addressee).toEqual({ name: 'Jonas Attenius', role: 'Kommunstyrelsens ordförande' });
  });

  it('a signer without a party takes the party the heading gives the same interpellant (tyreso-interpellation-sd-fraga)', () => {
    const r = parse(`Fråga av Anders Wickberg (SD) angående övervakningskameror ställd till kommunstyrelsens ordförande Anita Mattsson (S)

Frågan om övervakningskameror i Tyresö kommun har under lång tid förts.

Med anledning av ovanstående frågar jag därför kommunstyrelsens ordförande Anita Mattsson (S):

När kommer denna genomgång vara färdig?

Anders Wickberg
`);
    expect(r.metadata.signatories).toEqual([{ name: 'Anders Wickberg', party: 'SD', role: null }]);
  });
});

describe('Riksdag committee papers', () => {
  it('"Konstitutionsutskottets betänkande" makes the Riksdag the organisation and the utskott the body (riksdagen-2024-25-ku14-ovrigt)', () => {
    const r = parse(`HC01KU14: Riksdagens arbetsformer
Konstitutionsutskottets betänkande
|
Sammanfattning
Utskottet föreslår på eget initiativ ett tillkännagivande till riksdagsstyrelsen om en översyn av förutsättningarna för att säkerställa genomförandet av kammarens sammanträden.
`);
    expect(r.metadata.municipality).toBe('Riksdagen');
    expect(r.metadata.body).toBe('Konstitutionsutskottet');
  });

  it('a municipality\'s "Arbetsutskottets protokoll" is not the Riksdag\'s', () => {
    const r = parse(`Arbetsutskottets protokoll

Kommunstyrelsens arbetsutskott i Ale kommun sammanträdde den 2 oktober 2018.
`);
    expect(r.metadata.municipality).not.toBe('Riksdagen');
  });

  it('the chair who signs "På konstitutionsutskottets vägnar" is the signatory, and the signing place dates it (riksdagen-2005-06-ku26-ovrigt)', () => {
    const r = parse(`Konstitutionsutskottets betänkande 2005/06:KU26

Reservation 6 (kd)
Reservation 7 (mp)
Stockholm den 11 maj 2006
På konstitutionsutskottets vägnar
Göran Lennmarker
Följande ledamöter har deltagit i beslutet: Göran Lennmarker (m), Göran Magnusson (s), Barbro Hietala Nordlund (s).
`);
    expect(r.metadata.signatories).toEqual([{ name: 'Göran Lennmarker', party: null, role: null }]);
    expect(r.metadata.date).toBe('2006-05-11');
  });
});

describe('dates that are not the document\'s', () => {
  it('a web page\'s "Publicerad" on its own line dates the page, not the paper (osthammar-kf-ovrigt)', () => {
    const r = parse(`Avskrivning av motion

Kommunfullmäktige beslutar att avskriva obesvarade motioner från mandatperioden 2018-10-15 - 2022-10-14.

Inget underlag har framkommit i beredning av motionerna.

Organisation
Kommunfullmäktige
Publicerad
19 december 2022
Senast uppdaterad
19 december 2022
`);
    expect(r.metadata.date).toBeNull();
  });

  it('a register\'s "Inkommen datum: 2018-12-10" is a row\'s field, not a signature\'s date (region-blekinge-ovrigt-register)', () => {
    const r = parse(`Motioner

Här hittar du motioner som lämnats in till regionstyrelsen för beredning.

Motion: Motion om införande av rTMS som behandlingsmetod mot depression
Lämnad av: Björn T Nurhadi, Camilla Karlman, Tommy Strannemalm (SD)
Inkommen datum: 2018-12-10
Dokumentnummer: 2018/01948-1

Motion: Motion angående effektivisering för bättre vård
Lämnad av:
Peter Christensen (L)
Inkommen datum:
2018-07-09
`);
    expect(r.metadata.date).toBeNull();
  });
});

it('a motion without heading that asks "Regeringen bör återkomma till riksdagen" belongs to the Riksdag (riksdagen-motion-sd-utan-rubrik)', () => {
  const r = parse(`För Sverigedemokraterna är den kommunala självstyrelsen en central och viktig princip. Genom Sveriges medlemskap i Europeiska unionen har kommunernas självstyre dessvärre urholkats.

På grund av vad som ovan anförts bör regeringen inleda en process med att omförhandla de svenska villkoren för Sveriges medlemskap i EU. Regeringen bör även återkomma till riksdagen med konkreta förslag på hur den kommunala självstyrelsen och svensk lag kan stärkas.
`);
  expect(r.metadata.kind).toBe('motion');
  expect(r.metadata.municipality).toBe('Riksdagen');
});
