/**
 * A consistent copy of the database while the server runs (SQLite online backup):
 *   npm run backup -- FIL
 * The copy is checked (integrity_check, tables, counts) before it gets its name. Exit 0 on success, 1 on failure, 2 on bad use.
 */
import { loadConfig } from '../server/config.js';
import { closeDb, openDb } from '../db/client.js';
import { backupTo } from '../db/backup.js';

const file = process.argv[2];
if (!file || process.argv.length > 3 || file.startsWith('-')) {
  console.error('Användning: npm run backup -- FIL (en ny fil, t.ex. backup/standpunkt-2026-11-23.db)');
  process.exit(2);
}
const config = loadConfig();
const db = openDb(config.databasePath);
try {
  const started = performance.now();
  let shown = -1;
  const check = await backupTo(db, file, (done, total) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct !== shown && process.stderr.isTTY) { shown = pct; process.stderr.write(`\r${pct} %`); }
  });
  if (process.stderr.isTTY) process.stderr.write('\r');
  console.log(`Säkerhetskopia klar: ${file} (${(check.bytes / 1e6).toFixed(1)} MB, ${check.documents} dokument, ${check.files} filer) på ${((performance.now() - started) / 1000).toFixed(1)} s. Kontrollerad med integrity_check.`);
} catch (err) {
  console.error(`Säkerhetskopieringen misslyckades: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  closeDb(db);
}
