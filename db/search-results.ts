/** What a search result page shows of its documents and protocol paragraphs (db/search.ts reads them on either engine). */

/**
 * Text read for a result's snippet. A whole council protocol can run to a million characters; the
 * best passage is looked for in its first 100,000 (about 40 pages), as search engines bound highlighting.
 */
export const SNIPPET_TEXT_CHARS = 100_000;

/** What a result shows of a document: its row's columns, the parties and signatories' names from its metadata, the beginning of its text. */
export interface ResultDocument {
  title: string;
  kind: string;
  body: string | null;
  date: string | null;
  parties: string[];
  /** The signatories' names, in order. */
  signatories: Array<string | null>;
  text: string;
}

/** A protocol paragraph as a search result shows it: heading, anchor on the protocol page, span in the text. */
export interface ResultParagraph {
  ordinal: number;
  number: string;
  title: string | null;
  anchor: string;
  start: number;
  end: number;
}

