package ledger_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	rl "reliefledger"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

func TestPostBalancesAndTrialBalance(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		s := newLedger(t, db)
		bank, cash, rev := account(t, s, "POOR", "1120"), account(t, s, "POOR", "1110"), account(t, s, "POOR", "4100")
		e := mustPost(t, s, ledger.EntryInput{Date: day("2021-07-15"), Kind: ledger.KindAdjustment, Description: "opening bank",
			Postings: []ledger.PostingInput{{Account: ledger.AccountByCode("POOR", "1120"), Amount: d("1500000")}, {Account: ledger.AccountByID(rev.ID), Amount: d("-1500000")}}})
		if e.ID != 1 || e.PrevHash != ledger.GenesisHash || e.Hash != ledger.ComputeHash(e) {
			t.Fatalf("first entry: id %d prev %s hash ok %v", e.ID, e.PrevHash, e.Hash == ledger.ComputeHash(e))
		}
		e2 := mustPost(t, s, transfer(bank, cash, "500000"))
		if e2.ID != 2 || e2.PrevHash != e.Hash {
			t.Fatalf("second entry does not chain: %+v", e2)
		}
		wantBalance(t, s, bank, "VND", "1000000")
		wantBalance(t, s, cash, "VND", "500000")
		wantBalance(t, s, rev, "VND", "-1500000")

		got, err := s.Entry(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(e, got); diff != "" {
			t.Errorf("stored entry mismatch (-posted +read):\n%s", diff)
		}
		// as_of the day before the opening: nothing; on the day: the opening.
		_, bals, err := s.AccountBalances(context.Background(), bank.ID, ledger.NewDate(2021, 7, 14))
		if err != nil || bals[0].Amount.String() != "0" {
			t.Fatalf("as_of 2021-07-14: %v %v", bals, err)
		}
		_, bals, _ = s.AccountBalances(context.Background(), bank.ID, ledger.NewDate(2021, 7, 15))
		if bals[0].Amount.String() != "1500000" {
			t.Fatalf("as_of 2021-07-15: %v", bals)
		}
		tb, err := s.TrialBalanceOf(context.Background(), "POOR", ledger.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if tb.TotalDebit.String() != "1500000" || !tb.Balanced() {
			t.Errorf("trial balance: debit %s credit %s", tb.TotalDebit, tb.TotalCredit)
		}
		mustTrialBalanceZero(t, s, "COVID")
		r := mustVerifyClean(t, s)
		if r.Entries != 2 || r.Postings != 4 || r.Head.LastID != 2 {
			t.Errorf("verify counted %+v", r)
		}
	})
}

