package donations_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	rl "reliefledger"
	"reliefledger/donations"
	"reliefledger/internal/sheet"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// statementFile is a CSV statement of n credit lines of July 2021, every
// tenth a debit and every 97th unreadable (no amount).
func statementFile(n int) ([]byte, int) {
	var b bytes.Buffer
	b.WriteString("\ufeffdate,reference,amount,description,counterparty_name,counterparty_account\n")
	credits := 0
	for i := 1; i <= n; i++ {
		amount := fmt.Sprint(10000 + i*1000)
		switch {
		case i%97 == 0:
			amount = "mười nghìn"
		case i%10 == 0:
			amount = "-" + amount
		default:
			credits++
		}
		fmt.Fprintf(&b, "%02d/07/2021 %02d:%02d:%02d,FT21%07d,%s,NGUYEN VAN %c ung ho dong bao mien Trung,,\n",
			1+i%24, 8+i%12, i%60, (i/60)%60, i, amount, 'A'+rune(i%26))
	}
	return b.Bytes(), credits
}

func importFile(tb testing.TB, svc *donations.Service, file []byte) (donations.StatementReport, error) {
	tb.Helper()
	return svc.ImportStatement(context.Background(), ledger.Actor{UserID: 1}, "statement.csv", bytes.NewReader(file),
		donations.StatementOptions{Fund: "COVID"})
}

// checkBooks verifies the books as `reliefd verify --all` does (balances,
// the balance history, the hash chain, receipts without gaps, entries of
// every row, entry_funds) and that the fund's receipts run 1…n.
func checkBooks(tb testing.TB, e env, n int) {
	tb.Helper()
	ctx := context.Background()
	r, err := e.ledger.Verify(ctx)
	if err != nil || !r.OK() {
		tb.Fatalf("verify: %v %+v", err, r.Problems)
	}
	ps, err := e.db.CheckIntegrity(ctx)
	if err != nil || len(ps) != 0 {
		tb.Fatalf("integrity: %v %+v", err, ps)
	}
	seen := map[int64]bool{}
	var after int64
	for {
		ds, err := e.db.Donations().Donations(ctx, donations.Filter{AfterID: after, Limit: 1000})
		if err != nil {
			tb.Fatal(err)
		}
		if len(ds) == 0 {
			break
		}
		for _, d := range ds {
			if d.FundCode == "COVID" {
				seen[d.ReceiptSeq] = true
			}
			after = d.ID
		}
	}
	for i := int64(1); i <= int64(n); i++ {
		if !seen[i] {
			tb.Fatalf("receipt %d of %d missing", i, n)
		}
	}
	if len(seen) != n {
		tb.Fatalf("%d receipts, want %d", len(seen), n)
	}
}

// TestStatementImportChunks: a statement that spans several transactions
// records every credit line once, with books that verify; the same file
// again records nothing and changes no table.
func TestStatementImportChunks(t *testing.T) {
	defer donations.SetStatementChunk(300)()
	file, credits := statementFile(1500)
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		rep, err := importFile(t, e.svc, file)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Lines != 1500 || rep.Created != credits || rep.Duplicates != 0 || rep.Rejected != 1500-credits {
			t.Fatalf("report %d lines, %d created, %d duplicates, %d rejected; want 1500, %d, 0, %d",
				rep.Lines, rep.Created, rep.Duplicates, rep.Rejected, credits, 1500-credits)
		}
		for i, p := range rep.Problems[1:] {
			if p.Line <= rep.Problems[i].Line {
				t.Fatalf("problems not in the file's order: line %d after line %d", p.Line, rep.Problems[i].Line)
			}
		}
		checkBooks(t, e, credits)
		before := counts(t, db)
		again, err := importFile(t, e.svc, file)
		if err != nil {
			t.Fatal(err)
		}
		if again.Created != 0 || again.Duplicates != credits || !again.DuplicateTotal.Equal(rep.ImportedTotal) || len(again.DuplicateLines) != credits {
			t.Fatalf("rerun: %d created, %d duplicates (%s đ, %d listed), want 0 and %d (%s đ)", again.Created, again.Duplicates,
				again.DuplicateTotal, len(again.DuplicateLines), credits, rep.ImportedTotal)
		}
		if diff := cmp.Diff(before, counts(t, db)); diff != "" {
			t.Errorf("the rerun changed tables (-before +after):\n%s", diff)
		}
	})
}

// refuseInChunk spoils one donation of the n-th InsertDonations call, the
// way a line the database refuses would reach it.
type refuseInChunk struct {
	donations.Store
	n     int
	spoil func(d *donations.Donation)
	mu    *sync.Mutex
	calls *int
}

func (r refuseInChunk) InJournal(ctx context.Context, fn func(donations.Tx) error) error {
	return r.Store.InJournal(ctx, func(tx donations.Tx) error { return fn(refusingTx{tx, r}) })
}

type refusingTx struct {
	donations.Tx
	r refuseInChunk
}

func (t refusingTx) InsertDonations(ds []donations.Donation) ([]donations.Donation, error) {
	t.r.mu.Lock()
	*t.r.calls++
	n := *t.r.calls
	t.r.mu.Unlock()
	if n == t.r.n {
		ds = append([]donations.Donation(nil), ds...)
		t.r.spoil(&ds[len(ds)/2])
	}
	return t.Tx.InsertDonations(ds)
}

