-- Search inside words ("gaismojum" finds "apgaismojumu"): trigrams of the folded search text.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it; PGlite loads
-- it from its contrib bundle (engine/store/postgres/pgliteDb.ts). An extension lives in one schema
-- of the database, wherever an earlier installation put it: its operator class is named there.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
DO $$
DECLARE
  home text;
BEGIN
  SELECT n.nspname INTO home
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'pg_trgm';
  EXECUTE format(
    'CREATE INDEX documents_search_trigrams ON documents USING gin (search_text %I.gin_trgm_ops)', home);
END
$$;