func TestPostRejectsBadInput(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		s := newLedger(t, db)
		bank, rev := account(t, s, "POOR", "1120"), account(t, s, "POOR", "4100")
		covidBank := account(t, s, "COVID", "1120")
		two := func(a, b string) []ledger.PostingInput {
			return []ledger.PostingInput{{Account: ledger.AccountByID(bank.ID), Amount: d(a)}, {Account: ledger.AccountByID(rev.ID), Amount: d(b)}}
		}
		tests := []struct {
			name  string
			in    ledger.EntryInput
			field string
			msg   string
		}{
			{"unbalanced", ledger.EntryInput{Description: "x", Postings: two("1000", "-999")}, "postings", "does not balance in fund POOR"},
			{"one posting", ledger.EntryInput{Description: "x", Postings: two("1000", "-1000")[:1]}, "postings", "between 2 and"},
			{"unknown account", ledger.EntryInput{Description: "x", Postings: []ledger.PostingInput{{Account: ledger.AccountByID(99999), Amount: d("1")}, {Account: ledger.AccountByID(rev.ID), Amount: d("-1")}}}, "postings[0].account_id", "no such account"},
			{"unknown account code", ledger.EntryInput{Description: "x", Postings: []ledger.PostingInput{{Account: ledger.AccountByCode("POOR", "9999"), Amount: d("1")}, {Account: ledger.AccountByID(rev.ID), Amount: d("-1")}}}, "postings[0].account_id", "no such account"},
			{"decimals on dong", ledger.EntryInput{Description: "x", Postings: two("12.345", "-12.345")}, "postings[0].amount", "whole number"},
			{"zero", ledger.EntryInput{Description: "x", Postings: two("0", "0")}, "postings[0].amount", "must not be zero"},
			{"too large", ledger.EntryInput{Description: "x", Postings: two("123456789012345678901", "-123456789012345678901")}, "postings[0].amount", "too large"},
			{"no description", ledger.EntryInput{Postings: two("1", "-1")}, "description", "is required"},
			{"future date", ledger.EntryInput{Date: day("2021-07-25"), Description: "x", Postings: two("1", "-1")}, "date", "future"},
			{"across funds", ledger.EntryInput{Description: "x", Postings: []ledger.PostingInput{{Account: ledger.AccountByID(bank.ID), Amount: d("5")}, {Account: ledger.AccountByID(covidBank.ID), Amount: d("-5")}}}, "postings", "fund COVID"},
			{"quantity without item", ledger.EntryInput{Description: "x", Postings: []ledger.PostingInput{{Account: ledger.AccountByID(bank.ID), Amount: d("5"), Quantity: d("1")}, {Account: ledger.AccountByID(rev.ID), Amount: d("-5")}}}, "postings[0].item", "is required"},
			{"unknown item", ledger.EntryInput{Description: "x", Postings: []ledger.PostingInput{{Account: ledger.AccountByID(bank.ID), Amount: d("5"), Item: "GOLD", Quantity: d("1")}, {Account: ledger.AccountByID(rev.ID), Amount: d("-5"), Item: "GOLD", Quantity: d("-1")}}}, "postings[0].item", "no such item"},
			{"too many rice decimals", ledger.EntryInput{Description: "x", Postings: []ledger.PostingInput{{Account: ledger.AccountByID(bank.ID), Amount: d("5"), Item: "RICE", Quantity: d("1.2345")}, {Account: ledger.AccountByID(rev.ID), Amount: d("-5"), Item: "RICE", Quantity: d("-1.2345")}}}, "postings[0].quantity", "at most 3 decimals"},
			{"fractional masks", ledger.EntryInput{Description: "x", Postings: []ledger.PostingInput{{Account: ledger.AccountByID(bank.ID), Amount: d("5"), Item: "MASKS", Quantity: d("1.5")}, {Account: ledger.AccountByID(rev.ID), Amount: d("-5"), Item: "MASKS", Quantity: d("-1.5")}}}, "postings[0].quantity", "whole number"},
			{"items unbalanced", ledger.EntryInput{Description: "x", Postings: []ledger.PostingInput{{Account: ledger.AccountByID(bank.ID), Amount: d("5"), Item: "RICE", Quantity: d("2")}, {Account: ledger.AccountByID(rev.ID), Amount: d("-5"), Item: "RICE", Quantity: d("-1")}}}, "postings", "quantities of item RICE"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := s.Post(context.Background(), ledger.Actor{UserID: 1}, tt.in)
				e := wantKind(t, err, rl.Invalid, "validation")
				found := false
				for _, f := range e.Fields {
					if f.Field == tt.field && strings.Contains(f.Message, tt.msg) {
						found = true
					}
				}
				if !found {
					t.Errorf("fields %+v lack %s: ...%s...", e.Fields, tt.field, tt.msg)
				}
			})
		}
		r := mustVerifyClean(t, s)
		if r.Entries != 0 {
			t.Errorf("bad input wrote %d entries", r.Entries)
		}
		_, _, err := s.PostManual(context.Background(), ledger.Actor{UserID: 1}, ledger.EntryInput{Kind: ledger.KindDonation, Description: "x", Postings: two("1", "-1")})
		wantKind(t, err, rl.Invalid, "validation")
	})
}

