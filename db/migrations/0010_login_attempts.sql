-- Login limits in the database instead of process memory: an attempt is reserved (a 'pending' row) in
-- one transaction before its password is verified, so concurrent requests and several server processes
-- on this file share one count. Rows older than the window are pruned at each reservation.
-- server_secrets holds keys made once per database (the login form's CSRF HMAC key), so every process
-- signs and checks the same tokens and a restart does not invalidate open forms.
CREATE TABLE `login_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scope` text NOT NULL,
	`key_hash` text NOT NULL,
	`at` integer NOT NULL,
	`outcome` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_attempts_key_idx` ON `login_attempts` (`scope`,`key_hash`,`at`);--> statement-breakpoint
CREATE INDEX `login_attempts_at_idx` ON `login_attempts` (`at`);--> statement-breakpoint
CREATE TABLE `server_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
