package xlsxw

// The SpreadsheetML around the cells: styles, the parts that list the
// sheets, column widths, filter ranges and sheet names.

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Cell styles (indexes into cellXfs of stylesXML). Each number format has
// a plain style and, right after it, a bold one for total rows.
const (
	styleHeader   = 1
	styleInteger  = 2
	styleMoney    = 4
	styleQuantity = 6
	styleDate     = 8
	stylePercent  = 10
	styleDateTime = 12
	styleBoldText = 14
	styleCount    = 15
)

// numFmts are the formats of the styles 2, 4, … 12; ids below 164 are
// Excel's built-in ones.
var numFmts = [...]int{1, 3, 164, 165, 2, 166} // 0, #,##0, #,##0.######, yyyy-mm-dd, 0.00, yyyy-mm-dd hh:mm:ss

var kindStyle = [...]int{Text: 0, Integer: styleInteger, Money: styleMoney, Quantity: styleQuantity, Date: styleDate, Percent: stylePercent}

const (
	ns        = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	decl      = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	relNS     = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
	sheetHead = decl + `<worksheet ` + ns + `><sheetViews><sheetView workbookViewId="0"`
	rootRels  = decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + relNS + `officeDocument" Target="xl/workbook.xml"/></Relationships>`
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
	styleIDs = func() (ids [styleCount]string) {
		for i := range ids {
			ids[i] = strconv.Itoa(i)
		}
		return ids
	}()
	stylesXML = func() string {
		var b strings.Builder
		b.WriteString(decl + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.######"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>` +
			`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
			`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>` +
			`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top/><bottom style="thin"><color rgb="FF000000"/></bottom><diagonal/></border></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="` + strconv.Itoa(styleCount) + `"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
			`<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/>`)
		for _, f := range numFmts {
			id := strconv.Itoa(f)
			b.WriteString(`<xf numFmtId="` + id + `" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`)
			b.WriteString(`<xf numFmtId="` + id + `" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>`)
		}
		b.WriteString(`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
			`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>` +
			`<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>`)
		return b.String()
	}()
)

// bold is the bold variant of a style, for the total row.
func bold(st int) int {
	switch {
	case st == 0:
		return styleBoldText
	case st >= styleInteger && st < styleBoldText:
		return st | 1
	}
	return st
}

// format is the style with format base (a plain style), bold if st is.
func format(st, base int) int {
	if st == styleBoldText || (st >= styleInteger && st < styleBoldText && st&1 == 1) {
		return base + 1
	}
	return base
}

// whole is the style of a whole number: in a quantity column it drops the
// decimal part of the format, as "#,##0.######" would show "1,500,000."
// with a stray point.
func whole(st int) int {
	if st == styleQuantity || st == styleQuantity+1 {
		return st - styleQuantity + styleMoney
	}
	return st
}

// appendCols appends the <cols> element, if any column has a width.
func appendCols(b []byte, cols []Col) []byte {
	open := false
	for i, c := range cols {
		if c.Width <= 0 {
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
		b = strconv.AppendFloat(b, min(c.Width, 255), 'f', -1, 64)
		b = append(b, `" customWidth="1"/>`...)
	}
	if open {
		b = append(b, "</cols>"...)
	}
	return b
}

// appendRange appends A1:<last col><last row>, absolute ($A$1:…) for
// defined names.
func appendRange(b []byte, cols, lastRow int, abs bool) []byte {
	if abs {
		b = append(b, "$A$1:$"...)
	} else {
		b = append(b, "A1:"...)
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
		b = append(b, `<definedName name="_xlnm._FilterDatabase" localSheetId="`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `" hidden="1">`...)
		b = appendText(b, "'"+strings.ReplaceAll(p.name, "'", "''")+"'!", math.MaxInt)
		b = appendRange(b, p.cols, p.lastRow, true)
		b = append(b, "</definedName>"...)
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
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	for i := 1; i <= sheets; i++ {
		b.WriteString(`<Override PartName="/xl/worksheets/sheet` + strconv.Itoa(i) + `.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
	}
	b.WriteString(`</Types>`)
	return b.String()
}
