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
  /** Metadata from the file's structure (XML header, JSON keys), when the format has any. */
  structured?: StructuredMetadata;
  /** What the reader noticed about the file ("Filen innehöll 3 poster"), for the reviewer. */
  warnings?: string[];
}

/** A field of the contract a file's own structure can state (the Riksdag's XML header, a JSON export's keys). */
export type StructuredField =
  | 'kind' | 'title' | 'municipality' | 'body' | 'date' | 'arende.title'
  | 'parties' | 'signatories' | 'interpellants' | 'addressee';

/**
 * Metadata a file states in its structure rather than its prose: it is surer than any text rule and
 * overrides it. `from` names the element or key each value was read from, for the evidence.
 */
export interface StructuredMetadata {
  values: {
    kind?: DocumentKind;
    title?: string;
    municipality?: string | null;
    body?: string | null;
    date?: string;
    arendeTitle?: string;
    parties?: string[];
    signatories?: Signatory[];
    interpellants?: Interpellant[];
    addressee?: Addressee;
  };
  from: Partial<Record<StructuredField, string>>;
  /** What the file is, for the reviewer: "Riksdagens dokument-XML". */
  format: string;
}
