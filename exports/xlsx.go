package exports

// The streaming writer. excelize assembles the zip only when the workbook is
// written out, so a journal of a million postings would sit in memory and
// nothing would reach the auditor's browser until all of it was built. This
// writer instead emits each worksheet's XML into the zip (Deflate, with data
// descriptors because an HTTP response cannot seek) row by row through a
// 64 KiB buffer, and writes the parts that list the sheets (workbook.xml, its
// rels, the content types) last, when every sheet name is known.

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"reliefledger/ledger"
)

// CellKind says how a column's values are written and styled.
type CellKind int

const (
	Text    CellKind = iota // always a string cell (inline string), never a formula, whatever it starts with (=, +, -, @)
	Integer                 // whole number, format 0 (counts, IDs)
	Dong                    // money in đồng: number with format #,##0
	Decimal                 // quantity: number with format #,##0.###### (up to 6 decimals, no trailing zeros)
	Date                    // a date: numeric serial with format yyyy-mm-dd, so Excel sees a real date
	Percent                 // a number like 87.5 meaning 87.5 %, format 0.00 (no % scaling)
)

// Col is one column of a sheet.
type Col struct {
	Title string
	Width float64 // in characters; 0 leaves Excel's default
	Kind  CellKind
}

// Formula is a cell formula with its cached value, which spreadsheets show
// before they recalculate. Expr is written without the leading '='.
type Formula struct {
	Expr  string
	Value any
}

// MaxRows is how many rows (header included) a worksheet holds before a
// sheet continues on the next one: Excel's limit. Tests lower it; a sheet
// reads it when it starts.
var MaxRows = 1_048_576

const (
	xlExcelRows = 1_048_576
	xlMaxCols   = 702 // A..ZZ
	xlBufSize   = 64 << 10
	// xlLevel trades a larger file for speed: BestSpeed compresses the
	// repetitive sheet XML about 3 times faster than the default level.
	xlLevel = flate.BestSpeed
)

// Workbook streams an .xlsx to a writer. It is not safe for concurrent use.
type Workbook struct {
	zw       *zip.Writer
	fw       *flate.Writer // reused for every part
	bw       *bufio.Writer // over the open zip entry
	err      error         // the first failure; every later call returns it
	closed   bool
	started  bool
	parts    []xlPart // worksheets in workbook order
	names    map[string]bool
	cur      *Sheet
	modified time.Time
	row      []byte // the row being assembled, reused
	frame    []byte // a part's head or tail, apart from row: a row waits in row while its sheet continues on a new part
	tmp      []byte // one value being formatted, reused
	num      []byte // the current row number's digits
	// lastDate and lastSerial remember the last date converted: journals
	// come sorted by date, and formatting a ledger.Date allocates.
	lastDate   ledger.Date
	lastSerial int64
}

// xlPart is one worksheet part: a sheet or one of its continuations.
type xlPart struct {
	name    string
	cols    int // columns under the autofilter; 0 for none
	lastRow int // last row under the autofilter
}

// Sheet is a sheet being written; Row, Cell and Total append to it until
// the workbook starts another sheet or closes.
type Sheet struct {
	wb      *Workbook
	base    string
	cols    []Col
	styles  []int // each column's style for data rows
	head    int   // 1 with a header row, 0 for a sheet without columns
	limit   int   // MaxRows when the sheet started
	parts   []int // indexes into wb.parts
	data    []int // data rows in each part
	row     int   // last row written in the current part
	rows    int
	done    bool
	totaled bool
}

var errXLNoSheet = errors.New("exports: a workbook needs at least one sheet")

// NewWorkbook returns a workbook that streams to w. Nothing is written to w
// before the first Sheet call, so a caller can still report an error
// (e.g. as an HTTP status) until then.
func NewWorkbook(w io.Writer) *Workbook {
	wb := &Workbook{
		zw:       zip.NewWriter(&xlErrWriter{w: w}),
		names:    make(map[string]bool),
		modified: time.Now(),
		row:      make([]byte, 0, 4096),
	}
	wb.zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if wb.fw == nil {
			var err error
			wb.fw, err = flate.NewWriter(out, xlLevel)
			return wb.fw, err
		}
		wb.fw.Reset(out)
		return wb.fw, nil
	})
	return wb
}

