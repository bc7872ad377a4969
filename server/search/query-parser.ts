/**
 * Parses the search syntax into a plain structure, separately from executing it:
 * words (all must match), "exakt fras", -uteslut, OR, prefix*, and filters
 * parti:S typ:interpellation person:"Namn" organ:… kommun:… år:2022 / år:2021..2023.
 */

export type Term =
  | { type: 'word'; text: string; prefix: boolean }
  | { type: 'phrase'; words: string[] };

/** A group of alternatives joined by OR; a query matches when every clause matches. */
export interface Clause {
  any: Term[];
}

export interface Filters {
  party: string[];
  kind: string[];
  person: string[];
  body: string[];
  municipality: string[];
  yearFrom: number | null;
  yearTo: number | null;
}

export interface ParsedQuery {
  clauses: Clause[];
  excluded: Term[];
  filters: Filters;
}

export class QuerySyntaxError extends Error {}

/** A query that can be read but would cost too much to run: a 400 like a syntax error, with its own code. */
export class QueryTooBroadError extends QuerySyntaxError {}

/**
 * Most words a query may hold, counting every word of a phrase and every excluded word. Each word
 * is at least one more pass over the index and, stemmed, up to some fifty index terms.
 */
export const MAX_QUERY_WORDS = 24;

/** What to write instead, for a query with prefixes or without. */
export function narrowerAdvice(hasPrefix: boolean): string {
  return hasPrefix ? 'Använd färre ord och längre prefix: skriv fler bokstäver före *.' : 'Använd färre ord.';
}

const FILTER_KEYS: Record<string, keyof Omit<Filters, 'yearFrom' | 'yearTo'> | 'year'> = {
  parti: 'party', party: 'party', typ: 'kind', kind: 'kind', person: 'person', organ: 'body', body: 'body',
  kommun: 'municipality', region: 'municipality', år: 'year', ar: 'year', year: 'year',
};

interface Token { kind: 'word' | 'phrase' | 'or' | 'filter'; value: string; negated: boolean; key?: string }

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    if (/\s/u.test(q[i]!)) { i++; continue; }
    let negated = false;
    if (q[i] === '-' && i + 1 < q.length && !/\s/u.test(q[i + 1]!)) { negated = true; i++; }
    const filter = /^([\p{L}]+):/u.exec(q.slice(i));
    if (filter && FILTER_KEYS[filter[1]!.toLocaleLowerCase('sv')] !== undefined) {
      i += filter[0].length;
      const value = readValue(q, i);
      i = value.end;
      if (!value.text) throw new QuerySyntaxError(`Filtret "${filter[1]}:" saknar värde, t.ex. ${filter[1]}:S.`);
      out.push({ kind: 'filter', key: filter[1]!.toLocaleLowerCase('sv'), value: value.text, negated });
      continue;
    }
    if (q[i] === '"' || q[i] === '”' || q[i] === '“') {
      const close = q.slice(i + 1).search(/["”“]/u);
      if (close < 0) throw new QuerySyntaxError('Ett citattecken saknar sin avslutning. Skriv frasen inom "…".');
      out.push({ kind: 'phrase', value: q.slice(i + 1, i + 1 + close), negated });
      i += close + 2;
      continue;
    }
    const m = /^[^\s"”“]+/u.exec(q.slice(i))!;
    i += m[0].length;
    out.push({ kind: !negated && m[0] === 'OR' ? 'or' : 'word', value: m[0], negated });
  }
  return out;
}

function readValue(q: string, i: number): { text: string; end: number } {
  if (q[i] === '"') {
    const close = q.indexOf('"', i + 1);
    if (close < 0) throw new QuerySyntaxError('Ett citattecken saknar sin avslutning i ett filter.');
    return { text: q.slice(i + 1, close).trim(), end: close + 1 };
  }
  const m = /^\S*/u.exec(q.slice(i))!;
  return { text: m[0], end: i + m[0].length };
}

function toTerm(t: Token): Term | null {
  if (t.kind === 'phrase') {
    const words = t.value.split(/\s+/u).filter(Boolean);
    return words.length ? { type: 'phrase', words } : null;
  }
  const prefix = t.value.endsWith('*');
  const text = t.value.replace(/\*+$/u, '');
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  return { type: 'word', text, prefix };
}

/** Parses a query; throws QuerySyntaxError with a Swedish explanation when it cannot be read. */
export function parseQuery(q: string): ParsedQuery {
  if (q.length > 500) throw new QuerySyntaxError('Sökfrågan är för lång (högst 500 tecken).');
  const filters: Filters = { party: [], kind: [], person: [], body: [], municipality: [], yearFrom: null, yearTo: null };
  const clauses: Clause[] = [];
  const excluded: Term[] = [];
  let pendingOr = false;
  for (const t of tokenize(q.normalize('NFC'))) {
    if (t.kind === 'filter') {
      if (t.negated) throw new QuerySyntaxError('Filter kan inte uteslutas med minus; skriv bara filtret.');
      applyFilter(filters, t.key!, t.value);
      continue;
    }
    if (t.kind === 'or') {
      if (clauses.length === 0) throw new QuerySyntaxError('OR måste stå mellan två sökord, t.ex. skola OR förskola.');
      pendingOr = true;
      continue;
    }
    const term = toTerm(t);
    if (!term) continue;
    if (t.negated) { excluded.push(term); continue; }
    if (pendingOr) clauses[clauses.length - 1]!.any.push(term);
    else clauses.push({ any: [term] });
    pendingOr = false;
  }
  if (pendingOr) throw new QuerySyntaxError('OR måste följas av ett sökord.');
  if (clauses.length === 0 && excluded.length > 0) throw new QuerySyntaxError('Ange minst ett ord att söka på, inte bara ord att utesluta.');
  const terms = [...clauses.flatMap((c) => c.any), ...excluded];
  const count = terms.reduce((n, t) => n + (t.type === 'phrase' ? t.words.length : 1), 0);
  if (count > MAX_QUERY_WORDS) {
    throw new QueryTooBroadError(`Sökningen är för bred: den har ${count} sökord och högst ${MAX_QUERY_WORDS} tas emot. ${narrowerAdvice(terms.some((t) => t.type === 'word' && t.prefix))}`);
  }
  return { clauses, excluded, filters };
}

function applyFilter(f: Filters, key: string, value: string): void {
  const field = FILTER_KEYS[key]!;
  if (field !== 'year') { f[field].push(value); return; }
  const m = /^(\d{4})(?:\.\.(\d{4}))?$/u.exec(value);
  if (!m) throw new QuerySyntaxError(`Året "${value}" kan inte läsas. Skriv år:2022 eller år:2021..2023.`);
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : from;
  if (to < from) throw new QuerySyntaxError(`Intervallet ${value} går baklänges. Skriv det tidigare året först.`);
  f.yearFrom = from;
  f.yearTo = to;
}
