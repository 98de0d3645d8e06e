package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"reliefledger/donations"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestSearchByWord: the word index finds what the trigram path finds
// (both() compares them), for a prefix that stands for several words
// (merged in order, a donation holding two of them listed once), across
// pages, for a word only voided donations hold, and a prefix too short to
// expand falls back to the trigram path.
func TestSearchByWord(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSearchEnv(t, db)
		var lines []string
		for i := range 30 {
			name := []string{"NGUYEN THI LAN", "TRAN THI LANH", "LE LANG", "NGUYEN LAN LANH"}[i%4] // 000001..000030
			lines = append(lines, fmt.Sprintf("2021-08-%02d,FT21%05d,%d,IBFT %s ung ho", 1+i%5, i, 10000*(i+1), name))
		}
		e.importLines(t, lines...)
		voided := e.record(t, "Quách Tĩnh", false, "FT9", 100000, "2021-08-09", "") // 000031
		if _, err := e.svc.Void(ctx, ledger.Actor{UserID: 1}, voided.ID, "chuyển nhầm", ledger.Date{}); err != nil {
			t.Fatal(err)
		}
		// Words "x0".."x40", one donation each: "x" stands for more words
		// than a search expands, so it takes the trigram path.
		for i := range 40 {
			e.record(t, fmt.Sprintf("Hồ x%c%c", 'a'+i/26, 'a'+i%26), false, fmt.Sprintf("X%d", i), 1000, "2021-07-01", "")
		}
		count := func(q string) int {
			r := e.both(t, donations.Search{Text: q, Limit: 100})
			return len(r.Donations)
		}
		for _, c := range []struct {
			q    string
			want int
		}{
			{"lan", 30},         // lan, lanh, lang: every line, each once
			{"lanh", 15},        // TRAN THI LANH and NGUYEN LAN LANH
			{"nguyen lanh", 7},  // i%4 == 3
			{"lan thi", 16},     // i%4 < 2, whichever word is walked
			{"quach tinh", 1},   // only a voided donation holds them
			{"quachx", 0},       // a word the dictionary does not know
			{"x", 40},           // too many words: trigram path
			{"ho xa", 26},       // "xa.." are 26 words, within the expansion
			{"thi lang", 0},     // both common, never together
			{"le lang ung", 7},  // i%4 == 2
			{"ibft lan ho", 30}, // the driver's own word checked on the row too
		} {
			if got := count(c.q); got != c.want {
				t.Errorf("%q: %d donations, want %d", c.q, got, c.want)
			}
		}
		// Pages of a prefix standing for three words, by each path.
		all, err := e.svc.Search(ctx, donations.Search{Text: "la", Limit: 100})
		if err != nil || len(all.Donations) != 30 {
			t.Fatalf("all: %v %v", summary(all), err)
		}
		for name, svc := range map[string]*donations.Service{"rarest": e.svc, "commonest": e.commonest, "trigram": e.trigram, "windowed": e.windowed, "unsigned": e.unsigned} {
			var paged []string
			q := donations.Search{Text: "la ung", Limit: 7}
			for pages := 0; ; pages++ {
				if pages > 5 {
					t.Fatalf("%s: more pages than matches", name)
				}
				r, err := svc.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if r.Count != 30 {
					t.Errorf("%s page %d: count %d, want 30", name, pages, r.Count)
				}
				paged = append(paged, receipts(r)...)
				if r.Next == "" {
					break
				}
				q.Cursor = r.Next
			}
			if diff := cmp.Diff(receipts(all), paged); diff != "" {
				t.Errorf("%s: pages of 7 (-all at once +paged):\n%s", name, diff)
			}
		}
	})
}

