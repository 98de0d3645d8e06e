// Package fold folds text for comparisons and search indexes that ignore
// case, diacritics and spacing: "  Trần  Thị Bé " and "tran thi be" fold
// alike, as do "Đặng" and "dang". Every accent-free comparison in the
// service goes through it, so that what is stored in a search column and
// what a user types fold the same way.
//
// Folding drops combining marks, so text in NFD (decomposed, as some
// keyboards and macOS file names produce it) folds like text in NFC. Text
// pasted from web pages and banking sites brings invisible characters with
// it: the zero-width space (U+200B) and the byte-order mark (U+FEFF) count
// as spaces, and the zero-width joiner, non-joiner and word joiner (U+200D,
// U+200C, U+2060) are dropped.
package fold

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// String returns s without case or diacritics, with runs of spaces made one
// space and no space at either end: "  Tổng  Cộng " → "tong cong",
// "Đ" → "d". It does not allocate when s is already folded.
func String(s string) string {
	if folded(s) {
		return s
	}
	b := Append(make([]byte, 0, len(s)), s)
	if len(b) == 0 {
		return ""
	}
	// b is not kept: share its bytes rather than copy them, as
	// strings.Builder does.
	return unsafe.String(&b[0], len(b))
}

// Append appends String(s) to dst.
func Append(dst []byte, s string) []byte {
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
		case r < tableEnd:
			switch r = table[r-utf8.RuneSelf]; r {
			case drop:
				continue
			case space:
				pending = true
				continue
			}
		case IsSpace(r):
			pending = true
			continue
		case ignorable(r) || unicode.Is(unicode.Mn, r):
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

// IsSpace reports whether folding reads r as a space: a Unicode space, or
// the zero-width space or byte-order mark that copying from the web leaves
// in text.
func IsSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// TrimSpace returns s without the spaces (IsSpace) and the zero-width
// joiners at either end.
func TrimSpace(s string) string {
	if s == "" || (s[0] > ' ' && s[0] < utf8.RuneSelf && s[len(s)-1] > ' ' && s[len(s)-1] < utf8.RuneSelf) {
		return s // most cells: spare TrimFunc
	}
	return strings.TrimFunc(s, func(r rune) bool { return IsSpace(r) || ignorable(r) })
}

// ignorable reports whether r is a zero-width joiner or non-joiner or a
// word joiner: invisible, and neither a letter nor a space.
func ignorable(r rune) bool { return r == '\u200c' || r == '\u200d' || r == '\u2060' }

// The table's marks for runes that fold to nothing or to a space.
const (
	drop  rune = -1
	space rune = -2
)

// tableEnd bounds the table: up to U+1EFF it holds every Vietnamese letter
// (Latin Extended Additional ends there), and every Latin letter with
// diacritics.
const tableEnd = 0x1F00

// foldTable maps each rune from U+0080 to tableEnd to what it folds to: its
// lower-case base letter ('Ế' → 'e', 'Đ' → 'd'), drop for a combining mark,
// or space. A table keeps folding free of allocations and x/text's
// transformer chains out of the loop: it runs on cells of every line of
// a statement.
var foldTable = sync.OnceValue(func() []rune {
	t := make([]rune, tableEnd-utf8.RuneSelf)
	for r := rune(utf8.RuneSelf); r < tableEnd; r++ {
		switch {
		case unicode.Is(unicode.Mn, r):
			t[r-utf8.RuneSelf] = drop
		case IsSpace(r):
			t[r-utf8.RuneSelf] = space
		case r == 'đ' || r == 'Đ':
			t[r-utf8.RuneSelf] = 'd'
		default:
			t[r-utf8.RuneSelf] = unicode.ToLower(baseOf(r))
		}
	}
	return t
})

// baseOf is r without its combining marks: the one rune left of its
// decomposition once the marks (Mn) are dropped, or r itself when more or
// none are left. (Taking the decomposition's first rune would not do: in
// some scripts it is a mark, which a second fold drops.)
func baseOf(r rune) rune {
	var base rune = -1
	for _, c := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if base >= 0 {
			return r
		}
		base = c
	}
	if base < 0 {
		return r
	}
	return base
}

// folded reports whether String(s) == s: lower-case ASCII without leading,
// trailing or repeated spaces, and spaces only as ' '.
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf || ('A' <= c && c <= 'Z'):
			return false
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
		case asciiSpace(c):
			return false
		}
	}
	return true
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
