/**
 * Organisation, body and date from the places real documents put them (issue 19). Snippets quoted from
 * the fixtures in fixtures/documents (set 1 of the development corpus and the older Riksdag fixtures).
 */
import { describe, expect, it } from 'vitest';
import { parseMetadata } from '../../server/ingest/stages/metadata/parse-metadata.js';
import { normaliseDocument } from '../../server/ingest/stages/normalise.js';
import { canonicalMunicipality } from '../../server/domain/municipality.js';

const parse = (raw: string) => {
  const { text, furniture } = normaliseDocument(raw);
  return parseMetadata(text, furniture);
};

describe('municipality from the places documents put it', () => {
  it('a signature place gives the kommun in the genitive ("Karlstad 2013-03-13" → Karlstads kommun)', () => {
    const r = parse('Interpellation till barn- och ungdomsnämndens ordförande Niklas Wikström (FP)\n\n'
      + 'Det pågår en stor organisationsöversyn inom barn- och ungdomsförvaltningen, parallellt med denna pågår även en lokalutredning.\n\n'
      + 'Karlstad 2013-03-13\n\nLennart Jansson (S)\n');
    expect(r.metadata.municipality).toBe('Karlstads kommun');
    expect(r.evidence.municipality?.rule).toContain('signaturort');
    expect(parse('Motion\n\nText om hundrastgårdar i kommunen som behövs.\n\nSollentuna den 25 augusti 2009\n\nAnna Ek\n').metadata.municipality).toBe('Sollentuna kommun');
  });

  it('an addressing line names it ("Motion till kommunfullmäktige i Ängelholm")', () => {
    const r = parse('Motion till kommunfullmäktige i Ängelholm\n\nBusskort till äldre från fyllda 70 år\n\n'
      + 'Idag finns ett gratis busskort för resa inom kommunen från fyllda 75 år vårt förslag innebär att åldersgränsen ändras till 70 år.\n');
    expect(r.metadata.municipality).toBe('Ängelholms kommun');
    expect(r.evidence.municipality?.rule).toContain('adressering');
  });

  it('the place in a local party\'s name counts; a site title after "|" does not', () => {
    const text = 'Det stora antalet brott på allmän plats som skett under senaste tid aktualiserar frågan om hur vi ska komma åt problemen.\n\n'
      + 'För Sverigedemokraterna i Tyresö\n\nPer Carlberg          Henrik Mellström\n';
    expect(parse(`Motion om kameraövervakning\n\n${text}`).metadata.municipality).toBe('Tyresö kommun');
    const site = parse('Interpellation, varför exkluderas SD vid intervjuer? | Sverigedemokraterna i Trelleborg\n\n'
      + 'Interpellation till kommunstyrelsens ordförande Torbjörn Karlsson.\n\nMed vänliga hälsningar\n\nPer Klarberg\n');
    expect(site.metadata.municipality).toBeNull();
  });

  it('a letterhead in odd capitals ("Karlskoga Kommunfullmäktige") and a letterhead beats prose mentions', () => {
    expect(parse('2016-09-17\n\nKarlskoga Kommunfullmäktige\n\nMotion om övervakningskameror vid skolorna.\n').metadata.municipality).toBe('Karlskoga kommun');
    const r = parse('Lunds kommun\nKommunfullmäktige\n\nMotion\n\n'
      + 'I Malmö stad har man prövat detta, och Malmö stad redovisar goda resultat; även Malmö stad vill gå vidare med försöket nästa år.\n');
    expect(r.metadata.municipality).toBe('Lunds kommun');
    expect(r.evidence.municipality?.rule).toContain('brevhuvud');
  });

  it('labels and bodies before a date are no place ("Regionfullmäktige 11 oktober 2022", "Enligt kommunstyrelsens förslag")', () => {
    const r = parse('Regionfullmäktige 11 oktober 2022\n\nVästra Götalandsregionen ska enligt beslutet stärka arbetet gällande hedersförtryck i hela regionen.\n');
    expect(r.metadata.municipality).toBe('Västra Götalandsregionen');
    expect(parse('Protokoll\n\nEnligt kommunstyrelsens förslag beslutar fullmäktige att godkänna redovisningen.\n').metadata.municipality).toBeNull();
  });

  it('canonical names: genitive of a bare name, cities called "stad", the Riksdag', () => {
    expect(canonicalMunicipality('Karlstad')).toBe('Karlstads kommun');
    expect(canonicalMunicipality('Nässjö')).toBe('Nässjö kommun');
    expect(canonicalMunicipality('Kalmar')).toBe('Kalmar kommun');
    expect(canonicalMunicipality('Borås')).toBe('Borås stad');
    expect(canonicalMunicipality('LANDSTINGET I VÄRMLAND')).toBe('Landstinget i Värmland');
    expect(canonicalMunicipality('Västra Götalandsregionens')).toBe('Västra Götalandsregionen');
    expect(canonicalMunicipality('riksdagen')).toBe('Riksdagen');
  });
});

