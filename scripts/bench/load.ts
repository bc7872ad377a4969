/**
 * Load on the real server over loopback, with autocannon: search, document, person and ärende pages at
 * rising concurrency while uploads run the whole time. Prints requests/s, p50/p99 latency and errors
 * per route and level, the uploads' own figures, and the document count before and after.
 *
 * Usage: npm run bench:load [-- --docs 3000 --seconds 5 --levels 1,16,64]
 * Needs ../shared/corpus (real texts); says so and stops where it is missing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { closeDb, openDb } from '../../db/client.js';
import { createApiToken, createUser } from '../../db/users.js';
import { importFiles } from '../../server/ingest/import-files.js';
import { loadConfig } from '../../server/config.js';
import { newSecret, secretHash } from '../../server/accounts/secrets.js';
import { readCorpusField, requireCorpus } from '../lib/corpus.js';
import { percentile } from '../lib/stats.js';

const { values } = parseArgs({ options: {
  docs: { type: 'string', default: '3000' }, seconds: { type: 'string', default: '5' }, levels: { type: 'string', default: '1,16,64' },
  uploads: { type: 'string', default: '10' },
} });
const DOCS = Number(values.docs);
const SECONDS = Number(values.seconds);
const LEVELS = values.levels!.split(',').map(Number);
/** Uploads started per second during the whole run: a busy day of several secretaries, not a bulk import. */
const UPLOADS_PER_S = Number(values.uploads);
requireCorpus();
const root = path.resolve(import.meta.dirname, '../..');

const riksdag = await readCorpusField('riksdagen-interpellations.jsonl.gz', 'text');
const goteborg = [...await readCorpusField('goteborg-kf.jsonl.gz', 'handling_text'), ...await readCorpusField('goteborg-kf.jsonl.gz', 'fulltext')];
// One in four a Göteborg paper, so ärenden (which Riksdag interpellations do not have) are there too.
const texts = Array.from({ length: riksdag.length + goteborg.length }, (_, i) => (i % 4 === 3 && goteborg.length ? goteborg[Math.floor(i / 4) % goteborg.length]! : riksdag[i % riksdag.length]!));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-load-'));
const dbPath = path.join(tmp, 'load.db');
console.log(`Maskin: ${os.availableParallelism()} kärnor, Node ${process.version}; ${DOCS} dokument ur ../shared/corpus; ${SECONDS} s per nivå; ${UPLOADS_PER_S} uppladdningar/s hela tiden`);

// The archive: real texts imported as files, as a secretary's folder would be.
const folder = path.join(tmp, 'in');
fs.mkdirSync(folder);
for (let i = 0; i < DOCS; i++) fs.writeFileSync(path.join(folder, `d${i}.txt`), texts[i % texts.length]! + (i >= texts.length ? `\n\nVariant ${i}.` : ''));
const db = openDb(dbPath);
let t = performance.now();
await importFiles(db, fs.readdirSync(folder).map((f) => path.join(folder, f)), loadConfig({}));
console.log(`import: ${DOCS} dokument på ${((performance.now() - t) / 1000).toFixed(0)} s`);
const userId = await createUser(db, { email: 'last@test.invalid', name: 'Lasttest', role: 'admin', municipality: null, parties: [], passwordHash: 'ingen-inloggning', mustChangePassword: false });
const token = newSecret('spk_');
await createApiToken(db, userId, 'last', secretHash(token), token.slice(0, 10));
closeDb(db);

const port = 4900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/server.ts')], {
  cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: dbPath, SEED_DIR: '', LOG_LEVEL: 'warn' }, stdio: 'ignore',
});
for (;;) {
  try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* starting */ }
  await new Promise((r) => setTimeout(r, 50));
}
const total = async () => ((await (await fetch(`${base}/api/documents?limit=1`)).json()) as { total: number }).total;
const countBefore = await total();

// What to ask for: real ids, slugs and words from the archive.
const ids = ((await (await fetch(`${base}/api/documents?limit=200`)).json()) as { items: Array<{ id: number }> }).items.map((d) => d.id);
const people = ((await (await fetch(`${base}/api/people`)).json()) as { items?: Array<{ slug: string }>; people?: Array<{ slug: string }> });
const slugs = (people.items ?? people.people ?? []).map((p) => p.slug).slice(0, 200);
const arenden = ((await (await fetch(`${base}/api/arenden`)).json()) as { items: Array<{ id: number }> }).items.map((a) => a.id).slice(0, 200);
const words = ['trygghet', 'skola', 'vård', 'bostäder', 'kollektivtrafik', 'våld', 'äldreomsorg', 'budget', 'klimat', 'polisen', 'migration', 'skatt',
  '"sluta skjut"', 'skol*', 'trygghet parti:S', 'sjukvård regionen', 'integration typ:interpellation', 'arbetslöshet år:2018..2022'];
const routes: Array<[string, string[]]> = [
  ['sök /sok', words.map((w) => `/sok?q=${encodeURIComponent(w)}`)],
  ['dokument /dokument/:id', ids.map((id) => `/dokument/${id}`)],
  ['person /personer/:slug', slugs.map((s) => `/personer/${encodeURIComponent(s)}`)],
  ['ärende /arenden/:id', arenden.map((id) => `/arenden/${id}`)],
];

// Uploads the whole time: distinct new texts through the API, one after another.
let uploading = true;
const uploadMs: number[] = [];
let uploadErrors = 0;
let uploaded = 0;
const uploader = (async () => {
  for (let i = 0; uploading; i++) {
    const started = performance.now();
    const form = new FormData();
    form.append('file', new Blob([`${texts[(DOCS + i) % texts.length]}\n\nUnder lasttestet ${i} ${Date.now()}.`]), `last-${i}.txt`);
    try {
      const res = await fetch(`${base}/api/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status === 201) uploaded++; else uploadErrors++;
    } catch { uploadErrors++; }
    const ms = performance.now() - started;
    uploadMs.push(ms);
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 / UPLOADS_PER_S - ms)));
  }
})();

console.log('\nväg | samtidiga | förfrågningar/s | p50 ms | p99 ms | fel');
let allErrors = 0;
for (const [name, paths] of routes) {
  if (paths.length === 0) { console.log(`${name}: inga sidor att fråga efter`); continue; }
  for (const connections of LEVELS) {
    let n = 0;
    const r = await autocannon({
      url: base, connections, duration: SECONDS,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[n++ % paths.length]! }) }],
    });
    const errors = r.errors + r.timeouts + r.non2xx;
    allErrors += errors;
    console.log(`${name} | ${connections} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${errors}`);
  }
}
uploading = false;
await uploader;
const countAfter = await total();
server.kill('SIGTERM');
console.log(`\nuppladdningar under lasten: ${uploaded} sparade, ${uploadErrors} fel; p50 ${percentile(uploadMs, 50).toFixed(0)} ms, p99 ${percentile(uploadMs, 99).toFixed(0)} ms`);
console.log(`dokument före ${countBefore}, efter ${countAfter}, väntat ${countBefore + uploaded}: ${countAfter === countBefore + uploaded ? 'inget förlorat' : 'AVVIKELSE'}`);
console.log(`fel totalt: ${allErrors + uploadErrors}`);
fs.rmSync(tmp, { recursive: true, force: true });
if (allErrors + uploadErrors > 0 || countAfter !== countBefore + uploaded) process.exitCode = 1;
