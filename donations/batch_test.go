package donations_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/donations"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// allDonations pages through every donation, in ID order.
func allDonations(tb testing.TB, svc *donations.Service) []donations.Donation {
	tb.Helper()
	var out []donations.Donation
	for after := int64(0); ; {
		ds, err := svc.List(context.Background(), donations.Filter{AfterID: after, Limit: 1000})
		if err != nil {
			tb.Fatal(err)
		}
		if len(ds) == 0 {
			return out
		}
		out = append(out, ds...)
		after = ds[len(ds)-1].ID
	}
}

// checkReceipts asserts that the receipts of each fund and year run 1…n
// without a gap in the order of their entries, that each names its entry
// and the entry names it back, and that the ledger and the store verify
// clean.
func checkReceipts(t *testing.T, e env, ds []donations.Donation) {
	t.Helper()
	ctx := context.Background()
	entries := map[int64]ledger.Entry{}
	err := e.ledger.EachEntry(ctx, ledger.EntryFilter{Kind: ledger.KindDonation}, func(en ledger.Entry) error {
		entries[en.ID] = en
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	type group struct {
		fund string
		year int
	}
	last := map[group]int64{}
	lastEntry := map[group]int64{}
	for _, d := range ds {
		g := group{d.FundCode, d.ReceiptYear}
		if d.ReceiptSeq != last[g]+1 {
			t.Fatalf("%s follows %s-%d-%06d: the numbers of %v have a gap", d.ReceiptNo, g.fund, g.year, last[g], g)
		}
		if d.EntryID <= lastEntry[g] {
			t.Fatalf("%s has entry %d, not after entry %d of the receipt before: numbers not in commit order", d.ReceiptNo, d.EntryID, lastEntry[g])
		}
		last[g], lastEntry[g] = d.ReceiptSeq, d.EntryID
		en, ok := entries[d.EntryID]
		if !ok {
			t.Fatalf("%s names entry %d, which is not a donation entry", d.ReceiptNo, d.EntryID)
		}
		if en.Source.ID != d.ReceiptNo || en.Date != d.ReceivedDate {
			t.Fatalf("entry %d names %q dated %s, its donation is %s of %s", en.ID, en.Source.ID, en.Date, d.ReceiptNo, d.ReceivedDate)
		}
		delete(entries, d.EntryID)
	}
	if len(entries) > 0 {
		t.Errorf("%d donation entries have no donation", len(entries))
	}
	r, err := e.ledger.Verify(ctx)
	if err != nil || !r.OK() {
		t.Fatalf("verify: %+v %v", r.Problems, err)
	}
	ps, err := e.db.CheckIntegrity(ctx)
	if err != nil || len(ps) > 0 {
		t.Fatalf("integrity: %+v %v", ps, err)
	}
}

func balanceOf(tb testing.TB, l *ledger.Service, fund, code string) decimal.Decimal {
	tb.Helper()
	a, err := l.AccountByCode(fund, code)
	if err != nil {
		tb.Fatal(err)
	}
	_, bs, err := l.AccountBalances(context.Background(), a.ID, ledger.Date{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, b := range bs {
		if b.Asset == ledger.AssetVND {
			return b.Amount
		}
	}
	return decimal.Zero
}

// TestTenThousandDonationsGroupCommitted: 10,000 donations (2,500 on
// SQLite under the race detector, which slows its pure-Go driver some
// twentyfold) from 64 goroutines, to two funds over two years, cash and bank, mixed with
// plain journal entries in the same batches, get receipts 1…n of their
// fund and year in commit order, each with its entry, and the funds hold
// their sums.
func TestTenThousandDonationsGroupCommitted(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		var batches, biggest atomic.Int64
		e.ledger.OnBatch = func(size, _ int, _ time.Duration) {
			batches.Add(1)
			for b := biggest.Load(); int64(size) > b && !biggest.CompareAndSwap(b, int64(size)); b = biggest.Load() {
			}
		}
		n, workers := int64(10000), 64
		if raceEnabled && !db.Postgres() {
			n = 2500
		}
		var next atomic.Int64
		var mu sync.Mutex
		sums := map[string]decimal.Decimal{}
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for {
					i := next.Add(1) - 1
					if i >= n {
						return
					}
					if w < 2 && i%10 == 0 {
						// A plain entry in the same batches: cash opened.
						_, _, err := e.ledger.Post(ctx, ledger.Actor{UserID: 1}, ledger.EntryInput{Date: ledger.NewDate(2021, 7, 1), Kind: ledger.KindOpening,
							Description: "tồn quỹ", Postings: []ledger.PostingInput{
								{Account: ledger.AccountByCode("COVID", "1110"), Amount: decimal.NewFromInt(7)},
								{Account: ledger.AccountByCode("COVID", "3100"), Amount: decimal.NewFromInt(-7)}}})
						if err != nil {
							t.Errorf("entry: %v", err)
							return
						}
						mu.Lock()
						sums["COVID:1110"] = sums["COVID:1110"].Add(decimal.NewFromInt(7))
						mu.Unlock()
					}
					fund, date := []string{"POOR", "COVID"}[i%2], []string{"2020-12-30", "2021-07-20"}[i/2%2]
					amount := 1000 + i
					d, _, err := e.svc.Record(ctx, ledger.Actor{UserID: 1}, money(amount, date, func(in *donations.Input) {
						in.Fund = fund
						in.DonorName = fmt.Sprintf("Nhà hảo tâm %d", i)
						if i%3 == 0 {
							in.Channel, in.BankRef = donations.Cash, ""
						}
					}))
					if err != nil {
						t.Errorf("donation %d: %v", i, err)
						return
					}
					code := fund + ":1120"
					if d.Channel == donations.Cash {
						code = fund + ":1110"
					}
					mu.Lock()
					sums[code] = sums[code].Add(decimal.NewFromInt(amount))
					mu.Unlock()
				}
			}(w)
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		ds := allDonations(t, e.svc)
		if int64(len(ds)) != n {
			t.Fatalf("%d donations recorded, want %d", len(ds), n)
		}
		checkReceipts(t, e, ds)
		for code, want := range sums {
			fund, acc := code[:len(code)-5], code[len(code)-4:]
			if got := balanceOf(t, e.ledger, fund, acc); !got.Equal(want) {
				t.Errorf("%s holds %s, want %s", code, got, want)
			}
		}
		t.Logf("%d donations in %d batches, the biggest of %d", n, batches.Load(), biggest.Load())
		if biggest.Load() < 2 {
			t.Errorf("no batch held more than one request: donations are not group-committed")
		}
	})
}

// TestConcurrentRetriesRecordOnce: the same donation sent 32 times at once
// with one Idempotency-Key is recorded once; every answer is that
// donation, all but one replayed. The key sent with another body is a
// Conflict.
func TestConcurrentRetriesRecordOnce(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		idem := func(hash string) ledger.Actor {
			return ledger.Actor{UserID: 1, Idem: &rl.IdemRecord{IdemKey: rl.IdemKey{Scope: "user:1", Key: "retry-1"}, RequestHash: hash}}
		}
		const tries = 32
		got := make([]donations.Donation, tries)
		replays := make([]bool, tries)
		var wg sync.WaitGroup
		for i := 0; i < tries; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				// Other donations around it share its batches.
				if _, _, err := e.svc.Record(ctx, ledger.Actor{UserID: 1}, money(int64(2000+i), "2021-07-20", nil)); err != nil {
					t.Errorf("other donation: %v", err)
				}
				d, replayed, err := e.svc.Record(ctx, idem("h1"), money(500000, "2021-07-20", nil))
				if err != nil {
					t.Errorf("try %d: %v", i, err)
					return
				}
				got[i], replays[i] = d, replayed
			}(i)
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		fresh := 0
		for i, d := range got {
			if !replays[i] {
				fresh++
			}
			if d.ID != got[0].ID || d.ReceiptNo != got[0].ReceiptNo || d.EntryID != got[0].EntryID || !d.Amount.Equal(decimal.NewFromInt(500000)) {
				t.Errorf("try %d answered %+v, try 0 %+v", i, d, got[0])
			}
		}
		if fresh != 1 {
			t.Errorf("%d tries recorded the donation, want 1", fresh)
		}
		ds := allDonations(t, e.svc)
		if len(ds) != tries+1 {
			t.Errorf("%d donations recorded, want %d", len(ds), tries+1)
		}
		checkReceipts(t, e, ds)
		_, _, err := e.svc.Record(ctx, idem("h2"), money(600000, "2021-07-20", nil))
		if e, ok := rl.AsError(err); !ok || e.Code != "idempotency-mismatch" {
			t.Errorf("the key with another body: %v, want idempotency-mismatch", err)
		}
	})
}

