/** The pure linking rules, each on strings: names, titles, paragraphs, party groups, interpellations. */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { initialsFit, parsePersonName } from '../../server/linking/person-names.js';
import { arendeTitleKey, titlesMatch, titlesNearlyEqual } from '../../server/linking/arende-titles.js';
import { containment, fingerprintParagraphs, paragraphWords, shingles } from '../../server/linking/paragraphs.js';
import { partyGroups } from '../../server/linking/party-groups.js';
import { alignAnswers, answerMatch, subjectAgreement, subjectStems } from '../../server/linking/interpellations.js';
import { normaliseText } from '../../server/ingest/stages/normalise.js';

describe('person names', () => {
  it('gives one key to case, spacing, party suffix and hyphen variants', () => {
    const keys = ['Rasmus Lenefors', 'Rasmus Lenefors (S)', 'rasmus  lenefors', 'RASMUS LENEFORS', ' Rasmus\u00a0Lenefors, ']
      .map((n) => parsePersonName(n)!.key);
    expect(new Set(keys)).toEqual(new Set(['rasmus lenefors']));
    expect(parsePersonName('Sara Heelge-Vikmång')!.key).toBe(parsePersonName('Sara Heelge Vikmång')!.key);
    expect(parsePersonName('Sara Heelge - Vikmång')!.key).toBe('sara heelge vikmång');
  });

  it('keeps the party suffix as the party and softens all-caps names for display', () => {
    expect(parsePersonName('Rasmus Lenefors (s)')).toMatchObject({ display: 'Rasmus Lenefors', party: 'S' });
    expect(parsePersonName('ÅSA ÖSTLUND-ÄRLIG')!.display).toBe('Åsa Östlund-Ärlig');
    expect(parsePersonName('(S)')).toBeNull();
  });

  it('marks initials and fits them only to a full name with the same surname and first letters', () => {
    const s = parsePersonName('S. Heelge Vikmång')!;
    expect(s.hasInitials).toBe(true);
    expect(initialsFit(s.tokens, ['sara', 'heelge', 'vikmång'])).toBe(true);
    expect(initialsFit(s.tokens, ['karin', 'heelge', 'vikmång'])).toBe(false);
    expect(initialsFit(s.tokens, ['sara', 'vikmång'])).toBe(false);
    expect(initialsFit(parsePersonName('S.Heelge Vikmång')!.tokens, ['sara', 'heelge', 'vikmång'])).toBe(true);
  });
});

