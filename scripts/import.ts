/** npm run import -- PATH...: imports files and folders into the database; exits 1 if any file failed. */
import { loadConfig } from '../server/config.js';
import { openDb, closeDb } from '../db/client.js';
import { importFiles } from '../server/ingest/import-files.js';
import { collectFiles } from './lib/walk.js';
import { ProgressBar } from './lib/progress.js';

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('Användning: npm run import -- FIL-ELLER-MAPP...');
  process.exit(2);
}
const config = loadConfig();
const db = openDb(config.databasePath);
const { files, missing } = collectFiles(args);
const bar = new ProgressBar(files.length);
const summary = await importFiles(db, files, config, () => bar.tick());
bar.finish();
closeDb(db);

const failures = [...missing.map((file) => ({ file, reason: 'filen eller mappen finns inte' })), ...summary.failures];
console.log(`\nKlart på ${summary.seconds.toFixed(1)} s: ${summary.imported} importerade, ${summary.duplicates} dubbletter, ${failures.length} misslyckade.`);
for (const f of failures) console.log(`  MISSLYCKADES ${f.file}: ${f.reason}`);
process.exit(failures.length > 0 ? 1 : 0);
