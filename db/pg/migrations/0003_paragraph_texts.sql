-- Reused paragraphs by text instead of by pair (issue 16); see db/migrations/0014_paragraph_texts.sql.
CREATE TABLE "paragraph_text_bands" (
	"band_hash" bigint NOT NULL,
	"exact_hash" bigint NOT NULL,
	CONSTRAINT "paragraph_text_bands_band_hash_exact_hash_pk" PRIMARY KEY("band_hash","exact_hash")
);
--> statement-breakpoint
CREATE TABLE "paragraph_text_reuse" (
	"exact_hash" bigint NOT NULL,
	"other_hash" bigint NOT NULL,
	"similarity" double precision NOT NULL,
	CONSTRAINT "paragraph_text_reuse_exact_hash_other_hash_pk" PRIMARY KEY("exact_hash","other_hash")
);
--> statement-breakpoint
CREATE TABLE "paragraph_texts" (
	"exact_hash" bigint PRIMARY KEY NOT NULL,
	"signature" "bytea" NOT NULL,
	"documents" integer NOT NULL,
	"reuse_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "paragraph_text_reuse" ADD CONSTRAINT "paragraph_text_reuse_exact_hash_paragraph_texts_exact_hash_fk" FOREIGN KEY ("exact_hash") REFERENCES "public"."paragraph_texts"("exact_hash") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paragraph_text_reuse" ADD CONSTRAINT "paragraph_text_reuse_other_hash_paragraph_texts_exact_hash_fk" FOREIGN KEY ("other_hash") REFERENCES "public"."paragraph_texts"("exact_hash") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "paragraph_text_reuse_other_idx" ON "paragraph_text_reuse" USING btree ("other_hash");--> statement-breakpoint
CREATE INDEX "paragraph_texts_reused_idx" ON "paragraph_texts" USING btree ("reuse_count") WHERE reuse_count > 0;--> statement-breakpoint
-- Exact copies become one text each; near pairs become pairs of texts (stored once, in either order).
INSERT INTO "paragraph_texts" ("exact_hash", "signature", "documents")
  SELECT p."exact_hash", (SELECT q."signature" FROM "paragraphs" q WHERE q."exact_hash" = p."exact_hash" LIMIT 1), count(DISTINCT p."document_id")
  FROM "paragraphs" p GROUP BY p."exact_hash";--> statement-breakpoint
INSERT INTO "paragraph_text_bands" ("band_hash", "exact_hash")
  SELECT DISTINCT b."band_hash", p."exact_hash" FROM "paragraph_bands" b JOIN "paragraphs" p ON p."id" = b."paragraph_id";--> statement-breakpoint
INSERT INTO "paragraph_text_reuse" ("exact_hash", "other_hash", "similarity")
  SELECT least(a."exact_hash", o."exact_hash") AS lo, greatest(a."exact_hash", o."exact_hash") AS hi, max(r."similarity")
  FROM "paragraph_reuse" r JOIN "paragraphs" a ON a."id" = r."paragraph_id" JOIN "paragraphs" o ON o."id" = r."other_id"
  WHERE a."exact_hash" <> o."exact_hash" GROUP BY lo, hi;--> statement-breakpoint
UPDATE "paragraph_texts" t SET "reuse_count" = t."documents" - 1
  + coalesce((SELECT sum(o."documents") FROM "paragraph_text_reuse" r JOIN "paragraph_texts" o ON o."exact_hash" = r."other_hash" WHERE r."exact_hash" = t."exact_hash"), 0)
  + coalesce((SELECT sum(o."documents") FROM "paragraph_text_reuse" r JOIN "paragraph_texts" o ON o."exact_hash" = r."exact_hash" WHERE r."other_hash" = t."exact_hash"), 0);--> statement-breakpoint
DROP TRIGGER "dv_paragraphs_u" ON "paragraphs";--> statement-breakpoint
DROP TABLE "paragraph_bands" CASCADE;--> statement-breakpoint
DROP TABLE "paragraph_reuse" CASCADE;--> statement-breakpoint
DROP INDEX "paragraphs_reused_idx";--> statement-breakpoint
DROP INDEX "paragraphs_hash_idx";--> statement-breakpoint
CREATE INDEX "paragraphs_hash_idx" ON "paragraphs" USING btree ("exact_hash","document_id");--> statement-breakpoint
ALTER TABLE "paragraphs" DROP COLUMN "signature";--> statement-breakpoint
ALTER TABLE "paragraphs" DROP COLUMN "reuse_count";--> statement-breakpoint
CREATE TRIGGER "dv_paragraph_texts_u" AFTER UPDATE OF "reuse_count" ON "paragraph_texts" FOR EACH STATEMENT EXECUTE FUNCTION "data_version_bump"();