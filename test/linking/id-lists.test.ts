/**
 * Lists of ids from a request: a split is bounded (400 with the limit in the message), and no
 * repository statement has a variable per id (SQLite refuses more than 32,766: "too many SQL variables").
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { splitPerson } from '../../db/curation.js';
import { getDocumentHeads, getDocumentTexts } from '../../db/documents.js';
import { MAX_SPLIT_DOCUMENTS } from '../../server/routes/people.js';
import { buildTestApp, dbFingerprint, upload } from '../helpers/app.js';

const seed = fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/seed/000_22e373b5829b3816.txt'));

let app: FastifyInstance;
let db: Db;
let adminToken: string;
let docId: number;
beforeEach(async () => {
  ({ app, db, adminToken } = await buildTestApp());
  docId = (await upload(app, '000.txt', seed)).json().id as number;
});
afterEach(async () => { await app.close(); });

const many = (n: number) => [docId, ...Array.from({ length: n - 1 }, (_, i) => 1_000_000 + i)];

describe('splitting a person', () => {
  it('refuses more documents than the limit with a 400 that states it, by API and by form, and writes nothing', async () => {
    await app.inject({ url: '/api/documents', headers: { authorization: `Bearer ${adminToken}` } });
    const before = dbFingerprint(db);
    const api = await app.inject({ method: 'POST', url: '/api/people/rasmus-lenefors/split', payload: { documents: many(40_000) }, headers: { authorization: `Bearer ${adminToken}` } });
    expect(api.statusCode, api.body).toBe(400);
    expect(api.json()).toMatchObject({ error: 'too_many_documents', message: expect.stringMatching(/högst 1\s000 dokument att flytta/) });
    const body = many(MAX_SPLIT_DOCUMENTS + 1).map((id) => `dokument=${id}`).join('&');
    const page = await app.inject({ method: 'POST', url: '/personer/rasmus-lenefors/dela', payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${adminToken}` } });
    expect(page.statusCode).toBe(400);
    expect(page.body).toMatch(/högst 1\s000 dokument/);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('moves the mentions for a list at the limit', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/people/rasmus-lenefors/split', payload: { documents: many(MAX_SPLIT_DOCUMENTS) }, headers: { authorization: `Bearer ${adminToken}` } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().documents.map((d: { id: number }) => d.id)).toEqual([docId]);
  });
});

describe('repository functions over id lists', () => {
  it('take 40,000 ids in one statement', async () => {
    const ids = many(40_000);
    expect([...(await getDocumentHeads(db, ids)).keys()]).toEqual([docId]);
    expect([...(await getDocumentTexts(db, ids)).keys()]).toEqual([docId]);
    const personId = (db.$client.prepare("SELECT id FROM people WHERE slug = 'rasmus-lenefors'").get() as { id: number }).id;
    expect(await splitPerson(db, personId, ids, null, 'test')).toBeGreaterThan(personId);
  });
});
