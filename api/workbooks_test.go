package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"reliefledger/access"
	"reliefledger/exports"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

const evilName = `=HYPERLINK("http://x","y")`

// booksDay records a month of the Poor Fund's work: donations by every
// channel (one voided in the month, one from a donor named like a
// formula), rice in and out, a plan approved and delivered to every
// household. It returns the plan's ID.
func (ts *testServer) booksDay() int64 {
	ts.t.Helper()
	ts.seedSome(8, "941", "942")
	for _, d := range []map[string]any{
		{"fund": "POOR", "channel": "bank", "amount": "50000000", "received_date": "2021-07-05", "donor_name": evilName, "bank_ref": "FT21186001"},
		{"fund": "POOR", "channel": "cash", "amount": "5000000", "received_date": "2021-07-06", "donor_name": "Chùa Kh'Leang"},
		{"fund": "POOR", "channel": "in_kind", "received_date": "2021-07-07", "donor_name": "Công ty Gạo Sóc Trăng",
			"lines": []map[string]any{{"item": "RICE", "quantity": "500", "unit_value": "12500"}}},
	} {
		if r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: d}); r.Status != 201 {
			ts.t.Fatalf("donation: %d %s", r.Status, r.Body)
		}
	}
	void := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": "POOR", "channel": "cash", "amount": "1000000", "received_date": "2021-07-08", "donor_name": "Ghi trùng"}})
	if r := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/donations/%v/void", void.JSON["id"]), Key: "auto", Body: map[string]any{"reason": "ghi trùng", "date": "2021-07-09"}}); r.Status != 200 {
		ts.t.Fatalf("void: %d %s", r.Status, r.Body)
	}
	for path, body := range map[string]map[string]any{
		"/api/v1/stock/transfers": {"fund": "POOR", "from": "PROV", "to": "D941", "item": "RICE", "quantity": "120.5", "date": "2021-07-10"},
		"/api/v1/stock/issues":    {"fund": "POOR", "warehouse": "PROV", "item": "RICE", "quantity": "33.333", "date": "2021-07-11", "recipient": "Khu cách ly Trường CĐ Nghề"},
	} {
		if r := ts.do(req{Method: "POST", Path: path, Key: "auto", Body: body}); r.Status != 201 {
			ts.t.Fatalf("%s: %d %s", path, r.Status, r.Body)
		}
	}
	p := ts.do(req{Method: "POST", Path: "/api/v1/allocation-plans", Key: "auto", Body: budgetPlan("POOR", "20000000")})
	planID := int64(p.JSON["id"].(float64))
	if a := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/allocation-plans/%d/approve", planID), Key: "auto", Token: ts.userToken(access.Approver, ""), Body: map[string]any{"date": "2021-07-15"}}); a.Status != 201 {
		ts.t.Fatalf("approve: %d %s", a.Status, a.Body)
	}
	if r := ts.do(req{Method: "POST", Path: "/api/v1/deliveries", Key: "auto", Body: map[string]any{"plan": planID, "deliveries": ts.deliveriesFor(planID, "2021-07-20")}}); r.Status != 201 {
		ts.t.Fatalf("deliver: %d %s", r.Status, r.Body)
	}
	return planID
}

