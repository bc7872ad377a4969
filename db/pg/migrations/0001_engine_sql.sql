-- What drizzle-kit cannot express, hand-written (generated as `drizzle-kit generate --custom`):
-- the seed rows, the counters' single rows, the data_version triggers and the SQL functions the
-- SQLite connection registers or FTS5 provides. The SQLite migrations' backfills of existing rows
-- (0003 dnr_key, 0005 arende_titles, 0007 first revisions, 0008 updated_at and OCR jobs) have no
-- counterpart: a PostgreSQL archive starts empty or is copied from SQLite with its rows complete.

-- Parties known from the start (as db/migrations/0001_seed_parties.sql).
INSERT INTO "parties" ("code", "name") VALUES
  ('S', 'Socialdemokraterna'),
  ('M', 'Moderaterna'),
  ('SD', 'Sverigedemokraterna'),
  ('C', 'Centerpartiet'),
  ('V', 'Vänsterpartiet'),
  ('KD', 'Kristdemokraterna'),
  ('L', 'Liberalerna'),
  ('MP', 'Miljöpartiet de gröna'),
  ('FP', 'Folkpartiet liberalerna'),
  ('KDS', 'Kristdemokratiska samhällspartiet'),
  ('NYD', 'Ny demokrati'),
  ('D', 'Demokraterna'),
  ('FI', 'Feministiskt initiativ'),
  ('SPI', 'Sjukvårdspartiet'),
  ('-', 'Politisk vilde');
--> statement-breakpoint
-- The counter cached read models compare (db/read-cache.ts; SQLite 0004). The triggers carry the
-- SQLite triggers' names and events. They fire once per statement, not per row: readers only ask
-- whether n moved, and a statement that touched no row moving it costs one needless recompute.
INSERT INTO "data_version" ("id", "n") VALUES (1, 0);
--> statement-breakpoint
CREATE FUNCTION "data_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "data_version" SET "n" = "n" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "dv_documents_i" AFTER INSERT ON "documents" FOR EACH STATEMENT EXECUTE FUNCTION "data_version_bump"();
--> statement-breakpoint
CREATE TRIGGER "dv_documents_u" AFTER UPDATE ON "documents" FOR EACH STATEMENT EXECUTE FUNCTION "data_version_bump"();
--> statement-breakpoint
CREATE TRIGGER "dv_documents_d" AFTER DELETE ON "documents" FOR EACH STATEMENT EXECUTE FUNCTION "data_version_bump"();
--> statement-breakpoint
CREATE TRIGGER "dv_people_u" AFTER UPDATE ON "people" FOR EACH STATEMENT EXECUTE FUNCTION "data_version_bump"();
--> statement-breakpoint
CREATE TRIGGER "dv_authors_u" AFTER UPDATE ON "document_authors" FOR EACH STATEMENT EXECUTE FUNCTION "data_version_bump"();
--> statement-breakpoint
CREATE TRIGGER "dv_memberships_i" AFTER INSERT ON "memberships" FOR EACH STATEMENT EXECUTE FUNCTION "data_version_bump"();
--> statement-breakpoint
CREATE TRIGGER "dv_paragraphs_u" AFTER UPDATE OF "reuse_count" ON "paragraphs" FOR EACH STATEMENT EXECUTE FUNCTION "data_version_bump"();
--> statement-breakpoint
-- The facet rows' write sequence and the epoch a restore changes (SQLite 0009: 16 hex digits).
INSERT INTO "search_seq" ("id", "n", "epoch") VALUES (1, 0, substr(md5(gen_random_uuid()::text), 1, 16));
--> statement-breakpoint
-- sv_lower(): the function the SQLite connection registers (db/client.ts), JavaScript's
-- toLocaleLowerCase('sv'). ICU's Swedish lowercasing where PostgreSQL has ICU (Debian's has);
-- otherwise lower(), which folds Å Ä Ö only when the database's LC_CTYPE is a UTF-8 locale.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'sv-x-icu') THEN
    CREATE FUNCTION "sv_lower"(s text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $f$ SELECT lower(s COLLATE "sv-x-icu") $f$;
  ELSE
    RAISE WARNING 'ICU saknas: sv_lower() använder lower() med databasens LC_CTYPE';
    CREATE FUNCTION "sv_lower"(s text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $f$ SELECT lower(s) $f$;
  END IF;
END
$$;
--> statement-breakpoint
-- search_fts.terms from the four stemmed fields, each already analysed by server/analysis into
-- space-separated tokens: the `simple` configuration only splits them (no stemming, no stop words),
-- and each field gets its tsvector weight (title A, ärende B, people C, body D; db/pg/schema.ts
-- SEARCH_WEIGHTS). `||` numbers the right vector's positions on from the left's last, so a phrase
-- could run from the end of one field into the next, which FTS5's columns never allow: a one-position
-- gap is made with '§' (a lexeme neither the analysis nor the parser ever yields) and deleted again.
-- search_fts.exact is to_tsvector('simple', <exact tokens>), one field as FTS5's `exact` column is.
CREATE FUNCTION "search_vector"(title text, arende text, people text, body text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ts_delete(
       setweight(to_tsvector('simple', coalesce(title, '')), 'A') || '§:1'::tsvector
    || setweight(to_tsvector('simple', coalesce(arende, '')), 'B') || '§:1'::tsvector
    || setweight(to_tsvector('simple', coalesce(people, '')), 'C') || '§:1'::tsvector
    || setweight(to_tsvector('simple', coalesce(body, '')), 'D'),
    '§')
$$;
