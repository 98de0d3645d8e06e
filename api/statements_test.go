package api

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// statementCSV writes a messy statement of n lines: a UTF-8 BOM, references
// reused on other days, blank references, amounts written 1.500.000 or
// 1,500,000, some debits and some malformed lines. It returns the file, how
// many credit lines are usable and their total, and the file's total.
func statementCSV(n int, seed uint64) (file []byte, credits int, creditTotal, fileTotal decimal.Decimal) {
	rng := rand.New(rand.NewPCG(seed, 7))
	var b bytes.Buffer
	b.WriteString("\ufeffdate,reference,amount,description,counterparty_name,counterparty_account\n")
	names := []string{"Nguyễn Văn An", "Trần Thị Bé", "Lê Hoàng Nam", "Thạch Sa Phol", "Công ty CP Thủy sản Sóc Trăng", "Chùa Som Rong"}
	for i := 0; i < n; i++ {
		day := 1 + i%28
		month := 7 + (i/28)%3
		date := fmt.Sprintf("2021-%02d-%02d", month, day)
		if i%3 == 0 {
			date = fmt.Sprintf("%02d/%02d/2021 %02d:%02d:%02d", day, month, i%24, i%60, (i*7)%60)
		}
		ref := fmt.Sprintf("FT21%07d", i%(n/2+1)) // every reference is used twice, on different days
		if i%20 == 0 {
			ref = ""
		}
		amount := int64(10000 * (1 + rng.IntN(500)))
		text := fmt.Sprint(amount)
		switch i % 3 {
		case 1:
			text = thousands(amount, ".")
		case 2:
			text = thousands(amount, ",")
		}
		switch {
		case i%5000 == 17: // malformed date
			date = "31/02/2021"
			fileTotal = fileTotal.Add(decimal.NewFromInt(amount))
		case i%5000 == 23: // malformed amount
			text = "một triệu"
		case i%5000 == 31: // a debit
			text = "-" + text
			fileTotal = fileTotal.Sub(decimal.NewFromInt(amount))
		default:
			credits++
			creditTotal = creditTotal.Add(decimal.NewFromInt(amount))
			fileTotal = fileTotal.Add(decimal.NewFromInt(amount))
		}
		fmt.Fprintf(&b, "%s,%s,\"%s\",\"ung ho dong bao Soc Trang %d\",%s,%010d\n", date, ref, text, i, names[i%len(names)], 1000000000+i%97)
	}
	return b.Bytes(), credits, creditTotal, fileTotal
}

func thousands(n int64, sep string) string {
	s := fmt.Sprint(n)
	var parts []string
	for len(s) > 3 {
		parts = append([]string{s[len(s)-3:]}, parts...)
		s = s[:len(s)-3]
	}
	return strings.Join(append([]string{s}, parts...), sep)
}

