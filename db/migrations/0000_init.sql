CREATE TABLE `arenden` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`municipality` text,
	`body` text,
	`meeting_date` text,
	`number` text,
	`title` text,
	`diarienummer` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `arenden_dnr_idx` ON `arenden` (`municipality`,`diarienummer`);--> statement-breakpoint
CREATE INDEX `arenden_meeting_idx` ON `arenden` (`municipality`,`body`,`meeting_date`,`number`);--> statement-breakpoint
CREATE TABLE `corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`field` text NOT NULL,
	`value_json` text NOT NULL,
	`author` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `corrections_document_idx` ON `corrections` (`document_id`);--> statement-breakpoint
CREATE TABLE `document_arenden` (
	`document_id` integer NOT NULL,
	`arende_id` integer NOT NULL,
	`rule` text NOT NULL,
	PRIMARY KEY(`document_id`, `arende_id`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`arende_id`) REFERENCES `arenden`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `document_arenden_arende_idx` ON `document_arenden` (`arende_id`);--> statement-breakpoint
CREATE TABLE `document_authors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`position` integer NOT NULL,
	`role` text NOT NULL,
	`person_id` integer,
	`party_code` text,
	`name_as_written` text,
	`role_label` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`party_code`) REFERENCES `parties`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `authors_document_idx` ON `document_authors` (`document_id`);--> statement-breakpoint
CREATE INDEX `authors_person_idx` ON `document_authors` (`person_id`);--> statement-breakpoint
CREATE INDEX `authors_party_idx` ON `document_authors` (`party_code`);--> statement-breakpoint
CREATE TABLE `document_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_document_id` integer NOT NULL,
	`to_document_id` integer NOT NULL,
	`relation` text NOT NULL,
	`rule` text NOT NULL,
	`confidence` real NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`from_document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`to_document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `links_unique_idx` ON `document_links` (`from_document_id`,`to_document_id`,`relation`);--> statement-breakpoint
CREATE INDEX `links_to_idx` ON `document_links` (`to_document_id`);--> statement-breakpoint
CREATE TABLE `document_parties` (
	`document_id` integer NOT NULL,
	`party_code` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`document_id`, `party_code`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`party_code`) REFERENCES `parties`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `document_parties_party_idx` ON `document_parties` (`party_code`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`municipality` text,
	`body` text,
	`date` text,
	`text` text NOT NULL,
	`metadata_json` text NOT NULL,
	`text_status` text DEFAULT 'ok' NOT NULL,
	`withdrawn_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `documents_kind_idx` ON `documents` (`kind`);--> statement-breakpoint
CREATE INDEX `documents_municipality_idx` ON `documents` (`municipality`);--> statement-breakpoint
CREATE INDEX `documents_date_idx` ON `documents` (`date`);--> statement-breakpoint
CREATE TABLE `extractions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`extractor_version` text NOT NULL,
	`confidence` real NOT NULL,
	`result_json` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `extractions_document_idx` ON `extractions` (`document_id`);--> statement-breakpoint
CREATE TABLE `file_contents` (
	`file_id` integer PRIMARY KEY NOT NULL,
	`bytes` blob NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`role` text DEFAULT 'original' NOT NULL,
	`sha256` text NOT NULL,
	`byte_size` integer NOT NULL,
	`media_type` text NOT NULL,
	`original_filename` text NOT NULL,
	`encoding` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `files_sha256_idx` ON `files` (`sha256`);--> statement-breakpoint
CREATE INDEX `files_document_idx` ON `files` (`document_id`);--> statement-breakpoint
CREATE TABLE `parties` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_slug_idx` ON `people` (`slug`);