// workbook downloads an export and opens it.
func (ts *testServer) workbook(path, token string) *excelize.File {
	ts.t.Helper()
	r := ts.do(req{Method: "GET", Path: path, Token: token})
	if r.Status != 200 || r.Header.Get("Content-Type") != xlsxType {
		ts.t.Fatalf("%s: %d %.400s", path, r.Status, r.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		ts.t.Fatalf("%s: %v", path, err)
	}
	ts.t.Cleanup(func() { f.Close() })
	return f
}

// raw returns a cell's stored value (numbers unformatted).
func raw(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

func rawDec(t *testing.T, f *excelize.File, sheet, cell string) decimal.Decimal {
	t.Helper()
	v := raw(t, f, sheet, cell)
	if v == "" {
		return decimal.Zero
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		t.Fatalf("%s!%s = %q is not a number", sheet, cell, v)
	}
	return d
}

// rowOf finds the row whose column A is label.
func rowOf(t *testing.T, f *excelize.File, sheet, label string) int {
	t.Helper()
	rows, _ := f.GetRows(sheet)
	for i, r := range rows {
		if len(r) > 0 && r[0] == label {
			return i + 1
		}
	}
	t.Fatalf("%s: no row %q", sheet, label)
	return 0
}

// tableRows finds a table of a sheet: its header row, whose column A is
// head, and the row that ends it: its total, the first row after it whose
// column A starts with "Cộng" or "Total", or else the first empty row
// (the table has no total then) or the row after the last.
func tableRows(t *testing.T, f *excelize.File, sheet, head string) (header, end int) {
	t.Helper()
	rows, _ := f.GetRows(sheet)
	for i, r := range rows {
		switch {
		case header == 0 && len(r) > 0 && r[0] == head:
			header = i + 1
		case header == 0:
		case len(r) == 0 || strings.Join(r, "") == "":
			return header, i + 1
		case strings.HasPrefix(r[0], "Cộng") || strings.HasPrefix(r[0], "Total"):
			return header, i + 1
		}
	}
	if header == 0 {
		t.Fatalf("%s: no header row %q", sheet, head)
	}
	return header, len(rows) + 1
}

// dataRows are the rows of a table between its header and its end.
func dataRows(t *testing.T, f *excelize.File, sheet, head string) [][]string {
	t.Helper()
	header, end := tableRows(t, f, sheet, head)
	rows, _ := f.GetRows(sheet)
	return rows[header : end-1]
}

// columnSum adds a column's data rows, between the header row (column A
// is head) and the total, and returns the sum and the total, which must
// be a SUM formula.
func columnSum(t *testing.T, f *excelize.File, sheet, head, col string) (sum decimal.Decimal, total decimal.Decimal) {
	t.Helper()
	header, last := tableRows(t, f, sheet, head)
	if a, _ := f.GetCellValue(sheet, fmt.Sprintf("A%d", last)); !strings.HasPrefix(a, "Cộng") && !strings.HasPrefix(a, "Total") {
		t.Fatalf("%s: no total row", sheet)
	}
	for i := header + 1; i < last; i++ {
		sum = sum.Add(rawDec(t, f, sheet, fmt.Sprintf("%s%d", col, i)))
	}
	formula, _ := f.GetCellFormula(sheet, fmt.Sprintf("%s%d", col, last))
	if want := fmt.Sprintf("SUM(%s%d:%s%d)", col, header+1, col, last-1); formula != want && !(last == header+1 && strings.HasPrefix(formula, "SUM(")) {
		t.Errorf("%s!%s%d: total formula %q, want %q", sheet, col, last, formula, want)
	}
	return sum, rawDec(t, f, sheet, fmt.Sprintf("%s%d", col, last))
}

// TestWorkbooksReadBack is issue 8, acceptance 1: every workbook read back
// with excelize; the reconciliation closes (opening + receipts −
// disbursements = closing = the ledger), sheet totals equal the API's to
// the đồng, a donor named like a formula stays text.
func TestWorkbooksReadBack(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		planID := ts.booksDay()
		auditor := ts.userToken(access.Auditor, "")
		tb := ts.do(req{Method: "GET", Path: "/api/v1/trial-balance?fund=POOR"})
		balance := func(code string) decimal.Decimal {
			return decimal.RequireFromString(ts.balance(ts.accountID("POOR:" + code)))
		}
		period := "fund=POOR&from=2021-07-01&to=2021-07-31"

		t.Run("reconciliation", func(t *testing.T) {
			// To today: the void is a reversal dated the day it was made.
			f := ts.workbook("/api/v1/exports/reconciliation.xlsx?fund=POOR&from=2021-07-01", auditor)
			const s = "Đối soát"
			cell := func(label string) decimal.Decimal { return rawDec(t, f, s, fmt.Sprintf("B%d", rowOf(t, f, s, label))) }
			opening, receipts, disbursed := cell("Số dư đầu kỳ"), cell("Tổng thu"), cell("Tổng chi")
			other, internal := cell("Điều chỉnh khác"), cell("Luân chuyển nội bộ")
			computed, ledgerClosing := cell("Số dư cuối kỳ (tính)"), cell("Số dư cuối kỳ (sổ cái)")
			if !opening.Add(receipts).Sub(disbursed).Add(other).Add(internal).Equal(computed) || !computed.Equal(ledgerClosing) {
				t.Errorf("%s + %s − %s + %s + %s = %s; ledger %s", opening, receipts, disbursed, other, internal, computed, ledgerClosing)
			}
			// The ledger's asset balances: cash + bank + goods, 0 left in the
			// districts' outstanding allocations.
			assets := balance("1110").Add(balance("1120")).Add(balance("1150.PROV.RICE")).Add(balance("1150.D941.RICE"))
			if !ledgerClosing.Equal(assets) {
				t.Errorf("closing %s, the ledger's assets %s", ledgerClosing, assets)
			}
			// 50,000,000 + 5,000,000 + 6,250,000 in kind (the voided 1,000,000 nets out).
			if !receipts.Equal(decimal.NewFromInt(61250000)) || !disbursed.Equal(balance("5100").Add(balance("5200"))) {
				t.Errorf("receipts %s, disbursed %s", receipts, disbursed)
			}
			formula, _ := f.GetCellFormula(s, fmt.Sprintf("B%d", rowOf(t, f, s, "Số dư cuối kỳ (tính)")))
			if !strings.Contains(formula, "+") || !strings.Contains(formula, "-") {
				t.Errorf("closing is not a formula over the lines: %q", formula)
			}
			checks := dataRows(t, f, s, "Kiểm tra")
			if len(checks) != 5 {
				t.Errorf("%d checks: %v", len(checks), checks)
			}
			for _, r := range checks {
				if len(r) < 4 || r[3] != "Khớp" {
					t.Errorf("check %v", r)
				}
			}
		})
		t.Run("journal", func(t *testing.T) {
			f := ts.workbook("/api/v1/exports/journal.xlsx?fund=POOR", auditor)
			debit, dTotal := columnSum(t, f, "Nhật ký", "Số bút toán", "J")
			credit, cTotal := columnSum(t, f, "Nhật ký", "Số bút toán", "K")
			if !debit.Equal(credit) || !debit.Equal(dTotal) || !credit.Equal(cTotal) || debit.IsZero() {
				t.Errorf("debits %s (total %s), credits %s (total %s)", debit, dTotal, credit, cTotal)
			}
		})
		t.Run("trial balance", func(t *testing.T) {
			f := ts.workbook("/api/v1/exports/trial-balance.xlsx?fund=POOR", auditor)
			_, total := columnSum(t, f, "Cân đối", "Số hiệu TK", "D")
			if total.String() != tb.JSON["total_debit"] {
				t.Errorf("total %s, API %v", total, tb.JSON["total_debit"])
			}
		})
		t.Run("donations", func(t *testing.T) {
			f := ts.workbook("/api/v1/exports/donations.xlsx?"+period, auditor)
			counted, total := columnSum(t, f, "Biên nhận", "Số biên nhận", "K")
			revenue := balance("4100").Add(balance("4200")).Neg()
			if !counted.Equal(total) || !total.Equal(revenue) {
				t.Errorf("counted %s (total %s), the fund's donation revenue %s", counted, total, revenue)
			}
			rows, _ := f.GetRows("Biên nhận")
			found := false
			for i, r := range rows {
				if len(r) > 3 && r[3] == evilName {
					found = true
					if formula, _ := f.GetCellFormula("Biên nhận", fmt.Sprintf("D%d", i+1)); formula != "" {
						t.Errorf("the donor's name became a formula: %q", formula)
					}
				}
			}
			if !found {
				t.Errorf("the donor %q is not in the register", evilName)
			}
		})
		t.Run("public disclosure", func(t *testing.T) {
			f := ts.workbook("/api/v1/exports/public-disclosure.xlsx?"+period+"&lang=en", auditor)
			if header, _ := tableRows(t, f, "Received", "Receipt"); header == 0 {
				t.Errorf("no English headers")
			}
			_, used := columnSum(t, f, "Use of funds", "District", "D")
			if !used.Equal(balance("5100")) {
				t.Errorf("use of funds %s, aid to households %s", used, balance("5100"))
			}
			// The same figures online, without a token.
			pub := ts.do(req{Method: "GET", Path: "/api/v1/public/use?fund=POOR", Token: "-"})
			sum, households := decimal.Zero, 0.0
			for _, u := range pub.JSON["data"].([]any) {
				u := u.(map[string]any)
				sum = sum.Add(decimal.RequireFromString(u["to_households"].(string)))
				households += u["households"].(float64)
			}
			if pub.Status != 200 || !sum.Equal(used) || households != 16 {
				t.Errorf("public use: %d %s", pub.Status, pub.Body)
			}
		})
		t.Run("stock", func(t *testing.T) {
			f := ts.workbook("/api/v1/exports/stock.xlsx?"+period, auditor)
			header, total := tableRows(t, f, "Nhập xuất tồn", "Kho")
			for i := header + 1; i < total; i++ {
				for _, pair := range [][2]string{{"K", "M"}, {"L", "N"}} {
					if a, b := rawDec(t, f, "Nhập xuất tồn", pair[0]+itoa(i)), rawDec(t, f, "Nhập xuất tồn", pair[1]+itoa(i)); !a.Equal(b) {
						t.Errorf("row %d: closing %s ≠ ledger %s", i, a, b)
					}
				}
			}
			if total-header < 3 {
				t.Errorf("stock rows %d to %d", header, total)
			}
		})
		t.Run("deliveries and fairness", func(t *testing.T) {
			f := ts.workbook(fmt.Sprintf("/api/v1/exports/deliveries.xlsx?plan=%d", planID), auditor)
			if _, total := columnSum(t, f, "Cấp phát", "Số", "H"); !total.Equal(decimal.NewFromInt(20000000)) {
				t.Errorf("deliveries total %s", total)
			}
			f = ts.workbook(fmt.Sprintf("/api/v1/exports/fairness.xlsx?plan=%d", planID), auditor)
			for _, r := range dataRows(t, f, "Theo huyện", "Huyện") {
				if r[5] != "100.00" && r[5] != "100" {
					t.Errorf("coverage %v", r)
				}
			}
			if defs, _ := f.GetRows("Định nghĩa"); len(defs) < 10 {
				t.Errorf("definitions: %d", len(defs))
			}
		})
		t.Run("district officer", func(t *testing.T) {
			tok := ts.userToken(access.DistrictOfficer, "941")
			if r := ts.do(req{Method: "GET", Path: "/api/v1/exports/journal.xlsx", Token: tok}); r.Status != 403 {
				t.Errorf("a district officer downloads the journal: %d", r.Status)
			}
			if r := ts.do(req{Method: "GET", Path: "/api/v1/exports/nope.xlsx", Token: auditor}); r.Status != 404 {
				t.Errorf("unknown export: %d", r.Status)
			}
			if r := ts.do(req{Method: "GET", Path: "/api/v1/exports/reconciliation.xlsx", Token: auditor}); r.Status != 400 {
				t.Errorf("reconciliation without a fund: %d", r.Status)
			}
		})
	})
}

