-- Donors, donations with their receipts, and in-kind lines. A donation's
-- row is written in the same transaction as its journal entry; the entry
-- reference is checked at commit because the entry is appended last.
-- SQLite keeps amounts as TEXT, summed in Go with decimals.

CREATE TABLE donors (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    name_folded      TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('individual', 'organisation', 'business', 'religious', 'overseas')),
    inside_province  INTEGER NOT NULL,
    phone            TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    address          TEXT NOT NULL DEFAULT '',
    publish_name     INTEGER NOT NULL,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX donors_name ON donors (name_folded);

CREATE TABLE receipt_counters (
    fund_id   BIGINT NOT NULL REFERENCES funds(id),
    year      INTEGER NOT NULL,
    last_seq  BIGINT NOT NULL,
    PRIMARY KEY (fund_id, year)
);

CREATE TABLE donations (
    id               INTEGER PRIMARY KEY,
    fund_id          BIGINT NOT NULL REFERENCES funds(id),
    donor_id         BIGINT REFERENCES donors(id),
    donor_name       TEXT NOT NULL,
    public_name      TEXT NOT NULL,
    public_folded    TEXT NOT NULL,
    search_text      TEXT NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('cash', 'bank', 'in_kind')),
    amount           TEXT NOT NULL,
    currency         TEXT NOT NULL DEFAULT 'VND',
    original_amount  TEXT,
    rate             TEXT,
    bank_ref         TEXT NOT NULL DEFAULT '',
    received_date    TEXT NOT NULL,
    earmark          TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    receipt_year     INTEGER NOT NULL,
    receipt_seq      BIGINT NOT NULL,
    receipt_no       TEXT NOT NULL UNIQUE,
    entry_id         BIGINT NOT NULL REFERENCES journal_entries(id) DEFERRABLE INITIALLY DEFERRED,
    status           TEXT NOT NULL CHECK (status IN ('recorded', 'voided')),
    void_entry_id    BIGINT REFERENCES journal_entries(id) DEFERRABLE INITIALLY DEFERRED,
    void_reason      TEXT NOT NULL DEFAULT '',
    statement_key    TEXT NOT NULL DEFAULT '',
    created_by       BIGINT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    UNIQUE (fund_id, receipt_year, receipt_seq)
);
CREATE UNIQUE INDEX donations_statement_key ON donations (fund_id, statement_key) WHERE statement_key <> '';
CREATE INDEX donations_entry ON donations (entry_id);
CREATE INDEX donations_fund_date ON donations (fund_id, received_date, id);
CREATE INDEX donations_bank_ref ON donations (bank_ref) WHERE bank_ref <> '';

CREATE TABLE donation_lines (
    donation_id  BIGINT NOT NULL REFERENCES donations(id),
    line         INTEGER NOT NULL,
    item_code    TEXT NOT NULL REFERENCES items(code),
    quantity     TEXT NOT NULL,
    unit_value   TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (donation_id, line)
);

-- SQLite checks deferred foreign keys from the parent side: each appended
-- entry looks up the rows that point at it, which needs these indexes
-- (the partial unique index on reverses_id cannot serve that lookup).
CREATE INDEX donations_void_entry ON donations (void_entry_id);
CREATE INDEX journal_entries_reverses_all ON journal_entries (reverses_id);
