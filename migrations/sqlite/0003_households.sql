-- The household registry and its administrative units.

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    parent_code TEXT NOT NULL DEFAULT '',
    level       INTEGER NOT NULL,
    scheme      TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL DEFAULT '',
    seq         INTEGER NOT NULL
);

CREATE TABLE region_mappings (
    old_code    TEXT NOT NULL,
    new_code    TEXT NOT NULL,
    effective   TEXT NOT NULL,
    PRIMARY KEY (old_code, new_code)
);

CREATE TABLE households (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    head_name      TEXT NOT NULL,
    search_text    TEXT NOT NULL,
    national_id    TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    commune_code   TEXT NOT NULL REFERENCES regions(code),
    district_code  TEXT NOT NULL DEFAULT '',
    hamlet         TEXT NOT NULL DEFAULT '',
    category       TEXT NOT NULL CHECK (category IN ('poor', 'near_poor')),
    members        INTEGER NOT NULL CHECK (members BETWEEN 1 AND 50),
    flags          TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('active', 'graduated', 'moved', 'dissolved')),
    synthetic      INTEGER NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX households_national_id ON households (national_id) WHERE national_id <> '';
CREATE INDEX households_district ON households (district_code, category, id);
CREATE INDEX households_commune ON households (commune_code, id);

CREATE TABLE household_changes (
    household_id  BIGINT NOT NULL REFERENCES households(id),
    version       INTEGER NOT NULL,
    changed_at    TIMESTAMP NOT NULL,
    changed_by    BIGINT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    fields        TEXT NOT NULL,
    PRIMARY KEY (household_id, version)
);
