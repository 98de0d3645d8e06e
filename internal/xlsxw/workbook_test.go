package xlsxw

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// readBack checks that every part of the zip is well-formed XML and opens the
// workbook with excelize, as an independent reader.
func readBack(t *testing.T, data []byte) (*excelize.File, map[string]string) {
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

// checkCells compares cells, formatted or raw, with what they must read as.
func checkCells(t *testing.T, f *excelize.File, sheet string, want map[string]string, opts ...excelize.Options) {
	t.Helper()
	for cell, w := range want {
		got, err := f.GetCellValue(sheet, cell, opts...)
		if err != nil || got != w {
			t.Errorf("%s!%s = %q (%v), want %q", sheet, cell, got, err, w)
		}
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// ict is Hà Nội's zone, which the tests write times in.
var ict = time.FixedZone("ICT", 7*3600)

// date is a CalendarDate made as ledger.Date is, around a time.Time at
// midnight UTC; the zero date is unset.
type date struct{ t time.Time }

func day(y int, m time.Month, d int) date {
	if y == 0 && m == 0 && d == 0 {
		return date{}
	}
	return date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

func (d date) IsZero() bool                        { return d.t.IsZero() }
func (d date) Date() (y int, m time.Month, dd int) { return d.t.Date() }

func TestWorkbook(t *testing.T) {
	var buf bytes.Buffer
	wb := New(&buf, ict)
	if _, err := wb.Sheet("Trống", nil); err == nil {
		t.Error("a sheet without columns was accepted")
	}
	cover, err := wb.Sheet("Thông tin", []Col{{Title: "Báo cáo", Width: 28}, {Title: "Sổ nhật ký"}, {}})
	if err != nil {
		t.Fatal(err)
	}
	if err := cover.Row("Số dòng", 4, decimal.NewFromInt(1500000)); err != nil {
		t.Fatal(err)
	}
	cols := []Col{
		{Title: "Ngày", Width: 12, Kind: Date},
		{Title: "Số CT", Width: 9.5, Kind: Integer},
		{Title: "Diễn giải", Width: 40, Kind: Text},
		{Title: "Số tiền", Width: 18, Kind: Money},
		{Title: "Số lượng", Width: 14, Kind: Quantity, Decimals: 3},
		{Title: "Tỷ lệ", Width: 8, Kind: Percent, Decimals: 2},
		{Title: "Lập lúc", Width: 20, Kind: Text},
		{Title: "Ghi chú", Kind: Text},
	}
	s, err := wb.Sheet("Nhật ký: 01/2024", cols)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 1, 15, 10, 30, 5, 0, time.UTC) // 17:30:05 in Hà Nội
	rows := [][]any{
		{day(2024, 1, 15), 1, `=HYPERLINK("http://x","y")`, dec("1500000"), dec("12.345"), 87.5, at, "Nguyễn Văn Á"},
		{day(0, 0, 0), int64(2), "+1", decimal.NullDecimal{Decimal: dec("2500000"), Valid: true}, decimal.NullDecimal{}, nil, time.Time{}, "a\x01b"},
		{day(1900, 1, 1), 3, "-2", dec("-250000"), dec("1500000"), 100, nil, "@x"},
		{day(2024, 12, 31), 4, "<a & b>\r\n_x0041_", Formula{Expr: "D2*2", Value: dec("3000000")}, "12.5", true, nil, "x\uFFFEy\x00"},
	}
	for _, r := range rows {
		if err := s.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if s.Rows() != 4 || cover.Rows() != 1 {
		t.Errorf("Rows() = %d and %d, want 4 and 1", s.Rows(), cover.Rows())
	}
	if err := s.Total("Cộng", map[int]decimal.Decimal{3: dec("6750000"), 4: dec("1500012.345")}); err != nil {
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

	f, parts := readBack(t, buf.Bytes())
	const journal = "Nhật ký_ 01_2024"
	if got, want := strings.Join(f.GetSheetList(), "|"), "Thông tin|"+journal+"|"+journal+" (2)"; got != want {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	checkCells(t, f, "Thông tin", map[string]string{"A1": "Báo cáo", "B1": "Sổ nhật ký", "C1": "", "A2": "Số dòng", "B2": "4", "C2": "1500000"})
	checkCells(t, f, journal, map[string]string{
		"A1": "Ngày", "H1": "Ghi chú",
		"A2": "15/01/2024", "B2": "1", "C2": `=HYPERLINK("http://x","y")`, "D2": "1,500,000", "E2": "12.345", "F2": "87.50", "G2": "15/01/2024 17:30:05", "H2": "Nguyễn Văn Á",
		"A3": "", "B3": "2", "C3": "+1", "D3": "2,500,000", "E3": "", "F3": "", "G3": "", "H3": "ab",
		"A4": "01/01/1900", "C4": "-2", "D4": "-250,000", "E4": "1,500,000.000", "F4": "100.00", "H4": "@x",
		"A5": "31/12/2024", "C5": "<a & b>\r\n_x0041_", "D5": "3,000,000", "E5": "12.5", "F5": "TRUE", "H5": "xy",
		"A6": "Cộng", "D6": "6,750,000", "E6": "1,500,012.345",
	})
	checkCells(t, f, journal, map[string]string{
		"A2": "45306", "A4": "1", "A5": "45657", "D2": "1500000", "E2": "12.345", "D6": "6750000",
	}, excelize.Options{RawCellValue: true})
	if raw, _ := f.GetCellValue(journal, "G2", excelize.Options{RawCellValue: true}); !strings.HasPrefix(raw, "45306.729224537") { // 17:30:05 is 63005/86400 of a day
		t.Errorf("G2 raw %q, want 45306.729224537…", raw)
	}
	for cell, want := range map[string]excelize.CellType{"A2": excelize.CellTypeUnset, "C2": excelize.CellTypeInlineString, "C3": excelize.CellTypeInlineString, "D3": excelize.CellTypeUnset, "F5": excelize.CellTypeBool, "E3": excelize.CellTypeUnset} {
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
	for col, want := range map[string]float64{"A": 12, "B": 9.5, "C": 40, "G": 20} {
		if got, err := f.GetColWidth(journal, col); err != nil || got != want {
			t.Errorf("width of %s = %v (%v), want %v", col, got, err, want)
		}
	}
	if !strings.Contains(parts["xl/worksheets/sheet2.xml"], `</sheetData><autoFilter ref="A1:H5"/><printOptions`) {
		t.Error("sheet 2 has no autofilter over A1:H5 after its data")
	}
	if !regexp.MustCompile(`<c r="C1" s="[1-9][0-9]*"/></row>`).MatchString(parts["xl/worksheets/sheet1.xml"]) {
		t.Error("the untitled header cell C1 is not an empty styled cell")
	}
	filters := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters[dn.Scope] = dn.RefersTo
		}
	}
	if filters[journal] != "'"+journal+"'!$A$1:$H$5" || filters[journal+" (2)"] != "'"+journal+" (2)'!$A$1:$A$1" ||
		filters["Thông tin"] != "'Thông tin'!$A$1:$C$2" || len(filters) != 3 {
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
	for _, cell := range []string{"E2", "E4"} { // the same decimals for every value of the column
		if q := style(cell); q.CustomNumFmt == nil || *q.CustomNumFmt != "#,##0.000" {
			t.Errorf("quantity style of %s %+v, want #,##0.000", cell, q)
		}
	}
	if d := style("A2"); d.CustomNumFmt == nil || *d.CustomNumFmt != "dd/mm/yyyy" {
		t.Errorf("date style %+v, want dd/mm/yyyy", d)
	}
	if h := style("D1"); h.Alignment == nil || h.Alignment.Horizontal != "right" {
		t.Errorf("header over numbers %+v, want aligned right", h.Alignment)
	}
	if h := style("C1"); h.Alignment == nil || h.Alignment.Horizontal != "left" || !h.Alignment.WrapText {
		t.Errorf("header over text %+v, want aligned left and wrapped", h.Alignment)
	}
	if tot := style("D6"); tot.Font == nil || !tot.Font.Bold || tot.NumFmt != 3 {
		t.Errorf("total style %+v, want bold #,##0", tot)
	}
	if a := style("A6"); a.Font == nil || !a.Font.Bold {
		t.Error("total label is not bold")
	}
}
