import { describe, expect, it } from 'vitest';
import { parseMetadata } from '../../server/ingest/stages/metadata/parse-metadata.js';
import { findDate, dateFromRiksmote } from '../../server/ingest/stages/metadata/dates.js';
import { looksLikeName, parseNameMention, findNamePartyPairs } from '../../server/ingest/stages/metadata/names.js';
import { findAddressee, findInterpellants } from '../../server/ingest/stages/metadata/interpellation.js';
import { findBody, findDiarienummer, findMunicipality } from '../../server/ingest/stages/metadata/header.js';
import { partyFromAny } from '../../server/domain/parties.js';
import { slugify } from '../../server/domain/slug.js';
import { normaliseText } from '../../server/ingest/stages/normalise.js';

const parse = (raw: string) => parseMetadata(normaliseText(raw)).metadata;

describe('dates', () => {
  it.each([
    ['2022-02-17', '2022-02-17'],
    ['Huddinge den 3 mars 2022', '2022-03-03'],
    ['Sammanträdesdatum: 2026-03-26', '2026-03-26'],
    ['den 1:a april 2023', '2023-04-01'],
    ['17/2 2022', '2022-02-17'],
    ['2022-02-30', null],
    ['KS-2017/64', null],
  ])('%s → %s', (text, want) => {
    expect(findDate(text)?.date ?? null).toBe(want);
  });

  it('places a Riksdag day-month in the session year: autumn in the first year, spring in the second', () => {
    expect(dateFromRiksmote('den 20 maj', '2010/11')).toBe('2011-05-20');
    expect(dateFromRiksmote('Inkom den 3 oktober : Besvarad den 27 oktober', '1994/95')).toBe('1994-10-03');
    expect(dateFromRiksmote('den 17 september', '1999/2000')).toBe('1999-09-17');
  });
});

describe('names and parties', () => {
  it.each([
    ['Rasmus Lenefors', true], ['Sara Heelge Vikmång', true], ['Margareta E Nordenvall', true], ['S. Heelge Vikmång', true],
    ['Margaretha af Ugglas', true], ['Kommunstyrelsens ordförande', false], ['För Socialdemokraterna', false],
    ['Huddinge', false], ['I Huddinge', false], ['Anna E', false],
    ['Anna-Karin Hatt', true], ['Ewa McDonald', true], ['Per-olof Ek', true], ['Anna -Karin', false], ['Anna Ek-', false],
    // A long capitalised word failing at its last character: the name pattern once tried 2^length readings of it.
    ['Anna Kommunfullmäktigeledamöternasgruppledare,', false],
  ])('looksLikeName(%s) = %s', (s, want) => {
    expect(looksLikeName(s)).toBe(want);
  });

  it('reads a party or a note in parentheses', () => {
    expect(parseNameMention('Siv Sahlström (c)')).toEqual({ name: 'Siv Sahlström', party: 'C', note: null });
    expect(parseNameMention('Britt Flodetorp (suppleantyttrande)')).toEqual({ name: 'Britt Flodetorp', party: null, note: 'suppleantyttrande' });
    expect(parseNameMention('RASMUS  LENEFORS (S)')).toEqual({ name: 'Rasmus Lenefors', party: 'S', note: null });
    expect(parseNameMention('SÄRSKILT YTTRANDE')).toBeNull();
    expect(parseNameMention('KOMMUNSTYRELSENS ORDFÖRANDE')).toBeNull();
    expect(parseNameMention('Kommunstyrelsens ordförande')).toBeNull();
  });

  it('finds Name (P) pairs in running text, without the office before the name', () => {
    expect(findNamePartyPairs('till Statsrådet Lotta Edholm (L) om skolan').map((p) => p.name)).toEqual(['Lotta Edholm']);
  });

  it.each([
    ['Socialdemokraterna', 'S'], ['För Vänsterpartiet', null], ['Vänsterpartiet', 'V'], ['mp', 'MP'], ['kds', 'KDS'],
    ['Miljöpartiet de gröna', 'MP'], ['Demokraterna', 'D'], ['Sverigedemokraterna', 'SD'], ['Kalle', null],
  ])('partyFromAny(%s) = %s', (s, want) => {
    expect(partyFromAny(s)).toBe(want);
  });

  it('slugs are ASCII-folded', () => {
    expect(slugify('Sara Heelge Vikmång')).toBe('sara-heelge-vikmang');
    expect(slugify('Åsa Öberg-Ärlig')).toBe('asa-oberg-arlig');
  });
});

