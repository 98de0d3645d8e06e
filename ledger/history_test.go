package ledger_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// The balance history (balance_days) and the funds' lists of entries
// (entry_funds) against the postings they are derived from.

// historyBook is a small world of two funds, money and rice, in which
// random entries are posted on random (often back-dated) dates.
type historyBook struct {
	s                            *ledger.Service
	bank, cash, rev, aid         ledger.Account // POOR
	cBank, goods, inKind, cAid   ledger.Account // COVID
	first, last                  ledger.Date
	mu                           sync.Mutex
	posted                       []int64
	refused, reversals, twoFunds int
}

func newHistoryBook(t *testing.T, db *store.DB) *historyBook {
	s := newLedger(t, db) // today is 2021-07-20
	return &historyBook{s: s,
		bank: account(t, s, "POOR", "1120"), cash: account(t, s, "POOR", "1110"), rev: account(t, s, "POOR", "4100"), aid: account(t, s, "POOR", "5100"),
		cBank: account(t, s, "COVID", "1120"), goods: account(t, s, "COVID", "1150"), inKind: account(t, s, "COVID", "4200"), cAid: account(t, s, "COVID", "5100"),
		first: day("2021-05-01"), last: day("2021-07-20")}
}

func pair(to, from ledger.Account, amount decimal.Decimal) []ledger.PostingInput {
	return []ledger.PostingInput{{Account: ledger.AccountByID(to.ID), Amount: amount}, {Account: ledger.AccountByID(from.ID), Amount: amount.Neg()}}
}

