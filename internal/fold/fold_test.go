package fold

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"kinh woman", "Trần Thị Bé", "tran thi be"},
		{"đ lower and upper", "Đặng Văn Đức", "dang van duc"},
		{"capital Đ alone", "Đ", "d"},
		{"khmer name", "Thạch Thị Sóc Khum", "thach thi soc khum"},
		{"every tone on a", "a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ", "a a a a a a a a a a a a a a a a a a"},
		{"horn letters", "ƠỚỜỞỠỢ ƯỨỪỬỮỰ", "oooooo uuuuuu"},
		{"spaces collapsed and trimmed", "  Tổng \t Cộng\n ", "tong cong"},
		{"non-breaking space", "Nguyễn\u00a0Văn\u00a0An", "nguyen van an"},
		{"zero-width space between words", "Nguyễn\u200bThị Hoa", "nguyen thi hoa"},
		{"zero-width space next to a space", "Nguyễn \u200bThị\u200b Hoa\u200b", "nguyen thi hoa"},
		{"byte-order mark in front", "\ufeffTrần Thị Bé", "tran thi be"},
		{"byte-order mark between words", "Trần\ufeffThị Bé", "tran thi be"},
		{"joiners dropped inside a word", "Ng\u200duy\u200cễn\u2060 Văn", "nguyen van"},
		{"decomposed (NFD) input", norm.NFD.String("Nguyễn Thị Ánh Tuyết"), "nguyen thi anh tuyet"},
		{"decomposed Đ stays d", norm.NFD.String("Đỗ Đình"), "do dinh"},
		{"stray combining mark", "Le\u0301 \u0301", "le"},
		{"ascii folded already", "ung ho mien trung", "ung ho mien trung"},
		{"ascii upper", "UNG HO MIEN TRUNG 2021", "ung ho mien trung 2021"},
		{"punctuation kept", "Công ty TNHH Mê Kông (CN Sóc Trăng)", "cong ty tnhh me kong (cn soc trang)"},
		{"other scripts lower-cased", "ΑΒΓ Ж", "αβγ ж"},
		{"only spaces", " \u200b\ufeff\u00a0 ", ""},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := String(tc.in); got != tc.want {
				t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if got := string(Append([]byte("x|"), tc.in)); got != "x|"+tc.want {
				t.Errorf("Append(x|, %q) = %q, want %q", tc.in, got, "x|"+tc.want)
			}
		})
	}
}

func TestStringFoldedDoesNotAllocate(t *testing.T) {
	s := "nguyen thi hoa"
	if n := testing.AllocsPerRun(100, func() { String(s) }); n != 0 {
		t.Errorf("String(%q) allocates %v times", s, n)
	}
	for _, s := range []string{" a", "a ", "a  b", "A", "a\tb", "ă"} {
		if folded(s) {
			t.Errorf("folded(%q) = true", s)
		}
	}
}

func TestTrimSpace(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "ST-0001", "ST-0001"},
		{"ascii spaces", " \tST-0001\r\n", "ST-0001"},
		{"nbsp", "\u00a0Phường 2\u00a0", "Phường 2"},
		{"bom and zero-width space", "\ufeff\u200bTrần Thị Bé\u200b", "Trần Thị Bé"},
		{"word joiner", "\u2060079123456789\u200d", "079123456789"},
		{"inside kept", "Trần\u200bThị", "Trần\u200bThị"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := TrimSpace(tc.in); got != tc.want {
				t.Errorf("TrimSpace(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"Trần Thị Bé", "Nguyễn\u200bThị", "\ufeffĐ", " a  b "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := String(s)
		if again := String(got); again != got {
			t.Errorf("String is not idempotent on %q: %q then %q", s, got, again)
		}
		// Decomposed text folds alike where the table reaches: Latin
		// letters with diacritics (Hangul, say, decomposes into letters).
		if nfd := String(norm.NFD.String(s)); nfd != got && latin(s) {
			t.Errorf("String(NFD(%q)) = %q, want %q", s, nfd, got)
		}
	})
}

// latin reports whether s is Latin letters, marks and other text before
// U+0250, or Latin Extended Additional (where every Vietnamese letter is):
// the scripts whose decomposed and composed forms fold alike. (Scripts
// with spacing vowel signs, such as Balinese, decompose into two letters
// and are left as they are.)
func latin(s string) bool {
	for _, r := range s {
		if r >= 0x250 && !(r >= 0x300 && r < 0x370) && !(r >= 0x1E00 && r < 0x1F00) {
			return false
		}
	}
	return true
}

var sink string

func BenchmarkString(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"vietnamese", "Ủng hộ đồng bào miền Trung – Nguyễn Thị Ánh Tuyết"},
		{"ascii", "UNG HO DONG BAO MIEN TRUNG NGUYEN THI ANH TUYET"},
		{"folded", "ung ho dong bao mien trung nguyen thi anh tuyet"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = String(bc.in)
			}
		})
	}
}
