/**
 * Linking benchmark at 10,000 and 100,000 documents built from ../shared/corpus (real texts, varied
 * beyond the corpus's size the same way as the search benchmark). For each size it prints the
 * linking time per document at import (people, memberships, ärende, answers, reused paragraphs:
 * the part of the write transaction after the document row), and the median and p95 server time
 * of the document, person, party and ärende pages and their JSON, measured through the real app.
 * Usage: npm run bench:links [-- --sizes 10000,100000] [--keep]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, closeDb } from '../../db/client.js';
import { storeDocument } from '../../server/use-cases/documents.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { loadConfig } from '../../server/config.js';
import { readCorpusField, requireCorpus } from '../lib/corpus.js';
import { latencySummary } from '../lib/stats.js';
import { buildApp } from '../../server/app.js';

const argv = process.argv.slice(2);
const sizesArg = argv.indexOf('--sizes') >= 0 ? argv[argv.indexOf('--sizes') + 1]! : '10000,100000';
const SIZES = sizesArg.split(',').map(Number);
const KEEP = argv.includes('--keep');
requireCorpus();
const config = loadConfig({});

/** Real texts, then variants: the heading kept, body paragraphs rotated and one paragraph from another text added. */
function textAt(base: string[], i: number): string {
  const t = base[i % base.length]!;
  const round = Math.floor(i / base.length);
  if (round === 0) return t;
  const paras = t.split(/\n\s*\n/);
  const other = base[(i * 7919) % base.length]!.split(/\n\s*\n/);
  const head = paras.slice(0, 2);
  const rest = paras.slice(2);
  const k = rest.length ? round % rest.length : 0;
  return [...head, ...rest.slice(k), ...rest.slice(0, k), other[round % other.length] ?? '', `Variant ${round}.`].join('\n\n');
}

const fmt = (xs: number[]) => `${latencySummary(xs)} (n=${xs.length})`;

function sample<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]!);
}

