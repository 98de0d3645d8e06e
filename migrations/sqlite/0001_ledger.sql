-- The ledger core: funds, items, accounts, the journal and its hash chain,
-- running balances, idempotency keys, users and tokens.
-- SQLite keeps amounts as TEXT (its NUMERIC affinity would turn them into
-- floats); the store sums them in Go with decimals.

CREATE TABLE funds (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name_vi     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE items (
    code        TEXT PRIMARY KEY,
    name_vi     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    unit        TEXT NOT NULL,
    scale       INTEGER NOT NULL CHECK (scale BETWEEN 0 AND 6)
);

CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    fund_id         BIGINT NOT NULL REFERENCES funds(id),
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    type            TEXT NOT NULL CHECK (type IN ('asset','liability','net_assets','revenue','expense')),
    non_negative    INTEGER NOT NULL,
    district_code   TEXT NOT NULL DEFAULT '',
    warehouse_code  TEXT NOT NULL DEFAULT '',
    item_code       TEXT NOT NULL DEFAULT '',
    designation     TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (fund_id, code)
);

-- One row: the end of the hash chain. Every append locks it, so entries are
-- numbered without gaps and chained in order across all processes.
CREATE TABLE journal_head (
    id          SMALLINT PRIMARY KEY CHECK (id = 1),
    last_id     BIGINT NOT NULL,
    last_hash   TEXT NOT NULL
);
INSERT INTO journal_head (id, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE journal_entries (
    id           BIGINT PRIMARY KEY,
    entry_date   TEXT NOT NULL,
    kind         TEXT NOT NULL,
    description  TEXT NOT NULL,
    source_type  TEXT NOT NULL DEFAULT '',
    source_id    TEXT NOT NULL DEFAULT '',
    reverses_id  BIGINT REFERENCES journal_entries(id),
    created_by   BIGINT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE UNIQUE INDEX journal_entries_reverses ON journal_entries (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX journal_entries_date ON journal_entries (entry_date, id);
CREATE INDEX journal_entries_source ON journal_entries (source_type, source_id);

CREATE TABLE postings (
    entry_id    BIGINT NOT NULL REFERENCES journal_entries(id),
    line        INTEGER NOT NULL,
    account_id  BIGINT NOT NULL REFERENCES accounts(id),
    amount      TEXT NOT NULL,
    item_code   TEXT REFERENCES items(code),
    quantity    TEXT,
    PRIMARY KEY (entry_id, line)
);
CREATE INDEX postings_account ON postings (account_id, entry_id);

CREATE TABLE balances (
    account_id  BIGINT NOT NULL REFERENCES accounts(id),
    asset       TEXT NOT NULL,
    amount      TEXT NOT NULL,
    PRIMARY KEY (account_id, asset)
);

CREATE TABLE idempotency_keys (
    scope         TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    result_ref    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key)
);

-- The journal is append-only: nothing may change or remove an entry or a
-- posting, not even a program that bypasses the service.
CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: UPDATE on journal_entries is not allowed'); END;
CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: DELETE on journal_entries is not allowed'); END;
CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: UPDATE on postings is not allowed'); END;
CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: DELETE on postings is not allowed'); END;

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL,
    district_code  TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    disabled_at    TIMESTAMP
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP,
    revoked_at   TIMESTAMP
);

INSERT INTO items (code, name_vi, name_en, unit, scale) VALUES
    ('RICE', 'Gạo', 'Rice', 'kg', 3),
    ('NOODLES', 'Mì gói', 'Instant noodles', 'thùng', 0),
    ('MASKS', 'Khẩu trang', 'Face masks', 'hộp', 0),
    ('MEDKIT', 'Túi thuốc, vật tư y tế', 'Medical kit', 'bộ', 0);
