-- A write sequence on the facet rows, so a server can keep them in memory and read only what changed
-- since it last looked (search counts facets over every hit; a join per hit cost more than the match).
-- Every (re)index deletes and inserts the row with the next number; removals need no entry, because
-- the full-text match never returns a removed document.
ALTER TABLE `search_facets` ADD `seq` integer NOT NULL DEFAULT 0;
--> statement-breakpoint
UPDATE `search_facets` SET `seq` = `document_id`;
--> statement-breakpoint
CREATE INDEX `search_facets_seq_idx` ON `search_facets` (`seq`);
