package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/shopspring/decimal"

	"reliefledger/ledger"
)

// The balance history and the journal's funds (migration 0014): what each
// accounting date moved each balance row by (balance_days), and which
// funds each entry posts to (entry_funds). Both are derived from the
// postings, written in the transaction that appends them, and checked
// against them by verify (ledger.Verify for the history, CheckIntegrity for
// the funds). They make a balance on a past date, a trial balance and a
// page of one fund's journal cost what a few hundred days or one page
// cost, however long the journal grows.

const (
	sqlDaysPG = `INSERT INTO balance_days AS d (account_id, asset, day, amount)
	SELECT acc, asset, day::date, amt::numeric FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS x(acc, asset, day, amt)
	ON CONFLICT (account_id, asset, day) DO UPDATE SET amount = d.amount + excluded.amount`
	sqlEntryFundsPG = `INSERT INTO entry_funds (fund_id, entry_id)
	SELECT DISTINCT a.fund_id, x.eid FROM unnest($1::bigint[], $2::bigint[]) AS x(eid, acc) JOIN accounts a ON a.id = x.acc`
)

// appendHistory adds the entries' movements to the balance history, one
// row per balance row and date however many entries of the batch moved it,
// and lists the entries under their funds. Append calls it after inserting
// the postings; on PostgreSQL both statements wait in the pipeline with
// the append (no round trip of their own).
func (t *Tx) appendHistory(entries []ledger.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	moved := ledger.DayMovements(entries)
	keys := ledger.SortedDayKeys(moved)
	if t.pg != nil {
		acc, asset, day, amt := make([]int64, len(keys)), make([]string, len(keys)), make([]string, len(keys)), make([]string, len(keys))
		for i, k := range keys {
			acc[i], asset[i], day[i], amt[i] = k.AccountID, k.Asset, k.Date.String(), moved[k].String()
		}
		t.pg.queue(sqlDaysPG, acc, asset, day, amt)
		if len(entries) >= copyMin {
			return t.entryFundsCopy(entries)
		}
		var eid, eacc []int64
		for _, e := range entries {
			for i, p := range e.Postings {
				if i == 0 || p.AccountID != e.Postings[i-1].AccountID {
					eid, eacc = append(eid, e.ID), append(eacc, p.AccountID)
				}
			}
		}
		t.pg.queue(sqlEntryFundsPG, eid, eacc)
		return nil
	}
	// SQLite keeps amounts as text: the stored days are read, added to
	// here in decimals and written back.
	have := make(map[ledger.DayKey]decimal.Decimal, len(keys))
	const per = 100
	for start := 0; start < len(keys); start += per {
		part := keys[start:min(start+per, len(keys))]
		rs := make(valueRows, len(part))
		for i, k := range part {
			rs[i] = []any{k.AccountID, k.Asset, k.Date}
		}
		err := t.each(`SELECT account_id, asset, day, amount FROM balance_days WHERE (account_id, asset, day) IN (VALUES ?)`, []any{rs},
			func(scan func(...any) error) error {
				var d ledger.DayBalance
				if err := scan(&d.AccountID, &d.Asset, &d.Date, &d.Amount); err != nil {
					return err
				}
				have[d.Key()] = d.Amount
				return nil
			})
		if err != nil {
			return fmt.Errorf("read balance history: %w", err)
		}
	}
	const rowsPer = 32
	for start := 0; start < len(keys); start += rowsPer {
		part := keys[start:min(start+rowsPer, len(keys))]
		rs := make(valueRows, len(part))
		for i, k := range part {
			rs[i] = []any{k.AccountID, k.Asset, k.Date, have[k].Add(moved[k]).String()}
		}
		if _, err := t.exec(`INSERT INTO balance_days (account_id, asset, day, amount) VALUES ?
			ON CONFLICT (account_id, asset, day) DO UPDATE SET amount = excluded.amount`, rs); err != nil {
			return fmt.Errorf("write balance history: %w", err)
		}
	}
	first, last := entries[0].ID, entries[0].ID
	for _, e := range entries {
		first, last = min(first, e.ID), max(last, e.ID)
	}
	if _, err := t.exec(`INSERT INTO entry_funds (fund_id, entry_id)
		SELECT DISTINCT a.fund_id, p.entry_id FROM postings p JOIN accounts a ON a.id = p.account_id
		WHERE p.entry_id BETWEEN ? AND ? ON CONFLICT DO NOTHING`, first, last); err != nil {
		return fmt.Errorf("list entries under their funds: %w", err)
	}
	return nil
}