describe('the Riksdag is the organisation; an utskott its body', () => {
  it('an interpellation: municipality "Riksdagen", body null, the head day placed in its session', () => {
    const r = parse('Interpellation 2010/11:413 Gårdsförsäljning av Gunnar Sandberg (S) till statsrådet Maria Larsson (KD)\n\n'
      + 'den 20 maj\n\nEU tillåter Sverige att ha detaljhandelsmonopol för alkoholförsäljning av folkhälsoskäl under förutsättning att monopolet verkar icke-diskriminerande.\n');
    expect(r.metadata.municipality).toBe('Riksdagen');
    expect(r.metadata.body).toBeNull();
    expect(r.metadata.date).toBe('2011-05-20');
  });

  it('an interpellation without a heading is the Riksdag\'s when it asks a minister', () => {
    const r = parse('None Förbättrat stöd till anhöriga None None\n\nden 13 september\n\n'
      + 'De anhörigas insatser inom framför allt äldreomsorgen är ovärderliga. Det är nästan 70 000 personer som varje dag får omvårdnad av anhöriga.\n\n'
      + 'Jag vill med hänvisning till ovanstående fråga vård- och äldreomsorgsminister Ylva Johansson (s) följande:\n');
    expect(r.metadata.municipality).toBe('Riksdagen');
  });

  it('"Tilldelat" names the utskott; the filing date comes from the event list', () => {
    const r = parse('Demokrati byggd underifrån\n\nMotion 2004/05:K323 av Kerstin Lundgren m.fl. (c)\n\nÄrendet är avslutat\n\n'
      + 'Motionskategori\nFristående motion\nTilldelat\nKonstitutionsutskottet\n\nHändelser\n\nInlämning\n2004-10-05\nHänvisning\n2004-10-14\n');
    expect(r.metadata.municipality).toBe('Riksdagen');
    expect(r.metadata.body).toBe('Konstitutionsutskottet');
    expect(r.metadata.date).toBe('2004-10-05');
  });

  it('a committee letterhead in capitals; "Till finansutskottet" is the recipient, not the body', () => {
    const r = parse('Protokoll utskottssammanträde 2020/21:3\n\nRIKSDAGEN\n\nMILJÖ- OCH JORDBRUKSUTSKOTTET\n\nPROTOKOLL\n\nDATUM\n\n2020-09-29\n\nTID\n\n11.00 – 12.40\n');
    expect(r.metadata.body).toBe('Miljö- och jordbruksutskottet');
    expect(r.metadata.date).toBe('2020-09-29');
    const y = parse('Bostadsutskottets yttrande 1991/92:BoU2y\n\nInvesteringsbidraget för ny- och ombyggnad av bostäder m.m.\n\nTill finansutskottet\n\n'
      + 'Finansutskottet har den 12 november 1991 beslutat att bereda bostadsutskottet tillfälle att yttra sig över proposition 1991/92:38.\n');
    expect(y.metadata.body).toBe('Bostadsutskottet');
    expect(y.metadata.date).toBeNull();
  });

  it('a chamber protocol\'s date is its weekday line in the session; a quoted letter\'s date is not', () => {
    const r = parse('Riksdagens protokoll\n2005/06:80\nMåndagen den 6 mars\nKl. 10:00 - 11:23\n\n1 § Justering av protokoll\n\n'
      + 'Justerades protokollen för den 21, 22, 23 och 24 februari.\n\nStockholm den 27 februari 2006\n\nBosse Ringholm\n');
    expect(r.metadata.municipality).toBe('Riksdagen');
    expect(r.metadata.date).toBe('2006-03-06');
  });
});

