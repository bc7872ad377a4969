/**
 * npm run import -- [--rapport FIL.csv|FIL.json] [--tradar N] FIL-ELLER-MAPP...
 * Imports files and folders (recursively: PDF, Word, HTML, text) with analysis on all cores, a
 * progress line with rate and time left, and a report of every file's outcome and warnings.
 * Ctrl-C stops after the files in flight; running it again resumes (stored files are skipped).
 * Exits 1 if any file failed, 130 when interrupted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { openDb, closeDb } from '../db/client.js';
import { formatReport, importFiles } from '../server/ingest/import-files.js';
import { collectFiles } from './lib/walk.js';
import { ProgressBar } from './lib/progress.js';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { rapport: { type: 'string' }, tradar: { type: 'string' } },
  allowPositionals: true,
});
if (positionals.length === 0) {
  console.error('Användning: npm run import -- [--rapport FIL.csv|FIL.json] [--tradar N] FIL-ELLER-MAPP...');
  process.exit(2);
}
const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
const reportPath = values.rapport ?? `import-rapport-${stamp}.csv`;
const workers = values.tradar === undefined ? undefined : Number(values.tradar);
if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) {
  console.error('--tradar ska vara ett heltal 0–64 (0 = ingen extra tråd)');
  process.exit(2);
}

const config = loadConfig();
const db = openDb(config.databasePath);
const { files, missing } = collectFiles(positionals);
const bar = new ProgressBar(files.length);
let stop = false;
process.on('SIGINT', () => {
  if (stop) process.exit(130);
  stop = true;
  process.stderr.write('\nAvbryter efter filerna som pågår … (Ctrl-C igen avbryter direkt; kör samma kommando för att fortsätta)\n');
});
const summary = await importFiles(db, files, config, { workers, onDone: () => bar.tick(), shouldStop: () => stop });
bar.finish();
closeDb(db);

const outcomes = [
  ...missing.map((file) => ({ file, outcome: 'misslyckad' as const, documentId: null, kind: null, title: null, warnings: [], reason: 'filen eller mappen finns inte' })),
  ...summary.outcomes,
];
fs.writeFileSync(reportPath, formatReport(outcomes, path.extname(reportPath).toLowerCase() === '.json' ? 'json' : 'csv'));
const failures = outcomes.filter((x) => x.outcome === 'misslyckad');
const rate = summary.seconds > 0 ? ((summary.imported + summary.duplicates) / summary.seconds).toFixed(1) : '0';
console.log(`\n${summary.interrupted ? 'Avbrutet' : 'Klart'} på ${summary.seconds.toFixed(1)} s (${rate} filer/s): ${summary.imported} importerade, ${summary.duplicates} dubbletter, ${failures.length} misslyckade.`);
if (summary.interrupted) console.log(`${files.length - summary.outcomes.length} filer återstår; kör samma kommando igen för att fortsätta.`);
for (const f of failures) console.log(`  MISSLYCKADES ${f.file}: ${f.reason}`);
console.log(`Rapport: ${reportPath}`);
process.exit(summary.interrupted ? 130 : failures.length > 0 ? 1 : 0);
