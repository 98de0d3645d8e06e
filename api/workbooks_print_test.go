package api

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"reliefledger/access"
	"reliefledger/internal/i18n"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// richBooks records what booksDay does and more of what the workbooks
// show: an earmarked gift for a district and one for near-poor households,
// noodles beside rice, a district's request approved in part and given to
// an organisation, and a July receipt voided in August. It returns the
// plan's ID.
func (ts *testServer) richBooks() int64 {
	ts.t.Helper()
	plan := ts.booksDay()
	for _, d := range []map[string]any{
		{"fund": "POOR", "channel": "bank", "amount": "12000000", "received_date": "2021-07-12", "donor_name": "Hội doanh nhân trẻ", "bank_ref": "FT21193002", "earmark": "district:943"},
		{"fund": "POOR", "channel": "cash", "amount": "3000000", "received_date": "2021-07-13", "anonymous": true, "earmark": "category:near_poor"},
		{"fund": "POOR", "channel": "in_kind", "received_date": "2021-07-14", "donor_name": "Siêu thị Co.opmart Sóc Trăng",
			"lines": []map[string]any{{"item": "NOODLES", "quantity": "40", "unit_value": "95000"}}},
	} {
		if r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: d}); r.Status != 201 {
			ts.t.Fatalf("donation: %d %s", r.Status, r.Body)
		}
	}
	late := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": "POOR", "channel": "cash", "amount": "2500000",
		"received_date": "2021-07-28", "donor_name": "Trường THPT Hoàng Diệu"}})
	if r := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/donations/%v/void", late.JSON["id"]), Key: "auto",
		Body: map[string]any{"reason": "nhận nhầm quỹ", "date": "2021-08-05"}}); r.Status != 200 {
		ts.t.Fatalf("void: %d %s", r.Status, r.Body)
	}
	district := ts.userToken(access.DistrictOfficer, "943")
	r := ts.do(req{Method: "POST", Path: "/api/v1/allocation-requests", Key: "auto", Token: district,
		Body: map[string]any{"fund": "POOR", "amount": "8000000", "households": 40, "reason": "Hỗ trợ khu phong tỏa ấp Hòa Mỹ"}})
	if r.Status != 201 {
		ts.t.Fatalf("request: %d %s", r.Status, r.Body)
	}
	if d := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/allocation-requests/%v/decision", r.JSON["id"]), Key: "auto", Token: ts.userToken(access.Approver, ""),
		Body: map[string]any{"decision": "approve", "amount": "5000000", "reason": "Đợt 1", "date": "2021-07-20"}}); d.Status != 201 {
		ts.t.Fatalf("decision: %d %s", d.Status, d.Body)
	}
	if del := ts.do(req{Method: "POST", Path: "/api/v1/deliveries", Key: "auto", Token: district, Body: map[string]any{"request": r.JSON["id"], "deliveries": []map[string]any{
		{"organisation": "Chốt kiểm soát cầu Mỹ Thanh", "amount": "3000000", "date": "2021-07-21", "handed_over_by": "Lâm Văn Hai"}}}}); del.Status != 201 {
		ts.t.Fatalf("deliveries: %d %s", del.Status, del.Body)
	}
	return plan
}

// everyWorkbook downloads every export of the books (lang "" or "en"):
// name → workbook.
func (ts *testServer) everyWorkbook(plan int64, lang string) map[string]*excelize.File {
	ts.t.Helper()
	auditor := ts.userToken(access.Auditor, "")
	july := "fund=POOR&from=2021-07-01&to=2021-07-31"
	out := map[string]*excelize.File{}
	for name, query := range map[string]string{
		"reconciliation":       july,
		"reconciliation-aug":   "fund=POOR&from=2021-08-01&to=2021-08-31",
		"reconciliation-start": "fund=POOR&to=2021-07-31",
		"journal":              "fund=POOR",
		"journal-all":          "",
		"trial-balance":        "fund=POOR&as_of=2021-07-31",
		"donations":            july,
		"donations-aug":        "fund=POOR&from=2021-08-01&to=2021-08-31",
		"public-disclosure":    july,
		"stock":                july,
		"stock-all":            "",
		"distribution-list":    fmt.Sprintf("plan=%d", plan),
		"deliveries":           "fund=POOR",
		"fairness":             fmt.Sprintf("plan=%d", plan),
		"fairness-fund":        july,
		"summary":              july + "&deadline_days=20",
	} {
		path := "/api/v1/exports/" + exportOf(name) + ".xlsx?" + query
		if lang != "" {
			path += "&lang=" + lang
		}
		out[name] = ts.workbook(path, auditor)
	}
	return out
}

