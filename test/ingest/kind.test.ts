/**
 * The kind from the head as a whole (issue 19): every kind scored from its evidence, the runner-up kept.
 * Snippets are real text from fixtures/documents (named in each test).
 */
import { describe, expect, it } from 'vitest';
import { normaliseDocument } from '../../server/ingest/stages/normalise.js';
import { parseMetadata } from '../../server/ingest/stages/metadata/parse-metadata.js';

function parse(raw: string) {
  const { text, furniture } = normaliseDocument(raw);
  return parseMetadata(text, furniture);
}

describe('kind: headings that are not the first word', () => {
  it('a qualified heading: "Skriftlig reservation i ärendet …" (hoor-reservation-s-budget)', () => {
    const r = parse(`Skriftlig reservation i ärendet Budget.

Vi tycker att Alliansen har missat att tryggheten i byn har allvarligt skadats sedan man lade ner Fältverksamheten utan att ersätta den med annan likvärdig verksamhet.

Vi Socialdemokrater har lagt en budget som harmoniserar väl mot minoritetens/Alliansens tilläggsförslag på Ledningsgruppens lagda förslag. Vi anser att de tillägg som Alliansen har lagt på skolan stämmer väl in i de tankar vi själva som Socialdemokrater har haft. Därför anammar vi dem fullt ut.
`);
    expect(r.metadata.kind).toBe('reservation');
    expect(r.evidence.kind!.rule).toMatch(/Reservation/);
  });

  it('"Fråga av X (SD) … ställd till …" and "frågar jag därför …" is the nearest shape, an interpellation (tyreso-interpellation-sd-fraga)', () => {
    const r = parse(`Fråga av Anders Wickberg (SD) angående övervakningskameror ställd till kommunstyrelsens ordförande Anita Mattsson (S)

Frågan om övervakningskameror i Tyresö kommun har under lång tid förts och i juni 2017 lämnade Sverigedemokraterna in en motion om ökad kameraövervakning. I tjänsteutlåtandet ”Svar på motion angående ökad kameraövervakning i Tyresö” som lämnades i december 2017 framkom följande:

Med anledning av ovanstående frågar jag därför kommunstyrelsens ordförande Anita Mattsson (S):

När kommer denna genomgång/utredning vara färdig?

Anders Wickberg
`);
    expect(r.metadata.kind).toBe('interpellation');
  });
});

