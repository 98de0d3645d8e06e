package donations_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/donations"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

type env struct {
	db     *store.DB
	ledger *ledger.Service
	svc    *donations.Service
}

func newEnv(tb testing.TB, db *store.DB, st donations.Store) env {
	tb.Helper()
	l := ledger.NewService(db.Ledger(), ledger.Options{Now: func() time.Time { return time.Date(2021, 7, 25, 3, 0, 0, 0, time.UTC) }})
	tb.Cleanup(l.Close)
	if err := l.SeedFunds(context.Background()); err != nil {
		tb.Fatal(err)
	}
	if st == nil {
		st = db.Donations()
	}
	return env{db: db, ledger: l, svc: donations.NewService(st, l, nil)}
}

func money(amount int64, date string, edit func(*donations.Input)) donations.Input {
	d, err := ledger.ParseDate(date)
	if err != nil {
		panic(err)
	}
	in := donations.Input{Fund: "POOR", DonorName: "Nguyễn Văn A", Channel: donations.Bank, BankRef: "FT21", ReceivedDate: d,
		Amount: decimal.NullDecimal{Decimal: decimal.NewFromInt(amount), Valid: true}}
	if edit != nil {
		edit(&in)
	}
	return in
}

func counts(tb testing.TB, db *store.DB) map[string]int64 {
	tb.Helper()
	n, err := db.RowCounts(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// TestRefusedDonationLeavesNothing: a donation refused inside its journal
// transaction — after it opened the restricted accounts of a new earmark,
// appended its entry and took a receipt number — leaves no new row in any
// table: accounts, balances, journal, receipt counters, donations.
func TestRefusedDonationLeavesNothing(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		first, _, err := e.svc.Record(ctx, ledger.Actor{UserID: 1}, money(500000, "2021-07-20", func(in *donations.Input) { in.StatementKey = "line-1" }))
		if err != nil {
			t.Fatal(err)
		}
		before := counts(t, db)
		// The same statement line again, this time earmarked for a purpose
		// nobody designated before: its accounts are opened and its entry
		// appended, then the donation's row is refused as a duplicate.
		_, _, err = e.svc.Record(ctx, ledger.Actor{UserID: 1}, money(500000, "2021-07-20", func(in *donations.Input) {
			in.StatementKey, in.Earmark = "line-1", "purpose:xe cứu thương"
		}))
		if rl.ErrorKind(err) != rl.Conflict {
			t.Fatalf("duplicate statement line: %v, want Conflict", err)
		}
		if diff := cmp.Diff(before, counts(t, db)); diff != "" {
			t.Errorf("a refused donation left rows behind (-before +after):\n%s", diff)
		}
		// The numbers continue without a gap from the first donation.
		next, _, err := e.svc.Record(ctx, ledger.Actor{UserID: 1}, money(1000, "2021-07-21", nil))
		if err != nil {
			t.Fatal(err)
		}
		if first.ReceiptSeq != 1 || next.ReceiptSeq != 2 {
			t.Errorf("receipts %d then %d, want 1 then 2", first.ReceiptSeq, next.ReceiptSeq)
		}
		r, err := e.ledger.Verify(ctx)
		if err != nil || !r.OK() {
			t.Fatalf("verify: %+v %v", r.Problems, err)
		}
	})
}

// failAfterInsert refuses every donation after its rows were written, as
// a failure late in the transaction would: as the database refuses a
// value (so that, in a batch, the donation fails alone).
type failAfterInsert struct{ donations.Store }

func (f failAfterInsert) InJournal(ctx context.Context, fn func(donations.Tx) error) error {
	return f.Store.InJournal(ctx, func(tx donations.Tx) error { return fn(lateFailure{tx}) })
}

func (f failAfterInsert) Within(tx ledger.Tx) (donations.Tx, error) {
	dtx, err := f.Store.Within(tx)
	return lateFailure{dtx}, err
}

type lateFailure struct{ donations.Tx }

var errLate = errors.New("late failure")

func (l lateFailure) InsertDonations(ds []donations.Donation) ([]donations.Donation, error) {
	if _, err := l.Tx.InsertDonations(ds); err != nil {
		return nil, err
	}
	return nil, &rl.Error{Kind: rl.Invalid, Code: "refused-by-database", Message: "refused late", Cause: errLate}
}

// TestDonationIsOneTransaction: when anything fails after the donation's
// row was written, the entry, the opened accounts, the receipt number and
// the row all roll back together.
func TestDonationIsOneTransaction(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, failAfterInsert{db.Donations()})
		before := counts(t, db)
		_, _, err := e.svc.Record(ctx, ledger.Actor{UserID: 1}, money(250000, "2021-07-20", func(in *donations.Input) {
			in.Earmark = "district:941"
			in.Channel, in.BankRef = donations.Cash, ""
		}))
		if !errors.Is(err, errLate) {
			t.Fatalf("Record = %v, want the late failure", err)
		}
		if diff := cmp.Diff(before, counts(t, db)); diff != "" {
			t.Errorf("a failed donation left rows behind (-before +after):\n%s", diff)
		}
	})
}

// TestReceiptsWithoutGapsUnderRace: 30 donations recorded at once, half of
// them refused late in their transaction, number the recorded ones 1…15
// without a gap.
func TestReceiptsWithoutGapsUnderRace(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		good := newEnv(t, db, nil)
		bad := donations.NewService(failAfterInsert{db.Donations()}, good.ledger, nil)
		var wg sync.WaitGroup
		var mu sync.Mutex
		var seqs []int64
		for i := 0; i < 30; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				svc := good.svc
				if i%2 == 1 {
					svc = bad
				}
				d, _, err := svc.Record(ctx, ledger.Actor{UserID: 1}, money(int64(1000+i), "2021-07-22", nil))
				if err != nil {
					if !errors.Is(err, errLate) {
						t.Errorf("donation %d: %v", i, err)
					}
					return
				}
				mu.Lock()
				seqs = append(seqs, d.ReceiptSeq)
				mu.Unlock()
			}(i)
		}
		wg.Wait()
		seen := map[int64]bool{}
		for _, s := range seqs {
			seen[s] = true
		}
		for n := int64(1); n <= 15; n++ {
			if !seen[n] {
				t.Errorf("receipt %d missing among %v", n, seqs)
			}
		}
		if len(seqs) != 15 {
			t.Errorf("%d donations recorded, want 15", len(seqs))
		}
	})
}
