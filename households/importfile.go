package households

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"reliefledger/internal/fold"
	"reliefledger/internal/xlsxzip"

	"reliefledger"
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
// name ("head_name") is accepted too.
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

// requiredColumns are the columns a file must have, in report order.
var requiredColumns = []Column{ColCode, ColHeadName, ColCommune, ColCategory, ColMembers}

// aliasIndex maps headerKey(alias) to its column.
var aliasIndex = func() map[string]Column {
	m := make(map[string]Column)
	for col, aliases := range headerAliases {
		m[headerKey(string(col))] = col
		for _, a := range aliases {
			m[headerKey(a)] = col
		}
	}
	return m
}()

const (
	headerSearchRows = 20      // the header must be within this many rows
	minHeaderMatches = 3       // known headers a row needs to be the header row
	xlsxUnzipLimit   = 1 << 30 // bytes an XLSX may inflate to: a guard against zip bombs

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
// for another extension, TooLarge over maxBytes, Invalid for an empty file, a
// broken XLSX, a CSV that is not UTF-8, or no header row in the first 20 rows.
// Problems with rows and cells go into the Sheet.
func ReadFile(name string, r io.Reader, maxBytes int64) (Sheet, error) {
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".xlsx" && ext != ".csv" {
		return Sheet{}, reliefledger.Errorf(reliefledger.Unsupported, "the file must be .xlsx or .csv, not %q", ext)
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return Sheet{}, fmt.Errorf("read import file %q: %w", name, err)
	}
	if int64(len(data)) > maxBytes {
		return Sheet{}, reliefledger.Errorf(reliefledger.TooLarge, "the file is larger than %d bytes", maxBytes)
	}
	if len(data) == 0 {
		return Sheet{}, reliefledger.Errorf(reliefledger.Invalid, "the file is empty")
	}
	if ext == ".csv" {
		return readCSV(data)
	}
	return readXLSX(data)
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

// headerKey folds a header text for matching: no case, diacritics or spaces,
// and no trailing punctuation or parenthesised note such as "(*)".
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
	return strings.ReplaceAll(k, " ", "")
}

// clean trims spaces, including the non-breaking and zero-width ones that
// copying from the web leaves in cells.
func clean(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
	})
}

func errNoHeader() error {
	return reliefledger.Errorf(reliefledger.Invalid,
		"no header row in the first %d rows: the file needs a row of column names such as Mã hộ, Họ tên chủ hộ, Xã/Phường, Phân loại, Số nhân khẩu",
		headerSearchRows)
}

// sheetBuilder turns the rows after a header row into RawRows.
type sheetBuilder struct {
	sheet Sheet
	cols  []Column // by cell index; "" for a cell not read
	names []string // header text by cell index
	first bool     // no data row seen yet
}

// newSheetBuilder returns nil when cells are not a header row.
func newSheetBuilder(line int, cells []string) *sheetBuilder {
	b := &sheetBuilder{
		sheet: Sheet{HeaderLine: line, Columns: make(map[Column]string)},
		cols:  make([]Column, len(cells)),
		names: make([]string, len(cells)),
		first: true,
	}
	var repeats []CellProblem
	for i, c := range cells {
		b.names[i] = clean(c)
		col, ok := aliasIndex[headerKey(c)]
		if !ok {
			continue
		}
		if first, dup := b.sheet.Columns[col]; dup {
			repeats = append(repeats, CellProblem{Line: line, Column: b.names[i],
				Message: fmt.Sprintf("the column repeats %q; only the first is read", first)})
			continue
		}
		b.sheet.Columns[col], b.cols[i] = b.names[i], col
	}
	if len(b.sheet.Columns) < minHeaderMatches {
		return nil
	}
	for _, col := range requiredColumns {
		if _, ok := b.sheet.Columns[col]; !ok {
			b.sheet.Problems = append(b.sheet.Problems, CellProblem{Line: line, Column: string(col),
				Message: fmt.Sprintf("the required column is missing: add a column headed %q", headerAliases[col][0])})
		}
	}
	b.sheet.Problems = append(b.sheet.Problems, repeats...)
	return b
}

