/**
 * Broad queries (issue 18 §1): the work of a search is bounded by its words, the expansions of its
 * prefixes and stems and the rows it scores, so no query can stall the server. The archive: 2,000
 * small documents full of distinct words starting with s (suffixes -ning, -het, -skola, -fond, -plan),
 * where the unchanged code took about 20 s for `s* ` × 166 and blocked every other request meanwhile.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { closeDb, openDb, type SqliteDb as Db } from '../../db/client.js';
import { buildApp } from '../../server/app.js';
import { storeDocument, type NewDocument } from '../../server/use-cases/documents.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { loadConfig, type Config } from '../../server/config.js';
import { buildTestApp } from '../helpers/app.js';
import { root, tsx } from '../helpers/cli.js';

const DOCS = 2000;
/** Generous for a loaded two-core machine: a refused query takes milliseconds, an answered one tens. */
const BOUND_MS = 1000;
const LETTERS = 'abdefghijklmnoprstuvyåäö';
const SUFFIXES = ['ning', 'het', 'skola', 'fond', 'plan'];
/** The n:th of 40,000 distinct words: s, a letter code, a common ending. */
const sWord = (n: number) => {
  let s = 's';
  let x = Math.floor(n / SUFFIXES.length);
  do { s += LETTERS[x % LETTERS.length]; x = Math.floor(x / LETTERS.length); } while (x > 0);
  return s + SUFFIXES[n % SUFFIXES.length];
};

let app: FastifyInstance;
let db: Db;

/** Documents written through storeDocument from one analysed template: analysing 2,000 texts would take a minute. */
async function seed(): Promise<void> {
  const template = await analyseFile({ bytes: Buffer.from('Motion\n\nOm skolan och vården i staden.'), filename: 'mall.txt' }, loadConfig({}));
  for (let i = 0; i < DOCS; i++) {
    const paragraphs: string[] = [];
    // Paragraphs under 20 words: no reuse fingerprints, which these texts do not need.
    for (let p = 0; p < 4; p++) {
      const ws: string[] = [];
      for (let k = 0; k < 10; k++) ws.push(sWord((i * 131 + (p * 10 + k) * 7919) % 40_000));
      paragraphs.push(`${ws.join(' ')}.`);
    }
    const text = [`Motion ${i} om skolan`, `Om skolan och vården i staden ${i}.`, 'Det är viktigt att staden satsar på skolan och vården.', ...paragraphs].join('\n\n');
    const bytes = Buffer.from(text);
    const doc: NewDocument = {
      ...template, text, bytes, byteSize: bytes.length, filename: `motion-${i}.txt`, sha256: createHash('sha256').update(bytes).digest('hex'),
      metadata: { ...template.metadata, title: `Motion ${i} om skolan`, municipality: null, body: null, parties: [], signatories: [], interpellants: [] },
    };
    await storeDocument(db, doc);
  }
}

beforeAll(async () => {
  ({ app, db } = await buildTestApp());
  await seed();
}, 120_000);
afterAll(async () => { await app?.close(); });

const repeat = (s: string, n: number, sep = ' ') => Array(n).fill(s).join(sep);
const url = (path: string, q: string) => `${path}?q=${encodeURIComponent(q)}`;

async function timed(path: string, q: string): Promise<{ res: LightMyRequestResponse; ms: number }> {
  const started = performance.now();
  const res = await app.inject(url(path, q));
  return { res, ms: performance.now() - started };
}

/** A 400 that says the search is too broad and what to do instead. */
function expectTooBroad(res: LightMyRequestResponse): string {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
  const body = res.json() as { error: string; message: string };
  expect(body.error).toBe('query_too_broad');
  expect(body.message).toMatch(/^Sökningen är för bred: /);
  return body.message;
}

/** Either a page of answers or the 400 above: never a stall, never a 500. */
function expectBounded(res: LightMyRequestResponse): void {
  if (res.statusCode === 400) { expectTooBroad(res); return; }
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect((res.json() as { results: unknown[] }).results.length).toBeLessThanOrEqual(20);
}

