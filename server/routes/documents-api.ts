/** JSON API for documents: upload, read one, list with filters. */
import type { FastifyPluginAsync } from 'fastify';
import { findLiveDocumentIdBySha, getDocument, listDocuments } from '../../db/documents.js';
import { storeDocument } from '../use-cases/documents.js';
import { accountOf, authorLabel, checkCsrf, CSRF_FIELD, CSRF_HEADER, requireAccount } from '../auth.js';
import { HttpError } from '../http-errors.js';
import { mayFile } from '../accounts/permissions.js';
import { applyInput, jsonInput } from '../domain/metadata-input.js';
import { correctionsBetween } from '../domain/metadata-diff.js';
import { DOCUMENT_KINDS } from '../ingest/types.js';
import { toDocumentJson, toDocumentListItem } from './document-json.js';
import { readUploads } from './upload-body.js';
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
  /**
   * Upload for scripts: multipart with the file in "file" and optionally "metadata", a JSON object of
   * corrections (`{"parties": ["S"], "date": "2022-05-09"}`) applied before the permission check.
   * The same bytes again answer 200 with the stored document; the bytes of a withdrawn document are
   * filed again (201, the same id, its history kept) when the uploader may file them.
   */
  app.post('/api/documents', { preHandler: requireAccount }, async (request, reply) => {
    const account = accountOf(request);
    const header = request.headers[CSRF_HEADER];
    const { files, fields } = await readUploads(request, {
      maxFileBytes: app.config.maxUploadBytes, maxFiles: 1, maxRequestBytes: app.config.maxRequestBytes,
      beforeFiles: (early) => checkCsrf(request, (typeof header === 'string' ? header : undefined) ?? early[CSRF_FIELD]),
    });
    if (files.length === 0) throw new HttpError(400, 'no_file', 'Ingen fil skickades. Välj en fil i fältet "file".');
    const analysed = await app.analyseUpload(files[0]!);
    const existing = await findLiveDocumentIdBySha(app.db, analysed.sha256);
    let id = existing;
    let created = false;
    if (existing === undefined) {
      let metadata = analysed.metadata;
      if (fields.metadata !== undefined) {
        let json: unknown;
        try { json = JSON.parse(fields.metadata); } catch { throw new HttpError(400, 'invalid_metadata', 'Fältet "metadata" är inte giltig JSON.'); }
        const { input, errors: unknown } = jsonInput(json);
        const applied = applyInput(metadata, input);
        const errors = { ...unknown, ...applied.errors };
        if (Object.keys(errors).length) return reply.code(422).send({ error: 'invalid_metadata', message: Object.values(errors).join(' '), fields: errors });
        metadata = applied.metadata;
      }
      const decision = mayFile(account, { stated: analysed.metadata, current: analysed.metadata, wanted: metadata });
      if (!decision.ok) throw new HttpError(403, 'forbidden', decision.reason);
      const r = await storeDocument(app.db, analysed, { corrections: correctionsBetween(analysed.metadata, metadata), author: { userId: account.id, label: authorLabel(account) }, refileWithdrawn: true });
      id = r.id;
      created = r.created;
      await app.ocr.kick();
    }
    const doc = await getDocument(app.db, id!);
    if (!doc) throw new HttpError(404, 'not_found', 'Dokumentet finns inte längre.');
    reply.code(created ? 201 : 200);
    if (created) reply.header('location', `/api/documents/${id}`);
    return toDocumentJson(doc, await documentLinks(app.db, doc));
  });

  app.get<{ Params: { id: number } }>('/api/documents/:id', { schema: { params: idParams } }, async (request) => {
    const doc = await getDocument(app.db, request.params.id);
    if (!doc) throw new HttpError(404, 'not_found', `Dokument ${request.params.id} finns inte.`);
    return toDocumentJson(doc, await documentLinks(app.db, doc));
  });

  app.get<{ Querystring: { kind?: string; party?: string; municipality?: string; body?: string; year?: string; limit: number; offset: number } }>(
    '/api/documents', { schema: { querystring: listQuery } }, async (request) => {
      const q = request.query;
      const { total, items } = await listDocuments(app.db, { ...q, party: q.party?.toUpperCase() });
      return { total, limit: q.limit, offset: q.offset, items: items.map(toDocumentListItem) };
    });
};
