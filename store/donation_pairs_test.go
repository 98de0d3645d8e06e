package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"reliefledger/donations"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// pairNames draws names whose words cross a small pairing rule at
// different times: common family names, rarer middle and given names.
type pairNames struct{ r *rand.Rand }

func (g pairNames) name() string {
	pick := func(xs []string) string { return xs[g.r.IntN(len(xs))] }
	return pick([]string{"NGUYEN", "NGUYEN", "NGUYEN", "TRAN", "LE", "PHAM", "HUYNH", "VO"}) + " " +
		pick([]string{"THI", "THI", "VAN", "QUOC", "THU", "MINH"}) + " " +
		pick([]string{"LAN", "LANH", "NGHIA", "YEN", "THUY", "AN", "HUNG", "TAM", "PHUC"})
}

// lines returns n statement lines of day, references from ref.
func (g pairNames) lines(n, ref int, day int) []string {
	var out []string
	for i := range n {
		desc := "IBFT " + g.name() + " ung ho"
		if i%4 == 1 {
			f := strings.Fields(g.name())
			desc = "MBVCB " + f[0] + " gui " + f[2] + " " + f[1] + " ung ho"
		}
		out = append(out, fmt.Sprintf("2021-09-%02d,FT%06d,%d,%s", day, ref+i, 50000+i, desc))
	}
	return out
}

// TestWordPairs: words are paired as they reach the rule, in whichever
// transaction lists them (a statement's chunk, one donation, a group
// commit of many), and every donation is then listed under every pair of
// its paired words, those recorded before the pairing too; a search that
// walks a pair finds what a walk of words and the trigram path find.
func TestWordPairs(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		store.SetPairRule(db, 6, 3, 2)
		e := newSearchEnv(t, db)
		// Pairs wherever a search can walk them: e.both compares with the
		// other paths (words alone among them).
		e.svc = donations.NewService(store.WithPairsPreferred(db.Donations()), e.ledger, nil)
		g := pairNames{rand.New(rand.NewPCG(18, 1))}
		check := func(stage string) map[string]int8 {
			t.Helper()
			bad, pairs, paired, err := store.PairErrors(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			if len(bad) > 0 {
				t.Fatalf("%s: %d pairs, %d wrong:\n%s", stage, pairs, len(bad), strings.Join(bad[:min(len(bad), 20)], "\n"))
			}
			return paired
		}
		e.importLines(t, g.lines(4, 0, 1)...) // nothing reaches 6
		if paired := check("four lines"); paired["nguyen"] != 0 || paired["ung"] != 0 {
			t.Fatalf("paired before the rule: %v", paired)
		}
		e.importLines(t, g.lines(40, 100, 2)...)
		e.record(t, "Võ Minh Phúc", false, "FT900", 100000, "2021-09-03", "ủng hộ")
		e.importLines(t, g.lines(40, 200, 4)...)
		paired := check("two statements and a donation")
		// A database grown from empty: the words found too common took
		// bits of their own, and every row holds its words' bits.
		if bad, _, err := store.WordSignatureErrors(ctx, db); err != nil || len(bad) > 0 {
			t.Errorf("signatures: %v %v", err, bad)
		}
		if bits := wordBits(t, db); bits["ung"] >= 100 || bits["ho"] >= 100 || bits["ung"] == bits["ho"] {
			t.Errorf("ung bit %d, ho bit %d: want bits of their own, below 100", bits["ung"], bits["ho"])
		}
		if paired["ung"] != 2 || paired["ho"] != 2 {
			t.Errorf("ung %d, ho %d: in every donation, they must never be paired", paired["ung"], paired["ho"])
		}
		var yes []string
		for w, p := range paired {
			if p == 1 {
				yes = append(yes, w)
			}
		}
		if len(yes) < 4 {
			t.Fatalf("paired words: %v", yes)
		}
		// Many at once: group commits, and words reaching the rule in them.
		var wg sync.WaitGroup
		var mu sync.Mutex
		var errs []error
		for i := range 48 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				mu.Lock()
				name := g.name()
				mu.Unlock()
				_, _, err := e.svc.Record(ctx, ledger.Actor{UserID: 1}, donations.Input{Fund: "POOR", DonorName: name + " Khánh", Channel: donations.Bank,
					BankRef: fmt.Sprintf("FTC%04d", i), ReceivedDate: mustDate(t, "2021-09-05"), Description: "chuyen khoan",
					Amount: decimal.NullDecimal{Decimal: decimal.NewFromInt(int64(10000 + i)), Valid: true}})
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		paired = check("48 concurrent donations")
		// (In one group commit or several: paired, or never when the batch
		// that reached 6 held more than a third of the donations.)
		if paired["khanh"] == 0 {
			t.Errorf("khanh: in 48 donations and not paired nor never")
		}
		// A searched word standing for paired words and for a word too
		// rare to be paired yet (thu: thu, thuy and thuong): the pairs and
		// that word's own rows together.
		rare := e.record(t, "Nguyễn Thương Lan", false, "FT901", 100000, "2021-09-06", "")
		for _, q := range []string{"lan thu", "thu lan", "nguyen thu lan", "thuong"} {
			if got := receipts(e.both(t, donations.Search{Text: q, Limit: 100})); !slices.Contains(got, rare.ReceiptNo) {
				t.Errorf("%q: %s not found in %v", q, rare.ReceiptNo, got)
			}
		}
		if table, err := store.WalkOf(ctx, db.Donations(), "lan thu"); err != nil || table != "donation_word_pairs" {
			t.Errorf("lan thu walks %q (%v), want the pairs", table, err)
		}
		walked := 0
		for _, q := range []string{"nguyen thi lan", "pham quoc nghia", "lan nguyen", "huynh thu yen", "vo minh phuc", "tran van an", "le thu",
			"nghia quoc", "khanh minh", "thu thuy", "an", "lan lanh", "la lan", "ng th", "ung nguyen", "phuc khanh vo"} {
			for _, typed := range []string{q, strings.ToUpper(q)} {
				all := e.both(t, donations.Search{Text: typed, Limit: 100})
				table, err := store.WalkOf(ctx, db.Donations(), strings.ToLower(typed))
				if err != nil {
					t.Fatal(err)
				}
				if table == "donation_word_pairs" {
					walked++
				}
				// Pages of 7 by cursor, with the count on each.
				paged := []string{}
				query := donations.Search{Text: typed, Limit: 7}
				for pages := 0; ; pages++ {
					if pages > 30 {
						t.Fatalf("%q: more pages than matches", typed)
					}
					res, err := e.svc.Search(ctx, query)
					if err != nil {
						t.Fatal(err)
					}
					if res.Count != all.Count || res.Capped != all.Capped {
						t.Errorf("%q page %d: count %d capped %v, want %d %v", typed, pages, res.Count, res.Capped, all.Count, all.Capped)
					}
					paged = append(paged, receipts(res)...)
					if query.Cursor = res.Next; query.Cursor == "" {
						break
					}
				}
				if diff := cmp.Diff(receipts(all), paged); diff != "" {
					t.Errorf("%q: pages of 7 (-all +paged):\n%s", typed, diff)
				}
			}
		}
		if walked < 8 {
			t.Errorf("only %d of the searches walked a pair", walked)
		}
	})
}

