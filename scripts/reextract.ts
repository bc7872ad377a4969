/**
 * npm run reextract [-- --alla] [--tradar N]: reads stored documents again with the current rules
 * (their original bytes through the same analysis as an upload, in worker threads), and stores the
 * new reading as a new extraction: people's corrections still win, links and search follow, and the
 * history says what changed. By default only documents last read by other rules; --alla reads all.
 */
import os from 'node:os';
import { loadConfig } from '../server/config.js';
import { openDb, closeDb } from '../db/client.js';
import { documentsExtractedBefore, getOriginalFile } from '../db/documents.js';
import { applyReextraction } from '../server/use-cases/documents.js';
import { AnalysisPool } from '../server/ingest/analysis-pool.js';
import { EXTRACTOR_VERSION } from '../server/ingest/stages/metadata/parse-metadata.js';

const args = process.argv.slice(2);
const all = args.includes('--alla');
const threadsAt = args.indexOf('--tradar');
const threads = threadsAt >= 0 ? Number(args[threadsAt + 1]) : os.availableParallelism();

const config = loadConfig();
const db = openDb(config.databasePath);
const ids = await documentsExtractedBefore(db, all ? null : EXTRACTOR_VERSION);
const pool = new AnalysisPool(threads, { maxUploadBytes: Number.MAX_SAFE_INTEGER, pdfTimeoutMs: config.pdfTimeoutMs, analysisTimeoutMs: config.analysisTimeoutMs, workerHeapMb: config.analysisHeapMb });
const started = Date.now();
let changed = 0;
let failed = 0;
let done = 0;
// A few files in flight per thread keep every thread busy while this thread writes.
const queue = [...ids];
await Promise.all(Array.from({ length: Math.max(1, threads) * 2 }, async () => {
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const file = await getOriginalFile(db, id);
    if (!file) continue;
    const result = await pool.analyseUpload({ bytes: file.bytes, filename: file.filename });
    if (result.ok) {
      const { doc } = result;
      if ((await applyReextraction(db, id, { text: doc.text, metadata: doc.metadata, extractorVersion: doc.extractorVersion, confidence: doc.confidence, evidence: doc.evidence })).changed.length) changed++;
    } else {
      failed++;
      process.stderr.write(`\nDokument ${id} kunde inte läsas om: ${result.message}\n`);
    }
    done++;
    process.stderr.write(`\rLäser om ${done}/${ids.length}`);
  }
}));
await pool.close();
closeDb(db);
console.log(`\nLästa om med ${EXTRACTOR_VERSION}: ${done} dokument, ${changed} med ändrade uppgifter, ${failed} misslyckades, på ${((Date.now() - started) / 1000).toFixed(1)} s.`);
process.exitCode = failed ? 1 : 0;