const exact166 = repeat('s*', 166);
/** Over the 24 words a query may have: refused before the index is touched. */
const tooManyWords: Record<string, string> = {
  '`s* ` × 166 (the report, 497 characters)': `${exact166} `,
  '`s* ` × 80': repeat('s*', 80),
  '80 different prefixes': Array.from({ length: 80 }, (_, i) => `s${LETTERS[i % LETTERS.length]}*`).join(' ').slice(0, 500),
  'a widely expanding stem in every clause': repeat('skola OR ning OR fond', 14),
  'one stem repeated': repeat('skola', 80),
  'many OR terms': repeat('s*', 100, ' OR ').slice(0, 499),
  'many phrases': repeat('"om skolan och vården i staden"', 15),
  'many exclusions': `skolan ${repeat('-s*', 120)}`,
  'nested negations': `skolan ${repeat('--s*', 95)}`,
  'excluded phrases': `skolan ${repeat('-"s skolan"', 40)}`.slice(0, 500),
};
/** Within 24 words, each over one of the other budgets: refused with its reason. */
const overBudget: Record<string, [string, RegExp]> = {
  'a one-letter prefix (40,000 words)': ['s*', /s\* passar in på fler än 2\s000 ord/],
  'four two-letter prefixes (6,680 words)': ['sa* sb* sd* se*', /står för [\d\s]+ ord i arkivet och högst 3\s000 tas emot/],
  'an excluded one-letter prefix': ['skolan --s*', /s\* passar in på fler än/],
  'a word in every document, 24 times': [repeat('skolan', 24), /förekommer tillsammans i för många dokument/],
  'OR over words in every document': [repeat('staden OR skolan OR vården', 8), /förekommer tillsammans/],
  'the longest phrases of words in every document': [repeat('"om skolan och vården i staden"', 4), /förekommer tillsammans/],
};
/** Within every budget, or within it once compounds are left out: answered. */
const answered: Record<string, string> = {
  'a stem that expands widely (compounds ending in -ning)': 'ning',
  'compounds in every clause, over the budget with them, answered with whole words only': repeat('skola OR ning OR fond', 8),
  'a two-letter prefix (1,670 words)': 'sa*',
  'nested negations within the budget': `skolan --sab* -"motion 7" -${sWord(3)}`,
  'many OR-ed prefixes within the budget': repeat('sab*', 12, ' OR '),
  'phrases within the budget': '"om skolan" "i staden" "det är" "vården i"',
};

