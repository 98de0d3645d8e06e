package api

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"reliefledger/access"
	"reliefledger/demo"
	"reliefledger/households"
	"reliefledger/internal/fold"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

func (ts *testServer) seedDemo() {
	ts.t.Helper()
	hh := ts.srv.Households
	if err := hh.InsertMany(context.Background(), demo.HouseholdsOf(hh.Tree(), 2021), nil); err != nil {
		ts.t.Fatal(err)
	}
}

// TestDemoRegistry seeds the demo registry once per backend and checks it:
// exactly Sóc Trăng's 8,617 poor and 28,987 near-poor households, every
// district non-empty, the same data on every backend (the generator's own
// tests show two runs are identical), accent-free search, combined
// filters, and paging that never repeats or skips while households are
// added.
func TestDemoRegistry(t *testing.T) {
	dumps := map[string][]households.Household{}
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.seedDemo()
		all, err := ts.srv.Households.List(context.Background(), households.Filter{Limit: 100000}, "")
		if err != nil {
			t.Fatal(err)
		}
		dumps[t.Name()] = all
		t.Run("summary", func(t *testing.T) { checkDemoSummary(t, ts) })
		t.Run("search and filters", func(t *testing.T) { checkSearchAndFilters(t, ts) })
		t.Run("paging while adding", func(t *testing.T) { checkPagingWhileAdding(t, ts) })
	})
	a, b := dumps["TestDemoRegistry/sqlite"], dumps["TestDemoRegistry/postgres"]
	if len(a) != 37604 {
		t.Fatalf("%d households on SQLite", len(a))
	}
	if b == nil {
		return
	}
	// The time of seeding differs between runs; nothing else may.
	ignoreTimes := cmp.Transformer("times", func(h households.Household) households.Household {
		h.CreatedAt, h.UpdatedAt = time.Time{}, time.Time{}
		return h
	})
	if diff := cmp.Diff(a, b, ignoreTimes); diff != "" {
		t.Fatalf("PostgreSQL's registry differs from SQLite's:\n%.2000s", diff)
	}
}

func checkDemoSummary(t *testing.T, ts *testServer) {
	r := ts.do(req{Method: "GET", Path: "/api/v1/households/summary"})
	if r.JSON["poor"].(float64) != 8617 || r.JSON["near_poor"].(float64) != 28987 || r.JSON["total"].(float64) != 37604 {
		t.Fatalf("summary totals: %s", r.Body)
	}
	districts := r.JSON["districts"].([]any)
	if len(districts) != 11 {
		t.Fatalf("%d districts in the summary, want 11", len(districts))
	}
	for _, d := range districts {
		m := d.(map[string]any)
		if m["poor"].(float64) == 0 || m["near_poor"].(float64) == 0 {
			t.Errorf("district %v is empty in a category: %v", m["district_name"], m)
		}
	}
	if first := districts[0].(map[string]any); first["district_name"] != "Thành phố Sóc Trăng" {
		t.Errorf("districts are not in the 2021 order: first is %v", first["district_name"])
	}
}

func checkSearchAndFilters(t *testing.T, ts *testServer) {
	r := ts.do(req{Method: "GET", Path: "/api/v1/households?q=tran+thi+be&limit=500"})
	found := r.JSON["data"].([]any)
	if len(found) == 0 {
		t.Fatalf("search tran thi be found nothing")
	}
	for _, h := range found {
		if name := h.(map[string]any)["head_name"].(string); !strings.Contains(fold.String(name), "tran thi be") {
			t.Errorf("search found %q", name)
		}
	}
	// Filters combine: Kế Sách, poor, with a disability.
	r = ts.do(req{Method: "GET", Path: "/api/v1/households?district=943&category=poor&flags=disability&limit=500"})
	rows := r.JSON["data"].([]any)
	if len(rows) == 0 {
		t.Fatal("no poor households with a disability in Kế Sách")
	}
	for _, x := range rows {
		h := x.(map[string]any)
		if h["district"] != "943" || h["category"] != "poor" || !strings.Contains(fmt.Sprint(h["flags"]), "disability") {
			t.Errorf("filter let through %v", h)
		}
	}
	if r := ts.do(req{Method: "GET", Path: "/api/v1/households?category=rich"}); r.Status != 400 {
		t.Errorf("bad category filter: %d", r.Status)
	}
}

