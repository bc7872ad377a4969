/**
 * A match expression (server/search/fts-query.ts) as PostgreSQL SQL: the predicate over search_fts's
 * two vectors, and FTS5's bm25 computed from the vectors (db/pg/search.ts runs both). Pure.
 *
 * Phrases become tsquery text given to to_tsquery('simple', …): a quoted lexeme is split and
 * normalised by the same parser that built the vectors from the same analysed tokens
 * (db/pg/search-index.ts), so a token the parser splits ('m²') matches as it was stored. The stemmed
 * columns are one vector whose weights are the fields (title A, ärende B, people C, body D): the
 * title-and-ärende filter is the weight restriction `:AB`.
 *
 * bm25, as FTS5 computes it (fts5_aux.c): for each phrase i of the expression, its weighted frequency
 * f in the unit (every instance counts its column's weight: title 10, ärende 8, people 5, body 1,
 * exact 1), its document frequency n over all N units, and the unit's length |D| in tokens against
 * the average:  score = −Σ idf_i · f_i·(k1 + 1) / (f_i + k1·(1 − b + b·|D|/avgdl)),
 * idf = ln((N − n + 0.5)/(n + 0.5)) (at least 1e-6), k1 = 1.2, b = 0.75. The weighted frequency is
 * ts_rank_cd of the phrase alone with weights {D, C, B, A} = {0.1, 0.5, 0.8, 1.0}: with one phrase
 * every instance is a cover of its own worth its weight, so ten times it, rounded, is f exactly.
 */
import type { Columns, MatchNode } from '../../server/search/fts-query.js';
import { TS_RANK_WEIGHTS } from './schema.js';

/** Query parameters collected while SQL is written: `add` keeps a value and gives its placeholder. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

type Vector = 'terms' | 'exact';
const vectorOf = (c: Columns): Vector => (c === 'exact' ? 'exact' : 'terms');

/** A lexeme in tsquery syntax: quoted, with a prefix mark and the heading's weights where asked. */
function lexeme(token: string, columns: Columns, prefix: boolean): string {
  const weights = columns === 'heading' ? 'AB' : '';
  const label = prefix || weights ? `:${prefix ? '*' : ''}${weights}` : '';
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${label}`;
}

export interface Phrase { columns: Columns; tokens: string[]; prefix: boolean }

/** One phrase as tsquery text: its tokens in sequence. */
export function phraseQuery(p: Phrase): string {
  return p.tokens.map((t, i) => lexeme(t, p.columns, p.prefix && i === p.tokens.length - 1)).join(' <-> ');
}

const tsquery = (params: Params, text: string) => `to_tsquery('simple', ${params.add(text)})`;

/** A node over one vector as tsquery text, or over both as SQL. */
type Rendered = { vector: Vector; text: string } | { vector: null; sql: string };

function render(n: MatchNode, params: Params): Rendered {
  switch (n.type) {
    case 'phrase': return { vector: vectorOf(n.columns), text: phraseQuery(n) };
    case 'any': return { vector: vectorOf(n.columns), text: `(${n.tokens.map((t) => lexeme(t, n.columns, false)).join(' | ')})` };
    case 'or': case 'and': {
      const parts = n.of.map((c) => render(c, params));
      const v = parts[0]!.vector;
      if (v !== null && parts.every((p) => p.vector === v)) {
        return { vector: v, text: `(${parts.map((p) => (p as { text: string }).text).join(n.type === 'or' ? ' | ' : ' & ')})` };
      }
      return { vector: null, sql: `(${parts.map((p) => sqlOf(p, params)).join(n.type === 'or' ? ' OR ' : ' AND ')})` };
    }
    case 'not': {
      const positive = render(n.positive, params);
      const excluded = render(n.excluded.length === 1 ? n.excluded[0]! : { type: 'or', of: n.excluded }, params);
      if (positive.vector !== null && positive.vector === excluded.vector) {
        return { vector: positive.vector, text: `(${positive.text}) & !(${(excluded as { text: string }).text})` };
      }
      return { vector: null, sql: `(${sqlOf(positive, params)} AND NOT ${sqlOf(excluded, params)})` };
    }
  }
}

function sqlOf(r: Rendered, params: Params): string {
  return r.vector === null ? r.sql : `${r.vector} @@ ${tsquery(params, r.text)}`;
}

/** The WHERE condition on search_fts that the expression's units meet. */
export function matchPredicate(n: MatchNode, params: Params): string {
  return sqlOf(render(n, params), params);
}

/** FTS5's bm25 parameters. */
const K1 = 1.2;
const B = 0.75;

/** FTS5's idf of a phrase held by `hits` of `units`, never zero or below. */
export function idf(units: number, hits: number): number {
  const v = Math.log((units - hits + 0.5) / (hits + 0.5));
  return v <= 0 ? 1e-6 : v;
}

/**
 * SELECT of rowid and bm25 (lower is better, as FTS5's) of the units meeting `where`, best first,
 * equal scores newest (highest id) first, at most `limit`. `idfs` are the phrases' idf in order;
 * `avgdl` the average unit length.
 */
export function rankedSelect(phrases: Phrase[], idfs: number[], avgdl: number, where: string, limit: string, params: Params): string {
  const weights = `'${TS_RANK_WEIGHTS}'::float4[]`;
  const freqs = phrases.map((p, i) => `round(10 * ts_rank_cd(${weights}, ${vectorOf(p.columns)}, ${tsquery(params, phraseQuery(p))}))::float8 AS f${i}`);
  // Summed in the phrases' order, each term in FTS5's order of operations, in float8 throughout.
  const score = phrases.map((_, i) => `${params.add(idfs[i])}::float8 * ((f${i} * ${K1 + 1}::float8) / (f${i} + d))`).join(' + ');
  const avg = params.add(avgdl > 0 ? avgdl : 1);
  return `SELECT rowid, -(0::float8 + ${score}) AS score FROM (
      SELECT rowid, ${K1}::float8 * (1::float8 - ${B}::float8 + ${B}::float8 * len::float8 / ${avg}::float8) AS d, ${freqs.join(', ')}
      FROM search_fts WHERE ${where}) s
    ORDER BY 2, 1 DESC LIMIT ${limit}`;
}
