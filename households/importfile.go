package households

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"reliefledger"
	"reliefledger/internal/fold"
	"reliefledger/internal/sheet"
)

// Column is a field of the import file.
type Column string

// The columns of the import file. The comments list the Vietnamese headers
// communes use; headerAliases holds the full list.
const (
	ColCode       Column = "code"        // Mã hộ
	ColHeadName   Column = "head_name"   // Họ tên chủ hộ, Họ và tên chủ hộ, Chủ hộ
	ColNationalID Column = "national_id" // Số CCCD, CCCD, Số CMND/CCCD, CMND
	ColPhone      Column = "phone"       // Số điện thoại, SĐT, Điện thoại
	ColCommune    Column = "commune"     // Xã/Phường: a name ("An Lạc Tây", "Phường 2") or a 5-digit code
	ColDistrict   Column = "district"    // Huyện: optional, tells apart communes of the same name
	ColHamlet     Column = "hamlet"      // Ấp/Khóm
	ColCategory   Column = "category"    // Phân loại, Loại hộ
	ColMembers    Column = "members"     // Số nhân khẩu, Nhân khẩu, Số khẩu
	ColFlags      Column = "flags"       // Ghi chú, Diện: free text, optional
)

// headerAliases lists, for each column, the header texts that name it. The
// first is the one suggested when the column is missing. The column's own
// name ("head_name") is accepted too. Case, diacritics, spaces and notes
// such as "(*)" do not matter (see sheet.Columns.Lookup).
var headerAliases = map[Column][]string{
	ColCode:       {"Mã hộ", "Mã số hộ", "Mã hộ gia đình", "household code", "code"},
	ColHeadName:   {"Họ tên chủ hộ", "Họ và tên chủ hộ", "Chủ hộ", "Tên chủ hộ", "head name", "head of household"},
	ColNationalID: {"Số CCCD", "CCCD", "Số CMND/CCCD", "CMND/CCCD", "Số CCCD/CMND", "CCCD/CMND", "CMND", "Số CMND", "Số định danh", "national id"},
	ColPhone:      {"Số điện thoại", "SĐT", "Điện thoại", "phone"},
	ColCommune:    {"Xã/Phường", "Xã", "Phường", "Xã, phường, thị trấn", "Xã/Phường/Thị trấn", "Phường/Xã", "commune"},
	ColDistrict:   {"Huyện", "Huyện/Thị xã/Thành phố", "Huyện/Thị xã", "Quận/Huyện", "district"},
	ColHamlet:     {"Ấp/Khóm", "Ấp", "Khóm", "Khóm/Ấp", "Ấp, khóm", "hamlet"},
	ColCategory:   {"Phân loại", "Loại hộ", "Phân loại hộ", "category"},
	ColMembers:    {"Số nhân khẩu", "Nhân khẩu", "Số khẩu", "members"},
	ColFlags:      {"Ghi chú", "Diện", "flags"},
}

// columnOrder numbers the columns for the alias table.
var columnOrder = []Column{ColCode, ColHeadName, ColNationalID, ColPhone, ColCommune, ColDistrict, ColHamlet, ColCategory, ColMembers, ColFlags}

// columns is the import file's alias table.
var columns = func() *sheet.Columns {
	cols := make([]sheet.Column, len(columnOrder))
	for i, c := range columnOrder {
		cols[i] = sheet.Column{Name: string(c), Aliases: headerAliases[c]}
	}
	return sheet.NewColumns(cols...)
}()

// requiredColumns are the columns a file must have, in report order.
var requiredColumns = []Column{ColCode, ColHeadName, ColCommune, ColCategory, ColMembers}

const (
	headerSearchRows = sheet.DefaultHeaderRows // the header must be within this many rows
	minHeaderMatches = 3                       // known headers a row needs to be the header row
	maxRows          = 200_000                 // rows a file may have: Sóc Trăng had 37,604 poor and near-poor households

	msgFormula    = "the cell holds a formula; enter the value"
	msgCSVFormula = "the cell starts with '=': enter the value, not a formula"
)

