/**
 * View-models for protocol paragraphs: the paragraphs on a protocol's page, the Ståndpunkter table
 * on an ärende's page, a person's proposals and votes, and a party's actions by year and body with
 * a server-rendered bar chart. Templates get strings and hrefs only.
 */
import type { MeetingPosition, StoredParagraph, StoredPosition } from '../../db/protocol.js';
import { positionAnchor, positionLabel } from '../linking/protocol-positions.js';
import type { PositionsTable } from '../domain/positions-table.js';
import { partyName } from '../domain/parties.js';
import { formatDate } from '../views.js';
import { csvLine, CSV_BOM } from '../domain/csv.js';
import { kindLabel } from './documents.js';
import { ruleLabel } from './browse.js';

/** Start offsets of the text's blank-line paragraphs (the page's ¶ blocks, #s1 …), as splitParagraphs cuts them. */
function blockStarts(text: string): number[] {
  const starts: number[] = [];
  const sep = /\n\s*\n/g;
  let from = 0;
  for (let m = sep.exec(text); ; m = sep.exec(text)) {
    const end = m ? m.index : text.length;
    if (text.slice(from, end).trim() !== '') starts.push(from);
    if (!m) break;
    from = m.index + m[0].length;
  }
  return starts;
}

/** The ¶ block holding an offset, as its #sN anchor. */
function blockAnchor(starts: number[], offset: number): string {
  let lo = 0;
  for (let i = 0; i < starts.length && starts[i]! <= offset; i++) lo = i;
  return `#s${lo + 1}`;
}

function who(p: StoredPosition): string {
  const name = p.personName ?? p.nameAsWritten;
  if (name) return p.party ? `${name} (${p.party})` : name;
  return p.party ? `${partyName(p.party)} (${p.party}) som parti` : 'okänd';
}

/** A protocol's paragraphs for its page: each § with its anchor, and each sentence with the anchors of the positions it shows. */
export function toProtocolParagraphs(text: string, paragraphs: StoredParagraph[]) {
  const starts = blockStarts(text);
  return paragraphs.map((p) => {
    const sentences: Array<{ anchors: string[]; sentence: string; who: string[]; textHref: string | null }> = [];
    for (const x of p.positions) {
      const line = `${who(x)}: ${positionLabel(x.what, x.kind)}`;
      const same = sentences.find((s) => s.sentence === x.sentence);
      const anchor = positionAnchor(p.anchor, x.ordinal);
      if (same) { same.anchors.push(anchor); if (!same.who.includes(line)) same.who.push(line); continue; }
      sentences.push({ anchors: [anchor], sentence: x.sentence, who: [line], textHref: x.start === null ? null : blockAnchor(starts, x.start) });
    }
    return {
      anchor: p.anchor,
      heading: p.title ? `${p.number} ${p.title}` : p.number,
      diarienummer: p.diarienummer ?? '',
      arendeHref: p.arendeId ? `/arenden/${p.arendeId}` : null,
      decision: p.decision ?? '',
      vote: p.vote ? `Ja ${p.vote.ja}, nej ${p.vote.nej}, avstår ${p.vote.avstar}` : '',
      textHref: blockAnchor(starts, p.start),
      sentences: sentences.map((s) => ({ id: s.anchors[0]!, extraAnchors: s.anchors.slice(1), sentence: s.sentence, who: s.who, textHref: s.textHref })),
      written: p.writtenDocuments.map((d) => ({ href: `/dokument/${d.id}`, title: d.title, label: `${kindLabel(d.kind)}, kopplad via ${ruleLabel(d.rule)}` })),
    };
  });
}

/** The Ståndpunkter table of an ärende's page. */
export function toPositionsTablePage(t: PositionsTable) {
  return {
    meetings: t.meetings.map((m) => ({
      label: [formatDate(m.date), m.body].filter(Boolean).join(', ') || 'Okänt sammanträde', number: m.number, href: m.permalink,
    })),
    rows: t.rows.map((r) => ({
      party: r.party, partyName: partyName(r.party), href: `/partier/${encodeURIComponent(r.party)}`,
      cells: r.cells.map((c) => c.map((a) => ({
        label: a.label, href: a.permalink,
        detail: a.names.length ? a.names.join(', ') : a.count > 1 ? `${a.count} gånger` : '',
      }))),
    })),
  };
}

/** A person's proposals, votes, reservations and notes, newest first. */
export function toPersonPositions(positions: MeetingPosition[]) {
  return positions.map((p) => ({
    dateLabel: formatDate(p.date), body: p.body ?? '',
    paragraph: p.paragraphTitle ? `${p.paragraphNumber} ${p.paragraphTitle}` : p.paragraphNumber,
    paragraphHref: `/dokument/${p.documentId}#${p.paragraphAnchor}`,
    label: positionLabel(p.what, p.kind), href: `/dokument/${p.documentId}#${positionAnchor(p.paragraphAnchor, p.ordinal)}`,
    party: p.party ?? '', sentence: p.sentence,
  }));
}