// TestDistributionListRoundTrip is issue 8, acceptance 3: a district's list
// is exported, marked received, uploaded through the deliveries route, and
// the deliveries appear; uploading it again records nothing twice.
func TestDistributionListRoundTrip(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.seedSome(12, "941", "942")
		ts.fundBank("POOR", "100000000", "")
		p := ts.do(req{Method: "POST", Path: "/api/v1/allocation-plans", Key: "auto", Body: budgetPlan("POOR", "30000000")})
		planID := int64(p.JSON["id"].(float64))
		if a := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/allocation-plans/%d/approve", planID), Key: "auto", Token: ts.userToken(access.Approver, ""), Body: map[string]any{"date": "2021-07-15"}}); a.Status != 201 {
			t.Fatalf("approve: %d %s", a.Status, a.Body)
		}
		district := ts.userToken(access.DistrictOfficer, "941")
		r := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/exports/distribution-list.xlsx?plan=%d", planID), Token: district})
		if r.Status != 200 {
			t.Fatalf("export: %d %s", r.Status, r.Body)
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		// A sheet per commune of the officer's district, Sóc Trăng (941):
		// the households of each, then the total and the signatures.
		type at struct {
			sheet string
			row   int
		}
		var lines []at
		for _, sheet := range f.GetSheetList() {
			if !strings.HasPrefix(sheet, "Sóc Trăng – Phường") {
				t.Fatalf("sheet %q: a district officer's list has the communes of their district only", sheet)
			}
			header, total := tableRows(t, f, sheet, "STT")
			rows, _ := f.GetRows(sheet)
			if h := rows[header-1]; h[1] != "Mã hộ" || h[8] != "Đã nhận (x)" || h[11] != "Ký nhận" {
				t.Fatalf("%s: header %v", sheet, h)
			}
			for r := header + 1; r < total; r++ {
				lines = append(lines, at{sheet, r})
			}
		}
		if len(lines) != 12 {
			t.Fatalf("%d households on the lists, want 12", len(lines))
		}
		// The district marks the first 7 households received on two days.
		var marked []string
		for i, l := range lines[:7] {
			f.SetCellValue(l.sheet, fmt.Sprintf("I%d", l.row), "x")
			f.SetCellValue(l.sheet, fmt.Sprintf("J%d", l.row), []string{"25/07/2021", "2021-07-26"}[i%2])
			f.SetCellValue(l.sheet, fmt.Sprintf("K%d", l.row), "Trần Thị Mai, MTTQ xã")
			code, _ := f.GetCellValue(l.sheet, fmt.Sprintf("B%d", l.row))
			marked = append(marked, code)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/deliveries/import?plan=%d", planID)
		if r := ts.upload(path+"&dry_run=true", "ds-941.xlsx", buf.Bytes(), district); r.Status != 200 || r.JSON["rows"] != float64(7) || r.JSON["recorded"] != float64(0) {
			t.Fatalf("dry run: %d %s", r.Status, r.Body)
		}
		up := ts.upload(path, "ds-941.xlsx", buf.Bytes(), district)
		if up.Status != 201 || up.JSON["recorded"] != float64(7) {
			t.Fatalf("upload: %d %s", up.Status, up.Body)
		}
		got := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/deliveries?plan=%d&limit=100", planID), Token: district})
		var codes []string
		for _, d := range got.JSON["data"].([]any) {
			codes = append(codes, d.(map[string]any)["household"].(string))
		}
		if strings.Join(codes, ",") != strings.Join(marked, ",") {
			t.Errorf("deliveries %v, marked %v", codes, marked)
		}
		if again := ts.upload(path, "ds-941.xlsx", buf.Bytes(), district); again.Status != 409 {
			t.Errorf("second upload: %d %s", again.Status, again.Body)
		}
		// A bad mark names the sheet and row.
		next := lines[7]
		f.SetCellValue(next.sheet, fmt.Sprintf("I%d", next.row), "x")
		f.SetCellValue(next.sheet, fmt.Sprintf("J%d", next.row), "hôm qua")
		buf.Reset()
		f.Write(&buf)
		if bad := ts.upload(path, "ds-941.xlsx", buf.Bytes(), district); bad.Status != 400 || len(bad.problem().Errors) == 0 || bad.problem().Errors[0].Field != fmt.Sprintf("%s!%d", next.sheet, next.row) {
			t.Errorf("bad date: %d %s", bad.Status, bad.Body)
		}
		ts.mustTrialBalanceZero("POOR")
		ts.mustVerifyClean()
	})
}

