/**
 * The OCR queue and the uploads waiting for review answer the same on both engines; on PostgreSQL,
 * several server processes taking OCR jobs from one queue take each job exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { isPg } from '../../db/engine.js';
import {
  claimOcrJob, enqueueOcr, finishOcrJob, markQueuedUnavailable, OCR_LEASE_MS, ocrJobOf, ocrProgress, requeueAbandoned, requeueInterrupted, requeueUnavailable, touchOcrJobs,
} from '../../db/ocr.js';
import { addBatch, awaitingReview, batchItems, discardPending, getPendingForReview, markPendingSaved, nextInBatch, pruneStaleUploads } from '../../db/pending-uploads.js';
import { createUser } from '../../db/users.js';
import type { NewDocument } from '../../server/ingest/types.js';
import { archives, pgTestUrl, sqlOn, testEngines } from '../helpers/pg.js';

const store = archives();
afterAll(() => store.cleanup());
const fresh = store.fresh;

/** A bare document row (the queue only needs one to point at), withdrawn or not. */
async function bareDocument(db: Db, title: string, withdrawn = false): Promise<number> {
  const values = ['motion', title, 'text', '{}', withdrawn ? '2026-01-01T00:00:00.000Z' : null];
  if (isPg(db)) {
    const r = await db.$client.query('INSERT INTO documents (kind, title, text, metadata_json, withdrawn_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', values);
    return r.rows[0].id as number;
  }
  return Number(db.$client.prepare('INSERT INTO documents (kind, title, text, metadata_json, withdrawn_at) VALUES (?, ?, ?, ?, ?)').run(...values).lastInsertRowid);
}

const engines = testEngines;

const doc = (name: string, bytes: Uint8Array): NewDocument => ({
  sha256: name.repeat(8).slice(0, 64), byteSize: bytes.length, mediaType: 'text/plain', filename: `${name}.txt`, encoding: 'utf-8', bytes,
  text: 'Motion om förskolan i Flemingsberg', textStatus: 'ok', extractorVersion: 'test', confidence: 0.9,
  metadata: { kind: 'motion', title: 'Motion om förskolan', municipality: 'Huddinge', body: null, date: '2026-01-02', arende: { number: null, title: null, diarienummer: null }, parties: ['S'], signatories: [], interpellants: [], addressee: null, questions: [], warnings: [] },
});

describe.each(engines)('the OCR queue on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });

  it('queues again only running jobs nobody touched within the lease; the heartbeat keeps a job its own', async () => {
    const a = await bareDocument(db, 'lease-a');
    const b = await bareDocument(db, 'lease-b');
    for (const id of [a, b]) await enqueueOcr(db, id);
    expect([await claimOcrJob(db), await claimOcrJob(db)]).toEqual([a, b]);
    expect(await requeueAbandoned(db, OCR_LEASE_MS)).toBe(0);
    await sqlOn(db, "UPDATE ocr_jobs SET updated_at = '2020-01-01T00:00:00.000Z' WHERE document_id IN (?, ?)", [a, b]);
    await touchOcrJobs(db, [b]);
    await touchOcrJobs(db, []);
    expect(await requeueAbandoned(db, OCR_LEASE_MS)).toBe(1);
    expect(await ocrJobOf(db, a)).toMatchObject({ status: 'queued', pagesDone: 0 });
    expect(await ocrJobOf(db, b)).toMatchObject({ status: 'running' });
    await finishOcrJob(db, b, 'done', null);
    expect(await claimOcrJob(db)).toBe(a);
    await finishOcrJob(db, a, 'done', null);
  });

  it('hands out queued jobs of live documents oldest first, tracks progress, and requeues what a restart or a missing Tesseract left', async () => {
    const a = await bareDocument(db, 'a');
    const b = await bareDocument(db, 'b');
    const gone = await bareDocument(db, 'c', true);
    for (const id of [a, gone, b]) await enqueueOcr(db, id);
    expect(await claimOcrJob(db)).toBe(a);
    expect(await ocrJobOf(db, a)).toMatchObject({ documentId: a, status: 'running', attempts: 1, pagesDone: 0 });
    await ocrProgress(db, a, 2, 5);
    expect(await ocrJobOf(db, a)).toMatchObject({ pagesDone: 2, pagesTotal: 5 });
    expect(await claimOcrJob(db)).toBe(b);
    expect(await claimOcrJob(db)).toBeUndefined();
    // On SQLite the server is the queue's one runner, so a restart finds every running job interrupted;
    // on PostgreSQL another process may be reading them: only those untouched past the lease are.
    if (isPg(db)) {
      expect(await requeueInterrupted(db)).toBe(0);
      await sqlOn(db, "UPDATE ocr_jobs SET updated_at = '2020-01-01T00:00:00.000Z' WHERE status = 'running'");
    }
    expect(await requeueInterrupted(db)).toBe(2);
    expect(await ocrJobOf(db, a)).toMatchObject({ status: 'queued', pagesDone: 0 });
    expect(await markQueuedUnavailable(db, 'Tesseract saknas')).toBe(3);
    expect(await claimOcrJob(db)).toBeUndefined();
    expect(await requeueUnavailable(db)).toBe(3);
    expect(await claimOcrJob(db)).toBe(a);
    await finishOcrJob(db, a, 'done', null);
    expect(await ocrJobOf(db, a)).toMatchObject({ status: 'done', attempts: 2, message: null });
    await enqueueOcr(db, a);
    expect(await ocrJobOf(db, a)).toMatchObject({ status: 'queued' });
    expect(await ocrJobOf(db, 999_999)).toBeUndefined();
  });
});

