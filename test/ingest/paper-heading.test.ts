/** Issue 19: a motion's or an interpellation's ärende is the paper itself, titled by its heading as written. Snippets from the fixtures. */
import { describe, expect, it } from 'vitest';
import { parseMetadata } from '../../server/ingest/stages/metadata/parse-metadata.js';
import { cutAtProse } from '../../server/ingest/stages/metadata/paper-heading.js';
import { findAddressee, findAskedAndAsker, findInterpellants, findInterpellationQuestions } from '../../server/ingest/stages/metadata/interpellation.js';
import { findPaperHeading } from '../../server/ingest/stages/metadata/paper-heading.js';
import { headOf, toParagraphs } from '../../server/ingest/stages/metadata/lines.js';
import { normaliseText } from '../../server/ingest/stages/normalise.js';

const parse = (raw: string) => parseMetadata(normaliseText(raw));
const prose = 'Vi har under lång tid sett att behovet växer i hela kommunen och att ingenting görs. Därför behöver frågan lyftas i fullmäktige nu.';

describe('ärende title of a motion or interpellation: its heading', () => {
  it('a heading on its own line, trailing full stop dropped', () => {
    const m = parse(`Interpellation till Barn- och utbildningsnämndens ordförande Linda Lundin angående ersättningslokaler för förskolan Skogsbäcken.\n\n${prose}\n\nIngalill Fredriksson (C)`);
    expect(m.metadata.arende.title).toBe('Interpellation till Barn- och utbildningsnämndens ordförande Linda Lundin angående ersättningslokaler för förskolan Skogsbäcken');
    expect(m.evidence['arende.title']!.rule).toBe('dokumentets rubrik');
  });

  it('a heading run into the first sentence is cut where the prose starts', () => {
    const raw = 'Kommunfullmäktige\n\nHandling 2025 nr 264\n\nInterpellation av Rasmus Ragnarsson (SD) till ordföranden i nämnden för Intraservice om dataläckan från Miljödata Den omfattande dataläckan från företaget Miljödata har drabbat omkring 165 000 nuvarande och tidigare anställda i Göteborgs Stad. Känsliga uppgifter om sjukdagar har spridits.';
    expect(parse(raw).metadata.arende.title).toBe('Interpellation av Rasmus Ragnarsson (SD) till ordföranden i nämnden för Intraservice om dataläckan från Miljödata');
    // A party's name opens the prose as often as a pronoun does.
    expect(cutAtProse('Motion av Stina Svensson (FI) om att byta ut statyn "Sittande flicka" som är placerad vid Rådhusets innergård Feministiskt initiativ lämnar nu efter åtta år kommunpolitiken i Göteborg.'))
      .toBe('Motion av Stina Svensson (FI) om att byta ut statyn "Sittande flicka" som är placerad vid Rådhusets innergård');
    // "ang." is an abbreviation, not a sentence end.
    expect(cutAtProse('Interpellation till barn- och ungdomsnämndens ordförande Niklas Wikström (L) ang. Toleransprojektet'))
      .toBe('Interpellation till barn- och ungdomsnämndens ordförande Niklas Wikström (L) ang. Toleransprojektet');
  });

  it('only "Motion till kommunfullmäktige" or "Interpellation": the subject line is the title', () => {
    expect(parse(`Motion till kommunfullmäktige i Ängelholm\n\nBusskort till äldre från fyllda 70 år\n\n${prose}`).metadata.arende.title).toBe('Busskort till äldre från fyllda 70 år');
    const nassjo = parse(`Interpellation\n\nTill: Kultur- och fritidsnämndens ordförande Sylve Jergefelt.\n\nSimhallens öppethållande under sommaren.\n\n${prose}\n\nNässjö den 8 augusti 2023\n\nAnders Hansen, SAFE`).metadata;
    expect(nassjo.arende.title).toBe('Simhallens öppethållande under sommaren');
    expect(nassjo.addressee).toEqual({ name: 'Sylve Jergefelt', role: 'Kultur- och fritidsnämndens ordförande' });
    expect(nassjo.interpellants).toEqual([{ name: 'Anders Hansen', party: 'SAFE' }]);
    // The label above the prose, the title above the label.
    expect(parse(`Stärk kommunens beredskap vid epidemier\n\nMOTION\n\n${prose}`).metadata.arende.title).toBe('Stärk kommunens beredskap vid epidemier');
  });

  it('a heading wrapped after an office, run into prose after a party, or above an addressing line', () => {
    const wrapped = parse(`Interpellation till kommunstyrelsens ordförande\nAnna Ek (S) om skolskjutsarna\n\n${prose}\n\nPer Holm (KD)`).metadata;
    expect(wrapped.arende.title).toBe('Interpellation till kommunstyrelsens ordförande Anna Ek (S) om skolskjutsarna');
    expect(wrapped.addressee).toEqual({ name: 'Anna Ek', role: 'Kommunstyrelsens ordförande' });
    expect(cutAtProse('Motion av Anna Ek (SD) om att förbjuda tiggeri i hela kommunen I dag ser vi allt fler som tigger utanför butikerna.'))
      .toBe('Motion av Anna Ek (SD) om att förbjuda tiggeri i hela kommunen');
    expect(parse(`Motion om fler laddstolpar vid kommunens förskolor\n\nMotion till kommunfullmäktige\n\n${prose}`).metadata.arende.title).toBe('Motion om fler laddstolpar vid kommunens förskolor');
  });

  it('a web page: the paper\'s heading, not the site title nor the post title above it', () => {
    const m = parse(`Interpellation, varför exkluderas SD vid intervjuer? | Sverigedemokraterna i Trelleborg\n\nInterpellation, varför exkluderas SD vid intervjuer?\n\nInterpellation till kommunstyrelsens ordförande Torbjörn Karlsson.\n\n${prose}`).metadata;
    expect(m.arende.title).toBe('Interpellation till kommunstyrelsens ordförande Torbjörn Karlsson');
    expect(m.addressee).toEqual({ name: 'Torbjörn Karlsson', role: 'Kommunstyrelsens ordförande' });
  });

  it('a list of papers or a page reporting on one has no heading of its own', () => {
    const list = 'Inkomna motioner;\n\nMotion nr 24-2023 från Liberalerna (L), Vaccination mot TBE\n\nMotion nr 25-2023 från Sverigedemokraterna (SD), Avveckla resursramar\n\nMotion nr 26-2023 från Sverigedemokraterna (SD), Halvera partistödet';
    expect(parse(list).metadata.arende.title).toBeNull();
    const report = 'Interpellation angående Landskrona gymnasium\n\nCarina Herrstedts interpellation angående att så få elever väljer Landskrona som studieort. Carina ställer bl.a följande frågor till Utbildningsnämndens ordförande:\n\n  • På vilket sätt arbetar förvaltningen för att locka elever att studera på hemmaplan?\n  • Har orsakerna till de sjunkande siffrorna analyserats och vad visade i så fall dessa?';
    expect(parse(report).metadata.arende.title).toBeNull();
    // A report asks nothing itself.
    expect(parse(report).metadata.questions).toEqual([]);
  });

  it('an answer: the heading of the interpellation it answers', () => {
    expect(parse(`Kommunfullmäktige\n\nInterpellationssvar angående – Interpellation av Rasmus Ragnarsson (SD) till kulturnämndens ordförande om tillämpningen av lagen om tillträdesförbud (2021:34) på bibliotek\n\n${prose}`).metadata.arende.title)
      .toBe('Interpellation av Rasmus Ragnarsson (SD) till kulturnämndens ordförande om tillämpningen av lagen om tillträdesförbud (2021:34) på bibliotek');
    const orebro = parse(`Örebro kommun\nKommunfullmäktige\n\nSvar på interpellation från Karin Ek (KD) om öppettiderna på kommunens fritidsgårdar\n\n${prose}\n\nJan Ek (S)\nOrdförande i kultur- och fritidsnämnden`).metadata;
    expect(orebro.arende.title).toBe('Interpellation från Karin Ek (KD) om öppettiderna på kommunens fritidsgårdar');
  });
});

