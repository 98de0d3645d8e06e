package bank

import (
	"fmt"
	"strings"

	"reliefledger"
	"reliefledger/internal/sheet"
)

// column is a field of the generic statement layout: an index in columns.
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

// columns is the statement's alias table: the generic layout's header
// names and the other header texts that name each column; the first alias
// is suggested when the column is missing. Case, diacritics, spaces, a
// trailing colon or a parenthesised note ("Số tiền (VND)") do not matter,
// and a bilingual header ("Ngày GD/Transaction date") matches by either
// half (see sheet.Columns.Lookup).
//
// Statements that split amounts into "Ghi nợ" and "Ghi có" columns are
// common, so a debit column is read too: its amounts become negative lines.
var columns = sheet.NewColumns([]sheet.Column{
	colDate:         {Name: "date", Aliases: []string{"Ngày giao dịch", "Ngày", "Ngay GD", "Transaction date"}},
	colReference:    {Name: "reference", Aliases: []string{"Số tham chiếu", "Mã giao dịch", "Số bút toán", "Ref", "Reference no"}},
	colAmount:       {Name: "amount", Aliases: []string{"Số tiền", "Số tiền ghi có", "Credit", "Ghi có"}},
	colDebit:        {Name: "debit", Aliases: []string{"Số tiền ghi nợ", "Ghi nợ", "Debit"}},
	colDescription:  {Name: "description", Aliases: []string{"Nội dung", "Diễn giải", "Nội dung chuyển khoản", "Remark"}},
	colCounterparty: {Name: "counterparty_name", Aliases: []string{"Tên người chuyển", "Người chuyển", "Tên tài khoản đối ứng", "Counterparty"}},
	colAccount:      {Name: "counterparty_account", Aliases: []string{"Số tài khoản đối ứng", "Tài khoản đối ứng", "TK đối ứng", "Account"}},
}...)

// requiredColumns are the columns a statement must have: a row naming
// them is the header row.
var requiredColumns = []int{int(colDate), int(colAmount)}

// errNoHeader says that no row within the rows searched is a usable
// header; best is the row that came closest, if any (Found > 0).
func errNoHeader(e *sheet.NoHeaderError) error {
	best := e.Best
	miss := requiredColumns
	if best.Found > 0 {
		miss = best.Missing(requiredColumns)
	}
	var want []string
	for _, c := range miss {
		col := columns.Column(c)
		want = append(want, fmt.Sprintf("%s (%q)", col.Name, col.Aliases[0]))
	}
	list := strings.Join(want, " and ")
	if best.Found == 0 {
		return reliefledger.Errorf(reliefledger.Invalid,
			"no header row in the first %d rows: the statement needs a row naming its columns, with at least %s",
			e.Rows, list)
	}
	var quoted []string
	for _, c := range best.Cells {
		if c != "" && len(c) <= 200 && len(quoted) < 8 {
			quoted = append(quoted, fmt.Sprintf("%q", short(c)))
		}
	}
	what, it := "column", "it"
	if len(miss) > 1 {
		what, it = "columns", "them"
	}
	return reliefledger.Errorf(reliefledger.Invalid,
		"the statement is missing the %s %s: the header row (line %d: %s) must name %s",
		what, list, best.Row, strings.Join(quoted, ", "), it)
}
