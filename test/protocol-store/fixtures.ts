/** Protocols built from the hand-labelled Göteborg paragraphs in fixtures/protocol-store, as the pipeline would hand them to the database. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NewDocument } from '../../server/use-cases/documents.js';
import type { ExtractedMetadata, ProtocolParagraph } from '../../server/ingest/types.js';

const DIR = join(import.meta.dirname, '../../fixtures/protocol-store');
const labelled = JSON.parse(readFileSync(join(DIR, 'paragraphs.json'), 'utf8')) as Record<string, ProtocolParagraph[]>;

export const MEETINGS = {
  'ks-2026-03-04': { body: 'Kommunstyrelsen', date: '2026-03-04' },
  'kf-2026-03-26': { body: 'Kommunfullmäktige', date: '2026-03-26' },
  'ks-2026-06-17': { body: 'Kommunstyrelsen', date: '2026-06-17' },
} as const;
export type Meeting = keyof typeof MEETINGS;

export function fixtureText(name: string): string {
  return readFileSync(join(DIR, `${name}.txt`), 'utf8');
}

export function labelledParagraphs(name: Meeting): ProtocolParagraph[] {
  return structuredClone(labelled[name]!);
}

function newDocument(filename: string, text: string, metadata: ExtractedMetadata): NewDocument {
  const bytes = Buffer.from(text, 'utf8');
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'), byteSize: bytes.length, mediaType: 'text/plain', filename,
    encoding: 'utf-8', bytes, text, textStatus: 'ok', metadata, extractorVersion: 'test-labelled/1', confidence: 1,
  };
}

const empty = { parties: [], signatories: [], interpellants: [], addressee: null, questions: [], warnings: [] };

/** One meeting's protocol with its hand-labelled paragraphs. */
export function protocolDocument(name: Meeting): NewDocument {
  const m = MEETINGS[name];
  return newDocument(`${name}.txt`, fixtureText(name), {
    ...empty, kind: 'protokoll', title: `Protokoll ${m.body} ${m.date}`, municipality: 'Göteborgs Stad', body: m.body, date: m.date,
    arende: { number: null, title: null, diarienummer: null }, paragraphs: labelledParagraphs(name),
  });
}

/** The written reservation of § 480 uploaded on its own. */
export function writtenReservation(): NewDocument {
  const names = [['Axel Josefson', 'M'], ['Hampus Magnusson', 'M'], ['Martin Wannholt', 'D'], ['Jörgen Fogelklou', 'SD'], ['Axel Darvik', 'L'], ['Dan-Ove Marcelind', 'KD']];
  return newDocument('reservation-ks-2026-06-17.txt', fixtureText('reservation-ks-2026-06-17'), {
    ...empty, kind: 'reservation', title: 'Reservation § 480', municipality: 'Göteborgs Stad', body: 'Kommunstyrelsen', date: '2026-06-17',
    arende: { number: '§ 480', title: null, diarienummer: 'SLK-2025-00790' }, parties: ['M', 'D', 'SD', 'L', 'KD'],
    signatories: names.map(([name, party]) => ({ name: name!, party: party!, role: null })),
  });
}
