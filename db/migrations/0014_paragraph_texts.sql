-- Reused paragraphs by text instead of by pair (issue 16): an exact copy in a k-th document was k-1
-- pairs and k-1 rewritten counts; now it is one more occurrence of its text and one count.
-- WITHOUT ROWID by hand (drizzle cannot say it): the key is the table, one B-tree per insert.
CREATE TABLE `paragraph_text_bands` (
	`band_hash` integer NOT NULL,
	`exact_hash` integer NOT NULL,
	PRIMARY KEY(`band_hash`, `exact_hash`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `paragraph_text_reuse` (
	`exact_hash` integer NOT NULL,
	`other_hash` integer NOT NULL,
	`similarity` real NOT NULL,
	PRIMARY KEY(`exact_hash`, `other_hash`),
	FOREIGN KEY (`exact_hash`) REFERENCES `paragraph_texts`(`exact_hash`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`other_hash`) REFERENCES `paragraph_texts`(`exact_hash`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `paragraph_text_reuse_other_idx` ON `paragraph_text_reuse` (`other_hash`);--> statement-breakpoint
CREATE TABLE `paragraph_texts` (
	`exact_hash` integer PRIMARY KEY NOT NULL,
	`signature` blob NOT NULL,
	`documents` integer NOT NULL,
	`reuse_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `paragraph_texts_reused_idx` ON `paragraph_texts` (`reuse_count`) WHERE reuse_count > 0;--> statement-breakpoint
-- Exact copies become one text each; near pairs become pairs of texts (stored once, in either order).
INSERT INTO `paragraph_texts` (`exact_hash`, `signature`, `documents`)
  SELECT `exact_hash`, min(`signature`), count(DISTINCT `document_id`) FROM `paragraphs` GROUP BY `exact_hash`;--> statement-breakpoint
INSERT OR IGNORE INTO `paragraph_text_bands` (`band_hash`, `exact_hash`)
  SELECT b.`band_hash`, p.`exact_hash` FROM `paragraph_bands` b JOIN `paragraphs` p ON p.`id` = b.`paragraph_id`;--> statement-breakpoint
INSERT INTO `paragraph_text_reuse` (`exact_hash`, `other_hash`, `similarity`)
  SELECT min(a.`exact_hash`, o.`exact_hash`) AS lo, max(a.`exact_hash`, o.`exact_hash`) AS hi, max(r.`similarity`)
  FROM `paragraph_reuse` r JOIN `paragraphs` a ON a.`id` = r.`paragraph_id` JOIN `paragraphs` o ON o.`id` = r.`other_id`
  WHERE a.`exact_hash` <> o.`exact_hash` GROUP BY lo, hi;--> statement-breakpoint
UPDATE `paragraph_texts` SET `reuse_count` = `documents` - 1
  + coalesce((SELECT sum(o.`documents`) FROM `paragraph_text_reuse` r JOIN `paragraph_texts` o ON o.`exact_hash` = r.`other_hash` WHERE r.`exact_hash` = `paragraph_texts`.`exact_hash`), 0)
  + coalesce((SELECT sum(o.`documents`) FROM `paragraph_text_reuse` r JOIN `paragraph_texts` o ON o.`exact_hash` = r.`exact_hash` WHERE r.`other_hash` = `paragraph_texts`.`exact_hash`), 0);--> statement-breakpoint
DROP TRIGGER `dv_paragraphs_u`;--> statement-breakpoint
DROP TABLE `paragraph_bands`;--> statement-breakpoint
DROP TABLE `paragraph_reuse`;--> statement-breakpoint
DROP INDEX `paragraphs_reused_idx`;--> statement-breakpoint
DROP INDEX `paragraphs_hash_idx`;--> statement-breakpoint
CREATE INDEX `paragraphs_hash_idx` ON `paragraphs` (`exact_hash`,`document_id`);--> statement-breakpoint
ALTER TABLE `paragraphs` DROP COLUMN `signature`;--> statement-breakpoint
ALTER TABLE `paragraphs` DROP COLUMN `reuse_count`;--> statement-breakpoint
CREATE TRIGGER `dv_paragraph_texts_u` AFTER UPDATE OF `reuse_count` ON `paragraph_texts` BEGIN UPDATE `data_version` SET `n` = `n` + 1; END;