// Package bank reads bank statements (sao kê) into lines the fund can turn
// into donations. It parses and normalises only: it never panics on a file,
// never drops a line that could be a transfer, and reports every line it
// cannot use with its line number and the reason.
//
// A statement is a CSV or XLSX file whose header row names the columns
// date, reference, amount, description, counterparty_name and
// counterparty_account, in English or Vietnamese (see columns); a bank's
// own layout is mapped onto these names. Files are read by internal/sheet;
// this package keeps the alias table and the rules for lines.
package bank

import (
	"errors"
	"fmt"
	"io"

	"github.com/shopspring/decimal"

	"reliefledger/internal/sheet"
	"reliefledger/ledger"
)

// Line is one usable transfer of a statement.
type Line struct {
	Number              int             // line number as a person sees it in Excel (1-based, header included)
	Date                ledger.Date     // the value date; a time of day goes to Time
	Time                string          // HH:MM:SS when the file gave one, else ""
	Reference           string          // trimmed; may be empty
	Amount              decimal.Decimal // whole đồng: positive for a credit (money received), negative for a debit
	Description         string          // trimmed
	Counterparty        string          // the sender's (or payee's) name, trimmed
	CounterpartyAccount string          // trimmed
	Key                 string          // dedupe key; see Statement
}

// Rejected is a line that cannot be used, with why.
type Rejected struct {
	Number int
	Raw    string          // the line as written (cells joined by " | " for XLSX), cut to 500 bytes
	Reason string          // for users; names the column at fault
	Amount decimal.Decimal // zero when the amount could not be read
}

// Statement is a parsed file.
//
// Each Line has a Key, the first 32 hex digits of the SHA-256 of
//
//	date|time|reference|amount|folded counterparty account|folded description
//
// where folding drops case and diacritics and collapses spaces. The same
// transfer gets the same key in every statement that shows it the same way,
// so importing a statement twice, or one that overlaps the last (next
// month's statement repeating the last days), creates nothing twice. (A
// layout with times and one without key a transfer differently.) Banks
// reuse references, so the date is part of the key; lines without a
// reference are keyed by the rest.
//
// Two transfers can be identical in every keyed field: two people sending
// 100.000 đ with the same description on the same day, with no reference or
// time. Both are kept: the n-th identical line of a file has "#n" (n ≥ 2)
// appended before hashing. The residual risk is an overlapping statement
// that cuts a day inside a run of identical lines: if the first file holds
// two of them and the second holds only a later third, the third is keyed
// as the first ("#1") and would be taken for a duplicate. With times or
// references in the file this cannot happen; without them, importers should
// not cut statements inside a day.
type Statement struct {
	HeaderLine int
	Lines      []Line // usable credit and debit lines, in file order
	Rejected   []Rejected
	// Total is the sum of the amounts of every line whose amount could be
	// read, usable or not: Total == sum(Lines.Amount) + sum(Rejected.Amount).
	// Total lines of the file ("Tổng cộng") are skipped and not counted.
	Total decimal.Decimal
}

const (
	maxRows  = sheet.DefaultMaxRows // rows a statement may have, as many as Excel shows
	rawLimit = 500                  // bytes of a rejected line kept in Raw
)

// Parse reads a statement. name's extension (.csv or .xlsx, any case) picks
// the format; r is read up to maxBytes.
//
// It returns an error only when the file as a whole cannot be used:
// Unsupported for another extension; TooLarge over maxBytes or over
// 1,048,576 rows; Invalid for an empty file, a CSV that is not UTF-8, a
// broken XLSX, no header row in the first 20 rows, or a header without the
// date and amount columns (the message lists the missing columns).
// Problems with single lines go into Statement.Rejected.
func Parse(name string, r io.Reader, limits sheet.Limits) (Statement, error) {
	rd, err := Open(name, r, limits)
	if err != nil {
		return Statement{}, err
	}
	defer rd.Close()
	st := Statement{HeaderLine: rd.HeaderLine(), Lines: make([]Line, 0, rd.RowsHint())}
	for rd.Next() {
		if x, ok := rd.Rejected(); ok {
			st.Rejected = append(st.Rejected, x)
		} else {
			st.Lines = append(st.Lines, rd.Line())
		}
	}
	if err := rd.Err(); err != nil {
		return Statement{}, err
	}
	st.Total = rd.Total()
	return st, nil
}

