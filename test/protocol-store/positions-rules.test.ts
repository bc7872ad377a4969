/** The pure rules that flatten a paragraph into positions and find their sentences in the stored text. */
import { describe, expect, it } from 'vitest';
import { locateSentence, paragraphAnchor, partyAfterName, sentenceNaming, paragraphPositions, positionLabel } from '../../server/linking/protocol-positions.js';
import type { ProtocolParagraph } from '../../server/ingest/types.js';

describe('protocol position rules', () => {
  it('anchors: "§ 79" → paragraf-79, a repeated number gets a suffix, odd numbers stay readable', () => {
    const taken = new Set<string>();
    expect(paragraphAnchor('§ 79', taken)).toBe('paragraf-79');
    expect(paragraphAnchor('§79', taken)).toBe('paragraf-79-2');
    expect(paragraphAnchor('§ 12 a', taken)).toBe('paragraf-12-a');
    expect(paragraphAnchor('§ <script>', taken)).toBe('paragraf-script');
    expect(paragraphAnchor('§', taken)).toBe('paragraf-utan-nummer');
  });

  it('a sentence is found across line breaks and only inside its paragraph', () => {
    const text = 'Rubrik\n\nAnna Ek (S) yrkar\nbifall till förslaget.\n\nAnna Ek (S) yrkar bifall till förslaget.';
    expect(locateSentence(text, 0, 50, 'Anna Ek (S) yrkar bifall till förslaget.')).toEqual([8, 48]);
    expect(locateSentence(text, 49, text.length, 'Anna Ek (S) yrkar bifall till förslaget.')).toEqual([50, text.length]);
    expect(locateSentence(text, 0, 40, 'Anna Ek (S) yrkar bifall till förslaget.')).toBeNull();
    expect(locateSentence(text, 0, text.length, 'Bo Lund (V) yrkar avslag.')).toBeNull();
    // Characters that mean something to a regular expression are only text.
    expect(locateSentence('a (b) [c]* d?', 0, 13, '(b) [c]* d?')).toEqual([2, 13]);
  });

  it('the party beside a name, and the sentence that names a voter', () => {
    expect(partyAfterName('Anna Ek (S), Bo Lund (V) och Cia Holm (MP) reserverar sig.', 'Bo Lund')).toBe('V');
    expect(partyAfterName('Ledamöterna från SD reserverar sig.', 'Bo Lund')).toBeNull();
    const text = 'Omröstning\n\nAnna Ek (S) och\nBo Lund (V) röstar Ja (2).\nCia Holm (M) röstar Nej (1).';
    expect(sentenceNaming(text, 0, text.length, 'Cia Holm')).toEqual({ sentence: 'Cia Holm (M) röstar Nej (1).', span: [55, text.length] });
    expect(sentenceNaming(text, 0, text.length, 'Bo Lund')?.sentence).toBe('Anna Ek (S) och Bo Lund (V) röstar Ja (2).');
    expect(sentenceNaming(text, 0, text.length, 'Dag Ek')).toBeNull();
  });

  it('a reservation naming members of some parties and only the party of another: a row per member and one for the party', () => {
    const text = '§ 1 Ärende\n\nAnna Ek (M) och ledamöterna från SD reserverar sig mot beslutet.';
    const p: ProtocolParagraph = {
      number: '§ 1', title: 'Ärende', diarienummer: null, decision: null, proposals: [], vote: null,
      reservations: [{ parties: ['M', 'SD'], names: ['Anna Ek'], text: 'Anna Ek (M) och ledamöterna från SD reserverar sig mot beslutet.' }],
      notes: [], handlingar: [], jav: [{ name: 'Bo Lund', party: 'V' }], start: 0, end: text.length,
    };
    expect(paragraphPositions(p, text).map((x) => [x.what, x.party, x.name, x.span])).toEqual([
      ['reservation', 'M', 'Anna Ek', [12, text.length]],
      ['reservation', 'SD', null, [12, text.length]],
      // Jäv whose name the text does not hold keeps the name as its sentence, without offsets.
      ['jav', 'V', 'Bo Lund', null],
    ]);
  });

  it('labels say how someone acted in Swedish', () => {
    expect([positionLabel('proposal', 'aterremiss'), positionLabel('vote', 'avstar'), positionLabel('note', 'sarskilt_yttrande'), positionLabel('reservation', null)])
      .toEqual(['yrkade återremiss', 'avstod', 'särskilt yttrande', 'reserverade sig']);
  });
});

describe('paragraph fields in the correction form', () => {
  it('a number read twice names only its first paragraph, so saving the form never copies one § onto the other', async () => {
    const { formInput, applyInput } = await import('../../server/domain/metadata-input.js');
    const { toMetadataForm } = await import('../../server/view-models/metadata-form.js');
    const { protocolDocument } = await import('./fixtures.js');
    const m = protocolDocument('kf-2026-03-26').metadata;
    m.paragraphs!.push({ ...m.paragraphs![0]!, title: 'Ett annat ärende', diarienummer: 'SLK-2026-00001' });
    expect(toMetadataForm(m).paragraphs.map((p) => p.editable)).toEqual([true, false]);
    const input = formInput({ paragraph_number: ['§ 87', '§ 87'], paragraph_title: ['Ny rubrik', 'Ett annat ärende'], paragraph_diarienummer: ['SLK-2025-01264', 'SLK-2026-00001'] });
    expect(input['paragraphs[§ 87].title']).toBe('Ny rubrik');
    const { metadata } = applyInput(m, Object.fromEntries(Object.entries(input).filter(([k]) => k.startsWith('paragraphs['))));
    expect(metadata.paragraphs!.map((p) => [p.title, p.diarienummer])).toEqual([['Ny rubrik', 'SLK-2025-01264'], ['Ett annat ärende', 'SLK-2026-00001']]);
  });
});
