/**
 * A meeting protocol, paragraph by paragraph (issue 15). Pure: normalised text in, paragraphs with offsets out.
 * Every step reads a bounded window (a line, a sentence), so a 150-page protocol parses in one linear pass.
 */
import type { ProtocolParagraph } from '../../types.js';
import { findNamePartyPairs, parseNameMention } from '../metadata/names.js';
import { readDecision, decisionBlocks } from './decision.js';
import { readHandlingar, readHead } from './head.js';
import { readLines, type Line } from './lines.js';
import { proposalsInDecision, readProposals } from './proposals.js';
import { isHeadingLine, splitSections } from './sections.js';
import { findHeads } from './split.js';
import { readJav, readNotes, readReservations } from './statements.js';
import { readVote, tableMembers } from './votes.js';

export interface ParsedProtocol {
  paragraphs: ProtocolParagraph[];
  warnings: string[];
}

/** What a protocol with no § at all still must show to be one paragraph: a decision, a proposal or a reservation. */
const PROTOCOL_PART = /\b(?:beslutar|beslutade|yrkar|reserverar sig|protokollsanteckning)\b/u;

export function parseProtocol(text: string, meeting: { body: string | null; date: string | null }): ParsedProtocol {
  const warnings: string[] = [];
  const lines = readLines(text, isHeadingLine, meeting);
  const heads = findHeads(lines);
  const spans: Array<{ from: number; to: number; number: string; rest: string }> = heads.map((h, k) => ({
    from: h.index, to: k + 1 < heads.length ? heads[k + 1]!.index : lines.length, number: h.number, rest: h.rest,
  }));
  // A single paragraph uploaded without its number (a decision excerpt) is still a protocol with one paragraph.
  if (spans.length === 0 && lines.length > 0 && PROTOCOL_PART.test(text)) {
    spans.push({ from: -1, to: lines.length, number: '', rest: '' });
    warnings.push('Paragrafnumret saknas: texten lästes som en enda paragraf.');
  }
  const appendices = appendixLists(lines, spans);
  const known = attendance(lines.slice(0, spans[0] ? Math.max(0, spans[0].from) : lines.length));
  const paragraphs: ProtocolParagraph[] = [];
  for (const span of spans) {
    const own = lines.slice(span.from + 1, span.to);
    const label = span.number || 'Paragrafen';
    const warn = (w: string) => warnings.push(`${label}: ${w}`);
    const local = new Map(known);
    for (const [k, v] of attendance(own)) if (!local.has(k)) local.set(k, v);
    const sections = splitSections(own);
    const { title, diarienummer } = span.from < 0 ? { title: null, diarienummer: null } : readHead(span.rest, sections[0]!);
    if (!title && span.from >= 0) warn('rubriken kunde inte läsas.');
    const decision = readDecision(sections);
    const proposals = [...proposalsInDecision(decisionBlocks(sections), local), ...readProposals(sections, local, warn)];
    const start = span.from >= 0 ? lines[span.from]!.start : (lines[0]?.start ?? 0);
    const endLine = lastContent(lines, span.from + 1, span.to);
    paragraphs.push({
      number: span.number,
      title,
      diarienummer,
      decision,
      proposals,
      vote: readVote(sections, local, warn),
      reservations: readReservations(sections, local, warn),
      notes: readNotes(sections, local),
      handlingar: readHandlingar(sections),
      jav: readJav(sections, local),
      start,
      end: endLine ? endLine.end : (span.from >= 0 ? lines[span.from]!.end : start),
    });
  }
  // A voting list in an appendix ("Bilaga 2 Voteringslista § 45") gives that paragraph's members.
  for (const a of appendices) {
    const target = paragraphs.find((p) => p.number === a.number);
    if (!target) {
      warnings.push(`En voteringslista för ${a.number} hittades men inte paragrafen.`);
      continue;
    }
    const unaligned = { count: 0 };
    const members = tableMembers(a.lines.map((l) => l.text), known, unaligned);
    if (unaligned.count) warnings.push(`${a.number}: ${unaligned.count} rader i voteringslistan saknar sina tomma kolumner: deras röster lästes inte.`);
    if (members.length === 0) continue;
    if (!target.vote) {
      const count = (v: string) => members.filter((m) => m.vote === v).length;
      target.vote = { ja: count('ja'), nej: count('nej'), avstar: count('avstar'), members };
    } else if (target.vote.members.length === 0) target.vote.members = members;
  }
  if (paragraphs.length === 0 && text.trim()) warnings.push('Inga paragrafer (§) hittades i protokollet.');
  return { paragraphs, warnings };
}

/** "Bilaga 3 Voteringslista § 45", "Omröstningslista, § 12": a list that belongs to another paragraph than where it stands. */
const APPENDIX_LIST = /^(?:bilaga\s*\d{0,2}\s*[-–:,]?\s*)?(?:voteringslista|omröstningslista|voteringsbilaga|omröstningsbilaga|voteringsprotokoll)\b[^§]{0,60}§\s*(\d{1,4})\b/iu;

/** Cuts appendix voting lists out of the paragraph they follow; each runs to the next list or paragraph. */
function appendixLists(lines: Line[], spans: Array<{ from: number; to: number; number: string }>): Array<{ number: string; lines: Line[] }> {
  const out: Array<{ number: string; lines: Line[] }> = [];
  const starts: Array<{ index: number; number: string }> = [];
  lines.forEach((l, index) => {
    const m = APPENDIX_LIST.exec(l.text.replace(/[_*]/g, ''));
    if (m) starts.push({ index, number: `§ ${m[1]}` });
  });
  const ends = spans.map((s) => s.to);
  for (const [k, st] of starts.entries()) {
    const at = spans.findIndex((s, i) => s.from < st.index && st.index < ends[i]!);
    const span = spans[at];
    if (!span || span.number === st.number) continue;
    const end = Math.min(k + 1 < starts.length ? starts[k + 1]!.index : lines.length, ends[at]!);
    out.push({ number: st.number, lines: lines.slice(st.index + 1, end) });
    // The paragraph it stood in ends where the list begins.
    span.to = Math.min(span.to, st.index);
  }
  return out;
}

function lastContent(lines: Line[], from: number, to: number): Line | null {
  for (let i = to - 1; i >= from; i--) if (!lines[i]!.furniture) return lines[i]!;
  return null;
}

/** Names and parties the attendance list (or the paragraph itself) writes as "Anna Ek (S)". */
function attendance(lines: Line[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const l of lines) {
    if (!l.text.includes('(')) continue;
    for (const p of findNamePartyPairs(l.text)) {
      const m = parseNameMention(`${p.name} (${p.party})`);
      if (m?.party && !map.has(m.name)) map.set(m.name, m.party);
    }
  }
  return map;
}