// RawRow is one data row. Line is its row number as Excel shows it (1-based,
// counting the header and any rows above it). Values holds the trimmed text of
// the non-empty cells of known columns.
type RawRow struct {
	Line     int
	Values   map[Column]string
	Problems []CellProblem // problems found while reading: formula, merged cell, ...
}

// CellProblem names a cell and what is wrong with it. Column is the header text
// as written in the file, the Column name for a missing column, or the column
// letter ("K") for a cell under no header.
type CellProblem struct {
	Line    int
	Column  string
	Message string
}

// Sheet is what an import file holds.
type Sheet struct {
	HeaderLine int               // row number of the header row
	Columns    map[Column]string // the header text each known column came from
	Rows       []RawRow
	// Problems are file-level: a missing required column, a repeated column,
	// a line that is not valid CSV. Unknown columns are ignored, not problems.
	Problems []CellProblem
}

// ReadFile reads a household import file. name's extension (.xlsx or .csv,
// any case) chooses the format; r is read up to maxBytes.
//
// It returns an error only when the file cannot be read at all: Unsupported
// for another extension, TooLarge over maxBytes or 200,000 rows, Invalid for
// an empty file, a broken XLSX, a CSV that is not UTF-8, or no header row in
// the first 20 rows. Problems with rows and cells go into the Sheet.
func ReadFile(name string, r io.Reader, limits sheet.Limits) (Sheet, error) {
	f, err := sheet.Open(name, r, limits.Options(sheet.Options{Columns: columns, MinFound: minHeaderMatches, MaxRows: maxRows}))
	if err != nil {
		return Sheet{}, err
	}
	defer f.Close()
	t, err := f.NextTable()
	if nh := (*sheet.NoHeaderError)(nil); errors.As(err, &nh) {
		return Sheet{}, errNoHeader()
	}
	if err != nil {
		return Sheet{}, err
	}
	formula := msgFormula
	if f.Format == sheet.CSV {
		formula = msgCSVFormula
	}
	b := newSheetBuilder(&t.Header)
	for t.Next() {
		row := t.Row()
		if row.Problem != "" && len(row.Cells) == 0 { // a CSV line that cannot be split
			b.sheet.Problems = append(b.sheet.Problems, CellProblem{Line: row.Number, Message: row.Problem})
			continue
		}
		raw, ok := b.row(row)
		if !ok {
			continue
		}
		if row.Problem != "" { // a cell breaks the text rule: this row fails alone
			raw.Problems = append(raw.Problems, CellProblem{Line: row.Number, Message: row.Problem})
		}
		for i := range row.Cells {
			if row.Kind(i)&sheet.Formula != 0 {
				raw.Problems = append(raw.Problems, CellProblem{Line: row.Number, Column: b.columnName(i), Message: formula})
			}
		}
		b.sheet.Rows = append(b.sheet.Rows, raw)
	}
	if err := t.Err(); err != nil {
		return Sheet{}, err
	}
	b.markMerged(t.Merged())
	return b.sheet, nil
}

// CategoryOf maps a cell text to a Category: "Nghèo", "hộ nghèo" or "poor"
// give Poor; "Cận nghèo", "hộ cận nghèo" or "near_poor" give NearPoor; case
// and diacritics do not matter. ok is false for anything else.
func CategoryOf(s string) (c Category, ok bool) {
	k := strings.Join(strings.FieldsFunc(fold.String(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == '_' || r == '-'
	}), " ")
	switch strings.TrimPrefix(k, "ho ") {
	case "ngheo", "poor":
		return Poor, true
	case "can ngheo", "near poor":
		return NearPoor, true
	}
	return "", false
}

func errNoHeader() error {
	return reliefledger.Errorf(reliefledger.Invalid,
		"no header row in the first %d rows: the file needs a row of column names such as Mã hộ, Họ tên chủ hộ, Xã/Phường, Phân loại, Số nhân khẩu",
		headerSearchRows)
}

