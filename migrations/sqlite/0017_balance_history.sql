-- Reads that do not grow with the journal (issue 18).
--
-- balance_days is the balance history: for each balance row (an account's
-- đồng, or its quantity of an item, as in balances) what the postings of
-- each accounting date moved it by, added to in the transaction that
-- appends the entries (store/balance_history.go). A balance on a past date
-- is the sum of its row's days up to that date (a few hundred rows, not
-- every posting), a trial balance one grouped read of the fund's days, and
-- a back-dated entry's non-negativity check reads the days after its date.
-- Every posting moves its account's đồng row (by its amount, which may be
-- zero) and, when it names an item, that item's row by its quantity.
--
-- entry_funds lists the funds whose accounts each entry posts to, so that
-- the journal of one fund pages by its key (fund, entry) instead of
-- searching every posting for each page.
--
-- Both are derived from the postings and checked against them by verify.
-- Amounts are text, as everywhere here. The sums below are exact: đồng
-- amounts are whole numbers (summed as integers), quantities have at most
-- six decimals (summed in millionths, then written back as decimals).
CREATE TABLE balance_days (
    account_id  BIGINT NOT NULL REFERENCES accounts(id),
    asset       TEXT NOT NULL,
    day         TEXT NOT NULL,
    amount      TEXT NOT NULL,
    PRIMARY KEY (account_id, asset, day)
) WITHOUT ROWID;

INSERT INTO balance_days (account_id, asset, day, amount)
SELECT p.account_id, 'VND', e.entry_date, CAST(SUM(CAST(p.amount AS INTEGER)) AS TEXT)
FROM postings p JOIN journal_entries e ON e.id = p.entry_id
GROUP BY p.account_id, e.entry_date;

INSERT INTO balance_days (account_id, asset, day, amount)
SELECT account_id, item_code, entry_date,
    CASE WHEN m < 0 THEN '-' ELSE '' END || (abs(m) / 1000000) || '.' || printf('%06d', abs(m) % 1000000)
FROM (
    SELECT p.account_id, p.item_code, e.entry_date,
        SUM(CAST(round(CAST(COALESCE(p.quantity, '0') AS REAL) * 1000000) AS INTEGER)) AS m
    FROM postings p JOIN journal_entries e ON e.id = p.entry_id
    WHERE p.item_code IS NOT NULL
    GROUP BY p.account_id, p.item_code, e.entry_date
);

CREATE TABLE entry_funds (
    fund_id   BIGINT NOT NULL,
    entry_id  BIGINT NOT NULL,
    PRIMARY KEY (fund_id, entry_id)
) WITHOUT ROWID;

INSERT INTO entry_funds (fund_id, entry_id)
SELECT DISTINCT a.fund_id, p.entry_id
FROM postings p JOIN accounts a ON a.id = p.account_id;