describe.each(engines)('uploads waiting for review on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { ({ db } = await fresh(engine)); });

  it('keeps a batch in order with its bytes until it is saved, discarded or pruned, for its uploader only', async () => {
    const user = await createUser(db, { email: 'hanna@exempel.se', name: 'Hanna', role: 'secretary', municipality: 'Huddinge', parties: ['S'], passwordHash: 'x', mustChangePassword: false });
    const other = await createUser(db, { email: 'ivar@exempel.se', name: 'Ivar', role: 'secretary', municipality: 'Huddinge', parties: ['M'], passwordHash: 'x', mustChangePassword: false });
    const bytes = new Uint8Array([0, 1, 2, 255, 0xc3, 0xa5]);
    const items = await addBatch(db, user, 'omg1', [
      { status: 'review', doc: doc('a', bytes) },
      { status: 'failed', filename: 'trasig.pdf', message: 'Filen är skadad' },
      { status: 'review', doc: doc('b', new Uint8Array([7])) },
      { status: 'duplicate', filename: 'kopia.txt', documentId: 42 },
    ]);
    expect(items.map((i) => [i.position, i.status, i.filename])).toEqual([[0, 'review', 'a.txt'], [1, 'failed', 'trasig.pdf'], [2, 'review', 'b.txt'], [3, 'duplicate', 'kopia.txt']]);
    const review = await getPendingForReview(db, user, items[0]!.id);
    expect(Buffer.from(review!.doc.bytes)).toEqual(Buffer.from(bytes));
    expect(review!.doc).toMatchObject({ filename: 'a.txt', text: 'Motion om förskolan i Flemingsberg', metadata: { title: 'Motion om förskolan' } });
    expect(await getPendingForReview(db, other, items[0]!.id)).toBeUndefined();
    expect((await batchItems(db, user, 'omg1')).map((i) => i.id)).toEqual(items.map((i) => i.id));
    expect((await nextInBatch(db, user, 'omg1', 0))?.id).toBe(items[2]!.id);
    expect((await nextInBatch(db, user, 'omg1', 2))?.id).toBe(items[0]!.id);
    expect((await awaitingReview(db, user)).map((i) => i.id)).toEqual([items[0]!.id, items[2]!.id]);
    expect(await discardPending(db, other, items[2]!.id)).toBe(false);
    expect(await discardPending(db, user, items[2]!.id)).toBe(true);
    await markPendingSaved(db, items[0]!.id, 'saved', 7);
    expect(await getPendingForReview(db, user, items[0]!.id)).toBeUndefined();
    expect((await batchItems(db, user, 'omg1')).find((i) => i.id === items[0]!.id)).toMatchObject({ status: 'saved', documentId: 7 });
    expect(await awaitingReview(db, user)).toEqual([]);
    expect(await pruneStaleUploads(db, 60_000)).toBe(0);
    expect(await pruneStaleUploads(db, -60_000)).toBe(3);
    expect(await batchItems(db, user, 'omg1')).toEqual([]);
  });
});

describe.skipIf(!pgTestUrl)('OCR workers in two server processes on one PostgreSQL database', () => {
  it('take each queued job exactly once, however their claims interleave', async () => {
    const { db: a, url } = await fresh('postgres');
    const b = await store.another(url!);
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push(await bareDocument(a, `d${i}`));
    for (const id of ids) await enqueueOcr(a, id);
    // Forty claims at once, half through each process, each on its own connection.
    const claimed = await Promise.all(Array.from({ length: 40 }, (_, i) => claimOcrJob(i % 2 ? a : b)));
    const taken = claimed.filter((x): x is number => x !== undefined);
    expect(taken.sort((x, y) => x - y)).toEqual(ids);
    for (const id of ids) expect(await ocrJobOf(b, id)).toMatchObject({ status: 'running', attempts: 1 });
  });
});
