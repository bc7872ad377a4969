/** The shared development corpus for benchmarks: where it is, and its texts field by field. */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';

export const corpusDir = path.resolve(import.meta.dirname, '../../../shared/corpus');

/** Exits with a clear message when ../shared/corpus is not beside the repository. */
export function requireCorpus(): void {
  if (!fs.existsSync(path.join(corpusDir, 'riksdagen-interpellations.jsonl.gz'))) {
    console.error(`Korpusen saknas: ${corpusDir}. Benchmarken kräver ../shared/corpus.`);
    process.exit(2);
  }
}

/** Up to `n` values of a string field longer than `minLength` characters, in one gzipped JSON-lines file of the corpus. */
export async function readTexts(file: string, field: string, n = Infinity, minLength = 200): Promise<string[]> {
  const out: string[] = [];
  if (n <= 0) return out;
  const rl = readline.createInterface({ input: fs.createReadStream(path.join(corpusDir, file)).pipe(zlib.createGunzip()) });
  for await (const line of rl) {
    const v = (JSON.parse(line) as Record<string, unknown>)[field];
    if (typeof v === 'string' && v.length > minLength) out.push(v);
    if (out.length >= n) break;
  }
  rl.close();
  return out;
}

/** Every value of a string field longer than 300 characters in one gzipped JSON-lines file of the corpus. */
export function readCorpusField(file: string, field: string): Promise<string[]> {
  return readTexts(file, field, Infinity, 300);
}
