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
  /** A protocol's paragraphs (§), in order; only for kind `protokoll`. */
  paragraphs?: ProtocolParagraph[];
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

// ---- Meeting protocols, paragraph by paragraph (issue 15) ----
// The field names below are printed by `npm run extract` and relied on by outside tools: keep them.

/** How a person or a group stood in a proposal (yrkande). "instämmer i X:s yrkande" takes X's stance. */
export const PROPOSAL_STANCES = ['bifall', 'avslag', 'aterremiss', 'bordlaggning', 'eget', 'tillagg', 'andring', 'ovrigt'] as const;
export type ProposalStance = (typeof PROPOSAL_STANCES)[number];

/** One person (or, with `name` null, one party group) moving or joining a proposal at the meeting. */
export interface Proposal {
  name: string | null;
  party: string | null;
  stance: ProposalStance;
  /** The sentence that shows it, as written (whitespace collapsed). */
  text: string;
}

export type MemberVote = 'ja' | 'nej' | 'avstar';

export interface VoteMember {
  name: string;
  party: string | null;
  vote: MemberVote;
}

export interface Vote {
  ja: number;
  nej: number;
  avstar: number;
  /** From a voting list (Voteringslista) when the protocol has one; [] otherwise. */
  members: VoteMember[];
}

/** Parties and named members who reserve themselves against the decision. */
export interface Reservation {
  parties: string[];
  names: string[];
  text: string;
}

export type ProtocolNoteKind = 'protokollsanteckning' | 'sarskilt_yttrande';

export interface ProtocolNote {
  kind: ProtocolNoteKind;
  parties: string[];
  names: string[];
  text: string;
}

/** A member who declares a conflict of interest (jäv) and takes no part in the paragraph. */
export interface Jav {
  name: string;
  party: string | null;
}

/** One paragraph (§) of a meeting protocol. A field the text does not support is empty or null, never a guess. */
export interface ProtocolParagraph {
  /** "§ 79" */
  number: string;
  /** The ärende heading as written. */
  title: string | null;
  diarienummer: string | null;
  /** The decision text ("Beslut", "Kommunfullmäktiges beslut"), whitespace collapsed. */
  decision: string | null;
  proposals: Proposal[];
  vote: Vote | null;
  reservations: Reservation[];
  notes: ProtocolNote[];
  /** The documents the paragraph lists (Handlingar, Beslutsunderlag), one line each as written. */
  handlingar: string[];
  jav: Jav[];
  /** Where the paragraph lies in the stored (normalised) text: [start, end) in UTF-16 code units. */
  start: number;
  end: number;
}

/** Everything the pipeline learned about one file, ready to store (server/use-cases/documents.ts#storeDocument). */
export interface NewDocument {
  sha256: string;
  byteSize: number;
  mediaType: string;
  filename: string;
  encoding: string | null;
  bytes: Uint8Array;
  text: string;
  textStatus: 'ok' | 'needs_ocr';
  metadata: ExtractedMetadata;
  extractorVersion: string;
  confidence: number;
  /** The text analysed for the index, by the analysis worker (absent: analysed in the write). */
  prepared?: import('./stages/prepare-index.js').PreparedIndex;
  /** Per field: the rule that decided it and whether it came from the text or the file's structure; the extraction record keeps it. */
  evidence?: import('./stages/metadata/evidence.js').Evidence;
}
