/**
 * XML and JSON read as documents (issue 19): the Riksdag's dokumentstatus (XML and JSON), TEI from the
 * Swedish Parliament Corpus and a municipality's JSON export of meetings give their text, never their
 * markup or keys, and their structured metadata wins over the text rules with evidence that says so;
 * hostile XML and JSON (deep nesting, entity bombs, external entities, huge attributes, broken files)
 * get a clear 4xx and leave the database as it was.
 * The sample files in fixtures/formats/ were written from knowledge of the formats, not copied.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { loadConfig } from '../../server/config.js';
import { detectFormat } from '../../server/ingest/extractors/registry.js';
import { extractXml } from '../../server/ingest/extractors/xml.js';
import { htmlToText } from '../../server/ingest/extractors/html.js';
import { applyStructured } from '../../server/ingest/stages/structured.js';
import { parseMetadata } from '../../server/ingest/stages/metadata/parse-metadata.js';
import { addTestUser, buildTestApp, dbFingerprint, multipartParts, sessionFor, upload } from '../helpers/app.js';
import type { SqliteDb as Db } from '../../db/client.js';

const config = loadConfig({});
const dir = path.resolve(import.meta.dirname, '../../fixtures/formats');
const sample = (name: string) => fs.readFileSync(path.join(dir, name));
const analyse = (name: string, bytes: Uint8Array | string = sample(name)) => analyseFile({ bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes, filename: name }, config);

/** Words of the stored text that are element names or keys of the samples: none may be there. */
const MARKUP = /<|>|dokumentstatus|dokintressent|intressent_id|partibet|hangar_id|dok_id|doktyp|teiHeader|xml:id|persName|"\w+"\s*:|sammantraden|anforanden|beskrivning|talare/u;

describe('structured metadata over the text rules (applyStructured)', () => {
  const text = 'Interpellation om skolskjutsar\n\nSkolskjutsarna måste fungera för alla barn på landsbygden, även när länstrafiken drar in linjer.';

  it('replaces the fields the file states, with evidence from the structure, and takes back the gaps it fills', () => {
    const parsed = parseMetadata(text);
    expect(parsed.metadata.date).toBeNull();
    expect(parsed.metadata.warnings).toContain('Datum saknas i dokumentets huvud.');
    const merged = applyStructured(parsed, {
      values: { date: '2024-03-26', municipality: 'Örebro kommun', parties: ['V'] },
      from: { date: 'datum', municipality: 'kommun', parties: 'parti' },
      format: 'JSON-export',
    });
    expect(merged.metadata).toMatchObject({ date: '2024-03-26', municipality: 'Örebro kommun', parties: ['V'], kind: parsed.metadata.kind });
    expect(merged.evidence.date).toEqual({ rule: 'strukturerad metadata (datum)', confidence: 0.98, source: 'structured' });
    expect(merged.evidence.parties?.source).toBe('structured');
    expect(merged.evidence.kind).toEqual(parsed.evidence.kind);
    expect(merged.metadata.warnings).not.toContain('Datum saknas i dokumentets huvud.');
    expect(merged.metadata.warnings).not.toContain('Inget parti kunde knytas till dokumentet.');
    expect(merged.metadata.warnings).toContain('Ur filens strukturerade metadata (JSON-export): datum, kommun/region, partier.');
    // Pure: the text parse is untouched.
    expect(parsed.metadata.date).toBeNull();
  });

  it('is the text parse itself when the file states nothing', () => {
    const parsed = parseMetadata(text);
    expect(applyStructured(parsed, undefined)).toBe(parsed);
  });
});