// TestNoOverdraftUnderConcurrency: 64 goroutines each take 1,000 đ from an
// account holding 50,000 đ; exactly 50 succeed.
func TestNoOverdraftUnderConcurrency(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		s := newLedger(t, db)
		bank, cash := account(t, s, "POOR", "1120"), account(t, s, "POOR", "1110")
		fund(t, s, "POOR", bank, "50000")
		var ok, refused int64
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := 0; i < 64; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := s.Post(context.Background(), ledger.Actor{UserID: 1}, transfer(bank, cash, "1000"))
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					ok++
					return
				}
				if e, isRL := rl.AsError(err); isRL && e.Code == "insufficient-balance" && strings.Contains(e.Message, "POOR:1120") {
					refused++
					return
				}
				t.Errorf("unexpected error: %v", err)
			}()
		}
		wg.Wait()
		if ok != 50 || refused != 14 {
			t.Fatalf("succeeded %d, refused %d; want 50 and 14", ok, refused)
		}
		wantBalance(t, s, bank, "VND", "0")
		wantBalance(t, s, cash, "VND", "50000")
		mustTrialBalanceZero(t, s, "POOR")
		mustVerifyClean(t, s)
	})
}

// TestCrossTransfersNoDeadlock moves money both ways between pairs of
// accounts at once; no deadlock or serialization error reaches the caller.
func TestCrossTransfersNoDeadlock(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		s := newLedger(t, db)
		accs := []ledger.Account{account(t, s, "POOR", "1110"), account(t, s, "POOR", "1120"), account(t, s, "POOR", "1150"), account(t, s, "POOR", "1310")}
		for _, a := range accs {
			fund(t, s, "POOR", a, "100000")
		}
		var wg sync.WaitGroup
		errs := make(chan error, 256)
		for i := 0; i < 64; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				a, b := accs[i%4], accs[(i+1)%4]
				if i%2 == 1 {
					a, b = b, a
				}
				for j := 0; j < 4; j++ {
					if _, _, err := s.Post(context.Background(), ledger.Actor{UserID: 1}, transfer(a, b, "100")); err != nil {
						errs <- err
					}
				}
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("transfer failed: %v", err)
		}
		mustTrialBalanceZero(t, s, "POOR")
		r := mustVerifyClean(t, s)
		if r.Entries != 4+256 {
			t.Errorf("entries = %d, want 260", r.Entries)
		}
	})
}

func TestIdempotency(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		s := newLedger(t, db)
		bank, rev := account(t, s, "POOR", "1120"), account(t, s, "POOR", "4100")
		in := ledger.EntryInput{Description: "donation 42", Postings: []ledger.PostingInput{{Account: ledger.AccountByID(bank.ID), Amount: d("1000")}, {Account: ledger.AccountByID(rev.ID), Amount: d("-1000")}}}
		key := &ledger.IdemRecord{IdemKey: ledger.IdemKey{Scope: "user:1", Key: "k-1"}, RequestHash: "h1"}
		var wg sync.WaitGroup
		ids := make([]int64, 32)
		replays := make([]bool, 32)
		for i := range ids {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				e, replayed, err := s.Post(context.Background(), ledger.Actor{UserID: 1, Idem: key}, in)
				if err != nil {
					t.Errorf("post %d: %v", i, err)
				}
				ids[i], replays[i] = e.ID, replayed
			}(i)
		}
		wg.Wait()
		fresh := 0
		for i := range ids {
			if ids[i] != ids[0] {
				t.Fatalf("answers differ: %v", ids)
			}
			if !replays[i] {
				fresh++
			}
		}
		if fresh != 1 {
			t.Errorf("%d requests claim to be first, want 1", fresh)
		}
		wantBalance(t, s, bank, "VND", "1000")
		other := &ledger.IdemRecord{IdemKey: key.IdemKey, RequestHash: "h2"}
		_, _, err := s.Post(context.Background(), ledger.Actor{UserID: 1, Idem: other}, in)
		wantKind(t, err, rl.Conflict, "idempotency-mismatch")
		// Another user may use the same key string for their own request.
		theirs := &ledger.IdemRecord{IdemKey: ledger.IdemKey{Scope: "user:2", Key: "k-1"}, RequestHash: "h1"}
		e, replayed, err := s.Post(context.Background(), ledger.Actor{UserID: 2, Idem: theirs}, in)
		if err != nil || replayed || e.ID == ids[0] {
			t.Errorf("other user's key: id %d replayed %v err %v", e.ID, replayed, err)
		}
		r := mustVerifyClean(t, s)
		if r.Entries != 2 {
			t.Errorf("entries = %d, want 2", r.Entries)
		}
	})
}

