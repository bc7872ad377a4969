/** Search: the /sok page, /api/search, /api/suggest, an Atom feed and a CSV export of every result. */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { search, type SearchResult, type SortOrder } from '../search/search-service.js';
import { QuerySyntaxError, QueryTooBroadError } from '../search/query-parser.js';
import { Suggester } from '../search/suggest.js';
import { HttpError } from '../http-errors.js';
import { toSearchPage } from '../view-models/search.js';
import { toAtomFeed, toCsv } from '../search/exports.js';

const searchQuery = {
  type: 'object',
  properties: {
    q: { type: 'string', maxLength: 500, default: '' },
    page: { type: 'integer', minimum: 1, maximum: 10_000, default: 1 },
    sort: { type: 'string', enum: ['relevans', 'datum'], default: 'relevans' },
  },
} as const;

type SearchQuery = { q: string; page: number; sort: SortOrder };

/** Largest export: every result, but bounded so one request cannot build gigabytes. */
const EXPORT_LIMIT = 10_000;

export const searchRoutes: FastifyPluginAsync = async (app) => {
  const suggester = new Suggester(app.db);
  const run = (q: string, page: number, sort: SortOrder, pageSize = 20, snippets = true): SearchResult => {
    try {
      return search(app.db, q, { page, sort, pageSize, suggester, snippets });
    } catch (err) {
      if (err instanceof QuerySyntaxError) throw new HttpError(400, err instanceof QueryTooBroadError ? 'query_too_broad' : 'invalid_query', err.message);
      throw err;
    }
  };

  app.get<{ Querystring: SearchQuery }>('/api/search', { schema: { querystring: searchQuery } }, async (request) => {
    const { q, page, sort } = request.query;
    const r = run(q, page, sort);
    return { total: r.total, page: r.page, sort: r.sort, results: r.results, facets: r.facets, suggestions: r.suggestions };
  });

  app.get<{ Querystring: { q?: string } }>('/api/suggest', {
    schema: { querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 100, default: '' } } } },
  }, async (request) => ({ suggestions: suggester.suggest(request.query.q ?? '') }));

  app.get<{ Querystring: SearchQuery }>('/sok', { schema: { querystring: searchQuery } }, async (request, reply) => {
    const { q, page, sort } = request.query;
    if (q.trim() === '') return html(reply, 200, toSearchPage(q, sort, null, null));
    try {
      return html(reply, 200, toSearchPage(q, sort, search(app.db, q, { page, sort, suggester }), null));
    } catch (err) {
      if (err instanceof QuerySyntaxError) return html(reply, 400, toSearchPage(q, sort, null, err.message));
      throw err;
    }
  });

  app.get<{ Querystring: SearchQuery }>('/sok/feed.xml', { schema: { querystring: searchQuery } }, async (request, reply) => {
    const { q } = request.query;
    const r = run(q, 1, 'datum', 50);
    const base = `${request.protocol}://${request.host}`;
    return reply.type('application/atom+xml; charset=utf-8').send(toAtomFeed(r, base));
  });

  app.get<{ Querystring: SearchQuery }>('/sok.csv', { schema: { querystring: searchQuery } }, async (request, reply) => {
    const { q, sort } = request.query;
    // The export has no snippet column: building 10,000 of them would be wasted work.
    const r = run(q, 1, sort, EXPORT_LIMIT, false);
    const base = `${request.protocol}://${request.host}`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="sokresultat.csv"')
      .send(toCsv(r, base));
  });

  function html(reply: FastifyReply, status: number, page: object) {
    return reply.code(status).page('./pages/search', page);
  }
};
