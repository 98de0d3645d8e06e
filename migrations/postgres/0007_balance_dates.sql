-- The latest accounting date that moved each balance row. An entry dated on
-- or after it can be checked against the running balance alone; an entry
-- dated before it (back-dated) is checked against every later date too, so
-- that no asset account is negative on any date (see ledger.checkNonNegative).
ALTER TABLE balances ADD COLUMN last_date DATE;

UPDATE balances AS b SET last_date = x.d
FROM (
    SELECT p.account_id, 'VND' AS asset, MAX(e.entry_date) AS d
    FROM postings p JOIN journal_entries e ON e.id = p.entry_id
    GROUP BY p.account_id
    UNION ALL
    SELECT p.account_id, p.item_code, MAX(e.entry_date)
    FROM postings p JOIN journal_entries e ON e.id = p.entry_id
    WHERE p.item_code IS NOT NULL
    GROUP BY p.account_id, p.item_code
) AS x
WHERE b.account_id = x.account_id AND b.asset = x.asset;