// TestWordPairsTwoWriters: a word paired by another process's writer is
// paired for this one too from its next transaction (its cache of the
// pairing holds only while donation_pairing's version is the one it
// read), so no donation of it misses a pair.
func TestWordPairsTwoWriters(t *testing.T) {
	for _, b := range []storetest.Backend{storetest.SQLite, storetest.Postgres} {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			dsn := "file:" + t.TempDir() + "/test.db"
			if b == storetest.Postgres {
				dsn = storetest.PostgresDSN(t)
			}
			open := func() (*store.DB, *donations.Service) {
				db, err := store.Open(ctx, dsn, "")
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				store.SetPairRule(db, 3, 2, 1)
				l := ledger.NewService(db.Ledger(), ledger.Options{Now: func() time.Time { return time.Date(2021, 12, 31, 3, 0, 0, 0, time.UTC) }})
				t.Cleanup(l.Close)
				if err := l.SeedFunds(ctx); err != nil {
					t.Fatal(err)
				}
				return db, donations.NewService(db.Donations(), l, nil)
			}
			dbA, a := open()
			_, bs := open()
			n := 0
			record := func(svc *donations.Service, name string) {
				t.Helper()
				n++
				_, _, err := svc.Record(ctx, ledger.Actor{UserID: 1}, donations.Input{Fund: "POOR", DonorName: name, Channel: donations.Bank,
					BankRef: fmt.Sprintf("FT%04d", n), ReceivedDate: mustDate(t, "2021-09-05"),
					Amount: decimal.NullDecimal{Decimal: decimal.NewFromInt(int64(10000 + n)), Valid: true}})
				if err != nil {
					t.Fatal(err)
				}
			}
			// Fillers so that the names' words are rare enough to pair.
			for i := range 6 {
				record(a, fmt.Sprintf("Filler%c", 'a'+i))
			}
			record(a, "Lan Nghia") // A's cache: lan, nghia seen, not paired
			record(a, "Lan Nghia")
			record(bs, "Lan Nghia") // B: the third, pairs them
			record(a, "Lan Nghia")  // A must list the pair
			record(a, "Nghia Lan Tam")
			record(bs, "Tam Lan")
			record(bs, "Tam Nghia") // tam paired by B
			record(a, "Tam Lan Nghia")
			bad, pairs, paired, err := store.PairErrors(ctx, dbA)
			if err != nil {
				t.Fatal(err)
			}
			if len(bad) > 0 || paired["lan"] != 1 || paired["tam"] != 1 {
				t.Fatalf("%d pairs; paired %v; wrong:\n%s", pairs, paired, strings.Join(bad, "\n"))
			}
			// lan-nghia on 6 donations, lan-tam on 3, nghia-tam on 3.
			if pairs != 12 {
				t.Errorf("%d pairs, want 12", pairs)
			}
		})
	}
}

