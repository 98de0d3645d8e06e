package ledger_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	rl "reliefledger"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

func dated(in ledger.EntryInput, date string) ledger.EntryInput {
	in.Date = day(date)
	return in
}

func closeKey(key, hash string) *ledger.IdemRecord {
	return &ledger.IdemRecord{IdemKey: ledger.IdemKey{Scope: "test:close", Key: key}, RequestHash: hash}
}

func mustClose(tb testing.TB, s *ledger.Service, fund, date string) ledger.PeriodClose {
	tb.Helper()
	c, replayed, err := s.ClosePeriod(context.Background(), ledger.Actor{UserID: 1}, ledger.CloseInput{Fund: fund, Date: day(date)})
	if err != nil || replayed {
		tb.Fatalf("close %s through %s: replayed %v, %v", fund, date, replayed, err)
	}
	return c
}

func wantClosed(tb testing.TB, err error, fund, through string) *rl.Error {
	tb.Helper()
	e := wantKind(tb, err, rl.Conflict, "period-closed")
	if want := "fund " + fund + " is closed through " + through + ";"; !strings.HasPrefix(e.Message, want) {
		tb.Errorf("refusal %q does not start with %q", e.Message, want)
	}
	if len(e.Fields) != 1 || e.Fields[0].Field != "date" {
		tb.Errorf("refusal fields %+v, want one on date", e.Fields)
	}
	return e
}

// TestClosedPeriodRefusesEntries: once POOR is closed through 2021-06-30,
// nothing touching POOR is dated on or before it, by any path into the
// journal; COVID is not concerned; reversals post in the open period.
func TestClosedPeriodRefusesEntries(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newLedger(t, db) // today is 2021-07-20
		bank, cash, rev := account(t, s, "POOR", "1120"), account(t, s, "POOR", "1110"), account(t, s, "POOR", "4100")
		cbank, crev := account(t, s, "COVID", "1120"), account(t, s, "COVID", "4100")
		in := mustPost(t, s, dated(transfer(rev, bank, "1000000"), "2021-06-10"))
		moved := mustPost(t, s, dated(transfer(bank, cash, "100000"), "2021-06-20"))

		if _, ok, err := s.ClosedThrough(ctx, "POOR"); err != nil || ok {
			t.Fatalf("POOR closed before any close: %v %v", ok, err)
		}
		c := mustClose(t, s, "POOR", "2021-06-30")
		if c.ID == 0 || c.FundCode != "POOR" || c.ClosedThrough != day("2021-06-30") || c.ClosedBy != 1 || c.AfterEntry != moved.ID {
			t.Errorf("close = %+v", c)
		}
		if got, ok, err := s.ClosedThrough(ctx, "POOR"); err != nil || !ok || got != day("2021-06-30") {
			t.Errorf("ClosedThrough(POOR) = %s %v %v", got, ok, err)
		}
		if _, ok, err := s.ClosedThrough(ctx, "COVID"); err != nil || ok {
			t.Errorf("COVID closed: %v %v", ok, err)
		}

		// Post (the batcher): on the closing date and before it: refused.
		for _, date := range []string{"2021-06-30", "2021-06-01", "2020-12-31"} {
			_, _, err := s.Post(ctx, ledger.Actor{UserID: 1}, dated(transfer(bank, cash, "1"), date))
			e := wantClosed(t, err, "POOR", "2021-06-30")
			if !strings.Contains(e.Message, "dated "+date) {
				t.Errorf("refusal %q does not name the entry's date", e.Message)
			}
		}
		mustPost(t, s, dated(transfer(bank, cash, "1"), "2021-07-01"))
		mustPost(t, s, transfer(bank, cash, "1")) // today
		mustPost(t, s, dated(transfer(crev, cbank, "5000"), "2021-06-15"))

		// Record (a feature's transaction, all or none): one entry inside
		// refuses the whole call.
		err := s.PostAll(ctx, ledger.Actor{UserID: 1}, []ledger.EntryInput{
			dated(transfer(bank, cash, "2"), "2021-07-02"), dated(transfer(bank, cash, "3"), "2021-06-29")})
		wantClosed(t, err, "POOR", "2021-06-30")

		// Reversals: dated inside, refused; in the open period, fine.
		_, _, err = s.Reverse(ctx, ledger.Actor{UserID: 1}, moved.ID, "wrong account", day("2021-06-25"))
		e := wantClosed(t, err, "POOR", "2021-06-30")
		if !strings.Contains(e.Message, "open period") {
			t.Errorf("reversal refusal %q does not say reversals post in the open period", e.Message)
		}
		err = db.Ledger().WithJournal(ctx, func(tx ledger.Tx) error {
			_, _, err := s.RecordReversal(ctx, tx, ledger.Actor{UserID: 1}, in.ID, "void", day("2021-06-30"))
			return err
		})
		wantClosed(t, err, "POOR", "2021-06-30")
		r, _, err := s.Reverse(ctx, ledger.Actor{UserID: 1}, moved.ID, "wrong account", day("2021-07-01"))
		if err != nil || r.Date != day("2021-07-01") {
			t.Fatalf("reversal in the open period: %+v %v", r, err)
		}

		// What the closed period holds has not moved.
		bals, err := s.Balances(ctx, day("2021-06-30"), bank.ID, cash.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bals {
			want := map[int64]string{bank.ID: "900000", cash.ID: "100000"}[b.AccountID]
			if b.Asset == ledger.AssetVND && b.Amount.String() != want {
				t.Errorf("balance of %d on 2021-06-30 = %s, want %s", b.AccountID, b.Amount, want)
			}
		}
		es, err := s.Entries(ctx, ledger.EntryFilter{FundID: bank.FundID, To: day("2021-06-30")})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 2 {
			t.Errorf("%d POOR entries dated in the closed period, want the 2 made before the close", len(es))
		}
		mustVerifyClean(t, s)
		mustTrialBalanceZero(t, s, "POOR")
	})
}