// exportOf is the export a name of everyWorkbook downloads: "donations-aug"
// is "donations".
func exportOf(name string) string {
	for _, suffix := range []string{"-aug", "-start", "-all", "-fund"} {
		name = strings.TrimSuffix(name, suffix)
	}
	return name
}

// TestWorkbookCellsAreVietnamese is issue 14, acceptance 3: every cell and
// sheet name of every workbook, Vietnamese by default, is checked against
// the translation table: no English identifier (a stored enum value, a
// snake_case word, a "district:" earmark, a text the table has only in
// English, a key it lacks), no district or commune code where the
// registry has a name, no code of a fund, item or warehouse outside the
// journal's own descriptions, no date written yyyy-mm-dd or 0001-01-01,
// and one number format per column. In English, no text is left in
// Vietnamese from the table.
func TestWorkbookCellsAreVietnamese(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		plan := ts.richBooks()
		rules := newCellRules(ts)
		for name, f := range ts.everyWorkbook(plan, "") {
			rules.check(t, name, f, i18n.VI)
		}
		for name, f := range ts.everyWorkbook(plan, "en") {
			rules.check(t, name+" (en)", f, i18n.EN)
		}
	})
}

// cellRules are what a workbook's cells must not hold.
type cellRules struct {
	enums    map[string]bool // values the product stores in English: asset, voided, in_kind, …
	codes    map[string]bool // district and commune codes
	named    map[string]bool // fund, item and warehouse codes: they have names
	english  map[string]bool // texts the table has in English only
	viOnly   map[string]bool // texts the table has in Vietnamese only
	snake    *regexp.Regexp
	isoDate  *regexp.Regexp
	dateFmts map[string]bool
}

