/** Rebuilds the search index and its vocabulary from the stored documents. */
import { transaction, type Db } from './client.js';
import type { ExtractedMetadata } from '../server/ingest/types.js';
import { beginVocabularyBatch, discardVocabularyBatch, flushVocabularyBatch, indexDocument, keepDocumentVocabulary, toSearchDoc } from './search-index.js';
import { isPg } from './engine.js';
import * as pg from './pg/search-index.js';

/** Clears and refills the index in batches; returns the number of documents indexed. */
export async function rebuildSearchIndex(db: Db, onBatch: (done: number, total: number) => void = () => {}): Promise<number> {
  if (isPg(db)) return pg.rebuildSearchIndex(db, onBatch);
  const c = db.$client;
  const total = c.prepare('SELECT count(*) FROM documents WHERE withdrawn_at IS NULL').pluck().get() as number;
  await transaction(db, () => {
    c.prepare("INSERT INTO search_fts(search_fts) VALUES ('delete-all')").run();
    c.prepare('DELETE FROM search_terms').run();
    c.prepare('DELETE FROM search_facets').run();
    c.prepare('DELETE FROM search_words').run();
  });
  const page = c.prepare('SELECT id, metadata_json AS metadataJson, text FROM documents WHERE withdrawn_at IS NULL AND id > ? ORDER BY id LIMIT 500');
  let last = 0;
  let done = 0;
  for (;;) {
    const rows = page.all(last) as Array<{ id: number; metadataJson: string; text: string }>;
    if (rows.length === 0) break;
    await transaction(db, async () => {
      // The index was emptied above: every entry is fresh, and the page's vocabulary is written once.
      beginVocabularyBatch(c);
      try {
        for (const r of rows) {
          await indexDocument(db, r.id, toSearchDoc(JSON.parse(r.metadataJson) as ExtractedMetadata, r.text), { fresh: true });
          keepDocumentVocabulary(c);
        }
        await flushVocabularyBatch(db);
      } finally {
        discardVocabularyBatch(c);
      }
    });
    last = rows[rows.length - 1]!.id;
    done += rows.length;
    onBatch(done, total);
  }
  c.prepare("INSERT INTO search_fts(search_fts) VALUES ('optimize')").run();
  return done;
}
