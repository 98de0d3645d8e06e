package donations

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

func TestMaskNumbers(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"phone", "LAN ung ho 0912345678", "LAN ung ho 0912****78"},
		{"account", "MBVCB.7001234567.123456.NGUYEN THI LAN", "MBVCB.7001******.****56.NGUYEN THI LAN"},
		{"receipt kept", "Ghi trùng biên nhận POOR-2021-000004", "Ghi trùng biên nhận POOR-2021-000004"},
		{"receipt kept, phone beside it masked", "POOR-2021-000004 gọi 0912345678", "POOR-2021-000004 gọi 0912****78"},
		{"short numbers kept", "ủng hộ 500.000 đ", "ủng hộ 500.000 đ"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := MaskNumbers(c.in); got != c.want {
				t.Errorf("MaskNumbers(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// The regular expressions MaskNumbers was first written with: it must
// give what they give, on any text.
var (
	oracleRun     = regexp.MustCompile(`\+?\d[\d .-]{6,}\d`)
	oracleReceipt = regexp.MustCompile(`\b[A-Z][A-Z0-9_]{0,19}-\d{4}-\d{6}\b`)
)

func maskByOracle(s string) string {
	runs := func(s string) string {
		return oracleRun.ReplaceAllStringFunc(s, func(m string) string {
			digits := strings.Count(m, "0") + strings.Count(m, "1") + strings.Count(m, "2") + strings.Count(m, "3") +
				strings.Count(m, "4") + strings.Count(m, "5") + strings.Count(m, "6") + strings.Count(m, "7") +
				strings.Count(m, "8") + strings.Count(m, "9")
			if digits < 8 {
				return m
			}
			seen := 0
			var b strings.Builder
			for _, r := range m {
				if r >= '0' && r <= '9' {
					if seen++; seen > 4 && seen <= digits-2 {
						r = '*'
					}
				}
				b.WriteRune(r)
			}
			return b.String()
		})
	}
	var b strings.Builder
	last := 0
	for _, loc := range oracleReceipt.FindAllStringIndex(s, -1) {
		b.WriteString(runs(s[last:loc[0]]))
		b.WriteString(s[loc[0]:loc[1]])
		last = loc[1]
	}
	b.WriteString(runs(s[last:]))
	return b.String()
}

func TestMaskNumbersAsTheExpression(t *testing.T) {
	pieces := []string{"0", "1", "9", "5", "12", "0912", " ", ".", "-", "+", "A", "POOR", "COVID_19", "x", "đ", "ủng hộ", "\x00", "\xff", "_",
		"-2021-", "000004", "POOR-2021-000004", "+84", " 3-17 ", "7001234567", "MBVCB.", "NGUYEN THI LAN", "ab", "*"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(14); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := MaskNumbers(s), maskByOracle(s); got != want {
			t.Fatalf("MaskNumbers(%q) = %q, the expression gives %q", s, got, want)
		}
	}
}

func FuzzMaskNumbers(f *testing.F) {
	for _, s := range []string{"LAN ung ho 0912345678", "MBVCB.7001234567.123456.NGUYEN THI LAN", "POOR-2021-000004 gọi 0912345678",
		"+84 912 345 678", "1234567-", "+1234567", "++12345678", "a-1234-123456-2021-000004"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := MaskNumbers(s), maskByOracle(s); got != want {
			t.Fatalf("MaskNumbers(%q) = %q, the expression gives %q", s, got, want)
		}
	})
}

func BenchmarkMaskNumbers(b *testing.B) {
	s := "MBVCB.7001234567.123456.NGUYEN THI LAN chuyen tien ung ho dong bao mien Trung 0912345678"
	for b.Loop() {
		MaskNumbers(s)
	}
}
