// Package i18n is the product's one translation table: every text a user
// reads in a workbook (titles, headers, labels, enum values, definitions,
// signature blocks) in Vietnamese, the default, and English. The web pages
// are to take their text from the same table.
//
// A text is declared once, with its key and both languages side by side
// (table.go), as a package variable of type Key that code refers to, so a
// missing text is a compile error rather than an English word in a
// Vietnamese workbook. Texts keyed by data (an account type, an entry
// kind, a role) are declared the same way under a group, "account_type.
// asset", and looked up with Enum; Has tells whether one exists. Keys are
// plain strings, so a template can name them too.
//
// Texts with arguments are fmt formats; both languages take the same
// arguments (a test checks the verbs). Numbers and dates inside text are
// formatted by Lang: 1.250,5 and 31/07/2021 in Vietnamese, 1,250.5 and
// 2021-07-31 in English.
package i18n

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Lang is a language of the table.
type Lang uint8

const (
	VI Lang = iota // Vietnamese, the default
	EN
)

// ParseLang is EN for "en" (any case, with or without a region), VI for
// anything else.
func ParseLang(s string) Lang {
	if s = strings.ToLower(s); s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_") {
		return EN
	}
	return VI
}

// Code is the language's tag, "vi-VN" or "en".
func (l Lang) Code() string {
	if l == EN {
		return "en"
	}
	return "vi-VN"
}

// Key names a text of the table.
type Key string

// Text is a text in both languages.
type Text struct{ VI, EN string }

// In is the text in l.
func (t Text) In(l Lang) string {
	if l == EN {
		return t.EN
	}
	return t.VI
}

var table = map[Key]Text{}

// def declares a text; a key declared twice is a programming error.
func def(k Key, vi, en string) Key {
	if _, dup := table[k]; dup {
		panic("i18n: " + string(k) + " declared twice")
	}
	table[k] = Text{VI: vi, EN: en}
	return k
}

// T is the text of k in l: the key itself, in brackets, when the table has
// no such text, so that a gap shows (and a test scanning the workbooks
// finds it) instead of passing for a translation.
func T(l Lang, k Key) string {
	t, ok := table[k]
	if !ok {
		return "⟦" + string(k) + "⟧"
	}
	return t.In(l)
}

// F formats the text of k in l with args, as fmt.Sprintf.
func F(l Lang, k Key, args ...any) string { return fmt.Sprintf(T(l, k), args...) }

// Has reports whether the table has a text for k.
func Has(k Key) bool {
	_, ok := table[k]
	return ok
}

// Enum is the key of a value of a group: Enum("account_type", "asset") is
// "account_type.asset".
func Enum(group, value string) Key { return Key(group + "." + value) }

// Value is the text of a value of a group in l, or the value itself when
// the table has none (data the product does not know, such as a source
// type an API client made up).
func Value(l Lang, group, value string) string {
	if t, ok := table[Enum(group, value)]; ok {
		return t.In(l)
	}
	return value
}

// Keys lists the table's keys, for tests.
func Keys() []Key {
	out := make([]Key, 0, len(table))
	for k := range table {
		out = append(out, k)
	}
	return out
}

// Lookup returns the text of k, for tests.
func Lookup(k Key) (Text, bool) {
	t, ok := table[k]
	return t, ok
}

// CalendarDate is a date without time of day, such as ledger.Date.
type CalendarDate interface {
	IsZero() bool
	Date() (year int, month time.Month, day int)
}

// Date formats d as the language writes dates: dd/mm/yyyy in Vietnamese,
// yyyy-mm-dd in English; a zero date is "".
func (l Lang) Date(d CalendarDate) string {
	if d.IsZero() {
		return ""
	}
	y, m, dd := d.Date()
	if l == EN {
		return fmt.Sprintf("%04d-%02d-%02d", y, m, dd)
	}
	return fmt.Sprintf("%02d/%02d/%04d", dd, m, y)
}

// Time formats t (in its own location) with its time of day.
func (l Lang) Time(t time.Time) string {
	return l.Date(t) + t.Format(" 15:04:05")
}

// DateFormat and DateTimeFormat are the spreadsheet number formats of the
// language's dates.
func (l Lang) DateFormat() string {
	if l == EN {
		return "yyyy-mm-dd"
	}
	return "dd/mm/yyyy"
}

// DateTimeFormat is the spreadsheet number format of a date and time.
func (l Lang) DateTimeFormat() string { return l.DateFormat() + " hh:mm:ss" }

// Number formats d with places decimals (rounded half away from zero) and
// the language's separators: 1.250,50 in Vietnamese, 1,250.50 in English.
// A negative places keeps d's own decimals.
func (l Lang) Number(d decimal.Decimal, places int32) string {
	s := d.String()
	if places >= 0 {
		s = d.StringFixed(places)
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	thousands, point := ",", "."
	if l == VI {
		thousands, point = ".", ","
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}

// Count formats a whole number with the language's thousands separator.
func (l Lang) Count(n int) string { return l.Number(decimal.NewFromInt(int64(n)), 0) }
