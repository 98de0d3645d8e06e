package xlsxw

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Kind says how a column's values are written and styled.
type Kind int

const (
	Text     Kind = iota // always a string cell (inline string), never a formula, whatever it starts with (=, +, -, @)
	Integer              // whole number, format 0 (counts, IDs)
	Money                // whole amounts with thousands separators, format #,##0 (đồng have no minor unit)
	Quantity             // number with format #,##0.###### (up to 6 decimals, no trailing zeros; whole numbers as #,##0)
	Date                 // a date: day serial with format yyyy-mm-dd, so Excel sees a real date
	Percent              // a number like 87.5 meaning 87.5 %, format 0.00 (no % scaling)
)

// Col is one column of a sheet.
type Col struct {
	Title string
	Width float64 // in characters; 0 leaves Excel's default
	Kind  Kind
}

// Formula is a cell formula with its cached value, which spreadsheets show
// before they recalculate. Expr is written without the leading '='.
type Formula struct {
	Expr  string
	Value any
}

// CalendarDate is a date without time of day or zone, such as ledger.Date.
// Row writes it as a day serial in format yyyy-mm-dd, and a zero one as an
// empty cell. (time.Time has the same methods but is written with its time
// of day.)
type CalendarDate interface {
	IsZero() bool
	Date() (year int, month time.Month, day int)
}

// header is the number of rows above the data: the column titles.
const header = 1

// Sheet is a sheet being written; Row and Total append to it until the
// workbook starts another sheet or closes.
type Sheet struct {
	wb      *Workbook
	base    string
	cols    []Col
	styles  []int // each column's style for data rows
	limit   int   // maxRows when the sheet started
	parts   []int // indexes into wb.parts
	data    []int // data rows in each part
	row     int   // last row written in the current part
	rows    int
	done    bool
	totaled bool
}

// Row appends a data row, one value per column: string, int and other Go
// integers, float64, decimal.Decimal, decimal.NullDecimal (null: empty),
// a CalendarDate (zero: empty), time.Time (date and time), bool, nil
// (empty) or Formula. Strings are always text; the column's kind picks the
// number format of numbers. A full sheet continues on "<name> (2)", … with
// the same header.
func (s *Sheet) Row(values ...any) error {
	if len(values) > len(s.cols) {
		return fmt.Errorf("xlsxw: %d values for %d columns", len(values), len(s.cols))
	}
	return s.add(values, s.styles)
}

// Rows returns the data rows written so far across all parts of the sheet.
// While the sheet has one part, the next Row lands on sheet row Rows()+2,
// which is how a row's formula refers to its own cells.
func (s *Sheet) Rows() int { return s.rows }

// Total appends a bold total row: label in the first column and, for each
// column index in sums, a SUM over that column's data rows in every part of
// the sheet, cached as sums[i] so it shows before Excel recalculates. No
// more rows can follow it.
func (s *Sheet) Total(label string, sums map[int]decimal.Decimal) error {
	if err := s.usable(); err != nil {
		return err
	}
	values := make([]any, len(s.cols))
	styles := make([]int, len(s.cols))
	for i, st := range s.styles {
		styles[i] = bold(st)
	}
	if label != "" {
		values[0], styles[0] = label, styleBoldText
	}
	for i, d := range sums {
		if i < 0 || i >= len(s.cols) || (i == 0 && label != "") {
			return fmt.Errorf("xlsxw: no column %d to total", i)
		}
		values[i] = Formula{Expr: s.sumExpr(i), Value: d}
	}
	if err := s.add(values, styles); err != nil {
		return err
	}
	s.rows-- // the total is not a data row
	s.data[len(s.data)-1]--
	s.totaled = true
	return nil
}