describe('the Riksdag\'s dokumentstatus', () => {
  it('XML: the body read through the HTML reader, every field from the record, evidence "structured"', async () => {
    const doc = await analyse('riksdagen-ip-dokumentstatus.xml');
    expect(doc.mediaType).toBe('application/xml');
    expect(doc.text).toContain('De länder som har minst ansvar för klimatförändringarna drabbas hårdast');
    expect(doc.text).toContain('\n\nAvser statsrådet att verka för att stödet till klimatanpassning');
    expect(doc.text).not.toMatch(MARKUP);
    // The activity and uppgift records are metadata, not prose.
    expect(doc.text).not.toContain('Inlämnad');
    expect(doc.metadata).toMatchObject({
      kind: 'interpellation', title: 'Interpellation 2022/23:245 Biståndets inriktning mot klimatanpassning',
      municipality: 'Riksdagen', body: null, date: '2023-02-14',
      arende: { title: 'Biståndets inriktning mot klimatanpassning' }, parties: ['S'],
      interpellants: [{ name: 'Maria Andersson', party: 'S' }], addressee: { name: 'Johan Forssell', role: 'Statsrådet' },
    });
    expect(doc.metadata.questions).toEqual(['Avser statsrådet att verka för att stödet till klimatanpassning i låginkomstländer bibehålls på minst dagens nivå?']);
    for (const field of ['kind', 'title', 'municipality', 'body', 'date', 'arende.title', 'parties', 'interpellants', 'addressee'] as const) {
      expect(doc.evidence?.[field], field).toMatchObject({ source: 'structured', confidence: 0.98, rule: expect.stringMatching(/^strukturerad metadata \(.+\)$/) });
    }
    expect(doc.evidence?.kind?.rule).toBe('strukturerad metadata (doktyp "ip")');
    expect(doc.evidence?.questions?.source).toBe('text');
    expect(doc.metadata.warnings).toContain('Ur filens strukturerade metadata (Riksdagens dokument-XML): kommun/region, dokumenttyp, organ, datum, titel, ärendets rubrik, partier, interpellanter, mottagare.');
  });

  it('JSON: the same record read the same way; the utskott from organ; the signers from intressent', async () => {
    const doc = await analyse('riksdagen-mot-dokumentstatus.json');
    expect(doc.mediaType).toBe('application/json');
    expect(doc.text).toMatch(/^Motion 2022\/23:2156\nBättre kollektivtrafik på landsbygden/u);
    expect(doc.text).toContain('På landsbygden är avstånden långa och bussarna går sällan.');
    expect(doc.text).not.toMatch(MARKUP);
    expect(doc.metadata).toMatchObject({
      kind: 'motion', municipality: 'Riksdagen', body: 'Trafikutskottet', date: '2022-11-24', parties: ['C'],
      arende: { title: 'Bättre kollektivtrafik på landsbygden' },
      signatories: [{ name: 'Erik Lundgren', party: 'C', role: null }, { name: 'Sara Holm', party: 'C', role: null }],
    });
    expect(doc.evidence?.body).toEqual({ rule: 'strukturerad metadata (organ "TU")', confidence: 0.98, source: 'structured' });
  });

  it('a dokumentlista: each record\'s heading and summary in order, no ids or addresses, a list of the Riksdag\'s', async () => {
    const doc = await analyse('riksdagen-dokumentlista.xml');
    expect(doc.text.split('\n\n')).toEqual([
      // The normaliser joins the "av …" line to the title, as it does in any text.
      'Interpellation 2023/24:512\nVårdköerna i glesbygden av Karin Ek (C)',
      'Väntetiderna till specialistvård är längst i de regioner där avstånden är störst.',
      'Betänkande 2023/24:SoU20\nHälso- och sjukvårdens beredskap',
      'Socialutskottet föreslår att riksdagen avslår motionerna om sjukvårdens beredskap.',
    ]);
    expect(doc.text).not.toMatch(/HB10512|data\.riksdagen\.se|dokument_url/u);
    expect(doc.metadata).toMatchObject({ kind: 'ovrigt', title: 'Riksdagens dokumentlista (2 dokument)', municipality: 'Riksdagen', body: null });
    expect(doc.metadata.warnings).toContain('Filen innehöll 2 poster (dokument eller sammanträden); de lästes som en text i ordning.');
    expect(doc.evidence?.kind?.source).toBe('structured');
  });

  it('HTML as elements or in CDATA inside <html> is read as HTML too', () => {
    const inline = '<dokumentstatus><dokument><doktyp>mot</doktyp><titel>Cykelvägar i hela landet</titel><html><div><p>Första stycket med <b>fet</b> text.</p><p>Andra stycket.</p></div></html></dokument></dokumentstatus>';
    expect(extractXml(inline).text).toBe('Motion\nCykelvägar i hela landet\n\nFörsta stycket med fet text.\n\nAndra stycket.');
    const cdata = '<dokumentstatus><dokument><doktyp>mot</doktyp><titel>Cykelvägar</titel><html><![CDATA[<p>Första &amp; stycket.</p><p>Andra.</p>]]></html></dokument></dokumentstatus>';
    expect(extractXml(cdata).text).toBe('Motion\nCykelvägar\n\nFörsta & stycket.\n\nAndra.');
  });
});

