/**
 * The import's write path alone, on this thread: documents analysed first, then stored through
 * storeDocument in the import's batches (openWriteBatch, 25 per transaction, checkpoints on their
 * own thread as in importFiles), CPU and wall time per document beside a bare-FTS5 insert of the
 * same texts in the same run. CPU time moves far less than wall time when other work shares the
 * cores; wall time shows what waits on the disk (checkpoints).
 * Usage: tsx scripts/bench/write-path.ts [--docs N] [--batch N]. Needs ../shared/corpus.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDb, closeDb, openWriteBatch } from '../../db/client.js';
import { startCheckpointer } from '../../db/checkpointer.js';
import { storeDocument, type NewDocument } from '../../server/use-cases/documents.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { loadConfig } from '../../server/config.js';
import { requireCorpus } from '../lib/corpus.js';
import { interleavedTexts } from '../lib/bench-corpus.js';
import { REFERENCE_SCHEMA } from '../lib/reference-fts.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1]! : fallback; };
const N = Number(opt('docs', '3000'));
const BATCH = Number(opt('batch', '25'));
requireCorpus();
const config = loadConfig({});
const texts = await interleavedTexts(N);
const docs: NewDocument[] = [];
for (const [i, t] of texts.entries()) docs.push(await analyseFile({ bytes: Buffer.from(t), filename: `d${i}.txt` }, config));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-write-'));
const cpuMs = (since: NodeJS.CpuUsage) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };

const db = openDb(path.join(tmp, 'project.db'));
const checkpointer = startCheckpointer(db);
let cpu = process.cpuUsage();
const wall0 = performance.now();
const tenth = Math.floor(docs.length / 10);
let firstTenth = 0;
for (let i = 0; i < docs.length; i += BATCH) {
  const tx = await openWriteBatch(db);
  for (const d of docs.slice(i, i + BATCH)) await tx.document(async (batch) => await storeDocument(batch, d));
  await tx.commit();
  checkpointer.afterCommit();
  if (i + BATCH >= tenth && firstTenth === 0) firstTenth = cpuMs(cpu) / (i + BATCH);
}
const ours = cpuMs(cpu) / docs.length;
const oursWall = (performance.now() - wall0) / docs.length;
await checkpointer.close();
closeDb(db);

const ref = new Database(path.join(tmp, 'ref.db'));
ref.pragma('journal_mode = WAL');
ref.pragma('synchronous = NORMAL');
ref.exec(REFERENCE_SCHEMA);
const insert = ref.prepare('INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)');
cpu = process.cpuUsage();
const refWall0 = performance.now();
for (let i = 0; i < docs.length; i += BATCH) ref.transaction(() => { docs.slice(i, i + BATCH).forEach((d, j) => insert.run(i + j + 1, d.metadata.title, d.text)); })();
const bare = cpuMs(cpu) / docs.length;
const bareWall = (performance.now() - refWall0) / docs.length;
ref.close();
fs.rmSync(tmp, { recursive: true, force: true });

console.log(`Maskin: ${os.availableParallelism()} kärnor, Node ${process.version}, belastning ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; ${docs.length} dokument, ${BATCH} per transaktion`);
console.log(`projektets skrivväg (storeDocument: dokument, fil, projektioner, stycken, sökindex): ${ours.toFixed(3)} ms CPU per dokument (första 10 %: ${firstTenth.toFixed(3)} ms), ${oursWall.toFixed(3)} ms väggtid`);
console.log(`bar FTS5 (en insert per dokument): ${bare.toFixed(3)} ms CPU per dokument, ${bareWall.toFixed(3)} ms väggtid; kvot (CPU) ${(ours / bare).toFixed(1)}`);
