package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"reliefledger"
)

// testColumns is a small alias table: code, name, amount, date.
var testColumns = NewColumns(
	Column{Name: "code", Aliases: []string{"Mã hộ", "Mã"}},
	Column{Name: "name", Aliases: []string{"Họ tên", "Chủ hộ"}},
	Column{Name: "amount", Aliases: []string{"Số tiền", "Amount"}},
	Column{Name: "date", Aliases: []string{"Ngày", "Ngày nhận"}},
)

const (
	tCode = iota
	tName
	tAmount
	tDate
)

// got is what a test reads of a row.
type got struct {
	Number  int
	Cells   []string
	Problem string `cmp:",omitempty"`
}

// readAll opens data and reads its first table.
func readAll(tb testing.TB, name string, data []byte, opt Options) (Header, []got, error) {
	tb.Helper()
	if opt.Columns == nil {
		opt.Columns = testColumns
	}
	f, err := Open(name, bytes.NewReader(data), opt)
	if err != nil {
		return Header{}, nil, err
	}
	defer f.Close()
	t, err := f.NextTable()
	if err != nil {
		return Header{}, nil, err
	}
	var rows []got
	for t.Next() {
		r := t.Row()
		rows = append(rows, got{r.Number, append([]string(nil), r.Cells...), r.Problem})
	}
	return t.Header, rows, t.Err()
}