// row returns the data row in cells, trimming cells in place; ok is false
// for a row to skip: blank, a total, or the column-numbering row ("(1) (2)
// (3)") that official forms put under the header.
func (b *sheetBuilder) row(line int, cells []string) (r RawRow, ok bool) {
	first := -1
	for i := range cells {
		if cells[i] = clean(cells[i]); cells[i] != "" && first < 0 {
			first = i
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
	return RawRow{Line: line, Values: values}, true
}

// isTotal reports whether s starts with "Tổng" or "Cộng", any case.
func isTotal(s string) bool {
	if len(s) < 4 || (s[0]|0x20 != 't' && s[0]|0x20 != 'c') {
		return false // most cells: spare folding's allocations
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
	var s []byte
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		s = append([]byte{byte('A' + (n-1)%26)}, s...)
	}
	return string(s)
}

// markMerged adds a problem to every data row a merged range touches: only
// the range's first cell holds the value, so the other rows would read blank.
func (b *sheetBuilder) markMerged(refs []string) {
	rows := b.sheet.Rows
	for _, ref := range refs {
		from, to, _ := strings.Cut(ref, ":")
		c1, r1, err1 := excelize.CellNameToCoordinates(from)
		c2, r2, err2 := excelize.CellNameToCoordinates(to)
		if err1 != nil || err2 != nil || (r1 == r2 && c1 == c2) {
			continue
		}
		r1, r2 = min(r1, r2), max(r1, r2)
		msg := fmt.Sprintf("merged cells %s: unmerge and fill each row", ref)
		for i := sort.Search(len(rows), func(i int) bool { return rows[i].Line >= r1 }); i < len(rows) && rows[i].Line <= r2; i++ {
			rows[i].Problems = append(rows[i].Problems, CellProblem{Line: rows[i].Line, Column: b.columnName(min(c1, c2) - 1), Message: msg})
		}
	}
}

// readCSV reads a UTF-8 CSV whose delimiter is a comma, semicolon or tab.
func readCSV(data []byte) (Sheet, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return Sheet{}, reliefledger.Errorf(reliefledger.Invalid,
			"the file must be UTF-8: in Excel choose Save As → CSV UTF-8 (Comma delimited)")
	}
	delim, ok := csvDelimiter(data)
	if !ok {
		return Sheet{}, errNoHeader()
	}
	rows := newCSVRows(data, delim)
	var b *sheetBuilder
	for {
		cells, line, err := rows.next()
		var pe *csv.ParseError
		switch {
		case err == io.EOF && b == nil:
			return Sheet{}, errNoHeader()
		case err == io.EOF:
			return b.sheet, nil
		case errors.As(err, &pe):
			if b != nil {
				b.sheet.Problems = append(b.sheet.Problems, CellProblem{Line: line,
					Message: fmt.Sprintf("the row is not valid CSV (%v): check its quotes", pe.Err)})
			}
			continue
		case err != nil:
			return Sheet{}, fmt.Errorf("read csv: %w", err)
		}
		if b == nil {
			b = newSheetBuilder(line, cells)
			continue
		}
		row, ok := b.row(line, cells)
		if !ok {
			continue
		}
		for i, c := range cells {
			if strings.HasPrefix(c, "=") {
				row.Problems = append(row.Problems, CellProblem{Line: line, Column: b.columnName(i), Message: msgCSVFormula})
			}
		}
		b.sheet.Rows = append(b.sheet.Rows, row)
	}
}

// csvDelimiter picks the delimiter that splits a row among the first ones
// into the most known headers.
func csvDelimiter(data []byte) (rune, bool) {
	var best rune
	bestCount := 0
	for _, d := range []rune{',', ';', '\t'} {
		rows := newCSVRows(data, d)
		for {
			cells, line, err := rows.next()
			if err == io.EOF || line > headerSearchRows {
				break
			}
			if err != nil {
				continue
			}
			if b := newSheetBuilder(line, cells); b != nil {
				if len(b.sheet.Columns) > bestCount {
					best, bestCount = d, len(b.sheet.Columns)
				}
				break
			}
		}
	}
	return best, bestCount > 0
}

// csvRows reads CSV records with their row numbers as Excel shows them: a
// blank line is a row, and a quoted cell spanning lines is one row.
type csvRows struct {
	r   *csv.Reader
	row int // row number of the last record
	end int // line the last record ended on
}

func newCSVRows(data []byte, delim rune) *csvRows {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord = delim, -1
	return &csvRows{r: r}
}

// next returns the next record and its row number. A *csv.ParseError comes
// with the row number of the bad record; reading can go on after it.
func (c *csvRows) next() ([]string, int, error) {
	rec, err := c.r.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		c.row += pe.StartLine - c.end
		c.end = pe.Line
		return nil, c.row, err
	}
	if err != nil {
		return nil, 0, err
	}
	start, _ := c.r.FieldPos(0)
	end, _ := c.r.FieldPos(len(rec) - 1)
	c.row += start - c.end
	c.end = end + strings.Count(rec[len(rec)-1], "\n")
	return rec, c.row, nil
}