func checkPagingWhileAdding(t *testing.T, ts *testServer) {
	commune := "31552" // a commune of Kế Sách
	before := ts.do(req{Method: "GET", Path: "/api/v1/households?limit=500&commune=" + commune})
	want := len(before.JSON["data"].([]any))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 20; i++ {
			ts.do(req{Method: "POST", Path: "/api/v1/households", Key: "auto", Body: map[string]any{"code": fmt.Sprintf("NEW-%d", i),
				"head_name": "Lâm Thị Mới", "commune": commune, "category": "near_poor", "members": 3}})
		}
	}()
	seen := map[string]bool{}
	path := "/api/v1/households?limit=7&commune=" + commune
	for {
		r := ts.do(req{Method: "GET", Path: path})
		for _, x := range r.JSON["data"].([]any) {
			code := x.(map[string]any)["code"].(string)
			if seen[code] {
				t.Fatalf("household %s repeated across pages", code)
			}
			seen[code] = true
		}
		next, _ := r.JSON["next_cursor"].(string)
		if next == "" {
			break
		}
		path = "/api/v1/households?limit=7&commune=" + commune + "&cursor=" + next
	}
	wg.Wait()
	for _, x := range before.JSON["data"].([]any) {
		if code := x.(map[string]any)["code"].(string); !seen[code] {
			t.Errorf("household %s skipped while paging", code)
		}
	}
	if len(seen) < want {
		t.Errorf("paging saw %d households, want at least %d", len(seen), want)
	}
}

