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
CREATE TABLE balance_days (
    account_id  BIGINT NOT NULL REFERENCES accounts(id),
    asset       TEXT NOT NULL,
    day         DATE NOT NULL,
    amount      NUMERIC(38, 6) NOT NULL,
    PRIMARY KEY (account_id, asset, day)
);

INSERT INTO balance_days (account_id, asset, day, amount)
SELECT account_id, asset, day, SUM(amount)
FROM (
    SELECT p.account_id, 'VND' AS asset, e.entry_date AS day, p.amount
    FROM postings p JOIN journal_entries e ON e.id = p.entry_id
    UNION ALL
    SELECT p.account_id, p.item_code, e.entry_date, COALESCE(p.quantity, 0)
    FROM postings p JOIN journal_entries e ON e.id = p.entry_id
    WHERE p.item_code IS NOT NULL
) AS x
GROUP BY account_id, asset, day
ORDER BY account_id, asset, day;

CREATE TABLE entry_funds (
    fund_id   BIGINT NOT NULL,
    entry_id  BIGINT NOT NULL,
    PRIMARY KEY (fund_id, entry_id)
);

INSERT INTO entry_funds (fund_id, entry_id)
SELECT DISTINCT a.fund_id, p.entry_id
FROM postings p JOIN accounts a ON a.id = p.account_id
ORDER BY 1, 2;

ANALYZE balance_days;
ANALYZE entry_funds;