describe('ärende titles', () => {
  it('normalises punctuation, case and party suffixes, and refuses generic titles', () => {
    expect(arendeTitleKey('Motion av Jörgen Fogelklou (SD) om trygghetskameror i centrum'))
      .toBe(arendeTitleKey('motion av Jörgen Fogelklou om trygghetskameror i centrum.'));
    expect(arendeTitleKey('Yttrande över Motion av Jörgen Fogelklou (SD) om trygghetskameror i centrum'))
      .toBe(arendeTitleKey('Motion av Jörgen Fogelklou (SD) om trygghetskameror i centrum'));
    expect(arendeTitleKey('Val')).toBeNull();
    expect(arendeTitleKey('Anmälningsärenden')).toBeNull();
  });

  it('treats a typo as near-identical but not a different matter', () => {
    const a = arendeTitleKey('Motion om fler förskoleplatser i Flemingsberg')!;
    expect(titlesNearlyEqual(a, arendeTitleKey('Motion om fler förskoleplatser i Flemingsbergs')!)).toBe(true);
    expect(titlesNearlyEqual(a, arendeTitleKey('Motion om fler förskoleplatser i Skogås')!)).toBe(false);
  });

  it('matches a heading that ran on into the first sentence, but not a short title inside a longer one', () => {
    const title = arendeTitleKey('Motion av Patrik Höstmad (D) om att utreda möjligheten att använda AI för fakturor')!;
    expect(titlesMatch(title, arendeTitleKey('Motion av Patrik Höstmad (D) om att utreda möjligheten att använda AI för fakturor Det är viktigt att')!)).toBe(true);
    expect(titlesMatch(arendeTitleKey('Motion om fler cykelbanor')!, arendeTitleKey('Motion om fler cykelbanor i Angered och Bergsjön')!)).toBe(false);
  });

  it('keys a paper\'s own heading by type, asker and subject, so the answer\'s and the yrkande\'s wording joins it', () => {
    // Issue 19: a motion's or interpellation's ärende title is its heading; an answer names it without the addressee.
    const asked = arendeTitleKey('Interpellation till regionstyrelsens ordförande Carl Johan Sonesson (M) från Anna Mörner (S) om väntetiderna i barn- och ungdomspsykiatrin')!;
    expect(titlesMatch(asked, arendeTitleKey('Interpellation från Anna Mörner (S) om väntetiderna i barn- och ungdomspsykiatrin')!)).toBe(true);
    expect(titlesMatch(asked, arendeTitleKey('Interpellation från Karin Ek (KD) om väntetiderna i barn- och ungdomspsykiatrin')!)).toBe(false);
    expect(arendeTitleKey('Yrkande angående Motion av Stina Svensson (FI) om att byta ut statyn "Sittande flicka"'))
      .toBe(arendeTitleKey('Motion av Stina Svensson (FI) om att byta ut statyn ”Sittande flicka”'));
  });

  it('refuses a paper heading that names no matter', () => {
    expect(arendeTitleKey('Interpellation till kommunstyrelsens ordförande Torbjörn Karlsson')).toBeNull();
    expect(arendeTitleKey('Motion om laddstolpar')).toBeNull();
    expect(arendeTitleKey('Motion om fler laddstolpar vid kommunens förskolor')).not.toBeNull();
  });
});

describe('reused paragraphs', () => {
  const para = 'Huddinge är i många avseenden en trygg och säker kommun att bo, leva och verka i. Flera bra rutiner och strukturer finns också på plats för att öka tryggheten.';

  it('sees through re-wrapping, soft hyphens and case', () => {
    const rewrapped = 'HUDDINGE är i många avseenden en trygg och säker kom\u00admun att bo,\nleva och verka i. Flera bra rutiner och\nstrukturer finns också på plats för att öka tryggheten.';
    const [a] = fingerprintParagraphs(para);
    const [b] = fingerprintParagraphs(rewrapped);
    expect(a!.exactHash).toBe(b!.exactHash);
  });

  it('measures containment: a small edit stays high, a different paragraph is low', () => {
    const edited = para.replace('många avseenden', 'flera avseenden');
    const other = 'Det finns idag tre tungt kriminella nätverk etablerade i Huddinge: i Flemingsberg, Länna och Vårby. Konsekvenserna av detta är allvarliga.';
    const s = (t: string) => shingles(paragraphWords(t));
    expect(containment(s(para), s(edited))).toBeGreaterThanOrEqual(0.8);
    expect(containment(s(para), s(`${para} När vi nu följer upp programmet vill vi göra några noteringar.`))).toBe(1);
    expect(containment(s(para), s(other))).toBeLessThan(0.2);
  });

  it('skips short paragraphs: signature lines, page footers, set phrases', () => {
    expect(fingerprintParagraphs('För Socialdemokraterna\n\nRasmus Lenefors')).toEqual([]);
    expect(fingerprintParagraphs('Inkom den 29 april : Besvarad den 21 maj Prot. 1998/99:98 1 2 3 4 5 6 7 8 9 10 11 12 13')).toEqual([]);
    expect(fingerprintParagraphs('Med hänvisning till det anförda vill jag ställa följande frågor till statsrådet:')).toEqual([]);
  });

  it('numbers paragraphs as the document page does', () => {
    const fps = fingerprintParagraphs(`Rubrik\n\n${para}\n\nKort.\n\n${para} Och mer.`);
    expect(fps.map((f) => f.position)).toEqual([1, 3]);
  });
});

