/**
 * A protocol paragraph's positions, flattened for storage: one row per person (or party group
 * without a person) who moved or joined a proposal, voted, reserved themselves, wrote a note or
 * declared jäv, with the sentence that shows it and where that sentence lies in the stored text.
 * Pure: no database.
 */
import type { ProtocolParagraph } from '../ingest/types.js';
import { partyFromAny } from '../domain/parties.js';

export type PositionWhat = 'proposal' | 'vote' | 'reservation' | 'note' | 'jav';

export interface PositionDraft {
  what: PositionWhat;
  /** Stance, vote or note kind; null for reservations and jäv. */
  kind: string | null;
  /** The party the text gives for this row (null: not stated here). */
  party: string | null;
  /** The person's name as written; null for a party group. */
  name: string | null;
  sentence: string;
  /** [start, end) of the sentence in the stored text, or null when it cannot be found there. */
  span: [number, number] | null;
}

/** "§ 79" → "paragraf-79"; a number seen before in the same protocol gets its order as a suffix. */
export function paragraphAnchor(number: string, taken: Set<string>): string {
  const core = number.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/§/g, ' ').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'utan-nummer';
  let anchor = `paragraf-${core}`;
  for (let n = 2; taken.has(anchor); n++) anchor = `paragraf-${core}-${n}`;
  taken.add(anchor);
  return anchor;
}

/** The anchor of a position's sentence on the document page. */
export function positionAnchor(paragraphAnchor: string, ordinal: number): string {
  return `${paragraphAnchor}-mening-${ordinal + 1}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where `sentence` (whitespace collapsed, as the parser writes it) lies in text[start, end): the
 * stored text keeps line breaks and page furniture, so words may be separated by any whitespace.
 */
export function locateSentence(text: string, start: number, end: number, sentence: string): [number, number] | null {
  const words = sentence.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 400) return null;
  const re = new RegExp(words.map(escapeRegExp).join('\\s+'), 'gu');
  re.lastIndex = Math.max(0, start);
  const m = re.exec(text);
  if (!m || m.index + m[0].length > end) return null;
  return [m.index, m.index + m[0].length];
}

/** The sentence of text[start, end) that names `name` ("… Jonas Attenius (S) röstar Ja (7)."), for votes and jäv. */
export function sentenceNaming(text: string, start: number, end: number, name: string): { sentence: string; span: [number, number] } | null {
  const at = locateSentence(text, start, end, name);
  if (!at) return null;
  // Back to the previous sentence end or blank line, forward to the next full stop.
  let s = at[0];
  while (s > start && !/[.!?]["”»']?\s$/.test(text.slice(s - 3, s)) && text.slice(s - 2, s) !== '\n\n') s--;
  let e = at[1];
  while (e < end && !/[.!?]/.test(text[e]!)) e++;
  if (e < end) e++;
  const sentence = text.slice(s, e).replace(/\s+/g, ' ').trim();
  return sentence ? { sentence, span: [s, e] } : null;
}

/** The party written right after a name in a sentence: "Anna Ek (S)". */
export function partyAfterName(sentence: string, name: string): string | null {
  const words = name.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  const m = new RegExp(`${words}\\s*\\(([^()]{1,30})\\)`, 'u').exec(sentence);
  return m ? partyFromAny(m[1]!) : null;
}

/**
 * Every position of a paragraph in a stable order: proposals, votes of named members, reservations
 * (named members first; a party named without any member of it becomes a party row), notes, jäv.
 */
export function paragraphPositions(p: ProtocolParagraph, text: string): PositionDraft[] {
  const out: PositionDraft[] = [];
  const inParagraph = (sentence: string) => locateSentence(text, p.start, p.end, sentence);
  for (const pr of p.proposals) {
    out.push({ what: 'proposal', kind: pr.stance, party: pr.party, name: pr.name, sentence: pr.text, span: inParagraph(pr.text) });
  }
  // Members' names are looked for from the vote on, not in the proposals above it.
  const voteAt = /\b(Omröstning|Votering|röstar|röstade)\b/iu.exec(text.slice(p.start, p.end));
  const voteFrom = voteAt ? p.start + voteAt.index : p.start;
  for (const v of p.vote?.members ?? []) {
    const found = sentenceNaming(text, voteFrom, p.end, v.name);
    out.push({ what: 'vote', kind: v.vote, party: v.party, name: v.name, sentence: found?.sentence ?? v.name, span: found?.span ?? null });
  }
  const groupRows = (what: 'reservation' | 'note', kind: string | null, parties: string[], names: string[], sentence: string) => {
    const span = inParagraph(sentence);
    const covered = new Set<string>();
    for (const name of names) {
      const party = partyAfterName(sentence, name);
      if (party) covered.add(party);
      out.push({ what, kind, party, name, sentence, span });
    }
    for (const party of parties) if (!covered.has(party)) out.push({ what, kind, party, name: null, sentence, span });
  };
  for (const r of p.reservations) groupRows('reservation', null, r.parties, r.names, r.text);
  for (const n of p.notes) groupRows('note', n.kind, n.parties, n.names, n.text);
  for (const j of p.jav) {
    const found = sentenceNaming(text, p.start, p.end, j.name);
    out.push({ what: 'jav', kind: null, party: j.party, name: j.name, sentence: found?.sentence ?? j.name, span: found?.span ?? null });
  }
  return out;
}

/** Swedish words for how someone acted, as the Ståndpunkter table and lists say it. */
export function positionLabel(what: string, kind: string | null): string {
  switch (what) {
    case 'proposal':
      switch (kind) {
        case 'bifall': return 'yrkade bifall';
        case 'avslag': return 'yrkade avslag';
        case 'aterremiss': return 'yrkade återremiss';
        case 'bordlaggning': return 'yrkade bordläggning';
        case 'eget': return 'eget yrkande';
        case 'tillagg': return 'yrkade tillägg';
        case 'andring': return 'yrkade ändring';
        default: return 'yrkade';
      }
    case 'vote': return kind === 'ja' ? 'röstade ja' : kind === 'nej' ? 'röstade nej' : 'avstod';
    case 'reservation': return 'reserverade sig';
    case 'note': return kind === 'sarskilt_yttrande' ? 'särskilt yttrande' : 'protokollsanteckning';
    case 'jav': return 'anmälde jäv';
    default: return what;
  }
}
