/** JSON shapes of protocol paragraphs and positions, shared by the document, ärende and party APIs. */
import type { ProtocolParagraph } from '../ingest/types.js';
import type { MeetingPosition, StoredParagraph, StoredPosition } from '../../db/protocol.js';
import { positionLabel } from '../linking/protocol-positions.js';
import { positionPermalink, type PositionsTable } from '../domain/positions-table.js';

function person(p: StoredPosition) {
  return p.personSlug ? { name: p.personName, slug: p.personSlug, url: `/personer/${p.personSlug}` } : null;
}

/** One position as stored: who, how, the sentence and where it is shown. */
export function toPositionJson(documentId: number, anchor: string, p: StoredPosition) {
  return {
    id: p.id, what: p.what, kind: p.kind, label: positionLabel(p.what, p.kind), party: p.party, partySource: p.partySource,
    person: person(p), name: p.nameAsWritten, sentence: p.sentence, start: p.start, end: p.end,
    permalink: positionPermalink(documentId, anchor, p),
  };
}

/** A position with the meeting and paragraph it was taken at. */
export function toMeetingPositionJson(p: MeetingPosition) {
  return {
    ...toPositionJson(p.documentId, p.paragraphAnchor, p),
    date: p.date, body: p.body, municipality: p.municipality, arende: p.arendeId,
    paragraph: { document: p.documentId, number: p.paragraphNumber, title: p.paragraphTitle, permalink: `/dokument/${p.documentId}#${p.paragraphAnchor}` },
  };
}

/**
 * A protocol's paragraphs: the contract's shape (as the effective metadata has them) plus the stored
 * paragraph's id, permalink, ärende, positions and the written documents that belong to it.
 */
export function toParagraphsJson(documentId: number, contract: ProtocolParagraph[] | undefined, stored: StoredParagraph[]) {
  if (!contract) return undefined;
  return contract.map((p, i) => {
    const s = stored.find((x) => x.ordinal === i);
    return {
      ...p,
      id: s?.id ?? null,
      anchor: s?.anchor ?? null,
      permalink: s ? `/dokument/${documentId}#${s.anchor}` : null,
      arende: s?.arendeId ? { id: s.arendeId, rule: s.arendeRule, url: `/arenden/${s.arendeId}` } : null,
      positions: s ? s.positions.map((x) => toPositionJson(documentId, s.anchor, x)) : [],
      documents: s ? s.writtenDocuments.map((d) => ({ id: d.id, kind: d.kind, title: d.title, rule: d.rule, confidence: d.confidence, url: `/dokument/${d.id}` })) : [],
    };
  });
}

export function toPositionsTableJson(t: PositionsTable) {
  return {
    meetings: t.meetings.map((m) => ({ document: m.documentId, date: m.date, body: m.body, number: m.number, title: m.title, permalink: m.permalink })),
    parties: t.rows.map((r) => ({
      party: r.party,
      meetings: r.cells.map((c) => c.map((a) => ({ what: a.what, kind: a.kind, label: a.label, count: a.count, names: a.names, permalink: a.permalink }))),
    })),
  };
}
