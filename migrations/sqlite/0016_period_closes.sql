-- Closed periods (PRODUCT.md §4.10, issue 17): after a fund is closed
-- through a date, no journal entry touching the fund may be dated on or
-- before it; corrections post in the open period. Each close is a row,
-- never changed or removed (a period is never reopened); a fund's closing
-- date is the latest closed_through of its rows. The ledger reads it under
-- the journal head lock, and a close is written under the same lock, so a
-- close and an entry are always decided one after the other.

CREATE TABLE period_closes (
    id              INTEGER NOT NULL PRIMARY KEY,
    fund_id         BIGINT NOT NULL REFERENCES funds(id),
    closed_through  TEXT NOT NULL,
    closed_at       TIMESTAMP NOT NULL,
    closed_by       BIGINT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    -- The journal head when the close was made: no later entry touching
    -- the fund is dated on or before closed_through.
    after_entry_id  BIGINT NOT NULL
);
CREATE UNIQUE INDEX period_closes_fund_date ON period_closes (fund_id, closed_through);

CREATE TRIGGER period_closes_no_update BEFORE UPDATE ON period_closes
BEGIN SELECT RAISE(ABORT, 'period closes are append-only: UPDATE is not allowed'); END;
CREATE TRIGGER period_closes_no_delete BEFORE DELETE ON period_closes
BEGIN SELECT RAISE(ABORT, 'period closes are append-only: DELETE is not allowed'); END;
