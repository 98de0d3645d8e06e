-- The public search of donations (issue 15): search_public holds what is
-- published of a donation, folded (no case, no accents): the published
-- donor name and the transfer text with phone and account numbers masked.
-- Folding is Go code, so the column is filled by the insert and, for rows
-- recorded before this migration, by a backfill after migrating (an empty
-- value means "not yet filled": a published name is never empty).
--
-- donation_text is an FTS5 trigram index over that column (external
-- content: the text is stored once, in donations), kept in step by
-- triggers; it finds rare words, the (received_date, id) order serves
-- common ones; references and amounts are exact lookups.
ALTER TABLE donations ADD COLUMN search_public TEXT NOT NULL DEFAULT '';

CREATE VIRTUAL TABLE donation_text USING fts5(search_public, content='donations', content_rowid='id', tokenize='trigram');

CREATE TRIGGER donation_text_insert AFTER INSERT ON donations WHEN new.search_public <> '' BEGIN
    INSERT INTO donation_text (rowid, search_public) VALUES (new.id, new.search_public);
END;

CREATE TRIGGER donation_text_update AFTER UPDATE OF search_public ON donations BEGIN
    INSERT INTO donation_text (donation_text, rowid, search_public) SELECT 'delete', old.id, old.search_public WHERE old.search_public <> '';
    INSERT INTO donation_text (rowid, search_public) SELECT new.id, new.search_public WHERE new.search_public <> '';
END;

CREATE TRIGGER donation_text_delete AFTER DELETE ON donations WHEN old.search_public <> '' BEGIN
    INSERT INTO donation_text (donation_text, rowid, search_public) VALUES ('delete', old.id, old.search_public);
END;

-- The received order carries the columns a search filters on, so that
-- reading a window of it never visits the table (PostgreSQL INCLUDEs them;
-- SQLite has them as trailing key columns).
CREATE INDEX donations_received ON donations (received_date, id, fund_id, amount, search_public);
CREATE INDEX donations_bank_ref_folded ON donations (lower(bank_ref));
CREATE INDEX donations_amount ON donations (amount);
CREATE INDEX donations_search_pending ON donations (id) WHERE search_public = '';
