package households

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reliefledger/internal/sheet"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"reliefledger"
)

const testMaxBytes = 50 << 20

// xlsxSheet is a worksheet fixture: rows[i] goes to row i+1 (nil leaves the
// row empty); edit adds formulas, styles and merges.
type xlsxSheet struct {
	name string
	rows [][]any
	edit func(f *excelize.File, sheet string) error
}

// xlsxBytes builds a workbook with the given sheets, in order.
func xlsxBytes(tb testing.TB, sheets ...xlsxSheet) []byte {
	tb.Helper()
	f := excelize.NewFile()
	tb.Cleanup(func() { f.Close() })
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
			if row == nil {
				continue
			}
			if err := f.SetSheetRow(s.name, fmt.Sprintf("A%d", r+1), &row); err != nil {
				tb.Fatal(err)
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

var viHeader = []any{"Mã hộ", "Họ và tên chủ hộ", "Số CCCD", "Số điện thoại", "Xã/Phường", "Ấp/Khóm", "Phân loại", "Số nhân khẩu", "Ghi chú"}

var viColumns = map[Column]string{
	ColCode: "Mã hộ", ColHeadName: "Họ và tên chủ hộ", ColNationalID: "Số CCCD", ColPhone: "Số điện thoại",
	ColCommune: "Xã/Phường", ColHamlet: "Ấp/Khóm", ColCategory: "Phân loại", ColMembers: "Số nhân khẩu", ColFlags: "Ghi chú",
}

// row1 and row2 are what the first two data rows of the viHeader fixtures read as.
func row1(line int) RawRow {
	return RawRow{Line: line, Values: map[Column]string{
		ColCode: "ST-0001", ColHeadName: "Trần Thị Bé", ColNationalID: "079123456789", ColPhone: "0912345678",
		ColCommune: "An Lạc Tây", ColHamlet: "Ấp Phước Hòa", ColCategory: "Nghèo", ColMembers: "4", ColFlags: "Khmer",
	}}
}

func row2(line int) RawRow {
	return RawRow{Line: line, Values: map[Column]string{
		ColCode: "ST-0002", ColHeadName: "Lâm Văn Tư", ColNationalID: "094087000123",
		ColCommune: "Phường 2", ColCategory: "Cận nghèo", ColMembers: "3",
	}}
}

var (
	data1 = []any{"ST-0001", " Trần Thị Bé ", "079123456789", "0912345678", "An Lạc Tây", "Ấp Phước Hòa", "Nghèo", 4, "Khmer"}
	data2 = []any{"ST-0002", "Lâm Văn Tư", "094087000123", "", "Phường 2", "", "Cận nghèo", "3"}
)

func TestReadFileXLSX(t *testing.T) {
	tests := []struct {
		name   string
		sheets []xlsxSheet
		want   Sheet
	}{
		{
			name:   "vietnamese header on row 1",
			sheets: []xlsxSheet{{name: "Sheet1", rows: [][]any{viHeader, data1, data2}}},
			want:   Sheet{HeaderLine: 1, Columns: viColumns, Rows: []RawRow{row1(2), row2(3)}},
		},
		{
			name: "title above, header on row 3",
			sheets: []xlsxSheet{{
				name: "DS hộ nghèo",
				rows: [][]any{
					{"DANH SÁCH HỘ NGHÈO NĂM 2021"},
					nil,
					{"STT", "MÃ HỘ (*)", "Ho ten chu ho:", "Xã,  phường, thị trấn", "Huyện/Thị xã/Thành phố", "Loại hộ", "Số khẩu (người)", "Địa chỉ"},
					{1, "ST-0001", "Trần Thị Bé", "An Lạc Tây", "Kế Sách", "hộ nghèo", 4, "Ấp Phước Hòa"},
				},
				edit: func(f *excelize.File, sheet string) error { return f.MergeCell(sheet, "A1", "H2") },
			}},
			want: Sheet{
				HeaderLine: 3,
				Columns: map[Column]string{ColCode: "MÃ HỘ (*)", ColHeadName: "Ho ten chu ho:", ColCommune: "Xã,  phường, thị trấn",
					ColDistrict: "Huyện/Thị xã/Thành phố", ColCategory: "Loại hộ", ColMembers: "Số khẩu (người)"},
				Rows: []RawRow{{Line: 4, Values: map[Column]string{ColCode: "ST-0001", ColHeadName: "Trần Thị Bé",
					ColCommune: "An Lạc Tây", ColDistrict: "Kế Sách", ColCategory: "hộ nghèo", ColMembers: "4"}}},
			},
		},
		{
			name: "english headers",
			sheets: []xlsxSheet{{name: "Sheet1", rows: [][]any{
				{"Code", "Head name", "National ID", "Phone", "Commune", "District", "Hamlet", "Category", "Members", "Flags"},
				{"ST-0009", "Lý Thị Hoa", "079123456789", "0912345678", "31501", "941", "Khóm 3", "near_poor", 2, "r68, disability"},
			}}},
			want: Sheet{
				HeaderLine: 1,
				Columns: map[Column]string{ColCode: "Code", ColHeadName: "Head name", ColNationalID: "National ID", ColPhone: "Phone",
					ColCommune: "Commune", ColDistrict: "District", ColHamlet: "Hamlet", ColCategory: "Category", ColMembers: "Members", ColFlags: "Flags"},
				Rows: []RawRow{{Line: 2, Values: map[Column]string{ColCode: "ST-0009", ColHeadName: "Lý Thị Hoa", ColNationalID: "079123456789",
					ColPhone: "0912345678", ColCommune: "31501", ColDistrict: "941", ColHamlet: "Khóm 3", ColCategory: "near_poor",
					ColMembers: "2", ColFlags: "r68, disability"}}},
			},
		},
		{
			name: "numbers stored as numbers",
			sheets: []xlsxSheet{{
				name: "Sheet1",
				rows: [][]any{
					{"Mã hộ", "Chủ hộ", "CCCD", "SĐT", "Xã", "Phân loại", "Nhân khẩu"},
					{"ST-0001", "Trần Thị Bé", 79123456789, 912345678, "Phường 2", "Nghèo", 4.0},
					{"ST-0002", "Lâm Văn Tư", 791234567891, 912345678, "Phường 2", "Nghèo", 3},
				},
				edit: func(f *excelize.File, sheet string) error {
					bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
					oneDecimal, _ := f.NewStyle(&excelize.Style{NumFmt: 2}) // "0.00"
					tenDigits := "0000000000"
					phone, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &tenDigits})
					return firstErr(
						f.SetCellStyle(sheet, "C3", "C3", bold), // General shows 7.91234567891E+11
						f.SetCellStyle(sheet, "G2", "G3", oneDecimal),
						f.SetCellStyle(sheet, "D2", "D2", phone),
					)
				},
			}},
			want: Sheet{
				HeaderLine: 1,
				Columns: map[Column]string{ColCode: "Mã hộ", ColHeadName: "Chủ hộ", ColNationalID: "CCCD", ColPhone: "SĐT",
					ColCommune: "Xã", ColCategory: "Phân loại", ColMembers: "Nhân khẩu"},
				Rows: []RawRow{
					{Line: 2, Values: map[Column]string{ColCode: "ST-0001", ColHeadName: "Trần Thị Bé", ColNationalID: "79123456789",
						ColPhone: "0912345678", ColCommune: "Phường 2", ColCategory: "Nghèo", ColMembers: "4"}},
					{Line: 3, Values: map[Column]string{ColCode: "ST-0002", ColHeadName: "Lâm Văn Tư", ColNationalID: "791234567891",
						ColPhone: "912345678", ColCommune: "Phường 2", ColCategory: "Nghèo", ColMembers: "3"}},
				},
			},
		},
		{
			name: "formula cells",
			sheets: []xlsxSheet{{
				name: "Sheet1",
				// Formulas go into empty cells: on a cell with a value,
				// SetCellFormula leaves a stale cached value.
				rows: [][]any{viHeader, data1,
					{"ST-0002", "Lâm Văn Tư", "094087000123", nil, "Phường 2", nil, "Cận nghèo"},
					{nil, "Lâm Văn Tư", "094087000123", nil, "Phường 2", nil, "Cận nghèo", "3"},
					{"Tổng cộng"}},
				edit: func(f *excelize.File, sheet string) error {
					return firstErr(
						f.SetCellFormula(sheet, "H3", "1+2"),
						f.SetCellFormula(sheet, "A4", `"ST-"&"0002"`),
						f.SetCellFormula(sheet, "K4", "H4*2"), // under no header
						f.SetCellFormula(sheet, "H5", "SUM(H2:H4)"),
					)
				},
			}},
			want: Sheet{HeaderLine: 1, Columns: viColumns, Rows: []RawRow{
				row1(2),
				withProblems(without(row2(3), ColMembers), CellProblem{Line: 3, Column: "Số nhân khẩu", Message: msgFormula}),
				withProblems(without(row2(4), ColCode),
					CellProblem{Line: 4, Column: "Mã hộ", Message: msgFormula},
					CellProblem{Line: 4, Column: "K", Message: msgFormula}),
			}},
		},
		{
			name: "merged data cells",
			sheets: []xlsxSheet{{
				name: "Sheet1",
				rows: [][]any{{"DANH SÁCH"}, viHeader, data1, data2, data2, data1},
				edit: func(f *excelize.File, sheet string) error {
					return firstErr(f.MergeCell(sheet, "A1", "I1"), f.MergeCell(sheet, "E3", "E5"))
				},
			}},
			want: Sheet{HeaderLine: 2, Columns: viColumns, Rows: []RawRow{
				withProblems(row1(3), CellProblem{Line: 3, Column: "Xã/Phường", Message: "merged cells E3:E5: unmerge and fill each row"}),
				withProblems(without(row2(4), ColCommune), CellProblem{Line: 4, Column: "Xã/Phường", Message: "merged cells E3:E5: unmerge and fill each row"}),
				withProblems(without(row2(5), ColCommune), CellProblem{Line: 5, Column: "Xã/Phường", Message: "merged cells E3:E5: unmerge and fill each row"}),
				row1(6),
			}},
		},
		{
			name: "missing required columns",
			sheets: []xlsxSheet{{name: "Sheet1", rows: [][]any{
				{"Mã hộ", "Họ tên chủ hộ", "Xã", "Ghi chú"},
				{"ST-0001", "Trần Thị Bé", "Phường 2"},
			}}},
			want: Sheet{
				HeaderLine: 1,
				Columns:    map[Column]string{ColCode: "Mã hộ", ColHeadName: "Họ tên chủ hộ", ColCommune: "Xã", ColFlags: "Ghi chú"},
				Rows:       []RawRow{{Line: 2, Values: map[Column]string{ColCode: "ST-0001", ColHeadName: "Trần Thị Bé", ColCommune: "Phường 2"}}},
				Problems: []CellProblem{
					{Line: 1, Column: "category", Message: `the required column is missing: add a column headed "Phân loại"`},
					{Line: 1, Column: "members", Message: `the required column is missing: add a column headed "Số nhân khẩu"`},
				},
			},
		},
		{
			name: "repeated column",
			sheets: []xlsxSheet{{name: "Sheet1", rows: [][]any{
				{"Mã hộ", "Họ tên chủ hộ", "Xã", "Phân loại", "Số nhân khẩu", "Phường"},
			}}},
			want: Sheet{
				HeaderLine: 1,
				Columns:    map[Column]string{ColCode: "Mã hộ", ColHeadName: "Họ tên chủ hộ", ColCommune: "Xã", ColCategory: "Phân loại", ColMembers: "Số nhân khẩu"},
				Problems:   []CellProblem{{Line: 1, Column: "Phường", Message: `the column repeats "Xã"; only the first is read`}},
			},
		},
		{
			name: "blank, numbering and total rows skipped",
			sheets: []xlsxSheet{{name: "Sheet1", rows: [][]any{
				{"Tỉnh Sóc Trăng"},
				viHeader,
				{"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"},
				data1,
				nil,
				{"", " ", "\u00a0"},
				data2,
				{"", "Tống Thị Tám", "", "", "Phường 2", "", "Nghèo", 1},
				{"Tổng cộng", "", "", "", "", "", "", 8},
				{"Cộng: 3 hộ"},
			}}},
			want: Sheet{HeaderLine: 2, Columns: viColumns, Rows: []RawRow{
				row1(4),
				row2(7),
				{Line: 8, Values: map[Column]string{ColHeadName: "Tống Thị Tám", ColCommune: "Phường 2", ColCategory: "Nghèo", ColMembers: "1"}},
			}},
		},
		{
			name: "header on the second sheet",
			sheets: []xlsxSheet{
				{name: "Hướng dẫn", rows: [][]any{{"Điền mỗi hộ một dòng"}, {"Mã hộ: duy nhất"}}},
				{name: "Danh sách", rows: [][]any{viHeader, data1}},
			},
			want: Sheet{HeaderLine: 1, Columns: viColumns, Rows: []RawRow{row1(2)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadFile("ds.XLSX", bytes.NewReader(xlsxBytes(t, tt.sheets...)), sheet.Limits{Bytes: testMaxBytes})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadFileCSV(t *testing.T) {
	tests := []struct {
		name string
		data string
		want Sheet
	}{
		{
			name: "BOM, semicolons, quoted cells",
			data: "\ufeffDANH SÁCH HỘ NGHÈO, CẬN NGHÈO\r\n" +
				"\r\n" +
				"Mã hộ;Họ tên chủ hộ;Số CMND/CCCD;Xã, phường, thị trấn;Phân loại;Số nhân khẩu;Ghi chú\r\n" +
				"ST-0001;\"Trần Thị Bé\";079123456789;An Lạc Tây;Nghèo;4;\"Khmer;\r\nkhuyết tật\"\r\n" +
				"\r\n" +
				"ST-0002;Lâm Văn Tư;;\"Phường 2\";cận nghèo;3\r\n" +
				"Tổng cộng;;;;;7\r\n",
			want: Sheet{
				HeaderLine: 3,
				Columns: map[Column]string{ColCode: "Mã hộ", ColHeadName: "Họ tên chủ hộ", ColNationalID: "Số CMND/CCCD",
					ColCommune: "Xã, phường, thị trấn", ColCategory: "Phân loại", ColMembers: "Số nhân khẩu", ColFlags: "Ghi chú"},
				Rows: []RawRow{
					{Line: 4, Values: map[Column]string{ColCode: "ST-0001", ColHeadName: "Trần Thị Bé", ColNationalID: "079123456789",
						ColCommune: "An Lạc Tây", ColCategory: "Nghèo", ColMembers: "4", ColFlags: "Khmer;\nkhuyết tật"}},
					{Line: 6, Values: map[Column]string{ColCode: "ST-0002", ColHeadName: "Lâm Văn Tư", ColCommune: "Phường 2",
						ColCategory: "cận nghèo", ColMembers: "3"}},
				},
			},
		},
		{
			name: "commas, english, ragged rows, formula-like cell",
			data: "code,head_name,commune,category,members,phone\n" +
				"ST-0001,Trần Thị Bé,31501,poor,=2+2\n" +
				"ST-0002,\"Lâm, Văn Tư\"\n",
			want: Sheet{
				HeaderLine: 1,
				Columns: map[Column]string{ColCode: "code", ColHeadName: "head_name", ColCommune: "commune",
					ColCategory: "category", ColMembers: "members", ColPhone: "phone"},
				Rows: []RawRow{
					{Line: 2, Values: map[Column]string{ColCode: "ST-0001", ColHeadName: "Trần Thị Bé", ColCommune: "31501",
						ColCategory: "poor", ColMembers: "=2+2"},
						Problems: []CellProblem{{Line: 2, Column: "members", Message: msgCSVFormula}}},
					{Line: 3, Values: map[Column]string{ColCode: "ST-0002", ColHeadName: "Lâm, Văn Tư"}},
				},
			},
		},
		{
			name: "tabs",
			data: "Mã hộ\tChủ hộ\tXã/Phường\tPhân loại\tNhân khẩu\nST-0001\tTrần Thị Bé\tPhường 2\tNghèo\t4\n",
			want: Sheet{
				HeaderLine: 1,
				Columns: map[Column]string{ColCode: "Mã hộ", ColHeadName: "Chủ hộ", ColCommune: "Xã/Phường",
					ColCategory: "Phân loại", ColMembers: "Nhân khẩu"},
				Rows: []RawRow{{Line: 2, Values: map[Column]string{ColCode: "ST-0001", ColHeadName: "Trần Thị Bé",
					ColCommune: "Phường 2", ColCategory: "Nghèo", ColMembers: "4"}}},
			},
		},
		{
			name: "broken quote is a problem, later rows are read",
			data: "Mã hộ,Chủ hộ,Xã,Phân loại,Nhân khẩu\n" +
				"ST-0001,Trần \"Bé\",Phường 2,Nghèo,4\n" +
				"ST-0002,Lâm Văn Tư,Phường 2,Nghèo,3\n",
			want: Sheet{
				HeaderLine: 1,
				Columns: map[Column]string{ColCode: "Mã hộ", ColHeadName: "Chủ hộ", ColCommune: "Xã",
					ColCategory: "Phân loại", ColMembers: "Nhân khẩu"},
				Rows: []RawRow{{Line: 3, Values: map[Column]string{ColCode: "ST-0002", ColHeadName: "Lâm Văn Tư",
					ColCommune: "Phường 2", ColCategory: "Nghèo", ColMembers: "3"}}},
				Problems: []CellProblem{{Line: 2, Message: `the row is not valid CSV (bare " in non-quoted-field): check its quotes`}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadFile("ds.csv", strings.NewReader(tt.data), sheet.Limits{Bytes: testMaxBytes})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	noHeader := xlsxBytes(t, xlsxSheet{name: "Sheet1", rows: [][]any{{"Mã hộ", "Ghi chú"}, {"ST-0001"}}})
	lateHeader := strings.Repeat("tiêu đề\n", headerSearchRows) + "Mã hộ,Chủ hộ,Xã,Phân loại,Nhân khẩu\n"
	tests := []struct {
		name     string
		file     string
		data     []byte
		maxBytes int64
		kind     reliefledger.Kind
		message  string
	}{
		{"empty csv", "a.csv", nil, testMaxBytes, reliefledger.Invalid, "the file is empty"},
		{"empty xlsx", "a.xlsx", nil, testMaxBytes, reliefledger.Invalid, "the file is empty"},
		{"random bytes", "a.xlsx", random, testMaxBytes, reliefledger.Invalid, "not a valid XLSX"},
		{"csv named xlsx", "a.xlsx", []byte("Mã hộ,Chủ hộ,Xã\n"), testMaxBytes, reliefledger.Invalid, "not a valid XLSX"},
		{"windows-1258 csv", "a.csv", []byte("M\xe3 h\xf4,Ch\xf9 h\xf4\n"), testMaxBytes, reliefledger.Invalid, "must be UTF-8"},
		{"too large", "a.csv", []byte("Mã hộ,Chủ hộ,Xã\n"), 8, reliefledger.TooLarge, "larger than 8 bytes"},
		{"old excel", "a.xls", []byte("x"), testMaxBytes, reliefledger.Unsupported, "must be .xlsx or .csv"},
		{"no header in xlsx", "a.xlsx", noHeader, testMaxBytes, reliefledger.Invalid, "no header row in the first 20 rows"},
		{"header after row 20", "a.csv", []byte(lateHeader), testMaxBytes, reliefledger.Invalid, "no header row in the first 20 rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFile(tt.file, bytes.NewReader(tt.data), sheet.Limits{Bytes: tt.maxBytes})
			if err == nil {
				t.Fatal("no error")
			}
			if got := reliefledger.ErrorKind(err); got != tt.kind || !strings.Contains(err.Error(), tt.message) {
				t.Errorf("got %v %q, want kind %v and a message with %q", got, err, tt.kind, tt.message)
			}
		})
	}
}

// bigXLSX builds a workbook with a header and n data rows; row 20,000 (if
// any) holds a formula.
func bigXLSX(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	rows := [][]any{{"DANH SÁCH HỘ NGHÈO NĂM 2021"}, viHeader}
	for i, r := range rows {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), r); err != nil {
			tb.Fatal(err)
		}
	}
	for i := 1; i <= n; i++ {
		members := any(1 + i%7)
		if i == 20000 {
			members = excelize.Cell{Formula: "2+2"}
		}
		row := []any{fmt.Sprintf("ST-%05d", i), "Nguyễn Văn An", fmt.Sprintf("0791%08d", i), "0912345678",
			"Phường 2", "Khóm 3", "Cận nghèo", members, "r68"}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadFileLargeXLSX(t *testing.T) {
	const n = 40000
	data := bigXLSX(t, n)
	start := time.Now()
	got, err := ReadFile("big.xlsx", bytes.NewReader(data), sheet.Limits{Bytes: testMaxBytes})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("read %d rows (%d KiB) in %v", len(got.Rows), len(data)>>10, time.Since(start))
	if len(got.Rows) != n || got.HeaderLine != 2 {
		t.Fatalf("got %d rows, header on row %d; want %d rows, header on row 2", len(got.Rows), got.HeaderLine, n)
	}
	last := got.Rows[n-1]
	if last.Line != n+2 || last.Values[ColCode] != "ST-40000" || last.Values[ColNationalID] != "079100040000" {
		t.Errorf("last row = %+v", last)
	}
	var problems []CellProblem
	for _, r := range got.Rows {
		problems = append(problems, r.Problems...)
	}
	want := []CellProblem{{Line: 20002, Column: "Số nhân khẩu", Message: msgFormula}}
	if diff := cmp.Diff(want, problems); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

func BenchmarkReadFileXLSX(b *testing.B) {
	data := bigXLSX(b, 40000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadFile("big.xlsx", bytes.NewReader(data), sheet.Limits{Bytes: testMaxBytes}); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzReadFile checks that no input makes ReadFile panic.
func FuzzReadFile(f *testing.F) {
	f.Add(".csv", []byte("\ufeffMã hộ;Chủ hộ;Xã;Phân loại;Nhân khẩu\nST-1;\"A\nB\";Phường 2;Nghèo;=1\n"))
	f.Add(".csv", []byte("a,\"b\n\n\"c,d"))
	f.Add(".xlsx", xlsxBytes(f, xlsxSheet{name: "Sheet1", rows: [][]any{viHeader, data1, data2},
		edit: func(f *excelize.File, sheet string) error { return f.MergeCell(sheet, "A2", "A3") }}))
	f.Fuzz(func(t *testing.T, ext string, data []byte) {
		ReadFile("f"+ext, bytes.NewReader(data), sheet.Limits{Bytes: 1 << 20})
	})
}

func TestCategoryOf(t *testing.T) {
	tests := []struct {
		in   string
		want Category
		ok   bool
	}{
		{"Nghèo", Poor, true},
		{"NGHÈO", Poor, true},
		{"ngheo", Poor, true},
		{" Hộ nghèo ", Poor, true},
		{"poor", Poor, true},
		{"Cận nghèo", NearPoor, true},
		{"CẬN NGHÈO", NearPoor, true},
		{"hộ cận nghèo", NearPoor, true},
		{"near_poor", NearPoor, true},
		{"Near poor", NearPoor, true},
		{"", "", false},
		{"Khá", "", false},
		{"thoát nghèo", "", false},
		{"nghèo đa chiều", "", false},
	}
	for _, tt := range tests {
		got, ok := CategoryOf(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CategoryOf(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestHeaderAliases checks that every header text names its own column
// (sheet.NewColumns refuses a text naming two).
func TestHeaderAliases(t *testing.T) {
	for col, aliases := range headerAliases {
		for _, a := range append(aliases, string(col)) {
			i, ok := columns.Lookup(a)
			if !ok || columnOrder[i] != col {
				t.Errorf("header %q does not read as %q", a, col)
			}
		}
	}
	if len(columnOrder) != len(headerAliases) {
		t.Errorf("%d columns in order, %d with aliases", len(columnOrder), len(headerAliases))
	}
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func withProblems(r RawRow, ps ...CellProblem) RawRow {
	r.Problems = ps
	return r
}

func without(r RawRow, cols ...Column) RawRow {
	for _, c := range cols {
		delete(r.Values, c)
	}
	return r
}