// TestWordPairsMigration: migration 0018 pairs the words of the donations
// recorded before it by the writers' rule, 0019 signs them again (here with the rule's numbers
// made small: 6 rows, one donation in 3), and the writers carry on from
// what it left.
func TestWordPairsMigration(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		store.SetPairRule(db, 1<<40, 3, 1) // nothing paired by the writers, bits by hash
		e := newSearchEnv(t, db)
		g := pairNames{rand.New(rand.NewPCG(18, 2))}
		e.importLines(t, g.lines(60, 0, 1)...)
		ms, err := db.Migrations()
		if err != nil {
			t.Fatal(err)
		}
		for _, stmt := range []string{"DROP TABLE donation_word_pairs", "DROP TABLE donation_pairing", "ALTER TABLE donation_word_counts DROP COLUMN paired", "ALTER TABLE donation_words DROP COLUMN sig2"} {
			if err := db.Exec(ctx, stmt); err != nil {
				t.Fatal(err)
			}
		}
		sql := ms[17].SQL
		if !strings.Contains(sql, "n >= 1000") || !strings.Contains(sql, "n * 12 <=") {
			t.Fatalf("migration 0018 no longer says the rule as this test expects:\n%s", sql)
		}
		sql = strings.ReplaceAll(strings.ReplaceAll(sql, "n >= 1000", "n >= 6"), "n * 12 <=", "n * 3 <=")
		// Then 0019, which signs the rows again, wider (the tables are
		// rebuilt as 0018 left them).
		for _, stmt := range strings.Split(sql+";\n"+ms[18].SQL, ";\n") { // one at a time: PostgreSQL prepares each
			if strings.TrimSpace(stmt) == "" {
				continue
			}
			if err := db.Exec(ctx, stmt); err != nil {
				t.Fatalf("%v\n%s", err, stmt)
			}
		}
		bad, pairs, paired, err := store.PairErrors(ctx, db)
		if err != nil || len(bad) > 0 || pairs == 0 {
			t.Fatalf("after the migration: %d pairs, %v, wrong: %v", pairs, err, bad)
		}
		// Signed again by how common the words are: "ung" and "ho", in
		// every row, have bits of their own.
		if bad, _, err := store.WordSignatureErrors(ctx, db); err != nil || len(bad) > 0 {
			t.Errorf("signatures after the migration: %v %v", err, bad)
		}
		if bits := wordBits(t, db); bits["ung"] >= 100 || bits["ho"] >= 100 || bits["ung"] == bits["ho"] {
			t.Errorf("ung bit %d, ho bit %d: want bits of their own, below 100", bits["ung"], bits["ho"])
		}
		_, counts, err := store.WordIndex(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range counts {
			var w string
			var n int64
			fmt.Sscanf(c, "%s %d", &w, &n)
			want := int8(0)
			switch {
			case n >= 6 && n*3 <= 60:
				want = 1
			case n >= 6:
				want = 2
			}
			if paired[w] != want {
				t.Errorf("%s (%d rows of 60): paired %d, want %d", w, n, paired[w], want)
			}
		}
		store.SetPairRule(db, 6, 3, 2)
		e.importLines(t, g.lines(30, 100, 2)...)
		e.record(t, "Phạm Quốc Nghĩa", false, "FT900", 100000, "2021-09-03", "")
		if bad, _, _, err := store.PairErrors(ctx, db); err != nil || len(bad) > 0 {
			t.Fatalf("after more donations: %v %v", err, bad)
		}
		for _, q := range []string{"nguyen thi lan", "pham quoc nghia", "huynh thu yen", "vo minh", "lan nghia tam"} {
			e.both(t, donations.Search{Text: q, Limit: 100})
		}
	})
}

