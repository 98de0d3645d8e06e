// Package xlsxzip reads what excelize does not expose of an XLSX file:
// where each worksheet's XML part is, and cell references, so that readers
// of uploaded spreadsheets (households, bank statements) can stream a sheet's
// XML beside excelize's rows to find formulas, merged cells and numbers as
// stored.
package xlsxzip

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"
)

// PartLimit bounds the bytes read of workbook.xml or a .rels part.
const PartLimit = 64 << 20

// Worksheet is a worksheet's name and its XML part in the zip.
type Worksheet struct{ Name, Part string }

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

// Worksheets lists the worksheets in workbook order with their parts.
func Worksheets(zr *zip.Reader) ([]Worksheet, error) {
	book := "xl/workbook.xml"
	var root xmlRelationships
	if ReadPart(zr, "_rels/.rels", &root) == nil {
		for _, r := range root.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				book = strings.TrimPrefix(r.Target, "/")
			}
		}
	}
	var wb xmlWorkbook
	var rels xmlRelationships
	dir := path.Dir(book)
	if err := ReadPart(zr, book, &wb); err != nil {
		return nil, err
	}
	if err := ReadPart(zr, path.Join(dir, "_rels", path.Base(book)+".rels"), &rels); err != nil {
		return nil, err
	}
	parts := make(map[string]string)
	for _, r := range rels.Rels {
		if strings.HasSuffix(r.Type, "/worksheet") {
			if t, ok := strings.CutPrefix(r.Target, "/"); ok {
				parts[r.ID] = t
			} else {
				parts[r.ID] = path.Join(dir, r.Target)
			}
		}
	}
	var out []Worksheet
	for _, s := range wb.Sheets {
		for _, a := range s.Attrs {
			if p, ok := parts[a.Value]; ok && a.Name.Local == "id" {
				out = append(out, Worksheet{Name: s.Name, Part: p})
			}
		}
	}
	return out, nil
}

// ReadPart decodes one XML part of the zip.
func ReadPart(zr *zip.Reader, name string, v any) error {
	rc, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, PartLimit)).Decode(v)
}

// AttrInt returns the integer attribute name of t, or def.
func AttrInt(t xml.StartElement, name string, def int) int {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			if n, err := strconv.Atoi(a.Value); err == nil {
				return n
			}
		}
	}
	return def
}

// RefColumn returns the 1-based column of a cell reference like "AB12", or 0.
func RefColumn(ref string) int {
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

// NextRow advances dec to the next <row> element of a worksheet and returns
// its number (prev+1 when it has none); ok is false at the end of
// <sheetData> or of the stream. The caller then reads the row's cells.
func NextRow(dec *xml.Decoder, prev int) (row int, ok bool) {
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return prev, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "row" {
				return AttrInt(t, "r", prev+1), true
			}
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				return prev, false
			}
		}
	}
}
