package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"reliefledger/donations"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// batchEnv is a ledger and a donations service on db.
func batchEnv(t *testing.T, db *store.DB) *donations.Service {
	t.Helper()
	l := ledger.NewService(db.Ledger(), ledger.Options{Now: func() time.Time { return time.Date(2021, 12, 31, 3, 0, 0, 0, time.UTC) }})
	t.Cleanup(l.Close)
	if err := l.SeedFunds(context.Background()); err != nil {
		t.Fatal(err)
	}
	return donations.NewService(db.Donations(), l, nil)
}

func recordNamed(t *testing.T, svc *donations.Service, name, ref string) donations.Donation {
	t.Helper()
	d, _, err := svc.Record(context.Background(), ledger.Actor{UserID: 1}, donations.Input{Fund: "POOR", DonorName: name,
		Channel: donations.Bank, BankRef: ref, ReceivedDate: mustDate(t, "2021-12-30"),
		Amount: decimal.NullDecimal{Decimal: decimal.NewFromInt(100000), Valid: true}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDonationBatchRoundTrips: on PostgreSQL a batch of donations whose
// words are known costs three round trips, as the journal's two plus one:
// BEGIN, the head's lock and the journal's read; the receipt counters with
// the donations' IDs drawn; everything else queued with COMMIT. A batch
// with a word the process has not met reads the words' bits: one more.
func TestDonationBatchRoundTrips(t *testing.T) {
	db := storetest.Open(t, storetest.Postgres)
	svc := batchEnv(t, db)
	var mu sync.Mutex
	var trips []int
	stop := store.RoundTripsForTest(func(n int) {
		mu.Lock()
		trips = append(trips, n)
		mu.Unlock()
	})
	defer stop()
	took := func() []int {
		mu.Lock()
		defer mu.Unlock()
		out := trips
		trips = nil
		return out
	}
	recordNamed(t, svc, "Phạm Quốc Nghĩa", "RT1")
	if got := took(); len(got) != 1 || got[0] != 4 {
		t.Fatalf("a donation with new words: round trips %v, want [4]", got)
	}
	recordNamed(t, svc, "Nghĩa Phạm", "RT2")
	if got := took(); len(got) != 1 || got[0] != 3 {
		t.Fatalf("a donation with known words: round trips %v, want [3]", got)
	}
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			recordNamed(t, svc, "Quốc Nghĩa", fmt.Sprintf("RTC%d", i))
		}()
	}
	wg.Wait()
	got := took()
	if len(got) == 0 || len(got) > 32 {
		t.Fatalf("32 donations committed in %d transactions", len(got))
	}
	for _, n := range got {
		if n != 3 {
			t.Fatalf("batches of known words: round trips %v, want 3 each", got)
		}
	}
}

// TestWordBitCache: a donation's signature is the OR of its words' bits
// as donation_word_counts holds them, whether the process knew the words
// (its cache) or not: a word first met gets the bit the table then holds,
// a word given another bit than its hash (as migration 0013 gave them)
// keeps it, and a second process that did not see a word reads its bit.
func TestWordBitCache(t *testing.T) {
	for _, b := range []storetest.Backend{storetest.SQLite, storetest.Postgres} {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			var dsn string
			if b == storetest.Postgres {
				dsn = storetest.PostgresDSN(t)
			} else {
				dsn = "file:" + t.TempDir() + "/test.db"
			}
			open := func() *store.DB {
				db, err := store.Open(ctx, dsn, "")
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				return db
			}
			db1 := open()
			if _, err := db1.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			// "gamma" holds bit 3, which no word's hash gives (they give
			// 100..125): as if a migration had numbered it.
			err := db1.InJournalForTest(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecForTest(`INSERT INTO donation_word_counts (word, n, bit) VALUES ('gamma', 1, 3)`)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			svc1 := batchEnv(t, db1)
			db2 := open()
			svc2 := batchEnv(t, db2)
			check := func(d donations.Donation, words ...string) {
				t.Helper()
				var want [2]int64 // sig: bits 0-62, sig2: 63-125
				for _, w := range words {
					bit, err := db1.CountForTest(ctx, `SELECT bit FROM donation_word_counts WHERE word = ?`, w)
					if err != nil {
						t.Fatal(err)
					}
					want[bit/63] |= 1 << (bit % 63)
				}
				for _, w := range words {
					for i, col := range []string{"sig", "sig2"} {
						sig, err := db1.CountForTest(ctx, `SELECT `+col+` FROM donation_words WHERE donation_id = ? AND word = ?`, d.ID, w)
						if err != nil {
							t.Fatal(err)
						}
						if sig != want[i] {
							t.Fatalf("%s (%v) lists %q with %s %b, its words' bits make %b", d.ReceiptNo, words, w, col, sig, want[i])
						}
					}
				}
			}
			check(recordNamed(t, svc1, "Alpha Gamma", "B1"), "alpha", "gamma")              // both read
			check(recordNamed(t, svc1, "Gamma Alpha", "B2"), "gamma", "alpha")              // both cached
			check(recordNamed(t, svc2, "Alpha Beta Gamma", "B3"), "alpha", "beta", "gamma") // db2 knew none
			check(recordNamed(t, svc1, "Beta Alpha", "B4"), "beta", "alpha")                // beta met by db2 only
			check(recordNamed(t, svc2, "Gamma Beta", "B5"), "gamma", "beta")
			bit, err := db1.CountForTest(ctx, `SELECT bit FROM donation_word_counts WHERE word = 'gamma'`)
			if err != nil || bit != 3 {
				t.Fatalf("gamma's bit is %d (%v), want 3 as it was", bit, err)
			}
			n, err := db1.CountForTest(ctx, `SELECT n FROM donation_word_counts WHERE word = 'alpha'`)
			if err != nil || n != 4 {
				t.Fatalf("alpha counted %d (%v), want 4", n, err)
			}
		})
	}
}