// wordBits returns the signature bit of each word.
func wordBits(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	bits, err := store.WordBits(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return bits
}

// TestWordPairsDropped: a word paired while rare and grown common is no
// longer paired (no pair added for it); its pairs so far stay unused, and
// searches find what the other paths find.
func TestWordPairsDropped(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		store.SetPairRule(db, 3, 4, 2)
		e := newSearchEnv(t, db)
		e.svc = donations.NewService(store.WithPairsPreferred(db.Donations()), e.ledger, nil)
		n := 0
		record := func(name string) {
			t.Helper()
			n++
			e.record(t, name, false, fmt.Sprintf("FT%04d", n), int64(10000+n), "2021-09-05", "")
		}
		for i := range 12 {
			record(fmt.Sprintf("Filler%c", 'a'+i))
		}
		for range 4 {
			record("Lan Nghia")
		}
		if _, _, paired, err := store.PairErrors(ctx, db); err != nil || paired["lan"] != 1 || paired["nghia"] != 1 {
			t.Fatalf("lan and nghia at 3 of 15, then 4 of 16: paired %v, %v", paired, err)
		}
		if table, _ := store.WalkOf(ctx, db.Donations(), "lan nghia"); table != "donation_word_pairs" {
			t.Errorf("lan nghia walks %s, want the pairs", table)
		}
		for i := range 20 {
			record(fmt.Sprintf("Lan Nghia Other%c", 'a'+i))
		}
		bad, pairs, paired, err := store.PairErrors(ctx, db)
		if err != nil || len(bad) > 0 {
			t.Fatalf("%d pairs: %v %v", pairs, err, bad)
		}
		if paired["lan"] != 3 || paired["nghia"] != 3 {
			t.Fatalf("lan and nghia in 24 of 36: paired %d and %d, want 3 (dropped)", paired["lan"], paired["nghia"])
		}
		if pairs >= 24 {
			t.Errorf("%d pairs: pairs were still added after the words were dropped", pairs)
		}
		if table, _ := store.WalkOf(ctx, db.Donations(), "lan nghia"); table != "donation_words" {
			t.Errorf("lan nghia walks %s, want the words", table)
		}
		for _, q := range []string{"lan nghia", "nghia lan", "lan", "nghia other", "lan otherb"} {
			e.both(t, donations.Search{Text: q, Limit: 100})
		}
		if got := e.both(t, donations.Search{Text: "lan nghia", Limit: 100}); got.Count != 24 {
			t.Errorf("lan nghia: %d found, want 24", got.Count)
		}
	})
}

// TestWordPairsSearchDuringChange: a writer gives a word a bit of its own
// (re-signing the rows before) just after a search read its listings. The
// search walks in the snapshot it read them in, so what they say of the
// word's bit holds for every row it meets: it finds exactly the donations
// of that snapshot, and the next search finds the new one too.
func TestWordPairsSearchDuringChange(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		store.SetPairRule(db, 3, 2, 1)
		e := newSearchEnv(t, db)
		e.record(t, "Ung Zeta", false, "FT1", 10000, "2021-09-05", "")
		e.record(t, "Ung Zeta", false, "FT2", 10001, "2021-09-05", "")
		before := wordBits(t, db)["ung"]
		once := false
		svc := donations.NewService(store.WithListed(db.Donations(), func() {
			if !once {
				once = true
				e.record(t, "Ung Zeta", false, "FT3", 10002, "2021-09-05", "") // ung: 3 of 3, too common
			}
		}), e.ledger, nil)
		got, err := svc.Search(ctx, donations.Search{Text: "ung zeta", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if after := wordBits(t, db)["ung"]; after == before || after >= 100 {
			t.Fatalf("ung: bit %d, then %d: want a bit of its own", before, after)
		}
		if got.Count != 2 || len(got.Donations) != 2 || got.Donations[0].BankRef != "FT2" || got.Donations[1].BankRef != "FT1" {
			t.Errorf("found %v (%d), want the 2 of the search's snapshot", receipts(got), got.Count)
		}
		if got, err = svc.Search(ctx, donations.Search{Text: "ung zeta", Limit: 10}); err != nil {
			t.Fatal(err)
		}
		if got.Count != 3 {
			t.Errorf("then found %v (%d), want all 3", receipts(got), got.Count)
		}
	})
}