// sumExpr is the SUM over column i's data rows in every part. Parts are
// named when there are several, or when the total lands on a continuation
// of its own. Without data it sums the header cell, which is text and adds
// 0, rather than the total's own cell, which would be a circular reference.
func (s *Sheet) sumExpr(i int) string {
	letter := colNames[i]
	b := append(s.wb.tmp[:0], "SUM("...)
	withData := 0
	for _, n := range s.data {
		if n > 0 {
			withData++
		}
	}
	full := s.row >= s.limit
	qualify := withData > 1 || (withData == 1 && full)
	first := true
	for k, n := range s.data {
		if n == 0 {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		if qualify {
			b = append(b, '\'')
			b = append(b, strings.ReplaceAll(s.wb.parts[s.parts[k]].name, "'", "''")...)
			b = append(b, "'!"...)
		}
		b = append(b, letter...)
		b = strconv.AppendInt(b, int64(header+1), 10)
		b = append(b, ':')
		b = append(b, letter...)
		b = strconv.AppendInt(b, int64(header+n), 10)
	}
	if withData == 0 {
		b = append(b, letter...)
		b = append(b, "1:"...)
		b = append(b, letter...)
		b = append(b, '1')
	}
	b = append(b, ')')
	s.wb.tmp = b
	return string(b)
}

// usable reports why nothing more can be appended to s, if so.
func (s *Sheet) usable() error {
	switch {
	case s.wb.err != nil:
		return s.wb.err
	case s.done:
		return fmt.Errorf("xlsxw: sheet %q is finished", s.base)
	case s.totaled:
		return fmt.Errorf("xlsxw: sheet %q already has its total", s.base)
	}
	return nil
}

// add assembles a row, then writes it, continuing on a new part first when
// the current one is full. Assembling first means a bad value leaves the
// sheet untouched.
func (s *Sheet) add(values []any, styles []int) error {
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
	b = append(b, `">`...)
	var err error
	for i, v := range values {
		if b, err = wb.appendCell(b, i, styles[i], v); err != nil {
			wb.row = b
			return err
		}
	}
	b = append(b, "</row>"...)
	wb.row = b
	if full {
		s.finishPart()
		s.startPart()
	}
	s.row = r
	s.rows++
	s.data[len(s.data)-1]++
	return wb.write(b)
}

// startPart opens the next worksheet part of s and writes its head: view
// with the frozen pane, widths and the header row.
func (s *Sheet) startPart() {
	wb := s.wb
	name := s.base
	if len(s.parts) > 0 {
		name = suffixed(s.base, len(s.parts)+1)
	}
	name = wb.unique(name)
	if len(s.parts) == 0 {
		s.base = name // continuations follow the name the sheet got
	}
	idx := len(wb.parts)
	wb.parts = append(wb.parts, part{name: name})
	s.parts = append(s.parts, idx)
	s.data = append(s.data, 0)
	s.row = header
	wb.open("xl/worksheets/sheet" + strconv.Itoa(idx+1) + ".xml")
	b := append(wb.frame[:0], sheetHead...)
	if idx == 0 {
		b = append(b, ` tabSelected="1"`...)
	}
	b = append(b, '>')
	b = append(b, `<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>`...)
	b = append(b, `</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`...)
	b = appendCols(b, s.cols)
	b = append(b, `<sheetData><row r="1">`...)
	wb.num = append(wb.num[:0], '1')
	for i, c := range s.cols {
		if c.Title == "" {
			b = openCell(b, i, wb.num, styleHeader)
			b = append(b, "/>"...)
			continue
		}
		b, _ = wb.appendCell(b, i, styleHeader, c.Title)
	}
	b = append(b, "</row>"...)
	wb.frame = b
	wb.write(b)
}

// finishPart closes the current part's sheetData with its autofilter and
// flushes it into the zip.
func (s *Sheet) finishPart() {
	wb := s.wb
	p := &wb.parts[s.parts[len(s.parts)-1]]
	p.cols, p.lastRow = len(s.cols), header+s.data[len(s.data)-1]
	b := append(wb.frame[:0], `</sheetData><autoFilter ref="`...)
	b = appendRange(b, p.cols, p.lastRow, false)
	b = append(b, `"/></worksheet>`...)
	wb.frame = b
	if wb.write(b) == nil {
		wb.fail(wb.bw.Flush())
	}
}
