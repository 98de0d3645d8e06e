package bank

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"reliefledger/internal/fold"
	"reliefledger/internal/sheet"
)

// columnSet is a set of columns.
type columnSet uint16

func (s columnSet) has(c column) bool { return s&(1<<c) != 0 }

// builder turns the data rows under a header row into a Statement.
type builder struct {
	h        sheet.Header
	csv      bool // CSV rules: count cells
	date1904 bool // an XLSX workbook in the 1904 date system
	need     int  // cells a CSV line needs to reach the date and amount columns
	needCol  column
	// headerLine is the header row's line number.
	headerLine int
	seen       map[[16]byte]int32 // occurrences of each key base in this file
	buf        []byte             // key base, reused
	sum        int64              // part of Total not yet in totalDec
	totalDec   decimal.Decimal
}

func newBuilder(h sheet.Header, csv, date1904 bool) *builder {
	b := &builder{h: h, csv: csv, date1904: date1904, seen: map[[16]byte]int32{}, headerLine: h.Row}
	for _, c := range requiredColumns {
		if h.Index[c]+1 > b.need {
			b.need, b.needCol = h.Index[c]+1, column(c)
		}
	}
	return b
}

// index returns the cell index of column c, or -1.
func (b *builder) index(c column) int { return b.h.Index[c] }

// cell returns the value of column c in r: for an XLSX number, the number
// as stored.
func (b *builder) cell(r *sheet.Row, c column) string {
	if i := b.index(c); i >= 0 {
		return r.Value(i)
	}
	return ""
}

func (b *builder) kind(r *sheet.Row, c column) sheet.Kind {
	if i := b.index(c); i >= 0 {
		return r.Kind(i)
	}
	return 0
}

// in names column c for a reason: `in column "Số tiền", `.
func (b *builder) in(c column) string { return fmt.Sprintf("in column %q, ", b.h.Names[c]) }

// add reads data row r. skip is true for a blank or total row. A usable
// row is returned as l; otherwise reason says why not, and amount is the
// amount it would have had, or 0 when that cannot be read.
func (b *builder) add(r *sheet.Row) (l Line, reason string, amount int64, skip bool) {
	cells := r.Cells
	first := -1
	for i, c := range cells {
		if c != "" {
			first = i
			break
		}
	}
	formulas := b.formulas(r)
	if first < 0 && formulas == 0 {
		return Line{}, "", 0, true
	}
	if first >= 0 && b.isTotal(r, first) {
		return Line{}, "", 0, true
	}
	if b.csv {
		if len(cells) < b.need {
			return Line{}, fmt.Sprintf("the line has %d cells, fewer than the %d needed to reach column %q",
				len(cells), b.need, b.h.Names[b.needCol]), 0, false
		}
		for _, c := range cells[min(len(b.h.Cells), len(cells)):] {
			if c != "" {
				return Line{}, fmt.Sprintf("the line has %d cells but the header has %d: a separator in a cell without quotes shifts the columns; put that cell in quotes",
					len(cells), len(b.h.Cells)), 0, false
			}
		}
	}
	var problems []string
	for c := range numColumns {
		if !formulas.has(c) {
			continue
		}
		if b.csv {
			problems = append(problems, b.in(c)+`the cell starts with "=" like a formula: enter the value, not a formula`)
		} else {
			problems = append(problems, b.in(c)+"the cell holds a formula: enter the value instead")
		}
	}
	dateText, credit, debit := b.cell(r, colDate), b.cell(r, colAmount), b.cell(r, colDebit)
	if dateText == "" && credit == "" && debit == "" && formulas == 0 {
		return Line{}, fmt.Sprintf("the line has no date (column %q) and no amount (column %q): only some of its cells are filled",
			b.h.Names[colDate], b.h.Names[colAmount]), 0, false
	}
	amount, ok, problem := b.amount(r, formulas)
	if problem != "" {
		problems = append(problems, problem)
	}
	d, clock, problem := b.date(r, formulas)
	if problem != "" {
		problems = append(problems, problem)
	}
	if ok && amount == 0 {
		problems = append(problems, b.in(colAmount)+"the amount is zero")
	}
	if len(problems) > 0 || !ok || d == (day{}) {
		if reason = strings.Join(problems, "; "); reason == "" {
			reason = "the line cannot be read" // not reached: every failure above gives a problem
		}
		return Line{}, reason, amount, false
	}
	l = Line{
		Number:              r.Number,
		Date:                d.date(),
		Time:                clock,
		Reference:           b.cell(r, colReference),
		Amount:              decimal.NewFromInt(amount),
		Description:         b.cell(r, colDescription),
		Counterparty:        b.cell(r, colCounterparty),
		CounterpartyAccount: b.cell(r, colAccount),
	}
	l.Key = b.key(&l, d, amount)
	b.addTotal(amount)
	return l, "", 0, false
}

// formulas returns the columns whose cell holds a formula: an XLSX formula
// cell, or a CSV cell starting with "=", which a spreadsheet would run.
// Cells of columns not read cannot harm and are left alone.
func (b *builder) formulas(r *sheet.Row) columnSet {
	var s columnSet
	for c := range numColumns {
		if b.kind(r, c)&sheet.Formula != 0 {
			s |= 1 << c
		}
	}
	return s
}

// isTotal reports whether a row is a total line ("Tổng cộng", "Cộng phát
// sinh", "Total") to skip. As a skipped line is not reported, the test is
// narrow: the label must be the first cell, and the row must have no date
// and no reference and its label not be a sender's name (Tống is a surname).
func (b *builder) isTotal(r *sheet.Row, first int) bool {
	if !looksTotal(r.Cells[first]) {
		return false
	}
	if first == b.index(colCounterparty) || first == b.index(colAccount) || b.cell(r, colReference) != "" {
		return false
	}
	return b.cell(r, colDate) == "" || first == b.index(colDate)
}