// TestClosePeriodValidation: bad input is refused with its field and
// stores nothing; closing moves only forward; a key replays.
func TestClosePeriodValidation(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newLedger(t, db)
		first := mustClose(t, s, "POOR", "2021-06-30")
		a := ledger.Actor{UserID: 1}
		for _, tc := range []struct {
			name  string
			in    ledger.CloseInput
			field string
		}{
			{"no fund", ledger.CloseInput{Date: day("2021-07-10")}, "fund"},
			{"unknown fund", ledger.CloseInput{Fund: "NOPE", Date: day("2021-07-10")}, "fund"},
			{"no date", ledger.CloseInput{Fund: "POOR"}, "date"},
			{"tomorrow", ledger.CloseInput{Fund: "POOR", Date: day("2021-07-21")}, "date"},
			{"year 0", ledger.CloseInput{Fund: "POOR", Date: ledger.NewDate(0, 6, 30)}, "date"},
			{"NUL in note", ledger.CloseInput{Fund: "POOR", Date: day("2021-07-10"), Note: "a\x00b"}, "note"},
			{"long note", ledger.CloseInput{Fund: "POOR", Date: day("2021-07-10"), Note: strings.Repeat("x", 501)}, "note"},
		} {
			_, _, err := s.ClosePeriod(ctx, a, tc.in)
			e := wantKind(t, err, rl.Invalid, "validation")
			if len(e.Fields) != 1 || e.Fields[0].Field != tc.field {
				t.Errorf("%s: fields %+v, want %s", tc.name, e.Fields, tc.field)
			}
		}
		for _, date := range []string{"2021-06-30", "2021-05-31"} {
			_, _, err := s.ClosePeriod(ctx, a, ledger.CloseInput{Fund: "POOR", Date: day(date)})
			e := wantKind(t, err, rl.Conflict, "already-closed")
			if !strings.HasPrefix(e.Message, "fund POOR is already closed through 2021-06-30;") {
				t.Errorf("message %q", e.Message)
			}
		}
		cs, err := s.PeriodCloses(ctx, "POOR")
		if err != nil || len(cs) != 1 || cs[0] != first {
			t.Fatalf("closes after refusals = %+v %v, want only %+v", cs, err, first)
		}

		// Idempotency: the same key and request answer the first close.
		key := closeKey("k1", "h1")
		c1, replayed, err := s.ClosePeriod(ctx, ledger.Actor{UserID: 1, Idem: key}, ledger.CloseInput{Fund: "poor", Date: day("2021-07-10"), Note: " end of June "})
		if err != nil || replayed || c1.Note != "end of June" || c1.FundCode != "POOR" {
			t.Fatalf("close with key: %+v %v %v", c1, replayed, err)
		}
		c2, replayed, err := s.ClosePeriod(ctx, ledger.Actor{UserID: 1, Idem: key}, ledger.CloseInput{Fund: "poor", Date: day("2021-07-10"), Note: " end of June "})
		if err != nil || !replayed || c2 != c1 {
			t.Fatalf("replay: %+v %v %v, want %+v", c2, replayed, err, c1)
		}
		_, _, err = s.ClosePeriod(ctx, ledger.Actor{UserID: 1, Idem: closeKey("k1", "other")}, ledger.CloseInput{Fund: "POOR", Date: day("2021-07-11")})
		wantKind(t, err, rl.Conflict, "idempotency-mismatch")
		all, err := s.PeriodCloses(ctx, "")
		if err != nil || len(all) != 2 || all[1] != c1 {
			t.Fatalf("every close = %+v %v", all, err)
		}
		if _, err := s.PeriodCloses(ctx, "NOPE"); rl.ErrorKind(err) != rl.NotFound {
			t.Errorf("closes of an unknown fund: %v", err)
		}
		// A close is never edited nor removed.
		if err := db.Exec(ctx, `DELETE FROM period_closes`); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("deleting closes: %v", err)
		}
	})
}

