/** The whole pipeline on this thread, persist included: one upload analysed and stored (the seed, tests). */
import type { Db } from '../../db/client.js';
import { findDocumentIdBySha } from '../../db/documents.js';
import { storeDocument } from '../use-cases/documents.js';
import { analyseChecked, type IngestOptions, type Upload } from './pipeline.js';
import { preflight, validateFilename } from './stages/preflight.js';

/** Stores an upload unless the same bytes are already stored; `created` tells which happened. */
export async function ingestFile(db: Db, upload: Upload, opts: IngestOptions): Promise<{ id: number; created: boolean }> {
  const filename = validateFilename(upload.filename);
  const sha256 = preflight(upload.bytes, opts.maxUploadBytes);
  // Deduplicate before the expensive stages; storeDocument checks again inside its transaction.
  const existing = await findDocumentIdBySha(db, sha256);
  if (existing !== undefined) return { id: existing, created: false };
  const doc = await analyseChecked(upload.bytes, filename, sha256, opts);
  return await storeDocument(db, doc);
}
