/**
 * A vote (omröstning, votering): the counts as the protocol gives them, and each member's vote where it lists
 * them, in a table ("|Anna Ek (S)|x||", tab-separated cells) or in prose ("A (V), B (S) … röstar Ja (7)").
 */
import type { MemberVote, Vote, VoteMember } from '../../types.js';
import { partyFromAbbreviation } from '../../../domain/parties.js';
import { parseActors } from './actors.js';
import type { Section } from './sections.js';
import { collapse } from './sections.js';
import { sentences } from './sentences.js';

const WORD_NUMBERS: Record<string, number> = {
  ingen: 0, inga: 0, noll: 0, en: 1, ett: 1, två: 2, tre: 3, fyra: 4, fem: 5, sex: 6, sju: 7, åtta: 8, nio: 9, tio: 10, elva: 11, tolv: 12,
};
const N = '(\\d{1,3}|ingen|inga|noll|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv)';
const JA_NEJ = new RegExp(`${N}\\s+ja(?:-?röster|-?röst)?\\s*(?:,|mot|och)\\s*${N}\\s+nej(?:-?röster|-?röst)?`, 'iu');
const NEJ_JA = new RegExp(`${N}\\s+nej(?:-?röster|-?röst)?\\s*(?:,|mot|och)\\s*${N}\\s+ja(?:-?röster|-?röst)?`, 'iu');
const ROSTER_MOT = new RegExp(`med\\s+${N}\\s+röster\\s+mot\\s+${N}`, 'iu');
const AVSTAR = new RegExp(`${N}\\s+(?:ledamöter\\s+|ledamot\\s+|röster\\s+|som\\s+|st\\s+)?(?:avstår|avstod|avstående|avstod från att rösta|nedlagda)|avstår:?\\s*\\(?(\\d{1,3})\\)?|(\\d{1,3})\\s+(?:har\\s+)?avstått`, 'iu');
const LABELLED = /\bja(?:-?röster)?[:\s]+(\d{1,3})\b[,;\s]+nej(?:-?röster)?[:\s]+(\d{1,3})\b(?:[,;\s]+(?:avstår|avstod|avstående|avst)(?:-?röster)?[:\s]+(\d{1,3}))?/iu;
/** "varvid 31 ledamöter röstar Ja och 30 röstar Nej". */
const ROSTAR_JA_NEJ = new RegExp(`${N}\\s+(?:ledamöter\\s+|ledamot\\s+)?röst(?:ar|ade)\\s+ja\\s*(?:,|och|mot)\\s*${N}\\s+(?:ledamöter\\s+|ledamot\\s+)?röst(?:ar|ade)\\s+nej`, 'iu');
/** "… röstar Ja (7)." in prose: the list before it voted so. */
const PROSE_VOTE = /\b(?:röstar|röstade)\s+(ja|nej)\s*\((\d{1,3})\)|\b(avstår|avstod)(?:\s+från\s+att\s+rösta)?\s*\((\d{1,3})\)/iu;

function num(s: string | undefined): number {
  if (s === undefined) return 0;
  const n = Number(s);
  return Number.isFinite(n) ? n : WORD_NUMBERS[s.toLocaleLowerCase('sv')] ?? 0;
}

function voteWord(cell: string): MemberVote | null {
  const c = cell.trim().toLocaleLowerCase('sv');
  if (/^ja$/u.test(c)) return 'ja';
  if (/^nej$/u.test(c)) return 'nej';
  if (/^(?:avstår|avstod|avst|avstående|-)$/u.test(c)) return 'avstar';
  return null;
}

/** Members from table rows: a header row gives the columns (Ja, Nej, Avstår), each row an X in one of them. */
export function tableMembers(lines: string[], known: Map<string, string>, unaligned: { count: number }): VoteMember[] {
  const out: VoteMember[] = [];
  let columns: Array<MemberVote | null> | null = null;
  for (const line of lines) {
    const piped = line.includes('|');
    if (!piped && !line.includes('\t')) {
      // "Anna Ek (S) X" or "Anna Ek (S) Ja": a flattened row with its vote as the last word.
      const row = /^(.+?\([^()]{1,12}\))\s+(ja|nej|avstår|x)$/iu.exec(line);
      if (row) {
        const vote = voteWord(row[2]!) ?? (columns && columns.filter(Boolean).length === 1 ? columns.find(Boolean)! : null);
        const person = parseActors(row[1]!, known).people[0];
        if (vote && person) out.push({ name: person.name, party: person.party, vote });
        else if (person && columns) unaligned.count++;
      }
      continue;
    }
    const cells = (piped ? line.replace(/^\|/u, '').replace(/\|$/u, '').split('|') : line.split('\t')).map((c) => c.replace(/[*_]/g, '').trim());
    const header = cells.map(voteWord);
    if (header.filter(Boolean).length >= 2 && cells.some((c) => /^(?:ledamot|ledamöter|namn|ledamot\/ersättare|ordinarie)$/iu.test(c) || c === '')) {
      columns = header;
      continue;
    }
    if (!columns) continue;
    const person = parseActors(cells[0] ?? '', known).people[0];
    if (!person) continue;
    // "Anna Ek | S | X": the party in a column of its own.
    if (!person.party) person.party = cells.slice(1).map((c) => (/^\p{Lu}{1,3}$/u.test(c) ? partyFromAbbreviation(c) : null)).find(Boolean) ?? null;
    const word = cells.slice(1).map(voteWord).find(Boolean);
    if (word) {
      out.push({ name: person.name, party: person.party, vote: word });
      continue;
    }
    const marked = cells.map((c, i) => (/^[xX✓✔]$/u.test(c) ? i : -1)).filter((i) => i > 0);
    if (marked.length !== 1) continue;
    // An X is read by its column only when the row kept every cell; flattened text loses the empty ones.
    if (cells.length !== columns.length) {
      unaligned.count++;
      continue;
    }
    const vote = columns[marked[0]!];
    if (vote) out.push({ name: person.name, party: person.party, vote });
  }
  return out;
}