// importFile builds an XLSX like a commune's: a title, the header on row
// 3, then rows.
func importFile(t *testing.T, rows [][]any, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "DANH SÁCH HỘ NGHÈO NĂM 2021")
	f.SetSheetRow("Sheet1", "A3", &[]any{"Mã hộ", "Họ tên chủ hộ", "Số CCCD", "Số điện thoại", "Huyện", "Xã/Phường", "Ấp/Khóm", "Phân loại", "Số nhân khẩu", "Ghi chú"})
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	if edit != nil {
		edit(f)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (ts *testServer) upload(path, name string, file []byte, token string) response {
	ts.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, _ := w.CreateFormFile("file", name)
	part.Write(file)
	w.Close()
	return ts.do(req{Method: "POST", Path: path, Key: "auto", Token: token, Body: body.Bytes(), ContentType: w.FormDataContentType()})
}

// TestImportReportsEveryBadRow: 50 bad rows of different kinds are all
// reported by one dry run, and applying the file changes nothing.
func TestImportReportsEveryBadRow(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		// One household already registered, to collide with.
		if r := ts.do(req{Method: "POST", Path: "/api/v1/households", Key: "auto", Body: map[string]any{"code": "KS-0001", "head_name": "Thạch Sa Phol",
			"national_id": "094081999999", "commune": "Xã Kế An", "category": "poor", "members": 4}}); r.Status != 201 {
			t.Fatalf("register: %d %s", r.Status, r.Body)
		}
		good := func(i int) []any {
			return []any{fmt.Sprintf("IMP-%03d", i), "Nguyễn Văn Tư", fmt.Sprintf("0940810%05d", i), "0912345678", "Kế Sách", "Xã Kế An", "Ấp Kế Đức", "Cận nghèo", 4, ""}
		}
		kinds := []func(r []any) []any{
			func(r []any) []any { r[5] = "Xã Không Có"; return r },  // unknown commune
			func(r []any) []any { r[7] = "Khá giả"; return r },      // category outside the list
			func(r []any) []any { r[0] = "KS-0001"; return r },      // code already registered
			func(r []any) []any { r[2] = "094081999999"; return r }, // ID number of another household
			func(r []any) []any { r[2] = "12345"; return r },        // malformed ID number
			func(r []any) []any { r[3] = "12-34"; return r },        // malformed phone
			func(r []any) []any { r[1] = ""; return r },             // no head name
			func(r []any) []any { r[8] = 0; return r },              // no members
			func(r []any) []any { r[8] = "bốn"; return r },          // members not a number
			func(r []any) []any { r[0] = "IMP-000"; return r },      // duplicate of row 4's code in the file
		}
		var rows [][]any
		var badLines []int
		formulaLine, mergeLines := 0, []int{}
		for i := 0; i < 100; i++ {
			r := good(i)
			line := i + 4
			if i > 0 && i%2 == 0 && len(badLines) < 47 {
				r = kinds[len(badLines)%len(kinds)](r)
				badLines = append(badLines, line)
			}
			rows = append(rows, r)
		}
		// Three more of kinds only a spreadsheet has: a formula and two merged rows.
		formulaLine = 4 + 99
		mergeLines = []int{4 + 95, 4 + 97}
		badLines = append(badLines, mergeLines[0], mergeLines[0]+1, formulaLine)
		file := importFile(t, rows, func(f *excelize.File) {
			f.SetCellFormula("Sheet1", fmt.Sprintf("I%d", formulaLine), "=2+2")
			f.MergeCell("Sheet1", fmt.Sprintf("G%d", mergeLines[0]), fmt.Sprintf("G%d", mergeLines[0]+1))
		})
		r := ts.upload("/api/v1/households/import?dry_run=true", "ke-an.xlsx", file, "")
		if r.Status != 200 {
			t.Fatalf("dry run: %d %s", r.Status, r.Body)
		}
		if r.JSON["header_line"].(float64) != 3 || r.JSON["rows"].(float64) != 100 {
			t.Errorf("header/rows: %s", r.Body)
		}
		gotLines := map[int]bool{}
		for _, p := range r.JSON["problems"].([]any) {
			gotLines[int(p.(map[string]any)["line"].(float64))] = true
		}
		for _, l := range badLines {
			if !gotLines[l] {
				t.Errorf("bad row %d not reported", l)
			}
		}
		if int(r.JSON["invalid"].(float64)) != len(gotLines) || len(gotLines) != 50 {
			t.Errorf("%v rows reported invalid (lines %d), want 50: %s", r.JSON["invalid"], len(gotLines), r.Body)
		}
		apply := ts.upload("/api/v1/households/import", "ke-an.xlsx", file, "")
		if apply.Status != 400 || apply.problem().Type != ProblemTypePrefix+"import-invalid" || len(apply.problem().Errors) < 50 {
			t.Errorf("apply with bad rows: %d %.500s", apply.Status, apply.Body)
		}
		if n, _ := ts.srv.Households.Count(context.Background()); n != 1 {
			t.Errorf("the failed import changed the registry: %d households", n)
		}
		// Fixed, the same rows import whole.
		var fixed [][]any
		for i := 0; i < 100; i++ {
			fixed = append(fixed, good(i))
		}
		ok := ts.upload("/api/v1/households/import", "ke-an.xlsx", importFile(t, fixed, nil), "")
		if ok.Status != 200 || ok.JSON["created"].(float64) != 100 {
			t.Fatalf("clean import: %d %s", ok.Status, ok.Body)
		}
		again := ts.upload("/api/v1/households/import", "ke-an.xlsx", importFile(t, fixed, nil), "")
		if again.Status != 400 {
			t.Errorf("importing the same file twice: %d", again.Status)
		}
	})
}

func TestImportBadFiles(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ts := newTestServer(t, db)
	for name, tc := range map[string]struct {
		file, body string
		status     int
	}{
		"garbage xlsx":   {"list.xlsx", "not a spreadsheet at all", 400},
		"pdf":            {"list.pdf", "%PDF-1.4", 400},
		"empty csv":      {"list.csv", "", 400},
		"no header":      {"list.csv", "1,2,3\n4,5,6\n", 400},
		"missing column": {"list.csv", "Mã hộ,Họ tên chủ hộ,Xã/Phường\nA1,Lý Thị Út,Xã Kế An\n", 400},
	} {
		t.Run(name, func(t *testing.T) {
			r := ts.upload("/api/v1/households/import?dry_run=true", tc.file, []byte(tc.body), "")
			if r.Status != tc.status {
				t.Errorf("%d %s", r.Status, r.Body)
			}
		})
	}
	csv := "\ufeffMã hộ;Họ tên chủ hộ;Xã/Phường;Huyện;Phân loại;Số nhân khẩu\nC-1;Trần Thị Bé;Xã Kế An;Kế Sách;Nghèo;3\n"
	r := ts.do(req{Method: "POST", Path: "/api/v1/households/import", Key: "auto", Body: csv, ContentType: "text/csv"})
	if r.Status != 200 || r.JSON["created"].(float64) != 1 {
		t.Errorf("raw CSV upload: %d %s", r.Status, r.Body)
	}
}

