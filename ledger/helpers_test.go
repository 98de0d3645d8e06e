package ledger_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/ledger"
	"reliefledger/store"
)

// clock is a fixed, manually advanced time for exact timestamps.
type clock struct{ t atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.t.Store(time.Date(2021, 7, 20, 3, 0, 0, 0, time.UTC).UnixMicro())
	return c
}

func (c *clock) now() time.Time { return time.UnixMicro(c.t.Add(1)).UTC() }

// newLedger returns a ledger service on db with the seeded funds.
func newLedger(tb testing.TB, db *store.DB) *ledger.Service {
	tb.Helper()
	s := ledger.NewService(db.Ledger(), ledger.Options{Now: newClock().now})
	tb.Cleanup(s.Close)
	if err := s.SeedFunds(context.Background()); err != nil {
		tb.Fatalf("seed funds: %v", err)
	}
	return s
}

func account(tb testing.TB, s *ledger.Service, fund, code string) ledger.Account {
	tb.Helper()
	f, err := s.Fund(context.Background(), fund)
	if err != nil {
		tb.Fatal(err)
	}
	accs, err := s.Accounts(context.Background(), ledger.AccountFilter{FundID: f.ID})
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range accs {
		if a.Code == code {
			return a
		}
	}
	tb.Fatalf("no account %s:%s", fund, code)
	return ledger.Account{}
}

// transfer is a two-posting entry moving amount from one account to another.
func transfer(from, to ledger.Account, amount string) ledger.EntryInput {
	return ledger.EntryInput{
		Kind: ledger.KindTransfer, Description: "test transfer",
		Postings: []ledger.PostingInput{
			{Account: ledger.AccountByID(to.ID), Amount: d(amount)},
			{Account: ledger.AccountByID(from.ID), Amount: d(amount).Neg()},
		},
	}
}

func mustPost(tb testing.TB, s *ledger.Service, in ledger.EntryInput) ledger.Entry {
	tb.Helper()
	e, _, err := s.Post(context.Background(), ledger.Actor{UserID: 1}, in)
	if err != nil {
		tb.Fatalf("post %q: %v", in.Description, err)
	}
	return e
}

func balance(tb testing.TB, s *ledger.Service, a ledger.Account, asset string) decimal.Decimal {
	tb.Helper()
	_, bals, err := s.AccountBalances(context.Background(), a.ID, ledger.Date{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, b := range bals {
		if b.Asset == asset {
			return b.Amount
		}
	}
	return decimal.Zero
}

func wantBalance(tb testing.TB, s *ledger.Service, a ledger.Account, asset, want string) {
	tb.Helper()
	if got := balance(tb, s, a, asset); got.String() != want {
		tb.Errorf("balance of %s %s = %s, want %s", a.Code, asset, got, want)
	}
}

func mustVerifyClean(tb testing.TB, s *ledger.Service) ledger.Report {
	tb.Helper()
	r, err := s.Verify(context.Background())
	if err != nil {
		tb.Fatalf("verify: %v", err)
	}
	if !r.OK() {
		tb.Fatalf("verify found problems: %+v", r.Problems)
	}
	return r
}

func mustTrialBalanceZero(tb testing.TB, s *ledger.Service, fund string) {
	tb.Helper()
	t, err := s.TrialBalanceOf(context.Background(), fund, ledger.Date{})
	if err != nil {
		tb.Fatal(err)
	}
	if !t.Balanced() {
		tb.Fatalf("trial balance of %s: debits %s, credits %s", fund, t.TotalDebit, t.TotalCredit)
	}
}

func wantKind(tb testing.TB, err error, kind rl.Kind, code string) *rl.Error {
	tb.Helper()
	e, ok := rl.AsError(err)
	if !ok {
		tb.Fatalf("error %v (%T) is not a reliefledger error", err, err)
	}
	if e.Kind != kind || (code != "" && e.Code != code) {
		tb.Fatalf("error kind/code = %d/%q, want %d/%q (%v)", e.Kind, e.Code, kind, code, err)
	}
	return e
}

// fund gives an asset account money from the fund's donations account.
func fund(tb testing.TB, s *ledger.Service, fundCode string, to ledger.Account, amount string) {
	tb.Helper()
	rev := account(tb, s, fundCode, "4100")
	mustPost(tb, s, ledger.EntryInput{Kind: ledger.KindAdjustment, Description: fmt.Sprintf("fund %s", to.Code),
		Postings: []ledger.PostingInput{{Account: ledger.AccountByID(to.ID), Amount: d(amount)}, {Account: ledger.AccountByID(rev.ID), Amount: d(amount).Neg()}}})
}

// d is a decimal written in a test.
func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// day is a date written in a test.
func day(s string) ledger.Date {
	t, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}
