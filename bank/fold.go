package bank

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldTable maps each rune from U+0080 to U+1EFF, which holds every
// Vietnamese letter, to its lower-case base letter ('Ế' → 'e', 'Đ' → 'd'),
// or to -1 for a combining mark, which folding drops. A table keeps folding
// free of allocations: it runs on two cells of every line.
var foldTable = sync.OnceValue(func() []rune {
	t := make([]rune, foldTableEnd-0x80)
	for r := rune(0x80); r < foldTableEnd; r++ {
		switch {
		case unicode.Is(unicode.Mn, r):
			t[r-0x80] = -1
		case r == 'đ' || r == 'Đ':
			t[r-0x80] = 'd'
		default:
			base, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r)))
			t[r-0x80] = unicode.ToLower(base)
		}
	}
	return t
})

const foldTableEnd = 0x1F00

// appendFold appends s to dst without case or diacritics, with runs of
// spaces made one space and no space at either end.
func appendFold(dst []byte, s string) []byte {
	table := foldTable()
	pending, started := false, false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if asciiSpace(byte(r)) {
				pending = true
				continue
			}
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		case isSpace(r):
			pending = true
			continue
		case r < foldTableEnd:
			if r = table[r-0x80]; r < 0 {
				continue
			}
		case unicode.Is(unicode.Mn, r):
			continue
		default:
			r = unicode.ToLower(r)
		}
		if pending && started {
			dst = append(dst, ' ')
		}
		pending, started = false, true
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// fold returns s without case or diacritics and with spaces collapsed:
// "  Tổng  Cộng " → "tong cong".
func fold(s string) string { return string(appendFold(nil, s)) }

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// isSpace counts as space the zero-width space and the byte-order mark that
// copying from web banking leaves in cells.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// clean trims spaces, including non-breaking and zero-width ones.
func clean(s string) string {
	if s == "" || (s[0] > ' ' && s[0] < utf8.RuneSelf && s[len(s)-1] > ' ' && s[len(s)-1] < utf8.RuneSelf) {
		return s // most cells: skip TrimFunc
	}
	return strings.TrimFunc(s, isSpace)
}
