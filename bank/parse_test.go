package bank

import (
	"reliefledger/internal/sheet"
	"reliefledger/ledger"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"reliefledger"
)

func TestParseAmount(t *testing.T) {
	good := []struct {
		name, in string
		want     int64
	}{
		{"plain", "1500000", 1500000},
		{"dot thousands", "1.500.000", 1500000},
		{"comma thousands", "1,500,000", 1500000},
		{"dot thousands comma decimals", "1.500.000,00", 1500000},
		{"comma thousands dot decimals", "1,500,000.00", 1500000},
		{"plus sign", "+1.500.000", 1500000},
		{"minus sign", "-250.000", -250000},
		{"unicode minus", "−250.000", -250000},
		{"space thousands", "1 500 000", 1500000},
		{"non-breaking space thousands", "1\u00a0500\u00a0000", 1500000},
		{"currency suffix", "1500000 VND", 1500000},
		{"currency prefix", "VND 1,500,000", 1500000},
		{"dong sign", "1.500.000đ", 1500000},
		{"parentheses", "(250.000)", -250000},
		{"single dot thousands", "1.500", 1500},
		{"single comma thousands", "1,500", 1500},
		{"zero decimals", "1500000.00", 1500000},
		{"zero", "0", 0},
		{"padded", "  2.000.000  ", 2000000},
	}
	for _, tc := range good {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseAmount(tc.in)
			if err != nil {
				t.Fatalf("ParseAmount(%q): %v", tc.in, err)
			}
			if !got.Equal(decimal.NewFromInt(tc.want)) {
				t.Errorf("ParseAmount(%q) = %v, want %d", tc.in, got, tc.want)
			}
		})
	}
	bad := []struct {
		name, in, want string // want: a part of the message
	}{
		{"ambiguous dot", "1.5", `the amount "1.5" is ambiguous`},
		{"ambiguous comma", "1,50", `the amount "1,50" is ambiguous`},
		{"four digit group", "1500.000", "is ambiguous"},
		{"leading zero group", "0.500", "is ambiguous"},
		{"mixed separators three decimals", "1.500,000", "is ambiguous"},
		{"fractional dong", "1.500.000,50", "has a fraction of a đồng"},
		{"fractional dong other style", "1,500,000.50", "has a fraction of a đồng"},
		{"misplaced separators", "1.50.000", "thousands separators in the wrong places"},
		{"mixed thousands", "1.500 000", "thousands separators in the wrong places"},
		{"words", "abc", `the amount "abc" is not a number`},
		{"empty", "  ", "the amount is empty"},
		{"exponent", "12e3", "is not a number"},
		{"trailing dot", "1.", "is not a number"},
		{"double negative", "(-250.000)", "is not a number"},
		{"too large", "1000000000000000000000", "is too large"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseAmount(tc.in)
			if err == nil {
				t.Fatalf("ParseAmount(%q) = %v, want an error", tc.in, got)
			}
			if reliefledger.ErrorKind(err) != reliefledger.Invalid || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseAmount(%q) error = %v (kind %v), want Invalid containing %q", tc.in, err, reliefledger.ErrorKind(err), tc.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	good := []struct {
		name, in, date, clock string
	}{
		{"iso", "2024-09-15", "2024-09-15", ""},
		{"day first", "15/09/2024", "2024-09-15", ""},
		{"day first with seconds", "15/09/2024 10:15:30", "2024-09-15", "10:15:30"},
		{"day first with minutes", "15/09/2024 10:15", "2024-09-15", "10:15:00"},
		{"dashes", "15-09-2024", "2024-09-15", ""},
		{"dots", "15.09.2024", "2024-09-15", ""},
		{"one digit day and month", "1/9/2024", "2024-09-01", ""},
		{"iso with time", "2024-09-15T10:15:30Z", "2024-09-15", "10:15:30"},
		{"iso with fraction", "2024-09-15 08:05:01.250", "2024-09-15", "08:05:01"},
		{"excel serial", "45550", "2024-09-15", ""},
		{"excel serial with time", "45550.5", "2024-09-15", "12:00:00"},
		{"excel serial before the 1900 leap bug", "59", "1900-02-28", ""},
		{"leap day", "29/02/2024", "2024-02-29", ""},
	}
	for _, tc := range good {
		t.Run(tc.name, func(t *testing.T) {
			date, clock, err := ParseDate(tc.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tc.in, err)
			}
			if date.String() != tc.date || clock != tc.clock {
				t.Errorf("ParseDate(%q) = %q, %q; want %q, %q", tc.in, date, clock, tc.date, tc.clock)
			}
		})
	}
	for _, in := range []string{
		"", "x", "31/02/2024", "29/02/2023", "15/13/2024", "15/09/24", "2024-9-15x", "15/09/2024 25:00",
		"15/09/2024 10:61", "15/09-2024", "60", "0", "0123", "99999999", "09/15/2024",
	} {
		t.Run("refuse "+in, func(t *testing.T) {
			date, clock, err := ParseDate(in)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %q, %q; want an error", in, date, clock)
			}
			if reliefledger.ErrorKind(err) != reliefledger.Invalid || !strings.Contains(err.Error(), "the date") {
				t.Errorf("ParseDate(%q) error = %v, want Invalid naming the date", in, err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, file string
		data       string
		max        int64
		kind       reliefledger.Kind
		want       []string // parts of the message
	}{
		{"empty", "s.csv", "", 100, reliefledger.Invalid, []string{"the statement file is empty"}},
		{"pdf", "s.pdf", "%PDF-1.4", 100, reliefledger.Unsupported, []string{`not ".pdf"`}},
		{"xls", "S.XLS", "x", 100, reliefledger.Unsupported, []string{"save it as .xlsx"}},
		{"too large", "s.csv", "date,amount\n15/09/2024,100\n", 10, reliefledger.TooLarge, []string{"larger than 10 bytes"}},
		{"random bytes xlsx", "s.xlsx", "\x8f\x01garbage\xff\x00 not a zip", 100, reliefledger.Invalid, []string{"not a valid XLSX"}},
		{"not utf-8", "s.csv", "Ng\xe0y,S\xf4 ti\xe8n\n", 100, reliefledger.Invalid, []string{"must be UTF-8"}},
		{"wrong columns", "s.csv", "Ngày GD,Nội dung,Số dư\n15/09/2024,x,100\n", 1000, reliefledger.Invalid,
			[]string{`missing the column amount ("Số tiền")`, `line 1: "Ngày GD", "Nội dung", "Số dư"`}},
		{"no known column", "s.csv", "foo,bar\n1,2\n", 1000, reliefledger.Invalid,
			[]string{"no header row in the first 20 rows", `date ("Ngày giao dịch") and amount ("Số tiền")`}},
		{"header too low", "s.csv", strings.Repeat("x\n", 20) + "date,amount\n15/09/2024,100\n", 1000, reliefledger.Invalid,
			[]string{"no header row in the first 20 rows"}},
		{"only a bom", "s.csv", "\ufeff", 100, reliefledger.Invalid, []string{"no header row"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, err := Parse(tc.file, strings.NewReader(tc.data), sheet.Limits{Bytes: tc.max})
			if err == nil {
				t.Fatalf("Parse = %+v, want an error", st)
			}
			if got := reliefledger.ErrorKind(err); got != tc.kind {
				t.Errorf("kind = %v, want %v (%v)", got, tc.kind, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// TestParseWrongColumnsXLSX checks that an XLSX without the amount column
// names it.
func TestParseWrongColumnsXLSX(t *testing.T) {
	data := xlsxBytes(t, [][]any{{"Ngày", "Diễn giải"}, {"15/09/2024", "x"}}, nil)
	_, err := Parse("s.xlsx", strings.NewReader(string(data)), sheet.Limits{Bytes: 1 << 20})
	if reliefledger.ErrorKind(err) != reliefledger.Invalid || !strings.Contains(err.Error(), "missing the column amount") {
		t.Errorf("Parse error = %v, want Invalid naming the amount column", err)
	}
}

func TestParseNeverPanics(t *testing.T) {
	inputs := []string{
		"date,amount\n\"", "date,amount\n\"\"\"", "\x00\x00\x00", "date;amount\n;;;;;;;\n", "date,amount\n,\n,,\n",
		"date\tamount\n15/09/2024\t\n", "date,amount,date,amount\n15/09/2024,1,x,y\n",
		"sep=;\ndate;amount\n15/09/2024;100\n", "date,amount\r15/09/2024,100\r",
	}
	for _, in := range inputs {
		for _, name := range []string{"a.csv", "a.xlsx"} {
			st, err := Parse(name, strings.NewReader(in), sheet.Limits{Bytes: 1 << 20})
			if err == nil {
				checkTotal(t, st)
			} else if reliefledger.ErrorKind(err) == reliefledger.Internal {
				t.Errorf("Parse(%q, %q): internal error %v", name, in, err)
			}
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1.500.000", "1,500,000.00", "(250.000)", "1 500 000 VND", "1,50", "−1.5", "đ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseAmount(s)
		if err == nil && !d.Equal(d.Round(0)) {
			t.Errorf("ParseAmount(%q) = %v: not whole đồng", s, d)
		}
	})
}

func FuzzParseCSV(f *testing.F) {
	f.Add("Ngày;Số tiền;Nội dung\n15/09/2024;1.500.000;\"a;b\"\nTổng;1;\n")
	f.Add("date,reference,amount\n15/09/2024,\"FT1,1500000\n16/09/2024,FT2,100\n")
	f.Add("date,amount,description\n15/09/2024,=1+1,x\n,,y\n2024-09-15 10:00:00,(5),z\n")
	f.Fuzz(func(t *testing.T, s string) {
		st, err := Parse("f.csv", strings.NewReader(s), sheet.Limits{Bytes: 1 << 20})
		if err != nil {
			if reliefledger.ErrorKind(err) == reliefledger.Internal {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		checkTotal(t, st)
		for _, l := range st.Lines {
			if l.Amount.IsZero() || l.Date.IsZero() || len(l.Key) != 32 {
				t.Fatalf("bad line %+v", l)
			}
		}
	})
}

// checkTotal checks that Total is the sum of the lines' and rejections'
// amounts.
func checkTotal(tb testing.TB, st Statement) {
	tb.Helper()
	sum := decimal.Zero
	for _, l := range st.Lines {
		sum = sum.Add(l.Amount)
	}
	for _, r := range st.Rejected {
		sum = sum.Add(r.Amount)
	}
	if !sum.Equal(st.Total) {
		tb.Errorf("Total = %v, but lines and rejections add up to %v", st.Total, sum)
	}
}

var decimalEqual = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

// FuzzParseDate: a date a bank wrote either is refused or lies in the
// accounting range.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"15/09/2024", "2024-09-15", "15/09/2024 10:00:00", "0000-01-01", "31/02/2024", "45000", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, _, err := ParseDate(s)
		if err != nil {
			return
		}
		if ledger.CheckDate(d) != nil {
			t.Fatalf("ParseDate(%q) = %s, outside the accounting range", s, d)
		}
	})
}
