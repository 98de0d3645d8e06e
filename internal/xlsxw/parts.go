package xlsxw

// The SpreadsheetML around the cells: the parts that list the sheets, the
// document's properties, column widths, ranges and sheet names.

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	ns        = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	decl      = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	relNS     = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
	sheetHead = decl + `<worksheet ` + ns + `><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0"`
	rootRels  = decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + relNS + `officeDocument" Target="xl/workbook.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`<Relationship Id="rId3" Type="` + relNS + `extended-properties" Target="docProps/app.xml"/></Relationships>`
	appXML = decl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>reliefledger</Application></Properties>`
)

var (
	colNames = func() (names [maxCols]string) {
		for i := range names {
			if i < 26 {
				names[i] = string(rune('A' + i))
			} else {
				names[i] = string(rune('A'+i/26-1)) + string(rune('A'+i%26))
			}
		}
		return names
	}()
)

// appendCols appends the <cols> element, if any column has a width.
func appendCols(b []byte, widths []float64) []byte {
	open := false
	for i, w := range widths {
		if w <= 0 {
			continue
		}
		if !open {
			b, open = append(b, "<cols>"...), true
		}
		b = append(b, `<col min="`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" max="`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" width="`...)
		b = strconv.AppendFloat(b, math.Round(min(w, 255)*100)/100, 'f', -1, 64)
		b = append(b, `" customWidth="1"/>`...)
	}
	if open {
		b = append(b, "</cols>"...)
	}
	return b
}

// appendRange appends A<first row>:<last col><last row>, absolute
// ($A$1:…) for defined names.
func appendRange(b []byte, firstRow, cols, lastRow int, abs bool) []byte {
	if abs {
		b = append(b, "$A$"...)
		b = strconv.AppendInt(b, int64(firstRow), 10)
		b = append(b, ":$"...)
	} else {
		b = append(b, 'A')
		b = strconv.AppendInt(b, int64(firstRow), 10)
		b = append(b, ':')
	}
	b = append(b, colNames[cols-1]...)
	if abs {
		b = append(b, '$')
	}
	return strconv.AppendInt(b, int64(lastRow), 10)
}

// sheetName makes name a valid sheet name: Excel refuses []:*?/\, a
// leading or trailing apostrophe, "History", and more than 31 characters.
func sheetName(name string) string {
	var sb strings.Builder
	for _, r := range name {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r):
			sb.WriteByte('_')
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError:
		default:
			sb.WriteRune(r)
		}
	}
	s := strings.Trim(sb.String(), " '")
	if strings.EqualFold(s, "History") {
		s += "_"
	}
	if s = strings.TrimRight(truncate(s, 31), " '"); s == "" {
		s = "Sheet"
	}
	return s
}

// suffixed is base with " (k)", shortened to stay within 31 characters.
func suffixed(base string, k int) string {
	suffix := " (" + strconv.Itoa(k) + ")"
	return strings.TrimRight(truncate(base, 31-len(suffix)), " '") + suffix
}

// truncate cuts s to at most n UTF-16 units.
func truncate(s string, n int) string {
	for i, r := range s {
		if n -= utf8.RuneLen(r)/4 + 1; n < 0 { // 4-byte runes take two units
			return s[:i]
		}
	}
	return s
}

// workbookXML lists the sheets and their filter ranges.
func workbookXML(parts []part) string {
	b := []byte(decl + `<workbook ` + ns + `><bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, p := range parts {
		b = append(b, `<sheet name="`...)
		b = appendText(b, p.name, math.MaxInt)
		b = append(b, `" sheetId="`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" r:id="rId`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `"/>`...)
	}
	b = append(b, "</sheets><definedNames>"...)
	for i, p := range parts {
		quoted := "'" + strings.ReplaceAll(p.name, "'", "''") + "'!"
		if p.cols > 0 {
			b = append(b, `<definedName name="_xlnm._FilterDatabase" localSheetId="`...)
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, `" hidden="1">`...)
			b = appendText(b, quoted, math.MaxInt)
			b = appendRange(b, p.filterFrom, p.cols, p.filterTo, true)
			b = append(b, "</definedName>"...)
		}
		b = append(b, `<definedName name="_xlnm.Print_Titles" localSheetId="`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `">`...)
		b = appendText(b, quoted, math.MaxInt)
		row := strconv.Itoa(p.titleRow)
		b = append(b, "$"+row+":$"+row+"</definedName>"...)
	}
	return string(append(b, "</definedNames></workbook>"...))
}

func workbookRels(sheets int) string {
	var b strings.Builder
	b.WriteString(decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := 1; i <= sheets; i++ {
		n := strconv.Itoa(i)
		b.WriteString(`<Relationship Id="rId` + n + `" Type="` + relNS + `worksheet" Target="worksheets/sheet` + n + `.xml"/>`)
	}
	b.WriteString(`<Relationship Id="rId` + strconv.Itoa(sheets+1) + `" Type="` + relNS + `styles" Target="styles.xml"/></Relationships>`)
	return b.String()
}

func contentTypes(sheets int) string {
	var b strings.Builder
	b.WriteString(decl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	for i := 1; i <= sheets; i++ {
		b.WriteString(`<Override PartName="/xl/worksheets/sheet` + strconv.Itoa(i) + `.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
	}
	b.WriteString(`</Types>`)
	return b.String()
}

// coreXML is the document's properties: title, author, dates and so on.
func coreXML(s Setup, modified time.Time) string {
	created := s.Created
	if created.IsZero() {
		created = modified
	}
	b := []byte(decl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	for _, e := range [...][2]string{{"dc:title", s.Title}, {"dc:subject", s.Subject}, {"dc:creator", s.Author}, {"cp:keywords", s.Keywords},
		{"dc:description", s.Description}, {"cp:lastModifiedBy", s.Author}, {"dc:language", s.Language}} {
		if e[1] == "" {
			continue
		}
		b = append(b, "<"+e[0]+">"...)
		b = appendText(b, e[1], maxChars)
		b = append(b, "</"+e[0]+">"...)
	}
	for _, e := range [...][2]string{{"dcterms:created", created.UTC().Format(time.RFC3339)}, {"dcterms:modified", modified.UTC().Format(time.RFC3339)}} {
		b = append(b, "<"+e[0]+` xsi:type="dcterms:W3CDTF">`+e[1]+"</"+e[0]+">"...)
	}
	return string(append(b, "</cp:coreProperties>"...))
}
