-- Campaigns: a fund's appeal periods (cuộc vận động) as data, each with
-- the rule set it answers to (a code of the rules package's table, fixed
-- when the campaign is created), so that "received during the appeal" and
-- "delivered within the deadline" are about a named campaign. The target
-- is TEXT, as every amount on SQLite.

CREATE TABLE campaigns (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    fund_id        BIGINT NOT NULL REFERENCES funds(id),
    name           TEXT NOT NULL,
    mobilise_from  TEXT NOT NULL,
    mobilise_to    TEXT NOT NULL CHECK (mobilise_to >= mobilise_from),
    rule_set       TEXT NOT NULL,
    target_amount  TEXT,
    created_at     TIMESTAMP NOT NULL,
    created_by     BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX campaigns_fund ON campaigns (fund_id, id);
