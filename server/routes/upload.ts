/**
 * Upload with review: files are analysed and held until their uploader has checked the extracted
 * metadata on a form and saved; only then are they stored as documents and searchable.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { findDocumentIdBySha, findLiveDocumentIdBySha } from '../../db/documents.js';
import { addBatch, awaitingReview, batchItems, discardPending, getPendingForReview, nextInBatch, type BatchEntry } from '../../db/pending-uploads.js';
import { savePending } from '../use-cases/documents.js';
import { accountOf, authorLabel, checkCsrf, CSRF_FIELD, CSRF_HEADER, requireAccount } from '../auth.js';
import { HttpError } from '../http-errors.js';
import { IngestError } from '../ingest/errors.js';
import { BIDI_CONTROLS } from '../ingest/stages/preflight.js';
import { mayFile, scopeLabel } from '../accounts/permissions.js';
import { applyInput, formInput } from '../domain/metadata-input.js';
import { correctionsBetween } from '../domain/metadata-diff.js';
import type { FormBody } from '../form-body.js';
import type { ExtractedMetadata } from '../ingest/types.js';
import { checkFirst, toMetadataForm } from '../view-models/metadata-form.js';
import { readUploads } from './upload-body.js';
import { idParams } from './schemas.js';

/** Files per upload form submission. */
export const MAX_FILES_PER_UPLOAD = 20;

const batchParams = {
  type: 'object', required: ['batch'],
  properties: { batch: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,40}$' } },
} as const;

const STATUS_LABELS: Record<string, string> = {
  review: 'Väntar på granskning', failed: 'Kunde inte läsas', duplicate: 'Fanns redan i arkivet', saved: 'Sparad',
};