// Sheet starts a new sheet and finishes the previous one. With columns, the
// sheet gets a bold filled header row, frozen below, and an autofilter over
// header and data; without, it is a plain sheet (a cover). The name is made
// valid (at most 31 characters, none of []:*?/\) and unique.
func (wb *Workbook) Sheet(name string, cols []Col) (*Sheet, error) {
	if wb.err != nil {
		return nil, wb.err
	}
	if wb.closed {
		return nil, errors.New("exports: workbook is closed")
	}
	if len(cols) > xlMaxCols {
		return nil, fmt.Errorf("exports: %d columns, at most %d", len(cols), xlMaxCols)
	}
	s := &Sheet{wb: wb, base: xlSheetName(name), cols: append([]Col(nil), cols...), styles: make([]int, len(cols)),
		limit: min(max(MaxRows, 2), xlExcelRows)}
	for i, c := range cols {
		if c.Kind < Text || c.Kind > Percent {
			return nil, fmt.Errorf("exports: column %d has unknown kind %d", i+1, c.Kind)
		}
		s.styles[i] = xlKindStyle[c.Kind]
	}
	if len(cols) > 0 {
		s.head = 1
	}
	if wb.cur != nil {
		wb.cur.finishPart()
		wb.cur.done = true
	}
	if !wb.started {
		wb.started = true
		wb.static("_rels/.rels", xlRootRels)
		wb.static("xl/styles.xml", xlStyles)
	}
	wb.cur = s
	s.startPart()
	if wb.err != nil {
		return nil, wb.err
	}
	return s, nil
}

// Close finishes the last sheet and writes the parts that list the sheets,
// then the zip's central directory. The workbook must have at least one
// sheet. It returns the first write error, as every later call does.
func (wb *Workbook) Close() error {
	if wb.closed || wb.err != nil {
		wb.closed = true
		return wb.err
	}
	wb.closed = true
	if wb.cur == nil {
		wb.err = errXLNoSheet
		return wb.err
	}
	wb.cur.finishPart()
	wb.cur.done = true
	wb.static("xl/workbook.xml", xlWorkbookXML(wb.parts))
	wb.static("xl/_rels/workbook.xml.rels", xlWorkbookRels(len(wb.parts)))
	wb.static("[Content_Types].xml", xlContentTypes(len(wb.parts)))
	if wb.err == nil {
		wb.fail(wb.zw.Close())
	}
	return wb.err
}

// Row appends a data row, one value per column: string, int and other Go
// integers, float64, decimal.Decimal, decimal.NullDecimal (null: empty),
// ledger.Date (zero: empty), time.Time (date and time in UTC+7), bool, nil
// (empty) or Formula. Strings are always text; the column's kind picks the
// number format of numbers. A full sheet continues on "<name> (2)", … with
// the same header.
func (s *Sheet) Row(values ...any) error {
	if len(values) > len(s.cols) {
		return fmt.Errorf("exports: %d values for %d columns", len(values), len(s.cols))
	}
	return s.add(values, s.styles)
}

// Cell appends a row of values written without the columns' kinds (for key
// and value lines of a cover sheet); it counts as a data row.
func (s *Sheet) Cell(values ...any) error {
	return s.add(values, nil)
}