// TestWordPairsAloneKeepsItsBit: a word a migration gave a bit of its own
// (below 100, by rank) keeps it when it is found too common to pair. Moved,
// it would leave that bit on its rows for the next word given it, and a
// search trusts such a bit without looking the word up.
func TestWordPairsAloneKeepsItsBit(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		store.SetPairRule(db, 3, 2, 1)
		e := newSearchEnv(t, db)
		e.record(t, "Ung Zeta", false, "FT1", 10000, "2021-09-05", "")
		// As migration 0018 ranks a word (DB.Exec empties the writers' cache).
		for _, q := range []string{
			"UPDATE donation_word_counts SET bit = 5 WHERE word = 'zeta'",
			"UPDATE donation_words SET sig = sig | 32 WHERE donation_id IN (SELECT donation_id FROM donation_words WHERE word = 'zeta')",
		} {
			if err := db.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		e.record(t, "Ung Zeta", false, "FT2", 10001, "2021-09-05", "")
		e.record(t, "Ung Zeta", false, "FT3", 10002, "2021-09-05", "") // zeta: 3 of 3, too common
		bits := wordBits(t, db)
		if bits["zeta"] != 5 || bits["ung"] >= 100 || bits["ung"] == 5 {
			t.Fatalf("bits %v: want zeta keeping 5, ung another of its own", bits)
		}
		if bad, _, err := store.WordSignatureErrors(ctx, db); err != nil || len(bad) > 0 {
			t.Fatalf("signatures: %v %v", err, bad)
		}
		for _, q := range []string{"zeta", "ung zeta", "zeta ung"} {
			if got := e.both(t, donations.Search{Text: q, Limit: 10}); got.Count != 3 {
				t.Errorf("%s: %d found, want 3", q, got.Count)
			}
		}
	})
}

// TestWordsGrownAlone: a word reaching the rows from which words take a
// signature bit of their own (here 3) takes one while one is free, and
// every row of its donations so far carries it: searches trust it and find
// exactly what they found before. A word reaching it when none is free
// keeps its shared bit.
func TestWordsGrownAlone(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		store.SetAloneFrom(db, 3)
		e := newSearchEnv(t, db)
		e.record(t, "Zeta Omega", false, "FT1", 10000, "2021-09-05", "")
		e.record(t, "Zeta Kappa", false, "FT2", 10001, "2021-09-06", "")
		if bits := wordBits(t, db); bits["zeta"] < 100 {
			t.Fatalf("zeta, 2 rows: bit %d, want a shared one (100 up)", bits["zeta"])
		}
		e.record(t, "Zeta Omega", false, "FT3", 10002, "2021-09-07", "") // zeta: 3 rows
		bits := wordBits(t, db)
		if bits["zeta"] >= 100 || bits["omega"] < 100 {
			t.Fatalf("bits %v: want zeta alone (below 100), omega (2 rows) shared", bits)
		}
		if bad, _, err := store.WordSignatureErrors(ctx, db); err != nil || len(bad) > 0 {
			t.Fatalf("signatures: %v %v", err, bad)
		}
		for q, want := range map[string]int64{"zeta": 3, "zeta omega": 2, "omega zeta": 2, "kappa zeta": 1, "ze ka": 1} {
			if got := e.both(t, donations.Search{Text: q, Limit: 10}); got.Count != want {
				t.Errorf("%s: %d found, want %d", q, got.Count, want)
			}
		}
		// Every bit below 100 taken: omega, reaching 3 rows, keeps its own.
		if err := db.Exec(ctx, "INSERT INTO donation_word_counts (word, n, bit) WITH RECURSIVE s(b) AS (SELECT 0 UNION ALL SELECT b + 1 FROM s WHERE b < 99) SELECT 'filler' || b, 1, b FROM s WHERE b <> "+
			fmt.Sprint(bits["zeta"])); err != nil {
			t.Fatal(err)
		}
		e.record(t, "Omega", false, "FT4", 10003, "2021-09-08", "")
		if got := wordBits(t, db)["omega"]; got != bits["omega"] {
			t.Errorf("omega: bit %d, want its shared %d (none free)", got, bits["omega"])
		}
		if got := e.both(t, donations.Search{Text: "omega", Limit: 10}); got.Count != 3 {
			t.Errorf("omega: %d found, want 3", got.Count)
		}
	})
}
