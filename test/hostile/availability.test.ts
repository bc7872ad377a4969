/**
 * No single upload may take the archive offline: analysis runs in worker threads with a deadline,
 * every stage is linear, and a body that may not be sent is refused before it is read. Each case
 * runs against a real listening server while /healthz is polled, and /healthz must keep answering
 * fast (a generous bound: the point is "not frozen for seconds", not a tight timing).
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SqliteDb as Db } from '../../db/client.js';
import { addTestUser, buildTestApp, dbFingerprint, sessionFor, upload } from '../helpers/app.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/**
 * /healthz is measured while uploads are analysed; the goal is under 100 ms, asserted with room for
 * a loaded CI machine (before these fixes it waited 19 to 206 s). The figures are printed.
 */
const HEALTH_BOUND_MS = 400;

/**
 * Polls /healthz from a process of its own until stopped, and returns the slowest answer in ms: the
 * test's own work (building and sending large bodies) must not be counted as the server's delay.
 */
async function watchHealth(base: string): Promise<{ stop: () => Promise<number> }> {
  const script = `
    let worst = 0, running = true;
    process.stdin.on('data', () => { running = false; });
    (async () => {
      // The first fetch of a process loads the HTTP client: not the server's time.
      await (await fetch(${JSON.stringify(`${base}/healthz`)})).text();
      process.stdout.write('ready\\n');
      while (running) {
        const t = performance.now();
        try { await (await fetch(${JSON.stringify(`${base}/healthz`)})).text(); } catch { break; }
        worst = Math.max(worst, performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
      process.stdout.write(String(worst));
      process.exit(0);
    })();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => { onReady = resolve; });
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready\n')) onReady();
  });
  const done = new Promise<number>((resolve) => child.once('exit', () => resolve(Number(out.replace('ready\n', '')))));
  await ready;
  return { stop: async () => { child.stdin.write('x'); return done; } };
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

function uploadForm(filename: string, text: string | Uint8Array, token: string, base: string) {
  const form = new FormData();
  form.append('file', new Blob([typeof text === 'string' ? text : new Uint8Array(text)]), filename);
  return fetch(`${base}/api/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
}

