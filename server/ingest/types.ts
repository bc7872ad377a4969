/** Shared types of the ingest pipeline: the extraction contract and the stage inputs. */

export const DOCUMENT_KINDS = [
  'protokollsanteckning',
  'interpellation',
  'interpellationssvar',
  'motion',
  'reservation',
  'yrkande',
  'sarskilt_yttrande',
  'yttrande',
  'protokoll',
  'ovrigt',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface Signatory {
  name: string;
  party: string | null;
  /** As written: "suppleantyttrande", "Kommunstyrelsens ordförande"; null when none. */
  role: string | null;
}

export interface Interpellant {
  name: string;
  party: string | null;
}

export interface Addressee {
  name: string | null;
  role: string | null;
}

export interface ArendeRef {
  number: string | null;
  title: string | null;
  diarienummer: string | null;
}

/** The extraction contract: exact field names, relied on by outside tools. */
export interface ExtractedMetadata {
  kind: DocumentKind;
  title: string;
  municipality: string | null;
  body: string | null;
  date: string | null;
  arende: ArendeRef;
  parties: string[];
  signatories: Signatory[];
  interpellants: Interpellant[];
  addressee: Addressee | null;
  questions: string[];
  warnings: string[];
}

/** What an extractor returns for any format: plain text, per page where known. */
export interface ExtractedText {
  text: string;
  /** Page texts when the format has pages (PDF); joined by form feeds in `text`. */
  pages: string[] | null;
  /** True when a PDF has no usable text layer and needs OCR. */
  needsOcr: boolean;
}