describe('TEI (Swedish Parliament Corpus)', () => {
  it('reads the segments of the utterances with their speakers, title and date from the header', async () => {
    const doc = await analyse('tei-protokoll.xml');
    expect(doc.mediaType).toBe('application/xml');
    const paragraphs = doc.text.split('\n\n');
    expect(paragraphs[0]).toBe('1 § Svar på interpellation 1995/96:101 om skolans ekonomi');
    expect(paragraphs).toContain('Anf. 1 Utbildningsminister YLVA JOHANSSON (s):');
    // A speaker the header names, where the corpus gave no speaker note.
    expect(paragraphs).toContain('Lennart Fremling:');
    expect(doc.text).toContain('Statsbidragen till kommunerna höjs nästa år, och ansvaret för skolans organisation ligger hos kommunerna.');
    // The header's edition, authority and URL are not text.
    expect(doc.text).not.toMatch(/Swedish Parliament Corpus|0\.9\.0|data\.riksdagen\.se/u);
    expect(doc.text).not.toMatch(MARKUP);
    expect(doc.metadata).toMatchObject({ kind: 'protokoll', title: 'Riksdagens protokoll 1995/96:42', municipality: 'Riksdagen', date: '1995-12-07' });
    expect(doc.evidence?.date).toEqual({ rule: 'strukturerad metadata (teiHeader/date@when)', confidence: 0.98, source: 'structured' });
  });
});

describe('JSON exports of meetings', () => {
  it('reads the prose fields in order, never the keys, and says the file held several items', async () => {
    const doc = await analyse('sammantraden.json');
    expect(doc.text.split('\n\n')).toEqual([
      'Interpellation om skolskjutsar', 'Svar på interpellation om skolskjutsar',
      'Kommunstyrelsens ordförande svarar på frågor om hur skolskjutsarna på landsbygden ska ordnas när nya linjer införs.',
      'Anna Berg (V):', 'Skolskjutsarna måste fungera för alla barn på landsbygden, även när länstrafiken drar in linjer.',
      'Motion om cykelvägar', 'Svar på motion om cykelvägar',
      'Motionen föreslår att kommunen bygger ut cykelvägnätet mellan tätorterna och centrum.',
    ]);
    expect(doc.text).not.toMatch(MARKUP);
    expect(doc.metadata.warnings).toContain('Filen innehöll 2 poster (dokument eller sammanträden); de lästes som en text i ordning.');
    // The envelope's kommun and organ are the file's; the meetings' dates differ, so none is taken.
    expect(doc.metadata).toMatchObject({ kind: 'ovrigt', municipality: 'Örebro kommun', body: 'Kommunfullmäktige', date: null });
    expect(doc.evidence?.municipality).toEqual({ rule: 'strukturerad metadata (kommun)', confidence: 0.98, source: 'structured' });
  });

  it('one document: its title, date, party and signers from its keys; HTML in a prose key through the HTML reader', async () => {
    const json = JSON.stringify({
      dokument: {
        titel: 'Motion om fler bänkar i parkerna', datum: '2024-05-02', typ: 'Motion', kommun: 'Lunds kommun',
        html: '<div><h2>Bakgrund</h2><p>Många äldre behöver kunna vila när de promenerar i stadens parker.</p></div>',
        forfattare: [{ namn: 'Eva Ek', parti: 'L' }],
      },
    });
    const doc = await analyse('motion.json', json);
    expect(doc.text).toBe('Motion om fler bänkar i parkerna\n\nBakgrund\n\nMånga äldre behöver kunna vila när de promenerar i stadens parker.');
    expect(doc.metadata).toMatchObject({
      kind: 'motion', title: 'Motion om fler bänkar i parkerna', municipality: 'Lunds kommun', date: '2024-05-02',
      parties: ['L'], signatories: [{ name: 'Eva Ek', party: 'L', role: null }],
    });
    expect(doc.evidence?.signatories?.rule).toBe('strukturerad metadata (forfattare)');
  });
});

