package xlsxw

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

func TestRowLimit(t *testing.T) {
	defer func(n int) { maxRows = n }(maxRows)
	maxRows = 5
	for _, n := range []int{11, 12, 4, 0} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var buf bytes.Buffer
			wb := New(&buf, ict)
			s, err := wb.Sheet("X", []Col{{Title: "Tên", Width: 20}, {Title: "Số tiền", Width: 15, Kind: Money}})
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
			f, _ := readBack(t, buf.Bytes())
			sheets := f.GetSheetList()
			want := map[int]string{11: "X|X (2)|X (3)", 12: "X|X (2)|X (3)|X (4)", 4: "X|X (2)", 0: "X"}[n]
			if strings.Join(sheets, "|") != want {
				t.Fatalf("sheets %q, want %s", sheets, want)
			}
			i := 0
			for _, name := range sheets {
				checkCells(t, f, name, map[string]string{"A1": "Tên", "B1": "Số tiền"})
				if w, _ := f.GetColWidth(name, "A"); w != 20 {
					t.Errorf("%s: width %v", name, w)
				}
				if p, _ := f.GetPanes(name); !p.Freeze || p.YSplit != 1 {
					t.Errorf("%s: pane %+v", name, p)
				}
				for r := 2; r <= 5 && i < n; r++ {
					i++
					checkCells(t, f, name, map[string]string{"A" + strconv.Itoa(r): "dòng " + strconv.Itoa(i), "B" + strconv.Itoa(r): strconv.Itoa(i * 1000)}, excelize.Options{RawCellValue: true})
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
			checkCells(t, f, last, map[string]string{"A" + totalRow: "Cộng", "B" + totalRow: sum.String()}, excelize.Options{RawCellValue: true})
			if got, err := f.CalcCellValue(last, "B"+totalRow, excelize.Options{RawCellValue: true}); err != nil || got != sum.String() {
				t.Errorf("total recalculates to %q (%v), want %s", got, err, sum)
			}
		})
	}
}

var errGone = errors.New("client went away")

// failWriter accepts n bytes, then fails like a closed connection.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, errGone
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteError(t *testing.T) {
	for _, n := range []int{0, 100, 5000, 200_000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			wb := New(&failWriter{n: n}, nil)
			s, err := wb.Sheet("S", []Col{{Title: "a"}, {Title: "b", Kind: Money}})
			if err == nil {
				for i := 0; i < 1_000_000 && err == nil; i++ {
					err = s.Row("row "+strconv.Itoa(i)+strings.Repeat("x", i%50), int64(i))
				}
				if !errors.Is(err, errGone) {
					t.Fatalf("Row returned %v, want the write error", err)
				}
				if err := s.Row("again", 1); !errors.Is(err, errGone) {
					t.Errorf("Row after the failure returned %v", err)
				}
				if err := s.Total("t", map[int]decimal.Decimal{1: decimal.Zero}); !errors.Is(err, errGone) {
					t.Errorf("Total after the failure returned %v", err)
				}
			} else if !errors.Is(err, errGone) {
				t.Fatalf("Sheet returned %v", err)
			}
			if _, err := wb.Sheet("T", []Col{{Title: "a"}}); !errors.Is(err, errGone) {
				t.Errorf("Sheet after the failure returned %v", err)
			}
			if err := wb.Close(); !errors.Is(err, errGone) {
				t.Errorf("Close returned %v, want the write error", err)
			}
			if err := wb.Close(); !errors.Is(err, errGone) {
				t.Errorf("second Close returned %v", err)
			}
		})
	}
	if err := New(io.Discard, nil).Close(); err == nil {
		t.Error("a workbook without sheets closed without error")
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

func TestStreams(t *testing.T) {
	var out countWriter
	wb := New(&out, ict)
	if out.n != 0 {
		t.Fatal("New wrote before the first sheet")
	}
	s, err := wb.Sheet("Nhật ký", benchCols)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]any, len(benchCols))
	for i := range 50_000 {
		if err := s.Row(benchRow(row, i)...); err != nil {
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