describe('uploads analysed off the event loop (the real server in its own process)', () => {
  let server: ServerProcess;
  beforeAll(async () => { server = await startServerProcess({ ANALYSIS_WORKERS: '2' }); }, 60_000);
  afterAll(async () => { await server?.stop('SIGKILL'); });

  it('a text of 200,000 short lines is analysed and stored within the hostile-input bound, /healthz fast throughout', async () => {
    // 50,000 such lines froze the server for 42 s: normalisation re-tested one growing line on every step.
    const text = `Motion om trygghet i Flemingsberg\n\nTill kommunfullmäktige i Huddinge kommun\n\n${Array.from({ length: 200_000 }, (_, i) => `rad ${i} bra`).join('\n')}\n\nFör Moderaterna\n\nAnna Åberg\n`;
    const health = await watchHealth(server.base);
    const started = performance.now();
    const res = await uploadForm('rader.txt', text, server.token, server.base);
    const elapsed = performance.now() - started;
    const worst = await health.stop();
    expect(res.status, await res.clone().text()).toBe(201);
    console.log(`200,000 lines: stored in ${elapsed.toFixed(0)} ms, slowest /healthz ${worst.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(20_000);
    expect(worst).toBeLessThan(HEALTH_BOUND_MS);
    // The bytes went to a worker and back without a copy: the stored original is the file sent.
    const { id } = await res.json() as { id: number };
    const original = Buffer.from(await (await fetch(`${server.base}/dokument/${id}/original`)).arrayBuffer());
    expect(original.equals(Buffer.from(text, 'utf8'))).toBe(true);
  }, 60_000);

  it('a text whose paragraphs never end is stored within the bound, /healthz fast throughout', async () => {
    // Prose without a full stop, a blank line between its lines: joinAcrossBreaks was quadratic on it.
    const text = `Yrkande om budget\n\n${Array.from({ length: 40_000 }, (_, i) => `och så fortsätter meningen om kommunens budget och skolan rad ${i} utan att sluta`).join('\n\n')}\n`;
    const health = await watchHealth(server.base);
    const started = performance.now();
    const res = await uploadForm('prosa.txt', text, server.token, server.base);
    const elapsed = performance.now() - started;
    const worst = await health.stop();
    expect(res.status).toBe(201);
    console.log(`40,000 unended paragraphs: stored in ${elapsed.toFixed(0)} ms, slowest /healthz ${worst.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(20_000);
    expect(worst).toBeLessThan(HEALTH_BOUND_MS);
  }, 60_000);

  it('two large uploads at once leave /healthz fast, and SIGTERM during their analysis stops the server within 10 s', async () => {
    // 40 MB of one word repeated: the probe's 49 MiB froze the server for 206 s and ignored SIGTERM.
    const line = `${Array(10).fill('trygghet').join(' ')}\n`;
    const big = `Motion om trygghet\n\n${line.repeat(450_000)}`;
    const health = await watchHealth(server.base);
    const uploads = [uploadForm('a.txt', big, server.token, server.base), uploadForm('b.txt', `${big}x`, server.token, server.base)]
      .map((p) => p.then((r) => r.status, () => 0));
    await new Promise((r) => setTimeout(r, 1500));
    const worst = await health.stop();
    const stopped = await server.stop('SIGTERM');
    console.log(`two 40 MB uploads: slowest /healthz ${worst.toFixed(0)} ms; SIGTERM to exit ${stopped.ms.toFixed(0)} ms`);
    expect(worst).toBeLessThan(HEALTH_BOUND_MS);
    expect(stopped.ms).toBeLessThan(10_000);
    // Each upload was answered (503: the server is closing) or cut off with the connection; none hangs.
    for (const status of await Promise.all(uploads)) expect([0, 201, 503]).toContain(status);
  }, 60_000);
});

describe('the analysis deadline', () => {
  let app: FastifyInstance;
  let db: Db;
  let token: string;
  let base: string;
  beforeAll(async () => {
    ({ app, db, adminToken: token } = await buildTestApp({ analysisWorkers: 1, analysisTimeoutMs: 300 }));
    base = await listen(app);
    // The token's last use is recorded once a minute: that write happens here, not in the test.
    await fetch(`${base}/api/documents`, { headers: { authorization: `Bearer ${token}` } });
  });
  afterAll(async () => { await app?.close(); });

  it('a file past the deadline is stopped and answered 422, nothing is stored, and the next upload is read by a fresh worker', async () => {
    const before = dbFingerprint(db);
    // About 12 MB of text: seconds of honest work, far past a 300 ms deadline.
    const big = `Motion om skolan\n\n${Array.from({ length: 150_000 }, (_, i) => `Kommunstyrelsen föreslår att fullmäktige beslutar om skolplanen, punkt ${i}.`).join('\n')}\n`;
    const res = await uploadForm('stor.txt', big, token, base);
    expect(res.status).toBe(422);
    const body = await res.json() as { error: string; message: string };
    expect(body.error).toBe('analysis_timeout');
    expect(body.message).toMatch(/för lång tid/);
    expect(dbFingerprint(db)).toBe(before);

    const ok = await uploadForm('liten.txt', 'Motion om lekplatser\n\nVi föreslår fler lekplatser i Flemingsberg.\n\nFör Socialdemokraterna\n\nAnna Åberg\n', token, base);
    expect(ok.status).toBe(201);
  }, 60_000);
});

describe('a body that may not be sent is not read', () => {
  let app: FastifyInstance;
  let db: Db;
  let base: string;
  let session: { cookie: string; csrf: string };
  beforeAll(async () => {
    ({ app, db } = await buildTestApp({ maxRequestBytes: 300 * 1024 * 1024 }));
    const { id } = await addTestUser(db, { email: 'sara@test.invalid', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun' });
    session = await sessionFor(db, id);
    base = await listen(app);
  });
  afterAll(async () => { await app?.close(); });

  /**
   * Sends a multipart body of `files` files of `fileBytes` each over a raw socket, slowly enough that
   * an answer can come before the end; returns the status and how many bytes had been sent when the
   * answer's first byte arrived. (A raw socket, because the server closes the connection after a
   * refusal and an HTTP client mid-write reports only EPIPE.)
   */
  function sendForm(path: string, fields: Record<string, string>, files: number, fileBytes: number, declaredLength?: number): Promise<{ status: number; sentWhenAnswered: number; total: number; body: string }> {
    const boundary = '----standpunktprov';
    const head = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('');
    const fileHead = (i: number) => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f${i}.txt"\r\nContent-Type: text/plain\r\n\r\n`;
    const total = Buffer.byteLength(head) + files * (Buffer.byteLength(fileHead(0)) + fileBytes + 2) + Buffer.byteLength(`--${boundary}--\r\n`);
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const url = new URL(path, base);
    return new Promise((resolve) => {
      let sent = 0;
      let sentWhenAnswered = -1;
      let response = '';
      let done = false;
      const socket = net.connect(Number(url.port), url.hostname);
      const finish = () => {
        if (done) return;
        done = true;
        socket.destroy();
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
        resolve({ status, sentWhenAnswered, total, body: response.slice(response.indexOf('\r\n\r\n') + 4) });
      };
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => {
        if (sentWhenAnswered < 0) sentWhenAnswered = sent;
        response += d;
        // The whole answer is in: its headers and as many bytes as they announce.
        const end = response.indexOf('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(response)?.[1] ?? NaN);
        if (end >= 0 && Buffer.byteLength(response.slice(end + 4)) >= length) finish();
      });
      socket.on('end', finish);
      socket.on('close', finish);
      socket.on('error', () => setTimeout(finish, 50));
      const write = (data: Buffer | string) => new Promise<void>((next) => {
        if (sentWhenAnswered >= 0 || socket.destroyed) return next();
        sent += Buffer.byteLength(data);
        if (socket.write(data)) setImmediate(next); else socket.once('drain', next);
      });
      (async () => {
        await write(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${declaredLength ?? total}\r\nCookie: ${session.cookie}\r\n\r\n`);
        await write(head);
        for (let i = 0; i < files && sentWhenAnswered < 0; i++) {
          await write(fileHead(i));
          for (let left = fileBytes; left > 0 && sentWhenAnswered < 0; left -= chunk.length) {
            await write(left >= chunk.length ? chunk : chunk.subarray(0, left));
            // Slow enough that a server reading everything could not answer before the end.
            await new Promise((r) => setTimeout(r, 2));
          }
          await write('\r\n');
        }
        await write(`--${boundary}--\r\n`);
        // Sent in full without an answer: wait for it.
        setTimeout(finish, 10_000);
      })().catch(() => setTimeout(finish, 50));
    });
  }

  it('20 files of 12 MB without a CSRF token are refused with 403 before the first file is read', async () => {
    // Before: all 20 files (the probe sent 47 MB each) were read into memory before the 403.
    const before = dbFingerprint(db);
    const r = await sendForm('/ladda-upp', {}, 20, 12 * 1024 * 1024);
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/CSRF|säkerhetstoken/);
    // The answer came while the first file was still being sent.
    expect(r.sentWhenAnswered).toBeLessThan(13 * 1024 * 1024);
    expect(r.total).toBeGreaterThan(200 * 1024 * 1024);
    expect(dbFingerprint(db)).toBe(before);
  }, 60_000);

  it('a wrong CSRF token is refused the same way', async () => {
    const r = await sendForm('/ladda-upp', { _csrf: 'abc' }, 5, 12 * 1024 * 1024);
    expect(r.status).toBe(403);
    expect(r.sentWhenAnswered).toBeLessThan(13 * 1024 * 1024);
  }, 60_000);

  it('a body declared larger than the request limit is refused from its headers', async () => {
    const r = await sendForm('/ladda-upp', { _csrf: session.csrf }, 1, 1024 * 1024, 400 * 1024 * 1024);
    expect(r.status).toBe(413);
    expect(r.body).toMatch(/MB/);
    expect(r.sentWhenAnswered).toBeLessThan(2 * 1024 * 1024);
  }, 60_000);

  it('files adding up past the request limit are refused while they arrive', async () => {
    const { app: small, db: smallDb } = await buildTestApp({ maxRequestBytes: 20 * 1024 * 1024 });
    try {
      const { id } = await addTestUser(smallDb, { email: 'bo@test.invalid', role: 'secretary', parties: ['S'], municipality: 'Huddinge kommun' });
      const s = await sessionFor(smallDb, id);
      const url = await listen(small);
      const form = new FormData();
      form.append('_csrf', s.csrf);
      for (let i = 0; i < 3; i++) form.append('file', new Blob([Buffer.alloc(9 * 1024 * 1024, 'b')]), `f${i}.txt`);
      // fetch sends a FormData body chunked, without a length: only counting the bytes can stop it.
      const res = await fetch(`${url}/ladda-upp`, { method: 'POST', body: form, headers: { cookie: s.cookie } });
      expect(res.status).toBe(413);
      expect(await res.text()).toMatch(/sammanlagt/);
    } finally {
      await small.close();
    }
  }, 60_000);
});

describe('the analysis heap limit', () => {
  let app: FastifyInstance;
  let db: Db;
  let token: string;
  beforeAll(async () => {
    ({ app, db, adminToken: token } = await buildTestApp({ analysisWorkers: 1, analysisHeapMb: 96 }));
    await app.inject({ method: 'GET', url: '/api/documents', headers: { authorization: `Bearer ${token}` } });
  });
  afterAll(async () => { await app?.close(); });

  it('a .docx whose honest XML needs more memory than a worker may use is refused with 422, and the server reads the next file', async () => {
    // mammoth needs about 55 bytes of memory per byte of document.xml: an honest 20 MB .docx took the
    // server past its memory and never answered; in a worker it meets the worker's heap limit.
    const { makeDocx } = await import('../helpers/docx.js');
    const docx = await makeDocx(Array.from({ length: 60_000 }, (_, i) => ({ p: `Stycke ${i}: kommunstyrelsen föreslår att fullmäktige beslutar om budgeten för skolan och vården i kommunen.` })));
    const before = dbFingerprint(db);
    const res = await upload(app, 'stor.docx', docx, token);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
    expect(res.json()).toMatchObject({ error: 'analysis_out_of_memory', message: expect.stringMatching(/minne/) });
    expect(dbFingerprint(db)).toBe(before);
    const ok = await upload(app, 'liten.txt', 'Motion om lekplatser\n\nVi föreslår fler lekplatser i Flemingsberg.\n\nFör Socialdemokraterna\n\nAnna Åberg\n', token);
    expect(ok.statusCode).toBe(201);
  }, 60_000);
});
