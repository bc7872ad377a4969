/** Ärenden: the list and a matter's timeline (page, JSON, Atom). */
import type { FastifyPluginAsync } from 'fastify';
import { arendeRecord, listArenden } from '../../db/browse.js';
import { liveArendeId } from '../../db/arenden.js';
import { HttpError } from '../http-errors.js';
import { atomFeed } from '../feeds.js';
import { toArendeJson, toArendePage } from '../view-models/browse.js';
import { formatDate } from '../views.js';
import { idParams } from './schemas.js';
import { pageLinks } from './paging.js';
import { positionsOnArende } from '../../db/protocol.js';
import { positionsTable } from '../domain/positions-table.js';
import { toMeetingPositionJson, toPositionsTableJson } from './protocol-json.js';
import { toPositionsTablePage } from '../view-models/protocol.js';

const PAGE_SIZE = 50;
const listQuery = {
  type: 'object',
  properties: {
    kommun: { type: 'string', maxLength: 200 },
    ar: { type: 'string', pattern: '^(\\d{4})?$' },
    sida: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 },
  },
} as const;
type ListQuery = { kommun?: string; ar?: string; sida: number };

export const arendeRoutes: FastifyPluginAsync = async (app) => {
  const record = async (id: number) => {
    const a = await arendeRecord(app.db, id);
    if (!a || a.documents.length === 0) throw new HttpError(404, 'not_found', `Ärende ${id} finns inte i arkivet.`);
    return a;
  };
  const list = async (q: ListQuery) => await listArenden(app.db, {
    municipality: q.kommun?.trim() || undefined, year: q.ar || undefined, limit: PAGE_SIZE, offset: (q.sida - 1) * PAGE_SIZE,
  });

  app.get<{ Querystring: ListQuery }>('/arenden', { schema: { querystring: listQuery } }, async (request, reply) => {
    const q = request.query;
    const { total, items } = await list(q);
    return reply.page('./pages/arenden', {
      total,
      items: items.map((a) => ({ ...a, href: `/arenden/${a.id}`, title: a.title ?? a.diarienummer ?? `Ärende ${a.id}`, latestLabel: formatDate(a.latest) })),
      filter: { kommun: q.kommun ?? '', ar: q.ar ?? '' },
      ...pageLinks('/arenden', { kommun: q.kommun, ar: q.ar }, q.sida, PAGE_SIZE, total),
    });
  });

  app.get<{ Querystring: ListQuery }>('/api/arenden', { schema: { querystring: listQuery } }, async (request) => {
    const { total, items } = await list(request.query);
    return { total, page: request.query.sida, items: items.map((a) => ({ ...a, url: `/arenden/${a.id}` })) };
  });

  /** An ärende merged into another answers with a permanent redirect to it. */
  const moved = async (id: number, suffix: string, prefix = '/arenden/') => {
    const live = await liveArendeId(app.db, id);
    return live !== undefined && live !== id ? `${prefix}${live}${suffix}` : null;
  };

  app.get<{ Params: { id: number } }>('/arenden/:id', { schema: { params: idParams } }, async (request, reply) => {
    const to = await moved(request.params.id, '');
    if (to) return reply.redirect(to, 301);
    const a = await record(request.params.id);
    return reply.page('./pages/arende', { ...toArendePage(a), standpunkter: toPositionsTablePage(positionsTable(await positionsOnArende(app.db, a.id))) });
  });

  app.get<{ Params: { id: number } }>('/api/arenden/:id', { schema: { params: idParams } }, async (request, reply) => {
    const to = await moved(request.params.id, '', '/api/arenden/');
    if (to) return reply.redirect(to, 301);
    return toArendeJson(await record(request.params.id));
  });

  /** How each party and member acted on the matter at each meeting, from the protocols' paragraphs. */
  app.get<{ Params: { id: number } }>('/api/arenden/:id/positions', { schema: { params: idParams } }, async (request, reply) => {
    const to = await moved(request.params.id, '/positions', '/api/arenden/');
    if (to) return reply.redirect(to, 301);
    const a = await record(request.params.id);
    const positions = await positionsOnArende(app.db, a.id);
    return { arende: a.id, url: `/arenden/${a.id}`, table: toPositionsTableJson(positionsTable(positions)), positions: positions.map(toMeetingPositionJson) };
  });

  app.get<{ Params: { id: number } }>('/arenden/:id/feed.xml', { schema: { params: idParams } }, async (request, reply) => {
    const a = await record(request.params.id);
    const base = app.config.publicUrl;
    const page = toArendePage(a);
    return reply.type('application/atom+xml; charset=utf-8').send(atomFeed({
      self: `${base}/arenden/${a.id}/feed.xml`, alternate: `${base}/arenden/${a.id}`, title: `Ståndpunkt: ${page.title}`,
      entries: [...a.documents].reverse().slice(0, 50).map((d) => ({ id: d.id, title: d.title, kind: d.kind, date: d.date, summary: d.parties.join(', ') })),
    }, base));
  });
};