func TestHouseholdMaskingScopeAndHistory(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		create := func(code, commune string) int64 {
			r := ts.do(req{Method: "POST", Path: "/api/v1/households", Key: "auto", Body: map[string]any{"code": code, "head_name": "Sơn Thị Sóc Khum",
				"national_id": "094185000" + code[len(code)-3:], "phone": "0912345678", "commune": commune, "category": "poor", "members": 5, "flags": []string{"ethnic_minority"}}})
			if r.Status != 201 {
				t.Fatalf("create %s: %d %s", code, r.Status, r.Body)
			}
			return int64(r.JSON["id"].(float64))
		}
		keSachID := create("KS-101", "Xã Kế An")  // Kế Sách (943)
		myTuID := create("MT-102", "Xã Mỹ Hương") // Mỹ Tú (944)
		keSach := ts.userToken(access.DistrictOfficer, "943")
		officer := ts.userToken(access.FundOfficer, "")

		full := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/households/%d", keSachID), Token: keSach})
		if full.JSON["national_id"] != "094185000101" || full.JSON["phone"] != "0912345678" {
			t.Errorf("district officer should see the full numbers: %s", full.Body)
		}
		masked := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/households/%d", keSachID), Token: officer})
		if masked.JSON["national_id"] != "0941******01" || masked.JSON["phone"] != "0912****78" {
			t.Errorf("fund officer should see masked numbers: %s", masked.Body)
		}
		list := ts.do(req{Method: "GET", Path: "/api/v1/households?limit=500", Token: officer})
		if strings.Contains(string(list.Body), "094185000101") || strings.Contains(string(list.Body), "0912345678") {
			t.Errorf("a list shows unmasked numbers to a fund officer")
		}

		// Kế Sách's officer cannot reach Mỹ Tú's household by any route or filter.
		for _, r := range []req{
			{Method: "GET", Path: fmt.Sprintf("/api/v1/households/%d", myTuID)},
			{Method: "GET", Path: fmt.Sprintf("/api/v1/households/%d/history", myTuID)},
			{Method: "PATCH", Path: fmt.Sprintf("/api/v1/households/%d", myTuID), Body: map[string]any{"members": 6}},
		} {
			r.Token = keSach
			if resp := ts.do(r); resp.Status != 404 {
				t.Errorf("%s %s as Kế Sách's officer: %d, want 404", r.Method, r.Path, resp.Status)
			}
		}
		for _, q := range []string{"", "?district=944", "?commune=31579", "?q=mt-102", "?q=son+thi"} {
			r := ts.do(req{Method: "GET", Path: "/api/v1/households" + q, Token: keSach})
			if strings.Contains(string(r.Body), "MT-102") {
				t.Errorf("list%s shows Mỹ Tú's household to Kế Sách's officer", q)
			}
		}
		sum := ts.do(req{Method: "GET", Path: "/api/v1/households/summary", Token: keSach})
		if sum.JSON["total"].(float64) != 1 {
			t.Errorf("summary for Kế Sách's officer: %s", sum.Body)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/households", Key: "auto", Token: keSach, Body: map[string]any{"code": "MT-9", "head_name": "x",
			"commune": "Xã Mỹ Hương", "category": "poor", "members": 1}}); r.Status != 400 {
			t.Errorf("Kế Sách's officer registering in Mỹ Tú: %d", r.Status)
		}
		rows := importFile(t, [][]any{{"MT-7", "Danh Thị Sa Rát", "", "", "Mỹ Tú", "Xã Mỹ Hương", "", "Nghèo", 2, ""}}, nil)
		if r := ts.upload("/api/v1/households/import?dry_run=true", "x.xlsx", rows, keSach); r.JSON["invalid"].(float64) != 1 {
			t.Errorf("Kế Sách's officer importing a Mỹ Tú row: %s", r.Body)
		}

		// Changes keep their history with who and when.
		p := ts.do(req{Method: "PATCH", Path: fmt.Sprintf("/api/v1/households/%d", keSachID), Token: keSach,
			Body: map[string]any{"category": "near_poor", "members": 6, "version": 1, "reason": "rà soát cuối năm"}})
		if p.Status != 200 || p.JSON["version"].(float64) != 2 {
			t.Fatalf("patch: %d %s", p.Status, p.Body)
		}
		stale := ts.do(req{Method: "PATCH", Path: fmt.Sprintf("/api/v1/households/%d", keSachID), Body: map[string]any{"members": 7, "version": 1}})
		if stale.Status != 409 {
			t.Errorf("stale version: %d", stale.Status)
		}
		h := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/households/%d/history", keSachID)})
		changes := h.JSON["data"].([]any)
		if len(changes) != 1 {
			t.Fatalf("history: %s", h.Body)
		}
		ch := changes[0].(map[string]any)
		fields := ch["fields"].(map[string]any)
		if fields["category"].(map[string]any)["from"] != "poor" || fields["members"].(map[string]any)["to"] != "6" || ch["reason"] != "rà soát cuối năm" {
			t.Errorf("history entry: %v", ch)
		}
		if bad := ts.do(req{Method: "PATCH", Path: fmt.Sprintf("/api/v1/households/%d", keSachID), Body: map[string]any{"status": "rich", "members": 0}}); bad.Status != 400 || len(bad.problem().Errors) != 2 {
			t.Errorf("bad patch: %d %s", bad.Status, bad.Body)
		}
		if dup := ts.do(req{Method: "POST", Path: "/api/v1/households", Key: "auto", Body: map[string]any{"code": "KS-101", "head_name": "x",
			"commune": "Xã Kế An", "category": "poor", "members": 1}}); dup.Status != 409 {
			t.Errorf("duplicate code: %d", dup.Status)
		}
	})
}

