-- A write sequence on the facet rows, so a server can keep them in memory and read only what changed
-- since it last looked (search counts facets over every hit; a join per hit cost more than the match).
-- Every (re)index deletes the row and inserts it again with the next number from search_seq, a counter
-- that never goes back, even when the newest rows are removed. Removals need no entry: the full-text
-- match never returns a removed document. `epoch` changes when the database is replaced by a restore,
-- which tells a running server to read all rows again.
ALTER TABLE `search_facets` ADD `seq` integer NOT NULL DEFAULT 0;
--> statement-breakpoint
UPDATE `search_facets` SET `seq` = `document_id`;
--> statement-breakpoint
CREATE INDEX `search_facets_seq_idx` ON `search_facets` (`seq`);
--> statement-breakpoint
CREATE TABLE `search_seq` (`id` integer PRIMARY KEY CHECK (`id` = 1), `n` integer NOT NULL, `epoch` text NOT NULL);
--> statement-breakpoint
INSERT INTO `search_seq` (`id`, `n`, `epoch`) VALUES (1, (SELECT coalesce(max(`seq`), 0) FROM `search_facets`), lower(hex(randomblob(8))));