func TestReverse(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newLedger(t, db)
		bank, cash := account(t, s, "POOR", "1120"), account(t, s, "POOR", "1110")
		fund(t, s, "POOR", bank, "3000")
		e := mustPost(t, s, transfer(bank, cash, "1000"))
		rev, _, err := s.Reverse(ctx, ledger.Actor{UserID: 1}, e.ID, "wrong account", ledger.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if rev.Kind != ledger.KindReversal || rev.ReversesID != e.ID || rev.Postings[0].Amount.String() != "-1000" {
			t.Errorf("reversal = %+v", rev)
		}
		wantBalance(t, s, bank, "VND", "3000")
		wantBalance(t, s, cash, "VND", "0")
		_, _, err = s.Reverse(ctx, ledger.Actor{UserID: 1}, e.ID, "again", ledger.Date{})
		wantKind(t, err, rl.Conflict, "already-reversed")
		_, _, err = s.Reverse(ctx, ledger.Actor{UserID: 1}, rev.ID, "undo the undo", ledger.Date{})
		wantKind(t, err, rl.Conflict, "already-reversed")
		_, _, err = s.Reverse(ctx, ledger.Actor{UserID: 1}, 999, "nothing", ledger.Date{})
		wantKind(t, err, rl.NotFound, "")
		_, _, err = s.Reverse(ctx, ledger.Actor{UserID: 1}, 1, " ", ledger.Date{})
		wantKind(t, err, rl.Invalid, "validation")
		// Reversing the funding would take the bank below zero once spent.
		mustPost(t, s, transfer(bank, cash, "2500"))
		_, _, err = s.Reverse(ctx, ledger.Actor{UserID: 1}, 1, "donation bounced", ledger.Date{})
		wantKind(t, err, rl.Conflict, "insufficient-balance")
		// Concurrent reversals of one entry: exactly one wins.
		e2 := mustPost(t, s, transfer(cash, bank, "100"))
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := s.Reverse(ctx, ledger.Actor{UserID: 1}, e2.ID, "race", ledger.Date{}); err == nil {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("%d concurrent reversals won, want 1", wins)
		}
		mustVerifyClean(t, s)
		mustTrialBalanceZero(t, s, "POOR")
	})
}

func TestGoodsQuantities(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		s := newLedger(t, db)
		goods, rev, aid := account(t, s, "COVID", "1150"), account(t, s, "COVID", "4200"), account(t, s, "COVID", "5100")
		mustPost(t, s, ledger.EntryInput{Description: "rice in", Postings: []ledger.PostingInput{
			{Account: ledger.AccountByID(goods.ID), Amount: d("12000000"), Item: "RICE", Quantity: d("1000.5")},
			{Account: ledger.AccountByID(rev.ID), Amount: d("-12000000"), Item: "RICE", Quantity: d("-1000.5")}}})
		wantBalance(t, s, goods, "RICE", "1000.5")
		wantBalance(t, s, goods, "VND", "12000000")
		_, _, err := s.Post(context.Background(), ledger.Actor{UserID: 1}, ledger.EntryInput{Description: "too much rice", Postings: []ledger.PostingInput{
			{Account: ledger.AccountByID(aid.ID), Amount: d("0"), Item: "RICE", Quantity: d("1000.501")},
			{Account: ledger.AccountByID(goods.ID), Amount: d("0"), Item: "RICE", Quantity: d("-1000.501")}}})
		e := wantKind(t, err, rl.Conflict, "insufficient-balance")
		if !strings.Contains(e.Message, "COVID:1150") || !strings.Contains(e.Message, "RICE") {
			t.Errorf("message %q does not name the account and item", e.Message)
		}
		mustPost(t, s, ledger.EntryInput{Description: "rice out", Postings: []ledger.PostingInput{
			{Account: ledger.AccountByID(aid.ID), Amount: d("12000000"), Item: "RICE", Quantity: d("1000.5")},
			{Account: ledger.AccountByID(goods.ID), Amount: d("-12000000"), Item: "RICE", Quantity: d("-1000.5")}}})
		wantBalance(t, s, goods, "RICE", "0")
		mustVerifyClean(t, s)
	})
}

