/**
 * Corrections and history: editing a stored document's metadata (a revision per save), viewing any
 * revision, withdrawing and restoring, and deletion for good by an administrator. Page forms and a
 * JSON API apply the same rules.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { extractedMetadata, getDocument, getDocumentForEditing } from '../../db/documents.js';
import { correctDocument, deleteDocument, restoreDocument, withdrawDocument } from '../use-cases/documents.js';
import { getRevision, listRevisions, type Author } from '../../db/revisions.js';
import { accountOf, authorLabel, requireAccount } from '../auth.js';
import { mayDelete, mayEdit, mayFile, type Account } from '../accounts/permissions.js';
import { applyInput, formInput, jsonInput } from '../domain/metadata-input.js';
import { field, type FormBody } from '../form-body.js';
import { HttpError } from '../http-errors.js';
import type { ExtractedMetadata } from '../ingest/types.js';
import { toMetadataForm } from '../view-models/metadata-form.js';
import { showValue, toHistoryItem } from '../view-models/history.js';
import { kindLabel } from '../view-models/documents.js';
import { FIELD_LABELS, type FieldChange } from '../domain/metadata-diff.js';
import { toDocumentJson } from './document-json.js';
import { documentLinks } from '../linking/document-links.js';
import { idParams } from './schemas.js';

const revisionParams = {
  type: 'object', required: ['id', 'n'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2 ** 53 - 1 }, n: { type: 'integer', minimum: 1, maximum: 1_000_000 } },
} as const;

const author = (a: Account): Author => ({ userId: a.id, label: authorLabel(a) });
const note = (body: FormBody | Record<string, unknown> | undefined) => {
  const raw = (body as Record<string, unknown> | undefined)?.note ?? (body as Record<string, unknown> | undefined)?.anledning;
  const s = typeof raw === 'string' ? raw.replace(/\s+/g, ' ').trim().slice(0, 500) : '';
  return s || null;
};

export const correctionRoutes: FastifyPluginAsync = async (app) => {
  /** The document and the account's right to change it, or a 404/403. */
  async function editable(request: FastifyRequest, id: number, opts: { live: boolean }) {
    const account = accountOf(request);
    const doc = await getDocumentForEditing(app.db, id);
    if (!doc) throw new HttpError(404, 'not_found', `Dokument ${id} finns inte i arkivet.`);
    const decision = mayEdit(account, doc.metadata);
    if (!decision.ok) throw new HttpError(403, 'forbidden', decision.reason);
    if (opts.live && doc.withdrawnAt) throw new HttpError(409, 'withdrawn', 'Dokumentet är tillbakadraget. Återställ det innan du rättar det.');
    return { account, doc };
  }

  /** Checks the wanted metadata and stores it as one revision; errors by field, or a refusal. */
  type Outcome = { errors: Record<string, string>; metadata: ExtractedMetadata } | { refusal: string; metadata: ExtractedMetadata } | { changes: FieldChange[]; metadata: ExtractedMetadata };
  async function correct(account: Account, id: number, current: ExtractedMetadata, input: Record<string, unknown>, why: string | null): Promise<Outcome> {
    const { metadata, errors } = applyInput(current, input);
    if (Object.keys(errors).length) return { errors, metadata };
    // A correction must not move the document out of the corrector's own scope, nor take parties the text states away from it.
    const after = mayFile(account, { stated: await extractedMetadata(app.db, id) ?? current, current, wanted: metadata }, 'ändra');
    if (!after.ok) return { refusal: after.reason, metadata };
    return { changes: await correctDocument(app.db, id, metadata, author(account), why), metadata };
  }

  function editPage(request: FastifyRequest, reply: FastifyReply, id: number, title: string, metadata: ExtractedMetadata, extra: { errors?: Record<string, string>; refusal?: string; status?: number } = {}) {
    return reply.code(extra.status ?? 200).page('./pages/edit', {
      id, title, csrf: request.session?.csrfToken ?? '', form: toMetadataForm(metadata, extra.errors ?? {}, []), refusal: extra.refusal ?? null,
    });
  }

  app.get<{ Params: { id: number } }>('/dokument/:id/andra', { preHandler: requireAccount, schema: { params: idParams } }, async (request, reply) => {
    const { doc } = await editable(request, request.params.id, { live: true });
    return editPage(request, reply, doc.id, doc.title, doc.metadata);
  });

  app.post<{ Params: { id: number }; Body: FormBody }>('/dokument/:id/andra', { preHandler: requireAccount, schema: { params: idParams } }, async (request, reply) => {
    const { account, doc } = await editable(request, request.params.id, { live: true });
    const r = await correct(account, doc.id, doc.metadata, formInput(request.body ?? {}), note(request.body));
    if ('errors' in r) return editPage(request, reply, doc.id, doc.title, r.metadata, { errors: r.errors, status: 422 });
    if ('refusal' in r) return editPage(request, reply, doc.id, doc.title, r.metadata, { refusal: r.refusal, status: 403 });
    return reply.redirect(`/dokument/${doc.id}${r.changes.length ? '?rattad=1' : ''}`, 303);
  });

  app.get<{ Params: { id: number } }>('/dokument/:id/historik', { schema: { params: idParams } }, async (request, reply) => {
    const doc = await getDocument(app.db, request.params.id);
    if (!doc) throw new HttpError(404, 'not_found', `Dokument ${request.params.id} finns inte i arkivet.`);
    return reply.page('./pages/history', { id: doc.id, title: doc.title, items: (await listRevisions(app.db, doc.id)).reverse().map((r) => toHistoryItem(doc.id, r)) });
  });

  app.get<{ Params: { id: number; n: number } }>('/dokument/:id/versioner/:n', { schema: { params: revisionParams } }, async (request, reply) => {
    const doc = await getDocument(app.db, request.params.id);
    const rev = doc && await getRevision(app.db, doc.id, request.params.n);
    if (!doc || !rev) throw new HttpError(404, 'not_found', 'Den versionen finns inte.');
    const m = rev.snapshot;
    const fields = Object.entries(FIELD_LABELS).map(([key, label]) => {
      const value = key.startsWith('arende.') ? m.arende[key.slice(7) as keyof ExtractedMetadata['arende']] : (m as unknown as Record<string, unknown>)[key];
      return { label, value: key === 'kind' ? kindLabel(String(value)) : showValue(value) };
    });
    const count = (await listRevisions(app.db, doc.id)).length;
    return reply.page('./pages/revision', {
      id: doc.id, title: doc.title, revision: toHistoryItem(doc.id, rev), fields,
      prevHref: rev.number > 1 ? `/dokument/${doc.id}/versioner/${rev.number - 1}` : null,
      nextHref: rev.number < count ? `/dokument/${doc.id}/versioner/${rev.number + 1}` : null,
    });
  });

  app.post<{ Params: { id: number }; Body: FormBody }>('/dokument/:id/dra-tillbaka', { preHandler: requireAccount, schema: { params: idParams } }, async (request, reply) => {
    const { account, doc } = await editable(request, request.params.id, { live: true });
    await withdrawDocument(app.db, doc.id, author(account), note(request.body));
    return reply.redirect(`/dokument/${doc.id}`, 303);
  });

  app.post<{ Params: { id: number }; Body: FormBody }>('/dokument/:id/aterstall', { preHandler: requireAccount, schema: { params: idParams } }, async (request, reply) => {
    const { account, doc } = await editable(request, request.params.id, { live: false });
    if (!await restoreDocument(app.db, doc.id, author(account), note(request.body))) throw new HttpError(409, 'not_withdrawn', 'Dokumentet är inte tillbakadraget.');
    return reply.redirect(`/dokument/${doc.id}`, 303);
  });

  app.post<{ Params: { id: number }; Body: FormBody }>('/dokument/:id/radera', { preHandler: requireAccount, schema: { params: idParams } }, async (request, reply) => {
    const account = accountOf(request);
    const allowed = mayDelete(account);
    if (!allowed.ok) throw new HttpError(403, 'forbidden', allowed.reason);
    if (field(request.body, 'bekrafta') !== 'radera') throw new HttpError(400, 'not_confirmed', 'Skriv ”radera” i rutan för att bekräfta att dokumentet ska raderas för gott.');
    if (!await deleteDocument(app.db, request.params.id, author(account), note(request.body))) throw new HttpError(404, 'not_found', 'Dokumentet finns inte.');
    return reply.redirect('/dokument?raderat=1', 303);
  });

  // JSON API: the same operations for scripts (bearer token, or a session with the CSRF header).

  app.patch<{ Params: { id: number }; Body: unknown }>('/api/documents/:id', { preHandler: requireAccount, schema: { params: idParams } }, async (request, reply) => {
    const { account, doc } = await editable(request, request.params.id, { live: true });
    const { note: _note, ...fields } = (request.body ?? {}) as Record<string, unknown>;
    const { input, errors: unknown } = jsonInput(fields);
    if (Object.keys(unknown).length) return reply.code(422).send({ error: 'invalid_metadata', message: Object.values(unknown).join(' '), fields: unknown });
    const r = await correct(account, doc.id, doc.metadata, input, note(request.body as Record<string, unknown>));
    if ('errors' in r) return reply.code(422).send({ error: 'invalid_metadata', message: Object.values(r.errors).join(' '), fields: r.errors });
    if ('refusal' in r) throw new HttpError(403, 'forbidden', r.refusal);
    const stored = (await getDocument(app.db, doc.id))!;
    return { changes: r.changes, document: toDocumentJson(stored, await documentLinks(app.db, stored)) };
  });

  app.get<{ Params: { id: number } }>('/api/documents/:id/revisions', { schema: { params: idParams } }, async (request) => {
    if (!await getDocument(app.db, request.params.id)) throw new HttpError(404, 'not_found', `Dokument ${request.params.id} finns inte.`);
    return { revisions: (await listRevisions(app.db, request.params.id)).map((r) => ({ number: r.number, action: r.action, author: r.author, createdAt: r.createdAt, note: r.note, changes: r.changes })) };
  });

  app.post<{ Params: { id: number }; Body: unknown }>('/api/documents/:id/withdraw', { preHandler: requireAccount, schema: { params: idParams } }, async (request) => {
    const { account, doc } = await editable(request, request.params.id, { live: true });
    await withdrawDocument(app.db, doc.id, author(account), note(request.body as Record<string, unknown>));
    return { id: doc.id, withdrawn: true };
  });

  app.post<{ Params: { id: number }; Body: unknown }>('/api/documents/:id/restore', { preHandler: requireAccount, schema: { params: idParams } }, async (request) => {
    const { account, doc } = await editable(request, request.params.id, { live: false });
    if (!await restoreDocument(app.db, doc.id, author(account), note(request.body as Record<string, unknown>))) throw new HttpError(409, 'not_withdrawn', 'Dokumentet är inte tillbakadraget.');
    return { id: doc.id, withdrawn: false };
  });

  app.delete<{ Params: { id: number } }>('/api/documents/:id', { preHandler: requireAccount, schema: { params: idParams } }, async (request, reply) => {
    const account = accountOf(request);
    const allowed = mayDelete(account);
    if (!allowed.ok) throw new HttpError(403, 'forbidden', allowed.reason);
    if (!await deleteDocument(app.db, request.params.id, author(account), null)) throw new HttpError(404, 'not_found', 'Dokumentet finns inte.');
    return reply.code(204).send();
  });
};
