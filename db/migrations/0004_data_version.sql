-- A counter that moves with every change a cached read model depends on (documents, their authors
-- and parties, people and memberships), from any connection or process. Readers compare it cheaply.
CREATE TABLE `data_version` (`id` integer PRIMARY KEY CHECK (`id` = 1), `n` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `data_version` (`id`, `n`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `dv_documents_i` AFTER INSERT ON `documents` BEGIN UPDATE `data_version` SET `n` = `n` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `dv_documents_u` AFTER UPDATE ON `documents` BEGIN UPDATE `data_version` SET `n` = `n` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `dv_documents_d` AFTER DELETE ON `documents` BEGIN UPDATE `data_version` SET `n` = `n` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `dv_people_u` AFTER UPDATE ON `people` BEGIN UPDATE `data_version` SET `n` = `n` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `dv_authors_u` AFTER UPDATE ON `document_authors` BEGIN UPDATE `data_version` SET `n` = `n` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `dv_memberships_i` AFTER INSERT ON `memberships` BEGIN UPDATE `data_version` SET `n` = `n` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `dv_paragraphs_u` AFTER UPDATE OF `reuse_count` ON `paragraphs` BEGIN UPDATE `data_version` SET `n` = `n` + 1; END;