// looksTotal reports whether s starts with "Tổng", "Cộng" or "Total", any case.
func looksTotal(s string) bool {
	if len(s) < 4 || (s[0]|0x20 != 't' && s[0]|0x20 != 'c') {
		return false // most cells: spare fold's allocation
	}
	k := fold.String(s)
	return strings.HasPrefix(k, "tong") || strings.HasPrefix(k, "cong") || strings.HasPrefix(k, "total")
}

// amount reads the row's amount: the signed amount column, or the credit
// and debit columns of a layout that has both. ok is false when it cannot
// be read; problem is "" when the reason was already given (a formula).
func (b *builder) amount(r *sheet.Row, formulas columnSet) (n int64, ok bool, problem string) {
	credit, creditOK, creditProblem := b.readAmount(r, formulas, colAmount)
	if b.index(colDebit) < 0 {
		return credit, creditOK, creditProblem
	}
	debit, debitOK, debitProblem := b.readAmount(r, formulas, colDebit)
	noCredit := b.cell(r, colAmount) == "" && !formulas.has(colAmount)
	noDebit := b.cell(r, colDebit) == "" && !formulas.has(colDebit)
	switch {
	case noCredit && noDebit:
		return 0, false, fmt.Sprintf("the line has no amount in column %q or column %q", b.h.Names[colAmount], b.h.Names[colDebit])
	case noDebit:
		return credit, creditOK, creditProblem
	case noCredit:
		return -abs(debit), debitOK, debitProblem
	case !creditOK || !debitOK:
		return 0, false, strings.Trim(creditProblem+"; "+debitProblem, "; ")
	case debit == 0:
		return credit, true, ""
	case credit == 0:
		return -abs(debit), true, ""
	}
	return 0, false, fmt.Sprintf("the line has an amount in both column %q and column %q: a line is either a credit or a debit",
		b.h.Names[colAmount], b.h.Names[colDebit])
}

// readAmount reads the amount in column c.
func (b *builder) readAmount(r *sheet.Row, formulas columnSet, c column) (int64, bool, string) {
	if formulas.has(c) {
		return 0, false, ""
	}
	text := b.cell(r, c)
	var n int64
	var p amountProblem
	if b.kind(r, c)&sheet.Number != 0 {
		n, p = parseStoredAmount(text)
	} else {
		n, p = parseAmount(text)
	}
	if p.msg != "" {
		return 0, false, b.in(c) + p.msg
	}
	return n, true, ""
}

// date reads the row's day and time; d is zero when they cannot be read.
func (b *builder) date(r *sheet.Row, formulas columnSet) (d day, clock, problem string) {
	if formulas.has(colDate) {
		return day{}, "", ""
	}
	serial := b.kind(r, colDate)&sheet.Number != 0
	d, clock, msg := parseDate(b.cell(r, colDate), serial, b.date1904)
	if msg != "" {
		return day{}, "", b.in(colDate) + msg
	}
	return d, clock, ""
}

// raw shows row r for Rejected.Raw: a CSV line as written; an XLSX row's
// values joined by " | ", without the empty cells at its end, and with a
// date cell's serial number shown as the date it stands for.
func (b *builder) raw(r *sheet.Row) string {
	if b.csv {
		return r.Text()
	}
	n := len(r.Cells)
	for n > 0 && r.Value(n-1) == "" {
		n--
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = r.Value(i)
		if i == b.index(colDate) && r.Kind(i)&sheet.Number != 0 {
			if d, clock, msg := parseDate(parts[i], true, b.date1904); msg == "" {
				parts[i] = strings.TrimSpace(d.String() + " " + clock)
			}
		}
	}
	return strings.Join(parts, " | ")
}

// key returns the dedupe key of l, whose day is d and amount is amount;
// see Statement.
func (b *builder) key(l *Line, d day, amount int64) string {
	buf := d.appendTo(b.buf[:0])
	buf = append(append(buf, '|'), l.Time...)
	buf = append(append(buf, '|'), l.Reference...)
	buf = strconv.AppendInt(append(buf, '|'), amount, 10) // == l.Amount.String()
	buf = fold.Append(append(buf, '|'), l.CounterpartyAccount)
	buf = fold.Append(append(buf, '|'), l.Description)
	sum := sha256.Sum256(buf)
	base := [16]byte(sum[:16])
	n := b.seen[base] + 1
	b.seen[base] = n
	if n > 1 {
		buf = strconv.AppendInt(append(buf, '#'), int64(n), 10)
		sum = sha256.Sum256(buf)
	}
	b.buf = buf
	return hex.EncodeToString(sum[:16])
}

// reject returns a line that cannot be used; amount is 0 when unknown.
func (b *builder) reject(line int, raw, reason string, amount int64) Rejected {
	r := Rejected{Number: line, Raw: cut(raw), Reason: reason}
	if amount != 0 {
		r.Amount = decimal.NewFromInt(amount)
	}
	b.addTotal(amount)
	return r
}

// addTotal adds to the running total in an int64, spilling into the
// decimal before it could overflow: a decimal Add per line allocates.
func (b *builder) addTotal(n int64) {
	if (n > 0 && b.sum > math.MaxInt64-n) || (n < 0 && b.sum < math.MinInt64-n) {
		b.totalDec = b.totalDec.Add(decimal.NewFromInt(b.sum))
		b.sum = 0
	}
	b.sum += n
}

// total is the sum of the amounts read so far.
func (b *builder) total() decimal.Decimal { return b.totalDec.Add(decimal.NewFromInt(b.sum)) }

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
