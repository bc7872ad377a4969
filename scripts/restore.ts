/**
 * Brings a backup back:
 *   npm run restore -- FIL
 * The backup is checked first; the current database is saved beside itself
 * (DATABAS.fore-aterstallning-TIDPUNKT.db) so the restore can be undone; then the backup is copied in
 * through SQLite's backup API and brought up to the current schema. A running server reads the
 * restored data at its next request; stopping it first is still the calm way.
 */
import fs from 'node:fs';
import { loadConfig } from '../server/config.js';
import { closeDb, openDb } from '../db/client.js';
import { restoreFrom } from '../db/backup.js';

const file = process.argv[2];
if (!file || process.argv.length > 3 || file.startsWith('-')) {
  console.error('Användning: npm run restore -- FIL (en säkerhetskopia gjord med npm run backup)');
  process.exit(2);
}
const config = loadConfig();
if (config.databasePath === ':memory:') {
  console.error('DATABASE_PATH pekar inte på en fil; det finns inget att återställa till.');
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const safety = `${config.databasePath}.fore-aterstallning-${stamp}.db`;
try {
  const check = await restoreFrom(config.databasePath, file, safety);
  // Applies any migrations newer than the backup.
  closeDb(openDb(config.databasePath));
  console.log(`Återställd från ${file}: ${check.documents} dokument, ${check.files} filer.`);
  if (fs.existsSync(safety)) console.log(`Databasen som den var före återställningen ligger i ${safety}.`);
} catch (err) {
  console.error(`Återställningen misslyckades, databasen är orörd: ${(err as Error).message}`);
  process.exitCode = 1;
}