// TestExportStreamsAndStops is issue 8, acceptance 4: a workbook reaches
// its writer while it is being written, and when the request's context
// ends (the client went away) the export stops at its next row.
func TestExportStreamsAndStops(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		if err := ts.srv.Ledger.PostAll(context.Background(), ledgerActor(), manyEntries(3000)); err != nil {
			t.Fatal(err)
		}
		src := ts.srv.exportSources()
		meta := exports.Meta{Title: "Nhật ký", GeneratedAt: time.Now(), GeneratedBy: "test"}
		var full countingWriter
		if err := src.Write(context.Background(), &full, "journal", exports.Params{}, meta); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		cut := countingWriter{onWrite: cancel}
		err := src.Write(ctx, &cut, "journal", exports.Params{}, meta)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled export returned %v", err)
		}
		if cut.writes != 1 || cut.n >= full.n/2 {
			t.Errorf("after the client left the export wrote %d times, %d of %d bytes", cut.writes, cut.n, full.n)
		}
		if full.writes < 3 {
			t.Errorf("a 6,000-posting journal reached the writer in %d writes: not streamed", full.writes)
		}
	})
}

type countingWriter struct {
	n, writes int
	onWrite   func()
}

func (c *countingWriter) Write(b []byte) (int, error) {
	c.n += len(b)
	c.writes++
	if c.onWrite != nil {
		c.onWrite()
	}
	return len(b), nil
}

