ALTER TABLE "people" ADD COLUMN "surname_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "people_surname_idx" ON "people" USING btree ("scope","surname_key");