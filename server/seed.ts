/** Imports fixtures/seed on the first start with an empty database, so a new user sees real documents. */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client.js';
import { countDocuments } from '../db/documents.js';
import type { Config } from './config.js';
import { ingestFile } from './ingest/ingest-file.js';

const SEED_EXTENSIONS = /\.(?:txt|md|pdf)$/i;

/** Imports every document file in config.seedDir when no document is stored yet. */
export async function seedIfEmpty(db: Db, config: Config): Promise<{ imported: number; failed: string[] }> {
  if (!config.seedDir || await countDocuments(db) > 0 || !fs.existsSync(config.seedDir)) return { imported: 0, failed: [] };
  const names = fs.readdirSync(config.seedDir).filter((n) => SEED_EXTENSIONS.test(n) && !/^readme/i.test(n)).sort();
  let imported = 0;
  const failed: string[] = [];
  for (const name of names) {
    try {
      const bytes = fs.readFileSync(path.join(config.seedDir, name));
      if ((await ingestFile(db, { bytes, filename: name }, config)).created) imported++;
    } catch (err) {
      failed.push(`${name}: ${(err as Error).message}`);
    }
  }
  return { imported, failed };
}