// postRandom posts one random entry (or reversal) dated on a random day;
// refusals for want of money or rice on some date are expected.
func (h *historyBook) postRandom(t *testing.T, rng *rand.Rand) {
	ctx := context.Background()
	date := h.first.AddDays(rng.IntN(h.first.DaysUntil(h.last) + 1))
	amount := decimal.NewFromInt(int64(1+rng.IntN(50)) * 1000)
	qty := decimal.New(int64(1+rng.IntN(5000)), -3) // up to 5 kg, in grams
	in := ledger.EntryInput{Date: date, Kind: ledger.KindTransfer, Description: "random"}
	switch k := rng.IntN(10); {
	case k < 3:
		in.Postings = pair(h.bank, h.rev, amount)
	case k < 5:
		in.Postings = pair(h.cash, h.bank, amount)
	case k == 5:
		in.Postings = pair(h.aid, h.cash, amount)
	case k == 6: // rice given
		in.Postings = []ledger.PostingInput{{Account: ledger.AccountByID(h.goods.ID), Amount: amount, Item: "RICE", Quantity: qty},
			{Account: ledger.AccountByID(h.inKind.ID), Amount: amount.Neg(), Item: "RICE", Quantity: qty.Neg()}}
	case k == 7: // rice handed out, valued at cost
		in.Postings = []ledger.PostingInput{{Account: ledger.AccountByID(h.cAid.ID), Item: "RICE", Quantity: qty, CostOf: 2},
			{Account: ledger.AccountByID(h.goods.ID), Item: "RICE", Quantity: qty.Neg(), AtCost: true}}
	case k == 8: // one entry in both funds, each side balanced
		in.Postings = append(pair(h.cash, h.bank, amount), pair(h.cBank, account(t, h.s, "COVID", "4100"), amount)...)
	default: // reverse something posted
		h.mu.Lock()
		n := len(h.posted)
		var id int64
		if n > 0 {
			id = h.posted[rng.IntN(n)]
		}
		h.mu.Unlock()
		if id == 0 {
			return
		}
		orig, err := h.s.Entry(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		on := orig.Date.AddDays(rng.IntN(orig.Date.DaysUntil(h.last) + 1))
		e, _, err := h.s.Reverse(ctx, ledger.Actor{UserID: 1}, id, "random reversal", on)
		h.note(t, e, err, true, false)
		return
	}
	e, _, err := h.s.Post(ctx, ledger.Actor{UserID: 1}, in)
	h.note(t, e, err, false, len(in.Postings) == 4)
}

func (h *historyBook) note(t *testing.T, e ledger.Entry, err error, reversal, twoFunds bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err != nil {
		if e, ok := rl.AsError(err); ok && e.Kind == rl.Conflict && (e.Code == "insufficient-balance" || e.Code == "already-reversed") {
			h.refused++
			return
		}
		t.Errorf("post: %v", err)
		return
	}
	if reversal {
		h.reversals++
	} else {
		h.posted = append(h.posted, e.ID)
	}
	if twoFunds {
		h.twoFunds++
	}
}

// postingSums sums the postings of entries dated up to each date, read
// from the journal itself: per account, đồng and each item.
func postingSums(t *testing.T, s *ledger.Service) (entries []ledger.Entry, at func(ledger.Date) map[ledger.BalanceKey]decimal.Decimal) {
	if err := s.EachEntry(context.Background(), ledger.EntryFilter{}, func(e ledger.Entry) error { entries = append(entries, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return entries, func(d ledger.Date) map[ledger.BalanceKey]decimal.Decimal {
		out := map[ledger.BalanceKey]decimal.Decimal{}
		for _, e := range entries {
			if e.Date.After(d) {
				continue
			}
			for _, p := range e.Postings {
				k := ledger.BalanceKey{AccountID: p.AccountID, Asset: ledger.AssetVND}
				out[k] = out[k].Add(p.Amount)
				if p.Item != "" {
					k.Asset = p.Item
					out[k] = out[k].Add(p.Quantity)
				}
			}
		}
		return out
	}
}

// checkAsOf compares every account's balances and both funds' trial
// balances on every date of the book (and the days around it) with the
// postings' sums.
func (h *historyBook) checkAsOf(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	_, sums := postingSums(t, h.s)
	accs, err := h.s.Accounts(ctx, ledger.AccountFilter{})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for d := h.first.AddDays(-1); !d.After(h.last.AddDays(1)); d = d.AddDays(1) {
		want := sums(d)
		for _, a := range accs {
			_, bals, err := h.s.AccountBalances(ctx, a.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, b := range bals {
				got[b.Asset] = b.Amount.String()
			}
			exp := map[string]string{ledger.AssetVND: "0"}
			for k, v := range want {
				if k.AccountID == a.ID {
					exp[k.Asset] = v.String()
				}
			}
			if diff := cmp.Diff(exp, got, cmp.Comparer(func(x, y string) bool { return decimal.RequireFromString(x).Equal(decimal.RequireFromString(y)) })); diff != "" {
				t.Fatalf("balances of %s:%s as of %s (-postings +history):\n%s", a.FundCode, a.Code, d, diff)
			}
			checked++
		}
		for _, fund := range []string{"POOR", "COVID"} {
			tb, err := h.s.TrialBalanceOf(ctx, fund, d)
			if err != nil {
				t.Fatal(err)
			}
			if !tb.Balanced() {
				t.Fatalf("trial balance of %s as of %s: debits %s, credits %s", fund, d, tb.TotalDebit, tb.TotalCredit)
			}
			for _, r := range tb.Rows {
				if w := want[ledger.BalanceKey{AccountID: r.Account.ID, Asset: ledger.AssetVND}]; !r.Debit.Sub(r.Credit).Equal(w) {
					t.Fatalf("trial balance of %s as of %s: %s is %s − %s, its postings sum to %s", fund, d, r.Account.Code, r.Debit, r.Credit, w)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}

// TestHistoryMatchesPostings: balances on any date and trial balances,
// now read from the balance history, equal the sums of the postings dated
// up to that date, through back-dated entries, reversals, rice valued at
// cost and entries in two funds; verify finds the history whole.
func TestHistoryMatchesPostings(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		h := newHistoryBook(t, db)
		rng := rand.New(rand.NewPCG(18, 5))
		fund(t, h.s, "POOR", h.bank, "200000")
		for i := 0; i < 400; i++ {
			h.postRandom(t, rng)
		}
		if len(h.posted) < 150 || h.reversals < 10 || h.refused < 5 || h.twoFunds < 10 {
			t.Fatalf("the random book is too tame: %d posted, %d reversals, %d refused, %d in two funds", len(h.posted), h.reversals, h.refused, h.twoFunds)
		}
		h.checkAsOf(t)
		mustVerifyClean(t, h.s)
		if ps, err := db.CheckIntegrity(context.Background()); err != nil || len(ps) > 0 {
			t.Fatalf("integrity: %v %+v", err, ps)
		}
	})
}

// TestHistoryConcurrent: clients posting at once (shared transactions of
// the batcher, back-dated entries checked against the history under the
// journal lock) leave the history equal to the postings.
func TestHistoryConcurrent(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		h := newHistoryBook(t, db)
		fund(t, h.s, "POOR", h.bank, "100000")
		var wg sync.WaitGroup
		for c := 0; c < 8; c++ {
			wg.Add(1)
			go func(c int) {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(c), 99))
				for i := 0; i < 40; i++ {
					h.postRandom(t, rng)
				}
			}(c)
		}
		wg.Wait()
		if len(h.posted) < 100 || h.refused == 0 {
			t.Fatalf("%d posted, %d refused", len(h.posted), h.refused)
		}
		h.checkAsOf(t)
		mustVerifyClean(t, h.s)
	})
}

// TestFundJournalPages: a fund's journal read page by page, oldest or
// newest first, alone or with a kind or dates, is exactly the entries that
// post to the fund, as a brute-force walk of the journal finds them.
func TestFundJournalPages(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHistoryBook(t, db)
		rng := rand.New(rand.NewPCG(7, 7))
		fund(t, h.s, "POOR", h.bank, "200000")
		for i := 0; i < 250; i++ {
			h.postRandom(t, rng)
		}
		entries, _ := postingSums(t, h.s)
		accs, err := h.s.Accounts(ctx, ledger.AccountFilter{})
		if err != nil {
			t.Fatal(err)
		}
		fundOf := map[int64]int64{}
		for _, a := range accs {
			fundOf[a.ID] = a.FundID
		}
		for _, code := range []string{"POOR", "COVID"} {
			f, err := h.s.Fund(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			for _, filter := range []ledger.EntryFilter{{}, {Kind: ledger.KindReversal}, {From: day("2021-06-01"), To: day("2021-06-30")}} {
				var want []int64
				for _, e := range entries {
					in := false
					for _, p := range e.Postings {
						in = in || fundOf[p.AccountID] == f.ID
					}
					if in && (filter.Kind == "" || e.Kind == filter.Kind) && (filter.From.IsZero() || e.Date.Within(filter.From, filter.To)) {
						want = append(want, e.ID)
					}
				}
				if len(want) < 4 {
					t.Fatalf("%s %+v: only %d entries to page", code, filter, len(want))
				}
				var got []int64
				f2 := filter
				f2.FundID, f2.Limit = f.ID, 7
				for {
					es, err := h.s.Entries(ctx, f2)
					if err != nil {
						t.Fatal(err)
					}
					for _, e := range es {
						got = append(got, e.ID)
						if len(e.Postings) == 0 {
							t.Fatalf("entry %d without its postings", e.ID)
						}
					}
					if len(es) < 7 {
						break
					}
					f2.AfterID = es[len(es)-1].ID
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s %+v oldest first (-brute force +pages):\n%s", code, filter, diff)
				}
				got = nil
				f2 = filter
				f2.FundID, f2.Limit, f2.Newest = f.ID, 5, true
				for {
					es, err := h.s.Entries(ctx, f2)
					if err != nil {
						t.Fatal(err)
					}
					for _, e := range es {
						got = append(got, e.ID)
					}
					if len(es) < 5 {
						break
					}
					f2.BeforeID = es[len(es)-1].ID
				}
				sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s %+v newest first (-brute force +pages):\n%s", code, filter, diff)
				}
				var streamed []int64
				f2 = filter
				f2.FundID = f.ID
				if err := h.s.EachEntry(ctx, f2, func(e ledger.Entry) error { streamed = append(streamed, e.ID); return nil }); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, streamed); diff != "" {
					t.Errorf("%s %+v streamed (-brute force +stream):\n%s", code, filter, diff)
				}
			}
		}
	})
}