func TestCSV(t *testing.T) {
	tests := []struct {
		name       string
		data       string
		opt        Options
		wantHeader int
		want       []got
	}{
		{
			name: "bom, semicolons, title rows, blank line, quoted line break",
			data: "\ufeffDANH SÁCH\n\nMã hộ;Họ tên;Số tiền\nST-1;\"Trần\nThị Bé\";1.500.000\n\nST-2; Lâm Văn Tư ;2\n",
			opt:  Options{},
			// Rows as Excel numbers them: the two-line cell is row 4, the
			// blank line row 5 (not returned: encoding/csv skips it).
			want:       []got{{4, []string{"ST-1", "Trần\nThị Bé", "1.500.000"}, ""}, {6, []string{"ST-2", "Lâm Văn Tư", "2"}, ""}},
			wantHeader: 3,
		},
		{
			name:       "tabs and spaces pasted from the web",
			data:       "code\tname\tamount\n\u200bST-1\u00a0\t\ufeffAn\u2060\t100\n",
			want:       []got{{2, []string{"ST-1", "An", "100"}, ""}},
			wantHeader: 1,
		},
		{
			name:       "commas win when they name more columns",
			data:       "code,name;x,amount\nST-1,A;b,3\n",
			want:       []got{{2, []string{"ST-1", "A;b", "3"}, ""}},
			wantHeader: 1,
		},
		{
			name:       "old mac line ends",
			data:       "code,amount\rST-1,5\rST-2,6\r",
			want:       []got{{2, []string{"ST-1", "5"}, ""}, {3, []string{"ST-2", "6"}, ""}},
			wantHeader: 1,
		},
		{
			name: "strict quotes: a bare quote is a problem, later rows are read",
			data: "code,name\nST-1,Trần \"Bé\"\nST-2,An\n",
			want: []got{{2, nil, `the row is not valid CSV (bare " in non-quoted-field): check its quotes`}, {3, []string{"ST-2", "An"}, ""}},
			// strict is the default
			wantHeader: 1,
		},
		{
			name:       "lazy quotes: a quote inside a cell is text",
			data:       "code,name\nST-1,Ung ho \"mien Trung\"\n",
			opt:        Options{LazyQuotes: true},
			want:       []got{{2, []string{"ST-1", `Ung ho "mien Trung"`}, ""}},
			wantHeader: 1,
		},
		{
			name: "an open quote is cut before a line that starts a row",
			data: "code,date,name\nST-1,15/09/2024,\"never closed\nST-2,16/09/2024,fine\nST-3,17/09/2024,\"two\nlines\"\n",
			opt: Options{LazyQuotes: true, RowStart: func(cell func(int) string) bool {
				return strings.Count(cell(tDate), "/") == 2
			}},
			want: []got{
				{2, nil, msgOpenQuote},
				{3, []string{"ST-2", "16/09/2024", "fine"}, ""},
				{4, []string{"ST-3", "17/09/2024", "two\nlines"}, ""},
			},
			wantHeader: 1,
		},
		{
			name:       "required columns make the header",
			data:       "Mã hộ,Họ tên\nMã hộ,Họ tên,Số tiền\nST-1,A,1\n",
			opt:        Options{Required: []int{tAmount}},
			want:       []got{{3, []string{"ST-1", "A", "1"}, ""}},
			wantHeader: 2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, rows, err := readAll(t, "f.csv", []byte(tc.data), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if h.Row != tc.wantHeader {
				t.Errorf("header on row %d, want %d", h.Row, tc.wantHeader)
			}
			if diff := cmp.Diff(tc.want, rows); diff != "" {
				t.Errorf("rows mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCSVRowDetails(t *testing.T) {
	data := "code,name,amount\r\nST-1,=1+1,\"2\"\r\n,,\r\n"
	f, err := Open("x.CSV", strings.NewReader(data), Options{Columns: testColumns})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := f.NextTable()
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != CSV || tb.Sheet != "" {
		t.Errorf("format %v, sheet %q", f.Format, tb.Sheet)
	}
	if !tb.Next() {
		t.Fatal("no row")
	}
	r := tb.Row()
	if r.Kind(1) != Formula || r.Kind(0) != 0 || r.Kind(9) != 0 || r.Kind(-1) != 0 {
		t.Errorf("kinds %v %v", r.Kind(0), r.Kind(1))
	}
	if r.Text() != `ST-1,=1+1,"2"` || r.Value(2) != "2" || r.Cell(7) != "" {
		t.Errorf("text %q, value %q", r.Text(), r.Value(2))
	}
	if !tb.Next() || !slices.Equal(tb.Row().Cells, []string{"", "", ""}) || tb.Row().Number != 3 || tb.Next() || tb.Err() != nil {
		t.Errorf("the second row should be empty cells, and the last")
	}
	if _, err := f.NextTable(); !isNoHeader(err) {
		t.Errorf("a second table in a CSV: %v", err)
	}
}

func isNoHeader(err error) bool {
	var nh *NoHeaderError
	return errors.As(err, &nh)
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name, file, data string
		opt              Options
		kind             reliefledger.Kind
		want             string
	}{
		{"pdf", "a.pdf", "x", Options{}, reliefledger.Unsupported, `the file must be .xlsx or .csv, not ".pdf"`},
		{"old excel", "a.XLS", "x", Options{Noun: "the statement file"}, reliefledger.Unsupported,
			`the statement file must be .xlsx or .csv, not ".xls": open it in Excel and save it as .xlsx`},
		{"empty", "a.csv", "", Options{}, reliefledger.Invalid, "the file is empty"},
		{"too large", "a.csv", "code,name\n", Options{MaxBytes: 5}, reliefledger.TooLarge, "the file is larger than 5 bytes"},
		{"not utf-8", "a.csv", "M\xe3 h\xf4\n", Options{}, reliefledger.Invalid, "the file must be UTF-8 text"},
		{"not a zip", "a.xlsx", "code,name\n", Options{}, reliefledger.Invalid, "the file is not a valid XLSX workbook"},
		{"zip without a name says xlsx", "", "PK\x03\x04garbage", Options{}, reliefledger.Invalid, "the file is not a valid XLSX"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.Columns = testColumns
			_, err := Open(tc.file, strings.NewReader(tc.data), tc.opt)
			if reliefledger.ErrorKind(err) != tc.kind || err == nil || err.Error() != strings.TrimSpace(err.Error()) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("Open error = %v (kind %v), want kind %v and %q", err, reliefledger.ErrorKind(err), tc.kind, tc.want)
			}
		})
	}
}

func TestNoHeader(t *testing.T) {
	data := strings.Repeat("x\n", 3) + "Mã hộ,Ghi chú\n" + strings.Repeat("y\n", 20) + "code,name,amount\n"
	_, _, err := readAll(t, "", []byte(data), Options{MinFound: 2})
	var nh *NoHeaderError
	if !errors.As(err, &nh) {
		t.Fatalf("err = %v, want a NoHeaderError", err)
	}
	if nh.Rows != DefaultHeaderRows || nh.Best.Row != 4 || nh.Best.Found != 1 || nh.Best.Names[tCode] != "Mã hộ" {
		t.Errorf("NoHeaderError = %+v", nh)
	}
	if _, _, err := readAll(t, "f.csv", []byte(data), Options{HeaderRows: 30}); err != nil {
		t.Errorf("with 30 header rows: %v", err)
	}
}

func TestMaxRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("code,amount\n")
	for i := range 10 {
		fmt.Fprintf(&b, "ST-%d,%d\n", i, i)
	}
	_, rows, err := readAll(t, "f.csv", []byte(b.String()), Options{MaxRows: 11})
	if err != nil || len(rows) != 10 {
		t.Errorf("11 rows within a limit of 11: %d rows, %v", len(rows), err)
	}
	_, _, err = readAll(t, "f.csv", []byte(b.String()), Options{MaxRows: 10, Noun: "the statement file"})
	if reliefledger.ErrorKind(err) != reliefledger.TooLarge || !strings.Contains(err.Error(), "the statement file has more than 10 rows") {
		t.Errorf("over the limit: %v", err)
	}
	x := xlsxFile(t, []xlsxSheet{{name: "DS", rows: [][]any{{"code", "amount"}, {"a", 1}, {"b", 2}, {"c", 3}}}})
	_, _, err = readAll(t, "f.xlsx", x, Options{MaxRows: 3})
	if reliefledger.ErrorKind(err) != reliefledger.TooLarge || !strings.Contains(err.Error(), `sheet "DS" has more than 3 rows`) {
		t.Errorf("xlsx over the limit: %v", err)
	}
}

// xlsxSheet is a worksheet fixture: rows[i] goes to row i+1 (nil leaves
// the row empty); edit adds formulas, styles and merges.
type xlsxSheet struct {
	name string
	rows [][]any
	edit func(f *excelize.File, sheet string) error
}

func xlsxFile(tb testing.TB, sheets []xlsxSheet) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		var err error
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err != nil {
			tb.Fatal(err)
		}
		for r, row := range s.rows {
			if row != nil {
				if err := f.SetSheetRow(s.name, fmt.Sprintf("A%d", r+1), &row); err != nil {
					tb.Fatal(err)
				}
			}
		}
		if s.edit != nil {
			if err := s.edit(f, s.name); err != nil {
				tb.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSX(t *testing.T) {
	day := time.Date(2021, 7, 25, 10, 15, 0, 0, time.UTC)
	data := xlsxFile(t, []xlsxSheet{
		{name: "Bìa", rows: [][]any{{"Danh sách"}, {"Mã hộ: duy nhất"}}},
		{
			name: "DS 1",
			rows: [][]any{
				{"DANH SÁCH"},
				{"Mã hộ (*)", "Họ tên:", "Số tiền (VND)", "Ngày nhận"},
				{"ST-1", " Trần Thị Bé ", 1500000, day},    // 3
				{"ST-2", "An", 791234567891, "25/07/2021"}, // 4: a long number in a styled General cell
				{"ST-3", nil, 4.0, nil},                    // 5: 4 shown as 4.00; a formula (not computed) under "name"
				{"ST-4", "x"},                              // 6: merged with the cell below, which excelize empties
				{"ST-5", "y"},                              // 7
			},
			edit: func(f *excelize.File, sheet string) error {
				thousands, _ := f.NewStyle(&excelize.Style{NumFmt: 3})
				bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
				twoDecimals, _ := f.NewStyle(&excelize.Style{NumFmt: 2})
				for _, err := range []error{
					f.SetCellStyle(sheet, "C3", "C3", thousands),
					f.SetCellStyle(sheet, "C4", "C4", bold),
					f.SetCellStyle(sheet, "C5", "C5", twoDecimals),
					f.SetCellFormula(sheet, "B5", `"An"&"h"`),
					f.SetCellFormula(sheet, "F5", "1+1"), // under no header
					f.MergeCell(sheet, "A1", "D1"),
					f.MergeCell(sheet, "B6", "B7"),
				} {
					if err != nil {
						return err
					}
				}
				return nil
			},
		},
		{name: "DS 2", rows: [][]any{{"code", "name"}, {"ST-9", "Z"}}},
	})
	f, err := Open("ds.xlsx", bytes.NewReader(data), Options{Columns: testColumns, MinFound: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := f.NextTable()
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != XLSX || tb.Sheet != "DS 1" || tb.Header.Row != 2 || tb.Header.Names[tAmount] != "Số tiền (VND)" || tb.Header.Index[tDate] != 3 {
		t.Fatalf("table %q, header %+v", tb.Sheet, tb.Header)
	}
	type cell struct {
		Text, Value string
		Kind        Kind
	}
	var rows [][]cell
	var times []string
	for tb.Next() {
		r := tb.Row()
		var cs []cell
		for i := range r.Cells {
			cs = append(cs, cell{r.Cells[i], r.Value(i), r.Kind(i)})
		}
		rows = append(rows, cs)
		if tm, ok := r.Time(3); ok {
			times = append(times, tm.Format(time.DateTime))
		}
	}
	if err := tb.Err(); err != nil {
		t.Fatal(err)
	}
	want := [][]cell{
		{{"ST-1", "ST-1", 0}, {"Trần Thị Bé", "Trần Thị Bé", 0}, {"1,500,000", "1500000", Number}, {tb.Row().Cells[0], "", 0}},
		{{"ST-2", "ST-2", 0}, {"An", "An", 0}, {"791234567891", "791234567891", Number}, {"25/07/2021", "25/07/2021", 0}},
		{{"ST-3", "ST-3", 0}, {"", "", Formula}, {"4", "4", Number}, {"", "", 0}, {"", "", 0}, {"", "", Formula}},
		{{"ST-4", "ST-4", 0}, {"x", "x", 0}},
		{{"ST-5", "ST-5", 0}},
	}
	// The date cell: shown as excelize formats it, stored as a serial.
	want[0][3] = cell{rows[0][3].Text, "44402.427083333336", Number | Date}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"2021-07-25 10:15:00"}, times); diff != "" {
		t.Errorf("times mismatch (-want +got):\n%s", diff)
	}
	wantMerged := []Range{{Ref: "A1:D1", FirstCol: 1, FirstRow: 1, LastCol: 4, LastRow: 1}, {Ref: "B6:B7", FirstCol: 2, FirstRow: 6, LastCol: 2, LastRow: 7}}
	if diff := cmp.Diff(wantMerged, tb.Merged()); diff != "" {
		t.Errorf("merged mismatch (-want +got):\n%s", diff)
	}
	next, err := f.NextTable()
	if err != nil || next.Sheet != "DS 2" || !next.Next() || next.Row().Cells[0] != "ST-9" {
		t.Fatalf("second table: %v", err)
	}
	if _, err := f.NextTable(); !isNoHeader(err) {
		t.Errorf("after the last sheet: %v", err)
	}
}

func TestXLSX1904(t *testing.T) {
	data := xlsxFile(t, []xlsxSheet{{name: "S", rows: [][]any{{"code", "date"}, {"a", 0}}, edit: func(f *excelize.File, sheet string) error {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			return err
		}
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		if err := f.SetCellValue(sheet, "B2", 1); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, "B2", "B2", style)
	}}})
	f, err := Open("", bytes.NewReader(data), Options{Columns: testColumns})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := f.NextTable()
	if err != nil || !tb.Date1904() || !tb.Next() {
		t.Fatalf("table: %v, 1904 %v", err, tb != nil && tb.Date1904())
	}
	if tm, ok := tb.Row().Time(1); !ok || tm.Format(time.DateOnly) != "1904-01-02" || tb.Row().Kind(1) != Number|Date {
		t.Errorf("Time = %v, %v; kind %v", tm, ok, tb.Row().Kind(1))
	}
}

func TestColumnsLookup(t *testing.T) {
	tests := []struct {
		cell string
		col  int
		ok   bool
	}{
		{"Mã hộ", tCode, true},
		{"MÃ HỘ (*)", tCode, true},
		{"ma ho:", tCode, true},
		{"Ma_Ho", tCode, true},
		{"\u200bMã\u00a0hộ", tCode, true},
		{"Họ tên (chủ hộ)", tName, true},
		{"Ngày nhận/Date received", tDate, true},
		{"Số tiền\n(VND)", tAmount, true},
		{"Amount | Số tiền", tAmount, true},
		{"Số dư", 0, false},
		{"", 0, false},
	}
	for _, tc := range tests {
		col, ok := testColumns.Lookup(tc.cell)
		if col != tc.col || ok != tc.ok {
			t.Errorf("Lookup(%q) = %d, %v; want %d, %v", tc.cell, col, ok, tc.col, tc.ok)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("NewColumns accepted a header naming two columns")
		}
	}()
	NewColumns(Column{Name: "a", Aliases: []string{"Ngày"}}, Column{Name: "b", Aliases: []string{"ngay"}})
}

func TestIsDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"dd/mm/yyyy": true, "yyyy-mm-dd hh:mm": true, "[h]:mm:ss": true, `[$-42A]d mmmm yyyy`: true, "h:mm AM/PM": true,
		"General": false, "0.00": false, "#,##0": false, `#,##0 "đ"`: false, `0 "ngày"`: false, "0000000000": false,
		"@": false, "[Red]#,##0": false, `_-* #,##0_-;-* #,##0_-`: false, "0.00E+00": false, `\d0`: false,
	} {
		if got := isDateFormat(code); got != want {
			t.Errorf("isDateFormat(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestSerialTime(t *testing.T) {
	tests := []struct {
		name   string
		v      float64
		d1904  bool
		want   string
		wantOK bool
	}{
		{"a day", 45550, false, "2024-09-15 00:00:00", true},
		{"noon", 45550.5, false, "2024-09-15 12:00:00", true},
		{"before the 1900 leap bug", 59, false, "1900-02-28 00:00:00", true},
		{"the day that never was", 60, false, "", false},
		{"1904 system", 0.5 + 1, true, "1904-01-02 12:00:00", true},
		{"zero", 0, false, "", false},
		{"after 9999", 2958466, false, "", false},
		{"rounds up to the next day", 45550.999999999, false, "2024-09-16 00:00:00", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := SerialTime(tc.v, tc.d1904)
			if ok != tc.wantOK || (ok && got.Format(time.DateTime) != tc.want) {
				t.Errorf("SerialTime(%v) = %v, %v; want %q, %v", tc.v, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestColumnLetters(t *testing.T) {
	for i, want := range map[int]string{0: "A", 10: "K", 25: "Z", 26: "AA", 701: "ZZ", 702: "AAA"} {
		if got := ColumnLetters(i); got != want {
			t.Errorf("ColumnLetters(%d) = %q, want %q", i, got, want)
		}
	}
}

// FuzzOpen checks that no input makes reading panic or loop.
func FuzzOpen(f *testing.F) {
	f.Add("a.csv", []byte("\ufeffMã hộ;Họ tên\nST-1;\"A\nB\"\n"))
	f.Add("a.csv", []byte("code,date\n1,\"2\n3,15/09/2024,\"\n"))
	f.Add("a.xlsx", xlsxFile(f, []xlsxSheet{{name: "S", rows: [][]any{{"code", "name"}, {"a", 1}}}}))
	opt := Options{Columns: testColumns, LazyQuotes: true, RowStart: func(cell func(int) string) bool { return cell(tDate) != "" }}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		file, err := Open(name, bytes.NewReader(data), opt)
		if err != nil {
			return
		}
		defer file.Close()
		for {
			tb, err := file.NextTable()
			if err != nil {
				return
			}
			for tb.Next() {
				tb.Row().Text()
			}
		}
	})
}
