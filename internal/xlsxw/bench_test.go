package xlsxw

// The benchmarks behind the package comment's claim: the same journal rows
// written by this writer and by excelize's StreamWriter, each to a byte
// counter, from the first row to the last byte of the zip. Run
//
//	go test ./internal/xlsxw -run x -bench . -benchtime 1000000x -benchmem
//
// for a million rows: ns/op and B/op are then per row, the whole workbook
// included.

import (
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

var benchCols = []Col{
	{Title: "Ngày", Width: 12, Kind: Date},
	{Title: "Số CT", Width: 10, Kind: Integer},
	{Title: "Tài khoản", Width: 12, Kind: Text},
	{Title: "Diễn giải", Width: 40, Kind: Text},
	{Title: "Nợ", Width: 18, Kind: Money},
	{Title: "Có", Width: 18, Kind: Money},
	{Title: "Số lượng", Width: 12, Kind: Quantity, Decimals: 3},
	{Title: "Lập lúc", Width: 20, Kind: Text},
}

var benchStart = time.Date(2024, 1, 1, 8, 0, 0, 0, ict)

// benchRow fills row with a journal posting as a handler would.
func benchRow(row []any, i int) []any {
	row[0] = day(2024, time.Month(1+i%12), 1+i%28)
	row[1] = int64(100000 + i)
	row[2] = "POOR:1111"
	row[3] = "Chi hỗ trợ hộ nghèo xã Tân Phú, đợt " + strconv.Itoa(i%100)
	row[4] = decimal.New(int64(1500000+i), 0)
	row[5] = decimal.NullDecimal{}
	row[6] = decimal.New(int64(12345+i%1000), -3)
	row[7] = benchStart.Add(time.Duration(i) * time.Second)
	return row
}

// BenchmarkWorkbook writes b.N journal rows of 8 cells into one workbook
// and closes it.
func BenchmarkWorkbook(b *testing.B) {
	var out countWriter
	b.ReportAllocs()
	wb := New(&out, ict)
	s, err := wb.Sheet("Nhật ký", benchCols)
	if err != nil {
		b.Fatal(err)
	}
	row := make([]any, len(benchCols))
	for i := range b.N {
		if err := s.Row(benchRow(row, i)...); err != nil {
			b.Fatal(err)
		}
	}
	if err := wb.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(out.n)/float64(b.N), "B/row")
}

// BenchmarkExcelizeStreamWriter writes the rows of BenchmarkWorkbook with
// excelize's StreamWriter: same widths, frozen styled header and number
// formats (no autofilter, which excelize cannot add to a streamed sheet
// without reading it back). Its values are given as excelize takes them
// (float64 amounts, time.Time dates), so the comparison leaves excelize
// no conversion to pay for. Nothing reaches the writer before WriteTo.
func BenchmarkExcelizeStreamWriter(b *testing.B) {
	var out countWriter
	b.ReportAllocs()
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Nhật ký"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		b.Fatal(err)
	}
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		if err != nil {
			b.Fatal(err)
		}
		return id
	}
	custom := func(code string) *excelize.Style { return &excelize.Style{CustomNumFmt: &code} }
	header := style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}})
	dateSt, intSt, moneySt := style(custom("yyyy-mm-dd")), style(&excelize.Style{NumFmt: 1}), style(&excelize.Style{NumFmt: 3})
	qtySt, timeSt := style(custom("#,##0.######")), style(custom("yyyy-mm-dd hh:mm:ss"))

	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		b.Fatal(err)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		b.Fatal(err)
	}
	titles := make([]any, len(benchCols))
	for i, c := range benchCols {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			b.Fatal(err)
		}
		titles[i] = excelize.Cell{StyleID: header, Value: c.Title}
	}
	if err := sw.SetRow("A1", titles); err != nil {
		b.Fatal(err)
	}
	row := make([]any, len(benchCols))
	for i := range b.N {
		t := benchStart.Add(time.Duration(i) * time.Second)
		row[0] = excelize.Cell{StyleID: dateSt, Value: time.Date(2024, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)}
		row[1] = excelize.Cell{StyleID: intSt, Value: int64(100000 + i)}
		row[2] = "POOR:1111"
		row[3] = "Chi hỗ trợ hộ nghèo xã Tân Phú, đợt " + strconv.Itoa(i%100)
		row[4] = excelize.Cell{StyleID: moneySt, Value: float64(1500000 + i)}
		row[5] = nil
		row[6] = excelize.Cell{StyleID: qtySt, Value: float64(12345+i%1000) / 1000}
		row[7] = excelize.Cell{StyleID: timeSt, Value: time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if _, err := f.WriteTo(&out); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(out.n)/float64(b.N), "B/row")
}