describe('body from letterhead, heading and addressing line, not from narrative sentences', () => {
  it('a heading naming the body with the meeting date ("Reservation i Samhällsbyggnadsnämnden den 10 mars 2020", "KF 2009-09-21")', () => {
    expect(parse('Reservation i Samhällsbyggnadsnämnden den 10 mars 2020\n\nÄrende nr 9. Detaljplan\n').metadata.body).toBe('Samhällsbyggnadsnämnden');
    expect(parse('Interpellation om bostadsbyggnadsprogram\n\nKF 2009-09-21\n').metadata.body).toBe('Kommunfullmäktige');
    expect(parse('S i korthet, kommunstyrelsen 2022-01-24\n').metadata.body).toBe('Kommunstyrelsen');
    expect(parse('Skriftlig reservation till kommunfullmäktiges beslut 2013-11-18, Ärende med diarienummer 2013-0347 beslut om Budget 2014\n').metadata.body)
      .toBe('Kommunfullmäktige');
  });

  it('a body in a narrative sentence is not taken ("På KF den 31 oktober …", "Socialnämnden tillförs 15 miljoner för att:")', () => {
    const r = parse('Reservation motion (SD): Åldersbestämning\n\n'
      + 'På KF den 31 oktober debatterades motionen länge och flera partier yttrade sig om den, men majoriteten röstade nej till förslaget.\n');
    expect(r.metadata.body).toBeNull();
    expect(parse('Ärende 14: Ändringsbudget\n\nSocialnämnden tillförs 15 miljoner för att:\n').metadata.body).toBeNull();
  });

  it('addressing lines and a place before the body ("Ställd till Lunds kommunfullmäktige", "Karlskoga Kommunfullmäktige")', () => {
    expect(parse('Lund 2019-05-02\n\nStälld till Lunds kommunfullmäktige\n').metadata.body).toBe('Kommunfullmäktige');
    expect(parse('2016-09-17\n\nKarlskoga Kommunfullmäktige\n').metadata.body).toBe('Kommunfullmäktige');
    expect(parse('Motioner till kommunfullmäktige\n').metadata.body).toBe('Kommunfullmäktige');
  });

  it('a protocol\'s label, its notice of justering, a decision formula, a motion\'s proposal', () => {
    expect(parse('ANSLAG/BEVIS\n\nProtokollet är justerat. Justeringen har tillkännagivits genom anslag.\n\nNämnd Kommunstyrelsen\n\nSammanträdesdatum 2016-08-15\n').metadata.body)
      .toBe('Kommunstyrelsen');
    expect(parse('Nämnden för funktionshindrade april 2015\n\nNf 220/2015\nProtokoll\n').metadata.body).toBe('Nämnden för funktionshindrade');
    const motion = 'Motion om laddstolpar\n\nDet behövs fler laddstolpar i kommunen för att fler ska kunna välja en elbil, och staten bidrar till en del av kostnaden för att bygga dem.\n\n'
      + 'Jag och Centerpartiet i Hallstahammar föreslår därför kommunfullmäktige besluta:\n';
    expect(parse(motion).metadata.body).toBe('Kommunfullmäktige');
    expect(parse(motion).evidence.body?.rule).toContain('förslag till beslut');
  });
});

describe('the document\'s own date, not a web page\'s nor a sentence\'s', () => {
  it('a blog\'s post date above the paper loses to the meeting date; a weekday publication line is no date', () => {
    const r = parse('Laxne skola, reservation BoU\n\n4 juni 2016\n\nRESERVATION\n\nBarn- och utbildningsnämnden den 1 juni 2016\n\nÄrende: Förändrad skolorganisation i Gnesta kommun\n');
    expect(r.metadata.date).toBe('2016-06-01');
    expect(r.evidence.date?.rule).toContain('sammanträdesdatum');
    expect(parse('onsdag 28 september 2016\n\nFråga om tillgänglighet i Borås stads sammanträdeslokaler\n').metadata.date).toBeNull();
    expect(parse('Av |2016-11-17T14:43:46+00:0027 april, 2016|Nyheter|\n\nVi i Rönningepartiet yrkade på avslag\n').metadata.date).toBeNull();
  });

  it('a heading naming body and date, a short year "9/3 -05", a flattened column with the label after its value', () => {
    expect(parse('Reservation ärende nr 11 Samhällsbyggnadsnämnden 20-10-20 Samråd av detaljplan för Ängelholm 5:16 m fl Fridhem.\n').metadata.date).toBe('2020-10-20');
    expect(parse('9/3 -05\n\nReservation\n\nKommunstyrelsen den 9/3 -05\n').metadata.date).toBe('2005-03-09');
    const nff = 'Nämnden för funktionshindrade april 2015\n\nNf 220/2015\nProtokoll\nNämnden för funktionshindrade\n2015-04-16\nDatum:\nKlockan: 9.00–12.20\n'
      + 'Studieförbundet Vuxenskolan, lokal Längan, Fabriksgatan 8\nPlats:\nNärvarande ledamöter\nFisun Yavas (S)\nEmelie Jaxell (M)\nLasse S Lorentzon (S)\nPia Rehnberg (S)\n'
      + 'Linus Haraldsson (S)\nBodil Svensson (S)\nIngvar Ernstson (C)\nBirgitta Karlsson-Feldgrill (V)\nMarianne Hamp (M)\n';
    expect(parse(nff).metadata.date).toBe('2015-04-16');
  });

  it('a register\'s column of dates and case numbers dates nothing', () => {
    const rows = ['2019-03-25', 'KS 2019/00236', '2020-01-07', 'KS 2020/00073', '2020-10-13', 'KS 2020/00469'];
    const raw = `Motioner till kommunfullmäktige\n\nPågående motioner\n\n${rows.map((c, i) => `Motion nummer ${i + 1}\n\n${c}`).join('\n\n')}\n\n`;
    const r = parseMetadata('Motioner till kommunfullmäktige\n\nPågående motioner', rows);
    expect(r.metadata.date).toBeNull();
    expect(r.metadata.arende.diarienummer).toBeNull();
    expect(parse(raw).metadata.body).toBe('Kommunfullmäktige');
  });

  it('"Ärende med diarienummer 2013-0347" is a labelled diarienummer', () => {
    const r = parse('Skriftlig reservation till kommunfullmäktiges beslut 2013-11-18, Ärende med diarienummer 2013-0347 beslut om Budget 2014\n');
    expect(r.metadata.arende.diarienummer).toBe('2013-0347');
    expect(r.metadata.date).toBe('2013-11-18');
  });
});