// TestStatementChunkRefused: when the database refuses a line of a chunk
// (a NUL byte on PostgreSQL; a statement key recorded already, on both),
// nothing of that chunk is written — no entry, posting, receipt number,
// balance or history row — the chunks before it stay recorded, the import
// stops with an error naming the chunk's lines, and a rerun records the
// rest with receipts that continue without a gap.
func TestStatementChunkRefused(t *testing.T) {
	defer donations.SetStatementChunk(300)()
	file, credits := statementFile(1500)
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		spoils := map[string]func(d *donations.Donation){
			"recorded key": func(d *donations.Donation) { d.StatementKey = "" }, // set below
		}
		if db.Postgres() {
			spoils["NUL byte"] = func(d *donations.Donation) { d.Description += "\x00" }
		}
		backend := storetest.SQLite
		if db.Postgres() {
			backend = storetest.Postgres
		}
		for name, spoil := range spoils {
			t.Run(name, func(t *testing.T) {
				db := storetest.Open(t, backend)
				e := newEnv(t, db, nil)
				var firstKey string
				if name == "recorded key" {
					spoil = func(d *donations.Donation) { d.StatementKey = firstKey }
				}
				var mu sync.Mutex
				calls := 0
				bad := donations.NewService(refuseInChunk{db.Donations(), 2, spoil, &mu, &calls}, e.ledger, nil)
				// Chunk 1 goes through; its first line's key is what chunk 2's spoiled line repeats.
				rep, err := bad.ImportStatement(context.Background(), ledger.Actor{UserID: 1}, "statement.csv", bytes.NewReader(file),
					donations.StatementOptions{Fund: "COVID", Progress: func(int, int) {
						if firstKey == "" {
							ds, _ := e.db.Donations().Donations(context.Background(), donations.Filter{Limit: 1})
							firstKey = ds[0].StatementKey
						}
					}})
				if err == nil || !strings.Contains(err.Error(), "import statement lines ") {
					t.Fatalf("import with a refused line: %v, want an error naming the chunk's lines", err)
				}
				t.Logf("refused: %v", err)
				if name == "recorded key" && rl.ErrorKind(err) != rl.Conflict {
					t.Errorf("a recorded key: %v, want Conflict", err)
				}
				if rep.Created != 300 {
					t.Fatalf("%d created before the refused chunk, want 300 (the first chunk)", rep.Created)
				}
				n := counts(t, db)
				for _, table := range []string{"donations", "journal_entries", "entry_funds"} {
					if n[table] != 300 {
						t.Errorf("%s has %d rows after the refused chunk, want the first chunk's 300", table, n[table])
					}
				}
				if n["postings"] != 600 {
					t.Errorf("postings has %d rows, want 600", n["postings"])
				}
				checkBooks(t, e, 300)
				rep, err = importFile(t, e.svc, file)
				if err != nil {
					t.Fatal(err)
				}
				if rep.Created != credits-300 || rep.Duplicates != 300 {
					t.Fatalf("rerun: %d created, %d duplicates; want %d and 300", rep.Created, rep.Duplicates, credits-300)
				}
				checkBooks(t, e, credits)
			})
		}
	})
}

// TestStatementImportsAtOnce: two imports of one statement at the same
// time record each line once between them: each chunk looks up its keys
// holding the journal's lock.
func TestStatementImportsAtOnce(t *testing.T) {
	defer donations.SetStatementChunk(300)()
	file, credits := statementFile(900)
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		var wg sync.WaitGroup
		reps := make([]donations.StatementReport, 2)
		errs := make([]error, 2)
		for i := range reps {
			wg.Add(1)
			go func() {
				defer wg.Done()
				reps[i], errs[i] = importFile(t, e.svc, file)
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if c, d := reps[0].Created+reps[1].Created, reps[0].Duplicates+reps[1].Duplicates; c != credits || d != credits {
			t.Fatalf("%d created and %d duplicates between the two, want %d each", c, d, credits)
		}
		checkBooks(t, e, credits)
	})
}

// xlsxStatement is an XLSX statement of n credit lines.
func xlsxStatement(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"date", "reference", "amount", "description"})
	for i := 1; i <= n; i++ {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &[]any{fmt.Sprintf("%02d/07/2021", 1+i%20), fmt.Sprintf("FT21X%06d", i), 50000 + i, "ung ho"})
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// TestStatementXLSX: an XLSX statement is read a row at a time like a
// CSV one; one that turns out unusable further down (more rows than the
// limit, found only by reading) records nothing, not its first chunks.
func TestStatementXLSX(t *testing.T) {
	defer donations.SetStatementChunk(5)()
	file := xlsxStatement(t, 23)
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		before := counts(t, db)
		_, err := e.svc.ImportStatement(ctx, ledger.Actor{UserID: 1}, "statement.xlsx", bytes.NewReader(file),
			donations.StatementOptions{Fund: "COVID", Limits: sheet.Limits{Rows: 20}})
		if rl.ErrorKind(err) != rl.TooLarge {
			t.Fatalf("24 rows over a limit of 20: %v, want TooLarge", err)
		}
		if diff := cmp.Diff(before, counts(t, db)); diff != "" {
			t.Errorf("a file refused at its 21st row left rows behind (-before +after):\n%s", diff)
		}
		rep, err := e.svc.ImportStatement(ctx, ledger.Actor{UserID: 1}, "statement.xlsx", bytes.NewReader(file), donations.StatementOptions{Fund: "COVID"})
		if err != nil || rep.Created != 23 || rep.Lines != 23 {
			t.Fatalf("import: %d lines, %d created, %v; want 23, 23", rep.Lines, rep.Created, err)
		}
		checkBooks(t, e, 23)
	})
}
