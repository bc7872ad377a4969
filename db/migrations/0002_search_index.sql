-- Full-text index over documents, fed Swedish stems (and exact words for phrases) by server/analysis.
-- Contentless: the rowid is the document id; texts live in documents. unicode61 must not fold å ä ö.
CREATE VIRTUAL TABLE `search_fts` USING fts5(
  `title`, `arende`, `people`, `body`, `exact`,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);
--> statement-breakpoint
-- Indexed stems, reversed too, so a query stem can find its inflected forms and compounds ending in it;
-- doc_count (only ever grows) picks the compounds worth searching when there are many.
CREATE TABLE `search_terms` (
  `term` text PRIMARY KEY NOT NULL,
  `rev` text NOT NULL,
  `doc_count` integer NOT NULL DEFAULT 0
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `search_terms_rev_idx` ON `search_terms` (`rev`);
--> statement-breakpoint
-- Exact words with the number of documents holding them: suggestions and "Menade du …?".
CREATE TABLE `search_words` (
  `word` text PRIMARY KEY NOT NULL,
  `doc_count` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
-- The narrow facts search filters and counts by, one row per indexed document: reading them from
-- documents would drag each document's text off disk for every hit.
CREATE TABLE `search_facets` (
  `document_id` integer PRIMARY KEY NOT NULL,
  `kind` text NOT NULL,
  `body` text,
  `municipality` text,
  `date` text,
  `party_codes` text NOT NULL
);