// readXLSX reads the first worksheet that has a header row.
func readXLSX(data []byte) (sh Sheet, err error) {
	// excelize is a large parser fed with uploaded files: a panic on a
	// crafted file must not take the server down.
	defer func() {
		if p := recover(); p != nil {
			sh, err = Sheet{}, fmt.Errorf("read xlsx: panic: %v", p)
		}
	}()
	notXLSX := reliefledger.Errorf(reliefledger.Invalid, "the file is not a valid XLSX workbook: save it from Excel as .xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: xlsxUnzipLimit})
	if err != nil {
		return Sheet{}, notXLSX
	}
	defer f.Close()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Sheet{}, notXLSX
	}
	sheets, err := xlsxzip.Worksheets(zr)
	if err != nil {
		return Sheet{}, notXLSX
	}
	for _, ws := range sheets {
		sh, ok, err := readWorksheet(f, zr, ws)
		if err != nil || ok {
			return sh, err
		}
	}
	return Sheet{}, errNoHeader()
}

// readWorksheet reads one worksheet; ok is false when it has no header row.
// Values come from excelize's streaming reader; a second stream over the same
// XML (sheetScan) says which cells hold formulas and what numbers are stored,
// since excelize's row iterator tells neither.
func readWorksheet(f *excelize.File, zr *zip.Reader, ws xlsxzip.Worksheet) (sh Sheet, ok bool, err error) {
	broken := func(line int) error {
		at := ""
		if line > 0 {
			at = fmt.Sprintf(" at row %d", line)
		}
		return reliefledger.Errorf(reliefledger.Invalid, "sheet %q cannot be read%s: save the file again from Excel", ws.Name, at)
	}
	rows, err := f.Rows(ws.Name)
	if err != nil {
		return Sheet{}, false, broken(0)
	}
	defer rows.Close()
	scan, err := openSheetScan(zr, ws.Part)
	if err != nil {
		return Sheet{}, false, broken(0)
	}
	defer scan.close()
	var b *sheetBuilder
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns()
		if err != nil {
			return Sheet{}, false, broken(line)
		}
		marks := scan.at(line)
		showNumbers(cells, marks)
		if b == nil {
			if line > headerSearchRows {
				return Sheet{}, false, nil
			}
			b = newSheetBuilder(line, cells)
			continue
		}
		row, ok := b.row(line, cells)
		if !ok {
			continue
		}
		for _, m := range marks {
			if m.formula {
				row.Problems = append(row.Problems, CellProblem{Line: line, Column: b.columnName(m.col - 1), Message: msgFormula})
			}
		}
		b.sheet.Rows = append(b.sheet.Rows, row)
	}
	if rows.Error() != nil {
		return Sheet{}, false, broken(line)
	}
	if b == nil {
		return Sheet{}, false, nil
	}
	b.markMerged(scan.mergeRefs())
	return b.sheet, true, nil
}

