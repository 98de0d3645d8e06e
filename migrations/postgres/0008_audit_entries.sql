-- The journal entries a write appended, written in the write's own
-- transaction: every entry made for a request has exactly one audit record.
ALTER TABLE audit_log ADD COLUMN entry_first BIGINT;
ALTER TABLE audit_log ADD COLUMN entry_last BIGINT;
CREATE INDEX audit_log_entries ON audit_log (entry_first) WHERE entry_first IS NOT NULL;