describe('detection from bytes and name', () => {
  const d = (s: string, name: string) => detectFormat(Buffer.from(s), name).mediaType;
  it('XML by declaration or root element, JSON by bracket, XHTML stays a web page, a .txt stays text', () => {
    expect(d('<?xml version="1.0"?><r/>', 'utan-namn')).toBe('application/xml');
    expect(d('\ufeff<dokumentstatus><dokument/></dokumentstatus>', 'dokument')).toBe('application/xml');
    expect(d('{"a": 1}', 'export')).toBe('application/json');
    expect(d('<?xml version="1.0"?>\n<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"></html>', 'sida.xml')).toBe('text/html');
    expect(d('<r/>', 'anteckning.txt')).toBe('text/plain');
  });

  it('prose that merely starts with "<" or "[" is read as text when its name does not say XML or JSON', async () => {
    const prose = 'Kommunfullmäktige beslutade att bifalla motionen om cykelvägar i hela kommunen.';
    expect((await analyse('anteckning', `[utkast] ${prose}`)).mediaType).toBe('text/plain');
    const lt = await analyse('anteckning', `<Motion> ${prose}`);
    expect(lt.mediaType).toBe('text/plain');
    expect(lt.text).toContain('<Motion>');
  });

  it('generic XML: element text as paragraphs, inline markup inside them, no element names', () => {
    const xml = '<?xml version="1.0"?><protokoll><rubrik>Sammanträde</rubrik><para>Hej <b>du</b> där.</para>\n  <para>Andra stycket.</para></protokoll>';
    expect(extractXml(xml).text).toBe('Sammanträde\n\nHej du där.\n\nAndra stycket.');
  });
});

