/** Parties: the list, a party's overview (page, JSON, Atom) with its most reused paragraphs. */
import type { FastifyPluginAsync } from 'fastify';
import { listDocuments } from '../../db/documents.js';
import { listParties, partyOverview } from '../../db/browse.js';
import { mostReusedParagraphs } from '../../db/paragraphs.js';
import { HttpError } from '../http-errors.js';
import { atomFeed } from '../feeds.js';
import { splitParagraphs } from '../linking/paragraphs.js';
import { toPartyPage } from '../view-models/browse.js';
import { toDocumentRow } from '../view-models/documents.js';
import { getDocumentTexts } from '../../db/documents.js';
import { cached } from '../../db/read-cache.js';
import { partyPositionCounts, positionsOfParty } from '../../db/protocol.js';
import { partyPositionsCsv, toPartyActions, toPersonPositions } from '../view-models/protocol.js';
import { toMeetingPositionJson } from './protocol-json.js';
import { contentDisposition } from './content-disposition.js';

const codeParams = {
  type: 'object', required: ['code'],
  properties: { code: { type: 'string', minLength: 1, maxLength: 20 } },
} as const;

const positionsQuery = {
  type: 'object',
  properties: { year: { type: 'string', maxLength: 20 }, body: { type: 'string', maxLength: 200 } },
} as const;
type PositionsQuery = { year?: string; body?: string };

/** The year and body filters of a party's positions, checked with Swedish messages. */
export function positionFilter(q: PositionsQuery): { year?: string; body?: string } {
  const year = q.year?.trim() || undefined;
  if (year !== undefined && !/^\d{4}$/.test(year)) throw new HttpError(400, 'invalid_request', `Året ska skrivas med fyra siffror, till exempel 2026 (fick ”${year}”).`);
  const body = q.body?.normalize('NFC').replace(/\s+/g, ' ').trim() || undefined;
  if (body !== undefined && /[\u0000-\u001f\u007f]/.test(body)) throw new HttpError(400, 'invalid_request', 'Organets namn innehåller otillåtna tecken.');
  return { year, body };
}

export const partyRoutes: FastifyPluginAsync = async (app) => {
  const overview = async (raw: string) => {
    const code = raw.trim().toLocaleUpperCase('sv');
    const o = await cached(app.db, `party:${code}`, async () => await partyOverview(app.db, code));
    if (!o) throw new HttpError(404, 'not_found', `Partiet ”${raw}” finns inte i arkivet.`);
    return o;
  };
  /** The party's most reused paragraphs with their text (one per distinct paragraph). */
  const reused = async (code: string) => {
    const rows = await cached(app.db, `reused:${code}`, async () => await mostReusedParagraphs(app.db, code, 10));
    const docs = await getDocumentTexts(app.db, rows.map((r) => r.documentId));
    return rows.map((r) => ({
      documentId: r.documentId, paragraph: r.position, reuseCount: r.reuseCount,
      title: docs.get(r.documentId)?.title ?? '', text: splitParagraphs(docs.get(r.documentId)?.text ?? '')[r.position] ?? '',
    }));
  };

  app.get('/partier', async (_request, reply) => reply.page('./pages/parties', {
    parties: (await cached(app.db, 'parties', async () => await listParties(app.db))).map((p) => ({ ...p, href: `/partier/${encodeURIComponent(p.code)}` })),
  }));

  app.get('/api/parties', async () => ({ parties: (await cached(app.db, 'parties', async () => await listParties(app.db))).map((p) => ({ ...p, url: `/partier/${encodeURIComponent(p.code)}` })) }));

  app.get<{ Params: { code: string } }>('/partier/:code', { schema: { params: codeParams } }, async (request, reply) => {
    const o = await overview(request.params.code);
    if (o.code !== request.params.code) return reply.redirect(`/partier/${encodeURIComponent(o.code)}`, 301);
    const latest = (await listDocuments(app.db, { party: o.code, limit: 10, offset: 0 })).items.map(toDocumentRow);
    const actions = toPartyActions(o.code, await cached(app.db, `party-actions:${o.code}`, async () => await partyPositionCounts(app.db, o.code)));
    const reservations = toPersonPositions(await positionsOfParty(app.db, o.code, { what: 'reservation', limit: 10 }));
    return reply.page('./pages/party', { ...toPartyPage(o, await reused(o.code)), latest, actions, reservations });
  });

  app.get<{ Params: { code: string } }>('/api/parties/:code', { schema: { params: codeParams } }, async (request) => {
    const o = await overview(request.params.code);
    return {
      code: o.code, name: o.name, documentCount: o.documentCount, byKind: o.byKind, byYear: o.byYear, byKindAndYear: o.byKindAndYear,
      people: o.people.map((p) => ({ name: p.name, slug: p.slug, scope: p.scope || null, documents: p.documents, from: p.from, to: p.to })),
      reusedParagraphs: (await reused(o.code)).map((r) => ({ document: r.documentId, paragraph: r.paragraph, text: r.text, documents: r.reuseCount })),
      positionCounts: await cached(app.db, `party-actions:${o.code}`, async () => await partyPositionCounts(app.db, o.code)),
      positionsUrl: `/api/parties/${encodeURIComponent(o.code)}/positions`,
      url: `/partier/${encodeURIComponent(o.code)}`,
    };
  });

  /** The party's reservations, votes, proposals and notes in protocols, newest first; ?year=2026&body=Kommunstyrelsen. */
  app.get<{ Params: { code: string }; Querystring: PositionsQuery }>('/api/parties/:code/positions', { schema: { params: codeParams, querystring: positionsQuery } }, async (request) => {
    const o = await overview(request.params.code);
    const f = positionFilter(request.query);
    const positions = await positionsOfParty(app.db, o.code, f);
    return { party: o.code, name: o.name, year: f.year ?? null, body: f.body ?? null, total: positions.length, positions: positions.map(toMeetingPositionJson) };
  });

  /** The party's positions as CSV (one row per position, its sentence and permalink); ?year=&body= as in the API. */
  app.get<{ Params: { code: string }; Querystring: PositionsQuery }>('/partier/:code/agerat.csv', { schema: { params: codeParams, querystring: positionsQuery } }, async (request, reply) => {
    const o = await overview(request.params.code);
    const f = positionFilter(request.query);
    const name = ['agerat', o.code, f.year, f.body].filter(Boolean).join('-').replace(/[^\p{L}\p{N}-]+/gu, '_');
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition(`${name}.csv`))
      .send(partyPositionsCsv(await positionsOfParty(app.db, o.code, f), app.config.publicUrl));
  });

  app.get<{ Params: { code: string } }>('/partier/:code/feed.xml', { schema: { params: codeParams } }, async (request, reply) => {
    const o = await overview(request.params.code);
    const base = app.config.publicUrl;
    const items = (await listDocuments(app.db, { party: o.code, limit: 50, offset: 0 })).items;
    return reply.type('application/atom+xml; charset=utf-8').send(atomFeed({
      self: `${base}/partier/${encodeURIComponent(o.code)}/feed.xml`, alternate: `${base}/partier/${encodeURIComponent(o.code)}`,
      title: `Ståndpunkt: ${o.name}`,
      entries: items.map((d) => ({ id: d.id, title: d.title, kind: d.kind, date: d.date, summary: [d.municipality, d.body].filter(Boolean).join(', ') })),
    }, base));
  });
};
