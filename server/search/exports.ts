/** Search results as an Atom feed (follow a search) and as CSV (take all results away). Pure. */
import type { SearchResult } from './search-service.js';
import { atomFeed } from '../feeds.js';
import { CSV_BOM, csvLine } from '../domain/csv.js';
import { KIND_LABELS } from '../ingest/stages/metadata/parse-metadata.js';
import type { DocumentKind } from '../ingest/types.js';

/** A hit's title: a paragraph hit names its protocol and the paragraph ("Protokoll …: § 79 Rubrik"). */
function hitTitle(x: SearchResult['results'][number]): string {
  if (!x.paragraph) return x.title;
  return `${x.title}: ${[x.paragraph.number, x.paragraph.title].filter(Boolean).join(' ')}`;
}

/** Atom 1.0 feed of the newest matches. */
export function toAtomFeed(r: SearchResult, base: string): string {
  return atomFeed({
    self: `${base}/sok/feed.xml?q=${encodeURIComponent(r.query)}`,
    alternate: `${base}/sok?q=${encodeURIComponent(r.query)}`,
    title: `Ståndpunkt: ${r.query}`,
    entries: r.results.map((x) => ({ id: x.id, ...(x.paragraph ? { fragment: x.paragraph.anchor } : {}), title: hitTitle(x), kind: x.kind, date: x.date, summary: x.snippet })),
  }, base);
}

/**
 * CSV of every result: date, kind, title, parties, signatories, link (UTF-8 with BOM for spreadsheets).
 * A paragraph hit is a row of its own: its protocol's title with the §, the paragraph's parties, a
 * link to the paragraph.
 */
export function toCsv(r: SearchResult, base: string): string {
  const rows = [['datum', 'typ', 'titel', 'partier', 'undertecknare', 'länk']];
  for (const x of r.results) {
    const link = `${base}/dokument/${x.id}${x.paragraph ? `#${encodeURIComponent(x.paragraph.anchor)}` : ''}`;
    rows.push([x.date ?? '', KIND_LABELS[x.kind as DocumentKind] ?? x.kind, hitTitle(x), x.parties.join(' '), x.signatories.join('; '), link]);
  }
  return `${CSV_BOM}${rows.map((row) => csvLine(row, ',')).join('\r\n')}\r\n`;
}
