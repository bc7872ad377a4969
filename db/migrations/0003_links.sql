CREATE TABLE `memberships` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`party_code` text NOT NULL,
	`group_body` text,
	`from_date` text,
	`to_date` text,
	`document_count` integer DEFAULT 0 NOT NULL,
	`source` text DEFAULT 'derived' NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`party_code`) REFERENCES `parties`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `memberships_person_idx` ON `memberships` (`person_id`,`party_code`);--> statement-breakpoint
CREATE TABLE `paragraph_bands` (
	`band_hash` integer NOT NULL,
	`paragraph_id` integer NOT NULL,
	PRIMARY KEY(`band_hash`, `paragraph_id`),
	FOREIGN KEY (`paragraph_id`) REFERENCES `paragraphs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `paragraph_bands_paragraph_idx` ON `paragraph_bands` (`paragraph_id`);--> statement-breakpoint
CREATE TABLE `paragraph_reuse` (
	`paragraph_id` integer NOT NULL,
	`other_id` integer NOT NULL,
	`similarity` real NOT NULL,
	PRIMARY KEY(`paragraph_id`, `other_id`),
	FOREIGN KEY (`paragraph_id`) REFERENCES `paragraphs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`other_id`) REFERENCES `paragraphs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `paragraph_reuse_other_idx` ON `paragraph_reuse` (`other_id`);--> statement-breakpoint
CREATE TABLE `paragraphs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`position` integer NOT NULL,
	`exact_hash` integer NOT NULL,
	`signature` blob NOT NULL,
	`reuse_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `paragraphs_document_idx` ON `paragraphs` (`document_id`,`position`);--> statement-breakpoint
CREATE INDEX `paragraphs_hash_idx` ON `paragraphs` (`exact_hash`);--> statement-breakpoint
CREATE INDEX `paragraphs_reused_idx` ON `paragraphs` (`reuse_count`) WHERE reuse_count > 0;--> statement-breakpoint
CREATE TABLE `person_candidates` (
	`person_id` integer NOT NULL,
	`other_id` integer NOT NULL,
	`reason` text NOT NULL,
	PRIMARY KEY(`person_id`, `other_id`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`other_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `person_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`action` text NOT NULL,
	`person_id` integer NOT NULL,
	`other_id` integer NOT NULL,
	`detail_json` text NOT NULL,
	`author` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `person_overrides` (
	`document_id` integer NOT NULL,
	`name_key` text NOT NULL,
	`person_id` integer NOT NULL,
	`author` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`document_id`, `name_key`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
DROP INDEX `arenden_dnr_idx`;--> statement-breakpoint
ALTER TABLE `arenden` ADD `dnr_key` text;--> statement-breakpoint
ALTER TABLE `arenden` ADD `title_key` text;--> statement-breakpoint
CREATE INDEX `arenden_title_idx` ON `arenden` (`municipality`,`title_key`);--> statement-breakpoint
CREATE INDEX `arenden_dnr_idx` ON `arenden` (`municipality`,`dnr_key`);--> statement-breakpoint
ALTER TABLE `document_authors` ADD `party_source` text;--> statement-breakpoint
ALTER TABLE `document_authors` ADD `group_body` text;--> statement-breakpoint
ALTER TABLE `people` ADD `name_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `people` ADD `scope` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `people` ADD `merged_into_id` integer;--> statement-breakpoint
CREATE INDEX `people_key_idx` ON `people` (`name_key`,`scope`);--> statement-breakpoint
UPDATE `arenden` SET `dnr_key` = replace(replace(replace(replace(upper(`diarienummer`), ' ', ''), '-', ''), '.', ''), '–', '') WHERE `diarienummer` IS NOT NULL;
