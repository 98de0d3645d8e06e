package exports

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/internal/fold"
	"reliefledger/internal/i18n"
	"reliefledger/internal/sheet"
	"reliefledger/ledger"
)

// received marks: what districts write in "Đã nhận (x)".
var receivedMarks = map[string]bool{"x": true, "✓": true, "✔": true, "v": true, "có": true, "co": true, "1": true, "yes": true, "y": true, "da nhan": true, "đã nhận": true}

// The list's columns that are read back: indexes in listCols.
const (
	listCode     = 1
	listReceived = 8
	listDateCol  = 9
	listBy       = 10
)

// listColumns is the signed list's alias table: each of listCols by its
// English and its Vietnamese title, as the translation table has them.
var listColumns = func() *sheet.Columns {
	cols := make([]sheet.Column, len(listCols))
	for i, k := range listCols {
		t, _ := i18n.Lookup(k)
		cols[i] = sheet.Column{Name: t.EN, Aliases: []string{t.VI}}
	}
	return sheet.NewColumns(cols...)
}()

const listMaxRows = 100_000 // rows of a list sheet: a district has a few thousand households

// ReadDistributionList reads a distribution list this package wrote, after
// a district marked it: the rows marked received, with their date, from
// every sheet with the list's columns. Unmarked rows are skipped. Invalid
// when no sheet has the list's columns, or naming every row it cannot use
// ("Sheet!row": a mark without a date, a date or a mark it cannot read).
func ReadDistributionList(r io.Reader, limits sheet.Limits) ([]distribution.SignedRow, error) {
	fileErr := func(err error) error {
		if e, ok := rl.AsError(err); ok && e.Kind != rl.Internal && e.Kind != rl.TooLarge {
			return rl.InvalidFields(rl.FieldError{Field: "file", Message: e.Message})
		}
		return err
	}
	f, err := sheet.Open("list.xlsx", r, limits.Options(sheet.Options{Columns: listColumns, Required: []int{listCode, listReceived},
		Noun: "the list", MaxRows: listMaxRows}))
	if err != nil {
		return nil, fileErr(err)
	}
	defer f.Close()
	var rows []distribution.SignedRow
	var problems rl.Fields
	found := false
	for {
		t, err := f.NextTable()
		if nh := (*sheet.NoHeaderError)(nil); errors.As(err, &nh) {
			break
		}
		if err != nil {
			return nil, fileErr(err)
		}
		found = true
		h := &t.Header
		for t.Next() {
			row := t.Row()
			get := func(col int) string { return row.Cell(h.Index[col]) }
			code, mark := get(listCode), get(listReceived)
			if code == "" || mark == "" {
				continue
			}
			at := fmt.Sprintf("%s!%d", t.Sheet, row.Number)
			if !receivedMarks[fold.String(mark)] && !receivedMarks[mark] {
				problems.Add(at, "cannot read the mark %q; write x for received", mark)
				continue
			}
			date, err := listDate(row, h.Index[listDateCol], t.Date1904())
			if err != nil {
				problems.Add(at, "%v", err)
				continue
			}
			rows = append(rows, distribution.SignedRow{Sheet: t.Sheet, Line: row.Number, Household: code, Date: date, HandedOverBy: get(listBy)})
		}
		if err := t.Err(); err != nil {
			return nil, fileErr(err)
		}
	}
	if !found {
		return nil, rl.InvalidFields(rl.FieldError{Field: "file", Message: "no sheet has the distribution list's columns (Mã hộ, Đã nhận (x))"})
	}
	return rows, problems.Err()
}

// listDate reads the received date in cell i (-1 when the list has no
// date column) as a district may enter it: a date cell, or text as
// dd/mm/yyyy, yyyy-mm-dd or a serial number.
func listDate(row *sheet.Row, i int, date1904 bool) (ledger.Date, error) {
	if row.Kind(i)&sheet.Date != 0 {
		if t, ok := row.Time(i); ok {
			return checked(ledger.NewDate(t.Date()))
		}
	}
	s := row.Cell(i)
	if s == "" {
		return ledger.Date{}, fmt.Errorf("marked received without a date")
	}
	if d, err := ledger.ParseDate(s); err == nil {
		return d, nil
	}
	for _, layout := range []string{"02/01/2006", "2/1/2006", "02-01-2006", "01-02-06"} {
		if t, err := time.Parse(layout, s); err == nil {
			return checked(ledger.NewDate(t.Date()))
		}
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 30000 && n < 80000 {
		if t, ok := sheet.SerialTime(n, date1904); ok {
			return checked(ledger.NewDate(t.Date()))
		}
	}
	return ledger.Date{}, fmt.Errorf("cannot read the date %q; write it as dd/mm/yyyy", s)
}

func checked(d ledger.Date) (ledger.Date, error) { return d, ledger.CheckDate(d) }