func TestRegions(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ts := newTestServer(t, db)
	r := ts.do(req{Method: "GET", Path: "/api/v1/regions"})
	province := r.JSON["units"].([]any)[0].(map[string]any)
	districts := province["children"].([]any)
	communes := 0
	for _, d := range districts {
		communes += len(d.(map[string]any)["children"].([]any))
	}
	if province["name"] != "Sóc Trăng" || len(districts) != 11 || communes != 109 {
		t.Errorf("2021 tree: %v, %d districts, %d communes", province["name"], len(districts), communes)
	}
	two := ts.do(req{Method: "GET", Path: "/api/v1/regions?scheme=2025"})
	city := two.JSON["units"].([]any)[0].(map[string]any)
	if city["name"] != "Cần Thơ" || city["children"].([]any)[0].(map[string]any)["level"].(float64) != 2 {
		t.Errorf("2025 two-level tree: %s", two.Body)
	}
	tree := ts.srv.Households.Tree()
	if got := tree.Successor("31552", "2025-07-01"); got == "31552" {
		t.Logf("Kế An (31552) has no 2025 successor in the sample mapping")
	}
	if got := tree.Successor("31522", "2025-07-01"); got != "CT25-01" {
		t.Errorf("Phường 9 of Sóc Trăng city maps to %s on 2025-07-01, want CT25-01 (via Phường 1 in 2024)", got)
	}
	if got := tree.Successor("31522", "2021-07-20"); got != "31522" {
		t.Errorf("in 2021 Phường 9 was itself, got %s", got)
	}
	if r := ts.do(req{Method: "GET", Path: "/api/v1/regions?scheme=1975"}); r.Status != 404 {
		t.Errorf("unknown scheme: %d", r.Status)
	}
	if r := ts.do(req{Method: "GET", Path: "/api/v1/households/summary"}); r.Status != http.StatusOK {
		t.Errorf("summary on an empty registry: %d", r.Status)
	}
}
