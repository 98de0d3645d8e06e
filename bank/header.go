package bank

import (
	"fmt"
	"strings"

	"reliefledger"
	"reliefledger/internal/fold"
)

// column is a field of the generic statement layout.
type column int

const (
	colDate column = iota
	colReference
	colAmount // signed, or the credit column of a layout with separate credit and debit columns
	colDebit  // optional: the debit column of such a layout
	colDescription
	colCounterparty
	colAccount
	numColumns
)

// columnNames are the generic layout's header names.
var columnNames = [numColumns]string{
	"date", "reference", "amount", "debit", "description", "counterparty_name", "counterparty_account",
}

// headerAliases lists the other header texts that name each column. The
// first is suggested when the column is missing. Case, diacritics, spaces,
// a trailing colon or a parenthesised note ("Số tiền (VND)") do not matter,
// and a bilingual header ("Ngày GD/Transaction date") matches by either half.
//
// Statements that split amounts into "Ghi nợ" and "Ghi có" columns are
// common, so a debit column is read too: its amounts become negative lines.
var headerAliases = [numColumns][]string{
	colDate:         {"Ngày giao dịch", "Ngày", "Ngay GD", "Transaction date"},
	colReference:    {"Số tham chiếu", "Mã giao dịch", "Số bút toán", "Ref", "Reference no"},
	colAmount:       {"Số tiền", "Số tiền ghi có", "Credit", "Ghi có"},
	colDebit:        {"Số tiền ghi nợ", "Ghi nợ", "Debit"},
	colDescription:  {"Nội dung", "Diễn giải", "Nội dung chuyển khoản", "Remark"},
	colCounterparty: {"Tên người chuyển", "Người chuyển", "Tên tài khoản đối ứng", "Counterparty"},
	colAccount:      {"Số tài khoản đối ứng", "Tài khoản đối ứng", "TK đối ứng", "Account"},
}

// requiredColumns are the columns a statement must have.
var requiredColumns = []column{colDate, colAmount}

// aliasIndex maps headerKey(alias) to its column.
var aliasIndex = func() map[string]column {
	m := make(map[string]column)
	for col, aliases := range headerAliases {
		m[headerKey(columnNames[col])] = column(col)
		for _, a := range aliases {
			m[headerKey(a)] = column(col)
		}
	}
	return m
}()

// headerKey folds a header text for matching: no case, diacritics, spaces or
// underscores, and no trailing punctuation or parenthesised note.
func headerKey(s string) string {
	k := fold.String(s)
	for {
		k = strings.TrimRight(k, " *:.;,-_")
		i := strings.LastIndexByte(k, '(')
		if !strings.HasSuffix(k, ")") || i < 0 {
			break
		}
		k = k[:i]
	}
	return headerSpaces.Replace(k)
}

var headerSpaces = strings.NewReplacer(" ", "", "_", "")

// columnOf returns the column a header cell names.
func columnOf(cell string) (column, bool) {
	if col, ok := aliasIndex[headerKey(cell)]; ok {
		return col, true
	}
	for _, part := range strings.FieldsFunc(cell, func(r rune) bool { return r == '/' || r == '\n' || r == '|' }) {
		if col, ok := aliasIndex[headerKey(part)]; ok {
			return col, true
		}
	}
	return 0, false
}

// header is a candidate header row.
type header struct {
	line  int
	index [numColumns]int    // cell index of each column, -1 when absent
	names [numColumns]string // the header text of each column, as written
	width int                // cells in the header row
	found int                // known columns
	cells []string           // the row's first cells, to quote in an error
}

// readHeader reads cells as a header row. When two cells name the same
// column, the first is read.
func readHeader(line int, cells []string) header {
	h := header{line: line, width: len(cells)}
	for i := range h.index {
		h.index[i] = -1
	}
	for i, c := range cells {
		c = fold.TrimSpace(c)
		if c == "" || len(c) > 200 {
			continue
		}
		if len(h.cells) < 8 {
			h.cells = append(h.cells, c)
		}
		if col, ok := columnOf(c); ok && h.index[col] < 0 {
			h.index[col], h.names[col] = i, c
			h.found++
		}
	}
	return h
}

// missing lists the required columns h lacks.
func (h *header) missing() []column {
	var out []column
	for _, c := range requiredColumns {
		if h.index[c] < 0 {
			out = append(out, c)
		}
	}
	return out
}

// better reports whether h is a better candidate than o for saying what is
// missing.
func (h *header) better(o *header) bool { return h.found > o.found }

// errNoHeader says that no row within headerSearchRows is a usable header;
// best is the row that came closest, if any (found > 0).
func errNoHeader(best header) error {
	var want []string
	miss := requiredColumns
	if best.found > 0 {
		miss = best.missing()
	}
	for _, c := range miss {
		want = append(want, fmt.Sprintf("%s (%q)", columnNames[c], headerAliases[c][0]))
	}
	list := strings.Join(want, " and ")
	if best.found == 0 {
		return reliefledger.Errorf(reliefledger.Invalid,
			"no header row in the first %d rows: the statement needs a row naming its columns, with at least %s",
			headerSearchRows, list)
	}
	quoted := make([]string, len(best.cells))
	for i, c := range best.cells {
		quoted[i] = fmt.Sprintf("%q", short(c))
	}
	what, it := "column", "it"
	if len(miss) > 1 {
		what, it = "columns", "them"
	}
	return reliefledger.Errorf(reliefledger.Invalid,
		"the statement is missing the %s %s: the header row (line %d: %s) must name %s",
		what, list, best.line, strings.Join(quoted, ", "), it)
}
