/** The signature block at a document's end: party group headers, names, parties and roles. */
import { partyFromAny, partyFromName } from '../../../domain/parties.js';
import type { Signatory } from '../../types.js';
import { findDate } from './dates.js';
import { isProse, type Paragraph } from './lines.js';
import { looksLikeName, parseNameMention } from './names.js';

export interface SignatureBlock {
  signatories: Signatory[];
  /** Parties named by group lines ("För Socialdemokraterna"), in order. */
  groupParties: string[];
  /** A dated place line ("Huddinge den 3 mars 2022"). */
  date: string | null;
}

/** Lines that may stand in a signature block without being names. */
const GROUP_LINE = /^(?:För|Från|På uppdrag av)\s+(.+?)(?:-?gruppen.*|\s+i\s+.+)?$/iu;
const ROLE_LINE = /^[\p{L}][\p{L}\s,.-]{2,80}$/u;

/** Reads the trailing run of short lines after the last prose paragraph, bottom-up, then in order. */
export function findSignatureBlock(paragraphs: Paragraph[]): SignatureBlock {
  const lines: string[] = [];
  for (let i = paragraphs.length - 1; i >= 0 && i >= paragraphs.length - 12; i--) {
    const p = paragraphs[i]!;
    if (isProse(p) || p.lines.some((l) => l.length > 90 && !l.includes('\t'))) break;
    if (/[?]$/.test(p.text)) break;
    lines.unshift(...p.lines);
  }
  return readBlock(lines);
}

function readBlock(lines: string[]): SignatureBlock {
  const signatories: Signatory[] = [];
  const groupParties: string[] = [];
  let date: string | null = null;
  let groupParty: string | null = null;
  let lastRow: Signatory[] = [];
  for (const line of lines) {
    const cells = line.split('\t').map((c) => c.trim()).filter(Boolean);
    const group = cells.length === 1 ? GROUP_LINE.exec(cells[0]!) : null;
    const groupCode = group ? partyFromName(group[1]!) ?? partyFromAny(group[1]!) : null;
    if (groupCode) {
      groupParty = groupCode;
      if (!groupParties.includes(groupCode)) groupParties.push(groupCode);
      lastRow = [];
      continue;
    }
    const dated = findDate(line);
    if (dated && !cells.some((c) => parseNameMention(c))) {
      date ??= dated.date;
      lastRow = [];
      continue;
    }
    const people = cells.map((c) => parseNameMention(c));
    if (people.every((p) => p !== null)) {
      lastRow = people.map((p) => ({
        name: p!.name,
        party: p!.party ?? groupParty,
        role: p!.note,
      }));
      for (const s of lastRow) if (!signatories.some((x) => x.name === s.name)) signatories.push(s);
      continue;
    }
    // A role line under a row of names ("Kommunstyrelsens ordförande"), one cell per name column.
    if (lastRow.length > 0 && cells.length <= lastRow.length && cells.every((c) => ROLE_LINE.test(c) && !looksLikeName(c))) {
      cells.forEach((c, i) => { if (lastRow[i] && lastRow[i]!.role === null) lastRow[i]!.role = c.charAt(0).toLocaleUpperCase('sv') + c.slice(1); });
      lastRow = [];
      continue;
    }
    // Anything else above the names (a closing phrase) resets; below them it ends the block.
    if (signatories.length > 0) break;
    groupParty = groupParties.length ? groupParty : null;
  }
  return { signatories, groupParties, date };
}
