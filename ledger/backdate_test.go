package ledger_test

import (
	"context"
	"strings"
	"testing"

	rl "reliefledger"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestNoNegativeOnAnyDate: an entry dated D may not make an asset account
// negative on D or on any later date, so money cannot be spent before it
// arrived, nor spent twice by back-dating past a later spend.
func TestNoNegativeOnAnyDate(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newLedger(t, db) // today is 2021-07-20
		bank, rev, out := account(t, s, "POOR", "1120"), account(t, s, "POOR", "4100"), account(t, s, "POOR", "5100")
		in := transfer(rev, bank, "1000000")
		in.Date = day("2021-07-15")
		mustPost(t, s, in)
		spend := func(date, amount string) error {
			e := transfer(bank, out, amount)
			e.Date = day(date)
			_, _, err := s.Post(ctx, ledger.Actor{UserID: 1}, e)
			return err
		}
		refused := func(err error, on string) {
			t.Helper()
			e := wantKind(t, err, rl.Conflict, "insufficient-balance")
			if !strings.Contains(e.Message, "below zero on "+on) {
				t.Errorf("refusal does not name the date %s: %s", on, e.Message)
			}
		}
		refused(spend("2021-07-10", "500000"), "2021-07-10") // before the money arrived
		if err := spend("2021-07-18", "500000"); err != nil {
			t.Fatal(err)
		}
		// On the 16th there was 1,000,000, but 500,000 of it is spent on the
		// 18th: 600,000 on the 16th would leave the 18th at -100,000.
		refused(spend("2021-07-16", "600000"), "2021-07-18")
		if err := spend("2021-07-16", "400000"); err != nil {
			t.Fatal(err)
		}
		if err := spend("2021-07-19", "100001"); err == nil {
			t.Error("overdraft on the latest date accepted")
		}
		wantBalance(t, s, bank, ledger.AssetVND, "100000")
		mustVerifyClean(t, s)
	})
}

// TestVerifyFindsNegativeDays: verify recomputes every non-negative
// account's balance at the end of each date and reports the first date it
// was below zero, whatever wrote it there.
func TestVerifyFindsNegativeDays(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newLedger(t, db)
		rev := account(t, s, "POOR", "4100")
		f, _ := s.Fund(ctx, "POOR")
		no := false
		acc, _, err := s.CreateAccount(ctx, ledger.Actor{}, ledger.AccountInput{Fund: "POOR", Code: "1199", Name: "float", Type: ledger.Asset, NonNegative: &no})
		if err != nil {
			t.Fatal(err)
		}
		e := transfer(acc, rev, "700")
		e.Date = day("2021-07-12")
		mustPost(t, s, e)
		e = transfer(rev, acc, "700")
		e.Date = day("2021-07-14")
		mustPost(t, s, e)
		mustVerifyClean(t, s) // the account may go negative
		if err := db.Exec(ctx, `UPDATE accounts SET non_negative = ? WHERE id = ?`, true, acc.ID); err != nil {
			t.Fatal(err)
		}
		r, err := ledger.NewService(db.Ledger(), ledger.Options{}).Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Problems) != 1 || r.Problems[0].Kind != "negative" || !strings.Contains(r.Problems[0].Detail, "end of 2021-07-12 is -700") {
			t.Errorf("verify of a day below zero: %+v", r.Problems)
		}
		_ = f
	})
}
