package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"
)

// This file reads what excelize does not expose of an XLSX file: where each
// worksheet's XML part is, the number formats of its styles, and, streamed
// beside excelize's rows (scan), which cells hold formulas and what numbers
// they store, and the merged ranges.

// partLimit bounds the bytes read of workbook.xml, styles.xml or a .rels part.
const partLimit = 64 << 20

// worksheet is a worksheet's name and its XML part in the zip.
type worksheet struct{ name, part string }

type xmlRelationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type xmlWorkbook struct {
	Sheets []struct {
		Name  string     `xml:"name,attr"`
		Attrs []xml.Attr `xml:",any,attr"` // r:id, whose namespace differs in Strict files
	} `xml:"sheets>sheet"`
}

// workbookParts lists the worksheets in workbook order with their parts,
// and names the styles part ("" when there is none).
func workbookParts(zr *zip.Reader) (sheets []worksheet, styles string, err error) {
	book := "xl/workbook.xml"
	var root xmlRelationships
	if readPart(zr, "_rels/.rels", &root) == nil {
		for _, r := range root.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				book = strings.TrimPrefix(r.Target, "/")
			}
		}
	}
	var wb xmlWorkbook
	var rels xmlRelationships
	dir := path.Dir(book)
	if err := readPart(zr, book, &wb); err != nil {
		return nil, "", err
	}
	if err := readPart(zr, path.Join(dir, "_rels", path.Base(book)+".rels"), &rels); err != nil {
		return nil, "", err
	}
	target := func(t string) string {
		if abs, ok := strings.CutPrefix(t, "/"); ok {
			return abs
		}
		return path.Join(dir, t)
	}
	parts := make(map[string]string)
	for _, r := range rels.Rels {
		switch {
		case strings.HasSuffix(r.Type, "/worksheet"):
			parts[r.ID] = target(r.Target)
		case strings.HasSuffix(r.Type, "/styles"):
			styles = target(r.Target)
		}
	}
	for _, s := range wb.Sheets {
		for _, a := range s.Attrs {
			if p, ok := parts[a.Value]; ok && a.Name.Local == "id" {
				sheets = append(sheets, worksheet{name: s.Name, part: p})
			}
		}
	}
	return sheets, styles, nil
}

// readPart decodes one XML part of the zip.
func readPart(zr *zip.Reader, name string, v any) error {
	rc, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, partLimit)).Decode(v)
}