// Reader reads a statement one line at a time, so that an import holds a
// chunk of lines, not the statement: Next, then Line or Rejected. The
// errors, lines and keys are those of Parse (which reads through a
// Reader); Total is known once Next has returned false.
type Reader struct {
	name string
	f    *sheet.File
	t    *sheet.Table
	b    *builder
	line Line
	rej  Rejected
	// isRej: the current line is rej, not line.
	isRej bool
	done  bool
	err   error
}

// Open starts reading a statement; its errors are those of Parse for a
// file that cannot be used as a whole (a bad line is Rejected by Next).
func Open(name string, r io.Reader, limits sheet.Limits) (rd *Reader, err error) {
	defer func() {
		if p := recover(); p != nil { // a bug, not the file's fault: an Internal error
			rd, err = nil, fmt.Errorf("parse statement %q: panic: %v", name, p)
		}
	}()
	f, err := sheet.Open(name, r, limits.Options(sheet.Options{
		Columns: columns, Required: requiredColumns, Noun: "the statement file", MaxRows: maxRows,
		LazyQuotes: true, // a quote inside a cell (Ung ho "mien Trung") is text
		RowStart:   hasDate,
	}))
	if err != nil {
		return nil, err
	}
	t, err := f.NextTable()
	if nh := (*sheet.NoHeaderError)(nil); errors.As(err, &nh) {
		f.Close()
		return nil, errNoHeader(nh)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Reader{name: name, f: f, t: t, b: newBuilder(t.Header, f.Format == sheet.CSV, t.Date1904())}, nil
}

// HeaderLine is the line number of the header row.
func (rd *Reader) HeaderLine() int { return rd.b.headerLine }

// RowsHint is about how many rows the statement has (for progress).
func (rd *Reader) RowsHint() int { return rd.t.RowsHint() }

// Next moves to the next usable or rejected line; false at the end of the
// file or on an error (Err).
func (rd *Reader) Next() (ok bool) {
	if rd.done {
		return false
	}
	defer func() {
		if p := recover(); p != nil {
			rd.err, rd.done, ok = fmt.Errorf("parse statement %q: panic: %v", rd.name, p), true, false
		}
	}()
	b := rd.b
	for rd.t.Next() {
		row := rd.t.Row()
		if row.Problem != "" {
			// A line refused whole (a cell breaks the text rule, or the
			// CSV cannot be split) still counts its amount when it can be
			// read, so the totals show the transfer that was not imported.
			amount := int64(0)
			if len(row.Cells) > 0 {
				amount, _, _ = b.readAmount(row, 0, colAmount)
			}
			rd.rej, rd.isRej = b.reject(row.Number, row.Text(), row.Problem, amount), true
			return true
		}
		l, reason, amount, skip := b.add(row)
		switch {
		case skip:
		case reason != "":
			rd.rej, rd.isRej = b.reject(row.Number, b.raw(row), reason, amount), true
			return true
		default:
			rd.line, rd.isRej = l, false
			return true
		}
	}
	rd.err, rd.done = rd.t.Err(), true
	return false
}

// Line is the current line when it is usable.
func (rd *Reader) Line() Line { return rd.line }

// Rejected is the current line when it cannot be used.
func (rd *Reader) Rejected() (Rejected, bool) { return rd.rej, rd.isRej }

// Err is what stopped Next early, if anything.
func (rd *Reader) Err() error { return rd.err }

// Total is the sum of the amounts of the lines read (see Statement.Total).
func (rd *Reader) Total() decimal.Decimal { return rd.b.total() }

// Close releases the file.
func (rd *Reader) Close() error { return rd.f.Close() }

// hasDate tells a CSV line that starts a statement line: it has a date in
// the date column.
func hasDate(cell func(col int) string) bool {
	_, _, msg := parseDate(cell(int(colDate)), false, false)
	return msg == ""
}

// cut returns s cut to rawLimit bytes on a rune boundary.
func cut(s string) string {
	if len(s) <= rawLimit {
		return s
	}
	i := rawLimit
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}