describe('kind: from the body when no heading names it', () => {
  it('a motion body: "Målet med denna motion" (motala-motion-integrationsplikt), said to be inferred', () => {
    const r = parse(`Motala kommun behöver en integrationsplan med tydligare beskrivning av vad som gäller kommunens skyldigheter och den enskildes ansvar. Idag läggs alldeles för mycket fokus på rättigheter och allt mer sällan på skyldigheter.

Invandrare är inget enhetligt kollektiv utan varje individ har sitt ursprung, sin utbildningsnivå, sitt språk och sina förutsättningar.

Målet med denna motion är att nå en så bra integration som möjligt. Detta kan ske genom:
`);
    expect(r.metadata.kind).toBe('motion');
    expect(r.evidence.kind!.confidence).toBeLessThanOrEqual(0.7);
    expect(r.metadata.warnings.some((w) => w.startsWith('Dokumenttypen står inte i texten; tolkad som motion'))).toBe(true);
  });

  it('a Riksdag interpellation whose heading was lost: "Jag vill … fråga <statsråd> följande:" (riksdagen-2005-06-5-interpellation-none-heading)', () => {
    const r = parse(`None Förbättrat stöd till anhöriga None None

den 13 september

De anhörigas insatser inom framför allt äldreomsorgen är ovärderliga. Det är nästan 70 000 personer som varje dag får omvårdnad av anhöriga, och 140 000 får hjälp med vissa vardagssysslor.

Jag vill med hänvisning till ovanstående fråga vård- och äldreomsorgsminister Ylva Johansson (s) följande:

- 1. Ämnar statsrådet verka för att förlänga antalet dagar med närståendepenning från 60 till 120 dagar?
`);
    expect(r.metadata.kind).toBe('interpellation');
  });

  it('a protocol\'s signature page without the word "Protokoll" (hoor-ks-2016-08-15-protokoll)', () => {
    const r = parse(`Utses att justera Erik Mårtensson (KD), Helena Ohlson (SD) Paragrafer 138 - 166

Justeringens plats och tid Kommunkansliet, 2016-08-19 kl. 09:30

Sekreterare

Gunilla Dencker Skog

Ordförande

Stefan Lissmark (S)

Justerande

Erik Mårtensson (KD) Helena Ohlson (SD)

ANSLAG/BEVIS

Protokollet är justerat. Justeringen har tillkännagivits genom anslag.
`);
    expect(r.metadata.kind).toBe('protokoll');
  });

  it('a decision excerpt "Svar på motion" with "Kommunfullmäktige beslutar" and "Mot beslutet reserverar sig" is a protocol, not a motion or a reservation (hallstahammar-kf-protokoll-svar-pa-motion)', () => {
    const r = parse(`Svar på motion

Förslag på vart laddstolpar kan byggas

Kommunfullmäktige beslutar
att motionen om statlig medfinansiering gällande byggande av laddstolpar för elfordon
i Hallstahammars kommun dels bifalls gällande förslag på var laddstolpar
kan byggas i Hallstahammars kommun, dels avslås avseende förslag på finansiering,
i enlighet med tekniska nämnden den 23 november 2016 § 128.
Mot beslutet reserverar sig Anna Gunstad Bäckman (C), Sari Svanström (C) och
Tommy Engström (KD).
`);
    expect(r.metadata.kind).toBe('protokoll');
  });
});

describe('kind: pages that report on, quote or list documents are ovrigt', () => {
  it('a blog post titled "Reservation mot …" that quotes the reservation (horby-ovrigt-s), with the warning and the runner-up', () => {
    const r = parse(`Reservation mot beslutet att införa en integrationsplikt

På oktober månads kommunfullmäktige röstades en motion från Sverigedemokraterna igenom med bifallsyrkande från Moderaterna, Kristdemokraterna och SPI Välfärden. Motionens intention var att införa en så kallad ’integrationsplikt’ i Hörby kommun.

Vi socialdemokrater yrkade givetvis avslag på motionen. Följande reservation lämnades till kommunfullmäktiges presidium efter att klubban fallit:

Vi socialdemokrater anser inte att det är ekonomiskt försvarbart att i det här prekära ekonomiska läget som Sverigedemokraterna satt Hörby kommun i; å ena sidan, ålägga tjänstemännen ytterligare arbetsbelastning och å andra sidan, ålägga Hörby kommun ökade kostnader för ett regelverk som redan ägs av Arbetsförmedlingen.

Henrik Andersson (S)
`);
    expect(r.metadata.kind).toBe('ovrigt');
    expect(r.metadata.warnings.some((w) => w.startsWith('Sidan återger eller listar dokument; tolkad som övrigt'))).toBe(true);
    expect(r.evidence.kind!.rule).toMatch(/näst bäst reservation/);
  });

  it('a party page summarising an interpellation: "Carina Herrstedts interpellation …", "Läs hela interpellationen nedan" (landskrona-ovrigt)', () => {
    const r = parse(`Interpellation angående Landskrona gymnasium | Sverigedemokraterna Landskrona

Interpellation angående Landskrona gymnasium

Carina Herrstedts interpellation angående att så få elever väljer Landskrona som studieort. Carina ställer bl.a följande frågor till Utbildningsnämndens ordförande:

  • På vilket sätt arbetar förvaltningen för att locka elever att studera på hemmaplan?
  • Har orsakerna till de sjunkande siffrorna analyserats och vad visade i så fall dessa?

Läs hela interpellationen nedan

Interpellation från Herrstedt om skolan`);
    expect(r.metadata.kind).toBe('ovrigt');
    expect(r.metadata.questions).toEqual([]);
  });

  it('a register: plural heading "Interpellationer" over date-prefixed titles (region-ostergotland-ovrigt-kd-register)', () => {
    const r = parse(`Interpellationer

Under mandatperioden 2014-2018 sitter Kristdemokraterna i opposition i Region Östergötland. En av de viktigaste uppgifterna vi som oppositionsparti har, är att med olika medel kontrollera att majoritetspartierna sköter styrningen av regionen.

2016

160922 Verkställighet av beslut om medarbetarförmåner

160922 Vad görs för att förbättra donationsverksamheten i Östergötland?

160922 När införs vuxentraumateam i Region Östergötland?

160906 Står majoriteten bakom regeringens uttalande om att stoppa alla alternativa driftsformer i Östergötland?
`);
    expect(r.metadata.kind).toBe('ovrigt');
  });

  it('but a minute-form meeting page listing incoming motions is the protocol (region-vasterbotten-rf-protokoll)', () => {
    const r = parse(`• Ordförande Harriet Hedlund (S) förklarar sammanträdet öppnat.

• Upprop förrättas. Närvarande ledamöter framgår av sidorna 1-2 i protokollet.

• § 119

Val av protokollsjusterare samt tid och plats för justering

• Inkomna motioner;

Motion nr 24-2023 från Liberalerna (L), Vaccination mot TBE

Motion nr 25-2023 från Sverigedemokraterna (SD), Avveckla resursramar

Motion nr 26-2023 från Sverigedemokraterna (SD), Halvera partistödet
`);
    expect(r.metadata.kind).toBe('protokoll');
  });
});