// TestHistoryTampering: a day of the balance history changed, removed or
// added behind the service's back is named by verify; an entry taken off
// its fund's list, or listed under a fund it does not post to, by the
// integrity check.
func TestHistoryTampering(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newLedger(t, db)
		bank, cash := account(t, s, "POOR", "1120"), account(t, s, "POOR", "1110")
		e := transfer(account(t, s, "POOR", "4100"), bank, "5000")
		e.Date = day("2021-07-01")
		mustPost(t, s, e)
		e = transfer(bank, cash, "1000")
		e.Date = day("2021-07-10")
		mustPost(t, s, e)
		last := mustPost(t, s, transfer(bank, cash, "2000"))
		mustVerifyClean(t, s)

		kinds := func() []string {
			r, err := s.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range r.Problems {
				out = append(out, fmt.Sprintf("%s:%d:%s:%s:%s", p.Kind, p.AccountID, p.Asset, p.Stored, p.Computed))
			}
			return out
		}
		execArgs(t, db, `UPDATE balance_days SET amount = '1500' WHERE account_id = ? AND day = ?`, cash.ID, day("2021-07-10"))
		if diff := cmp.Diff([]string{fmt.Sprintf("history:%d:VND:1500:1000", cash.ID)}, kinds()); diff != "" {
			t.Errorf("a changed day (-want +got):\n%s", diff)
		}
		// The changed day is what a balance on a past date reads: verify is
		// what tells.
		_, bals, err := s.AccountBalances(ctx, cash.ID, day("2021-07-15"))
		if err != nil || bals[0].Amount.String() != "1500" {
			t.Fatalf("as of the 15th: %v %v", bals, err)
		}
		execArgs(t, db, `DELETE FROM balance_days WHERE account_id = ? AND day = ?`, cash.ID, day("2021-07-10"))
		if diff := cmp.Diff([]string{fmt.Sprintf("history:%d:VND:(none):1000", cash.ID)}, kinds()); diff != "" {
			t.Errorf("a missing day (-want +got):\n%s", diff)
		}
		execArgs(t, db, `INSERT INTO balance_days (account_id, asset, day, amount) VALUES (?, ?, ?, ?)`, cash.ID, ledger.AssetVND, day("2021-07-10"), "1000")
		execArgs(t, db, `INSERT INTO balance_days (account_id, asset, day, amount) VALUES (?, ?, ?, ?)`, cash.ID, "RICE", day("2021-07-11"), "3")
		if diff := cmp.Diff([]string{fmt.Sprintf("history:%d:RICE:3:(none)", cash.ID)}, kinds()); diff != "" {
			t.Errorf("an invented day (-want +got):\n%s", diff)
		}
		mustExec(t, db, `DELETE FROM balance_days WHERE asset = 'RICE'`)
		mustVerifyClean(t, s)

		integrity := func() []string {
			ps, err := db.CheckIntegrity(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range ps {
				out = append(out, p.Check+": "+p.Detail)
			}
			return out
		}
		if got := integrity(); len(got) > 0 {
			t.Fatalf("integrity problems before tampering: %v", got)
		}
		poor, _ := s.Fund(ctx, "POOR")
		covid, _ := s.Fund(ctx, "COVID")
		execArgs(t, db, `DELETE FROM entry_funds WHERE entry_id = ?`, last.ID)
		execArgs(t, db, `INSERT INTO entry_funds (fund_id, entry_id) VALUES (?, ?)`, covid.ID, 1)
		want := []string{
			fmt.Sprintf("entry funds: journal entry %d posts to fund %d but is not listed among the fund's entries (entry_funds): the fund's journal skips it", last.ID, poor.ID),
			fmt.Sprintf("entry funds: journal entry 1 is listed among the entries of fund %d (entry_funds) but posts nothing to it", covid.ID),
		}
		if diff := cmp.Diff(want, integrity()); diff != "" {
			t.Errorf("entry funds (-want +got):\n%s", diff)
		}
	})
}

