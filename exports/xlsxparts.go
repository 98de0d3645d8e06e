package exports

// The SpreadsheetML pieces of the streaming writer: cells, styles and the
// parts that list the sheets. Cells are appended to reused byte slices,
// without fmt or reflection, because a journal export writes millions.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"reliefledger/ledger"
)

// Cell styles (indexes into cellXfs of xlStyles). Each number format has a
// plain style and, right after it, a bold one for total rows.
const (
	xlStyleHeader   = 1
	xlStyleInteger  = 2
	xlStyleDong     = 4
	xlStyleDecimal  = 6
	xlStyleDate     = 8
	xlStylePercent  = 10
	xlStyleDateTime = 12
	xlStyleBoldText = 14
	xlStyleCount    = 15
)

// xlNumFmts are the formats of the styles 2, 4, … 12; ids below 164 are
// Excel's built-in ones.
var xlNumFmts = [...]int{1, 3, 164, 165, 2, 166} // 0, #,##0, #,##0.######, yyyy-mm-dd, 0.00, yyyy-mm-dd hh:mm:ss

var xlKindStyle = [...]int{Text: 0, Integer: xlStyleInteger, Dong: xlStyleDong, Decimal: xlStyleDecimal, Date: xlStyleDate, Percent: xlStylePercent}

// xlMaxChars is Excel's limit of characters in a cell.
const xlMaxChars = 32767

const (
	xlNS        = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	xlDecl      = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	xlRelNS     = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
	xlSheetHead = xlDecl + `<worksheet ` + xlNS + `><sheetViews><sheetView workbookViewId="0"`
	xlRootRels  = xlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + xlRelNS + `officeDocument" Target="xl/workbook.xml"/></Relationships>`
)