describe('kind: lists and scanned headings', () => {
  it('rows of a register ("Motion – …", "Motion om …") are not the page\'s heading (halmstad-kf-ovrigt-register)', () => {
    const r = parse(`Pågående motioner

Motion

Inkom

Motionärer

Diarienummer

Motion – Ny princip för tillsättande av kommunråd i Halmstad

Andreas Ahlqvist (SD)

Motion om missbruk av samhällets resurser

Fabio Ishaq (SD)

Motion angående strategi för att få studenter att stanna i Halmstad

Stefan Pålsson (S),
Tord Johansson (S)
`);
    expect(r.metadata.kind).toBe('ovrigt');
    expect(r.evidence.kind!.rule).toMatch(/lista/);
  });

  it('OCR that reads the capital I as l: "lnterpellation 1996/97:157 av …" (riksdagen-1996-97-157-interpellation-ocr, misread)', () => {
    const r = parse(`lnterpellation 1996/97:157 av Margareta E Nordenvall (m) till socialministern om hälso- och sjukvården

Inkom den 4 februari : Besvarad den 6 mars Prot. 1996/97:74

Regeringen har nyligen i en skrivelse till riksdagen redogjort för den överenskommelse som staten slutit med sjukvårdshuvudmännen angående ersättningar för 1997.
`);
    expect(r.metadata.kind).toBe('interpellation');
  });
});

