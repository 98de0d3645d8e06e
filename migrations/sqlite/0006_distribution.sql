-- Distribution: allocation plans with the households they reach, district
-- requests, and deliveries. Plans keep their inputs, method version and
-- result so a recomputation can be compared with what was approved.
-- Approval and delivery rows are written in the same transaction as their
-- journal entries; the entry reference is checked at commit. SQLite keeps
-- amounts as TEXT, summed in Go with decimals.

CREATE TABLE allocation_plans (
    id              INTEGER PRIMARY KEY,
    fund_id         BIGINT NOT NULL REFERENCES funds(id),
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('money', 'goods')),
    item_code       TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL,
    designation     TEXT NOT NULL DEFAULT '',
    method          TEXT NOT NULL,
    method_version  TEXT NOT NULL,
    params          TEXT NOT NULL,
    result          TEXT NOT NULL,
    total           TEXT NOT NULL,
    households      INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
    created_by      BIGINT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    approved_by     BIGINT,
    approved_at     TIMESTAMP,
    approved_on     TEXT,
    entry_id        BIGINT REFERENCES journal_entries(id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX allocation_plans_entry ON allocation_plans (entry_id);

CREATE TABLE plan_households (
    plan_id         BIGINT NOT NULL REFERENCES allocation_plans(id),
    household_id    BIGINT NOT NULL REFERENCES households(id),
    household_code  TEXT NOT NULL,
    district_code   TEXT NOT NULL,
    commune_code    TEXT NOT NULL,
    category        TEXT NOT NULL,
    members         INTEGER NOT NULL,
    amount          TEXT NOT NULL,
    PRIMARY KEY (plan_id, household_id)
);
CREATE INDEX plan_households_district ON plan_households (plan_id, district_code, household_code);

CREATE TABLE allocation_requests (
    id               INTEGER PRIMARY KEY,
    fund_id          BIGINT NOT NULL REFERENCES funds(id),
    district_code    TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('money', 'goods')),
    item_code        TEXT NOT NULL DEFAULT '',
    source           TEXT NOT NULL DEFAULT '',
    amount           TEXT NOT NULL,
    households       INTEGER NOT NULL,
    reason           TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    approved_amount  TEXT,
    decision_reason  TEXT NOT NULL DEFAULT '',
    created_by       BIGINT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    decided_by       BIGINT,
    decided_at       TIMESTAMP,
    entry_id         BIGINT REFERENCES journal_entries(id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX allocation_requests_district ON allocation_requests (district_code, id);
CREATE INDEX allocation_requests_entry ON allocation_requests (entry_id);

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    fund_id         BIGINT NOT NULL REFERENCES funds(id),
    plan_id         BIGINT REFERENCES allocation_plans(id),
    request_id      BIGINT REFERENCES allocation_requests(id),
    household_id    BIGINT REFERENCES households(id),
    organisation    TEXT NOT NULL DEFAULT '',
    district_code   TEXT NOT NULL,
    kind            TEXT NOT NULL,
    item_code       TEXT NOT NULL DEFAULT '',
    amount          TEXT NOT NULL,
    delivered_on    TEXT NOT NULL,
    handed_over_by  TEXT NOT NULL,
    proof           TEXT NOT NULL DEFAULT '',
    entry_id        BIGINT NOT NULL REFERENCES journal_entries(id) DEFERRABLE INITIALLY DEFERRED,
    created_by      BIGINT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
-- A household receives at most one package per plan.
CREATE UNIQUE INDEX deliveries_plan_household ON deliveries (plan_id, household_id);
CREATE INDEX deliveries_household ON deliveries (household_id);
CREATE INDEX deliveries_entry ON deliveries (entry_id);
CREATE INDEX deliveries_fund_date ON deliveries (fund_id, delivered_on);
