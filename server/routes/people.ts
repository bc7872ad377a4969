/** People: the list, a person's record (page, JSON, Atom), and curation (merge, split). */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { findPersonBySlug, listPeople, personRecord, personScopes } from '../../db/browse.js';
import { CurationError, mergePeople, splitPerson } from '../../db/curation.js';
import { accountOf, authorLabel, requireAccount } from '../auth.js';
import { mayCurate } from '../accounts/permissions.js';
import { HttpError } from '../http-errors.js';
import { slugify } from '../domain/slug.js';
import { atomFeed } from '../feeds.js';
import { toPersonJson, toPersonPage } from '../view-models/browse.js';
import { positionsOfPerson } from '../../db/protocol.js';
import { positionDocuments, toPersonPositions } from '../view-models/protocol.js';
import { toMeetingPositionJson } from './protocol-json.js';
import { field, fields, type FormBody } from '../form-body.js';
import { pageLinks } from './paging.js';

const PAGE_SIZE = 100;
/** Documents one split may move: more than a person page lists, few enough to check in one request. */
export const MAX_SPLIT_DOCUMENTS = 1000;
const slugParams = {
  type: 'object', required: ['slug'],
  properties: { slug: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;
const listQuery = {
  type: 'object',
  properties: {
    kommun: { type: 'string', maxLength: 200 },
    parti: { type: 'string', maxLength: 20 },
    sida: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 },
  },
} as const;

export const peopleRoutes: FastifyPluginAsync = async (app) => {
  /** The person behind a slug, or a redirect to the canonical slug (non-ASCII typed, or merged away). */
  async function resolve(raw: string, reply: FastifyReply, suffix = ''): Promise<number | null> {
    const canonical = slugify(raw);
    const found = await findPersonBySlug(app.db, canonical);
    if (!found) throw new HttpError(404, 'not_found', `Det finns ingen person med adressen ”${raw}”.`);
    if (found.mergedIntoSlug) { void reply.redirect(`/personer/${found.mergedIntoSlug}${suffix}`, 301); return null; }
    if (canonical !== raw) { void reply.redirect(`/personer/${canonical}${suffix}`, 301); return null; }
    return found.id;
  }
  const record = async (id: number) => {
    const r = await personRecord(app.db, id);
    if (!r) throw new HttpError(404, 'not_found', 'Personen finns inte.');
    return r;
  };

  app.get<{ Querystring: { kommun?: string; parti?: string; sida: number } }>('/personer', { schema: { querystring: listQuery } }, async (request, reply) => {
    const q = request.query;
    const scope = q.kommun?.trim() || undefined;
    const party = q.parti?.trim().toUpperCase() || undefined;
    const { total, items } = await listPeople(app.db, { scope, party, limit: PAGE_SIZE, offset: (q.sida - 1) * PAGE_SIZE });
    return reply.page('./pages/people', {
      total, items: items.map((p) => ({ ...p, href: `/personer/${p.slug}` })),
      scopes: (await personScopes(app.db)).map((s) => ({ value: s, selected: s === scope })),
      party: party ?? '',
      ...pageLinks('/personer', { kommun: scope, parti: party }, q.sida, PAGE_SIZE, total),
    });
  });

  app.get<{ Querystring: { kommun?: string; parti?: string; sida: number } }>('/api/people', { schema: { querystring: listQuery } }, async (request) => {
    const q = request.query;
    const { total, items } = await listPeople(app.db, { scope: q.kommun?.trim() || undefined, party: q.parti?.trim().toUpperCase() || undefined, limit: PAGE_SIZE, offset: (q.sida - 1) * PAGE_SIZE });
    return { total, page: q.sida, items: items.map((p) => ({ ...p, parties: p.parties ? p.parties.split(',') : [], url: `/personer/${p.slug}` })) };
  });

  app.get<{ Params: { slug: string } }>('/personer/:slug', { schema: { params: slugParams } }, async (request, reply) => {
    const id = await resolve(request.params.slug, reply);
    if (id === null) return reply;
    const r = await record(id);
    const positions = await positionsOfPerson(app.db, id);
    return reply.page('./pages/person', { ...toPersonPage(r), positions: toPersonPositions(positions), positionDocuments: positionDocuments(positions, r.documents) });
  });

  app.get<{ Params: { slug: string } }>('/api/people/:slug', { schema: { params: slugParams } }, async (request, reply) => {
    const id = await resolve(request.params.slug, reply);
    if (id === null) return reply;
    return { ...toPersonJson(await record(id)), positions: (await positionsOfPerson(app.db, id)).map(toMeetingPositionJson) };
  });

  app.get<{ Params: { slug: string } }>('/personer/:slug/feed.xml', { schema: { params: slugParams } }, async (request, reply) => {
    const id = await resolve(request.params.slug, reply, '/feed.xml');
    if (id === null) return reply;
    const p = await record(id);
    const base = app.config.publicUrl;
    return reply.type('application/atom+xml; charset=utf-8').send(atomFeed({
      self: `${base}/personer/${p.slug}/feed.xml`, alternate: `${base}/personer/${p.slug}`, title: `Ståndpunkt: ${p.name}`,
      entries: p.documents.slice(0, 50).map((d) => ({ id: d.id, title: d.title, kind: d.kind, date: d.date, summary: `${p.name}: ${d.role}` })),
    }, base));
  });

  /** Runs a merge or split when the account may curate every person involved (their scopes). */
  const curate = async <T>(request: FastifyRequest, personIds: number[], run: (author: string) => T | Promise<T>): Promise<T> => {
    const account = accountOf(request);
    for (const id of personIds) {
      const decision = mayCurate(account, (await record(id)).scope);
      if (!decision.ok) throw new HttpError(403, 'forbidden', decision.reason);
    }
    try {
      return await run(authorLabel(account));
    } catch (err) {
      if (err instanceof CurationError) throw new HttpError(409, 'curation_refused', err.message);
      throw err;
    }
  };
  const other = async (slug: string) => {
    const found = await findPersonBySlug(app.db, slugify(slug));
    if (!found || found.mergedIntoSlug) throw new HttpError(400, 'invalid_request', `Ingen person med adressen ”${slug}” att slå ihop med.`);
    return found.id;
  };
  const mergeSchema = { params: slugParams };
  /** The document ids of a split request, at most MAX_SPLIT_DOCUMENTS of them (400 beyond). */
  const splitIds = (raw: unknown[]): number[] => {
    if (raw.length > MAX_SPLIT_DOCUMENTS) {
      throw new HttpError(400, 'too_many_documents', `Välj högst ${MAX_SPLIT_DOCUMENTS.toLocaleString('sv-SE')} dokument att flytta åt gången (du valde ${raw.length.toLocaleString('sv-SE')}).`);
    }
    return raw.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  };

  // JSON: {"into": "<slug>"} merges this person into that one.
  app.post<{ Params: { slug: string }; Body: { into?: string } }>('/api/people/:slug/merge', { preHandler: requireAccount, schema: mergeSchema }, async (request, reply) => {
    const id = await resolve(request.params.slug, reply);
    if (id === null) return reply;
    const into = await other(String(request.body?.into ?? ''));
    await curate(request, [id, into], (author) => mergePeople(app.db, id, into, author));
    return toPersonJson(await record(into));
  });

  // JSON: {"documents": [ids], "name"?: "…"} moves those documents' mentions to a new person.
  app.post<{ Params: { slug: string }; Body: { documents?: unknown; name?: string } }>('/api/people/:slug/split', { preHandler: requireAccount, schema: mergeSchema }, async (request, reply) => {
    const id = await resolve(request.params.slug, reply);
    if (id === null) return reply;
    const docs = splitIds(Array.isArray(request.body?.documents) ? request.body.documents : []);
    const newId = await curate(request, [id], (author) => splitPerson(app.db, id, docs, request.body?.name?.trim() || null, author));
    return reply.code(201).send(toPersonJson(await record(newId)));
  });

  // The same from the person page's forms (no JavaScript).
  app.post<{ Params: { slug: string }; Body: FormBody }>('/personer/:slug/sla-ihop', { preHandler: requireAccount, schema: mergeSchema }, async (request, reply) => {
    const id = await resolve(request.params.slug, reply);
    if (id === null) return reply;
    const into = await other(field(request.body, 'med'));
    await curate(request, [id, into], (author) => mergePeople(app.db, id, into, author));
    return reply.redirect(`/personer/${(await record(into)).slug}`, 303);
  });

  app.post<{ Params: { slug: string }; Body: FormBody }>('/personer/:slug/dela', { preHandler: requireAccount, schema: mergeSchema }, async (request, reply) => {
    const id = await resolve(request.params.slug, reply);
    if (id === null) return reply;
    const docs = splitIds(fields(request.body, 'dokument'));
    const newId = await curate(request, [id], (author) => splitPerson(app.db, id, docs, field(request.body, 'namn').trim() || null, author));
    return reply.redirect(`/personer/${(await record(newId)).slug}`, 303);
  });
};
