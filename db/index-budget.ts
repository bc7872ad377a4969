/**
 * How much of one document's text the search index and the reused-paragraph lookup read. The
 * longest real protocols have about a million characters and a few thousand paragraphs; a larger
 * text is a dump, and reading all of it would hold the write transaction for seconds.
 */
export const MAX_INDEXED_CHARS = 2_000_000;

/** Paragraphs fingerprinted per document. */
export const MAX_FINGERPRINTED = 10_000;

/** The text cut to the index budget, at a word boundary. */
export function indexedText(text: string): string {
  if (text.length <= MAX_INDEXED_CHARS) return text;
  const cut = text.lastIndexOf(' ', MAX_INDEXED_CHARS);
  return text.slice(0, cut > MAX_INDEXED_CHARS - 1000 ? cut : MAX_INDEXED_CHARS);
}
