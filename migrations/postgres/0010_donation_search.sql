-- The public search of donations (issue 15): search_public holds what is
-- published of a donation, folded (no case, no accents): the published
-- donor name and the transfer text with phone and account numbers masked.
-- Folding is Go code, so the column is filled by the insert and, for rows
-- recorded before this migration, by a backfill after migrating (an empty
-- value means "not yet filled": a published name is never empty).
--
-- A trigram index finds rare words; the (received_date, id) order serves
-- common ones, read newest first until a page is full; references and
-- amounts are exact lookups.
--
-- pg_trgm goes into public so that every schema of the database (tests run
-- each in a schema of its own) finds the one installation; the index names
-- the operator class by the schema the extension is really in.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

ALTER TABLE donations ADD COLUMN search_public TEXT NOT NULL DEFAULT '';

DO $$
BEGIN
    EXECUTE format('CREATE INDEX donations_search_public ON donations USING gin (search_public %I.gin_trgm_ops)',
        (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'));
END
$$;

-- The received order carries the columns a search filters on, so that
-- reading a window of it is an index-only scan: rows in date order are
-- scattered over the table, and visiting each row would cost a random read.
CREATE INDEX donations_received ON donations (received_date, id) INCLUDE (fund_id, amount, search_public);
CREATE INDEX donations_bank_ref_folded ON donations (lower(bank_ref));
CREATE INDEX donations_amount ON donations (amount);
CREATE INDEX donations_search_pending ON donations (id) WHERE search_public = '';