func ledgerActor() ledger.Actor { return ledger.Actor{} }

// manyEntries are n donations to the Poor Fund's bank account.
func manyEntries(n int) []ledger.EntryInput {
	ins := make([]ledger.EntryInput, n)
	for i := range ins {
		amount := decimal.NewFromInt(int64(100000 + i))
		ins[i] = ledger.EntryInput{Date: ledger.NewDate(2021, 8, 1), Kind: ledger.KindDonation, Description: fmt.Sprintf("Ủng hộ số %d", i+1),
			Postings: []ledger.PostingInput{{Account: ledger.AccountByCode("POOR", "1120"), Amount: amount}, {Account: ledger.AccountByCode("POOR", "4100"), Amount: amount.Neg()}}}
	}
	return ins
}

// TestExportStopsWhenTheClientHangsUp downloads the journal over a real
// connection with small socket buffers, reads the first bytes and hangs
// up: the export stops with an error (logged) instead of running to the
// end for nobody.
func TestExportStopsWhenTheClientHangsUp(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		if err := ts.srv.Ledger.PostAll(context.Background(), ledgerActor(), manyEntries(3000)); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewUnstartedServer(ts.srv.Handler())
		srv.Listener = smallBuffers{srv.Listener}
		srv.Start()
		defer srv.Close()
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		conn.(*net.TCPConn).SetReadBuffer(4096)
		fmt.Fprintf(conn, "GET /api/v1/exports/journal.xlsx HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n", adminToken)
		first := make([]byte, 2048)
		if _, err := io.ReadFull(conn, first); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(first, []byte("HTTP/1.1 200")) {
			t.Fatalf("answer: %.200s", first)
		}
		conn.Close()
		deadline := time.Now().Add(20 * time.Second)
		for !strings.Contains(ts.logs.String(), "export stopped") {
			if time.Now().After(deadline) {
				t.Fatalf("the export did not stop after the client hung up; log:\n%s", ts.logs.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

// smallBuffers gives accepted connections a small send buffer, so a
// client that stops reading holds the server's writes back at once.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(4096)
	}
	return c, err
}
