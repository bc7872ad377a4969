/** View-model for /sok: results, facet links that narrow the query, pagination and help. */
import type { SearchResult, SearchResultItem, SortOrder } from '../search/search-service.js';
import { formatDate } from '../views.js';
import { kindLabel } from './documents.js';
import { partyName } from '../domain/parties.js';

const FACETS: Array<{ key: keyof SearchResult['facets']; label: string; filter: string; name: (v: string) => string }> = [
  { key: 'party', label: 'Parti', filter: 'parti', name: (v) => `${partyName(v)} (${v})` },
  { key: 'kind', label: 'Typ', filter: 'typ', name: kindLabel },
  { key: 'body', label: 'Organ', filter: 'organ', name: (v) => v },
  { key: 'municipality', label: 'Kommun', filter: 'kommun', name: (v) => v },
  { key: 'year', label: 'År', filter: 'år', name: (v) => v },
];

const collator = new Intl.Collator('sv');

function href(q: string, sort: SortOrder, page = 1, exact = false): string {
  const p = new URLSearchParams({ q });
  if (sort !== 'relevans') p.set('sort', sort);
  if (page > 1) p.set('page', String(page));
  if (exact) p.set('exakt', '1');
  return `/sok?${p.toString()}`;
}

const quoteValue = (v: string) => (/\s/.test(v) ? `"${v}"` : v);

/** Everything the search page template needs, as strings and plain objects. */
export function toSearchPage(typed: string, sort: SortOrder, r: SearchResult | null, error: string | null) {
  // A corrected search pages, filters and exports the corrected query; the form keeps what was typed.
  const q = r?.corrected?.to ?? typed;
  const facets = r ? FACETS.map((f) => ({
    label: f.label,
    values: Object.entries(r.facets[f.key])
      .sort(([a, x], [b, y]) => (f.key === 'year' ? b.localeCompare(a) : y - x || collator.compare(a, b)))
      .slice(0, 12)
      .map(([value, count]) => ({ text: f.name(value), count, href: href(`${q} ${f.filter}:${quoteValue(value)}`, sort) })),
  })).filter((f) => f.values.length > 0) : [];
  const pages = r ? Math.ceil(r.total / r.pageSize) : 0;
  return {
    q: typed,
    corrected: r?.corrected ? { to: r.corrected.to, href: href(r.corrected.to, sort), asTypedHref: href(typed, sort, 1, true), from: typed } : null,
    error,
    sortOptions: [{ value: 'relevans', label: 'Relevans', selected: sort === 'relevans' }, { value: 'datum', label: 'Datum (nyast först)', selected: sort === 'datum' }],
    total: r?.total ?? null,
    // Fields named rather than spread: a result arrives from the search worker as a deserialised
    // object, and spreading those cost V8 twenty times the named copy (0.04 ms a page).
    results: (r?.results ?? []).map((x): SearchResultItem & Record<'kindLabel' | 'dateLabel' | 'partiesLabel' | 'href', string> & { paragraphLabel: string | null } => ({
      id: x.id, title: x.title, kind: x.kind, body: x.body, date: x.date, parties: x.parties, signatories: x.signatories,
      snippet: x.snippet, paragraph: x.paragraph, kindLabel: kindLabel(x.kind), dateLabel: formatDate(x.date), partiesLabel: x.parties.join(', '),
      // A paragraph hit links into its protocol, at the paragraph the protocol page anchors.
      href: x.paragraph ? `/dokument/${x.id}#${encodeURIComponent(x.paragraph.anchor)}` : `/dokument/${x.id}`,
      paragraphLabel: x.paragraph ? [x.paragraph.number, x.paragraph.title].filter(Boolean).join(' ') : null,
    })),
    facets,
    suggestions: (r?.suggestions ?? []).map((s) => ({ text: s, href: href(s, sort) })),
    prevHref: r && r.page > 1 ? href(q, sort, r.page - 1) : null,
    nextHref: r && r.page < pages ? href(q, sort, r.page + 1) : null,
    pageLabel: r && pages > 1 ? `Sida ${r.page} av ${pages}` : null,
    feedHref: `/sok/feed.xml?q=${encodeURIComponent(q)}`,
    csvHref: `/sok.csv?q=${encodeURIComponent(q)}${sort !== 'relevans' ? `&sort=${sort}` : ''}`,
  };
}