type xmlStyles struct {
	NumFmts []struct {
		ID   int    `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	CellXfs []struct {
		NumFmtID int `xml:"numFmtId,attr"`
	} `xml:"cellXfs>xf"`
}

// dateStyles reads the styles part and returns, by cell style index,
// whether the style shows a number as a date or a time. A workbook without
// readable styles has none.
func dateStyles(zr *zip.Reader, part string) []bool {
	var st xmlStyles
	if part == "" || readPart(zr, part, &st) != nil {
		return nil
	}
	custom := make(map[int]string, len(st.NumFmts))
	for _, f := range st.NumFmts {
		custom[f.ID] = f.Code
	}
	out := make([]bool, len(st.CellXfs))
	for i, xf := range st.CellXfs {
		if code, ok := custom[xf.NumFmtID]; ok {
			out[i] = isDateFormat(code)
		} else {
			out[i] = builtinDateFormat(xf.NumFmtID)
		}
	}
	return out
}

// builtinDateFormat reports whether a built-in number format (ECMA-376
// 18.8.30, with the East Asian ones) shows a date or a time.
func builtinDateFormat(id int) bool {
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)
}

// isDateFormat reports whether a custom number format code shows a date or
// a time: its first section has a day, month, year, hour or second token
// outside quoted text, escapes and [bracketed] colours and locales.
func isDateFormat(code string) bool {
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i]
	}
	for i := 0; i < len(code); i++ {
		switch c := code[i] | 0x20; {
		case code[i] == '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case code[i] == '\\' || code[i] == '_' || code[i] == '*':
			i++ // an escaped, padding or fill character
		case code[i] == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			if b := strings.ToLower(code[i+1 : i+j]); b != "" && strings.Trim(b, "hms") == "" {
				return true // elapsed time: [h]:mm:ss
			}
			i += j
		case c == 'd' || c == 'm' || c == 'y' || c == 'h' || c == 's':
			return true
		}
	}
	return false
}

// attrInt returns the integer attribute name of t, or def.
func attrInt(t xml.StartElement, name string, def int) int {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			if n, err := strconv.Atoi(a.Value); err == nil {
				return n
			}
		}
	}
	return def
}

// refColumn returns the 1-based column of a cell reference like "AB12", or 0.
func refColumn(ref string) int {
	n := 0
	for i := 0; i < len(ref) && n < 1<<20; i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		n = n*26 + int(c-'a'+1)
	}
	return n
}

// refCell reads a cell reference like "AB12" (or "$AB$12") into its 1-based
// column and row; ok is false for anything else.
func refCell(ref string) (col, row int, ok bool) {
	ref = strings.ReplaceAll(ref, "$", "")
	col = refColumn(ref)
	i := 0
	for i < len(ref) && (ref[i]|0x20 >= 'a' && ref[i]|0x20 <= 'z') {
		i++
	}
	row, err := strconv.Atoi(ref[i:])
	if col < 1 || col > maxColumns || err != nil || row < 1 {
		return 0, 0, false
	}
	return col, row, true
}

// maxColumns is Excel's last column, XFD.
const maxColumns = 1 << 14

// nextRow advances dec to the next <row> element of a worksheet and returns
// its number (prev+1 when it has none); ok is false at the end of
// <sheetData> or of the stream. The caller then reads the row's cells.
func nextRow(dec *xml.Decoder, prev int) (row int, ok bool) {
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return prev, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "row" {
				return attrInt(t, "r", prev+1), true
			}
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				return prev, false
			}
		}
	}
}

// cellMark is what scan reports about a cell that holds a formula, a
// number or a date.
type cellMark struct {
	col   int // 1-based
	kind  Kind
	value string // the stored number, or the ISO 8601 text of a date cell
}

// scan streams a worksheet's XML in step with excelize's row iterator, as
// that iterator tells neither which cells hold formulas nor which store
// numbers, nor where the merged ranges are.
type scan struct {
	rc    io.ReadCloser
	dec   *xml.Decoder
	dates []bool     // date styles by index
	row   int        // number of the row in marks
	marks []cellMark // marked cells of that row
	done  bool       // past the rows, or the XML is broken
}

func openScan(zr *zip.Reader, part string, dates []bool) (*scan, error) {
	rc, err := zr.Open(part)
	if err != nil {
		return nil, err
	}
	return &scan{rc: rc, dec: xml.NewDecoder(io.LimitReader(rc, unzipLimit)), dates: dates}, nil
}

func (s *scan) close() { s.rc.Close() }

// at returns the marks of row line; lines must be asked for in order.
func (s *scan) at(line int) []cellMark {
	for !s.done && s.row < line {
		row, ok := nextRow(s.dec, s.row)
		if !ok {
			s.done = true
			break
		}
		s.row = row
		s.readCells()
	}
	if s.row == line {
		return s.marks
	}
	return nil
}

// readCells reads the cells of the row just entered into s.marks.
func (s *scan) readCells() {
	s.marks = s.marks[:0]
	var cur cellMark
	numeric, iso, inValue, style := false, false, false, 0
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
				numeric, iso, style = true, false, 0
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "r":
						if c := refColumn(a.Value); c > 0 {
							cur.col = c
						}
					case "t":
						numeric, iso = a.Value == "n", a.Value == "d"
					case "s":
						style, _ = strconv.Atoi(a.Value)
					}
				}
			case "f":
				cur.kind |= Formula
			case "v":
				inValue = true
			}
		case xml.CharData:
			if inValue && (numeric || iso) {
				if v := bytes.TrimSpace(t); cur.value == "" {
					cur.value = string(v)
				} else {
					cur.value += string(v)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inValue = false
			case "c":
				switch {
				case cur.value == "":
				case iso:
					cur.kind |= Date
				case style < len(s.dates) && s.dates[style]:
					cur.kind |= Number | Date
				default:
					cur.kind |= Number
				}
				if cur.kind != 0 && cur.col <= maxColumns {
					s.marks = append(s.marks, cur)
				}
			case "row":
				return
			}
		}
	}
}

// merged reads the rest of the worksheet and returns its merged ranges of
// more than one cell, which come after the rows.
func (s *scan) merged() []Range {
	var out []Range
	for {
		tok, err := s.dec.RawToken()
		if err != nil {
			return out
		}
		t, ok := tok.(xml.StartElement)
		if !ok || t.Name.Local != "mergeCell" {
			continue
		}
		for _, a := range t.Attr {
			if a.Name.Local != "ref" {
				continue
			}
			from, to, _ := strings.Cut(a.Value, ":")
			c1, r1, ok1 := refCell(from)
			c2, r2, ok2 := refCell(to)
			if ok1 && ok2 && (c1 != c2 || r1 != r2) {
				out = append(out, Range{Ref: a.Value, FirstCol: min(c1, c2), FirstRow: min(r1, r2), LastCol: max(c1, c2), LastRow: max(r1, r2)})
			}
		}
	}
}
