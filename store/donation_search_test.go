package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
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

// searchEnv is a donations service over a store whose search windows are
// tiny (2 rows) or the real ones, so that a
// few rows take both of the search's paths.
type searchEnv struct {
	db  *store.DB
	svc *donations.Service
	// windowed has tiny windows and no word index, so that a few rows
	// take all of the trigram path; commonest walks the word index by a
	// search's most common word; trigram is the trigram path alone.
	windowed, commonest, trigram *donations.Service
	// unsigned checks the other words by index alone (no signatures);
	// unpaired walks words, never word pairs.
	unsigned, unpaired *donations.Service
	ledger             *ledger.Service
}

func newSearchEnv(t *testing.T, db *store.DB) searchEnv {
	t.Helper()
	l := ledger.NewService(db.Ledger(), ledger.Options{Now: func() time.Time { return time.Date(2021, 12, 31, 3, 0, 0, 0, time.UTC) }})
	t.Cleanup(l.Close)
	if err := l.SeedFunds(context.Background()); err != nil {
		t.Fatal(err)
	}
	return searchEnv{db: db, ledger: l, svc: donations.NewService(db.Donations(), l, nil),
		windowed:  donations.NewService(store.WithoutWordIndex(store.WithSearchWindow(db.Donations(), 2)), l, nil),
		commonest: donations.NewService(store.WithCommonestWord(db.Donations()), l, nil),
		trigram:   donations.NewService(store.WithoutWordIndex(db.Donations()), l, nil),
		unsigned:  donations.NewService(store.WithoutSignatures(db.Donations()), l, nil),
		unpaired:  donations.NewService(store.WithoutPairs(db.Donations()), l, nil)}
}

