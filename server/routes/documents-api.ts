/** JSON API for documents: upload, read one, list with filters. */
import type { FastifyPluginAsync } from 'fastify';
import { getDocument, listDocuments } from '../../db/documents.js';
import { requireWriter } from '../auth.js';
import { HttpError } from '../http-errors.js';
import { ingestFile } from '../ingest/pipeline.js';
import { DOCUMENT_KINDS } from '../ingest/types.js';
import { toDocumentJson, toDocumentListItem } from './document-json.js';
import { readUpload } from './upload-body.js';
import { idParams } from './schemas.js';
import { documentLinks } from '../linking/document-links.js';


const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: [...DOCUMENT_KINDS] },
    party: { type: 'string', minLength: 1, maxLength: 20 },
    municipality: { type: 'string', minLength: 1, maxLength: 200 },
    body: { type: 'string', minLength: 1, maxLength: 200 },
    year: { type: 'string', pattern: '^\\d{4}$' },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
    offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
  },
} as const;

export const documentsApiRoutes: FastifyPluginAsync = async (app) => {
  app.post('/api/documents', { preHandler: requireWriter }, async (request, reply) => {
    const upload = await readUpload(request, app.config.maxUploadBytes);
    const { id, created } = await ingestFile(app.db, upload, app.config);
    const doc = getDocument(app.db, id);
    if (!doc) throw new HttpError(404, 'not_found', 'Dokumentet finns inte längre.');
    reply.code(created ? 201 : 200);
    if (created) reply.header('location', `/api/documents/${id}`);
    return toDocumentJson(doc, documentLinks(app.db, doc));
  });

  app.get<{ Params: { id: number } }>('/api/documents/:id', { schema: { params: idParams } }, async (request) => {
    const doc = getDocument(app.db, request.params.id);
    if (!doc) throw new HttpError(404, 'not_found', `Dokument ${request.params.id} finns inte.`);
    return toDocumentJson(doc, documentLinks(app.db, doc));
  });

  app.get<{ Querystring: { kind?: string; party?: string; municipality?: string; body?: string; year?: string; limit: number; offset: number } }>(
    '/api/documents', { schema: { querystring: listQuery } }, async (request) => {
      const q = request.query;
      const { total, items } = listDocuments(app.db, { ...q, party: q.party?.toUpperCase() });
      return { total, limit: q.limit, offset: q.offset, items: items.map(toDocumentListItem) };
    });
};