describe('through the upload route and the search index', () => {
  let app: FastifyInstance;
  let db: Db;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    ({ app, db } = await buildTestApp());
    for (const name of ['riksdagen-ip-dokumentstatus.xml', 'riksdagen-mot-dokumentstatus.json', 'tei-protokoll.xml', 'sammantraden.json']) {
      const res = await upload(app, name, sample(name));
      expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
      ids[name] = res.json().id;
    }
  });
  afterAll(async () => { await app?.close(); });

  const search = async (q: string) => (await app.inject(`/api/search?q=${encodeURIComponent(q)}`)).json() as { total: number; results: Array<{ id: number }> };

  it('stores the text and the structured fields', async () => {
    const ip = (await app.inject(`/api/documents/${ids['riksdagen-ip-dokumentstatus.xml']}`)).json();
    expect(ip).toMatchObject({ kind: 'interpellation', municipality: 'Riksdagen', date: '2023-02-14', parties: ['S'] });
    expect(ip.text).not.toMatch(MARKUP);
    const mot = (await app.inject(`/api/documents/${ids['riksdagen-mot-dokumentstatus.json']}`)).json();
    expect(mot).toMatchObject({ kind: 'motion', body: 'Trafikutskottet', date: '2022-11-24' });
    expect(mot.text).not.toMatch(MARKUP);
  });

  it('finds the prose and none of the element names or keys', async () => {
    expect((await search('klimatanpassning')).results.map((r) => r.id)).toContain(ids['riksdagen-ip-dokumentstatus.xml']);
    expect((await search('lärartätheten')).results.map((r) => r.id)).toEqual([ids['tei-protokoll.xml']]);
    expect((await search('skolskjutsarna')).results.map((r) => r.id)).toEqual([ids['sammantraden.json']]);
    for (const q of ['intressent', 'dokintressent', 'partibet', 'hangar_id', 'doktyp', 'teiHeader', 'persName', 'seg', 'beskrivning', 'anforanden', 'talare', 'sammantraden']) {
      expect((await search(q)).total, q).toBe(0);
    }
  });

  it('the web upload keeps a TEI file for review and shows its structured title and date', async () => {
    const { id } = await addTestUser(db, { email: 'granskare@test.invalid', role: 'admin' });
    const session = await sessionFor(db, id);
    const teiBytes = Buffer.from(sample('tei-protokoll.xml').toString('utf8').replace('1995/96:42', '1995/96:43'));
    const body = multipartParts([{ name: '_csrf', value: session.csrf }, { name: 'file', filename: 'protokoll-43.xml', bytes: teiBytes }]);
    const res = await app.inject({ method: 'POST', url: '/ladda-upp', payload: body.payload, headers: { ...body.headers, cookie: session.cookie } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect(res.headers.location).toMatch(/^\/ladda-upp\/granska\/\d+$/);
    const review = await app.inject({ url: res.headers.location!, headers: { cookie: session.cookie } });
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('Riksdagens protokoll 1995/96:43');
    expect(review.body).toContain('1995-12-07');
  });

  describe('hostile XML and JSON: a clear 4xx and nothing stored', () => {
    const prose = 'Kommunfullmäktige beslutade att bifalla motionen om cykelvägar i hela kommunen.';
    async function refused(filename: string, body: string, status: number, code: string, message: RegExp) {
      const before = dbFingerprint(db);
      const res = await upload(app, filename, body);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
      expect(res.json()).toMatchObject({ error: code, message: expect.stringMatching(message) });
      expect(dbFingerprint(db)).toBe(before);
    }

    it('deep nesting (XML, JSON, HTML inside the Riksdag\'s XML, a web page)', async () => {
      await refused('djup.xml', `<r>${'<a>'.repeat(200_000)}${prose}${'</a>'.repeat(200_000)}</r>`, 422, 'corrupt_document', /nästlade i mer än 500 nivåer/);
      await refused('djup.json', `{"text": ${'['.repeat(300_000)}"x"${']'.repeat(300_000)}}`, 422, 'corrupt_document', /nästlade i mer än 500 nivåer/);
      await refused('djup-html.xml', `<dokumentstatus><dokument><doktyp>mot</doktyp><html>${'&lt;div&gt;'.repeat(100_000)}${prose}</html></dokument></dokumentstatus>`, 422, 'corrupt_document', /nästlade/);
      await refused('djup.html', `<html><body>${'<div>'.repeat(100_000)}${prose}</body></html>`, 422, 'corrupt_document', /nästlade/);
    });

    it('entity bombs and external entities are refused before anything expands or is read', async () => {
      const laughs = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
      await refused('skratt.xml', `<?xml version="1.0"?><!DOCTYPE lolz [${laughs}]><lolz><p>${prose}</p>&lol9;</lolz>`, 415, 'unsupported_type', /egna entiteter/);
      await refused('xxe.xml', `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r><p>${prose}</p>&xxe;</r>`, 415, 'unsupported_type', /egna entiteter/);
    });

    it('a huge attribute, broken XML, broken JSON, XML without a root', async () => {
      await refused('attribut.xml', `<r a="${'x'.repeat(2_000_000)}"><p>${prose}</p></r>`, 422, 'corrupt_document', /attribut på 2\s000\s000 tecken/);
      await refused('trasig.xml', `<r><p>${prose}</q></r>`, 422, 'corrupt_document', /<p> avslutas inte; på rad 1 kommer <\/r>/);
      await refused('avbruten.xml', `<r><p>${prose}</p>`, 422, 'corrupt_document', /<r> avslutas aldrig \(filen tar slut\)/);
      await refused('trasig.json', `{"text": "${prose}",}`, 422, 'corrupt_document', /JSON-filen är trasig/);
      await refused('tom.xml', prose, 422, 'corrupt_document', /inget rotelement/);
    });
  });
});

describe('web pages nested past the bound', () => {
  it('are refused while parsing, before the recursive reader sees them', () => {
    expect(() => htmlToText(`${'<div>'.repeat(501)}x`)).toThrow(/nästlade i mer än 500 nivåer/);
    expect(htmlToText(`${'<div>'.repeat(400)}text${'</div>'.repeat(400)}`)).toBe('text');
  });
});
