-- Same-surname candidates by index: resolvePerson scanned every person of a scope (name_key LIKE '% x').
ALTER TABLE `people` ADD `surname_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- The key's last word when it has two or more: rtrim() strips the trailing non-space characters,
-- leaving the key up to its last space.
UPDATE `people` SET `surname_key` = substr(`name_key`, length(rtrim(`name_key`, replace(`name_key`, ' ', ''))) + 1) WHERE instr(`name_key`, ' ') > 0;--> statement-breakpoint
CREATE INDEX `people_surname_idx` ON `people` (`scope`,`surname_key`);
