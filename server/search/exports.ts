/** Search results as an Atom feed (follow a search) and as CSV (take all results away). Pure. */
import type { SearchResult } from './search-service.js';
import { KIND_LABELS } from '../ingest/stages/metadata/parse-metadata.js';
import type { DocumentKind } from '../ingest/types.js';

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Atom 1.0 feed of the newest matches. */
export function toAtomFeed(r: SearchResult, base: string): string {
  const self = `${base}/sok/feed.xml?q=${encodeURIComponent(r.query)}`;
  const updated = r.results.map((x) => x.date ?? '').sort().pop() || '1970-01-01';
  const entries = r.results.map((x) => `  <entry>
    <id>${xml(`${base}/dokument/${x.id}`)}</id>
    <title>${xml(x.title)}</title>
    <link href="${xml(`${base}/dokument/${x.id}`)}"/>
    <updated>${x.date ?? updated}T00:00:00Z</updated>
    <category term="${xml(x.kind)}" label="${xml(KIND_LABELS[x.kind as DocumentKind] ?? x.kind)}"/>
    <summary type="html">${xml(x.snippet)}</summary>
  </entry>`).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">
  <id>${xml(self)}</id>
  <title>${xml(`Ståndpunkt: ${r.query}`)}</title>
  <link rel="self" href="${xml(self)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${base}/sok?q=${encodeURIComponent(r.query)}`)}"/>
  <updated>${updated}T00:00:00Z</updated>
  <author><name>Ståndpunkt</name></author>
${entries}
</feed>
`;
}

function csvCell(s: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV of every result: date, kind, title, parties, signatories, link (UTF-8 with BOM for spreadsheets). */
export function toCsv(r: SearchResult, base: string): string {
  const rows = [['datum', 'typ', 'titel', 'partier', 'undertecknare', 'länk']];
  for (const x of r.results) {
    rows.push([x.date ?? '', KIND_LABELS[x.kind as DocumentKind] ?? x.kind, x.title, x.parties.join(' '), x.signatories.join('; '), `${base}/dokument/${x.id}`]);
  }
  return `\ufeff${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