describe('more letterhead and address shapes', () => {
  it('"JÖNKÖPINGS KOMMUN Barn- och utbildningsnämnden": organisation and body from one letterhead line', () => {
    const r = parse('JÖNKÖPINGS KOMMUN Barn- och utbildningsnämnden\n\nSAMMANTRÄDESPROTOKOLL 2016-01-26\n\n1 (21)\n\n'
      + 'Ärendet gäller samverkan med Region Jönköpings län om elevhälsan, som nämnden har beslutat om tidigare under året.\n');
    expect(r.metadata.municipality).toBe('Jönköpings kommun');
    expect(r.evidence.municipality?.rule).toContain('brevhuvud');
    expect(r.metadata.body).toBe('Barn- och utbildningsnämnden');
    expect(r.metadata.date).toBe('2016-01-26');
    expect(canonicalMunicipality('Region Jönköpings län')).toBe('Region Jönköpings län');
    expect(canonicalMunicipality('Kalix')).toBe('Kalix kommun');
  });

  it('a postal address in a footer names the place; a month after "i" does not', () => {
    const footer = 'Motion om cykelvägar\n\nVi vill bygga fler cykelvägar mellan byarna och centralorten, så att fler kan välja cykeln till jobbet och skolan.\n\n'
      + 'Socialdemokraterna, Box 41, 221 00 Lund\n';
    expect(parse(footer).metadata.municipality).toBe('Lunds kommun');
    const month = parse('Motion om cykelvägar\n\nMotionen lämnas till kommunfullmäktige i april och ska besvaras inom ett år av nämnden som ansvarar för frågan.\n');
    expect(month.metadata.municipality).toBeNull();
    expect(parse('Interpellation\n\nKommunfullmäktige i Borås\n').metadata.municipality).toBe('Borås stad');
  });
});

describe('a heading\'s meeting date is not an answer\'s date; a Riksdag question is the Riksdag\'s', () => {
  it('"Svar på interpellation ställd i kommunfullmäktige den 12 maj 2022" dates the question', () => {
    const r = parse('Svar på interpellation ställd i kommunfullmäktige den 12 maj 2022 om skolskjutsar\n\n'
      + 'Tack för frågorna. Skolskjutsarna ska vara trygga och nämnden arbetar nu med en ny upphandling som blir klar i höst.\n\n'
      + 'Lund den 2 juni 2022\n\nAnna Ek (S)\nKommunstyrelsens ordförande\n');
    expect(r.metadata.date).toBe('2022-06-02');
    expect(r.metadata.municipality).toBe('Lunds kommun');
  });

  it('"Skriftlig fråga 2019/20:123" and "Fråga 2019/20:123" are Riksdag documents', () => {
    expect(parse('Skriftlig fråga 2019/20:123 Vägunderhåll av Anna Ek (C)\n\nden 4 oktober\n').metadata.municipality).toBe('Riksdagen');
    const r = parse('Fråga 2019/20:123 Vägunderhåll av Anna Ek (C) till Infrastrukturminister Tomas Eneroth (S)\n\nden 4 oktober\n');
    expect(r.metadata.municipality).toBe('Riksdagen');
    expect(r.metadata.date).toBe('2019-10-04');
  });
});

describe('a web page\'s publication line is not the paper\'s date', () => {
  it('"Denna sida publicerades 3 maj 2019" above the paper', () => {
    const r = parse('Denna sida publicerades 3 maj 2019\n\nInterpellation om toleransprojektet\n\n'
      + 'Projektet startade för flera år sedan och har sedan dess nått många elever i kommunens skolor, men uppföljningen har varit bristfällig.\n');
    expect(r.metadata.date).toBeNull();
  });
});

describe('a letterhead is one place name before "kommun"', () => {
  it('"Vi i Lunds kommun" is a mention, not a letterhead named "Vi i Lunds"', () => {
    const r = parse('Vi i Lunds kommun\n\nMotion om fler cykelvägar\n');
    expect(r.metadata.municipality).toBe('Lunds kommun');
    expect(r.evidence.municipality?.rule).not.toContain('brevhuvud');
  });
});