describe('Riksdag papers: the title as the Riksdag gives it', () => {
  it('between the number and "av"; "av" inside the title is not the author\'s', () => {
    const m = parse(`Interpellation 2023/24:615 Finansieringen av UWC i Norge av Catarina Deremar (C) till Statsrådet Johan Forssell (M)\n\n${prose}`).metadata;
    expect(m.arende.title).toBe('Finansieringen av UWC i Norge');
    expect(m.interpellants).toEqual([{ name: 'Catarina Deremar', party: 'C' }]);
  });

  it('after "om" in an older heading', () => {
    expect(parse(`Interpellation 1999/2000:21 av Lars Tobisson (m) till finansminister Bosse Ringholm om Vasakronan\n\n${prose}`).metadata.arende.title).toBe('Vasakronan');
  });

  it('a riksdagen.se page: the title above the number line, the addressee in the "till" line below the event list', () => {
    const raw = `Effekterna av den ekonomiska utvecklingen på försvarsambitionen\n\nInterpellation 2015/16:672 av Mikael Oscarsson (KD)\n\nInterpellationen är besvarad\n\nHändelser\n\nInlämnad\n2016-05-19\n\nInterpellationer är en typ av frågor som debatteras i kammaren nästan varje vecka. Ledamoten ställer interpellationen skriftligt till en minister i regeringen och får svar både skriftligt och muntligt av ministern som kommer till kammaren. Debatterna dokumenteras i kammarens protokoll.\n\nInterpellationen\n\ntill Försvarsminister Peter Hultqvist (S)\n\n${prose}`;
    const m = parse(raw).metadata;
    expect(m.arende.title).toBe('Effekterna av den ekonomiska utvecklingen på försvarsambitionen');
    expect(m.addressee).toEqual({ name: 'Peter Hultqvist', role: 'Försvarsminister' });
  });

  it('a committee\'s yttrande: the title above "Yttrande 1991/92:BoU2", the full stop of "m.m." kept', () => {
    const raw = `Investeringsbidraget för ny- och ombyggnad av bostäder m.m.\n\nYttrande 1991/92:BoU2\n\nObservera att dokumentet är inskannat och fel kan förekomma.\n\nBostadsutskottets yttrande 1991/92:BoU2y\n\nTill finansutskottet\n\n${prose}`;
    expect(parse(raw).metadata.arende.title).toBe('Investeringsbidraget för ny- och ombyggnad av bostäder m.m.');
  });

  it('a motion whose title is broken over two paragraphs below the author line', () => {
    const raw = `Enskild motion C\n\nMotion till riksdagen\n\n2019/20:265\n\nav Mikael Larsson (C)\n\nSäkerställa tillgången till och kostnaderna\n\nför TBE-vaccin\n\nFörslag till riksdagsbeslut\n\n${prose}`;
    expect(parse(raw).metadata.arende.title).toBe('Säkerställa tillgången till och kostnaderna för TBE-vaccin');
  });
});

