ALTER TABLE "search_fts" ADD COLUMN "len" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Units indexed before the column: their token count from the vectors' positions (PostgreSQL keeps at
-- most 256 positions a lexeme, so a very long text counts a little short; reindexing makes it exact).
UPDATE "search_fts" SET "len" = (SELECT coalesce(sum(coalesce(array_length(positions, 1), 1)), 0) FROM unnest(terms))
  + (SELECT coalesce(sum(coalesce(array_length(positions, 1), 1)), 0) FROM unnest(exact));