func newCellRules(ts *testServer) *cellRules {
	r := &cellRules{enums: map[string]bool{}, codes: map[string]bool{}, named: map[string]bool{}, english: map[string]bool{}, viOnly: map[string]bool{},
		snake: regexp.MustCompile(`^[a-z]+(_[a-z0-9]+)+$`), isoDate: regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b|0001-01-01`),
		dateFmts: map[string]bool{"dd/mm/yyyy": true, "dd/mm/yyyy hh:mm:ss": true}}
	for _, k := range i18n.Keys() {
		group, value, _ := strings.Cut(string(k), ".")
		switch group {
		case "account_type", "entry_kind", "channel", "donation_status", "category", "role", "region_kind", "source", "fairness_figure":
			r.enums[value] = true
		}
		if t, _ := i18n.Lookup(k); t.VI != t.EN && !strings.Contains(t.EN, "%") && !strings.Contains(t.EN, "{") {
			r.english[t.EN] = true
			r.viOnly[t.VI] = true
		}
	}
	for _, u := range ts.srv.Households.Tree().Units() {
		r.codes[u.Code] = true
	}
	for _, c := range []string{"POOR", "COVID", "RICE", "NOODLES", "MASKS", "MEDKIT", "PROV", "D941", "D942", "D943"} {
		r.named[c] = true
	}
	return r
}

// Free-text columns hold what people and the domain wrote into the
// journal, shown as recorded: "Cấp phát theo phương án 1 ngày 2021-07-20;
// huyện 941: 8" is an entry's description, part of its hash.
var freeText = map[string]bool{"Diễn giải": true, "Nội dung": true}

// userName is who made the workbook, a user's name as entered ("auditor"
// in these tests), cut out of the title block before its words are read.
var userName = regexp.MustCompile(`Người lập: .*? \(người dùng`)

func (r *cellRules) check(t *testing.T, name string, f *excelize.File, l i18n.Lang) {
	t.Helper()
	for _, sheet := range f.GetSheetList() {
		if l == i18n.VI {
			r.text(t, fmt.Sprintf("%s: sheet name %q", name, sheet), sheet, false)
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		formats := map[int]map[string]bool{}
		titles := map[int]string{}
		for i, row := range rows {
			for j, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				where := fmt.Sprintf("%s: %s!%s %q", name, sheet, cell, v)
				if typ, _ := f.GetCellType(sheet, cell); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
					if titles[j] == "" && (v == "STT" || i < 12) {
						titles[j] = v // good enough: the last text above the data names the column
					}
					if l == i18n.VI {
						r.text(t, where, userName.ReplaceAllString(v, "Người lập: … (người dùng"), freeText[titles[j]])
					} else if r.viOnly[v] {
						t.Errorf("%s: Vietnamese in an English workbook", where)
					}
					continue
				}
				if _, err := strconv.ParseFloat(v, 64); err != nil {
					continue
				}
				code := numberFormat(t, f, sheet, cell)
				if formats[j] == nil {
					formats[j] = map[string]bool{}
				}
				formats[j][code] = true
				if strings.Contains(code, "yy") && l == i18n.VI && !r.dateFmts[code] {
					t.Errorf("%s: date format %q", where, code)
				}
			}
		}
		for j, fs := range formats {
			if len(fs) > 1 {
				col, _ := excelize.ColumnNumberToName(j + 1)
				t.Errorf("%s: %s column %s has %d number formats: %v", name, sheet, col, len(fs), fs)
			}
		}
	}
}

// text checks one text in a Vietnamese workbook.
func (r *cellRules) text(t *testing.T, where, v string, free bool) {
	t.Helper()
	if strings.Contains(v, "⟦") {
		t.Errorf("%s: a key the table lacks", where)
	}
	if r.english[v] {
		t.Errorf("%s: English text", where)
	}
	if !free && r.isoDate.MatchString(v) {
		t.Errorf("%s: a date not written dd/mm/yyyy", where)
	}
	if free {
		return
	}
	for _, p := range []string{"district:", "category:", "purpose:"} {
		if strings.Contains(v, p) {
			t.Errorf("%s: a raw earmark", where)
		}
	}
	for _, tok := range strings.FieldsFunc(v, func(c rune) bool {
		// '%' stays in the token: "92%" is a share, not district 92.
		return !(c == '_' || c == '-' || c == '.' || c == ':' || c == '%' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c > 127)
	}) {
		tok = strings.Trim(tok, ".:-")
		switch {
		case r.snake.MatchString(tok):
			t.Errorf("%s: snake_case word %q", where, tok)
		case r.enums[tok] && !r.viOnly[tok]:
			t.Errorf("%s: stored English value %q", where, tok)
		case r.codes[tok]:
			t.Errorf("%s: district or commune code %q where a name exists", where, tok)
		case r.named[tok]:
			t.Errorf("%s: code %q where a name exists", where, tok)
		}
	}
}

// numberFormat is a cell's number format code.
func numberFormat(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return map[int]string{0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00"}[st.NumFmt]
}

// TestVoidCountedOnItsDate is issue 14, acceptance 4 (registers and
// reconciliations agree for a period containing a void made later): a July
// donation voided on 5 August counts in July's register and July's
// reconciliation, and August's register and reconciliation both take it
// back; the public workbook lists the voided receipt as voided.
func TestVoidCountedOnItsDate(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		gift := func(amount, date string) response {
			r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": "POOR", "channel": "bank", "amount": amount,
				"received_date": date, "donor_name": "Công ty Cổ phần Thủy sản Sóc Trăng", "bank_ref": "FT" + date + amount}})
			if r.Status != 201 {
				t.Fatalf("donation: %d %s", r.Status, r.Body)
			}
			return r
		}
		gift("10000000", "2021-07-02")
		voided := gift("4000000", "2021-07-20")
		gift("1500000", "2021-08-10")
		if r := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/donations/%v/void", voided.JSON["id"]), Key: "auto",
			Body: map[string]any{"reason": "chuyển nhầm, hoàn lại", "date": "2021-08-05"}}); r.Status != 200 || r.JSON["voided_on"] != "2021-08-05" {
			t.Fatalf("void: %d %s", r.Status, r.Body)
		}
		auditor := ts.userToken(access.Auditor, "")
		for _, c := range []struct {
			period string
			want   int64
		}{
			{"from=2021-07-01&to=2021-07-31", 14_000_000}, // the void is not in July
			{"from=2021-08-01&to=2021-08-31", -2_500_000}, // 1,500,000 received, 4,000,000 voided
			{"from=2021-07-01&to=2021-08-31", 11_500_000},
		} {
			q := "fund=POOR&" + c.period
			reg := ts.workbook("/api/v1/exports/donations.xlsx?"+q, auditor)
			counted, total := columnSum(t, reg, "Biên nhận", "Số biên nhận", "K")
			recon := ts.workbook("/api/v1/exports/reconciliation.xlsx?"+q, auditor)
			receipts := rawDec(t, recon, "Đối soát", fmt.Sprintf("B%d", rowOf(t, recon, "Đối soát", "Tổng thu")))
			want := decimal.NewFromInt(c.want)
			if !counted.Equal(total) || !total.Equal(want) || !receipts.Equal(want) {
				t.Errorf("%s: register %s (total %s), reconciliation receipts %s, want %s", c.period, counted, total, receipts, want)
			}
			for _, r := range dataRows(t, recon, "Đối soát", "Kiểm tra") {
				if r[3] != "Khớp" {
					t.Errorf("%s: check %v", c.period, r)
				}
			}
			if c.period == "from=2021-08-01&to=2021-08-31" {
				var void []string
				for _, r := range dataRows(t, reg, "Biên nhận", "Số biên nhận") {
					if r[9] == "Đã hủy ngày 05/08/2021" {
						void = r
					}
				}
				if len(void) < 11 || void[1] != "20/07/2021" || void[7] != "" || void[10] != "-4,000,000" {
					t.Errorf("August's register shows the void as %v", void)
				}
			}
		}
		pub := ts.workbook("/api/v1/exports/public-disclosure.xlsx?fund=POOR&from=2021-07-01&to=2021-08-31", auditor)
		var statuses []string
		for _, r := range dataRows(t, pub, "Tiếp nhận", "Số biên nhận") {
			statuses = append(statuses, r[0]+" "+r[7])
		}
		if len(statuses) != 3 || !strings.HasSuffix(statuses[1], "Đã hủy ngày 05/08/2021") {
			t.Errorf("the public list %v: the voided receipt must show, voided", statuses)
		}
	})
}

// TestPrintTitlesAndSignatures reads every workbook's print settings back:
// A4, one page wide, the header row repeated, header and footer with the
// title and page x of y; the documents that are signed end with the three
// signatures.
func TestPrintTitlesAndSignatures(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		plan := ts.richBooks()
		signed := map[string][]string{"reconciliation": {"Đối soát"}, "trial-balance": {"Cân đối"}, "stock": {"Nhập xuất tồn", "Thẻ kho"}}
		signed["summary"] = []string{"Tổng hợp"}
		for name, f := range ts.everyWorkbook(plan, "") {
			titles := map[string]string{}
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm.Print_Titles" {
					titles[dn.Scope] = dn.RefersTo
				}
			}
			props, _ := f.GetDocProps()
			if props.Title == "" || !strings.HasPrefix(props.Creator, "auditor (người dùng ") || props.Created == "" {
				t.Errorf("%s: document properties %+v", name, props)
			}
			for _, sheet := range f.GetSheetList() {
				if titles[sheet] == "" {
					t.Errorf("%s: %s has no print titles", name, sheet)
				}
				hf, err := f.GetHeaderFooter(sheet)
				if err != nil || !strings.Contains(hf.OddHeader, "&L"+props.Title) && !strings.HasPrefix(hf.OddHeader, "&L"+props.Title) ||
					!strings.Contains(hf.OddFooter, "Trang &P / &N") {
					t.Errorf("%s: %s header %q footer %q", name, sheet, hf.OddHeader, hf.OddFooter)
				}
				layout, err := f.GetPageLayout(sheet)
				if err != nil || layout.Size == nil || *layout.Size != 9 || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
					t.Errorf("%s: %s page layout %+v", name, sheet, layout)
				}
			}
			sheets := signed[exportOf(name)]
			if name == "distribution-list" {
				sheets = f.GetSheetList()
			}
			for _, sheet := range sheets {
				rows, _ := f.GetRows(sheet)
				text := strings.Join(slices.DeleteFunc(flatten(rows), func(s string) bool { return s == "" }), "|")
				if !strings.Contains(text, "Người lập biểu|Kế toán trưởng|Thủ trưởng đơn vị|(Ký, họ tên)") || !strings.Contains(text, "Sóc Trăng, ngày") {
					t.Errorf("%s: %s has no signature block", name, sheet)
				}
			}
		}
	})
}

// communeSheets are the distribution list's sheets, one per commune.
func communeSheets(f *excelize.File) []string {
	return slices.DeleteFunc(f.GetSheetList(), func(s string) bool { return !strings.Contains(s, " – ") })
}
