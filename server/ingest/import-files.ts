/** Imports many files from disk: a few in flight so PDF workers keep the cores busy; writes stay serial. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../db/client.js';
import { ingestFile, type IngestOptions } from './pipeline.js';

export interface ImportSummary {
  imported: number;
  duplicates: number;
  failures: Array<{ file: string; reason: string }>;
  seconds: number;
}

/** Imports `files` (paths) one per document; never throws for a bad file, it is reported instead. */
export async function importFiles(
  db: Db, files: string[], opts: IngestOptions, onDone: (file: string) => void = () => {},
  concurrency = os.availableParallelism(),
): Promise<ImportSummary> {
  const started = process.hrtime.bigint();
  const summary: ImportSummary = { imported: 0, duplicates: 0, failures: [], seconds: 0 };
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      try {
        const bytes = fs.readFileSync(file);
        const { created } = await ingestFile(db, { bytes, filename: path.basename(file) }, opts);
        if (created) summary.imported++; else summary.duplicates++;
      } catch (err) {
        summary.failures.push({ file, reason: (err as Error).message });
      }
      onDone(file);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}