describe('questions of an interpellation', () => {
  const q = (raw: string) => findInterpellationQuestions(toParagraphs(normaliseText(raw)));

  it('a numbered list with uneven indentation, followed by the signature and a web page\'s afterword', () => {
    const raw = `Vi är många som vill ha besked angående Skogsbäcken:\n\n  1. Var i processen för ”anskaffning av verksamhetslokaler” är ni?\n    2. Finns det flera förslag på lokalisering?\n    3. När beräknar du att allt är klart?\n\nFör Centerpartiet\nIngalill Fredriksson (C)\n\n2015-02-19\n\nPå Barn- och utbildningsnämnden i juni 2015 kommes svaret, hur majoriteten kommer att hantera frågan. Vi återkommer om detta här på sidan när beslutet är fattat.`;
    expect(q(raw)).toEqual(['Var i processen för ”anskaffning av verksamhetslokaler” är ni?', 'Finns det flera förslag på lokalisering?', 'När beräknar du att allt är klart?']);
    // Without the paper's own heading such a list may be quoted from another paper.
    expect(findInterpellationQuestions(toParagraphs(normaliseText(raw)), false)).toEqual([]);
  });

  it('a lead-in naming "frågor" before a colon; a statement leading into a question stays with it', () => {
    const raw = `Detta föranleder ett antal frågor till försvarsminister Peter Hultqvist:\n\nFinns det enligt försvarsministern tillräckliga medel avsatta i regeringens budget?\n\nEtt antal system har senarelagts av FMV eller har utgått. Vad ger detta enligt försvarsministern för effekt på ambitionsnivån?`;
    expect(q(raw)).toEqual(['Finns det enligt försvarsministern tillräckliga medel avsatta i regeringens budget?', 'Ett antal system har senarelagts av FMV eller har utgått. Vad ger detta enligt försvarsministern för effekt på ambitionsnivån?']);
  });

  it('"frågar jag därför …:" and questions run into one paragraph, each once', () => {
    const raw = `Med anledning av ovanstående frågar jag därför kommunstyrelsens ordförande Anita Mattsson (S):\n\nAvser du att verka för fler kameror i centrum? Om så, när kan kamerorna vara på plats?\n\nAvser du att verka för fler kameror i centrum?`;
    expect(q(raw)).toEqual(['Avser du att verka för fler kameror i centrum?', 'Om så, när kan kamerorna vara på plats?']);
  });
});

