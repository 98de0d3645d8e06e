package exports

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"reliefledger/ledger"
)

// xlOpen checks that every part of the zip is well-formed XML and opens the
// workbook with excelize, as an independent reader.
func xlOpen(t *testing.T, data []byte) (*excelize.File, map[string]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := make(map[string]string)
	for _, f := range zr.File {
		if f.Method != zip.Deflate {
			t.Errorf("%s: method %d, want Deflate", f.Name, f.Method)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		dec := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
		parts[f.Name] = string(body)
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("part %s missing", name)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, parts
}

// xlCheck compares cells, formatted or raw, with what they must read as.
func xlCheck(t *testing.T, f *excelize.File, sheet string, want map[string]string, opts ...excelize.Options) {
	t.Helper()
	for cell, w := range want {
		got, err := f.GetCellValue(sheet, cell, opts...)
		if err != nil || got != w {
			t.Errorf("%s!%s = %q (%v), want %q", sheet, cell, got, err, w)
		}
	}
}

func xlDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestXLSXWorkbook(t *testing.T) {
	var buf bytes.Buffer
	wb := NewWorkbook(&buf)
	cover, err := wb.Sheet("Thông tin", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := cover.Cell("Báo cáo", "Sổ nhật ký"); err != nil {
		t.Fatal(err)
	}
	if err := cover.Cell("Số dòng", 4, decimal.NewFromInt(1500000)); err != nil {
		t.Fatal(err)
	}
	cols := []Col{
		{Title: "Ngày", Width: 12, Kind: Date},
		{Title: "Số CT", Width: 9.5, Kind: Integer},
		{Title: "Diễn giải", Width: 40, Kind: Text},
		{Title: "Số tiền", Width: 18, Kind: Dong},
		{Title: "Số lượng", Width: 14, Kind: Decimal},
		{Title: "Tỷ lệ", Width: 8, Kind: Percent},
		{Title: "Lập lúc", Width: 20, Kind: Text},
		{Title: "Ghi chú", Kind: Text},
	}
	s, err := wb.Sheet("Nhật ký: 01/2024", cols)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 1, 15, 10, 30, 5, 0, time.UTC) // 17:30:05 in Hà Nội
	rows := [][]any{
		{ledger.NewDate(2024, 1, 15), 1, `=HYPERLINK("http://x","y")`, xlDec("1500000"), xlDec("12.345"), 87.5, at, "Nguyễn Văn Á"},
		{ledger.Date{}, int64(2), "+1", decimal.NullDecimal{Decimal: xlDec("2500000"), Valid: true}, decimal.NullDecimal{}, nil, time.Time{}, "a\x01b"},
		{ledger.NewDate(1900, 1, 1), 3, "-2", xlDec("-250000"), xlDec("1500000"), 100, nil, "@x"},
		{ledger.NewDate(2024, 12, 31), 4, "<a & b>\r\n_x0041_", Formula{Expr: "D2*2", Value: xlDec("3000000")}, "12.5", true, nil, "x\uFFFEy\x00"},
	}
	for _, r := range rows {
		if err := s.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if s.Rows() != 4 || cover.Rows() != 2 {
		t.Errorf("Rows() = %d and %d, want 4 and 2", s.Rows(), cover.Rows())
	}
	if err := s.Total("Cộng", map[int]decimal.Decimal{3: xlDec("6750000"), 4: xlDec("1500012.345")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Row("after total"); err == nil {
		t.Error("a row after the total was accepted")
	}
	if err := s.Row(1, 2, 3, 4, 5, 6, 7, 8, 9); err == nil {
		t.Error("more values than columns were accepted")
	}
	other, err := wb.Sheet("Nhật ký: 01/2024", []Col{{Title: "A"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Row(struct{}{}); err == nil {
		t.Error("a struct value was accepted")
	}
	if err := s.Row("late"); err == nil {
		t.Error("a row on a finished sheet was accepted")
	}
	if err := wb.Close(); err != nil {
		t.Fatal(err)
	}

	f, parts := xlOpen(t, buf.Bytes())
	const journal = "Nhật ký_ 01_2024"
	if got, want := strings.Join(f.GetSheetList(), "|"), "Thông tin|"+journal+"|"+journal+" (2)"; got != want {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	xlCheck(t, f, "Thông tin", map[string]string{"A1": "Báo cáo", "B1": "Sổ nhật ký", "B2": "4", "C2": "1500000"})
	xlCheck(t, f, journal, map[string]string{
		"A1": "Ngày", "H1": "Ghi chú",
		"A2": "2024-01-15", "B2": "1", "C2": `=HYPERLINK("http://x","y")`, "D2": "1,500,000", "E2": "12.345", "F2": "87.50", "G2": "2024-01-15 17:30:05", "H2": "Nguyễn Văn Á",
		"A3": "", "B3": "2", "C3": "+1", "D3": "2,500,000", "E3": "", "F3": "", "G3": "", "H3": "ab",
		"A4": "1900-01-01", "C4": "-2", "D4": "-250,000", "E4": "1,500,000", "F4": "100.00", "H4": "@x",
		"A5": "2024-12-31", "C5": "<a & b>\r\n_x0041_", "D5": "3,000,000", "E5": "12.5", "F5": "TRUE", "H5": "xy",
		"A6": "Cộng", "D6": "6,750,000", "E6": "1,500,012.345",
	})
	xlCheck(t, f, journal, map[string]string{
		"A2": "45306", "A4": "1", "A5": "45657", "D2": "1500000", "E2": "12.345", "D6": "6750000",
	}, excelize.Options{RawCellValue: true})
	if raw, _ := f.GetCellValue(journal, "G2", excelize.Options{RawCellValue: true}); !strings.HasPrefix(raw, "45306.729224537") { // 17:30:05 is 63005/86400 of a day
		t.Errorf("G2 raw %q, want 45306.729224537…", raw)
	}
	for cell, want := range map[string]excelize.CellType{"A2": excelize.CellTypeUnset, "C2": excelize.CellTypeInlineString, "C3": excelize.CellTypeInlineString, "D3": excelize.CellTypeUnset, "F5": excelize.CellTypeBool} {
		if got, err := f.GetCellType(journal, cell); err != nil || got != want {
			t.Errorf("type of %s = %v (%v), want %v", cell, got, err, want)
		}
	}
	for cell, want := range map[string]string{"C2": "", "C3": "", "D5": "D2*2", "D6": "SUM(D2:D5)", "E6": "SUM(E2:E5)", "A6": ""} {
		if got, err := f.GetCellFormula(journal, cell); err != nil || got != want {
			t.Errorf("formula of %s = %q (%v), want %q", cell, got, err, want)
		}
	}
	if got, err := f.CalcCellValue(journal, "D6", excelize.Options{RawCellValue: true}); err != nil || got != "6750000" {
		t.Errorf("D6 recalculates to %q (%v)", got, err)
	}

	panes, err := f.GetPanes(journal)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v (%v), want frozen below row 1", panes, err)
	}
	if panes, _ := f.GetPanes("Thông tin"); panes.Freeze {
		t.Error("the cover sheet has a frozen pane")
	}
	for col, want := range map[string]float64{"A": 12, "B": 9.5, "C": 40, "G": 20} {
		if got, err := f.GetColWidth(journal, col); err != nil || got != want {
			t.Errorf("width of %s = %v (%v), want %v", col, got, err, want)
		}
	}
	if !strings.Contains(parts["xl/worksheets/sheet2.xml"], `</sheetData><autoFilter ref="A1:H5"/></worksheet>`) {
		t.Error("sheet 2 has no autofilter over A1:H5 after its data")
	}
	if strings.Contains(parts["xl/worksheets/sheet1.xml"], "autoFilter") {
		t.Error("the cover sheet has an autofilter")
	}
	filters := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters[dn.Scope] = dn.RefersTo
		}
	}
	if filters[journal] != "'"+journal+"'!$A$1:$H$5" || filters[journal+" (2)"] != "'"+journal+" (2)'!$A$1:$A$1" || len(filters) != 2 {
		t.Errorf("filter database names %v", filters)
	}

	style := func(cell string) *excelize.Style {
		id, err := f.GetCellStyle(journal, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if h := style("C1"); h.Font == nil || !h.Font.Bold || len(h.Fill.Color) == 0 || len(h.Border) == 0 {
		t.Errorf("header style %+v is not bold, filled and bordered", h)
	}
	if d := style("D2"); d.Font != nil && d.Font.Bold || d.NumFmt != 3 {
		t.Errorf("money style %+v, want #,##0 (3) not bold", d)
	}
	if q := style("E4"); q.NumFmt != 3 { // "#,##0.######" would show 1,500,000 with a stray point
		t.Errorf("whole quantity style %+v, want #,##0 (3)", q)
	}
	if q := style("E2"); q.CustomNumFmt == nil || *q.CustomNumFmt != "#,##0.######" {
		t.Errorf("quantity style %+v, want #,##0.######", q)
	}
	if d := style("A2"); d.CustomNumFmt == nil || *d.CustomNumFmt != "yyyy-mm-dd" {
		t.Errorf("date style %+v, want yyyy-mm-dd", d)
	}
	if tot := style("D6"); tot.Font == nil || !tot.Font.Bold || tot.NumFmt != 3 {
		t.Errorf("total style %+v, want bold #,##0", tot)
	}
	if a := style("A6"); a.Font == nil || !a.Font.Bold {
		t.Error("total label is not bold")
	}
}

func TestXLSXRowLimit(t *testing.T) {
	defer func(n int) { MaxRows = n }(MaxRows)
	MaxRows = 5
	for _, n := range []int{11, 12, 4, 0} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var buf bytes.Buffer
			wb := NewWorkbook(&buf)
			s, err := wb.Sheet("X", []Col{{Title: "Tên", Width: 20}, {Title: "Số tiền", Width: 15, Kind: Dong}})
			if err != nil {
				t.Fatal(err)
			}
			sum := decimal.Zero
			for i := 1; i <= n; i++ {
				v := decimal.NewFromInt(int64(i) * 1000)
				sum = sum.Add(v)
				if err := s.Row("dòng "+strconv.Itoa(i), v); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Total("Cộng", map[int]decimal.Decimal{1: sum}); err != nil {
				t.Fatal(err)
			}
			if s.Rows() != n {
				t.Errorf("Rows() = %d, want %d", s.Rows(), n)
			}
			if err := wb.Close(); err != nil {
				t.Fatal(err)
			}
			f, _ := xlOpen(t, buf.Bytes())
			sheets := f.GetSheetList()
			want := map[int]string{11: "X|X (2)|X (3)", 12: "X|X (2)|X (3)|X (4)", 4: "X|X (2)", 0: "X"}[n]
			if strings.Join(sheets, "|") != want {
				t.Fatalf("sheets %q, want %s", sheets, want)
			}
			i := 0
			for _, name := range sheets {
				xlCheck(t, f, name, map[string]string{"A1": "Tên", "B1": "Số tiền"})
				if w, _ := f.GetColWidth(name, "A"); w != 20 {
					t.Errorf("%s: width %v", name, w)
				}
				if p, _ := f.GetPanes(name); !p.Freeze || p.YSplit != 1 {
					t.Errorf("%s: pane %+v", name, p)
				}
				for r := 2; r <= 5 && i < n; r++ {
					i++
					xlCheck(t, f, name, map[string]string{"A" + strconv.Itoa(r): "dòng " + strconv.Itoa(i), "B" + strconv.Itoa(r): strconv.Itoa(i * 1000)}, excelize.Options{RawCellValue: true})
				}
			}
			if i != n {
				t.Errorf("read back %d rows, want %d", i, n)
			}
			last := sheets[len(sheets)-1]
			totalRow := map[int]string{11: "5", 12: "2", 4: "2", 0: "2"}[n]
			wantFormula := map[int]string{
				11: "SUM('X'!B2:B5,'X (2)'!B2:B5,'X (3)'!B2:B4)",
				12: "SUM('X'!B2:B5,'X (2)'!B2:B5,'X (3)'!B2:B5)",
				4:  "SUM('X'!B2:B5)", // the total alone on a continuation
				0:  "SUM(B1:B1)",
			}[n]
			if got, _ := f.GetCellFormula(last, "B"+totalRow); got != wantFormula {
				t.Errorf("total formula %q, want %q", got, wantFormula)
			}
			xlCheck(t, f, last, map[string]string{"A" + totalRow: "Cộng", "B" + totalRow: sum.String()}, excelize.Options{RawCellValue: true})
			if got, err := f.CalcCellValue(last, "B"+totalRow, excelize.Options{RawCellValue: true}); err != nil || got != sum.String() {
				t.Errorf("total recalculates to %q (%v), want %s", got, err, sum)
			}
		})
	}
}

var errXLTestGone = errors.New("client went away")

// xlFailWriter accepts n bytes, then fails like a closed connection.
type xlFailWriter struct{ n int }

func (w *xlFailWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, errXLTestGone
	}
	w.n -= len(p)
	return len(p), nil
}

func TestXLSXWriteError(t *testing.T) {
	for _, n := range []int{0, 100, 5000, 200_000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			wb := NewWorkbook(&xlFailWriter{n: n})
			s, err := wb.Sheet("S", []Col{{Title: "a"}, {Title: "b", Kind: Dong}})
			if err == nil {
				for i := 0; i < 1_000_000 && err == nil; i++ {
					err = s.Row("row "+strconv.Itoa(i)+strings.Repeat("x", i%50), int64(i))
				}
				if !errors.Is(err, errXLTestGone) {
					t.Fatalf("Row returned %v, want the write error", err)
				}
				if err := s.Row("again", 1); !errors.Is(err, errXLTestGone) {
					t.Errorf("Row after the failure returned %v", err)
				}
				if err := s.Total("t", map[int]decimal.Decimal{1: decimal.Zero}); !errors.Is(err, errXLTestGone) {
					t.Errorf("Total after the failure returned %v", err)
				}
			} else if !errors.Is(err, errXLTestGone) {
				t.Fatalf("Sheet returned %v", err)
			}
			if _, err := wb.Sheet("T", nil); !errors.Is(err, errXLTestGone) {
				t.Errorf("Sheet after the failure returned %v", err)
			}
			if err := wb.Close(); !errors.Is(err, errXLTestGone) {
				t.Errorf("Close returned %v, want the write error", err)
			}
			if err := wb.Close(); !errors.Is(err, errXLTestGone) {
				t.Errorf("second Close returned %v", err)
			}
		})
	}
	if err := NewWorkbook(io.Discard).Close(); err == nil {
		t.Error("a workbook without sheets closed without error")
	}
}

type xlCountWriter struct{ n int64 }

func (w *xlCountWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

func TestXLSXStreams(t *testing.T) {
	var out xlCountWriter
	wb := NewWorkbook(&out)
	if out.n != 0 {
		t.Fatal("NewWorkbook wrote before the first sheet")
	}
	s, err := wb.Sheet("Nhật ký", xlBenchCols)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]any, len(xlBenchCols))
	for i := range 50_000 {
		if err := s.Row(xlBenchRow(row, i)...); err != nil {
			t.Fatal(err)
		}
	}
	before := out.n
	if err := wb.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bytes before Close, %d in all", before, out.n)
	if before == 0 || before < out.n*3/4 {
		t.Errorf("only %d of %d bytes reached the writer before Close", before, out.n)
	}
}

func TestXLSXHelpers(t *testing.T) {
	for in, want := range map[string]string{
		"Nhật ký":               "Nhật ký",
		"a[b]c:d*e?f/g\\h":      "a_b_c_d_e_f_g_h",
		"'quoted'":              "quoted",
		"":                      "Sheet",
		"history":               "history_",
		strings.Repeat("ệ", 40): strings.Repeat("ệ", 31),
		"x\x00y":                "xy",
	} {
		if got := xlSheetName(in); got != want {
			t.Errorf("xlSheetName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := xlSuffixed(strings.Repeat("a", 31), 12); got != strings.Repeat("a", 26)+" (12)" {
		t.Errorf("xlSuffixed = %q", got)
	}
	wb := NewWorkbook(io.Discard)
	if a, b, c := wb.unique("Sổ"), wb.unique("sổ"), wb.unique("Sổ"); a != "Sổ" || b != "sổ (2)" || c != "Sổ (3)" {
		t.Errorf("unique names %q %q %q", a, b, c)
	}
	for in, want := range map[string]string{
		"0": "0", "1500000": "1500000", "12.345": "12.345", "-0.05": "-0.05", "-12.500": "-12.5", "0.000": "0",
		"1e3": "1000", "-7e-20": "-0.00000000000000000007", "123456789012345678901234.5000": "123456789012345678901234.5",
		"0.000001": "0.000001", "999999999999999999": "999999999999999999",
	} {
		if got, _ := xlAppendDecimal(nil, xlDec(in)); string(got) != want {
			t.Errorf("decimal %s written %s, want %s", in, got, want)
		}
	}
	long := strings.Repeat("ab", 20000)
	if got := xlAppendText(nil, long, xlMaxChars); len(got) != xlMaxChars {
		t.Errorf("text capped at %d characters, want %d", len(got), xlMaxChars)
	}
	if got := string(xlAppendText(nil, "😀😀", 3)); got != "😀" {
		t.Errorf("cap counts UTF-16 units: %q", got)
	}
	if got := string(xlAppendText(nil, "a<\"\x0b\x1f\ufffe\xffb_x00e9_ _x", 100)); got != "a&lt;&quot;\uFFFDb_x005F_x00e9_ _x" {
		t.Errorf("escaped %q", got)
	}
}

var xlBenchCols = []Col{
	{Title: "Ngày", Width: 12, Kind: Date},
	{Title: "Số CT", Width: 10, Kind: Integer},
	{Title: "Tài khoản", Width: 12, Kind: Text},
	{Title: "Diễn giải", Width: 40, Kind: Text},
	{Title: "Nợ", Width: 18, Kind: Dong},
	{Title: "Có", Width: 18, Kind: Dong},
	{Title: "Số lượng", Width: 12, Kind: Decimal},
	{Title: "Lập lúc", Width: 20, Kind: Text},
}

var xlBenchStart = time.Date(2024, 1, 1, 8, 0, 0, 0, ledger.Location)

// xlBenchRow fills row with a journal posting as a handler would.
func xlBenchRow(row []any, i int) []any {
	row[0] = ledger.NewDate(2024, time.Month(1+i%12), 1+i%28)
	row[1] = int64(100000 + i)
	row[2] = "POOR:1111"
	row[3] = "Chi hỗ trợ hộ nghèo xã Tân Phú, đợt " + strconv.Itoa(i%100)
	row[4] = decimal.New(int64(1500000+i), 0)
	row[5] = decimal.NullDecimal{}
	row[6] = decimal.New(int64(12345+i%1000), -3)
	row[7] = xlBenchStart.Add(time.Duration(i) * time.Second)
	return row
}

// BenchmarkWorkbook writes b.N journal rows of 8 cells into one workbook;
// run with -benchtime=1000000x for the million-row export.
func BenchmarkWorkbook(b *testing.B) {
	var out xlCountWriter
	b.ReportAllocs()
	wb := NewWorkbook(&out)
	s, err := wb.Sheet("Nhật ký", xlBenchCols)
	if err != nil {
		b.Fatal(err)
	}
	row := make([]any, len(xlBenchCols))
	for i := 0; b.Loop(); i++ {
		if err := s.Row(xlBenchRow(row, i)...); err != nil {
			b.Fatal(err)
		}
	}
	if err := wb.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(out.n)/float64(b.N), "B/row")
}
