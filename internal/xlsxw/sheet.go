package xlsxw

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Kind says how a column's values are written and styled.
type Kind int

const (
	Text     Kind = iota // always a string cell (inline string), never a formula, whatever it starts with (=, +, -, @)
	Integer              // whole number without separators, format 0 (IDs, entry and line numbers)
	Money                // whole amounts with thousands separators, format #,##0 (đồng have no minor unit)
	Quantity             // number with thousands separators and Col.Decimals decimals, the same for every value of the column
	Date                 // a date: day serial in the workbook's date format (Setup.DateFormat), so a spreadsheet sees a real date
	Percent              // a number like 87.5 meaning 87.5 %, with Col.Decimals decimals (no % scaling)
	Count                // how many of something: whole number with thousands separators, format #,##0
)

// Col is one column of a table.
type Col struct {
	Title string
	// Width is in characters (the width of a digit); 0 leaves the
	// spreadsheet's default. A title's longest word widens its column so
	// that the header wraps between words and is never cut.
	Width float64
	Kind  Kind
	// Decimals is how many decimals a Quantity or Percent column shows,
	// for every value alike.
	Decimals int
	// Wrap wraps a Text column's long values onto more lines.
	Wrap bool
}

// Formula is a cell formula with its cached value, which spreadsheets show
// before they recalculate. Expr is written without the leading '='.
type Formula struct {
	Expr  string
	Value any
}

// CalendarDate is a date without time of day or zone, such as ledger.Date.
// Row writes it as a day serial in the workbook's date format, and a zero
// one as an empty cell. (time.Time has the same methods but is written
// with its time of day.)
type CalendarDate interface {
	IsZero() bool
	Date() (year int, month time.Month, day int)
}

// Sheet is a sheet being written: a title above one or more tables, each a
// header row, data rows and an optional total, then notes and signatures.
// Row, Total, Table, Note and Signatures append to it until the workbook
// starts another sheet or closes.
type Sheet struct {
	wb      *Workbook
	base    string
	page    Page
	widths  []float64 // the sheet's column widths: its first table's
	cols    []Col     // the current table's columns
	cs      []colStyle
	hs      []int // the current table's header styles
	limit   int   // maxRows when the sheet started
	parts   []int // indexes into wb.parts
	row     int   // last row written in the current part
	rows    int   // data rows of the current table, in all parts
	spans   []span
	merges  []string // merged ranges of the current part
	rowOpen string   // the attributes after a data row's number
	done    bool
	closed  bool // the current table takes no more rows: it has its total, a note or signatures
	noted   bool // a note or signatures follow the current table
	wraps   bool // the current table has a column that wraps
}

// span is where some of the current table's data rows are: n rows from
// row first of part (an index into Sheet.parts).
type span struct{ part, first, n int }

// Row appends a data row to the current table, one value per column:
// string, int and other Go integers, float64, decimal.Decimal,
// decimal.NullDecimal (null: empty), a CalendarDate (zero: empty),
// time.Time (date and time), bool, nil (empty) or Formula. Strings are
// always text; the column's kind picks the number format of numbers. A
// full sheet continues on "<name> (2)", … with the table's header.
func (s *Sheet) Row(values ...any) error {
	if len(values) > len(s.cols) {
		return fmt.Errorf("xlsxw: %d values for %d columns", len(values), len(s.cols))
	}
	return s.add(values, false)
}

// Rows returns the data rows of the current table written so far, across
// all parts of the sheet.
func (s *Sheet) Rows() int { return s.rows }

// NextRow is the sheet row the next Row lands on while the sheet has one
// part, which is how a row's formula refers to its own cells and a later
// row to an earlier one.
func (s *Sheet) NextRow() int { return s.row + 1 }

// Total appends a bold total row to the current table: label in the first
// column and, for each column index in sums, a SUM over that column's
// data rows in every part of the sheet, cached as sums[i] so it shows
// before a spreadsheet recalculates. The table takes no more rows after
// it; another Table, a Note or Signatures may follow.
func (s *Sheet) Total(label string, sums map[int]decimal.Decimal) error {
	if err := s.usable(); err != nil {
		return err
	}
	values := make([]any, len(s.cols))
	if label != "" {
		values[0] = label
	}
	for i, d := range sums {
		if i < 0 || i >= len(s.cols) || (i == 0 && label != "") {
			return fmt.Errorf("xlsxw: no column %d to total", i)
		}
		values[i] = Formula{Expr: s.sumExpr(i), Value: d}
	}
	if err := s.add(values, true); err != nil {
		return err
	}
	s.closed = true
	return nil
}

