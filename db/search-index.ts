/** The search index as a projection of documents, written in the same transaction as the document. */
import { sql } from 'drizzle-orm';
import type { Executor } from './client.js';
import { exactTokens, indexTokens, words } from '../server/analysis/swedish.js';
import type { ExtractedMetadata } from '../server/ingest/types.js';
import { partyName } from '../server/domain/parties.js';

/** What one document contributes to the index, field by field. */
export interface SearchDoc {
  title: string;
  arende: string;
  people: string;
  body: string;
}

/** The one mapping from a document to its searchable fields. */
export function toSearchDoc(m: ExtractedMetadata, text: string): SearchDoc {
  const names = [
    ...m.signatories.map((s) => s.name), ...m.interpellants.map((i) => i.name), m.addressee?.name ?? '',
    ...m.parties.map((p) => `${p} ${partyName(p)}`),
  ];
  return {
    title: m.title,
    arende: [m.arende.title, m.arende.diarienummer, m.body, m.municipality].filter(Boolean).join(' '),
    people: names.filter(Boolean).join(' '),
    body: text,
  };
}

/** Replaces the document's index entry and records its vocabulary. */
export function indexDocument(db: Executor, id: number, doc: SearchDoc): void {
  const exact = exactTokens([doc.title, doc.arende, doc.body].join('\n'));
  const fields = [doc.title, doc.arende, doc.people, doc.body].map(indexTokens);
  removeFromIndex(db, id);
  db.run(sql`INSERT INTO search_fts(rowid, title, arende, people, body, exact) VALUES (${id}, ${fields[0]},
    ${fields[1]}, ${fields[2]}, ${fields[3]}, ${exact})`);
  const stems = [...new Set(fields.flatMap((f) => f.split(' ')).filter((t) => t.length >= 2))];
  // Multi-row statements: one round trip per few hundred terms instead of one per term.
  for (let i = 0; i < stems.length; i += 400) {
    const rows = stems.slice(i, i + 400).map((t) => sql`(${t}, ${[...t].reverse().join('')})`);
    db.run(sql`INSERT OR IGNORE INTO search_terms(term, rev) VALUES ${sql.join(rows, sql`, `)}`);
  }
  const distinct = [...new Set(words(exact).filter((w) => w.length >= 3 && !/^\d+$/.test(w)))];
  for (let i = 0; i < distinct.length; i += 400) {
    const rows = distinct.slice(i, i + 400).map((w) => sql`(${w}, 1)`);
    db.run(sql`INSERT INTO search_words(word, doc_count) VALUES ${sql.join(rows, sql`, `)}
      ON CONFLICT(word) DO UPDATE SET doc_count = doc_count + 1`);
  }
}

/** Drops the document from the index (vocabulary counts are approximate and only ever grow). */
export function removeFromIndex(db: Executor, id: number): void {
  db.run(sql`DELETE FROM search_fts WHERE rowid = ${id}`);
}
