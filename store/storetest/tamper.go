package storetest

import (
	"context"
	"testing"

	"reliefledger/ledger"
	"reliefledger/store"
)

// Truncate plays an attacker with write access to the database who hides
// the newest entries: it drops the journal's append-only guards (they stay
// dropped), deletes every entry after keep with its postings, sets each
// stored balance and the balance history (and the funds' lists of
// entries) to what the remaining postings make and moves the head back to
// entry keep. The hash chain that is left verifies: only a
// checkpoint kept elsewhere shows what is missing.
func Truncate(tb testing.TB, db *store.DB, keep int64) {
	tb.Helper()
	ctx := context.Background()
	type step struct {
		query string
		args  []any
	}
	steps := []step{{`DROP TRIGGER postings_no_delete`, nil}, {`DROP TRIGGER journal_entries_no_delete`, nil}}
	if db.Postgres() {
		steps = []step{{`ALTER TABLE postings DISABLE TRIGGER postings_append_only`, nil},
			{`ALTER TABLE journal_entries DISABLE TRIGGER journal_entries_append_only`, nil}}
	}
	steps = append(steps,
		step{`DELETE FROM postings WHERE entry_id > ?`, []any{keep}},
		step{`DELETE FROM journal_entries WHERE id > ?`, []any{keep}},
		step{`UPDATE journal_head SET last_id = ?, last_hash = COALESCE((SELECT hash FROM journal_entries WHERE id = ?), ?) WHERE id = 1`,
			[]any{keep, keep, ledger.GenesisHash}},
		step{`DELETE FROM entry_funds WHERE entry_id > ?`, []any{keep}},
		step{`DELETE FROM balance_days`, nil},
		step{`UPDATE balances SET amount = '0'`, nil})
	for _, s := range steps {
		if err := db.Exec(ctx, s.query, s.args...); err != nil {
			tb.Fatalf("truncate the journal after entry %d: %s: %v", keep, s.query, err)
		}
	}
	// The balance history, as the remaining postings move it.
	var kept []ledger.Entry
	if err := db.Ledger().EachEntry(ctx, ledger.EntryFilter{}, func(e ledger.Entry) error { kept = append(kept, e); return nil }); err != nil {
		tb.Fatal(err)
	}
	moved := ledger.DayMovements(kept)
	for _, k := range ledger.SortedDayKeys(moved) {
		if err := db.Exec(ctx, `INSERT INTO balance_days (account_id, asset, day, amount) VALUES (?, ?, ?, ?)`,
			k.AccountID, k.Asset, k.Date, moved[k].String()); err != nil {
			tb.Fatalf("truncate: rewrite the balance history: %v", err)
		}
	}
	far := ledger.NewDate(9999, 12, 31)
	sums, err := db.Ledger().BalancesAsOf(ctx, far, 0)
	if err != nil {
		tb.Fatal(err)
	}
	for _, b := range sums {
		if err := db.Exec(ctx, `UPDATE balances SET amount = ? WHERE account_id = ? AND asset = ?`, b.Amount.String(), b.AccountID, b.Asset); err != nil {
			tb.Fatalf("truncate: roll back the balance of account %d: %v", b.AccountID, err)
		}
	}
}
