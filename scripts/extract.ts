/** npm run extract -- FILE...: one JSON line of extracted metadata per file; touches no database. */
import fs from 'node:fs';
import { loadConfig } from '../server/config.js';
import { analyseFile } from '../server/ingest/pipeline.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('Användning: npm run extract -- FIL...');
  process.exit(2);
}
const config = loadConfig();
let failed = 0;
for (const file of files) {
  try {
    const bytes = fs.readFileSync(file);
    const name = file.split(/[\\/]/).pop();
    const doc = await analyseFile({ bytes, filename: name }, config);
    process.stdout.write(`${JSON.stringify({ file, ...doc.metadata })}\n`);
  } catch (err) {
    failed++;
    const e = err as { code?: string; message: string };
    process.stdout.write(`${JSON.stringify({ file, error: e.code ?? 'error', message: e.message })}\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
