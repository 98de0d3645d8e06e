-- The latest accounting date that moved each balance row. An entry dated on
-- or after it can be checked against the running balance alone; an entry
-- dated before it (back-dated) is checked against every later date too, so
-- that no asset account is negative on any date (see ledger.checkNonNegative).
ALTER TABLE balances ADD COLUMN last_date TEXT;

UPDATE balances SET last_date = (
    SELECT MAX(e.entry_date)
    FROM postings p JOIN journal_entries e ON e.id = p.entry_id
    WHERE p.account_id = balances.account_id
      AND (balances.asset = 'VND' OR p.item_code = balances.asset)
);
