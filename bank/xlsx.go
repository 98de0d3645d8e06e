package bank

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"reliefledger"
	"reliefledger/internal/xlsxzip"
)

// rawValues makes excelize return what cells store, not what their number
// format shows: 1500000 rather than "1.5E+06" or "1,500,000", and a date
// cell's serial number rather than text in the workbook's locale.
var rawValues = excelize.Options{RawCellValue: true}

// parseXLSX reads the first worksheet that has a header row.
func parseXLSX(data []byte) (st Statement, err error) {
	// excelize is a large parser fed with uploaded files: a panic on a
	// crafted file must not take the server down.
	defer func() {
		if p := recover(); p != nil {
			st, err = Statement{}, fmt.Errorf("read xlsx: panic: %v", p)
		}
	}()
	notXLSX := reliefledger.Errorf(reliefledger.Invalid, "the statement is not a valid XLSX workbook: save it from Excel as .xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: xlsxUnzipLimit})
	if err != nil {
		return Statement{}, notXLSX
	}
	defer f.Close()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Statement{}, notXLSX
	}
	sheets, err := xlsxzip.Worksheets(zr)
	if err != nil || len(sheets) == 0 {
		return Statement{}, notXLSX
	}
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	var best header
	for _, ws := range sheets {
		st, ok, err := readWorksheet(f, zr, ws, date1904, &best)
		if err != nil || ok {
			return st, err
		}
	}
	return Statement{}, errNoHeader(best)
}

// readWorksheet reads one worksheet; ok is false when it has no header row,
// and best is then updated with its closest candidate. Values come from
// excelize's streaming reader; a second stream over the same XML
// (sheetScan) says which cells store numbers and which hold formulas, as
// excelize's row iterator tells neither.
func readWorksheet(f *excelize.File, zr *zip.Reader, ws xlsxzip.Worksheet, date1904 bool, best *header) (st Statement, ok bool, err error) {
	broken := func(line int) error {
		at := ""
		if line > 0 {
			at = fmt.Sprintf(" at row %d", line)
		}
		return reliefledger.Errorf(reliefledger.Invalid, "sheet %q cannot be read%s: save the file again from Excel", ws.Name, at)
	}
	rows, err := f.Rows(ws.Name)
	if err != nil {
		return Statement{}, false, broken(0)
	}
	defer rows.Close()
	scan, err := openSheetScan(zr, ws.Part)
	if err != nil {
		return Statement{}, false, broken(0)
	}
	defer scan.close()
	var b *builder
	var kinds []cellKind
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns(rawValues)
		if err != nil {
			return Statement{}, false, broken(line)
		}
		kinds = scan.kinds(line, kinds[:0])
		if b == nil {
			if line > headerSearchRows {
				return Statement{}, false, nil
			}
			h := readHeader(line, cells)
			if len(h.missing()) > 0 {
				if h.better(best) {
					*best = h
				}
				continue
			}
			b = newBuilder(h, false, 0)
			b.date1904 = date1904
			continue
		}
		if reason, amount, skip := b.add(line, cells, kinds); !skip && reason != "" {
			b.reject(line, b.rawCells(cells, kinds), reason, amount)
		}
	}
	if rows.Error() != nil {
		return Statement{}, false, broken(line)
	}
	if b == nil {
		return Statement{}, false, nil
	}
	return b.finish(), true, nil
}

// rawCells shows a row's cells as one text for Rejected.Raw, with a date
// cell's serial number shown as the date it stands for.
func (b *builder) rawCells(cells []string, kinds []cellKind) string {
	n := len(cells)
	for n > 0 && cells[n-1] == "" {
		n--
	}
	cells = cells[:n]
	if i := b.h.index[colDate]; i < n && b.kind(kinds, colDate) == cellNumber {
		if date, clock, msg := parseDate(cells[i], true, b.date1904); msg == "" {
			cells[i] = strings.TrimSpace(date + " " + clock)
		}
	}
	return strings.Join(cells, " | ")
}

// cellMark is what sheetScan reports about a cell that stores a number or
// holds a formula.
type cellMark struct {
	col  int // 1-based
	kind cellKind
}

// sheetScan streams a worksheet's XML in step with excelize's row iterator.
type sheetScan struct {
	rc    io.ReadCloser
	dec   *xml.Decoder
	row   int        // number of the row in marks
	marks []cellMark // marked cells of that row
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

// kinds returns, appended to dst, the kind of each cell of row line up to
// the last marked one; lines must be asked for in order.
func (s *sheetScan) kinds(line int, dst []cellKind) []cellKind {
	for !s.done && s.row < line {
		s.readRow()
	}
	if s.row != line {
		return dst
	}
	for _, m := range s.marks {
		if m.col > 1<<14 { // Excel's last column is XFD, 16384
			continue
		}
		for len(dst) < m.col {
			dst = append(dst, 0)
		}
		dst[m.col-1] |= m.kind
	}
	return dst
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
	numeric, hasValue := false, false
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
				numeric, hasValue = true, false
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
				cur.kind |= cellFormula
			case "v":
				hasValue = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "c":
				if numeric && hasValue {
					cur.kind |= cellNumber
				}
				if cur.kind != 0 {
					s.marks = append(s.marks, cur)
				}
			case "row":
				return
			}
		}
	}
}