var (
	xlColNames = func() (names [xlMaxCols]string) {
		for i := range names {
			if i < 26 {
				names[i] = string(rune('A' + i))
			} else {
				names[i] = string(rune('A'+i/26-1)) + string(rune('A'+i%26))
			}
		}
		return names
	}()
	xlStyleIDs = func() (ids [xlStyleCount]string) {
		for i := range ids {
			ids[i] = strconv.Itoa(i)
		}
		return ids
	}()
	xlStyles = func() string {
		var b strings.Builder
		b.WriteString(xlDecl + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.######"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>` +
			`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
			`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>` +
			`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top/><bottom style="thin"><color rgb="FF000000"/></bottom><diagonal/></border></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="` + strconv.Itoa(xlStyleCount) + `"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
			`<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/>`)
		for _, f := range xlNumFmts {
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

// xlBold is the bold variant of a style, for the total row.
func xlBold(st int) int {
	switch {
	case st == 0:
		return xlStyleBoldText
	case st >= xlStyleInteger && st < xlStyleBoldText:
		return st | 1
	}
	return st
}

// xlFormat is the style with format base (a plain style), bold if st is.
func xlFormat(st, base int) int {
	if st == xlStyleBoldText || (st >= xlStyleInteger && st < xlStyleBoldText && st&1 == 1) {
		return base + 1
	}
	return base
}

// xlWhole is the style of a whole number: in a quantity column it drops
// the decimal part of the format, as "#,##0.######" would show "1,500,000."
// with a stray point.
func xlWhole(st int) int {
	if st == xlStyleDecimal || st == xlStyleDecimal+1 {
		return st - xlStyleDecimal + xlStyleDong
	}
	return st
}

// xlValue is what scalar formatted.
type xlValue uint8

const (
	xlEmpty xlValue = iota
	xlNumber
	xlBool
	xlString
)

// appendCell appends a <c> element for v in column col of the row in
// wb.num, or nothing for an empty value.
func (wb *Workbook) appendCell(b []byte, col, st int, v any) ([]byte, error) {
	if s, ok := v.(string); ok { // the common case, escaped straight into the row
		if s == "" {
			return b, nil
		}
		b = xlOpenCell(b, col, wb.num, st)
		b = append(b, ` t="inlineStr"><is><t xml:space="preserve">`...)
		b = xlAppendText(b, s, xlMaxChars)
		return append(b, "</t></is></c>"...), nil
	}
	if f, ok := v.(Formula); ok {
		return wb.appendFormula(b, col, st, f)
	}
	kind, st, err := wb.scalar(v, st)
	if err != nil || kind == xlEmpty {
		return b, xlCellErr(col, err)
	}
	b = xlOpenCell(b, col, wb.num, st)
	switch kind {
	case xlString:
		b = append(b, ` t="inlineStr"><is><t xml:space="preserve">`...)
		b = append(b, wb.tmp...)
		return append(b, "</t></is></c>"...), nil
	case xlBool:
		b = append(b, ` t="b"`...)
	}
	b = append(b, "><v>"...)
	b = append(b, wb.tmp...)
	return append(b, "</v></c>"...), nil
}

// appendFormula appends a formula cell with its cached value.
func (wb *Workbook) appendFormula(b []byte, col, st int, f Formula) ([]byte, error) {
	expr := strings.TrimPrefix(f.Expr, "=")
	if strings.TrimSpace(expr) == "" {
		return b, xlCellErr(col, fmt.Errorf("empty formula"))
	}
	if _, nested := f.Value.(Formula); nested {
		return b, xlCellErr(col, fmt.Errorf("a formula's value cannot be a formula"))
	}
	kind, st, err := wb.scalar(f.Value, st)
	if err != nil {
		return b, xlCellErr(col, err)
	}
	b = xlOpenCell(b, col, wb.num, st)
	switch kind {
	case xlString:
		b = append(b, ` t="str"`...)
	case xlBool:
		b = append(b, ` t="b"`...)
	}
	b = append(b, "><f>"...)
	b = xlAppendText(b, expr, math.MaxInt)
	b = append(b, "</f>"...)
	if kind != xlEmpty {
		b = append(b, "<v>"...)
		b = append(b, wb.tmp...)
		b = append(b, "</v>"...)
	}
	return append(b, "</c>"...), nil
}

func xlCellErr(col int, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("exports: column %s: %w", xlColNames[col], err)
}

// scalar formats v into wb.tmp (escaped if text) and returns its kind and
// its style: dates and times bring their own format whatever the column.
func (wb *Workbook) scalar(v any, st int) (xlValue, int, error) {
	b := wb.tmp[:0]
	kind := xlNumber
	switch x := v.(type) {
	case nil:
		return xlEmpty, st, nil
	case string:
		if x == "" {
			return xlEmpty, st, nil
		}
		b, kind = xlAppendText(b, x, xlMaxChars), xlString
	case bool:
		kind = xlBool
		if x {
			b = append(b, '1')
		} else {
			b = append(b, '0')
		}
	case int:
		b, st = strconv.AppendInt(b, int64(x), 10), xlWhole(st)
	case int8:
		b, st = strconv.AppendInt(b, int64(x), 10), xlWhole(st)
	case int16:
		b, st = strconv.AppendInt(b, int64(x), 10), xlWhole(st)
	case int32:
		b, st = strconv.AppendInt(b, int64(x), 10), xlWhole(st)
	case int64:
		b, st = strconv.AppendInt(b, x, 10), xlWhole(st)
	case uint:
		b, st = strconv.AppendUint(b, uint64(x), 10), xlWhole(st)
	case uint8:
		b, st = strconv.AppendUint(b, uint64(x), 10), xlWhole(st)
	case uint16:
		b, st = strconv.AppendUint(b, uint64(x), 10), xlWhole(st)
	case uint32:
		b, st = strconv.AppendUint(b, uint64(x), 10), xlWhole(st)
	case uint64:
		b, st = strconv.AppendUint(b, x, 10), xlWhole(st)
	case float32:
		return wb.scalar(float64(x), st)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return xlEmpty, st, fmt.Errorf("%v is not a number Excel can hold", x)
		}
		b = strconv.AppendFloat(b, x, 'f', -1, 64)
		if x == math.Trunc(x) {
			st = xlWhole(st)
		}
	case decimal.Decimal:
		var whole bool
		if b, whole = xlAppendDecimal(b, x); whole {
			st = xlWhole(st)
		}
	case decimal.NullDecimal:
		if !x.Valid {
			return xlEmpty, st, nil
		}
		return wb.scalar(x.Decimal, st)
	case ledger.Date:
		if x.IsZero() {
			return xlEmpty, st, nil
		}
		if !x.Equal(wb.lastDate) {
			s := x.String()
			serial, ok := xlDateSerial(s)
			if !ok { // before 1900 or after 9999: Excel has no serial, keep it readable
				b, kind = append(b, s...), xlString
				break
			}
			wb.lastDate, wb.lastSerial = x, serial
		}
		b, st = strconv.AppendInt(b, wb.lastSerial, 10), xlFormat(st, xlStyleDate)
	case time.Time:
		if x.IsZero() {
			return xlEmpty, st, nil
		}
		t := x.In(ledger.Location)
		serial, ok := xlSerial(t.Year(), t.Month(), t.Day())
		if !ok {
			b, kind = t.AppendFormat(b, "2006-01-02 15:04:05"), xlString
			break
		}
		secs := t.Hour()*3600 + t.Minute()*60 + t.Second()
		b = strconv.AppendFloat(b, float64(serial)+float64(secs)/86400, 'f', -1, 64)
		st = xlFormat(st, xlStyleDateTime)
	default:
		return xlEmpty, st, fmt.Errorf("cannot write a %T", v)
	}
	wb.tmp = b
	return kind, st, nil
}

// xlOpenCell appends `<c r="B12" s="4"` (without the closing '>').
func xlOpenCell(b []byte, col int, row []byte, st int) []byte {
	b = append(b, `<c r="`...)
	b = append(b, xlColNames[col]...)
	b = append(b, row...)
	if st != 0 {
		b = append(b, `" s="`...)
		b = append(b, xlStyleIDs[st]...)
	}
	return append(b, '"')
}

// xlDateSerial is the Excel serial of a YYYY-MM-DD date.
func xlDateSerial(s string) (int64, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:])
	if err1 != nil || err2 != nil || err3 != nil {
		return 0, false
	}
	return xlSerial(y, time.Month(m), d)
}