// Rows returns the data rows written so far across all parts of the sheet.
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
		styles[i] = xlBold(st)
	}
	if label != "" {
		if len(s.cols) == 0 {
			values = []any{label}
			styles = []int{xlBold(0)}
		} else {
			values[0], styles[0] = label, xlStyleBoldText
		}
	}
	for i, d := range sums {
		if i < 0 || i >= len(s.cols) || (i == 0 && label != "") {
			return fmt.Errorf("exports: no column %d to total", i)
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
	letter := xlColNames[i]
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
		b = strconv.AppendInt(b, int64(s.head+1), 10)
		b = append(b, ':')
		b = append(b, letter...)
		b = strconv.AppendInt(b, int64(s.head+n), 10)
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
		return fmt.Errorf("exports: sheet %q is finished", s.base)
	case s.totaled:
		return fmt.Errorf("exports: sheet %q already has its total", s.base)
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
	if len(values) > xlMaxCols {
		return fmt.Errorf("exports: %d values, at most %d columns", len(values), xlMaxCols)
	}
	wb := s.wb
	full := s.row >= s.limit
	r := s.row + 1
	if full {
		r = s.head + 1
	}
	wb.num = strconv.AppendInt(wb.num[:0], int64(r), 10)
	b := append(wb.row[:0], `<row r="`...)
	b = append(b, wb.num...)
	b = append(b, `">`...)
	var err error
	for i, v := range values {
		st := 0
		if styles != nil {
			st = styles[i]
		}
		if b, err = wb.appendCell(b, i, st, v); err != nil {
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
		name = xlSuffixed(s.base, len(s.parts)+1)
	}
	name = wb.unique(name)
	if len(s.parts) == 0 {
		s.base = name // continuations follow the name the sheet got
	}
	idx := len(wb.parts)
	wb.parts = append(wb.parts, xlPart{name: name})
	s.parts = append(s.parts, idx)
	s.data = append(s.data, 0)
	s.row = s.head
	wb.open("xl/worksheets/sheet" + strconv.Itoa(idx+1) + ".xml")
	b := append(wb.frame[:0], xlSheetHead...)
	if idx == 0 {
		b = append(b, ` tabSelected="1"`...)
	}
	b = append(b, '>')
	if s.head > 0 {
		b = append(b, `<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>`...)
	}
	b = append(b, `</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`...)
	b = xlAppendCols(b, s.cols)
	b = append(b, "<sheetData>"...)
	if s.head > 0 {
		b = append(b, `<row r="1">`...)
		wb.num = append(wb.num[:0], '1')
		for i, c := range s.cols {
			if c.Title == "" {
				b = xlOpenCell(b, i, wb.num, xlStyleHeader)
				b = append(b, "/>"...)
				continue
			}
			b, _ = wb.appendCell(b, i, xlStyleHeader, c.Title)
		}
		b = append(b, "</row>"...)
	}
	wb.frame = b
	wb.write(b)
}

// finishPart closes the current part's sheetData with its autofilter and
// flushes it into the zip.
func (s *Sheet) finishPart() {
	wb := s.wb
	b := append(wb.frame[:0], "</sheetData>"...)
	if s.head > 0 {
		p := &wb.parts[s.parts[len(s.parts)-1]]
		p.cols, p.lastRow = len(s.cols), s.head+s.data[len(s.data)-1]
		b = append(b, `<autoFilter ref="`...)
		b = xlAppendRange(b, p.cols, p.lastRow, false)
		b = append(b, `"/>`...)
	}
	b = append(b, "</worksheet>"...)
	wb.frame = b
	if wb.write(b) == nil {
		wb.fail(wb.bw.Flush())
	}
}

// open starts a zip entry; the previous one must have been flushed.
func (wb *Workbook) open(name string) {
	if wb.err != nil {
		return
	}
	w, err := wb.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: wb.modified})
	if wb.fail(err) {
		return
	}
	if wb.bw == nil {
		wb.bw = bufio.NewWriterSize(w, xlBufSize)
	} else {
		wb.bw.Reset(w)
	}
}

// static writes a whole small part.
func (wb *Workbook) static(name, content string) {
	wb.open(name)
	if wb.err == nil {
		_, err := wb.bw.WriteString(content)
		if !wb.fail(err) {
			wb.fail(wb.bw.Flush())
		}
	}
}

func (wb *Workbook) write(b []byte) error {
	if wb.err == nil {
		_, err := wb.bw.Write(b)
		wb.fail(err)
	}
	return wb.err
}

// fail records the first error, so that a client gone away stops the export.
func (wb *Workbook) fail(err error) bool {
	if err != nil && wb.err == nil {
		wb.err = err
	}
	return err != nil
}

// unique returns name, or name with a " (k)" suffix, not yet used: Excel
// compares sheet names ignoring case.
func (wb *Workbook) unique(name string) string {
	try := name
	for k := 2; wb.names[strings.ToLower(try)]; k++ {
		try = xlSuffixed(name, k)
	}
	wb.names[strings.ToLower(try)] = true
	return try
}

// xlErrWriter stops writing after the first error, so that the zip and
// flate writers above it cannot reach a connection that already failed.
type xlErrWriter struct {
	w   io.Writer
	err error
}

func (e *xlErrWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	e.err = err
	return n, err
}