// TestSearchListedPart: a word with digits is listed up to its first
// digit, so a search for its letters finds it by the word index, as the
// trigram path does, on rows listed by the insert and by the migration.
func TestSearchListedPart(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		e := newSearchEnv(t, db)
		e.importLines(t, "2021-07-10,FT1,500000,TKThe 1053****19 tai BIDV HUYNH VAN TUAN ung ho CTLNHIDI0007*******24",
			"2021-07-11,FT2,500000,IBFT NGO THI CUC ung ho covid19")
		for q, want := range map[string][]string{
			"ctln":          {"POOR-2021-000001"},
			"ctlnhidi tuan": {"POOR-2021-000001"},
			"covid":         {"POOR-2021-000002"},
			"ctlnhidi0007":  {"POOR-2021-000001"}, // digits: the trigram path
			"tkthe 1053":    {"POOR-2021-000001"},
			"ctlnhidix":     {},
		} {
			got := e.both(t, donations.Search{Text: q})
			if diff := cmp.Diff(want, receipts(got)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", q, diff)
			}
		}
	})
}

// TestWordIndexMigrationParity: migration 0012 lists the rows recorded
// before it exactly as the insert lists new ones (the same words, cut at
// the first digit, the same counts).
func TestWordIndexMigrationParity(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSearchEnv(t, db)
		e.importLines(t, "2021-07-10,FT1,500000,TKThe 1053****19 tai BIDV HUYNH VAN TUAN ung ho ung ho CTLNHIDI0007*******24",
			"2021-07-11,FT2,500000,IBFT NGO THI CUC ung ho covid19 0912345678")
		e.record(t, "Đặng Văn Lâm", false, "FT3", 200000, "2021-07-11", "")
		e.record(t, "Võ Thị Sáu", true, "FT4", 300000, "2021-07-12", "")
		wantWords, wantCounts, err := store.WordIndex(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		// 19: "ung ho" twice listed once, covid19 as covid, nothing of the
		// anonymous gift nor of the phone and account numbers.
		if len(wantWords) != 19 {
			t.Fatalf("the insert listed %d words: %v", len(wantWords), wantWords)
		}
		ms, err := db.Migrations()
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"donation_words", "donation_word_counts", "donation_word_pairs", "donation_pairing"} {
			if err := db.Exec(ctx, "DROP TABLE "+table); err != nil {
				t.Fatal(err)
			}
		}
		// 0012 lists the words, 0013 signs them, 0018 pairs them (none
		// here: no word has 1,000 rows), 0019 signs them again, wider.
		for _, stmt := range strings.Split(ms[11].SQL+";\n"+ms[12].SQL+";\n"+ms[17].SQL+";\n"+ms[18].SQL, ";\n") { // one at a time: PostgreSQL prepares each
			if strings.TrimSpace(stmt) == "" {
				continue
			}
			if err := db.Exec(ctx, stmt); err != nil {
				t.Fatalf("%v\n%s", err, stmt)
			}
		}
		words, counts, err := store.WordIndex(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantWords, words); diff != "" {
			t.Errorf("words (-insert +migration):\n%s", diff)
		}
		if diff := cmp.Diff(wantCounts, counts); diff != "" {
			t.Errorf("counts (-insert +migration):\n%s", diff)
		}
		// The migration gave bits by how common the words are: every row
		// signed with its donation's words, and a search still finds them.
		bad, rows, err := store.WordSignatureErrors(ctx, db)
		if err != nil || len(bad) > 0 || rows != len(wantWords) {
			t.Errorf("signatures after the migration (%d rows): %v %v", rows, bad, err)
		}
		e.record(t, "Ngô Văn Tuấn", false, "FT5", 200000, "2021-07-13", "") // after it: new words, new bits
		if bad, _, err := store.WordSignatureErrors(ctx, db); err != nil || len(bad) > 0 {
			t.Errorf("signatures after another donation: %v %v", bad, err)
		}
		for q, want := range map[string][]string{
			"van":        {"POOR-2021-000005", "POOR-2021-000003", "POOR-2021-000001"},
			"tuan ngo":   {"POOR-2021-000005"},
			"ngo thi":    {"POOR-2021-000002"},
			"van tuan":   {"POOR-2021-000005", "POOR-2021-000001"},
			"lam dang v": {"POOR-2021-000003"},
		} {
			if diff := cmp.Diff(want, receipts(e.both(t, donations.Search{Text: q}))); diff != "" {
				t.Errorf("%q after the migration (-want +got):\n%s", q, diff)
			}
		}
	})
}
