/** Search results as an Atom feed (follow a search) and as CSV (take all results away). Pure. */
import type { SearchResult } from './search-service.js';
import { atomFeed } from '../feeds.js';
import { CSV_BOM, csvLine } from '../domain/csv.js';
import { KIND_LABELS } from '../ingest/stages/metadata/parse-metadata.js';
import type { DocumentKind } from '../ingest/types.js';

/** Atom 1.0 feed of the newest matches. */
export function toAtomFeed(r: SearchResult, base: string): string {
  return atomFeed({
    self: `${base}/sok/feed.xml?q=${encodeURIComponent(r.query)}`,
    alternate: `${base}/sok?q=${encodeURIComponent(r.query)}`,
    title: `Ståndpunkt: ${r.query}`,
    entries: r.results.map((x) => ({ id: x.id, title: x.title, kind: x.kind, date: x.date, summary: x.snippet })),
  }, base);
}

/** CSV of every result: date, kind, title, parties, signatories, link (UTF-8 with BOM for spreadsheets). */
export function toCsv(r: SearchResult, base: string): string {
  const rows = [['datum', 'typ', 'titel', 'partier', 'undertecknare', 'länk']];
  for (const x of r.results) {
    rows.push([x.date ?? '', KIND_LABELS[x.kind as DocumentKind] ?? x.kind, x.title, x.parties.join(' '), x.signatories.join('; '), `${base}/dokument/${x.id}`]);
  }
  return `${CSV_BOM}${rows.map((row) => csvLine(row, ',')).join('\r\n')}\r\n`;
}