// gatedLedger holds the batcher's first transaction until released, so
// that the requests sent meanwhile queue up and form one batch.
type gatedLedger struct {
	ledger.Store
	once sync.Once
	gate chan struct{}
}

func (g *gatedLedger) WithJournal(ctx context.Context, fn func(ledger.Tx) error) error {
	g.once.Do(func() { <-g.gate })
	return g.Store.WithJournal(ctx, fn)
}

// TestHostileDonationFailsAlone: one batch holds good donations, one
// dated inside a closed period and one whose bank reference has a NUL
// byte (PostgreSQL refuses it as its row is written, SQLite keeps it).
// Only those fail; the others commit numbered without a gap.
func TestHostileDonationFailsAlone(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		g := &gatedLedger{Store: db.Ledger(), gate: make(chan struct{})}
		close(g.gate) // the setup passes
		e := newEnv(t, db, nil)
		l := ledger.NewService(g, ledger.Options{Now: func() time.Time { return time.Date(2021, 7, 25, 3, 0, 0, 0, time.UTC) }})
		t.Cleanup(l.Close)
		svc := donations.NewService(db.Donations(), l, nil)
		if _, _, err := l.ClosePeriod(ctx, ledger.Actor{UserID: 1}, ledger.CloseInput{Fund: "POOR", Date: ledger.NewDate(2021, 6, 30)}); err != nil {
			t.Fatal(err)
		}
		g.once, g.gate = sync.Once{}, make(chan struct{})
		var sizes []int
		var mu sync.Mutex
		l.OnBatch = func(size, _ int, _ time.Duration) { mu.Lock(); sizes = append(sizes, size); mu.Unlock() }
		const n = 24
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			if i == 1 {
				time.Sleep(50 * time.Millisecond) // donation 0 holds the writer
			}
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, _, errs[i] = svc.Record(ctx, ledger.Actor{UserID: 1}, money(int64(1000+i), "2021-07-20", func(in *donations.Input) {
					in.BankRef = fmt.Sprintf("FT%d", i)
					switch i {
					case 7:
						in.ReceivedDate = ledger.NewDate(2021, 6, 15) // closed
					case 13:
						in.BankRef = "FT\x00poison"
					}
				}))
			}(i)
		}
		// The first request holds the writer; the others queue behind it.
		for deadline := time.Now().Add(20 * time.Second); l.QueueDepth() < n-1 && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		if l.QueueDepth() < n-1 {
			t.Fatalf("%d requests queued, want %d", l.QueueDepth(), n-1)
		}
		close(g.gate)
		wg.Wait()
		for i, err := range errs {
			switch {
			case i == 7:
				if e, ok := rl.AsError(err); !ok || e.Code != "period-closed" {
					t.Errorf("donation in a closed period: %v, want period-closed", err)
				}
			case i == 13 && db.Postgres():
				if e, ok := rl.AsError(err); !ok || e.Code != "refused-by-database" {
					t.Errorf("donation with a NUL byte: %v, want refused-by-database", err)
				}
			case err != nil:
				t.Errorf("donation %d failed with its hostile neighbours: %v", i, err)
			}
		}
		// The queued requests formed one batch; on PostgreSQL it was split
		// by halves until the NUL byte's donation failed alone.
		mu.Lock()
		committed := 0
		for _, s := range sizes[1:] {
			committed += s
		}
		if len(sizes) < 2 || sizes[0] != 1 || (!db.Postgres() && (len(sizes) != 2 || sizes[1] != n-1)) ||
			(db.Postgres() && (len(sizes) < 3 || committed != n-2)) {
			t.Errorf("committed batches of %v", sizes)
		}
		mu.Unlock()
		ds := allDonations(t, e.svc)
		want := n - 1
		if db.Postgres() {
			want = n - 2
		}
		if len(ds) != want {
			t.Errorf("%d donations recorded, want %d", len(ds), want)
		}
		checkReceipts(t, e, ds)
	})
}
