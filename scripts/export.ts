/**
 * All documents' metadata, for archives and spreadsheets:
 *   npm run export -- --format json|csv [--ut FIL]
 * Written to FIL or to standard output, one document at a time (no whole-archive buffer). The CSV is
 * semicolon-separated UTF-8 with BOM, as Swedish Excel expects; lists are joined with " | ".
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { closeDb, openDb } from '../db/client.js';
import { exportRows, type ExportRow } from '../db/backup.js';
import { CSV_BOM, csvLine } from '../server/domain/csv.js';

let values: { format?: string; ut?: string };
try {
  ({ values } = parseArgs({ options: { format: { type: 'string' }, ut: { type: 'string' } }, allowPositionals: false }));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
if (values.format !== 'json' && values.format !== 'csv') {
  console.error('Användning: npm run export -- --format json|csv [--ut FIL]');
  process.exit(2);
}

const HEADER = ['id', 'typ', 'titel', 'kommun', 'organ', 'datum', 'ärendenummer', 'ärendetitel', 'diarienummer', 'partier',
  'undertecknare', 'interpellanter', 'adressat', 'frågor', 'status', 'textstatus', 'filnamn', 'sha256', 'skapad', 'ändrad'];
const person = (p: { name: string | null; party?: string | null; role?: string | null }) =>
  [p.name ?? '', p.party ? `(${p.party})` : '', p.role ? `– ${p.role}` : ''].filter(Boolean).join(' ');
function csvRow(r: ExportRow): string {
  return csvLine([r.id, r.kind, r.title, r.municipality, r.body, r.date, r.arende.number, r.arende.title, r.arende.diarienummer,
    r.parties.join(' | '), r.signatories.map(person).join(' | '), r.interpellants.map(person).join(' | '),
    r.addressee ? person(r.addressee) : '', r.questions.join(' | '), r.status, r.textStatus, r.file?.filename, r.file?.sha256, r.createdAt, r.updatedAt], ';');
}

const config = loadConfig();
const db = openDb(config.databasePath);
const out = values.ut ? fs.createWriteStream(`${values.ut}.delvis`) : process.stdout;
const write = async (s: string) => { if (!out.write(s)) await once(out, 'drain'); };
let n = 0;
try {
  if (values.format === 'csv') {
    await write(`${CSV_BOM}${csvLine(HEADER, ';')}\r\n`);
    for (const r of exportRows(db)) { await write(`${csvRow(r)}\r\n`); n++; }
  } else {
    await write('[');
    for (const r of exportRows(db)) { await write(`${n ? ',' : ''}\n${JSON.stringify(r)}`); n++; }
    await write('\n]\n');
  }
  if (values.ut) {
    (out as fs.WriteStream).end();
    await once(out, 'finish');
    fs.renameSync(`${values.ut}.delvis`, values.ut);
    console.error(`${n} dokument exporterade till ${values.ut}.`);
  }
} catch (err) {
  if (values.ut) fs.rmSync(`${values.ut}.delvis`, { force: true });
  console.error(`Exporten misslyckades: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  closeDb(db);
}