/** Protocols where the person only speaks in positions (not among the documents they sign), for the split form. */
export function positionDocuments(positions: MeetingPosition[], signed: Array<{ id: number }>) {
  const out: Array<{ id: number; label: string }> = [];
  for (const p of positions) {
    if (signed.some((d) => d.id === p.documentId) || out.some((d) => d.id === p.documentId)) continue;
    out.push({ id: p.documentId, label: `Protokoll, ${[p.body, formatDate(p.date)].filter(Boolean).join(', ')}` });
  }
  return out;
}

/** What a party did in protocols, by category, in the order the page and chart show them. */
const CATEGORIES = [
  { what: 'reservation', label: 'Reservationer', pattern: 'solid' },
  { what: 'vote', label: 'Röster', pattern: 'hatch' },
  { what: 'proposal', label: 'Yrkanden', pattern: 'dots' },
  { what: 'note', label: 'Anteckningar och yttranden', pattern: 'cross' },
] as const;

/**
 * A party's actions by year and body for its page: a table (year × body, one column per category,
 * each with its count), totals per year for the chart, and the chart itself as plain shapes the
 * template draws in SVG: each bar has a pattern as well as a colour and its count written above it.
 */
export function toPartyActions(code: string, counts: Array<{ year: string; body: string | null; what: string; n: number }>) {
  const byYearBody = new Map<string, { year: string; body: string; n: Record<string, number> }>();
  const byYear = new Map<string, Record<string, number>>();
  for (const c of counts) {
    const body = c.body ?? 'Okänt organ';
    const key = `${c.year}|${body}`;
    const row = byYearBody.get(key) ?? { year: c.year, body, n: {} };
    row.n[c.what] = (row.n[c.what] ?? 0) + c.n;
    byYearBody.set(key, row);
    const y = byYear.get(c.year) ?? {};
    y[c.what] = (y[c.what] ?? 0) + c.n;
    byYear.set(c.year, y);
  }
  const href = (year: string, body?: string) => {
    const q = new URLSearchParams();
    if (/^\d{4}$/.test(year)) q.set('year', year);
    if (body) q.set('body', body);
    return `/partier/${encodeURIComponent(code)}/agerat.csv${q.size ? `?${q}` : ''}`;
  };
  const rows = [...byYearBody.values()].sort((a, b) => b.year.localeCompare(a.year) || a.body.localeCompare(b.body, 'sv'))
    .map((r) => ({ year: r.year, body: r.body, cells: CATEGORIES.map((c) => r.n[c.what] ?? 0), csvHref: href(r.year, r.body) }));
  // The chart: oldest year on the left, one group of bars per year.
  const years = [...byYear.keys()].sort();
  const max = Math.max(1, ...years.flatMap((y) => CATEGORIES.map((c) => byYear.get(y)![c.what] ?? 0)));
  const barW = 18, gap = 4, groupGap = 24, plotH = 140, top = 24, left = 8;
  const groupW = CATEGORIES.length * (barW + gap) - gap;
  const bars = years.flatMap((y, yi) => CATEGORIES.map((c, ci) => {
    const n = byYear.get(y)![c.what] ?? 0;
    const h = Math.round((n / max) * plotH);
    const x = left + yi * (groupW + groupGap) + ci * (barW + gap);
    return { x, y: top + plotH - h, w: barW, h, n, pattern: c.pattern, label: `${y}, ${c.label.toLocaleLowerCase('sv')}: ${n}`, textX: x + barW / 2, textY: top + plotH - h - 4 };
  }));
  const chart = {
    width: Math.max(200, left * 2 + years.length * (groupW + groupGap)), height: top + plotH + 24,
    baseline: top + plotH, bars,
    yearLabels: years.map((y, yi) => ({ text: y, x: left + yi * (groupW + groupGap) + groupW / 2, y: top + plotH + 18 })),
    description: years.map((y) => `${y}: ${CATEGORIES.map((c) => `${byYear.get(y)![c.what] ?? 0} ${c.label.toLocaleLowerCase('sv')}`).join(', ')}`).join('. '),
  };
  return {
    categories: CATEGORIES.map((c) => ({ label: c.label, pattern: c.pattern })),
    rows, chart, total: counts.reduce((s, c) => s + c.n, 0), csvHref: href(''),
  };
}

/** The CSV export of a party's positions: one row per position, with the sentence and its permalink. */
export function partyPositionsCsv(positions: MeetingPosition[], base: string): string {
  const head = ['Datum', 'Kommun', 'Organ', 'Paragraf', 'Ärende', 'Vad', 'Hur', 'Namn', 'Parti', 'Mening', 'Länk'];
  const rows = positions.map((p) => [
    p.date ?? '', p.municipality ?? '', p.body ?? '', p.paragraphNumber, p.paragraphTitle ?? '',
    CATEGORIES.find((c) => c.what === p.what)?.label ?? p.what, positionLabel(p.what, p.kind),
    p.personName ?? p.nameAsWritten ?? '', p.party ?? '', p.sentence,
    `${base}/dokument/${p.documentId}#${positionAnchor(p.paragraphAnchor, p.ordinal)}`,
  ]);
  return `${CSV_BOM}${[head, ...rows].map((r) => csvLine(r, ',')).join('\r\n')}\r\n`;
}