export function readVote(sections: Section[], known: Map<string, string>, warn: (w: string) => void): Vote | null {
  const all = sections.flatMap((s) => s.lines.map((l) => l.text));
  const voteSections = sections.filter((s) => s.kind === 'vote' || s.kind === 'procedure' || s.kind === 'proposals' || s.kind === 'decision' || s.kind === 'other');
  const prose = collapse(voteSections.flatMap((s) => s.lines.map((l) => l.text)).join(' '));
  const held = sections.some((s) => s.kind === 'vote') || /\b(?:omröstning|votering|röstar|röstade|ja-röst|röster mot)\b/iu.test(prose);
  if (!held) return null;
  let ja = 0;
  let nej = 0;
  let avstar = 0;
  let counted = false;
  const a = JA_NEJ.exec(prose);
  const b = a ? null : NEJ_JA.exec(prose);
  const c = a || b ? null : ROSTER_MOT.exec(prose);
  const r = a || b || c ? null : ROSTAR_JA_NEJ.exec(prose);
  const d = a || b || c || r ? null : LABELLED.exec(prose);
  if (r) [ja, nej, counted] = [num(r[1]), num(r[2]), true];
  if (a) [ja, nej, counted] = [num(a[1]), num(a[2]), true];
  else if (b) [nej, ja, counted] = [num(b[1]), num(b[2]), true];
  else if (c) [ja, nej, counted] = [num(c[1]), num(c[2]), true];
  else if (d) [ja, nej, avstar, counted] = [num(d[1]), num(d[2]), num(d[3]), true];
  if (counted && !d) {
    const av = AVSTAR.exec(prose);
    if (av) avstar = num(av[1] ?? av[2] ?? av[3]);
  }
  // Prose lists: "A (V), B (S) och C (S) röstar Ja (7)." A new "röstar Ja" after the last list starts another vote.
  interface Round { heading: string; counts: Record<MemberVote, number>; members: VoteMember[] }
  const rounds: Round[] = [];
  for (const section of voteSections) {
    for (const s of sentences(collapse(section.lines.map((l) => l.text).join(' ')))) {
      const m = PROSE_VOTE.exec(s);
      if (!m) continue;
      const vote: MemberVote = m[1] ? (m[1].toLocaleLowerCase('sv') === 'ja' ? 'ja' : 'nej') : 'avstar';
      let round = rounds[rounds.length - 1];
      if (!round || (vote === 'ja' && (round.counts.ja || round.counts.nej || round.counts.avstar))) {
        round = { heading: section.heading ?? '', counts: { ja: 0, nej: 0, avstar: 0 }, members: [] };
        rounds.push(round);
      }
      round.counts[vote] = num(m[2] ?? m[4]);
      const subject = s.slice(0, m.index).replace(/^.*?:\s*["”].*?["”]\s*/u, '');
      for (const p of parseActors(subject, known).people) round.members.push({ name: p.name, party: p.party, vote });
    }
  }
  // The main vote: the one headed "Huvudvotering", else the first (a later one is on a tillägg or a motförslag).
  const chosen = rounds.find((r) => /^huvudvotering/iu.test(r.heading)) ?? rounds[0];
  if (rounds.length > 1) warn(`${rounds.length} omröstningar i paragrafen: huvudvoteringen redovisas.`);
  const members: VoteMember[] = chosen ? [...chosen.members] : [];
  // Counts stated with the list belong to the same vote; with several votes, the chosen list's own counts win.
  if (chosen && (!counted || rounds.length > 1)) [ja, nej, avstar, counted] = [chosen.counts.ja, chosen.counts.nej, chosen.counts.avstar, true];
  const unaligned = { count: 0 };
  const listed = tableMembers(all, known, unaligned);
  if (unaligned.count) warn(`${unaligned.count} rader i voteringslistan saknar sina tomma kolumner: deras röster lästes inte.`);
  if (listed.length) members.push(...listed);
  if (!counted && members.length) {
    for (const m of members) (m.vote === 'ja' ? ja++ : m.vote === 'nej' ? nej++ : avstar++);
    counted = true;
  }
  if (!counted) {
    if (sections.some((s) => s.kind === 'vote')) warn('Omröstning nämns men röstsiffrorna kunde inte läsas.');
    return null;
  }
  return { ja, nej, avstar, members };
}
