// Package sheet reads the spreadsheets users upload — bank statements,
// household lists, signed distribution lists — as CSV or XLSX, the one way
// the service reads them. A reader gives its alias table (the columns it
// knows and the header texts that name them) and gets rows under the
// header row, wherever that row is among the first ones; it keeps only its
// own row rules.
//
// What every reader needs is done here once: the format from the file's
// extension (or its content when it has none); CSV in UTF-8 with or
// without a byte-order mark, delimited by commas, semicolons or tabs (the
// delimiter that names the most columns wins); cells trimmed of spaces,
// including the non-breaking and zero-width ones pasted from the web;
// row numbers as Excel shows them; formulas reported, not trusted (an XLSX
// formula cell, or a CSV cell starting with "="); numbers as stored as well
// as shown; dates typed where the workbook says a number is one; merged
// ranges reported; limits on bytes and rows. Rows are streamed: a CSV is
// held as its bytes, not as cells, and an XLSX worksheet is read as a
// stream of XML.
//
// XLSX values come from excelize, which knows number formats; the XML of
// the workbook is also read here directly (xlsxzip.go), beside excelize's
// rows, for what excelize's row iterator does not tell: formulas, stored
// numbers, date styles and merged ranges. That low-level part lived in its
// own package, internal/xlsxzip; it moved in here because nothing but this
// package reads spreadsheets any more, and its row scanning only makes
// sense in step with the rows read here.
package sheet

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"reliefledger"
)

// Format is a file format.
type Format int

// The formats.
const (
	CSV Format = iota + 1
	XLSX
)

// Defaults for Options.
const (
	DefaultHeaderRows = 20
	DefaultMaxRows    = 1 << 20 // Excel's last row, 1,048,576
)

// Options say how to read a file.
type Options struct {
	// Columns is the reader's alias table. Required.
	Columns *Columns
	// Required are columns (indexes in Columns) that a row must all name to
	// be the header row.
	Required []int
	// MinFound is how many known columns a header row names at least; 1
	// when zero.
	MinFound int
	// HeaderRows is how far down the header row may be; DefaultHeaderRows
	// when zero.
	HeaderRows int
	// Noun names the file in messages ("the statement file"); "the file"
	// when empty.
	Noun string
	// MaxBytes bounds the file's size; DefaultMaxBytes when zero.
	MaxBytes int64
	// MaxInflated and MaxRatio bound what an XLSX inflates to, and by how
	// much; DefaultMaxInflated and DefaultMaxRatio when zero (see Limits).
	MaxInflated int64
	MaxRatio    int
	// MaxRows bounds a sheet's rows, counted as Excel numbers them (header
	// and rows above it included); DefaultMaxRows when zero. A sheet that
	// goes on past it is an error (TooLarge) naming the limit.
	MaxRows int
	// LazyQuotes makes a CSV quote inside a cell ("Ủng hộ "miền Trung"")
	// text rather than an error.
	LazyQuotes bool
	// RowStart, with LazyQuotes, tells whether a physical line of a CSV
	// looks like the start of a data row: cell returns the text under a
	// column (an index in Columns) when the line is split at the delimiter
	// without regard to quotes. A quoted cell left open is then cut before
	// such a line, and its row reported, rather than swallowing the rows
	// after it.
	RowStart func(cell func(col int) string) bool
}

// File is an opened spreadsheet.
type File struct {
	Format Format
	opt    Options
	best   Header // the closest to a header row seen, if Found > 0

	// CSV
	data []byte
	done bool // the one table is taken

	// XLSX
	x        *excelize.File
	zr       *zip.Reader
	sheets   []worksheet
	next     int // the next worksheet to look at
	dates    []bool
	date1904 bool
	open     *Table
}