describe('interpellation headings', () => {
  it('Riksdag heading: interpellant and addressee with name and office', () => {
    const h = 'Interpellation 2022/23:425 Anmälningsplikten för lärare av Aylin Nouri (S) till Statsrådet Lotta Edholm (L)';
    expect(findInterpellants(h)).toEqual([{ name: 'Aylin Nouri', party: 'S' }]);
    expect(findAddressee(h)).toEqual({ name: 'Lotta Edholm', role: 'Statsrådet' });
  });

  it('an office without a name leaves the name null', () => {
    expect(findAddressee('1994/95:2 av Birgitta Hambraeus (c) till utrikesministern om EES')).toEqual({ name: null, role: 'Utrikesministern' });
  });

  it('a municipal interpellation to a chair', () => {
    const h = 'Interpellation av Anna Berg (L) och Per Ek (L) till kommunstyrelsens ordförande Daniel Dronjak (M) om trygghet';
    expect(findInterpellants(h)).toEqual([{ name: 'Anna Berg', party: 'L' }, { name: 'Per Ek', party: 'L' }]);
    expect(findAddressee(h)).toEqual({ name: 'Daniel Dronjak', role: 'Kommunstyrelsens ordförande' });
  });
});

describe('head fields', () => {
  it('municipality: canonical names, cities as "stad", regions', () => {
    expect(findMunicipality('Huddinge kommun', '')?.value ?? null).toBe('Huddinge kommun');
    expect(findMunicipality('Göteborgs kommunfullmäktige', '')?.value ?? null).toBe('Göteborgs Stad');
    expect(findMunicipality('', 'Förslaget påverkar Upplands Väsby kommuns budget.')?.value ?? null).toBe('Upplands Väsby kommun');
    expect(findMunicipality('Regionfullmäktige, Region Skåne', '')?.value ?? null).toBe('Region Skåne');
    expect(findMunicipality('', 'Varje kommun ska ha en plan.')?.value ?? null).toBeNull();
  });

  it('body: canonical capitalisation, genitive place name dropped', () => {
    expect(findBody(['Göteborgs kommunfullmäktige'])?.value ?? null).toBe('Kommunfullmäktige');
    expect(findBody(['Barn- och utbildningsnämnden'])?.value ?? null).toBe('Barn- och utbildningsnämnden');
    expect(findBody(['Enligt kommunstyrelsens förslag:'])?.value ?? null).toBeNull();
  });

  it.each([
    ['Dnr KS-2017/64', 'KS-2017/64'], ['Diarienummer: 1435/22', '1435/22'], ['Ärendenummer SLK-2023-00829', 'SLK-2023-00829'],
    ['Yrkande\t2026-02-12\tSLK-2025-01328', 'SLK-2025-01328'], ['Interpellation 2022/23:425', null],
  ])('diarienummer in %s', (head, want) => {
    expect(findDiarienummer(head, head)?.value ?? null).toBe(want);
  });
});

describe('whole documents in other municipalities\' shapes', () => {
  it('a reservation with a column signature and a Dnr', () => {
    const m = parse([
      'Uppsala kommun', 'Kommunstyrelsen', '2023-05-10', 'Dnr KS-2023/112', '',
      'Reservation', '', 'Ärende 3.3 Investeringsbudget för gator och parker', '',
      'Vi reserverar oss mot beslutet att skjuta upp upprustningen av parkerna i Gottsunda, eftersom det drabbar de barnfamiljer som redan har minst tillgång till grönytor.', '',
      'Maria Ek (V)        Jonas Lind (MP)',
    ].join('\n'));
    expect(m).toMatchObject({
      kind: 'reservation', municipality: 'Uppsala kommun', body: 'Kommunstyrelsen', date: '2023-05-10',
      arende: { number: '3.3', title: 'Investeringsbudget för gator och parker', diarienummer: 'KS-2023/112' },
      parties: ['V', 'MP'],
      signatories: [{ name: 'Maria Ek', party: 'V', role: null }, { name: 'Jonas Lind', party: 'MP', role: null }],
    });
  });

  it('a särskilt yttrande signed with a lowercase party and a role line', () => {
    const m = parse('Särskilt yttrande\n\n§ 15 Detaljplan för Norra hamnen\n\nCenterpartiet välkomnar planen men vill se fler cykelparkeringar vid stationen och bättre belysning.\n\nSiv Sahlström (c)\nGruppledare');
    expect(m.kind).toBe('sarskilt_yttrande');
    expect(m.arende.number).toBe('§ 15');
    expect(m.signatories).toEqual([{ name: 'Siv Sahlström', party: 'C', role: 'Gruppledare' }]);
    expect(m.parties).toEqual(['C']);
  });

  it('says what it could not find instead of guessing', () => {
    const m = parse('Några rader text utan rubrik.\n\nDet här är ett stycke som inte säger vilken sorts dokument det är eller vem som skrev det.');
    expect(m.kind).toBe('ovrigt');
    expect(m.municipality).toBeNull();
    expect(m.parties).toEqual([]);
    expect(m.warnings.length).toBeGreaterThanOrEqual(3);
  });
});
