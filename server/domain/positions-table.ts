/**
 * The Ståndpunkter table of an ärende: party by party, meeting by meeting, how each acted, every
 * action linking to the sentence that shows it. Pure: built from positions already read.
 */
import type { MeetingPosition, StoredPosition } from '../../db/protocol.js';
import { positionAnchor, positionLabel } from '../linking/protocol-positions.js';

/** The order parties are usually listed in, left to right; others follow alphabetically. */
const PARTY_ORDER = ['V', 'S', 'MP', 'C', 'L', 'KD', 'M', 'SD', 'D'];
/** Order of actions within a cell: what was moved, then voted, then written. */
const WHAT_ORDER = ['proposal', 'vote', 'reservation', 'note'];

export interface TableMeeting {
  documentId: number;
  date: string | null;
  body: string | null;
  number: string;
  title: string | null;
  permalink: string;
}

export interface TableAction {
  what: string;
  kind: string | null;
  label: string;
  /** People (or party groups) who acted so. */
  count: number;
  names: string[];
  /** The first sentence that shows it. */
  permalink: string;
}

export interface PositionsTable {
  meetings: TableMeeting[];
  rows: Array<{ party: string; cells: TableAction[][] }>;
}

/** Where a position's sentence is shown on the protocol's page. */
export function positionPermalink(documentId: number, paragraphAnchor: string, p: Pick<StoredPosition, 'ordinal'>): string {
  return `/dokument/${documentId}#${positionAnchor(paragraphAnchor, p.ordinal)}`;
}

export function partyRank(code: string): number {
  const i = PARTY_ORDER.indexOf(code);
  return i < 0 ? PARTY_ORDER.length : i;
}

export function positionsTable(positions: MeetingPosition[]): PositionsTable {
  const meetings: TableMeeting[] = [];
  const meetingIndex = new Map<string, number>();
  const cells = new Map<string, Map<number, Map<string, TableAction>>>();
  for (const p of positions) {
    if (!p.party || p.what === 'jav') continue;
    const key = `${p.documentId}|${p.paragraphAnchor}`;
    let mi = meetingIndex.get(key);
    if (mi === undefined) {
      mi = meetings.length;
      meetingIndex.set(key, mi);
      meetings.push({
        documentId: p.documentId, date: p.date, body: p.body, number: p.paragraphNumber, title: p.paragraphTitle,
        permalink: `/dokument/${p.documentId}#${p.paragraphAnchor}`,
      });
    }
    const byMeeting = cells.get(p.party) ?? new Map<number, Map<string, TableAction>>();
    cells.set(p.party, byMeeting);
    const actions = byMeeting.get(mi) ?? new Map<string, TableAction>();
    byMeeting.set(mi, actions);
    const label = positionLabel(p.what, p.kind);
    const a = actions.get(label);
    const name = p.personName ?? p.nameAsWritten;
    if (a) {
      a.count++;
      if (name && !a.names.includes(name)) a.names.push(name);
    } else {
      actions.set(label, { what: p.what, kind: p.kind, label, count: 1, names: name ? [name] : [], permalink: positionPermalink(p.documentId, p.paragraphAnchor, p) });
    }
  }
  const rows = [...cells.entries()]
    .sort(([a], [b]) => partyRank(a) - partyRank(b) || a.localeCompare(b, 'sv'))
    .map(([party, byMeeting]) => ({
      party,
      cells: meetings.map((_, mi) => [...(byMeeting.get(mi)?.values() ?? [])]
        .sort((x, y) => WHAT_ORDER.indexOf(x.what) - WHAT_ORDER.indexOf(y.what))),
    }));
  return { meetings, rows };
}
