/**
 * A consistent copy of the database while the server runs (SQLite online backup):
 *   npm run backup -- FIL
 * The copy is checked (integrity_check, tables, counts) before it gets its name. Exit 0 on success, 1 on failure, 2 on bad use
 * (also when DATABASE_URL names a PostgreSQL database: that is backed up with pg_dump, and the message says how).
 */
import { loadConfig } from '../server/config.js';
import { closeDb, openDb } from '../db/client.js';
import { backupTo } from '../db/backup.js';

const file = process.argv[2];
// Read here rather than in server/config.ts until the app itself runs on DATABASE_URL (issue 17):
// on PostgreSQL this command would otherwise copy an unrelated SQLite file without a word.
const databaseUrl = process.env.DATABASE_URL ?? '';
if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
  const shell = (s: string) => (/^[\w./:@%=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const target = shell(file && !file.startsWith('-') ? file : `standpunkt-${new Date().toISOString().slice(0, 10)}.dump`);
  // The database's address as given, without its password: the command names the right database
  // and the terminal (or a CI log) never shows the secret.
  let url = databaseUrl;
  let hadPassword = false;
  try {
    const u = new URL(databaseUrl);
    hadPassword = u.password !== '';
    u.password = '';
    url = u.toString();
  } catch { /* not a URL pg_dump can read either; shown as given */ }
  console.error([
    'Databasen är PostgreSQL (DATABASE_URL), och npm run backup kopierar bara en SQLite-databas.',
    'Säkerhetskopiera med pg_dump, som ger en konsekvent kopia medan servern kör:',
    '',
    `  pg_dump --format=custom --file=${target} ${shell(url)}`,
    '',
    'Kopian läses in med pg_restore (ersätter innehållet i databasen):',
    '',
    `  pg_restore --clean --if-exists --no-owner --dbname=${shell(url)} ${target}`,
    ...(hadPassword ? ['', 'Lösenordet i DATABASE_URL visas inte här: ange det med PGPASSWORD=… före kommandot eller i ~/.pgpass.'] : []),
  ].join('\n'));
  process.exit(2);
}
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
