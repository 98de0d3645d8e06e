-- Relief trips (chuyến xe nghĩa tình) and frontline support (issue 17):
-- money and goods given to organisations, each trip's whole manifest one
-- journal entry (source relief-trip or frontline-support, its id) written
-- in the same transaction as the trip's row. Rows are never changed: a
-- trip is cancelled by reversing its entry, which the journal records.
-- SQLite keeps amounts and dates as TEXT, summed in Go with decimals.

CREATE TABLE relief_trips (
    id               INTEGER PRIMARY KEY,
    fund_id          BIGINT NOT NULL REFERENCES funds(id),
    kind             TEXT NOT NULL CHECK (kind IN ('trip', 'frontline')),
    destination      TEXT NOT NULL,
    inside_province  INTEGER NOT NULL,
    date_from        TEXT NOT NULL,
    date_to          TEXT NOT NULL,
    organisation     TEXT NOT NULL,
    people_reached   INTEGER NOT NULL,
    note             TEXT NOT NULL DEFAULT '',
    proofs           TEXT NOT NULL DEFAULT '[]',
    district_code    TEXT NOT NULL DEFAULT '',
    entry_id         BIGINT NOT NULL REFERENCES journal_entries(id) DEFERRABLE INITIALLY DEFERRED,
    created_by       BIGINT NOT NULL,
    created_at       TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX relief_trips_entry ON relief_trips (entry_id);
CREATE INDEX relief_trips_fund_date ON relief_trips (fund_id, date_from);

CREATE TABLE relief_trip_lines (
    trip_id         BIGINT NOT NULL REFERENCES relief_trips(id),
    line            INTEGER NOT NULL,
    warehouse_code  TEXT NOT NULL DEFAULT '',
    item_code       TEXT NOT NULL DEFAULT '',
    account_code    TEXT NOT NULL DEFAULT '',
    designation     TEXT NOT NULL DEFAULT '',
    quantity        TEXT NOT NULL,
    amount          TEXT NOT NULL,
    PRIMARY KEY (trip_id, line)
);