describe('kind: answers', () => {
  it('an answer that opens with the interpellation\'s heading is the answer ("har ställt följande frågor till mig", synt-orebro-kf-interpellationssvar-s)', () => {
    const r = parse(`Örebro kommun
Kommunfullmäktige

Interpellation från Karin Ek (KD) om öppettiderna på kommunens fritidsgårdar

Karin Ek (KD) har ställt följande frågor till mig:

Varför har öppettiderna på fritidsgårdarna i Vivalla och Varberga minskats under hösten?

Fritidsgårdarna är en viktig del av kommunens förebyggande arbete. Under hösten har två av gårdarna haft svårt att rekrytera personal, och förvaltningen har därför tillfälligt kortat öppettiderna i Vivalla och Varberga.

Örebro 2022-05-02

Jan Ek (S)
Ordförande i kultur- och fritidsnämnden
`);
    expect(r.metadata.kind).toBe('interpellationssvar');
    expect(r.evidence.kind!.rule).toMatch(/näst bäst interpellation/);
  });

  it('but "… har frågat mig" without a named asker, in an interpellation\'s own prose, is no answer (goteborg-kf-2025-264-interpellation-sd, one sentence added)', () => {
    const r = parse(`Kommunfullmäktige

Handling 2025 nr 264

Interpellation av Rasmus Ragnarsson (SD) till ordföranden i nämnden för Intraservice om dataläckan från Miljödata

Händelsen väcker allvarliga frågor om hur Göteborgs Stad hanterar och skyddar personuppgifter. Flera tidigare anställda har frågat mig hur länge deras uppgifter sparas.

Mot bakgrund av detta vill jag ställa följande frågor till nämnden för Intraservices ordförande:

1. Hur kunde personuppgifter om tidigare anställda, som avslutat sin anställning för flera år sedan, fortfarande finnas kvar i systemen?

Rasmus Ragnarsson (SD)
`);
    expect(r.metadata.kind).toBe('interpellation');
  });

  it('a chamber answer "§ 5 Svar på interpellation … Anf. 1 …: Fru talman! … har frågat mig" is the answer (riksdagen-2018-19-h60946-protokoll, its last §)', () => {
    const r = parse(`§ 5 Svar på interpellation 2018/19:16 om arbetslöshetsmålet

Anf. 1 Arbetsmarknadsminister YLVA JOHANSSON (S):

Fru talman! Lars Beckman har frågat mig om jag kan redo
`);
    expect(r.metadata.kind).toBe('interpellationssvar');
  });
});