// Open reads a CSV or XLSX file of r. name's extension (.csv or .xlsx, any
// case) says which; without an extension the content does (a zip is an
// XLSX). Errors are for users: Unsupported for another extension,
// TooLarge over opt.MaxBytes, Invalid for an empty file, a CSV that is
// not UTF-8 or a broken XLSX.
func Open(name string, r io.Reader, opt Options) (f *File, err error) {
	if opt.HeaderRows <= 0 {
		opt.HeaderRows = DefaultHeaderRows
	}
	if opt.MaxRows <= 0 {
		opt.MaxRows = DefaultMaxRows
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.MaxInflated <= 0 {
		opt.MaxInflated = DefaultMaxInflated
	}
	if opt.MaxRatio <= 0 {
		opt.MaxRatio = DefaultMaxRatio
	}
	opt.MinFound = max(opt.MinFound, 1)
	if opt.Noun == "" {
		opt.Noun = "the file"
	}
	ext := strings.ToLower(filepath.Ext(name))
	if ext != "" && ext != ".csv" && ext != ".xlsx" {
		hint := ""
		if ext == ".xls" {
			hint = ": open it in Excel and save it as .xlsx"
		}
		return nil, reliefledger.Errorf(reliefledger.Unsupported, "%s must be .xlsx or .csv, not %q%s", opt.Noun, ext, hint)
	}
	limit := opt.MaxBytes
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, reliefledger.Errorf(reliefledger.TooLarge, "%s is larger than %d bytes, the limit (RELIEF_MAX_UPLOAD_MB)", opt.Noun, opt.MaxBytes)
	}
	if len(data) == 0 {
		return nil, reliefledger.Errorf(reliefledger.Invalid, "%s is empty", opt.Noun)
	}
	f = &File{opt: opt, Format: CSV}
	if ext == ".xlsx" || (ext == "" && bytes.HasPrefix(data, []byte("PK\x03\x04"))) {
		f.Format = XLSX
	}
	if f.Format == CSV {
		if err := checkLines(data, opt); err != nil {
			return nil, err
		}
		if f.data, err = prepareCSV(data, opt.Noun); err != nil {
			return nil, err
		}
		return f, nil
	}
	// excelize is a large parser fed with uploaded files: a panic on a
	// crafted file must not take the server down.
	defer recoverXLSX(&err)
	if err := checkInflation(data, opt); err != nil {
		return nil, err
	}
	if err := f.openXLSX(data); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func recoverXLSX(err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("read xlsx: panic: %v", p)
	}
}

// Close releases the file.
func (f *File) Close() error {
	if f.open != nil {
		f.open.close()
	}
	if f.x != nil {
		return f.x.Close()
	}
	return nil
}

// NoHeaderError says that no sheet (left) has a header row in its first
// Rows rows. Best is the row that came closest, when one named a column
// (Best.Found > 0).
type NoHeaderError struct {
	Rows int
	Best Header
}

func (e *NoHeaderError) Error() string {
	return fmt.Sprintf("no header row in the first %d rows", e.Rows)
}

// NextTable returns the next sheet that has a header row (a CSV file has
// one sheet; a workbook's are taken in order), positioned on its first
// row under the header. It returns a *NoHeaderError when no sheet is
// left with a header row, and an Invalid error when a worksheet cannot be
// read. The table returned before is closed.
func (f *File) NextTable() (t *Table, err error) {
	if f.open != nil {
		f.open.close()
		f.open = nil
	}
	if f.Format == CSV {
		if f.done {
			return nil, f.noHeader()
		}
		f.done = true
		rows := newCSVRows(f.data, f.csvDelimiter(), f.opt.LazyQuotes)
		src := &csvSource{rows: rows, data: f.data}
		t, err := f.findHeader(src, "")
		if err != nil || t == nil {
			return nil, f.orNoHeader(err)
		}
		src.afterHeader(&t.Header, &f.opt)
		return t, nil
	}
	defer recoverXLSX(&err)
	for f.next < len(f.sheets) {
		ws := f.sheets[f.next]
		f.next++
		src, err := f.openWorksheet(ws)
		if err != nil {
			return nil, err
		}
		t, err := f.findHeader(src, ws.name)
		if err != nil || t == nil {
			src.close()
			if err != nil {
				return nil, err
			}
			continue
		}
		f.open = t
		return t, nil
	}
	return nil, f.noHeader()
}

