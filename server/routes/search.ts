/** Search: the /sok page, /api/search, /api/suggest, an Atom feed and a CSV export of every result. */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { SearchResult, SortOrder } from '../search/search-service.js';
import { QuerySyntaxError, QueryTooBroadError } from '../search/query-parser.js';
import { SearchTimeoutError } from '../search/search-runner.js';
import { HttpError } from '../http-errors.js';
import { toSearchPage } from '../view-models/search.js';
import { toAtomFeed, toCsv } from '../search/exports.js';

const searchQuery = {
  type: 'object',
  properties: {
    q: { type: 'string', maxLength: 500, default: '' },
    page: { type: 'integer', minimum: 1, maximum: 10_000, default: 1 },
    sort: { type: 'string', enum: ['relevans', 'datum'], default: 'relevans' },
    // "Sök i stället efter …": the query as typed, never corrected.
    exakt: { type: 'string', enum: ['0', '1', ''], default: '' },
  },
} as const;

type SearchQuery = { q: string; page: number; sort: SortOrder; exakt: '0' | '1' | '' };

/** Largest export: every result, but bounded so one request cannot build gigabytes. */
const EXPORT_LIMIT = 10_000;

/** A search that cannot be answered as asked, as the HTTP error it becomes; anything else is rethrown. */
function httpErrorOf(err: unknown): HttpError {
  if (err instanceof QueryTooBroadError) return new HttpError(400, 'query_too_broad', err.message);
  if (err instanceof QuerySyntaxError) return new HttpError(400, 'invalid_query', err.message);
  if (err instanceof SearchTimeoutError) return new HttpError(503, 'search_timeout', err.message);
  throw err;
}

export const searchRoutes: FastifyPluginAsync = async (app) => {
  const run = async (q: string, page: number, sort: SortOrder, pageSize = 20, snippets = true, exact = false): Promise<SearchResult> => {
    try {
      return await app.searches.run(q, { page, sort, pageSize, snippets, exact });
    } catch (err) {
      throw httpErrorOf(err);
    }
  };

  app.get<{ Querystring: SearchQuery }>('/api/search', { schema: { querystring: searchQuery } }, async (request) => {
    const { q, page, sort, exakt } = request.query;
    const r = await run(q, page, sort, 20, true, exakt === '1');
    return { total: r.total, page: r.page, sort: r.sort, results: r.results, facets: r.facets, suggestions: r.suggestions, corrected: r.corrected };
  });

  app.get<{ Querystring: { q?: string } }>('/api/suggest', {
    schema: { querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 100, default: '' } } } },
  }, async (request) => {
    try {
      return { suggestions: await app.searches.suggest(request.query.q ?? '') };
    } catch (err) {
      throw httpErrorOf(err);
    }
  });

  app.get<{ Querystring: SearchQuery }>('/sok', { schema: { querystring: searchQuery } }, async (request, reply) => {
    const { q, page, sort, exakt } = request.query;
    if (q.trim() === '') return html(reply, 200, toSearchPage(q, sort, null, null));
    try {
      return html(reply, 200, toSearchPage(q, sort, await run(q, page, sort, 20, true, exakt === '1'), null));
    } catch (err) {
      // The search page again, with the form and the reason.
      if (err instanceof HttpError) return html(reply, err.statusCode, toSearchPage(q, sort, null, err.message));
      throw err;
    }
  });

  app.get<{ Querystring: SearchQuery }>('/sok/feed.xml', { schema: { querystring: searchQuery } }, async (request, reply) => {
    const { q } = request.query;
    const r = await run(q, 1, 'datum', 50);
    const base = app.config.publicUrl;
    return reply.type('application/atom+xml; charset=utf-8').send(toAtomFeed(r, base));
  });

  app.get<{ Querystring: SearchQuery }>('/sok.csv', { schema: { querystring: searchQuery } }, async (request, reply) => {
    const { q, sort } = request.query;
    // The export has no snippet column: building 10,000 of them would be wasted work.
    const r = await run(q, 1, sort, EXPORT_LIMIT, false);
    const base = app.config.publicUrl;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="sokresultat.csv"')
      .send(toCsv(r, base));
  });

  function html(reply: FastifyReply, status: number, page: object) {
    return reply.code(status).page('./pages/search', page);
  }
};