describe('broad queries are bounded', () => {
  it('the reported query gets a 400 saying what to do, within the bound, on every search route', async () => {
    expect(`${exact166} `).toHaveLength(498);
    const api = await timed('/api/search', exact166);
    expect(api.ms).toBeLessThan(BOUND_MS);
    const message = expectTooBroad(api.res);
    expect(message).toMatch(/färre ord/);
    expect(message).toMatch(/prefix|bokstäver/);

    const page = await timed('/sok', exact166);
    expect(page.ms).toBeLessThan(BOUND_MS);
    expect(page.res.statusCode).toBe(400);
    expect(page.res.headers['content-type']).toMatch(/text\/html/);
    // A normal search page: the form keeps the query, the message says why.
    expect(page.res.body).toContain('<form class="filters" method="get" action="/sok"');
    expect(page.res.body).toContain('Sökningen är för bred: ');

    for (const path of ['/sok.csv', '/sok/feed.xml']) {
      const r = await timed(path, exact166);
      expect(r.ms, path).toBeLessThan(BOUND_MS);
      expect(r.res.statusCode, path).toBe(400);
      expect(r.res.body, path).toContain('Sökningen är för bred: ');
    }
  }, 120_000);

  it.each(Object.entries(tooManyWords))('%s: a 400 within the bound', async (_name, q) => {
    expect(q.length).toBeLessThanOrEqual(500);
    const { res, ms } = await timed('/api/search', q);
    expect(expectTooBroad(res)).toMatch(/sökord och högst 24 tas emot\. Använd färre ord/);
    expect(ms).toBeLessThan(BOUND_MS);
    const csv = await timed('/sok.csv', q);
    expect(csv.res.statusCode).toBe(400);
    expect(csv.ms).toBeLessThan(BOUND_MS);
  }, 120_000);

  it.each(Object.entries(overBudget))('%s: a 400 naming the budget, within the bound', async (_name, [q, reason]) => {
    const { res, ms } = await timed('/api/search', q);
    const message = expectTooBroad(res);
    expect(message).toMatch(reason);
    expect(message).toMatch(/Använd färre ord/);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it.each(Object.entries(answered))('%s: answered within the bound', async (_name, q) => {
    for (const path of ['/api/search', '/sok.csv', '/sok/feed.xml', '/sok']) {
      const { res, ms } = await timed(path, q);
      expect(res.statusCode, `${path}: ${res.body.slice(0, 300)}`).toBe(200);
      expect(ms, path).toBeLessThan(BOUND_MS);
    }
    const r = (await timed('/api/search', q)).res.json() as { total: number; results: unknown[] };
    expect(r.total).toBeGreaterThan(0);
    expect(r.results.length).toBeLessThanOrEqual(20);
  });

  it('suggestions for many short prefixes are bounded too', async () => {
    // Built once, on first use (about a second over 40,000 words): not what is measured here.
    await app.inject('/api/suggest?q=skolan');
    for (const q of [repeat('s', 50), repeat('sk', 33), repeat('sa', 33), repeat('ska', 25)]) {
      const { res, ms } = await timed('/api/suggest', q.slice(0, 100));
      expect(res.statusCode).toBe(200);
      expect(ms, q).toBeLessThan(BOUND_MS);
    }
  }, 120_000);

  it('"Menade du …?" for many long unknown words is bounded', async () => {
    const unknown = (i: number, len: number) => Array.from({ length: len }, (_, k) => 'bdfghjklmnprtvxz'[(i * 7 + k * 13 + k * k) % 16]).join('');
    for (const q of [Array.from({ length: 16 }, (_, i) => unknown(i, 30)).join(' '), Array.from({ length: 50 }, (_, i) => unknown(i, 9)).join(' ')]) {
      const { res, ms } = await timed('/api/search', q.slice(0, 500));
      expectBounded(res);
      expect(ms).toBeLessThan(BOUND_MS);
    }
  }, 120_000);

  it('ordinary queries are answered, not refused', async () => {
    for (const q of ['skolan', 'skola vården', '"om skolan"', 'skol*', 'sabning', 'staden -vården', 'motion OR skolan', sWord(5), `${sWord(10)} OR ${sWord(11)}`]) {
      const { res } = await timed('/api/search', q);
      expect(res.statusCode, `${q}: ${res.body.slice(0, 200)}`).toBe(200);
    }
  });
});

describe('searches run off the event loop', () => {
  // The server's own setup: a database file, so searches run in a worker thread over their own connection.
  let dir: string;
  let served: FastifyInstance;
  const opened: Db[] = [];
  /** The app over a copy of the archive in a file, as server.ts builds it. */
  const serve = async (overrides: Partial<Config>) => {
    const file = path.join(dir, 'arkiv.db');
    const fileDb = openDb(file);
    opened.push(fileDb);
    return buildApp({ ...loadConfig({}), databasePath: file, seedDir: null, ...overrides }, fileDb);
  };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broad-'));
    db.$client.exec(`VACUUM INTO '${path.join(dir, 'arkiv.db')}'`);
    served = await serve({ searchWorkers: 1 });
    await served.searches.ready();
  }, 120_000);
  afterAll(async () => {
    await served?.close();
    opened.forEach(closeDb);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers exactly as on the main thread', async () => {
    const queries = ['skolan', 'sa*', 'ning', repeat('skola OR ning OR fond', 8), `${sWord(10)} OR ${sWord(11)}`, 'xyzzyq', ...Object.values(overBudget).map(([q]) => q), exact166];
    for (const q of queries) {
      for (const p of ['/api/search', '/sok.csv', '/api/suggest']) {
        const here = await app.inject(url(p, q));
        const there = await served.inject(url(p, q));
        expect(there.statusCode, `${p} ${q}`).toBe(here.statusCode);
        expect(there.body, `${p} ${q}`).toBe(here.body);
      }
    }
  });

  it('/healthz answers within 100 ms over real HTTP while broad queries are in flight', async () => {
    // The server as `npm run dev` starts it, in its own process, over its own copy of the archive.
    const file = path.join(dir, 'served.db');
    db.$client.exec(`VACUUM INTO '${file}'`);
    const port = 4700 + Math.floor(Math.random() * 90);
    const child = spawn(tsx, [path.join(root, 'server/server.ts')], {
      cwd: root, stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: file, SEED_DIR: '', LOG_LEVEL: 'info' },
    });
    try {
      // Up, and its search worker too (it logs when; a server without one would never say so).
      let log = '';
      child.stdout!.on('data', (d: Buffer) => { log += d.toString(); });
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 400 && !log.includes('search workers ready'); i++) await new Promise((r) => setTimeout(r, 50));
      expect((await fetch(`${base}/healthz`)).ok).toBe(true);

      const queries = [`${exact166} `, ...Object.values(tooManyWords), ...Object.values(overBudget).map(([q]) => q), ...Object.values(answered)];
      let inFlight = true;
      // Every broad query over and over from two clients, and suggestions from a third, until the measurements are done.
      const pause = () => new Promise((r) => setTimeout(r, 5));
      const clients = [0, 1].map(async (c) => {
        for (let i = c; inFlight; i += 2) { await (await fetch(`${base}${url('/api/search', queries[i % queries.length]!)}`)).arrayBuffer(); await pause(); }
      });
      clients.push((async () => {
        for (let i = 0; inFlight; i++) { await (await fetch(`${base}${url('/api/suggest', repeat(['sk', 'sa', 'ska'][i % 3]!, 25).slice(0, 100))}`)).arrayBuffer(); await pause(); }
      })());
      await new Promise((r) => setTimeout(r, 100));
      const waits: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        const res = await fetch(`${base}/healthz`);
        await res.arrayBuffer();
        waits.push(performance.now() - started);
        expect(res.status).toBe(200);
        await new Promise((r) => setTimeout(r, 20));
      }
      inFlight = false;
      await Promise.all(clients);
      // Nine in ten under 100 ms, and none near a stall: on this shared two-core machine even an idle
      // server shows a single /healthz over 200 ms now and then; the unchanged code held it for 20 s.
      const sorted = [...waits].sort((a, b) => a - b);
      const shown = waits.map((w) => w.toFixed(0)).join(' ');
      expect(sorted[17], shown).toBeLessThan(100);
      expect(sorted[19], shown).toBeLessThan(1000);
    } finally {
      child.kill('SIGTERM');
    }
  }, 300_000);

  it('a search past its deadline gets a 503 saying so, and its worker is replaced', async () => {
    const hurried = await serve({ searchWorkers: 1, searchTimeoutMs: 1 });
    try {
      await hurried.searches.ready();
      const res = await hurried.inject(url('/api/search', 'sa*'));
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json()).toMatchObject({ error: 'search_timeout' });
      expect(res.json().message).toMatch(/^Sökningen tog för lång tid och avbröts efter 0,001 s\./);
      const page = await hurried.inject(url('/sok', 'sa*'));
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('<form class="filters" method="get" action="/sok"');
      expect((await hurried.inject('/healthz')).statusCode).toBe(200);
      // The cut-off worker was replaced: ready() waits for the new one to come up.
      await hurried.searches.ready();
    } finally {
      await hurried.close();
    }
  }, 120_000);
});