describe('ärende of a reservation or yrkande named in its own heading line', () => {
  const arende = (raw: string) => parse(raw).metadata.arende;
  const body = 'Vi reserverar oss mot beslutet till förmån för vårt eget förslag, som hade gett kommunen en bättre ekonomi. Vi anser att majoriteten har fel.';

  it('"i ärende 8, Titel, KF den …" and "ärende nr 11 <nämnd> <datum> Titel"', () => {
    expect(arende(`Reservation från den Socialdemokratiska Kommunfullmäktigegruppen i ärende 8, Budgetramar 2011, KF den 18 maj 2010.\n\n${body}`))
      .toMatchObject({ number: '8', title: 'Budgetramar 2011' });
    expect(arende(`Reservation ärende nr 11 Samhällsbyggnadsnämnden 20-10-20 Samråd av detaljplan för Ängelholm 5:16 m fl Fridhem.\n\n${body}`))
      .toMatchObject({ number: '11', title: 'Samråd av detaljplan för Ängelholm 5:16 m fl Fridhem' });
    expect(arende(`Yrkande ärende 3\n\n${body}`)).toMatchObject({ number: '3', title: null });
  });

  it('"i ärendet Titel", quoted or not; a label before a colon; the matter straight after the kind', () => {
    expect(arende(`Reservation i ärendet ”Mål- och resursplan 2019-2021”\n\n${body}`).title).toBe('Mål- och resursplan 2019-2021');
    expect(arende(`Skriftlig reservation i ärendet Budget.\n\n${body}`).title).toBe('Budget');
    expect(arende(`Reservation motion (SD): Åldersbestämning av ensamkommande ungdomar – en fråga om rättssäkerhet. | Sverigedemokraterna i Trelleborg\n\n${body}`).title)
      .toBe('Åldersbestämning av ensamkommande ungdomar – en fråga om rättssäkerhet');
    expect(arende(`Reservation Budget 2014\n\n${body}`).title).toBe('Budget 2014');
  });

  it('"Ärende: titel" below the head, kept as written', () => {
    expect(arende(`9/3 -05\n\nReservation\n\nKommunstyrelsen den 9/3 -05\n\nÄrende: detaljplan och kontor utmed Brogatan\n\n${body}`).title).toBe('detaljplan och kontor utmed Brogatan');
  });
});

