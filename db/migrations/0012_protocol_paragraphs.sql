CREATE TABLE `protocol_paragraphs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`ordinal` integer NOT NULL,
	`number` text NOT NULL,
	`anchor` text NOT NULL,
	`title` text,
	`diarienummer` text,
	`decision` text,
	`start_offset` integer NOT NULL,
	`end_offset` integer NOT NULL,
	`vote_ja` integer,
	`vote_nej` integer,
	`vote_avstar` integer,
	`arende_id` integer,
	`arende_rule` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`arende_id`) REFERENCES `arenden`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `protocol_paragraphs_document_idx` ON `protocol_paragraphs` (`document_id`,`ordinal`);--> statement-breakpoint
CREATE INDEX `protocol_paragraphs_arende_idx` ON `protocol_paragraphs` (`arende_id`);--> statement-breakpoint
CREATE TABLE `protocol_positions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`paragraph_id` integer NOT NULL,
	`document_id` integer NOT NULL,
	`ordinal` integer NOT NULL,
	`what` text NOT NULL,
	`kind` text,
	`party_code` text,
	`party_source` text,
	`person_id` integer,
	`name_as_written` text,
	`sentence` text NOT NULL,
	`start_offset` integer,
	`end_offset` integer,
	FOREIGN KEY (`paragraph_id`) REFERENCES `protocol_paragraphs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`party_code`) REFERENCES `parties`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `protocol_positions_paragraph_idx` ON `protocol_positions` (`paragraph_id`,`ordinal`);--> statement-breakpoint
CREATE INDEX `protocol_positions_document_idx` ON `protocol_positions` (`document_id`);--> statement-breakpoint
CREATE INDEX `protocol_positions_party_idx` ON `protocol_positions` (`party_code`,`what`);--> statement-breakpoint
CREATE INDEX `protocol_positions_person_idx` ON `protocol_positions` (`person_id`);--> statement-breakpoint
ALTER TABLE `document_links` ADD `to_paragraph_id` integer;