// sheetBuilder turns the rows under a header row into RawRows.
type sheetBuilder struct {
	sheet Sheet
	cols  []Column // by cell index; "" for a cell not read
	names []string // header text by cell index
	first bool     // no data row seen yet
}

func newSheetBuilder(h *sheet.Header) *sheetBuilder {
	b := &sheetBuilder{
		sheet: Sheet{HeaderLine: h.Row, Columns: make(map[Column]string)},
		cols:  make([]Column, len(h.Cells)),
		names: h.Cells,
		first: true,
	}
	for col, i := range h.Index {
		if i >= 0 {
			b.sheet.Columns[columnOrder[col]], b.cols[i] = h.Names[col], columnOrder[col]
		}
	}
	for _, col := range requiredColumns {
		if _, ok := b.sheet.Columns[col]; !ok {
			b.sheet.Problems = append(b.sheet.Problems, CellProblem{Line: h.Row, Column: string(col),
				Message: fmt.Sprintf("the required column is missing: add a column headed %q", headerAliases[col][0])})
		}
	}
	for _, r := range h.Repeats {
		b.sheet.Problems = append(b.sheet.Problems, CellProblem{Line: h.Row, Column: h.Cells[r.Cell],
			Message: fmt.Sprintf("the column repeats %q; only the first is read", h.Names[r.Column])})
	}
	return b
}

// row returns the data row r; ok is false for a row to skip: blank, a
// total, or the column-numbering row ("(1) (2) (3)") that official forms
// put under the header.
func (b *sheetBuilder) row(r *sheet.Row) (raw RawRow, ok bool) {
	cells := r.Cells
	first := -1
	for i, c := range cells {
		if c != "" {
			first = i
			break
		}
	}
	if first < 0 {
		return RawRow{}, false
	}
	// A head of household may be called Tống: only a name in another column
	// marks a total.
	if isTotal(cells[first]) && (first >= len(b.cols) || b.cols[first] != ColHeadName) {
		return RawRow{}, false
	}
	if b.first {
		b.first = false
		if isNumberingRow(cells) {
			return RawRow{}, false
		}
	}
	values := make(map[Column]string, len(b.sheet.Columns))
	for i, c := range cells {
		if i < len(b.cols) && b.cols[i] != "" && c != "" {
			values[b.cols[i]] = c
		}
	}
	return RawRow{Line: r.Number, Values: values}, true
}

// isTotal reports whether s starts with "Tổng" or "Cộng", any case.
func isTotal(s string) bool {
	if len(s) < 4 || (s[0]|0x20 != 't' && s[0]|0x20 != 'c') {
		return false // most cells: spare folding's allocation
	}
	k := fold.String(s)
	return strings.HasPrefix(k, "tong") || strings.HasPrefix(k, "cong")
}

func isNumberingRow(cells []string) bool {
	n := 0
	for _, c := range cells {
		if c == "" {
			continue
		}
		d := strings.TrimSuffix(strings.TrimPrefix(c, "("), ")")
		if len(d) == 0 || len(d) > 2 || strings.Trim(d, "0123456789") != "" {
			return false
		}
		n++
	}
	return n >= minHeaderMatches
}

// columnName names cell index i for a problem: its header or its letter.
func (b *sheetBuilder) columnName(i int) string {
	if i >= 0 && i < len(b.names) && b.names[i] != "" {
		return b.names[i]
	}
	return sheet.ColumnLetters(i)
}

// markMerged adds a problem to every data row a merged range touches: only
// the range's first cell holds the value, so the other rows would read blank.
func (b *sheetBuilder) markMerged(ranges []sheet.Range) {
	rows := b.sheet.Rows
	for _, m := range ranges {
		msg := fmt.Sprintf("merged cells %s: unmerge and fill each row", m.Ref)
		for i := sort.Search(len(rows), func(i int) bool { return rows[i].Line >= m.FirstRow }); i < len(rows) && rows[i].Line <= m.LastRow; i++ {
			rows[i].Problems = append(rows[i].Problems, CellProblem{Line: rows[i].Line, Column: b.columnName(m.FirstCol - 1), Message: msg})
		}
	}
}
