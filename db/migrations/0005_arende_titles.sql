CREATE TABLE `arende_titles` (
	`arende_id` integer NOT NULL,
	`municipality` text NOT NULL,
	`title_key` text NOT NULL,
	PRIMARY KEY(`municipality`, `title_key`, `arende_id`),
	FOREIGN KEY (`arende_id`) REFERENCES `arenden`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `arende_titles_arende_idx` ON `arende_titles` (`arende_id`);--> statement-breakpoint
ALTER TABLE `arenden` ADD `merged_into_id` integer;--> statement-breakpoint
INSERT OR IGNORE INTO `arende_titles` (`arende_id`, `municipality`, `title_key`) SELECT `id`, `municipality`, `title_key` FROM `arenden` WHERE `title_key` IS NOT NULL AND `municipality` IS NOT NULL;