// DailyChanges implements ledger.Tx from the balance history.
func (t *Tx) DailyChanges(k ledger.BalanceKey, after ledger.Date) ([]ledger.DayChange, error) {
	var out []ledger.DayChange
	err := t.each(`SELECT day, amount FROM balance_days WHERE account_id = ? AND asset = ? AND day > ? ORDER BY day`,
		[]any{k.AccountID, k.Asset, after}, func(scan func(...any) error) error {
			var c ledger.DayChange
			err := scan(&c.Date, &c.Amount)
			out = append(out, c)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("daily changes of account %d %s: %w", k.AccountID, k.Asset, err)
	}
	return out, nil
}

// BalancesAsOf implements ledger.Store: the sum of each balance row's
// days up to asOf. PostgreSQL sums in SQL; SQLite keeps amounts as text,
// so its days are summed here.
func (l *Ledger) BalancesAsOf(ctx context.Context, asOf ledger.Date, fundID int64, ids ...int64) ([]ledger.Balance, error) {
	where, args := ` WHERE day <= ?`, []any{asOf}
	if len(ids) > 0 {
		where += ` AND account_id IN (?)`
		args = append(args, listOf(ids))
	} else if fundID != 0 {
		where += ` AND account_id IN (SELECT id FROM accounts WHERE fund_id = ?)`
		args = append(args, fundID)
	}
	var out []ledger.Balance
	if l.db.pg {
		err := l.db.read.each(ctx, `SELECT account_id, asset, SUM(amount) FROM balance_days`+where+` GROUP BY account_id, asset ORDER BY account_id, asset`, args,
			func(scan func(...any) error) error {
				var b ledger.Balance
				err := scan(&b.AccountID, &b.Asset, &b.Amount)
				out = append(out, b)
				return err
			})
		if err != nil {
			return nil, fmt.Errorf("sum balance history: %w", err)
		}
		return out, nil
	}
	err := l.db.read.each(ctx, `SELECT account_id, asset, amount FROM balance_days`+where+` ORDER BY account_id, asset`, args,
		func(scan func(...any) error) error {
			var b ledger.Balance
			if err := scan(&b.AccountID, &b.Asset, &b.Amount); err != nil {
				return err
			}
			if n := len(out); n > 0 && out[n-1].AccountID == b.AccountID && out[n-1].Asset == b.Asset {
				out[n-1].Amount = out[n-1].Amount.Add(b.Amount)
			} else {
				out = append(out, b)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("sum balance history: %w", err)
	}
	return out, nil
}

// balanceHistory reads every stored day (for verify).
func (l *Ledger) balanceHistory(ctx context.Context, q runner) ([]ledger.DayBalance, error) {
	var out []ledger.DayBalance
	err := q.each(ctx, `SELECT account_id, asset, day, amount FROM balance_days`, nil, func(scan func(...any) error) error {
		var d ledger.DayBalance
		err := scan(&d.AccountID, &d.Asset, &d.Date, &d.Amount)
		out = append(out, d)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read balance history: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key().Less(out[j].Key()) })
	return out, nil
}

// checkEntryFunds finds entries missing from the list of their fund's
// entries (a page of that fund's journal would skip them) and listed
// entries that do not post to the fund.
func (db *DB) checkEntryFunds(ctx context.Context) ([]IntegrityProblem, error) {
	const posted = `SELECT DISTINCT a.fund_id, p.entry_id FROM postings p JOIN accounts a ON a.id = p.account_id`
	var out []IntegrityProblem
	for _, c := range []struct{ query, say string }{
		{posted + ` EXCEPT SELECT fund_id, entry_id FROM entry_funds`, "journal entry %d posts to fund %d but is not listed among the fund's entries (entry_funds): the fund's journal skips it"},
		{`SELECT fund_id, entry_id FROM entry_funds EXCEPT ` + posted, "journal entry %[1]d is listed among the entries of fund %[2]d (entry_funds) but posts nothing to it"},
	} {
		err := db.read.each(ctx, `SELECT fund_id, entry_id FROM (`+c.query+`) AS x ORDER BY entry_id, fund_id LIMIT `+fmt.Sprint(maxProblemsPerCheck), nil,
			func(scan func(...any) error) error {
				var fund, entry int64
				if err := scan(&fund, &entry); err != nil {
					return err
				}
				out = append(out, IntegrityProblem{"entry funds", fmt.Sprintf(c.say, entry, fund)})
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