// TestTamperingIsDetected edits the database behind the service's back, as
// someone with database access could, and expects verify to name the entry
// and the account.
func TestTamperingIsDetected(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newLedger(t, db)
		bank, cash := account(t, s, "POOR", "1120"), account(t, s, "POOR", "1110")
		fund(t, s, "POOR", bank, "5000")
		mustPost(t, s, transfer(bank, cash, "1000"))
		mustPost(t, s, transfer(bank, cash, "2000"))

		err := db.Exec(ctx, `UPDATE postings SET amount = '7000' WHERE entry_id = 2 AND line = 1`)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("the append-only trigger let an update through: %v", err)
		}
		if db.Postgres() {
			mustExec(t, db, `ALTER TABLE postings DISABLE TRIGGER postings_append_only`)
		} else {
			mustExec(t, db, `DROP TRIGGER postings_no_update`)
		}
		mustExec(t, db, `UPDATE postings SET amount = '1500' WHERE entry_id = 2 AND line = 1`)

		r, err := s.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, p := range r.Problems {
			kinds = append(kinds, fmt.Sprintf("%s:%d:%d", p.Kind, p.EntryID, p.AccountID))
		}
		// The balance history of that date disagrees with the edited
		// posting too.
		want := []string{"hash:2:0", "unbalanced:2:0", fmt.Sprintf("balance:0:%d", cash.ID), fmt.Sprintf("history:0:%d", cash.ID)}
		if diff := cmp.Diff(want, kinds); diff != "" {
			t.Errorf("verify problems mismatch (-want +got):\n%s\n%+v", diff, r.Problems)
		}
	})
}

func mustExec(tb testing.TB, db *store.DB, q string) {
	tb.Helper()
	if err := db.Exec(context.Background(), q); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
}

func TestCreateFundAndAccount(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newLedger(t, db)
		key := &ledger.IdemRecord{IdemKey: ledger.IdemKey{Scope: "user:1", Key: "fund-yagi"}, RequestHash: "a"}
		f, replayed, err := s.CreateFund(ctx, ledger.Actor{UserID: 1, Idem: key}, ledger.FundInput{Code: "yagi2024", NameVI: "Quỹ bão Yagi"})
		if err != nil || replayed || f.Code != "YAGI2024" {
			t.Fatalf("create fund: %+v %v %v", f, replayed, err)
		}
		f2, replayed, err := s.CreateFund(ctx, ledger.Actor{UserID: 1, Idem: key}, ledger.FundInput{Code: "yagi2024", NameVI: "Quỹ bão Yagi"})
		if err != nil || !replayed || f2.ID != f.ID {
			t.Fatalf("replay fund: %+v %v %v", f2, replayed, err)
		}
		_, _, err = s.CreateFund(ctx, ledger.Actor{UserID: 1}, ledger.FundInput{Code: "YAGI2024", NameVI: "again"})
		wantKind(t, err, rl.Conflict, "duplicate")
		_, _, err = s.CreateFund(ctx, ledger.Actor{UserID: 1}, ledger.FundInput{Code: "y", NameVI: ""})
		e := wantKind(t, err, rl.Invalid, "validation")
		if len(e.Fields) != 2 {
			t.Errorf("fields = %+v", e.Fields)
		}
		account(t, s, "YAGI2024", "1120")

		acc, _, err := s.CreateAccount(ctx, ledger.Actor{UserID: 1}, ledger.AccountInput{Fund: "POOR", Code: "1310.KS", Name: "Allocated to Kế Sách", Type: ledger.Asset, Dimensions: ledger.Dimensions{District: "KS"}})
		if err != nil || !acc.NonNegative || acc.Dimensions.District != "KS" {
			t.Fatalf("create account: %+v %v", acc, err)
		}
		_, _, err = s.CreateAccount(ctx, ledger.Actor{UserID: 1}, ledger.AccountInput{Fund: "POOR", Code: "1310.KS", Name: "x", Type: ledger.Asset})
		wantKind(t, err, rl.Conflict, "duplicate")
		_, _, err = s.CreateAccount(ctx, ledger.Actor{UserID: 1}, ledger.AccountInput{Fund: "NOPE", Code: "1", Name: "x", Type: "cash"})
		e = wantKind(t, err, rl.Invalid, "validation")
		if len(e.Fields) != 2 {
			t.Errorf("fields = %+v", e.Fields)
		}
		mustVerifyClean(t, s)
	})
}
