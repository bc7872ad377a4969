/**
 * A search unit is what one hit is: a whole document, or one paragraph (§) of a protocol. Both live
 * in the same full-text table, so one match ranks them together. A document's rowid is its id; a
 * paragraph's is negative, -(document id × PARAGRAPH_SLOTS + ordinal), so it names its protocol and
 * its place without a lookup, a document's paragraphs form one rowid range (removed together), and
 * document ids keep their meaning everywhere they are already used. Pure.
 */

/**
 * A protocol is split into paragraph units from this many paragraphs: a single paragraph (a
 * Protokollsutdrag, one § uploaded alone) is the document itself, found once and shown as its §.
 */
export const SPLIT_FROM = 2;

/** Paragraphs indexed per protocol at most; any further ones stay in the document's own body. */
export const PARAGRAPH_SLOTS = 65_536;

export function paragraphUnitId(documentId: number, ordinal: number): number {
  return -(documentId * PARAGRAPH_SLOTS + ordinal);
}

/** The document a unit belongs to, and the paragraph's ordinal (null for the document itself). */
export function unitOf(unit: number): { documentId: number; ordinal: number | null } {
  if (unit > 0) return { documentId: unit, ordinal: null };
  const u = -unit;
  return { documentId: Math.floor(u / PARAGRAPH_SLOTS), ordinal: u % PARAGRAPH_SLOTS };
}

/** The rowid range [low, high] holding the document's paragraph units. */
export function paragraphUnitRange(documentId: number): [number, number] {
  return [paragraphUnitId(documentId, PARAGRAPH_SLOTS - 1), paragraphUnitId(documentId, 0)];
}