describe('party groups', () => {
  it('finds a group in a body, not a local party', () => {
    expect(partyGroups('Text.\n\nFör Socialdemokraterna i kommunfullmäktige\n\nRasmus Lenefors')).toEqual([{ party: 'S', body: 'Kommunfullmäktige' }]);
    expect(partyGroups('Moderaternas fullmäktigegrupp')).toEqual([{ party: 'M', body: 'Kommunfullmäktige' }]);
    expect(partyGroups('V-gruppen i kommunstyrelsen')).toEqual([{ party: 'V', body: 'Kommunstyrelsen' }]);
    expect(partyGroups('För Socialdemokraterna i Huddinge')).toEqual([]);
  });
});

describe('interpellation and answer', () => {
  const interpellation = {
    title: 'Interpellation av Sara Heelge Vikmång (S) och Rasmus Lenefors (S) till kommunstyrelsens ordförande om att Flemingsberg klassas som ett utsatt område',
    date: '2021-11-15', municipality: 'Huddinge kommun', interpellants: [5, 1],
  };
  const answer = {
    title: 'Svar på Interpellation ställd av Sara Heelge Vikmång (S) och Rasmus Lenefors (S) om att Flemingsberg klassas som ett utsatt område och om åtgärder för att öka tryggheten i Huddinge',
    date: '2021-12-01', municipality: 'Huddinge kommun', interpellants: [1, 5],
  };

  it('links when interpellants and subject agree', () => {
    expect(answerMatch(answer, interpellation)).toBeGreaterThanOrEqual(0.6);
  });

  it('refuses other interpellants, another subject, another municipality or an answer before the question', () => {
    expect(answerMatch({ ...answer, interpellants: [1] }, interpellation)).toBe(0);
    expect(answerMatch({ ...answer, title: 'Svar på interpellation ställd av Sara Heelge Vikmång (S) om bussar till Stuvsta' }, interpellation)).toBe(0);
    expect(answerMatch({ ...answer, municipality: 'Botkyrka kommun' }, interpellation)).toBe(0);
    expect(answerMatch({ ...answer, date: '2021-01-01' }, interpellation)).toBe(0);
  });

  it('compares subjects by stems, so inflection does not matter', () => {
    expect(subjectAgreement(subjectStems('om utsatta områden'), subjectStems('om ett utsatt område'))).toBe(1);
  });

  it('aligns the seed answer: each quoted question with the paragraphs below it', () => {
    const seed = fs.readdirSync('fixtures/seed').find((f) => f.startsWith('002'))!;
    const text = normaliseText(fs.readFileSync(path.join('fixtures/seed', seed), 'utf8'));
    const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim());
    const expected = JSON.parse(fs.readFileSync('fixtures/seed/expected.json', 'utf8'))[seed].questions as string[];
    const aligned = alignAnswers(expected, paragraphs);
    expect(aligned.map((a) => a.quotedAt !== null)).toEqual([true, true, true]);
    for (const a of aligned) {
      expect(a.answer.length).toBeGreaterThan(0);
      expect(Math.min(...a.answer)).toBe(a.quotedAt! + 1);
    }
    expect(paragraphs[aligned[1]!.answer[0]!]).toMatch(/^Jag är i grund och botten positivt inställd/);
    // No answer runs into the next question.
    expect(Math.max(...aligned[0]!.answer)).toBeLessThan(aligned[1]!.quotedAt!);
  });

  it('falls back to word overlap when the answer does not quote the question', () => {
    const aligned = alignAnswers(['Hur många nya förskoleplatser byggs i Flemingsberg nästa år?'], [
      'Kommunen arbetar med flera frågor.',
      'Nästa år byggs 120 nya förskoleplatser i Flemingsberg, och ytterligare 60 i Skogås året därpå.',
      'Daniel Dronjak (M)',
    ]);
    expect(aligned[0]).toMatchObject({ quotedAt: null, answer: [1] });
  });
});