// Table ends the current table and starts another below it on the same
// sheet, after a blank row: its header row of cols, then its rows. It has
// at most as many columns as the sheet's first table, whose widths it
// keeps; the filter and the titles printed on every page stay the first
// table's.
func (s *Sheet) Table(cols []Col) error {
	if err := s.usableAfterTotal(); err != nil {
		return err
	}
	if len(cols) == 0 || len(cols) > len(s.widths) {
		return fmt.Errorf("xlsxw: %d columns, want 1 to %d", len(cols), len(s.widths))
	}
	if err := checkKinds(cols); err != nil {
		return err
	}
	wb := s.wb
	wb.parts[s.parts[len(s.parts)-1]].filterOpen = false
	s.cols = append([]Col(nil), cols...)
	s.cs, s.hs = wb.columnStyles(s.cols)
	s.wraps = slices.ContainsFunc(cols, func(c Col) bool { return c.Wrap })
	s.rows, s.closed, s.noted = 0, false, false
	if s.row+2 >= s.limit {
		s.finishPart()
		s.startPart()
		return wb.err
	}
	r := s.row + 2
	b := s.headerRow(wb.frame[:0], r)
	wb.frame = b
	s.row = r
	s.spans = []span{{part: len(s.parts) - 1, first: r + 1}}
	return wb.write(b)
}

