package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"reliefledger/donations"
	"reliefledger/internal/fold"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestSearchHostileBounded: searches anyone can type that no index serves
// well (numbers, short prefixes, a common word with numbers) answer
// correctly and read a bounded number of rows. With tiny bounds, every
// page holds the newest matches above where the search stopped, none
// skipped; the count is exact or says "at least" (Partial); the pages
// followed by Next give every match exactly once; and each search reads
// no more than its bounds allow, a fraction of the table. With the real
// bounds, beyond these few rows, the same searches are exact.
func TestSearchHostileBounded(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSearchEnv(t, db)
		const rows = 1500
		var b strings.Builder
		b.WriteString("date,reference,amount,description\n")
		names := []string{"NGUYEN VAN AN", "TRAN THI BE", "LE VAN CUONG"}
		for i := range rows {
			day := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%300).Format("2006-01-02")
			name := names[i%3]
			if i%100 == 7 { // rare: its walk is shorter than the bounds
				name = "HUYNH THI DIEP"
			}
			fmt.Fprintf(&b, "%s,FT21H%06d,%d,MBVCB.09%08d.%s ung ho lan %d dot %d\n", day, i, 500000+i%3*250000, i*7919%100000000, name, i%37, i%11)
		}
		rep, err := e.svc.ImportStatement(ctx, ledger.Actor{UserID: 1}, "hostile.csv", strings.NewReader(b.String()), donations.StatementOptions{Fund: "POOR"})
		if err != nil || rep.Created != rows {
			t.Fatalf("import: %+v, %v", rep, err)
		}
		// Every donation, newest first, with what the public search sees.
		type row struct{ receipt, public string }
		var all []row
		for cursor := ""; ; {
			r, err := e.svc.Search(ctx, donations.Search{Limit: 100, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range r.Donations {
				all = append(all, row{d.ReceiptNo, donations.PublicText(d.PublicName, d.Description)})
			}
			if cursor = r.Next; cursor == "" {
				break
			}
		}
		model := func(q string) []string {
			out := []string{}
			for _, r := range all {
				words := strings.Fields(r.public)
				if !slices.ContainsFunc(donations.Words(fold.String(q)), func(w string) bool {
					return !slices.ContainsFunc(words, func(x string) bool { return strings.HasPrefix(x, w) })
				}) {
					out = append(out, r.receipt)
				}
			}
			return out
		}

		const bound = 30
		var reads atomic.Int64
		l := ledger.NewService(db.Ledger(), ledger.Options{})
		t.Cleanup(l.Close)
		bounded := donations.NewService(store.WithReadCount(store.WithSearchWindow(store.WithSearchBounds(db.Donations(), bound, bound, bound), bound), &reads), l, nil)
		// A search reads at most: two windows of the order and their
		// floors, the indexes' candidates twice (counted, then fetched),
		// each walked word three times its bound (the walk, its donations,
		// where it stopped), the dictionary and a few lookups.
		const most = 6*bound + 4*bound + 3*bound + 300
		if most >= rows/2 {
			t.Fatalf("bound %d is no bound on %d rows", most, rows)
		}
		trigram := map[string]bool{"0912": true, "500000": true, "750.000": true}
		for _, q := range []string{"3-17", "3", "17", "0912", "09", "a b c d e f", "ho 17 3", "ung 3", "lan 3 dot 7", "an 5", "ung ho lan 36",
			"1 2 3 4 5 6 7 8 9 10", "!!!...---", "500000", "750.000", "5 ****", "lan 3 nobody", "diep 3", "diep 09", "huynh 7 1"} {
			want := model(q)
			full, err := e.svc.Search(ctx, donations.Search{Text: q, Limit: 20})
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			if diff := cmp.Diff(want[:min(20, len(want))], receipts(full)); diff != "" || full.Count != int64(min(len(want), 100)) || full.Capped != (len(want) > 100) {
				t.Errorf("%q with the real bounds: count %d capped %v, want %d; page (-want +got):\n%s", q, full.Count, full.Capped, len(want), diff)
			}

			var got []string
			cursor := ""
			for page := 0; ; page++ {
				reads.Store(0)
				r, err := bounded.Search(ctx, donations.Search{Text: q, Limit: 20, Cursor: cursor})
				if err != nil {
					t.Fatalf("%q: %v", q, err)
				}
				limit := int64(most)
				if db.Postgres() && trigram[q] {
					// On so few rows the planner reads the table rather
					// than the trigram index (on 100,000 it takes the index,
					// BENCHMARKS.md): twice, to count the candidates and to
					// fetch them.
					limit += 2 * rows
				}
				if n := reads.Load(); n > limit {
					t.Errorf("%q page %d: read %d rows and index entries, more than %d", q, page, n, most)
				}
				if page == 0 {
					// Exact, or "at least" and true.
					if r.Count > int64(len(want)) || (!r.Partial && r.Count != int64(min(len(want), 100))) || r.Capped != (len(want) > 100 && r.Count == 100 && !r.Partial) {
						t.Errorf("%q: count %d capped %v, but %d match", q, r.Count, r.Capped, len(want))
					}
				}
				if rest := want[len(got):]; len(r.Donations) > len(rest) || !slices.Equal(receipts(r), rest[:len(r.Donations)]) {
					t.Fatalf("%q page %d: %v, want the next of %v", q, page, receipts(r), rest[:min(len(rest), 20)])
				}
				got = append(got, receipts(r)...)
				if cursor = r.Next; cursor == "" {
					break
				}
				if page > rows {
					t.Fatalf("%q: pages without end", q)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%q: the pages gave %d donations, want %d", q, len(got), len(want))
			}
		}
	})
}