describe('kind: general shapes found on the blind sets (issue 19, second round)', () => {
  it('a word boundary that knows å, ä and ö: "Motionärerna har godkänt …" names no motion (osthammar-kf-ovrigt)', () => {
    const r = parse(`Gå till innehållet

Avskrivning av motion

Kommunfullmäktige beslutar att avskriva obesvarade motioner från mandatperioden 2018-10-15 - 2022-10-14.

Avskrivningen sker med hänvisning till att motionerna inte längre är aktuella, då de kommer behandlas i ordinarie budgetprocess/ärendeprocess.

Motionärerna har godkänt detta förfarande då motionernas yrkanden kommer hanteras inom ordinarie ärendeprocesser för den nya majoritet som tillträtt efter valet 2022.
`);
    expect(r.metadata.kind).toBe('ovrigt');
  });

  it('a register whose rows repeat "Lämnad av:" and "Inkommen datum:" is a list, not its first motion (region-blekinge-ovrigt-register)', () => {
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
    expect(r.metadata.kind).toBe('ovrigt');
    expect(r.evidence.kind!.rule).toMatch(/register|lista/);
  });

  it('a blog post that tells its story before the paper\'s heading is about the paper (umea-ovrigt-kd)', () => {
    const r = parse(`Rättssäkert IT system?

Av , , 3 kommentarer 10

Imorgon är det kommunfullmäktige och det var väldigt länge sedan vi hade en så lång dagordning till fullmäktige. Själv har jag en interpellation som vi inte hann diskutera förra månaden, men jag har också lämnat in en enkel fråga ställd till kommunstyrelsens ordförande. För de som läser VK har kanske sett den i tidningen, men här kommer den i sin helhet:

Enkel fråga till Kommunstyrelsens ordförande Hans Lindberg (S)

En 16 årig gymnasieelev anklagas av kommunen för skadegörelse av kommunens IT system och avkrävs nu närmare en halv miljon kronor i skadestånd.

  • Anser du att det är rimligt att en elev som påtalat kommunens svagheter ska betala kommunens kostnader?
`);
    expect(r.metadata.kind).toBe('ovrigt');
    expect(r.evidence.kind!.rule).toMatch(/berättande text|citerar/);
  });

  it('the same paper without the story is the paper: "Enkel fråga om …" with "ställs följande fråga till" (linkoping-kf-interpellation-enkel-fraga)', () => {
    const r = parse(`Enkel fråga om skolnedläggningarna

Med anledning av det aktuella förslaget om nedläggning av skolor ställs följande fråga till kommunfullmäktige.

  1. Vad är den sammanlagda årshyran 2023 för de lokaler som BoU avser att säga upp och lämna?
`);
    expect(r.metadata.kind).toBe('interpellation');
  });

  it('a party asking the council in the third person: "X yrkar därför på att fullmäktige beslutar" (klippan-motion-var-framtid)', () => {
    const r = parse(`Kameraövervakning för trygghet och säkerhet

Många upplever att samhället idag är otryggt och var tredje kvinna känner sig otrygg i sitt eget bostadsområde.

Klippans kommun ska vara en trygg kommun
Vår Framtid –Klippan yrkar därför på att fullmäktige beslutar:
1. att kameraövervakning införs
`);
    expect(r.metadata.kind).toBe('motion');
  });

  it('a speech that ends "Bifall motionen." is a yrkande (malmo-yrkande-v)', () => {
    const r = parse(`Att kostnadsfritt kunna erbjuda mensskydd i skolorna är en trygghet för den som inte har råd eller möjlighet att köpa det själv.

Med tanke på att vi i Malmö har en väldigt hög barnfattigdom menar vi i Vänsterpartiet att det vore ett steg i rätt riktning att erbjuda gratis mensskydd.

Bifall motionen.
`);
    expect(r.metadata.kind).toBe('yrkande');
  });

  it('a Riksdag interpellation whose heading is lost ("None … None None") is known by its questions to the minister (corpus ipq-200506--0034)', () => {
    const r = parse(`None Motorvägen genom världsarvet i Tanum None None

den 4 oktober

Miljöministerns skrivning om ”påtaglig skada” tyder på att motorvägen till dels kommer att dras genom området.

Vilka åtgärder avser kulturministern att vidta för att bevara världsarvsområdet i Tanum fritt från motorväg?
`);
    expect(r.metadata.kind).toBe('interpellation');
  });

  it('a protocol without "Protokoll" in its head: attendance and "Protokollet föres av" (malmo-2014-03-27-protokoll)', () => {
    const r = parse(`Den 27 mars 2014

Närvarande vid uppropet: ordföranden, förste vice och andre vice ordförandena samt övriga ledamöter utom Ilmar Reepalu och My Gillberg.

Som ersättare för de frånvarande ledamöterna inträder: Sten Svensson för Ilmar Reepalu och Anders Törnblad för My Gillberg.

Protokollet föres av undertecknad, kommunfullmäktiges sekreterare.
`);
    expect(r.metadata.kind).toBe('protokoll');
  });

  it('"i korthet" titles a meeting summary even when it holds decisions and reservations (karlstad-ks-2020-01-21-ovrigt-i-korthet)', () => {
    const r = parse(`Beslut i korthet 2020

Kommunstyrelsen i korthet den 21 januari

Beslut

Kommunstyrelsen beslutar att avslå initiativet. S reserverar sig mot beslutet.

Beslut

Kommunstyrelsen beslutar att ge kommunledningskontoret i uppdrag att göra en jämförande studie.
`);
    expect(r.metadata.kind).toBe('ovrigt');
  });

  it('"i korthet" inside an interpellation\'s prose is no summary (corpus ipq-201819--0184)', () => {
    const r = parse(`Interpellation 2018/19:184 Politisk aktivism bland myndighetsanställda av Kjell-Arne Ottosson (KD) till Statsrådet Ardalan Shekarabi (S)

Under senare år har politisk aktivism bland myndighetsanställda blivit vanligare. Det handlar i korthet om att anställda vid myndigheter driver en egen agenda utan stöd i demokratiskt formade beslut.
`);
    expect(r.metadata.kind).toBe('interpellation');
  });
});
