package api

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestTrialBalanceExport reads the workbook back: the totals are SUM
// formulas whose values equal the API's, text stays text, and the
// auditor's download is in the audit log with its filters.
func TestTrialBalanceExport(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		evil := `=HYPERLINK("http://x","y")`
		ts.do(req{Method: "POST", Path: "/api/v1/accounts", Key: "auto", Body: map[string]any{"fund": "POOR", "code": "1199", "name": evil, "type": "asset"}})
		ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("d", posting("POOR:1120", "1500000"), posting("POOR:1199", "250000"), posting("POOR:4100", "-1750000"))})
		ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("t", posting("POOR:1110", "300000"), posting("POOR:1120", "-300000"))})
		api := ts.do(req{Method: "GET", Path: "/api/v1/trial-balance?fund=POOR"})

		auditor := ts.userToken(access.Auditor, "")
		r := ts.do(req{Method: "GET", Path: "/api/v1/exports/trial-balance.xlsx?fund=POOR&as_of=" + api.JSON["as_of"].(string), Token: auditor})
		if r.Status != 200 || r.Header.Get("Content-Type") != xlsxType {
			t.Fatalf("export: %d %s %.300s", r.Status, r.Header.Get("Content-Type"), r.Body)
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if sheets := f.GetSheetList(); strings.Join(sheets, ",") != "Cân đối" {
			t.Fatalf("sheets %v", sheets)
		}
		rows, _ := f.GetRows("Cân đối")
		header, last := tableRows(t, f, "Cân đối", "Số hiệu TK")
		if rows[header-1][3] != "Dư Nợ (đồng)" {
			t.Errorf("header %v", rows[header-1])
		}
		for col, want := range map[string]string{"D": api.JSON["total_debit"].(string), "E": api.JSON["total_credit"].(string)} {
			cell := col + itoa(last)
			formula, _ := f.GetCellFormula("Cân đối", cell)
			if formula != "SUM("+col+itoa(header+1)+":"+col+itoa(last-1)+")" {
				t.Errorf("%s formula %q", cell, formula)
			}
			v, _ := f.GetCellValue("Cân đối", cell, excelize.Options{RawCellValue: true})
			if v != want {
				t.Errorf("%s cached total %s, API says %s", cell, v, want)
			}
		}
		// Recompute the debit column from the cells: it must match the API.
		var sum int64
		for i := header + 1; i < last; i++ {
			v, _ := f.GetCellValue("Cân đối", "D"+itoa(i), excelize.Options{RawCellValue: true})
			n, _ := strconv.ParseInt(v, 10, 64)
			sum += n
		}
		if itoa64(sum) != api.JSON["total_debit"] {
			t.Errorf("debit cells sum to %d, API total %v", sum, api.JSON["total_debit"])
		}
		found := false
		for i, row := range rows {
			if len(row) > 1 && row[1] == evil {
				found = true
				if formula, _ := f.GetCellFormula("Cân đối", "B"+itoa(i+1)); formula != "" {
					t.Errorf("the account name became a formula: %q", formula)
				}
			}
		}
		if !found {
			t.Errorf("the literal name %q is not in the sheet", evil)
		}
		// The title block says what, for which fund, as of when, by whom,
		// at which journal head.
		title := strings.Join(flatten(rows[:header-1]), "|")
		for _, want := range []string{"BẢNG CÂN ĐỐI TÀI KHOẢN", "Quỹ Vì người nghèo · Tại ngày " + dmy(api.JSON["as_of"].(string)), "Người lập: auditor", "(người dùng ", "kiểm toán)", "Sổ nhật ký đến bút toán số 2, mã băm "} {
			if !strings.Contains(title, want) {
				t.Errorf("the title block lacks %q: %s", want, title)
			}
		}
		if props, _ := f.GetDocProps(); props.Title != "Bảng cân đối tài khoản" || !strings.Contains(props.Description, "fund=POOR") || props.Language != "vi-VN" {
			t.Errorf("document properties %+v", props)
		}
		// The download is in the audit log with its filters.
		a := ts.do(req{Method: "GET", Path: "/api/v1/audit?route=/api/v1/exports/:name", Token: auditor})
		recs := a.JSON["data"].([]any)
		if len(recs) != 1 {
			t.Fatalf("audit records of exports: %s", a.Body)
		}
		rec := recs[0].(map[string]any)
		if rec["role"] != "auditor" || !strings.Contains(rec["query"].(string), "fund=POOR") || rec["path"] != "/api/v1/exports/trial-balance.xlsx" {
			t.Errorf("audit record %v", rec)
		}
		en := ts.do(req{Method: "GET", Path: "/api/v1/exports/trial-balance.xlsx?fund=POOR&lang=en", Token: auditor})
		fe, _ := excelize.OpenReader(bytes.NewReader(en.Body))
		if fe == nil || strings.Join(fe.GetSheetList(), ",") != "Trial balance" {
			t.Errorf("English workbook")
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/exports/nothing.xlsx", Token: auditor}); r.Status != 404 {
			t.Errorf("unknown export: %d", r.Status)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/exports/trial-balance.xlsx", Token: auditor}); r.Status != 400 {
			t.Errorf("export without fund: %d", r.Status)
		}
		district := ts.userToken(access.DistrictOfficer, "943")
		if r := ts.do(req{Method: "GET", Path: "/api/v1/exports/trial-balance.xlsx?fund=POOR", Token: district}); r.Status != 403 {
			t.Errorf("district officer exporting the fund's books: %d", r.Status)
		}
	})
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func itoa(n int) string { return strconv.Itoa(n) }

// dmy turns yyyy-mm-dd into dd/mm/yyyy, as Vietnamese workbooks write it.
func dmy(iso string) string {
	parts := strings.Split(iso, "-")
	if len(parts) != 3 {
		return iso
	}
	return parts[2] + "/" + parts[1] + "/" + parts[0]
}