func (e searchEnv) record(t *testing.T, name string, anonymous bool, ref string, amount int64, date, desc string) donations.Donation {
	t.Helper()
	d, _, err := e.svc.Record(context.Background(), ledger.Actor{UserID: 1}, donations.Input{Fund: "POOR", DonorName: name, Anonymous: anonymous,
		Channel: donations.Bank, BankRef: ref, ReceivedDate: mustDate(t, date), Description: desc,
		Amount: decimal.NullDecimal{Decimal: decimal.NewFromInt(amount), Valid: true}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// importLines imports a statement without a sender column: the sender's
// name is only inside the transfer text, as banks write it.
func (e searchEnv) importLines(t *testing.T, lines ...string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("date,reference,amount,description\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	rep, err := e.svc.ImportStatement(context.Background(), ledger.Actor{UserID: 1}, "statement.csv", strings.NewReader(b.String()),
		donations.StatementOptions{Fund: "POOR"})
	if err != nil || rep.Created != len(lines) {
		t.Fatalf("import: %+v, %v", rep, err)
	}
}

func mustDate(t *testing.T, s string) ledger.Date {
	t.Helper()
	d, err := ledger.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// both runs a search by its rarest word, by its commonest, by the
// trigram path with the real windows and with tiny ones; they must agree.
func (e searchEnv) both(t *testing.T, q donations.Search) donations.Results {
	t.Helper()
	got, err := e.svc.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	for name, svc := range map[string]*donations.Service{"small windows": e.windowed, "commonest word": e.commonest, "trigram": e.trigram, "no signatures": e.unsigned, "no pairs": e.unpaired} {
		other, err := svc.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("search %+v by %s: %v", q, name, err)
		}
		if diff := cmp.Diff(summary(got), summary(other)); diff != "" {
			t.Errorf("search %+v: by %s differs (-rarest word +%s):\n%s", q, name, name, diff)
		}
	}
	return got
}

// summary is what a test compares of results: each donation as receipt
// number, public name and status, the count and the next cursor.
func summary(r donations.Results) []string {
	out := []string{fmt.Sprintf("count %d capped %v next %q", r.Count, r.Capped, r.Next)}
	for _, d := range r.Donations {
		out = append(out, d.ReceiptNo+" "+d.PublicName+" "+d.Status)
	}
	return out
}

func receipts(r donations.Results) []string {
	out := []string{}
	for _, d := range r.Donations {
		out = append(out, d.ReceiptNo)
	}
	return out
}

// TestSearchFindsWhatIsPublished: words without accents or case, every one
// required, over the published name and the transfer text as published.
func TestSearchFindsWhatIsPublished(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSearchEnv(t, db)
		// POOR-2021-000001: a statement line, the name only in the text.
		e.importLines(t, "2021-07-10,FT21191001,500000,MBVCB.7001234567.123456.NGUYEN THI LAN ung ho dong bao mien Trung")
		e.record(t, "Nguyễn Thị Lan", false, "FT21192002", 200000, "2021-07-11", "ủng hộ đồng bào")           // 000002
		e.record(t, "Trần Văn Hùng", true, "ft21ABC", 1000000, "2021-07-12", "ung ho")                        // 000003
		e.record(t, "Lê Văn Tám", false, "FT21193004", 300000, "2021-07-12", "chuyen tien ung ho 0912345678") // 000004
		voided := e.record(t, "Phạm Minh Lan", false, "FT21194005", 100000, "2021-07-13", "ung ho quy covid") // 000005
		if _, err := e.svc.Void(ctx, ledger.Actor{UserID: 1}, voided.ID, "chuyển nhầm", ledger.Date{}); err != nil {
			t.Fatal(err)
		}
		amount := func(n int64) decimal.NullDecimal {
			return decimal.NullDecimal{Decimal: decimal.NewFromInt(n), Valid: true}
		}
		for _, c := range []struct {
			name string
			q    donations.Search
			want []string // receipt numbers, newest received first
		}{
			{"name inside the transfer text and as the donor's name", donations.Search{Text: "nguyen thi lan"}, []string{"POOR-2021-000002", "POOR-2021-000001"}},
			{"accents and case ignored", donations.Search{Text: "NGUYỄN  Thị lan"}, []string{"POOR-2021-000002", "POOR-2021-000001"}},
			{"words in any order", donations.Search{Text: "lan nguyen"}, []string{"POOR-2021-000002", "POOR-2021-000001"}},
			{"every word must match", donations.Search{Text: "nguyen hung"}, []string{}},
			{"the start of a word", donations.Search{Text: "nguy la"}, []string{"POOR-2021-000002", "POOR-2021-000001"}},
			{"not the inside of one", donations.Search{Text: "guyen"}, []string{}},
			{"punctuation separates words", donations.Search{Text: "mbvcb.lan"}, []string{"POOR-2021-000001"}},
			{"a word shorter than a trigram", donations.Search{Text: "le tam"}, []string{"POOR-2021-000004"}},
			{"a voided donation is still there", donations.Search{Text: "lan"}, []string{"POOR-2021-000005", "POOR-2021-000002", "POOR-2021-000001"}},
			{"an anonymous donor is not found by their real name", donations.Search{Text: "tran van hung"}, []string{}},
			{"nor by part of it", donations.Search{Text: "hung"}, []string{}},
			{"a masked phone number is not findable", donations.Search{Text: "0912345678"}, []string{}},
			{"nor its masked digits", donations.Search{Text: "2345"}, []string{}},
			{"a masked account number is not findable", donations.Search{Text: "7001234567"}, []string{}},
			{"the published digits are", donations.Search{Text: "0912"}, []string{"POOR-2021-000004"}},
			{"bank reference, exact and without case", donations.Search{Ref: "FT21ABC"}, []string{"POOR-2021-000003"}},
			{"bank reference of a statement line", donations.Search{Ref: "ft21191001"}, []string{"POOR-2021-000001"}},
			{"a bank reference is not a prefix", donations.Search{Ref: "FT2119"}, []string{}},
			{"receipt number", donations.Search{Ref: "poor-2021-000004"}, []string{"POOR-2021-000004"}},
			{"amount", donations.Search{Amount: amount(300000)}, []string{"POOR-2021-000004"}},
			{"amount and words", donations.Search{Text: "lan", Amount: amount(200000)}, []string{"POOR-2021-000002"}},
			{"date range", donations.Search{From: mustDate(t, "2021-07-11"), To: mustDate(t, "2021-07-12")},
				[]string{"POOR-2021-000004", "POOR-2021-000003", "POOR-2021-000002"}},
			{"date range and words", donations.Search{Text: "nguyen", From: mustDate(t, "2021-07-11")}, []string{"POOR-2021-000002"}},
			{"another fund", donations.Search{Text: "lan", FundID: 99}, []string{}},
			{"nothing asked: everything", donations.Search{}, []string{"POOR-2021-000005", "POOR-2021-000004", "POOR-2021-000003", "POOR-2021-000002", "POOR-2021-000001"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				got := e.both(t, c.q)
				if diff := cmp.Diff(c.want, receipts(got)); diff != "" {
					t.Errorf("receipts (-want +got):\n%s", diff)
				}
				if got.Count != int64(len(c.want)) || got.Capped || got.Next != "" {
					t.Errorf("count %d capped %v next %q, want %d, false, none", got.Count, got.Capped, got.Next, len(c.want))
				}
			})
		}
		// What the public sees of the anonymous and the voided gifts: a
		// search reads the published fields only, so the donor's real
		// name is not in its results, by reference or by a word's walk.
		for _, q := range []donations.Search{{Ref: "FT21ABC"}, {Text: "ung ho", Amount: amount(1000000)}, {Text: "ung ho", Limit: 10}} {
			got := e.both(t, q)
			anon := slices.IndexFunc(got.Donations, func(d donations.Donation) bool { return d.ReceiptNo == "POOR-2021-000003" })
			if anon < 0 {
				t.Fatalf("%+v: the anonymous gift is not found: %v", q, summary(got))
			}
			if d := got.Donations[anon]; d.PublicName != donations.AnonymousName || d.DonorName != "" || d.DonorID != 0 {
				t.Errorf("%+v: anonymous gift published as %q, donor %q (%d); want %q and no donor", q, d.PublicName, d.DonorName, d.DonorID, donations.AnonymousName)
			}
		}
		got := e.both(t, donations.Search{Text: "pham minh lan"})
		if len(got.Donations) != 1 || got.Donations[0].Status != donations.Voided {
			t.Errorf("voided gift: %v, want one, voided", summary(got))
		}
	})
}

// TestSearchPages: keyset pages return every match once, newest received
// first, also across rows of the same date, on both of the search's paths.
func TestSearchPages(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSearchEnv(t, db)
		var lines []string
		for i := range 23 {
			name := "NGUYEN VAN AN"
			if i%3 == 1 {
				name = "TRAN THI BE"
			}
			lines = append(lines, fmt.Sprintf("2021-08-%02d,FT21%05d,%d,IBFT %s ung ho", 1+i%4, i, 10000*(i+1), name))
		}
		e.importLines(t, lines...)
		all, err := e.svc.Search(ctx, donations.Search{Text: "nguyen", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(all.Donations) != 15 || all.Count != 15 {
			t.Fatalf("all at once: %d donations, count %d, want 15", len(all.Donations), all.Count)
		}
		for i := 1; i < len(all.Donations); i++ {
			a, b := all.Donations[i-1], all.Donations[i]
			if a.ReceivedDate.Before(b.ReceivedDate) || (a.ReceivedDate == b.ReceivedDate && a.ID < b.ID) {
				t.Fatalf("not newest first: %s #%d before %s #%d", a.ReceivedDate, a.ID, b.ReceivedDate, b.ID)
			}
		}
		for _, svc := range []*donations.Service{e.svc, e.windowed, e.commonest, e.trigram} {
			var paged []string
			q := donations.Search{Text: "nguyen an", Limit: 4}
			for pages := 0; ; pages++ {
				if pages > 5 {
					t.Fatal("more pages than matches")
				}
				r, err := svc.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if r.Count != 15 {
					t.Errorf("page %d: count %d, want 15 on every page", pages, r.Count)
				}
				paged = append(paged, receipts(r)...)
				if r.Next == "" {
					break
				}
				q.Cursor = r.Next
			}
			if diff := cmp.Diff(receipts(all), paged); diff != "" {
				t.Errorf("pages of 4 (-all at once +paged):\n%s", diff)
			}
		}
	})
}

// TestSearchCountCapped: the count stops past SearchCountCap and says so;
// below it, it is exact.
func TestSearchCountCapped(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		e := newSearchEnv(t, db)
		var b bytes.Buffer
		b.WriteString("date,reference,amount,description\n")
		n := donations.SearchCountCap + 5
		for i := range n {
			name := "NGUYEN VAN AN"
			if i%50 == 7 {
				name = "HUYNH THI CUC"
			}
			fmt.Fprintf(&b, "2021-09-%02d,FT21%06d,%d,MBVCB.%d.%s ung ho\n", 1+i%28, i, 50000+i, 100000+i, name)
		}
		if _, err := e.svc.ImportStatement(context.Background(), ledger.Actor{UserID: 1}, "big.csv", &b, donations.StatementOptions{Fund: "POOR"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			text   string
			count  int64
			capped bool
		}{
			{"nguyen", donations.SearchCountCap, true},
			{"ung ho", donations.SearchCountCap, true},
			{"huynh cuc", 2, false}, // lines 7 and 57
			{"nobody", 0, false},
		} {
			got := e.both(t, donations.Search{Text: c.text, Limit: 2})
			if got.Count != c.count || got.Capped != c.capped {
				t.Errorf("%q: count %d capped %v, want %d %v", c.text, got.Count, got.Capped, c.count, c.capped)
			}
			if want := min(2, int(c.count)); len(got.Donations) != want {
				t.Errorf("%q: %d donations on the page, want %d", c.text, len(got.Donations), want)
			}
		}
	})
}