// TestClosedPeriodBatch: in one group-commit batch, a back-dated entry is
// refused alone and the others commit.
func TestClosedPeriodBatch(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newLedger(t, db)
		bank, cash, rev := account(t, s, "POOR", "1120"), account(t, s, "POOR", "1110"), account(t, s, "POOR", "4100")
		mustPost(t, s, dated(transfer(rev, bank, "1000000"), "2021-06-10"))
		mustClose(t, s, "POOR", "2021-06-30")
		type batch struct{ size, appended int }
		var mu sync.Mutex
		var batches []batch
		s.OnBatch = func(size, appended int, _ time.Duration) {
			mu.Lock()
			batches = append(batches, batch{size, appended})
			mu.Unlock()
		}
		// Hold the journal so that the entries queue up behind it.
		release, held := make(chan struct{}), make(chan struct{})
		go db.Ledger().WithJournal(ctx, func(tx ledger.Tx) error {
			_, err := tx.Read(ledger.JournalRead{}) // takes the head lock (PostgreSQL sends it with the first read)
			close(held)
			<-release
			return err
		})
		<-held
		const n = 9 // the last one is back-dated
		errs := make([]error, n)
		var wg sync.WaitGroup
		post := func(i int) {
			defer wg.Done()
			date := "2021-07-05"
			if i == n-1 {
				date = "2021-06-30"
			}
			_, _, errs[i] = s.Post(ctx, ledger.Actor{UserID: 1}, dated(transfer(bank, cash, "1000"), date))
		}
		wait := func(depth int) {
			t.Helper()
			for deadline := time.Now().Add(10 * time.Second); s.QueueDepth() != depth; time.Sleep(time.Millisecond) {
				if time.Now().After(deadline) {
					close(release)
					t.Fatalf("the queue holds %d entries, want %d", s.QueueDepth(), depth)
				}
			}
		}
		// The writer takes the first entry and waits for the journal; the
		// others queue behind it and form the next batch.
		wg.Add(1)
		go post(0)
		time.Sleep(200 * time.Millisecond)
		wait(0)
		for i := 1; i < n-1; i++ {
			wg.Add(1)
			go post(i)
		}
		wait(n - 2)
		wg.Add(1)
		go post(n - 1)
		wait(n - 1)
		close(release)
		wg.Wait()
		for i, err := range errs {
			if i == n-1 {
				wantClosed(t, err, "POOR", "2021-06-30")
			} else if err != nil {
				t.Errorf("entry %d: %v", i, err)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if len(batches) != 2 || batches[1] != (batch{n - 1, n - 2}) {
			t.Errorf("batches %+v, want the first alone, then %d with %d appended", batches, n-1, n-2)
		}
		wantBalance(t, s, cash, ledger.AssetVND, "8000")
		mustVerifyClean(t, s)
	})
}

// TestClosedPeriodRace: entries dated inside and outside the period race
// a close made by another process (another Service on the same database):
// every entry dated inside that committed did so before the close, and
// none is appended after it.
func TestClosedPeriodRace(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newLedger(t, db)
		other := ledger.NewService(db.Ledger(), ledger.Options{Now: newClock().now})
		t.Cleanup(other.Close)
		bank, cash, rev := account(t, s, "POOR", "1120"), account(t, s, "POOR", "1110"), account(t, s, "POOR", "4100")
		mustPost(t, s, dated(transfer(rev, bank, "10000000"), "2021-06-01"))
		const n = 50
		errs := make([]error, n)
		ids := make([]int64, n)
		var wg sync.WaitGroup
		var closed ledger.PeriodClose
		var closeErr error
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i == n/3 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						closed, _, closeErr = other.ClosePeriod(ctx, ledger.Actor{UserID: 2}, ledger.CloseInput{Fund: "POOR", Date: day("2021-06-30")})
					}()
				}
				date := "2021-07-05"
				if i%2 == 0 {
					date = "2021-06-15"
				}
				var e ledger.Entry
				e, _, errs[i] = s.Post(ctx, ledger.Actor{UserID: 1}, dated(transfer(bank, cash, "100"), date))
				ids[i] = e.ID
			}()
		}
		wg.Wait()
		if closeErr != nil {
			t.Fatal(closeErr)
		}
		inside := 0
		for i, err := range errs {
			switch {
			case err == nil && i%2 == 0:
				inside++
				if ids[i] > closed.AfterEntry {
					t.Errorf("entry %d dated inside the period was appended after the close (after entry %d)", ids[i], closed.AfterEntry)
				}
			case err != nil && i%2 == 0:
				wantClosed(t, err, "POOR", "2021-06-30")
			case err != nil:
				t.Errorf("entry %d dated in the open period: %v", i, err)
			}
		}
		es, err := s.Entries(ctx, ledger.EntryFilter{FundID: bank.FundID, To: day("2021-06-30"), AfterID: closed.AfterEntry})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 0 {
			t.Errorf("%d entries dated in the closed period after the close, e.g. %d", len(es), es[0].ID)
		}
		t.Logf("%d of %d entries dated inside committed before the close", inside, n/2)
		mustVerifyClean(t, s)
	})
}
