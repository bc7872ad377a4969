/**
 * Every extracted field keeps the rule that decided it and a confidence: the review page lists the
 * fields least certain first with their rule, the extraction record keeps the evidence, and the
 * API shows it under `extraction.evidence`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { addTestUser, buildTestApp, multipartParts, sessionFor, upload } from '../helpers/app.js';
import { parseMetadata } from '../../server/ingest/stages/metadata/parse-metadata.js';
import { normaliseDocument } from '../../server/ingest/stages/normalise.js';
import { EVIDENCE_FIELDS } from '../../server/ingest/stages/metadata/evidence.js';

const seedDir = path.resolve(import.meta.dirname, '../../fixtures/seed');
const SEED = fs.readFileSync(path.join(seedDir, fs.readdirSync(seedDir).find((n) => n.startsWith('000_'))!));

let app: FastifyInstance;
let db: Db;
let secretary: number;
beforeAll(async () => {
  ({ app, db } = await buildTestApp({ analysisWorkers: 0 }));
  secretary = (await addTestUser(db, { email: 'sara@test.invalid', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun' })).id;
});
afterAll(async () => { await app?.close(); });

describe('extraction evidence', () => {
  it('gives every field a rule and a confidence between 0 and 1', () => {
    const { text, furniture } = normaliseDocument(SEED.toString('utf8'));
    const { evidence } = parseMetadata(text, furniture);
    for (const field of EVIDENCE_FIELDS) {
      expect(evidence[field], field).toBeDefined();
      expect(evidence[field]!.rule.length).toBeGreaterThan(3);
      expect(evidence[field]!.confidence).toBeGreaterThanOrEqual(0);
      expect(evidence[field]!.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('is kept in the extraction record and shown by the API', async () => {
    const res = await upload(app, '000.txt', SEED);
    expect(res.statusCode).toBe(201);
    const doc = res.json() as { extraction: { evidence: Record<string, { rule: string; confidence: number; source: string }> } };
    expect(doc.extraction.evidence.kind!.rule).toMatch(/\p{L}{4}/u);
    expect(doc.extraction.evidence.kind!.source).toBe('text');
    const stored = db.$client.prepare('SELECT evidence_json FROM extractions ORDER BY id DESC LIMIT 1').pluck().get() as string;
    expect(JSON.parse(stored)).toEqual(doc.extraction.evidence);
  });

  it('the review page lists the fields least certain first, each linked to its form field', async () => {
    const session = await sessionFor(db, secretary);
    const text = 'Anteckning om lekplatser\n\nVi vill ha fler lekplatser.\n\nFör Socialdemokraterna\n\nKim Andersson\n';
    const body = multipartParts([{ name: '_csrf', value: session.csrf }, { name: 'file', filename: 'lek.txt', bytes: text }]);
    const posted = await app.inject({ method: 'POST', url: '/ladda-upp', payload: body.payload, headers: { ...body.headers, cookie: session.cookie } });
    expect(posted.statusCode).toBe(303);
    const review = await app.inject({ url: posted.headers.location!, headers: { cookie: session.cookie } });
    expect(review.statusCode).toBe(200);
    const section = /<section class="check-first"[\s\S]*?<\/section>/.exec(review.body)?.[0] ?? '';
    expect(section).toContain('Kontrollera först');
    const confidences = [...section.matchAll(/säkerhet (\d+) %/g)].map((m) => Number(m[1]));
    expect(confidences.length).toBe(EVIDENCE_FIELDS.length);
    expect([...confidences].sort((a, b) => a - b)).toEqual(confidences);
    // Every link points at a field that exists on the page.
    for (const [, id] of section.matchAll(/href="#([^"]+)"/g)) expect(review.body).toContain(`id="${id}"`);
  });

  it('the review page shows a bounded preview of a very long text', async () => {
    const session = await sessionFor(db, secretary);
    // Paragraphs that differ in words, not only in a number (a line repeated with another number is a running head).
    const word = (i: number) => Array.from({ length: 3 }, (_, k) => 'abcdefghijklmnopqrstuvwxyzåäö'[Math.floor(i / 29 ** k) % 29]).join('');
    const text = `Motion om skolan\n\n${Array.from({ length: 3000 }, (_, i) => `Stycke ${word(i)} om skolans lokaler och budget i Huddinge kommun.`).join('\n\n')}\n\nFör Socialdemokraterna\n\nKim Andersson\n`;
    const body = multipartParts([{ name: '_csrf', value: session.csrf }, { name: 'file', filename: 'lang.txt', bytes: text }]);
    const posted = await app.inject({ method: 'POST', url: '/ladda-upp', payload: body.payload, headers: { ...body.headers, cookie: session.cookie } });
    const review = await app.inject({ url: posted.headers.location!, headers: { cookie: session.cookie } });
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain(`Stycke ${word(10)} om`);
    expect(review.body).not.toContain(`Stycke ${word(2999)} om`);
    expect(review.body).toMatch(/… och \d+ stycken till/);
  });
});