// sumExpr is the SUM over column i's data rows of the current table in
// every part. Parts are named when there are several, or when the total
// lands on a continuation of its own. Without data it sums the header
// cell, which is text and adds 0, rather than the total's own cell, which
// would be a circular reference.
func (s *Sheet) sumExpr(i int) string {
	letter := colNames[i]
	b := append(s.wb.tmp[:0], "SUM("...)
	withData := 0
	for _, sp := range s.spans {
		if sp.n > 0 {
			withData++
		}
	}
	full := s.row >= s.limit
	qualify := withData > 1 || (withData == 1 && full)
	first := true
	for _, sp := range s.spans {
		if sp.n == 0 {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		if qualify {
			b = append(b, '\'')
			b = append(b, strings.ReplaceAll(s.wb.parts[s.parts[sp.part]].name, "'", "''")...)
			b = append(b, "'!"...)
		}
		b = append(b, letter...)
		b = strconv.AppendInt(b, int64(sp.first), 10)
		b = append(b, ':')
		b = append(b, letter...)
		b = strconv.AppendInt(b, int64(sp.first+sp.n-1), 10)
	}
	if withData == 0 {
		h := strconv.Itoa(s.spans[len(s.spans)-1].first - 1)
		b = append(b, letter+h+":"+letter+h...)
	}
	b = append(b, ')')
	s.wb.tmp = b
	return string(b)
}

// usable reports why no data row can be appended to s, if so.
func (s *Sheet) usable() error {
	if err := s.usableAfterTotal(); err != nil {
		return err
	}
	if s.closed {
		return fmt.Errorf("xlsxw: sheet %q: the table is closed by its total, a note or signatures", s.base)
	}
	return nil
}

// usableAfterTotal reports why nothing at all can be appended to s, if so.
func (s *Sheet) usableAfterTotal() error {
	switch {
	case s.wb.err != nil:
		return s.wb.err
	case s.done:
		return fmt.Errorf("xlsxw: sheet %q is finished", s.base)
	}
	return nil
}

// add assembles a data or total row, then writes it, continuing on a new
// part first when the current one is full. Assembling first means a bad
// value leaves the sheet untouched.
func (s *Sheet) add(values []any, total bool) error {
	if err := s.usable(); err != nil {
		return err
	}
	wb := s.wb
	full := s.row >= s.limit
	r := s.row + 1
	if full {
		r = header + 1
	}
	wb.num = strconv.AppendInt(wb.num[:0], int64(r), 10)
	b := append(wb.row[:0], `<row r="`...)
	b = append(b, wb.num...)
	if ht := s.wrapHeight(values); ht > 0 {
		b = append(b, `" ht="`...)
		b = strconv.AppendFloat(b, ht, 'f', -1, 64)
		b = append(b, `" customHeight="1">`...)
	} else {
		b = append(b, s.rowOpen...)
	}
	var err error
	for i, v := range values {
		if b, err = wb.appendCell(b, i, &s.cs[i], total, v); err != nil {
			wb.row = b
			return err
		}
	}
	for i := len(values); i < len(s.cols); i++ { // borders round the cells left out
		b = openCell(b, i, wb.num, s.cs[i].plain[classColumn])
		b = append(b, "/>"...)
	}
	b = append(b, "</row>"...)
	wb.row = b
	if full {
		s.finishPart()
		s.startPart()
	}
	s.row = r
	if !total {
		s.rows++
		s.spans[len(s.spans)-1].n++
		if p := &wb.parts[s.parts[len(s.parts)-1]]; p.filterOpen {
			p.filterTo = r
		}
	}
	return wb.write(b)
}

// wrapHeight is the height a row needs for the text it wraps, 0 when one
// line does (or the page's row height is more): spreadsheets do not all
// fit a row to its wrapped text when they open a file.
func (s *Sheet) wrapHeight(values []any) float64 {
	if !s.wraps {
		return 0
	}
	lines := 1
	for i, v := range values {
		if t, ok := v.(string); ok && s.cols[i].Wrap && t != "" {
			lines = max(lines, wrappedLines(t, s.widths[i], false))
		}
	}
	if ht := lineHeight*float64(lines) + 2; lines > 1 && ht > s.page.RowHeight {
		return ht
	}
	return 0
}

// header is the row of a continuation's table header.
const header = 1

// startPart opens the next worksheet part of s and writes its head: the
// print settings' marker, the view frozen below the table's header,
// widths, the sheet's title on its first part, and the current table's
// header.
func (s *Sheet) startPart() {
	wb := s.wb
	name := s.base
	if len(s.parts) > 0 {
		name = suffixed(s.base, len(s.parts)+1)
	}
	name = wb.unique(name)
	first := len(s.parts) == 0
	if first {
		s.base = name // continuations follow the name the sheet got
	}
	hdr := header
	if first && len(s.page.Title) > 0 {
		hdr = len(s.page.Title) + 2
	}
	idx := len(wb.parts)
	wb.parts = append(wb.parts, part{name: name, cols: len(s.cols), titleRow: hdr, filterFrom: hdr, filterTo: hdr, filterOpen: true})
	s.parts = append(s.parts, idx)
	s.merges = s.merges[:0]
	wb.open("xl/worksheets/sheet" + strconv.Itoa(idx+1) + ".xml")
	b := append(wb.frame[:0], sheetHead...)
	if idx == 0 {
		b = append(b, ` tabSelected="1"`...)
	}
	top := "A" + strconv.Itoa(hdr+1)
	b = append(b, `><pane ySplit="`...)
	b = strconv.AppendInt(b, int64(hdr), 10)
	b = append(b, `" topLeftCell="`+top+`" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="`+top+`" sqref="`+top+`"/>`...)
	b = append(b, `</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`...)
	b = appendCols(b, s.widths)
	b = append(b, `<sheetData>`...)
	if first {
		b = s.appendTitle(b)
	}
	b = s.headerRow(b, hdr)
	wb.frame = b
	s.row = hdr
	s.spans = append(s.spans, span{part: len(s.parts) - 1, first: hdr + 1})
	wb.write(b)
}

// headerRow appends the current table's header as row r, as high as its
// most wrapped title; widths are the sheet's.
func (s *Sheet) headerRow(b []byte, r int) []byte {
	wb := s.wb
	wb.num = strconv.AppendInt(wb.num[:0], int64(r), 10)
	lines := 1
	for i, c := range s.cols {
		lines = max(lines, wrappedLines(c.Title, s.widths[i], true))
	}
	b = append(b, `<row r="`...)
	b = append(b, wb.num...)
	b = append(b, '"')
	if lines > 1 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, lineHeight*float64(lines)+2, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	for i, c := range s.cols {
		if c.Title == "" {
			b = openCell(b, i, wb.num, s.hs[i])
			b = append(b, "/>"...)
			continue
		}
		b = wb.appendString(b, i, s.hs[i], c.Title)
	}
	return append(b, "</row>"...)
}

// finishPart closes the current part's sheetData with its filter, merged
// cells and print settings, and flushes it into the zip.
func (s *Sheet) finishPart() {
	wb := s.wb
	p := &wb.parts[s.parts[len(s.parts)-1]]
	b := append(wb.frame[:0], `</sheetData>`...)
	if !s.page.NoFilter {
		b = append(b, `<autoFilter ref="`...)
		b = appendRange(b, p.filterFrom, p.cols, p.filterTo, false)
		b = append(b, `"/>`...)
	} else {
		p.cols = 0
	}
	if len(s.merges) > 0 {
		b = append(b, `<mergeCells count="`...)
		b = strconv.AppendInt(b, int64(len(s.merges)), 10)
		b = append(b, `">`...)
		for _, m := range s.merges {
			b = append(b, `<mergeCell ref="`+m+`"/>`...)
		}
		b = append(b, `</mergeCells>`...)
	}
	b = s.appendPrint(b)
	b = append(b, `</worksheet>`...)
	wb.frame = b
	if wb.write(b) == nil {
		wb.fail(wb.bw.Flush())
	}
}

// checkKinds refuses a column of an unknown kind.
func checkKinds(cols []Col) error {
	for i, c := range cols {
		if c.Kind < Text || c.Kind > Count {
			return fmt.Errorf("xlsxw: column %d has unknown kind %d", i+1, c.Kind)
		}
	}
	return nil
}