export const uploadRoutes: FastifyPluginAsync = async (app) => {
  app.get('/ladda-upp', { preHandler: requireAccount }, async (request, reply) => {
    const account = accountOf(request);
    return reply.page('./pages/upload', {
      maxMb: Math.round(app.config.maxUploadBytes / 1024 / 1024),
      maxFiles: MAX_FILES_PER_UPLOAD,
      scope: scopeLabel(account),
      waiting: (await awaitingReview(app.db, account.id)).map((p) => ({ href: `/ladda-upp/granska/${p.id}`, filename: p.filename, createdAt: p.createdAt })),
    });
  });

  app.post('/ladda-upp', { preHandler: requireAccount }, async (request, reply) => {
    const account = accountOf(request);
    const header = request.headers[CSRF_HEADER];
    const { files } = await readUploads(request, {
      maxFileBytes: app.config.maxUploadBytes, maxFiles: MAX_FILES_PER_UPLOAD, maxRequestBytes: app.config.maxRequestBytes,
      // The form sends its token before the files, so a forged form is refused before any file is read.
      beforeFiles: (early) => checkCsrf(request, (typeof header === 'string' ? header : undefined) ?? early[CSRF_FIELD]),
    });
    if (files.length === 0) throw new HttpError(400, 'no_file', 'Ingen fil valdes. Välj en eller flera filer.');
    const entries: BatchEntry[] = [];
    // The files are analysed side by side in the pool; their entries keep the order they were sent in.
    const analysed = await Promise.allSettled(files.map((file) => app.analyseUpload(file)));
    for (const [i, result] of analysed.entries()) {
      if (result.status === 'fulfilled') {
        const doc = result.value;
        // A withdrawn document's bytes are reviewed like a new file and filed again on save.
        const existing = await findLiveDocumentIdBySha(app.db, doc.sha256);
        entries.push(existing !== undefined ? { status: 'duplicate', filename: doc.filename, documentId: existing } : { status: 'review', doc });
        continue;
      }
      const err = result.reason as unknown;
      if (!(err instanceof IngestError)) throw err;
      // A single bad file is answered like before: a clear 4xx, nothing written.
      if (files.length === 1) throw err;
      entries.push({ status: 'failed', filename: safeName(files[i]!.filename), message: err.message });
    }
    if (entries.every((e) => e.status === 'duplicate') && entries.length === 1) {
      return reply.redirect(`/dokument/${(entries[0] as { documentId: number }).documentId}?fanns=1`, 303);
    }
    const batch = randomBytes(12).toString('base64url');
    const items = await addBatch(app.db, account.id, batch, entries);
    const first = items.find((i) => i.status === 'review');
    return reply.redirect(first && items.length === 1 ? `/ladda-upp/granska/${first.id}` : `/ladda-upp/omgang/${batch}`, 303);
  });

  app.get<{ Params: { batch: string } }>('/ladda-upp/omgang/:batch', { preHandler: requireAccount, schema: { params: batchParams } }, async (request, reply) => {
    const account = accountOf(request);
    const items = await batchItems(app.db, account.id, request.params.batch);
    if (items.length === 0) throw new HttpError(404, 'not_found', 'Den uppladdningen finns inte (eller är inte din).');
    const next = items.find((i) => i.status === 'review');
    return reply.page('./pages/upload-batch', {
      nextHref: next ? `/ladda-upp/granska/${next.id}` : null,
      items: items.map((i) => ({
        filename: i.filename, status: STATUS_LABELS[i.status] ?? i.status, message: i.message,
        href: i.status === 'review' ? `/ladda-upp/granska/${i.id}` : i.documentId ? `/dokument/${i.documentId}` : null,
        linkLabel: i.status === 'review' ? 'Granska' : 'Visa dokumentet',
      })),
    });
  });

  async function renderReview(request: FastifyRequest, reply: FastifyReply, id: number, metadata: ExtractedMetadata, extras: { errors?: Record<string, string>; refusal?: string; status?: number } = {}) {
    const account = accountOf(request);
    const pending = await getPendingForReview(app.db, account.id, id);
    if (!pending) throw new HttpError(404, 'not_found', 'Filen väntar inte längre på granskning (sparad, kastad eller inte din).');
    const items = (await batchItems(app.db, account.id, pending.batch)).filter((i) => i.status !== 'failed' && i.status !== 'duplicate');
    const saved = (request.query as { sparat?: string }).sparat;
    return reply.code(extras.status ?? 200).page('./pages/review', {
      id, filename: pending.filename, csrf: request.session?.csrfToken ?? '',
      progress: items.length > 1 ? `Fil ${items.findIndex((i) => i.id === id) + 1} av ${items.length}` : null,
      savedHref: saved && /^\d+$/.test(saved) ? `/dokument/${saved}` : null,
      form: toMetadataForm(metadata, extras.errors ?? {}, pending.doc.metadata.warnings),
      refusal: extras.refusal ?? null,
      scope: scopeLabel(account),
      needsOcr: pending.doc.textStatus === 'needs_ocr',
      // Stored but not live: the file was withdrawn, and saving files it again.
      refiling: await findDocumentIdBySha(app.db, pending.doc.sha256) !== await findLiveDocumentIdBySha(app.db, pending.doc.sha256),
      ...previewParagraphs(pending.doc.text),
      checkFirst: checkFirst(pending.doc.evidence),
    });
  }

  app.get<{ Params: { id: number } }>('/ladda-upp/granska/:id', { preHandler: requireAccount, schema: { params: idParams } }, async (request, reply) => {
    const pending = await getPendingForReview(app.db, accountOf(request).id, request.params.id);
    if (!pending) throw new HttpError(404, 'not_found', 'Filen väntar inte längre på granskning (sparad, kastad eller inte din).');
    return await renderReview(request, reply, request.params.id, pending.doc.metadata);
  });

  app.post<{ Params: { id: number }; Body: FormBody }>('/ladda-upp/granska/:id', { preHandler: requireAccount, schema: { params: idParams } }, async (request, reply) => {
    const account = accountOf(request);
    const pending = await getPendingForReview(app.db, account.id, request.params.id);
    if (!pending) throw new HttpError(404, 'not_found', 'Filen väntar inte längre på granskning (sparad, kastad eller inte din).');
    const { metadata, errors } = applyInput(pending.doc.metadata, formInput(request.body ?? {}));
    if (Object.keys(errors).length) return await renderReview(request, reply, pending.id, metadata, { errors, status: 422 });
    const decision = mayFile(account, { stated: pending.doc.metadata, current: pending.doc.metadata, wanted: metadata });
    if (!decision.ok) return await renderReview(request, reply, pending.id, metadata, { refusal: decision.reason, status: 403 });
    const { documentId } = await savePending(app.db, account.id, pending.id, correctionsBetween(pending.doc.metadata, metadata), { userId: account.id, label: authorLabel(account) });
    await app.ocr.kick();
    const next = await nextInBatch(app.db, account.id, pending.batch, pending.position);
    return reply.redirect(next ? `/ladda-upp/granska/${next.id}?sparat=${documentId}` : `/dokument/${documentId}?sparad=1`, 303);
  });

  app.post<{ Params: { id: number }; Body: FormBody }>('/ladda-upp/granska/:id/kasta', { preHandler: requireAccount, schema: { params: idParams } }, async (request, reply) => {
    const account = accountOf(request);
    const pending = await getPendingForReview(app.db, account.id, request.params.id);
    if (!pending || !await discardPending(app.db, account.id, pending.id)) throw new HttpError(404, 'not_found', 'Filen väntar inte längre på granskning.');
    const next = await nextInBatch(app.db, account.id, pending.batch, pending.position);
    return reply.redirect(next ? `/ladda-upp/granska/${next.id}` : '/ladda-upp', 303);
  });
};

/** A filename fit to show back even when it was refused ("../x", control characters). */
function safeName(name: string | undefined): string {
  return (name ?? '').replace(/[\u0000-\u001F\u007F]/g, '').replace(BIDI_CONTROLS, '').slice(0, 200) || '(namnlös fil)';
}

/** Paragraphs shown beside the review form: enough to check the metadata, never a whole dump. */
const PREVIEW_PARAGRAPHS = 400;

function previewParagraphs(text: string): { paragraphs: string[]; moreParagraphs: number } {
  const all = text.split(/\n{2,}/);
  const paragraphs: string[] = [];
  let seen = 0;
  for (const p of all) {
    const t = p.trim();
    if (!t) continue;
    seen++;
    if (paragraphs.length < PREVIEW_PARAGRAPHS) paragraphs.push(t.length > 20_000 ? `${t.slice(0, 20_000)} …` : t);
  }
  return { paragraphs, moreParagraphs: seen - paragraphs.length };
}