// xlSerial is the days since 1899-12-30, as Excel counts them: it believes
// 1900 was a leap year, so dates before 1900-03-01 are one day less.
func xlSerial(y int, m time.Month, d int) (int64, bool) {
	if y > 9999 {
		return 0, false
	}
	serial := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400 + 25569 // 1970-01-01 is 25569
	if serial < 61 {
		serial--
	}
	return serial, serial >= 1
}

// xlAppendDecimal appends d in plain notation (never an exponent, whatever
// decimal.UseScientificNotation says) without trailing zeros, and whether
// it is whole. Coefficients of up to 18 digits, all real amounts, take a
// path that does not allocate.
func xlAppendDecimal(b []byte, d decimal.Decimal) ([]byte, bool) {
	exp := d.Exponent()
	if d.NumDigits() > 18 || exp < -18 || exp > 18 {
		s := d.StringFixed(max(0, -exp))
		if strings.IndexByte(s, '.') >= 0 {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return append(b, s...), strings.IndexByte(s, '.') < 0
	}
	c := d.CoefficientInt64()
	if c == 0 {
		return append(b, '0'), true
	}
	if exp >= 0 {
		b = strconv.AppendInt(b, c, 10)
		for ; exp > 0; exp-- {
			b = append(b, '0')
		}
		return b, true
	}
	u := uint64(c)
	if c < 0 {
		b, u = append(b, '-'), uint64(-c)
	}
	frac := int(-exp)
	p := uint64(1)
	for range frac {
		p *= 10
	}
	b = strconv.AppendUint(b, u/p, 10)
	f := u % p
	if f == 0 {
		return b, true
	}
	for f%10 == 0 {
		f, frac = f/10, frac-1
	}
	var digits [20]byte
	ds := strconv.AppendUint(digits[:0], f, 10)
	b = append(b, '.')
	for i := len(ds); i < frac; i++ {
		b = append(b, '0')
	}
	return append(b, ds...), false
}

// xlASCII classifies ASCII bytes for xlAppendText: 0 copied as is, 1
// dropped (not allowed in XML 1.0), 2 escaped.
var xlASCII = func() (t [utf8.RuneSelf]uint8) {
	for c := range 0x20 {
		t[c] = 1
	}
	t['\t'], t['\n'] = 0, 0
	for _, c := range "<>&\"\r_" {
		t[c] = 2
	}
	return t
}()

// xlAppendText appends s escaped for XML text and attributes, dropping
// characters XML 1.0 forbids and stopping at limit UTF-16 units (Excel's
// measure of a cell). '\r' is a reference so that XML parsers keep it, and
// an underscore that would start Excel's _xHHHH_ escape is itself escaped,
// so that text reads back literally.
func xlAppendText(b []byte, s string, limit int) []byte {
	n := 0
	for i := 0; i < len(s) && n < limit; {
		j := i
		for j < len(s) && s[j] < utf8.RuneSelf && xlASCII[s[j]] == 0 && n < limit {
			j++
			n++
		}
		b = append(b, s[i:j]...)
		if i = j; i >= len(s) || n >= limit {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			i++
			if xlASCII[c] == 1 {
				continue
			}
			n++
			switch c {
			case '<':
				b = append(b, "&lt;"...)
			case '>':
				b = append(b, "&gt;"...)
			case '&':
				b = append(b, "&amp;"...)
			case '"':
				b = append(b, "&quot;"...)
			case '\r':
				b = append(b, "&#13;"...)
			case '_':
				if xlIsEscape(s[i-1:]) {
					b = append(b, "_x005F"...)
				}
				b = append(b, '_')
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == 0xFFFE || r == 0xFFFF {
			continue
		}
		units := 1
		if r >= 0x10000 {
			units = 2
		}
		if n+units > limit {
			break
		}
		n += units
		if r == utf8.RuneError && size == 1 { // invalid UTF-8
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i-size:i]...)
		}
	}
	return b
}

// xlIsEscape reports whether s starts with _xHHHH_.
func xlIsEscape(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// xlAppendCols appends the <cols> element, if any column has a width.
func xlAppendCols(b []byte, cols []Col) []byte {
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

// xlAppendRange appends A1:<last col><last row>, absolute ($A$1:…) for
// defined names.
func xlAppendRange(b []byte, cols, lastRow int, abs bool) []byte {
	if abs {
		b = append(b, "$A$1:$"...)
	} else {
		b = append(b, "A1:"...)
	}
	b = append(b, xlColNames[cols-1]...)
	if abs {
		b = append(b, '$')
	}
	return strconv.AppendInt(b, int64(lastRow), 10)
}

// xlSheetName makes name a valid sheet name: Excel refuses []:*?/\, a
// leading or trailing apostrophe, "History", and more than 31 characters.
func xlSheetName(name string) string {
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
	if s = strings.TrimRight(xlTruncate(s, 31), " '"); s == "" {
		s = "Sheet"
	}
	return s
}

// xlSuffixed is base with " (k)", shortened to stay within 31 characters.
func xlSuffixed(base string, k int) string {
	suffix := " (" + strconv.Itoa(k) + ")"
	return strings.TrimRight(xlTruncate(base, 31-len(suffix)), " '") + suffix
}

// xlTruncate cuts s to at most n UTF-16 units.
func xlTruncate(s string, n int) string {
	for i, r := range s {
		if n -= utf8.RuneLen(r)/4 + 1; n < 0 { // 4-byte runes take two units
			return s[:i]
		}
	}
	return s
}

// xlWorkbookXML lists the sheets and their filter ranges.
func xlWorkbookXML(parts []xlPart) string {
	b := []byte(xlDecl + `<workbook ` + xlNS + `><bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, p := range parts {
		b = append(b, `<sheet name="`...)
		b = xlAppendText(b, p.name, math.MaxInt)
		b = append(b, `" sheetId="`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" r:id="rId`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `"/>`...)
	}
	b = append(b, "</sheets>"...)
	open := false
	for i, p := range parts {
		if p.cols == 0 {
			continue
		}
		if !open {
			b, open = append(b, "<definedNames>"...), true
		}
		b = append(b, `<definedName name="_xlnm._FilterDatabase" localSheetId="`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `" hidden="1">`...)
		b = xlAppendText(b, "'"+strings.ReplaceAll(p.name, "'", "''")+"'!", math.MaxInt)
		b = xlAppendRange(b, p.cols, p.lastRow, true)
		b = append(b, "</definedName>"...)
	}
	if open {
		b = append(b, "</definedNames>"...)
	}
	return string(append(b, "</workbook>"...))
}

func xlWorkbookRels(sheets int) string {
	var b strings.Builder
	b.WriteString(xlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := 1; i <= sheets; i++ {
		n := strconv.Itoa(i)
		b.WriteString(`<Relationship Id="rId` + n + `" Type="` + xlRelNS + `worksheet" Target="worksheets/sheet` + n + `.xml"/>`)
	}
	b.WriteString(`<Relationship Id="rId` + strconv.Itoa(sheets+1) + `" Type="` + xlRelNS + `styles" Target="styles.xml"/></Relationships>`)
	return b.String()
}

func xlContentTypes(sheets int) string {
	var b strings.Builder
	b.WriteString(xlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	for i := 1; i <= sheets; i++ {
		b.WriteString(`<Override PartName="/xl/worksheets/sheet` + strconv.Itoa(i) + `.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
	}
	b.WriteString(`</Types>`)
	return b.String()
}