// showNumbers fixes how numbers stored in cells read: excelize shows a long
// number in a styled "General" cell as Excel does in a narrow column
// (7.91234568E+11), which loses digits of an ID, and a "0.0" format adds a
// ".0" to a count. Such cells get the stored number written out in full.
func showNumbers(cells []string, marks []cellMark) {
	for _, m := range marks {
		i := m.col - 1
		if m.number == "" || i < 0 || i >= len(cells) {
			continue
		}
		shown := cells[i]
		if _, err := strconv.ParseFloat(shown, 64); err != nil {
			continue
		}
		stored, err := strconv.ParseFloat(m.number, 64)
		if err != nil {
			continue
		}
		_, fraction, _ := strings.Cut(shown, ".")
		scientific := strings.ContainsAny(shown, "Ee")
		zeroFraction := fraction != "" && strings.Trim(fraction, "0") == "" && stored == math.Trunc(stored)
		if !scientific && !zeroFraction {
			continue
		}
		if strings.Trim(m.number, "0123456789") == "" {
			cells[i] = m.number // an integer as stored keeps all its digits
		} else {
			cells[i] = strconv.FormatFloat(stored, 'f', -1, 64)
		}
	}
}

// cellMark is what sheetScan reports about a cell that holds a formula or a
// number.
type cellMark struct {
	col     int    // 1-based
	formula bool   // the cell has an <f> element
	number  string // the stored value of a numeric cell
}

// sheetScan streams a worksheet's XML in step with excelize's row iterator.
type sheetScan struct {
	rc    io.ReadCloser
	dec   *xml.Decoder
	row   int        // number of the row in marks
	marks []cellMark // cells of that row with a formula or a number
	done  bool       // past the rows, or the XML is broken
}

func openSheetScan(zr *zip.Reader, part string) (*sheetScan, error) {
	rc, err := zr.Open(part)
	if err != nil {
		return nil, err
	}
	return &sheetScan{rc: rc, dec: xml.NewDecoder(io.LimitReader(rc, xlsxUnzipLimit))}, nil
}

func (s *sheetScan) close() { s.rc.Close() }

// at returns the marks of row line; lines must be asked for in order.
func (s *sheetScan) at(line int) []cellMark {
	for !s.done && s.row < line {
		s.readRow()
	}
	if s.row == line {
		return s.marks
	}
	return nil
}

// readRow reads the next <row> element into s.row and s.marks.
func (s *sheetScan) readRow() {
	row, ok := xlsxzip.NextRow(s.dec, s.row)
	if !ok {
		s.done = true
		return
	}
	s.row = row
	s.readCells()
}

func (s *sheetScan) readCells() {
	s.marks = s.marks[:0]
	var cur cellMark
	numeric, inValue := false, false
	for {
		tok, err := s.dec.RawToken()
		if err != nil {
			s.done = true
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				cur = cellMark{col: cur.col + 1}
				numeric = true
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "r":
						if c := xlsxzip.RefColumn(a.Value); c > 0 {
							cur.col = c
						}
					case "t":
						numeric = a.Value == "n"
					}
				}
			case "f":
				cur.formula = true
			case "v":
				inValue = true
			}
		case xml.CharData:
			if inValue && numeric {
				cur.number += strings.TrimSpace(string(t))
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inValue = false
			case "c":
				if cur.formula || cur.number != "" {
					s.marks = append(s.marks, cur)
				}
			case "row":
				return
			}
		}
	}
}

// mergeRefs reads the rest of the worksheet and returns its merged ranges,
// which come after the rows.
func (s *sheetScan) mergeRefs() []string {
	var refs []string
	for {
		tok, err := s.dec.RawToken()
		if err != nil {
			return refs
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "mergeCell" {
			for _, a := range t.Attr {
				if a.Name.Local == "ref" {
					refs = append(refs, a.Value)
				}
			}
		}
	}
}