describe('who asked whom, in the forms the Riksdag publishes', () => {
  const answer = (raw: string) => {
    const ps = toParagraphs(normaliseText(raw));
    const paper = findPaperHeading(ps, headOf(ps).length, 'interpellationssvar');
    return { title: paper?.title, ...findAskedAndAsker(paper, null, [], ps, 'interpellationssvar') };
  };

  it('the addressee named first and the office after a comma', () => {
    expect(findAddressee('Interpellation till Anna Ek (M), ordförande i socialnämnden, om hemtjänsten')).toEqual({ name: 'Anna Ek', role: 'Ordförande i socialnämnden' });
  });

  it('"av X m.fl. (c)" and "av A och B (båda SD)"', () => {
    expect(findInterpellants('Interpellation 2004/05:1 av Kerstin Lundgren m.fl. (c) till statsrådet Anna Ek om skogen')).toEqual([{ name: 'Kerstin Lundgren', party: 'C' }]);
    expect(findInterpellants('Interpellation 2023/24:1 av Markus Wiechel och Victoria Tiblom (båda SD) till statsrådet Anna Ek om slakt'))
      .toEqual([{ name: 'Markus Wiechel', party: 'SD' }, { name: 'Victoria Tiblom', party: 'SD' }]);
  });

  it('an answer in the chamber protocol: title after "om", the minister who speaks first, the asker\'s party from his own speech', () => {
    const a = answer('4 § Svar på interpellation 2005/06:254 om internflyktingars situation och rättigheter\n\nAnf. 1 Utrikesminister LAILA FREIVALDS (s):\n\nHerr talman! Alice Åström har frågat mig dels vilka initiativ jag avser att ta för att utveckla FN:s vägledande principer om internflyktingar, dels hur regeringen arbetar. Jag vill börja med att säga att frågan är viktig.\n\nAnf. 2 ALICE ÅSTRÖM (v):\n\nHerr talman! Jag tackar för svaret.');
    expect(a.title).toBe('internflyktingars situation och rättigheter');
    expect(a.addressee.value).toEqual({ name: 'Laila Freivalds', role: 'Utrikesminister' });
    expect(a.interpellants.value).toEqual([{ name: 'Alice Åström', party: 'V' }]);
  });

  it('another minister answers: the addressee is the office that was asked', () => {
    const a = answer('§ 5  Svar på interpellation 2016/17:193 om den svenska rymdnäringen\n\nAnf. 126 Statsrådet Helene Hellmark Knutsson (S)\n\nHerr talman! Hans Rothenberg har frågat närings- och innovationsministern hur han avser att agera. Arbetsfördelningen inom regeringen är sådan att det är jag som ska svara.');
    expect(a.addressee.value).toEqual({ name: null, role: 'Närings- och innovationsministern' });
  });

  it('a municipal answer "Svar från kommunstyrelsens ordförande Anna Berg (S)" names the addressee', () => {
    const a = answer('Kommunfullmäktige\n\nSvar på interpellation från Karin Ek (KD) om öppettiderna på kommunens fritidsgårdar\n\nSvar från kommunstyrelsens ordförande Anna Berg (S)\n\nKarin Ek (KD) har ställt följande frågor till mig. Fritidsgårdarna är en viktig del av kommunens förebyggande arbete.');
    expect(a.addressee.value).toEqual({ name: 'Anna Berg', role: 'Kommunstyrelsens ordförande' });
  });
});

describe('evidence for who asked whom', () => {
  it('names the rule that decided, and a reservation asks nothing as surely as it is a reservation', () => {
    const e = parse(`Interpellation av Anna Mörner (S) till regionstyrelsens ordförande Carl Johan Sonesson (M) om väntetiderna\n\n${prose}\n\nMot denna bakgrund vill jag ställa följande frågor till regionstyrelsens ordförande:\n\n1. Vilka åtgärder avser du att vidta för att väntetiderna ska klara vårdgarantin?`).evidence;
    expect(e.questions!.rule).toBe('frågorna efter inledningen ("… följande frågor:")');
    expect(e.interpellants!.rule).toBe('"av/från Namn (parti)" i rubriken');
    expect(e.addressee!.rule).toBe('"till …" i rubriken');
    const r = parse(`Reservation i ärendet ”Budget 2024”\n\n${prose}`);
    expect(r.evidence.questions).toEqual({ rule: 'reservation har ingen interpellant, mottagare eller frågor', confidence: r.evidence.kind!.confidence, source: 'text' });
  });
});
