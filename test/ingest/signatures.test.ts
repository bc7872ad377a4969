/** Signature blocks in the forms real papers and page copies write them (snippets quoted from fixtures/documents). */
import { describe, expect, it } from 'vitest';
import { findSignatureBlock } from '../../server/ingest/stages/metadata/signatures.js';
import { toParagraphs } from '../../server/ingest/stages/metadata/lines.js';
import { partyDesignation } from '../../server/domain/parties.js';

const PROSE = 'Vi reserverar oss därför till förmån för vårt eget yrkande om att anta det förslag som vi lade fram i nämnden, eftersom förvaltningens förslag inte tar hänsyn till de synpunkter som kom fram under samrådet med de boende.';
const sign = (tail: string) => findSignatureBlock(toParagraphs(`${PROSE}\n\n${tail}`)).signatories;

describe('signature blocks', () => {
  it('ends before web-page furniture, not at the page\'s last lines', () => {
    expect(sign('Ängelholm 2019-05-27\n\nArne Jönsson (S)\n\nLämna ett svar\n\nDin e-postadress kommer inte publiceras. Obligatoriska fält är märkta *'))
      .toEqual([{ name: 'Arne Jönsson', party: 'S', role: null }]);
    expect(sign('Henrik Andersson (S)\n\nfacebook Twitter Email')).toEqual([{ name: 'Henrik Andersson', party: 'S', role: null }]);
  });

  it('reads a line of names joined by commas and "och"', () => {
    expect(sign('Magnus Jonsson (S), BrittMarie Hansson (S) och Tommy Jönsson (S)\n\nfacebook Twitter Email').map((s) => s.name))
      .toEqual(['Magnus Jonsson', 'BrittMarie Hansson', 'Tommy Jönsson']);
  });

  it('takes the party from a group line with an adjective and the role from the name\'s line', () => {
    expect(sign('Varberg den 18 maj 2010\n\nFör den Socialdemokratiska fullmäktigegruppen\n\n-------------------------------------------\nJana Nilsson, gruppledare\n\nSidan uppdaterades senast: 2013-10-25 11:48'))
      .toEqual([{ name: 'Jana Nilsson', party: 'S', role: 'gruppledare' }]);
    expect(sign('För den socialdemokratiska fullmäktigegruppen\n\nMarkus Kauppinen\n\nfacebook Twitter Email'))
      .toEqual([{ name: 'Markus Kauppinen', party: 'S', role: null }]);
  });

  it('takes a party written on the line under the name, in full or as a local party', () => {
    expect(sign('Hallstahammar 2016-05-18\n\nAnna Gunstad Bäckman\nCenterpartiet')).toEqual([{ name: 'Anna Gunstad Bäckman', party: 'C', role: null }]);
    expect(sign('Sollentuna den 25 augusti 2009\n\nArne Lovén\nSollentunapartiet')).toEqual([{ name: 'Arne Lovén', party: 'Sollentunapartiet', role: null }]);
    expect(sign('……………………………………………..\n\nRogerLarsson\n\nKungsbackaborna(Kb)\n\nDela med dina vänner')).toEqual([{ name: 'Roger Larsson', party: 'Kb', role: null }]);
  });

  it('reads the party after the name on the same line, and one person written twice once', () => {
    expect(sign('Börje Karlsson Centerpartiet\n\nBli medlem i Centerpartiet\n\nOm alla som röstar på Centerpartiet rekryterar en person till, får vi dubbelt så mycket att säga till om i svensk politik. Om vi hjälps åt behövs det inte mycket för att öka vårt inflytande med 100 procent.'))
      .toEqual([{ name: 'Börje Karlsson', party: 'C', role: null }]);
    expect(sign('Helmuth Petersén\n\nHelmuth Petersen SD')).toEqual([{ name: 'Helmuth Petersén', party: 'SD', role: null }]);
    expect(sign('Nässjö den 8 augusti 2023\n\nAnders Hansen, SAFE')).toEqual([{ name: 'Anders Hansen', party: 'SAFE', role: null }]);
  });

  it('reads a party line above the names and a role in the next column', () => {
    expect(sign('SPI Välfärden\n\nLeif Fredriksson\tPartiföreträdare\n\nstäng')).toEqual([{ name: 'Leif Fredriksson', party: 'SPI', role: 'Partiföreträdare' }]);
  });

  it('reads "Party genom Name" and "Name, role (P)"', () => {
    expect(sign('Vänsterpartiet genom Anna Ek')).toEqual([{ name: 'Anna Ek', party: 'V', role: null }]);
    expect(sign('Namn Namnsson, gruppledare (S)')).toEqual([{ name: 'Namn Namnsson', party: 'S', role: 'gruppledare' }]);
  });

  it('finds names on the last lines of the last prose paragraph', () => {
    const text = `${PROSE}\n\nMina frågor är därför\n- Är alla sammanträdesrum där nämndsammanträden hålls försedda med hörselslinga och högtalaranläggning?\n- Om inte. När kommer de sammanträdesrum som saknar denna utrustning att vara utrustade med hörselslinga och högtalaranläggning.\nAnne-Marie Ekström\nLiberalerna"`;
    expect(findSignatureBlock(toParagraphs(text)).signatories).toEqual([{ name: 'Anne-Marie Ekström', party: 'L', role: null }]);
  });

  it('takes no signature from a register of motions or a contact list', () => {
    expect(sign('Motion om Familjecentral i Halmstads kommun\n\n2021-09-28\n\nGun-Britt Löfdahl (S), Tord Johansson (S)\n\nKS 2021/00431\n\nMotion om klimatanpassningsfond\n\n2021-09-29\n\nTania Bengtsson (V), Mariann Norell (V)\n\nKS 2021/00433\n\nMotion - Mötesplats f')).toEqual([]);
    expect(sign('För mer information kontakta:\n\nKlas Ahlberg, gruppledare\n013 – 20 70 38 klas.ahlberg@sd.se\n\nalt.\n\nJörgen Ring, politisk sekreterare jorgen.ring@sd.se')).toEqual([]);
    expect(sign('Justerarsignaturer Utdragsbestyrkande')).toEqual([]);
  });
});

