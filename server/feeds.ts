/** Atom 1.0 feeds: follow a search, a person, a party or an ärende. Pure: strings in, XML out. */
import { KIND_LABELS } from './ingest/stages/metadata/parse-metadata.js';
import type { DocumentKind } from './ingest/types.js';

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export interface FeedEntry {
  id: number;
  /** An anchor on the document's page (a protocol paragraph): the entry is that place. */
  fragment?: string;
  title: string;
  kind: string;
  date: string | null;
  /** Plain text or HTML (escaped into the summary either way). */
  summary: string;
}

export interface Feed {
  /** Absolute URL of the feed itself. */
  self: string;
  /** Absolute URL of the page it follows. */
  alternate: string;
  title: string;
  entries: FeedEntry[];
}

/** The feed's XML; `base` (the configured public address, never the request's Host) makes document links absolute. */
export function atomFeed(feed: Feed, base: string): string {
  const updated = feed.entries.map((x) => x.date ?? '').sort().pop() || '1970-01-01';
  const entries = feed.entries.map((x) => { const url = `${base}/dokument/${x.id}${x.fragment ? `#${encodeURIComponent(x.fragment)}` : ''}`; return `  <entry>
    <id>${xml(url)}</id>
    <title>${xml(x.title)}</title>
    <link href="${xml(url)}"/>
    <updated>${x.date ?? updated}T00:00:00Z</updated>
    <category term="${xml(x.kind)}" label="${xml(KIND_LABELS[x.kind as DocumentKind] ?? x.kind)}"/>
    <summary type="html">${xml(x.summary)}</summary>
  </entry>`; }).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">
  <id>${xml(feed.self)}</id>
  <title>${xml(feed.title)}</title>
  <link rel="self" href="${xml(feed.self)}"/>
  <link rel="alternate" type="text/html" href="${xml(feed.alternate)}"/>
  <updated>${updated}T00:00:00Z</updated>
  <author><name>Ståndpunkt</name></author>
${entries}
</feed>
`;
}
