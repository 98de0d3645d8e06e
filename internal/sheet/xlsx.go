package sheet

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"reliefledger"
)

// unzipLimit is excelize's own bound on what an XLSX inflates to; the
// upload's limits (checkInflation) are lower and checked first.
const unzipLimit = 1 << 30

// openXLSX opens data as an XLSX workbook.
func (f *File) openXLSX(data []byte) error {
	notXLSX := reliefledger.Errorf(reliefledger.Invalid, "%s is not a valid XLSX workbook: save it from Excel as .xlsx", f.opt.Noun)
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: unzipLimit})
	if err != nil {
		return notXLSX
	}
	f.x = x
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return notXLSX
	}
	sheets, styles, err := workbookParts(zr)
	if err != nil {
		return notXLSX
	}
	f.zr, f.sheets, f.dates = zr, sheets, dateStyles(zr, styles)
	if props, err := x.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		f.date1904 = *props.Date1904
	}
	return nil
}

// xlsxSource reads a worksheet's rows. Values come from excelize's
// streaming reader, as Excel shows them; a second stream over the same XML
// (scan) says which cells hold formulas, numbers and dates, and what
// numbers are stored.
type xlsxSource struct {
	file   *File
	name   string
	rows   *excelize.Rows
	scan   *scan
	line   int
	merges []Range
	done   bool
}

func (f *File) openWorksheet(ws worksheet) (*xlsxSource, error) {
	s := &xlsxSource{file: f, name: ws.name}
	rows, err := f.x.Rows(ws.name)
	if err != nil {
		return nil, s.broken(0)
	}
	sc, err := openScan(f.zr, ws.part, f.dates)
	if err != nil {
		rows.Close()
		return nil, s.broken(0)
	}
	s.rows, s.scan = rows, sc
	return s, nil
}

func (s *xlsxSource) broken(line int) error {
	at := ""
	if line > 0 {
		at = fmt.Sprintf(" at row %d", line)
	}
	return reliefledger.Errorf(reliefledger.Invalid, "sheet %q cannot be read%s: save the file again from Excel", s.name, at)
}

func (s *xlsxSource) next(r *Row) (ok bool, err error) {
	if s.done {
		return false, nil
	}
	defer recoverXLSX(&err)
	if !s.rows.Next() {
		s.done = true
		if s.rows.Error() != nil {
			return false, s.broken(s.line)
		}
		s.merges = s.scan.merged()
		return false, nil
	}
	s.line++
	cells, err := s.rows.Columns()
	if err != nil {
		return false, s.broken(s.line)
	}
	marks := s.scan.at(s.line)
	kinds, values := r.kinds[:0], r.values[:0]
	*r = Row{Number: s.line, date1904: s.file.date1904}
	for _, m := range marks {
		if m.col > len(cells) {
			cells = append(cells, make([]string, m.col-len(cells))...)
		}
	}
	r.Cells = trimCells(cells)
	if len(marks) == 0 {
		r.kinds, r.values = kinds, values
		return true, nil
	}
	for range cells {
		kinds, values = append(kinds, 0), append(values, "")
	}
	for _, m := range marks {
		i := m.col - 1
		kinds[i] |= m.kind
		values[i] = m.value
		if m.kind&(Number|Date) == Number {
			cells[i] = shownNumber(cells[i], m.value)
		}
	}
	r.kinds, r.values = kinds, values
	return true, nil
}

func (s *xlsxSource) merged() []Range { return s.merges }

func (s *xlsxSource) close() {
	s.rows.Close()
	s.scan.close()
}

// shownNumber returns the text to show for a number cell that excelize
// shows as shown and that stores stored. excelize shows a long number in a
// styled "General" cell as Excel does in a narrow column (7.91234568E+11),
// which loses digits of an ID, and a "0.00" format adds ".00" to a count:
// such cells show the stored number in full. Other formats are kept: a
// phone number's "0000000000" restores its leading zero.
func shownNumber(shown, stored string) string {
	if _, err := strconv.ParseFloat(shown, 64); err != nil {
		return shown
	}
	v, err := strconv.ParseFloat(stored, 64)
	if err != nil {
		return shown
	}
	_, fraction, _ := strings.Cut(shown, ".")
	scientific := strings.ContainsAny(shown, "Ee")
	zeroFraction := fraction != "" && strings.Trim(fraction, "0") == "" && v == math.Trunc(v)
	if !scientific && !zeroFraction {
		return shown
	}
	if strings.Trim(stored, "0123456789") == "" {
		return stored // an integer as stored keeps all its digits
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