describe('partyDesignation', () => {
  it.each([
    ['Sverigedemokraterna Linköping', 'SD'],
    ['Vänsterpartiet i Lund', 'V'],
    ['Staffanstorpspartiet', 'Staffanstorpspartiet'],
    ['Kungsbackaborna(Kb)', 'Kb'],
    ['SPI Välfärden', 'SPI'],
    ['Moderat politik', null],
    ['Kommunfullmäktige', null],
  ])('%s → %s', (s, want) => {
    expect(partyDesignation(s)).toBe(want);
  });
});

describe('signature blocks: office before the name, date beside it', () => {
  it('reads "Kommunstyrelsens ordförande Anna Ek (S)" and a date in the next column', () => {
    expect(sign('Kommunstyrelsens ordförande Anna Ek (S)')).toEqual([{ name: 'Anna Ek', party: 'S', role: 'Kommunstyrelsens ordförande' }]);
    expect(sign('Anna Ek (S)\t2024-03-12')).toEqual([{ name: 'Anna Ek', party: 'S', role: null }]);
  });
});

describe('signature blocks: several groups', () => {
  it('keeps each group\'s party when a role line ends the first group', () => {
    expect(sign('För Socialdemokraterna\nAnna Ek\nGruppledare\n\nFör Vänsterpartiet\nEva Berg')).toEqual([
      { name: 'Anna Ek', party: 'S', role: 'Gruppledare' }, { name: 'Eva Berg', party: 'V', role: null },
    ]);
    const block = findSignatureBlock(toParagraphs(`${PROSE}\n\nFör Moderaterna och Kristdemokraterna\n\nPer Holm (M)\tEva Lund (KD)`));
    expect(block.groupParties).toEqual(['M', 'KD']);
  });
});

describe('signature blocks: flattened columns', () => {
  it('splits names set side by side with single spaces after the party or with runs of spaces', () => {
    expect(sign('Anna Ek (S) Per Holm (V)').map((s) => [s.name, s.party])).toEqual([['Anna Ek', 'S'], ['Per Holm', 'V']]);
    expect(sign('För Sverigedemokraterna i Tyresö\n\nPer Carlberg   Henrik Mellström').map((s) => [s.name, s.party])).toEqual([['Per Carlberg', 'SD'], ['Henrik Mellström', 'SD']]);
  });
});

describe('signature blocks: contact details', () => {
  it('keeps a signer whose e-mail or phone stands under the name, but takes no press contact list', () => {
    expect(sign('Lund den 12 mars 2024\n\nAnna Berg (L)\nanna.berg@lund.se\n070-123 45 67')).toEqual([{ name: 'Anna Berg', party: 'L', role: null }]);
    expect(sign('För mer information kontakta:\n\nKlas Ahlberg, gruppledare\n013-20 70 38')).toEqual([]);
  });
});

describe('signature blocks: group lines in the genitive', () => {
  it('reads "För Vänsterpartiets fullmäktigegrupp" and "På Moderaternas vägnar"', () => {
    expect(sign('För Vänsterpartiets fullmäktigegrupp\n\nEva Berg')).toEqual([{ name: 'Eva Berg', party: 'V', role: null }]);
    expect(sign('På Moderaternas vägnar\n\nPer Holm')).toEqual([{ name: 'Per Holm', party: 'M', role: null }]);
  });
});

describe('signature blocks: party in full and role after a dash', () => {
  it('reads "Anna Ek (Socialdemokraterna)" and "Per Holm (V) – gruppledare"', () => {
    expect(sign('Anna Ek (Socialdemokraterna)')).toEqual([{ name: 'Anna Ek', party: 'S', role: null }]);
    expect(sign('Per Holm (V) – gruppledare\n\nLeave a Reply')).toEqual([{ name: 'Per Holm', party: 'V', role: 'gruppledare' }]);
  });
});

describe('signature blocks: appendix list below the names', () => {
  it('keeps the signers above "Bilagor:"', () => {
    expect(sign('Anna Berg (L)\nLedamot i kommunfullmäktige\n\nBilagor:\n1. Kostnadsberäkning')).toEqual([{ name: 'Anna Berg', party: 'L', role: 'Ledamot i kommunfullmäktige' }]);
  });
});