func (f *File) noHeader() error { return &NoHeaderError{Rows: f.opt.HeaderRows, Best: f.best} }

func (f *File) orNoHeader(err error) error {
	if err != nil {
		return err
	}
	return f.noHeader()
}

// findHeader reads the first rows of src for a header row; t is nil when
// none is within opt.HeaderRows rows.
func (f *File) findHeader(src source, sheet string) (*Table, error) {
	t := &Table{Sheet: sheet, file: f, src: src}
	for {
		ok, err := src.next(&t.row)
		if err != nil || !ok || t.row.Number > f.opt.HeaderRows {
			return nil, err
		}
		if t.row.Problem != "" {
			continue
		}
		h := f.opt.Columns.readHeader(t.row.Number, t.row.Cells)
		if h.Found >= f.opt.MinFound && len(h.Missing(f.opt.Required)) == 0 {
			t.Header = h
			return t, nil
		}
		if h.Found > f.best.Found {
			f.best = h
		}
	}
}

// source is where a table's rows come from.
type source interface {
	next(r *Row) (bool, error) // fills r with the next row; false at the end
	merged() []Range
	close()
}

// Table is a sheet under its header row.
type Table struct {
	Sheet  string // the worksheet's name; "" for a CSV file
	Header Header
	file   *File
	src    source
	row    Row
	err    error
	done   bool
}

// Next moves to the next row; it returns false at the end of the sheet
// or on an error (see Err). Rows that are blank are returned too.
func (t *Table) Next() bool {
	if t.done {
		return false
	}
	ok, err := t.src.next(&t.row)
	switch {
	case err != nil:
		t.err = err
	case ok && t.row.Number > t.file.opt.MaxRows:
		t.err = reliefledger.Errorf(reliefledger.TooLarge, "%s has more than %d rows, the most it may have: split it into smaller files",
			t.name(), t.file.opt.MaxRows)
	case ok:
		t.checkText()
		return true
	}
	t.done = true
	return false
}

// checkText applies the one text rule (reliefledger.CheckText) to every
// cell: a cell with a NUL byte, another control character or bytes that
// are not UTF-8 makes its row a problem naming the column, so one bad
// cell fails its own row and never the rows around it.
func (t *Table) checkText() {
	if t.row.Problem != "" {
		return
	}
	for i, c := range t.row.Cells {
		if err := reliefledger.CheckText(c); err != nil {
			col := ColumnLetters(i)
			if i < len(t.Header.Cells) && t.Header.Cells[i] != "" {
				col = fmt.Sprintf("%q", t.Header.Cells[i])
			}
			t.row.Problem = fmt.Sprintf("the cell under %s %v", col, err)
			return
		}
	}
}

func (t *Table) name() string {
	if t.Sheet != "" {
		return fmt.Sprintf("sheet %q", t.Sheet)
	}
	return t.file.opt.Noun
}

// Row returns the current row; it is valid until the next call to Next.
func (t *Table) Row() *Row { return &t.row }

// Err returns the error that ended the rows, if any.
func (t *Table) Err() error { return t.err }

// Merged returns the merged ranges of an XLSX worksheet of more than one
// cell; they are known once Next has returned false.
func (t *Table) Merged() []Range { return t.src.merged() }

// Date1904 reports whether the workbook counts serial dates from 1904.
func (t *Table) Date1904() bool { return t.file.date1904 }

// RowsHint estimates how many rows are left, for sizing what holds them:
// a CSV file's line ends left, but not more than one per 48 bytes; 0 when
// unknown.
func (t *Table) RowsHint() int {
	if s, ok := t.src.(*csvSource); ok {
		return s.rowsHint()
	}
	return 0
}

func (t *Table) close() {
	t.done = true
	t.src.close()
}
