// Package xlsxw writes .xlsx workbooks as a stream: each worksheet's XML
// goes into the zip row by row, so the first bytes reach the client while
// the rows are still being read, and memory does not grow with the rows.
//
// It exists because excelize's StreamWriter streams only into a temporary
// buffer: it assembles the zip when the workbook is written out (WriteTo),
// so nothing reaches an auditor's browser until the whole workbook is
// built. On the same 1,000,000 journal rows (BenchmarkWorkbook against
// BenchmarkExcelizeStreamWriter, December 2026, on two busy cores) this
// writer was 4 to 5 times faster, allocated 5.5 times fewer bytes (249
// against 1,359 B a row) and peaked at 20 MB of memory against 185 MB; its
// file is about 30 % larger, as it compresses at Deflate's fastest level.
// Its workbooks read back in excelize, LibreOffice and openpyxl. excelize
// remains the reader.
//
// Each zip entry is compressed with Deflate and a data descriptor, as an
// HTTP response cannot seek, through one 64 KiB buffer. The parts that list
// the sheets (workbook.xml, its rels, the content types) are written last,
// when every sheet name is known.
//
// What it writes: typed cells (inline strings, numbers, booleans, dates as
// day serials, formulas with cached values), a few number formats picked by
// the column's Kind, a bold filled header row frozen above the data with an
// autofilter, and bold total rows of SUM formulas. Text is always text: a
// value starting with =, +, - or @ is never a formula. A sheet longer than
// Excel's 1,048,576 rows continues on "Name (2)", … with the same header,
// and its totals sum every part. The first failed write is kept: every
// later call returns it, so a client that went away stops the export.
package xlsxw

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

const (
	excelRows = 1_048_576
	maxCols   = 702 // A..ZZ
	bufSize   = 64 << 10
	// level trades a larger file for speed: BestSpeed compresses the
	// repetitive sheet XML about 3 times faster than the default level.
	level = flate.BestSpeed
)

// maxRows is how many rows (header included) a worksheet holds before a
// sheet continues on the next one: Excel's limit. Tests lower it; a sheet
// reads it when it starts.
var maxRows = excelRows

// Workbook streams an .xlsx to a writer. It is not safe for concurrent use.
type Workbook struct {
	zw       *zip.Writer
	fw       *flate.Writer // reused for every part
	bw       *bufio.Writer // over the open zip entry
	err      error         // the first failure; every later call returns it
	closed   bool
	started  bool
	parts    []part // worksheets in workbook order
	names    map[string]bool
	cur      *Sheet
	loc      *time.Location
	modified time.Time
	row      []byte // the row being assembled, reused
	frame    []byte // a part's head or tail, apart from row: a row waits in row while its sheet continues on a new part
	tmp      []byte // one value being formatted, reused
	num      []byte // the current row number's digits
}

// part is one worksheet part: a sheet or one of its continuations.
type part struct {
	name    string
	cols    int // columns under the autofilter
	lastRow int // last row under the autofilter
}

var errNoSheet = errors.New("xlsxw: a workbook needs at least one sheet")

// New returns a workbook that streams to w. Excel cells have no time zone:
// time.Time values are written as the wall clock in loc, or in their own
// location when loc is nil. Nothing is written to w before the first Sheet
// call, so a caller can still report an error (e.g. as an HTTP status)
// until then.
func New(w io.Writer, loc *time.Location) *Workbook {
	wb := &Workbook{
		zw:       zip.NewWriter(&errWriter{w: w}),
		names:    make(map[string]bool),
		loc:      loc,
		modified: time.Now(),
		row:      make([]byte, 0, 4096),
	}
	wb.zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if wb.fw == nil {
			var err error
			wb.fw, err = flate.NewWriter(out, level)
			return wb.fw, err
		}
		wb.fw.Reset(out)
		return wb.fw, nil
	})
	return wb
}

// Sheet starts a new sheet and finishes the previous one. The sheet gets a
// bold filled header row of the columns' titles, frozen above the data, and
// an autofilter over header and data. The name is made valid (at most 31
// characters, none of []:*?/\) and unique.
func (wb *Workbook) Sheet(name string, cols []Col) (*Sheet, error) {
	if wb.err != nil {
		return nil, wb.err
	}
	if wb.closed {
		return nil, errors.New("xlsxw: workbook is closed")
	}
	if len(cols) == 0 || len(cols) > maxCols {
		return nil, fmt.Errorf("xlsxw: %d columns, want 1 to %d", len(cols), maxCols)
	}
	s := &Sheet{wb: wb, base: sheetName(name), cols: append([]Col(nil), cols...), styles: make([]int, len(cols)),
		limit: min(max(maxRows, 2), excelRows)}
	for i, c := range cols {
		if c.Kind < Text || c.Kind > Percent {
			return nil, fmt.Errorf("xlsxw: column %d has unknown kind %d", i+1, c.Kind)
		}
		s.styles[i] = kindStyle[c.Kind]
	}
	if wb.cur != nil {
		wb.cur.finishPart()
		wb.cur.done = true
	}
	if !wb.started {
		wb.started = true
		wb.static("_rels/.rels", rootRels)
		wb.static("xl/styles.xml", stylesXML)
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
		wb.err = errNoSheet
		return wb.err
	}
	wb.cur.finishPart()
	wb.cur.done = true
	wb.static("xl/workbook.xml", workbookXML(wb.parts))
	wb.static("xl/_rels/workbook.xml.rels", workbookRels(len(wb.parts)))
	wb.static("[Content_Types].xml", contentTypes(len(wb.parts)))
	if wb.err == nil {
		wb.fail(wb.zw.Close())
	}
	return wb.err
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
		wb.bw = bufio.NewWriterSize(w, bufSize)
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
		try = suffixed(name, k)
	}
	wb.names[strings.ToLower(try)] = true
	return try
}

// errWriter stops writing after the first error, so that the zip and
// flate writers above it cannot reach a connection that already failed.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
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