// TestHistoryBackfill: the migration's backfill writes the history and the
// funds' lists that the appends would have written (run here again on a
// journal of back-dated money, rice in thousandths, zero amounts and
// reversals, after emptying both tables).
func TestHistoryBackfill(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHistoryBook(t, db)
		rng := rand.New(rand.NewPCG(3, 4))
		fund(t, h.s, "POOR", h.bank, "200000")
		for i := 0; i < 150; i++ {
			h.postRandom(t, rng)
		}
		before := storedDays(t, db)
		var text string
		ms, err := db.Migrations()
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Name == "balance_history" {
				text = m.SQL
			}
		}
		if text == "" {
			t.Fatalf("no balance history migration among %+v", ms)
		}
		mustExec(t, db, `DROP TABLE balance_days`)
		mustExec(t, db, `DROP TABLE entry_funds`)
		for _, stmt := range strings.Split(text, ";\n") {
			var lines []string
			for _, l := range strings.Split(stmt, "\n") {
				if !strings.HasPrefix(strings.TrimSpace(l), "--") {
					lines = append(lines, l)
				}
			}
			if q := strings.TrimSpace(strings.Join(lines, "\n")); q != "" {
				if err := db.Exec(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		}
		after := storedDays(t, db)
		if len(before) < 100 {
			t.Fatalf("only %d days", len(before))
		}
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("backfill (-appended +migrated):\n%s", diff)
		}
		if ps, err := db.CheckIntegrity(ctx); err != nil || len(ps) > 0 {
			t.Fatalf("integrity after the backfill: %v %+v", err, ps)
		}
		mustVerifyClean(t, h.s)
		h.checkAsOf(t)
	})
}

// storedDays reads the stored balance history, as text.
func storedDays(t *testing.T, db *store.DB) []string {
	t.Helper()
	_, days, _, err := db.Ledger().ReadJournal(context.Background(), func(ledger.Entry) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = fmt.Sprintf("%d %s %s %s", d.AccountID, d.Asset, d.Date, d.Amount.String())
	}
	return out
}

func execArgs(tb testing.TB, db *store.DB, q string, args ...any) {
	tb.Helper()
	if err := db.Exec(context.Background(), q, args...); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
}