async function main() {
  // Göteborg's protocol paragraphs (which carry ärenden) spread evenly among the Riksdag texts.
  const riksdag = await readCorpusField('riksdagen-interpellations.jsonl.gz', 'text');
  const goteborg = [...await readCorpusField('goteborg-kf.jsonl.gz', 'fulltext'), ...await readCorpusField('goteborg-kf.jsonl.gz', 'handling_text')];
  const base: string[] = [];
  const step = riksdag.length / goteborg.length;
  for (let i = 0, g = 0; i < riksdag.length; i++) {
    base.push(riksdag[i]!);
    while (g < goteborg.length && g * step <= i) base.push(goteborg[g++]!);
  }
  console.log(`Maskin: ${os.cpus().length} kärnor, Node ${process.version}. ${base.length} verkliga texter.`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-links-'));
  for (const size of SIZES) {
    const dbFile = path.join(tmp, `l${size}.db`);
    const db = openDb(dbFile);
    const linkMs: number[] = [];
    let extractMs = 0;
    const t0 = performance.now();
    for (let i = 0; i < size; i++) {
      const s = performance.now();
      const doc = await analyseFile({ bytes: Buffer.from(textAt(base, i)), filename: `d${i}.txt` }, config);
      extractMs += performance.now() - s;
      const r = await storeDocument(db, doc);
      if (r.created) linkMs.push(r.linkMs);
      if ((i + 1) % 10_000 === 0) {
        const tail = linkMs.slice(-10_000);
        process.stderr.write(`  ${i + 1}: länkning de senaste 10 000: ${fmt(tail)}\n`);
      }
    }
    const totalS = (performance.now() - t0) / 1000;
    const q = (s: string) => db.$client.prepare(s).pluck().get() as number;
    const counts = {
      documents: q('SELECT count(*) FROM documents'), people: q('SELECT count(*) FROM people'), arenden: q('SELECT count(*) FROM arenden'),
      answerLinks: q("SELECT count(*) FROM document_links WHERE relation = 'answers'"), paragraphs: q('SELECT count(*) FROM paragraphs'),
      texts: q('SELECT count(*) FROM paragraph_texts'), nearPairs: q('SELECT count(*) FROM paragraph_text_reuse'),
      reusedParagraphs: q('SELECT count(*) FROM paragraphs p JOIN paragraph_texts t ON t.exact_hash = p.exact_hash AND t.reuse_count > 0'),
    };
    const sizeMb = ['', '-wal'].reduce((n, s) => n + (fs.existsSync(dbFile + s) ? fs.statSync(dbFile + s).size : 0), 0) / 1e6;

    const app = await buildApp({ ...config, databasePath: dbFile, seedDir: null }, db);
    const ids = (s: string) => db.$client.prepare(s).pluck().all() as Array<string | number>;
    const targets: Record<string, string[]> = {
      dokument: sample(ids('SELECT id FROM documents ORDER BY id'), 300).map((id) => `/dokument/${id}`),
      'dokument (JSON)': sample(ids('SELECT id FROM documents ORDER BY id'), 300).map((id) => `/api/documents/${id}`),
      person: sample(ids('SELECT slug FROM people WHERE merged_into_id IS NULL ORDER BY id'), 300).map((s) => `/personer/${s}`),
      'person (JSON)': sample(ids('SELECT slug FROM people WHERE merged_into_id IS NULL ORDER BY id'), 300).map((s) => `/api/people/${s}`),
      parti: ids('SELECT DISTINCT party_code FROM document_parties').flatMap((c) => Array(10).fill(`/partier/${encodeURIComponent(String(c))}`)),
      ärende: sample(ids('SELECT DISTINCT arende_id FROM document_arenden ORDER BY arende_id'), 300).map((id) => `/arenden/${id}`),
      'ärende (JSON)': sample(ids('SELECT DISTINCT arende_id FROM document_arenden ORDER BY arende_id'), 300).map((id) => `/api/arenden/${id}`),
      startsida: Array(20).fill('/'),
    };
    const timings: Record<string, number[]> = {};
    // Pages that aggregate the whole archive are cached until the next write: the first request pays.
    const cold: string[] = [];
    for (const url of ['/', '/partier/S', '/partier/M', '/personer']) {
      const s = performance.now();
      await app.inject(url);
      cold.push(`${url} ${(performance.now() - s).toFixed(0)} ms`);
    }
    for (const [name, urls] of Object.entries(targets)) {
      for (const url of urls.slice(0, 10)) await app.inject(url); // warm caches and statements
      timings[name] = [];
      for (const url of urls) {
        const s = performance.now();
        const res = await app.inject(url);
        timings[name]!.push(performance.now() - s);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
      }
    }
    await app.close();
    closeDb(db);

    console.log(`\n== ${size} dokument`);
    console.log(`import totalt ${totalS.toFixed(1)} s (${(size / totalS).toFixed(0)} dok/s); varav extrahering ${(extractMs / 1000).toFixed(1)} s`);
    console.log(`länkning per dokument vid import: ${fmt(linkMs)}; medel ${(linkMs.reduce((a, b) => a + b, 0) / linkMs.length).toFixed(2)} ms`);
    console.log(`länkning, de sista 10 %: ${fmt(linkMs.slice(Math.floor(linkMs.length * 0.9)))}`);
    console.log(`resultat: ${JSON.stringify(counts)}; databasfil ${sizeMb.toFixed(0)} MB`);
    console.log(`första anrop efter en skrivning (cache tom): ${cold.join(', ')}`);
    for (const [name, xs] of Object.entries(timings)) console.log(`  ${name}: ${fmt(xs)}`);
    if (!KEEP) for (const s of ['', '-wal', '-shm']) fs.rmSync(dbFile + s, { force: true });
    else console.log(`databasen sparad: ${dbFile}`);
  }
}

await main();
