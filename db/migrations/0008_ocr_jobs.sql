CREATE TABLE `ocr_jobs` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`pages_total` integer,
	`pages_done` integer DEFAULT 0 NOT NULL,
	`message` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ocr_jobs_status_idx` ON `ocr_jobs` (`status`,`created_at`);--> statement-breakpoint
ALTER TABLE `documents` ADD `updated_at` text;--> statement-breakpoint
UPDATE `documents` SET `updated_at` = `created_at`;
--> statement-breakpoint
-- Scanned PDFs stored before OCR existed are queued once.
INSERT INTO `ocr_jobs` (`document_id`, `status`)
SELECT d.`id`, 'queued' FROM `documents` d JOIN `files` f ON f.`document_id` = d.`id`
WHERE d.`text_status` = 'needs_ocr' AND f.`media_type` = 'application/pdf' AND d.`withdrawn_at` IS NULL;
