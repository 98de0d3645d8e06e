package ledger_test

import (
	"strings"
	"testing"

	"reliefledger/ledger"
)

// TestParseDecimal covers the edge parser every API, command and file
// reader uses for amounts and quantities: what text it refuses, and why.
func TestParseDecimal(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		scale int32
		want  string // the value, or the start of the error
	}{
		{"whole", "1500000", 0, "1500000"},
		{"negative", "-1500000", 0, "-1500000"},
		{"fraction within scale", "12.5", 3, "12.5"},
		{"exponent", "1e3", 0, "must be a plain decimal"},
		{"negative zero", "-0", 0, "must not be a negative zero"},
		{"letters", "abc", 0, "must be a plain decimal"},
		{"thousands separator", "1,500,000", 0, "must be a plain decimal"},
		{"dots as thousands", "1.500.000", 0, "must be a plain decimal"},
		{"empty", "", 0, "must be a plain decimal"},
		{"leading zero", "0123", 0, "must be a plain decimal"},
		{"spaces", " 12", 0, "must be a plain decimal"},
		{"decimals on đồng", "12.345", 0, "must be a whole number"},
		{"trailing zeros beyond scale", "1.50", 1, "allows at most 1 decimals"},
		{"too many decimals", "1.2345", 3, "allows at most 3 decimals"},
		{"21 digits", "123456789012345678901", 0, "is too large"},
		{"40 digits", strings.Repeat("9", 40), 0, "is too large"},
		{"20 digits", "12345678901234567890", 0, "12345678901234567890"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ledger.ParseDecimal(tt.in, tt.scale)
			got := d.String()
			if err != nil {
				got = err.Error()
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("ParseDecimal(%q, %d) = %q, want %q…", tt.in, tt.scale, got, tt.want)
			}
		})
	}
}

// TestCheckDecimal is the domain's check of typed values: decimals count
// by value, not by how they were written.
func TestCheckDecimal(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		scale int32
		ok    bool
	}{
		{"whole đồng", "1500000", 0, true},
		{"trailing zeros", "500000.000000", 0, true},
		{"fraction of a đồng", "0.5", 0, false},
		{"rice grams", "12.345", 3, true},
		{"below a gram", "12.3456", 3, false},
		{"20 digits", "-99999999999999999999", 0, true},
		{"21 digits", "100000000000000000000", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ledger.CheckDecimal(d(tt.in), tt.scale); (err == nil) != tt.ok {
				t.Errorf("CheckDecimal(%s, %d) = %v, want ok=%v", tt.in, tt.scale, err, tt.ok)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"20/07/2021", "2021-7-20", "2021-02-30", ""} {
		if _, err := ledger.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	if d, err := ledger.ParseDate("2021-07-20"); err != nil || d.String() != "2021-07-20" {
		t.Errorf("ParseDate(2021-07-20) = %v, %v", d, err)
	}
}

// FuzzParseDecimal: whatever the text, the edge parser either refuses it
// or returns a value that prints back to a text it accepts again, within
// its scale and the database's 20 integer digits.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1500000", "-12.5", "0", "1e3", "-0", "1,500", "99999999999999999999", "0.000001", "", "٣"} {
		f.Add(s, int8(3))
	}
	f.Fuzz(func(t *testing.T, s string, scale int8) {
		sc := int32(scale) & 7
		d, err := ledger.ParseDecimal(s, sc)
		if err != nil {
			return
		}
		if err := ledger.CheckDecimal(d, sc); err != nil {
			t.Fatalf("ParseDecimal(%q, %d) = %s, which CheckDecimal refuses: %v", s, sc, d, err)
		}
		if again, err := ledger.ParseDecimal(d.String(), ledger.MaxScale); err != nil || !again.Equal(d) {
			t.Fatalf("ParseDecimal(%q) = %s does not read back: %v", s, d, err)
		}
	})
}

// FuzzParseDate: an accepted date lies in the range and prints back.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2021-07-20", "0000-01-01", "2021-02-29", "9999-12-31", "2021-7-2", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ledger.ParseDate(s)
		if err != nil {
			return
		}
		if ledger.CheckDate(d) != nil || d.String() != s {
			t.Fatalf("ParseDate(%q) = %s", s, d)
		}
	})
}
