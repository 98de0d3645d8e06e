package store_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"reliefledger/donations"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestSearchFullNames: a name of several words finds exactly the
// donations holding every one of its words where a word starts, whether
// they stand together as a phrase or apart and in another order (the
// multi-word semantics did not change with the signatures), without
// accents, newest first, page after page by cursor, the count capped;
// the same with every signature colliding (each row a "maybe" that the
// word index must then answer) and without signatures.
func TestSearchFullNames(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSearchEnv(t, db)
		family := []string{"NGUYEN", "TRAN", "LE", "PHAM", "HUYNH"}
		middle := []string{"THI", "VAN", "QUOC", "THU"}
		given := []string{"LAN", "LANH", "NGHIA", "YEN", "THUY", "AN"}
		r := rand.New(rand.NewPCG(15, 2))
		pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
		var b bytes.Buffer
		b.WriteString("date,reference,amount,description\n")
		var texts []string // the folded words of each line, by line
		const n = 400
		for i := range n {
			name := pick(family) + " " + pick(middle) + " " + pick(given)
			desc := "IBFT " + name + " ung ho"
			switch i % 5 {
			case 1: // a second name apart from the first
				desc = "IBFT " + name + " chuyen cho " + pick(family) + " " + pick(given) + " ung ho"
			case 2: // the name split by other words
				f := strings.Fields(name)
				desc = "MBVCB " + f[0] + " gui " + f[2] + " " + f[1] + " ung ho"
			}
			fmt.Fprintf(&b, "2021-09-%02d,FT21%06d,%d,%s\n", 1+r.IntN(20), i, 50000+i, desc)
			texts = append(texts, strings.ToLower(desc))
		}
		if rep, err := e.svc.ImportStatement(ctx, ledger.Actor{UserID: 1}, "names.csv", &b, donations.StatementOptions{Fund: "POOR"}); err != nil || rep.Created != n {
			t.Fatalf("import: %+v %v", rep, err)
		}
		// Receipt numbers follow the lines; the search lists newest
		// received first, then the later recorded.
		var order []int // line numbers, newest first
		for q := (donations.Search{Limit: 100}); ; {
			all, err := e.svc.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range all.Donations {
				var line int
				fmt.Sscanf(d.ReceiptNo, "POOR-2021-%06d", &line)
				order = append(order, line-1)
			}
			if q.Cursor = all.Next; q.Cursor == "" {
				break
			}
		}
		if len(order) != n {
			t.Fatalf("all: %d donations", len(order))
		}
		want := func(q string) []string {
			out := []string{}
			for _, i := range order {
				ws := strings.Fields(texts[i])
				ok := true
				for _, qw := range strings.Fields(q) {
					ok = ok && slices.ContainsFunc(ws, func(w string) bool { return strings.HasPrefix(w, qw) })
				}
				if ok {
					out = append(out, fmt.Sprintf("POOR-2021-%06d", i+1))
				}
			}
			return out
		}
		check := func(t *testing.T, label string, svc *donations.Service) {
			for _, q := range []struct{ typed, folded string }{
				{"Nguyễn Thị Lan", "nguyen thi lan"},
				{"lan thi nguyen", "lan thi nguyen"},
				{"Phạm Quốc Nghĩa", "pham quoc nghia"},
				{"huynh thu yen", "huynh thu yen"},
				{"le thu", "le thu"},
				{"tran van an", "tran van an"},
				{"nguyen lan", "nguyen lan"},
				{"thi ung", "thi ung"},
			} {
				exp := want(q.folded)
				if label == "signed" {
					t.Logf("%q: %d donations", q.typed, len(exp))
				}
				var got []string
				query := donations.Search{Text: q.typed, Limit: 7}
				for pages := 0; ; pages++ {
					if pages > n/7+1 {
						t.Fatalf("%s %q: more pages than matches", label, q.typed)
					}
					res, err := svc.Search(ctx, query)
					if err != nil {
						t.Fatal(err)
					}
					if wc := int64(min(len(exp), donations.SearchCountCap)); res.Count != wc || res.Capped != (len(exp) > donations.SearchCountCap) {
						t.Errorf("%s %q page %d: count %d capped %v, want %d of %d", label, q.typed, pages, res.Count, res.Capped, wc, len(exp))
					}
					got = append(got, receipts(res)...)
					if res.Next == "" {
						break
					}
					query.Cursor = res.Next
				}
				if diff := cmp.Diff(exp, got); diff != "" {
					t.Errorf("%s %q (%d expected; -want +got):\n%s", label, q.typed, len(exp), diff)
				}
			}
		}
		check(t, "signed", e.svc)
		check(t, "unsigned", e.unsigned)
		check(t, "commonest", e.commonest)
		// Every word the same shared bit, 100 (bit 37 of sig2): every row a
		// maybe. (A bit below 100 is one word's alone, and a search trusts
		// it: listing.exact.)
		if err := db.Exec(ctx, "UPDATE donation_word_counts SET bit = 100"); err != nil {
			t.Fatal(err)
		}
		if err := db.Exec(ctx, "UPDATE donation_words SET sig = 0, sig2 = 137438953472"); err != nil {
			t.Fatal(err)
		}
		check(t, "collided", e.svc)
	})
}
