/** Server-rendered pages: home, document list, a document and its original file. */
import type { FastifyPluginAsync } from 'fastify';
import { getDocumentForEditing, getOriginalFile, listDocuments } from '../../db/documents.js';
import { listRevisions } from '../../db/revisions.js';
import { mayEdit } from '../accounts/permissions.js';
import { toHistoryItem } from '../view-models/history.js';
import { HttpError } from '../http-errors.js';
import { DOCUMENT_KINDS } from '../ingest/types.js';
import { stylesheet } from '../views.js';
import { kindLabel, kindOptions, toDocumentPage, toDocumentRow } from '../view-models/documents.js';
import { documentLinks } from '../linking/document-links.js';
import { homeCounts, listParties } from '../../db/browse.js';
import { cached } from '../../db/read-cache.js';
import { idParams } from './schemas.js';
import { toProtocolParagraphs } from '../view-models/protocol.js';
import { ruleLabel } from '../view-models/browse.js';
import { contentDisposition } from './content-disposition.js';

const PAGE_SIZE = 50;


const listQuery = {
  type: 'object',
  properties: {
    kind: { type: 'string', maxLength: 40 },
    party: { type: 'string', maxLength: 20 },
    municipality: { type: 'string', maxLength: 200 },
    body: { type: 'string', maxLength: 200 },
    year: { type: 'string', pattern: '^(\\d{4})?$' },
    sida: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 },
  },
} as const;

type ListQuery = { kind?: string; party?: string; municipality?: string; body?: string; year?: string; sida: number };

function pageHref(q: ListQuery, page: number): string {
  const params = new URLSearchParams();
  if (q.kind) params.set('kind', q.kind);
  if (q.party) params.set('party', q.party);
  if (q.municipality) params.set('municipality', q.municipality);
  if (q.body) params.set('body', q.body);
  if (q.year) params.set('year', q.year);
  params.set('sida', String(page));
  return `/dokument?${params.toString()}`;
}

export const documentPageRoutes: FastifyPluginAsync = async (app) => {
  app.get('/static/style.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(stylesheet));

  app.get('/', async (_request, reply) => {
    const { total, items } = await listDocuments(app.db, { limit: 10, offset: 0 });
    const counts = await cached(app.db, 'home', async () => await homeCounts(app.db));
    return reply.page('./pages/home', {
      total,
      items: items.map(toDocumentRow),
      byKind: counts.byKind.map((k) => ({ label: kindLabel(k.kind), n: k.n, href: `/dokument?kind=${k.kind}` })),
      parties: (await cached(app.db, 'parties', async () => await listParties(app.db))).map((p) => ({ code: p.code, name: p.name, n: p.documents, href: `/partier/${encodeURIComponent(p.code)}` })),
      municipalities: counts.municipalities.map((m) => ({ ...m, href: `/dokument?municipality=${encodeURIComponent(m.name)}` })),
      bodies: counts.bodies.map((b) => ({ ...b, href: `/dokument?body=${encodeURIComponent(b.name)}` })),
      peopleCount: counts.people,
      arendenCount: counts.arenden,
    });
  });

  app.get<{ Querystring: ListQuery }>('/dokument', { schema: { querystring: listQuery } }, async (request, reply) => {
    const q = request.query;
    const kind = q.kind && (DOCUMENT_KINDS as readonly string[]).includes(q.kind) ? q.kind : undefined;
    const filter = {
      kind, party: q.party?.trim().toUpperCase() || undefined, municipality: q.municipality?.trim() || undefined,
      body: q.body?.trim() || undefined, year: q.year || undefined,
    };
    const { total, items } = await listDocuments(app.db, { ...filter, limit: PAGE_SIZE, offset: (q.sida - 1) * PAGE_SIZE });
    return reply.page('./pages/documents', {
      total,
      items: items.map(toDocumentRow),
      kinds: kindOptions(kind),
      filter: { party: filter.party ?? '', municipality: filter.municipality ?? '', body: filter.body ?? '', year: filter.year ?? '' },
      prevHref: q.sida > 1 ? pageHref(q, q.sida - 1) : null,
      nextHref: q.sida * PAGE_SIZE < total ? pageHref(q, q.sida + 1) : null,
    });
  });

  app.get<{ Params: { id: number }; Querystring: Record<string, string> }>('/dokument/:id', { schema: { params: idParams } }, async (request, reply) => {
    const doc = await getDocumentForEditing(app.db, request.params.id);
    if (!doc) throw new HttpError(404, 'not_found', `Dokument ${request.params.id} finns inte i arkivet.`);
    const account = request.account;
    const canEdit = account ? mayEdit(account, doc.metadata).ok : false;
    // A withdrawn document is gone for readers; its party and administrators still see it, to restore it.
    if (doc.withdrawnAt && !canEdit) throw new HttpError(410, 'withdrawn', 'Dokumentet har dragits tillbaka av den som laddade upp det och visas inte längre.');
    const history = (await listRevisions(app.db, doc.id)).reverse().map((r) => toHistoryItem(doc.id, r));
    const links = await documentLinks(app.db, doc);
    // A protocol's paragraphs each name their own ärende; the head lists only the protocol's own.
    const byParagraph = new Set(links.protocolParagraphs.map((p) => p.arendeId));
    const page = toDocumentPage(doc, { ...links, arenden: links.arenden.filter((a) => !byParagraph.has(a.id)) }, app.config.publicUrl);
    return reply.page('./pages/document', {
      ...page,
      protocolParagraphs: toProtocolParagraphs(doc.text, links.protocolParagraphs),
      inParagraph: links.inParagraph && {
        href: `/dokument/${links.inParagraph.documentId}#${links.inParagraph.anchor}`,
        label: `${links.inParagraph.number} i ${links.inParagraph.title}`, rule: ruleLabel(links.inParagraph.rule),
      },
      history: history.slice(0, 5), historyMore: history.length > 5,
      owner: canEdit && request.session ? { csrf: request.session.csrfToken, isAdmin: account!.role === 'admin' } : null,
      withdrawn: doc.withdrawnAt !== null,
      notice: request.query.sparad ? 'Dokumentet är sparat och sökbart.' : request.query.rattad ? 'Rättelsen är sparad som en ny version.' : request.query.fanns ? 'Filen fanns redan i arkivet; här är det sparade dokumentet.' : null,
    });
  });

  app.get<{ Params: { id: number } }>('/dokument/:id/original', { schema: { params: idParams } }, async (request, reply) => {
    const file = await getOriginalFile(app.db, request.params.id);
    if (!file) throw new HttpError(404, 'not_found', `Dokument ${request.params.id} finns inte i arkivet.`);
    const type = file.mediaType.startsWith('text/') ? `${file.mediaType}; charset=${file.encoding ?? 'utf-8'}` : file.mediaType;
    return reply
      .type(type)
      .header('content-disposition', contentDisposition(file.filename))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox; frame-ancestors 'none'")
      .send(file.bytes);
  });
};
