package xlsxw

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestAppendDecimal(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "1500000": "1500000", "12.345": "12.345", "-0.05": "-0.05", "-12.500": "-12.5", "0.000": "0",
		"1e3": "1000", "-7e-20": "-0.00000000000000000007", "123456789012345678901234.5000": "123456789012345678901234.5",
		"0.000001": "0.000001", "999999999999999999": "999999999999999999",
	} {
		if got, _ := appendDecimal(nil, dec(in)); string(got) != want {
			t.Errorf("decimal %s written %s, want %s", in, got, want)
		}
	}
}

func TestAppendText(t *testing.T) {
	long := strings.Repeat("ab", 20000)
	if got := appendText(nil, long, maxChars); len(got) != maxChars {
		t.Errorf("text capped at %d characters, want %d", len(got), maxChars)
	}
	if got := string(appendText(nil, "😀😀", 3)); got != "😀" {
		t.Errorf("cap counts UTF-16 units: %q", got)
	}
	if got := string(appendText(nil, "a<\"\x0b\x1f\ufffe\xffb_x00e9_ _x", 100)); got != "a&lt;&quot;\uFFFDb_x005F_x00e9_ _x" {
		t.Errorf("escaped %q", got)
	}
}

// TestDates checks the day serials at Excel's edges, and that a date it
// cannot hold stays readable as text.
func TestDates(t *testing.T) {
	wb := New(io.Discard, ict)
	for _, c := range []struct {
		name string
		in   any
		kind valueKind
		want string
		st   int
	}{
		{"first day", day(1900, 1, 1), numberValue, "1", classDate},
		{"before the false leap day", day(1900, 2, 28), numberValue, "59", classDate},
		{"after it", day(1900, 3, 1), numberValue, "61", classDate},
		{"accounting date", day(2024, 1, 15), numberValue, "45306", classDate},
		{"last day", day(9999, 12, 31), numberValue, "2958465", classDate},
		{"before 1900", day(1899, 12, 31), textValue, "1899-12-31", classColumn},
		{"after 9999", day(10000, 1, 1), textValue, "10000-01-01", classColumn},
		{"unset", day(0, 0, 0), emptyValue, "", classColumn},
		{"time in the workbook's zone", time.Date(2024, 1, 15, 17, 0, 0, 0, time.UTC), numberValue, "45307", classTime},
	} {
		kind, st, err := wb.scalar(c.in)
		got := string(wb.tmp)
		if kind == emptyValue {
			got = ""
		}
		if err != nil || kind != c.kind || got != c.want || st != c.st {
			t.Errorf("%s: %v %q class %d (%v), want %v %q class %d", c.name, kind, got, st, err, c.kind, c.want, c.st)
		}
	}
}