// TestSearchBadCursor: a cursor the search did not give is Invalid, named.
func TestSearchBadCursor(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		e := newSearchEnv(t, db)
		for _, c := range []string{"abc", "2021-07-01", "2021-13-01.5", "2021-07-01.x", "2021-07-01.0", "2021-07-01.-3"} {
			_, err := e.svc.Search(context.Background(), donations.Search{Cursor: c})
			var re *rl.Error
			if !errors.As(err, &re) || re.Kind != rl.Invalid || len(re.Fields) != 1 || re.Fields[0].Field != "cursor" {
				t.Errorf("cursor %q: %v, want Invalid on field cursor", c, err)
			}
		}
	})
}

// TestSearchBackfill: rows recorded before the search column existed are
// filled by the next migrate, and found.
func TestSearchBackfill(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSearchEnv(t, db)
		e.importLines(t, "2021-07-10,FT21191001,500000,NGUYEN THI LAN chuyen tien ung ho quy covid 0912345678")
		e.record(t, "Đặng Văn Lâm", false, "FT2", 200000, "2021-07-11", "")
		e.record(t, "Võ Thị Sáu", true, "FT3", 300000, "2021-07-11", "")
		// As before migration 0010: no folded text, so no words listed
		// either (0012 lists the words of the rows already folded).
		for _, q := range []string{"UPDATE donations SET search_public = ''", "DELETE FROM donation_words", "DELETE FROM donation_word_counts"} {
			if err := db.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if got := e.both(t, donations.Search{Text: "lan"}); len(got.Donations) != 0 {
			t.Fatalf("before the backfill: %v, want nothing found", summary(got))
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string][]string{"lan": {"POOR-2021-000001"}, "dang van lam": {"POOR-2021-000002"}, "van": {"POOR-2021-000002"}} {
			got := e.both(t, donations.Search{Text: q})
			if diff := cmp.Diff(want, receipts(got)); diff != "" {
				t.Errorf("after the backfill, %q (-want +got):\n%s", q, diff)
			}
		}
		for _, q := range []string{"0912345678", "vo thi sau"} {
			if got := e.both(t, donations.Search{Text: q}); len(got.Donations) != 0 {
				t.Errorf("after the backfill %q finds %v, want nothing", q, summary(got))
			}
		}
		// Done once: the next migrate finds nothing left to fill (an
		// anonymous gift without a text is filled with a space).
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if got := e.both(t, donations.Search{Text: "nguyen"}); len(got.Donations) != 1 {
			t.Errorf("after a second migrate: %v, want one", summary(got))
		}
	})
}

