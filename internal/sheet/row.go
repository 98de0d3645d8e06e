package sheet

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Kind flags what a cell holds beyond its text.
type Kind uint8

// The kinds of cell. A CSV cell is only ever a Formula: one that starts
// with "=", which a spreadsheet opening the file would run.
const (
	Number  Kind = 1 << iota // an XLSX number: Value is the number as stored, in full
	Date                     // an XLSX date or time: a Number shown as a date, or an ISO 8601 date cell; see Row.Time
	Formula                  // a formula: its cached value cannot be trusted
)

// Row is one row of a sheet. It is valid until the next call to
// Table.Next; a caller may change Cells in place.
type Row struct {
	// Number is the row's number as Excel shows it: 1-based, counting the
	// rows above the header. In a CSV file a blank line is a row, and a
	// quoted cell spanning lines is one row.
	Number int
	// Cells holds the text of each cell as the spreadsheet shows it,
	// without the spaces around it (fold.TrimSpace). An XLSX number whose
	// shown text would lose digits (7.91234568E+11) or add a zero fraction
	// (4.00) is shown as stored instead.
	Cells []string
	// Problem, when not "", says why a CSV line could not be split into
	// cells (Cells is then empty): a message for users.
	Problem string

	kinds    []Kind   // by cell; nil when no cell has a kind
	values   []string // by cell: the stored value of Number and Date cells
	date1904 bool

	csv        bool
	data       []byte // the CSV file: the row is data[start:end], maybe after blank lines
	start, end int
	raw        string // the text of a CSV row with a Problem
}

// Kind returns the kind of cell i.
func (r *Row) Kind(i int) Kind {
	if r.csv {
		if i >= 0 && i < len(r.Cells) && strings.HasPrefix(r.Cells[i], "=") {
			return Formula
		}
		return 0
	}
	if i >= 0 && i < len(r.kinds) {
		return r.kinds[i]
	}
	return 0
}

// Cell returns the text of cell i, or "" past the row's end.
func (r *Row) Cell(i int) string {
	if i >= 0 && i < len(r.Cells) {
		return r.Cells[i]
	}
	return ""
}

// Value returns cell i as stored: the full number of a Number cell
// ("1500000" where "1,500,000" is shown, "45550.5" for a date), the ISO
// text of a date cell, and otherwise the cell's text.
func (r *Row) Value(i int) string {
	if i >= 0 && i < len(r.values) && r.values[i] != "" {
		return r.values[i]
	}
	return r.Cell(i)
}

// Time returns the date and time a Date or Number cell stands for, read as
// an Excel serial date in the workbook's date system; ok is false for
// other cells.
func (r *Row) Time(i int) (t time.Time, ok bool) {
	k := r.Kind(i)
	switch {
	case k&Number != 0:
		v, err := strconv.ParseFloat(r.Value(i), 64)
		if err != nil {
			return time.Time{}, false
		}
		return SerialTime(v, r.date1904)
	case k&Date != 0:
		for _, layout := range []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, r.Value(i)); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// Text returns the row as written: a CSV line as it is in the file,
// without its line end; an XLSX row as its cells' values joined by " | ",
// without the empty cells at its end.
func (r *Row) Text() string {
	if r.csv {
		if r.Problem != "" {
			return r.raw
		}
		return strings.Trim(string(r.data[r.start:r.end]), "\r\n")
	}
	n := len(r.Cells)
	for n > 0 && r.Value(n-1) == "" {
		n--
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = r.Value(i)
	}
	return strings.Join(parts, " | ")
}

// maxSerial is 9999-12-31, the last day Excel shows.
const maxSerial = 2958465

// SerialTime converts an Excel serial date (days since 1899-12-30, the
// time of day as a fraction) in the 1900 date system, or in the 1904 one
// when date1904 is set. In the 1900 system Excel counts 1900-02-29, which
// never was, as day 60: ok is false for it, and days before it are one
// off. The time is rounded to the second.
func SerialTime(v float64, date1904 bool) (t time.Time, ok bool) {
	if math.IsNaN(v) || v < 1 || v >= maxSerial+1 {
		return time.Time{}, false
	}
	days := int(math.Floor(v))
	secs := int(math.Round((v - float64(days)) * 86400))
	if secs >= 86400 {
		days, secs = days+1, secs-86400
	}
	switch {
	case date1904:
		t = time.Date(1904, 1, 1+days, 0, 0, secs, 0, time.UTC)
	case days == 60:
		return time.Time{}, false
	case days < 60:
		t = time.Date(1899, 12, 31+days, 0, 0, secs, 0, time.UTC)
	default:
		t = time.Date(1899, 12, 30+days, 0, 0, secs, 0, time.UTC)
	}
	if t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

// Range is a merged range of cells.
type Range struct {
	Ref                string // as written: "E3:E5"
	FirstCol, FirstRow int    // 1-based
	LastCol, LastRow   int
}

// ColumnLetters names a 0-based cell index as Excel does: 0 → "A", 26 → "AA".
func ColumnLetters(i int) string {
	var s []byte
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		s = append([]byte{byte('A' + (n-1)%26)}, s...)
	}
	return string(s)
}