// TestStatementImport imports a 100,000-line statement (20,000 on SQLite;
// 25,000 and 2,000 under the race detector): exactly the valid credit lines become
// donations, once; importing it again records none; the totals add up.
func TestStatementImport(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		n := 100000
		if !db.Postgres() {
			// The pure-Go SQLite writes about 2,500 donations a second (and
			// twenty times fewer under the race detector): a smaller file
			// with the same kinds of lines.
			n = 20000
			if v := os.Getenv("RELIEF_TEST_STATEMENT_LINES"); v != "" {
				n, _ = strconv.Atoi(v) // e.g. 100000, to run the full size on SQLite by hand
			}
			if raceEnabled {
				n = 2000
			}
		} else if raceEnabled {
			// Under the race detector every insert (the donation, its
			// entry, its search words) costs some tenfold: a quarter of the
			// file still spans several import chunks. The full size runs
			// without -race, and BENCHMARKS.md measures 250,000.
			n = 25000
		}
		ts := newTestServer(t, db)
		file, credits, creditTotal, fileTotal := statementCSV(n, 1)
		check := func(r response, created, dups int) {
			t.Helper()
			if r.Status != 200 {
				t.Fatalf("import: %d %.500s", r.Status, r.Body)
			}
			j := r.JSON
			if int(j["lines"].(float64)) != n || int(j["created"].(float64)) != created || int(j["duplicates"].(float64)) != dups {
				t.Errorf("lines %v created %v duplicates %v; want %d, %d, %d", j["lines"], j["created"], j["duplicates"], n, created, dups)
			}
			if int(j["rejected"].(float64)) != n-credits {
				t.Errorf("rejected %v, want %d", j["rejected"], n-credits)
			}
			sum := decimal.RequireFromString(j["imported_total"].(string)).Add(decimal.RequireFromString(j["duplicate_total"].(string))).
				Add(decimal.RequireFromString(j["rejected_total"].(string)))
			if j["file_total"] != fileTotal.String() || !sum.Equal(fileTotal) {
				t.Errorf("totals: file %v (want %s), parts add up to %s", j["file_total"], fileTotal, sum)
			}
		}
		dry := ts.do(req{Method: "POST", Path: "/api/v1/bank-statements?fund=COVID&dry_run=true&filename=saoke.csv", Key: "auto", Body: file, ContentType: "text/csv"})
		check(dry, credits, 0)
		if b := ts.balance(ts.accountID("COVID:1120")); b != "0" {
			t.Fatalf("the dry run recorded something: %s", b)
		}
		first := ts.do(req{Method: "POST", Path: "/api/v1/bank-statements?fund=COVID", Key: "auto", Body: file, ContentType: "text/csv"})
		check(first, credits, 0)
		if first.JSON["imported_total"] != creditTotal.String() {
			t.Errorf("imported %v, the valid credits sum to %s", first.JSON["imported_total"], creditTotal)
		}
		if b := ts.balance(ts.accountID("COVID:1120")); b != creditTotal.String() {
			t.Errorf("bank balance %s, want %s", b, creditTotal)
		}
		again := ts.do(req{Method: "POST", Path: "/api/v1/bank-statements?fund=COVID", Key: "auto", Body: file, ContentType: "text/csv"})
		check(again, 0, credits)
		// An overlapping statement: the last 1,000 lines again plus 10 new.
		lines := strings.SplitAfter(string(file), "\n")
		overlap := lines[0] + strings.Join(lines[len(lines)-1001:len(lines)-1], "") +
			"2021-10-01,FT21NEW0001,\"250.000\",ung ho,Lâm Văn Mới,0123456789\n"
		o := ts.do(req{Method: "POST", Path: "/api/v1/bank-statements?fund=COVID", Key: "auto", Body: overlap, ContentType: "text/csv"})
		if o.Status != 200 || o.JSON["created"].(float64) != 1 {
			t.Errorf("overlapping statement: %d %.300s", o.Status, o.Body)
		}
		ts.mustTrialBalanceZero("COVID")
		ts.mustVerifyClean()
	})
}

func TestStatementBadFiles(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ts := newTestServer(t, db)
	big := bytes.Repeat([]byte("x"), 51<<20)
	for name, tc := range map[string]struct {
		path, body, ctype string
		status            int
	}{
		"wrong columns": {"/api/v1/bank-statements?fund=COVID&filename=a.csv", "ngay,tien\n2021-07-01,5000\n", "text/csv", 400},
		"empty":         {"/api/v1/bank-statements?fund=COVID&filename=a.csv", "", "text/csv", 400},
		"unknown fund":  {"/api/v1/bank-statements?fund=NOPE&filename=a.csv", "date,reference,amount,description,counterparty_name,counterparty_account\n2021-07-01,X,5000,a,b,c\n", "text/csv", 400},
		"no fund":       {"/api/v1/bank-statements?filename=a.csv", "date,amount\n", "text/csv", 400},
		"50 MB":         {"/api/v1/bank-statements?fund=COVID&filename=a.csv", string(big), "text/csv", 413},
		"pdf":           {"/api/v1/bank-statements?fund=COVID&filename=a.pdf", "%PDF", "application/pdf", 400},
	} {
		t.Run(name, func(t *testing.T) {
			r := ts.do(req{Method: "POST", Path: tc.path, Key: "auto", Body: tc.body, ContentType: tc.ctype})
			if r.Status != tc.status {
				t.Errorf("%d, want %d: %.300s", r.Status, tc.status, r.Body)
			}
		})
	}
	if v := ts.verify(); v["entries"].(float64) != 0 {
		t.Errorf("bad statements wrote entries")
	}
}