// TestSearchRoundTrips: on PostgreSQL a public search is one snapshot,
// pipelined: BEGIN and the walk's settings go out with the listings (or
// the first read), and the transaction ends with the page's donations. A
// first page of words walked by one query reads its donations in the walk
// itself: 2 round trips; a walk of more queries sends them as one
// statement, then reads the page: 3; a later page walks the count and the
// page apart and reads the donations after them: 4; a reference 3; a word
// no donation holds 2 (the listings, then the end).
func TestSearchRoundTrips(t *testing.T) {
	db := storetest.Open(t, storetest.Postgres)
	e := newSearchEnv(t, db)
	for i, name := range []string{"Nguyễn Thị Lan", "Trần Văn An", "Nguyễn Văn Lan", "Lê Thị Lan", "Phạm Minh Hòa", "Phạm Thị Hoàng"} {
		e.record(t, name, false, fmt.Sprintf("FT%d", i), int64(10000+i), "2021-09-05", "ung ho")
	}
	var mu sync.Mutex
	var trips []int
	stop := store.SnapshotRoundTripsForTest(func(n int) {
		mu.Lock()
		trips = append(trips, n)
		mu.Unlock()
	})
	defer stop()
	for _, c := range []struct {
		s     donations.Search
		found int64
		trips int
	}{
		{donations.Search{Text: "nguyen lan", Limit: 10}, 2, 2},
		{donations.Search{Text: "lan", Limit: 1}, 3, 2},
		{donations.Search{Text: "lan", Limit: 1, Cursor: "2021-09-06.1"}, 3, 4},
		{donations.Search{Text: "hoa", Limit: 10}, 2, 3}, // hoa and hoang: a walk of two queries, then the page
		{donations.Search{Ref: "FT1", Limit: 10}, 1, 3},
		{donations.Search{Text: "zzzz", Limit: 10}, 0, 2},
	} {
		trips = nil
		got, err := e.svc.Search(context.Background(), c.s)
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		if got.Count != c.found || !slices.Equal(trips, []int{c.trips}) {
			t.Errorf("%+v: found %d in round trips %v, want %d in [%d]", c.s, got.Count, trips, c.found, c.trips)
		}
		mu.Unlock()
	}
}