// TestSearchReceiptNumber: a query that is a receipt number alone finds
// that receipt, by its index, as ref= does; with other words it is words.
func TestSearchReceiptNumber(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		e := newSearchEnv(t, db)
		d1 := e.record(t, "Nguyễn Văn An", false, "FT1", 500000, "2021-07-01", "ung ho")
		e.record(t, "Trần Thị Bé", false, "FT2", 500000, "2021-07-02", "bo sung "+d1.ReceiptNo)
		for q, want := range map[string][]string{
			d1.ReceiptNo:                        {d1.ReceiptNo},
			" " + strings.ToLower(d1.ReceiptNo): {d1.ReceiptNo},
			"POOR-2021-999999":                  {},
		} {
			got, err := e.svc.Search(context.Background(), donations.Search{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, receipts(got)); diff != "" || got.Count != int64(len(want)) {
				t.Errorf("%q: count %d (-want +got):\n%s", q, got.Count, diff)
			}
		}
	})
}

// TestSearchPlannerSettings: a walk of the word index forbids the planner
// hash joins, sorts, parallel workers and JIT (searchByWord); the listings
// statement sets that. A search that reads the listings and then does not
// walk (a word in every row with a number, past its walk's bound) sets
// them back, so that its own statements get the planner's plans.
func TestSearchPlannerSettings(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		if !db.Postgres() {
			return // SQLite has no such settings
		}
		ctx := context.Background()
		e := newSearchEnv(t, db)
		var b strings.Builder
		b.WriteString("date,reference,amount,description\n")
		for i := range 200 {
			fmt.Fprintf(&b, "2021-03-%02d,FT21P%06d,%d,MBVCB.NGUYEN VAN AN ung ho lan %d\n", 1+i%28, i, 500000+i, i%37)
		}
		if rep, err := e.svc.ImportStatement(ctx, ledger.Actor{UserID: 1}, "settings.csv", strings.NewReader(b.String()), donations.StatementOptions{Fund: "POOR"}); err != nil || rep.Created != 200 {
			t.Fatalf("import: %+v, %v", rep, err)
		}
		var seen string
		base := store.WithPlannerSettings(store.WithSearchBounds(db.Donations(), 1000, 1000, 30), func(s string) { seen = s })
		svc := donations.NewService(base, e.ledger, nil)
		search := func(q donations.Search) string {
			t.Helper()
			seen = ""
			q.Limit = 20
			r, err := svc.Search(ctx, q)
			if err != nil || len(r.Donations) == 0 {
				t.Fatalf("%+v: %d found, %v", q, len(r.Donations), err)
			}
			return seen
		}
		defaults := search(donations.Search{Ref: "FT21P000007"}) // no listings read
		if !strings.Contains(defaults, "enable_sort=on") {
			t.Fatalf("settings of a reference search: %s", defaults)
		}
		if got := search(donations.Search{Text: "nguyen an"}); !strings.Contains(got, "enable_hashjoin=off") || !strings.Contains(got, "enable_sort=off") ||
			!strings.Contains(got, "max_parallel_workers_per_gather=0") || !strings.Contains(got, "jit=off") {
			t.Errorf("a walk's settings: %s", got)
		}
		if got := search(donations.Search{Text: "ung 3"}); got != defaults {
			t.Errorf("a search that read the listings and did not walk: %s, want the defaults %s", got, defaults)
		}
	})
}
