package xlsxw

// Cell styles are registered as sheets need them and written out with the
// parts that list the sheets, when every style is known: a sheet's
// columns decide their number formats (decimals per column, the
// workbook's date format), so the styles cannot be a fixed table.

import (
	"strconv"
	"strings"
)

// Fonts (indexes into fontsXML). Times New Roman is the font of Vietnamese
// administrative documents; LibreOffice renders it with Liberation Serif,
// which has the same metrics, so a page breaks the same in both.
const (
	fontRegular = iota
	fontBold
	fontItalic
	fontTitle // bold, 14 pt: the first title line
)

const fontsXML = `<fonts count="4">` +
	`<font><sz val="11"/><name val="Times New Roman"/><family val="1"/></font>` +
	`<font><b/><sz val="11"/><name val="Times New Roman"/><family val="1"/></font>` +
	`<font><i/><sz val="11"/><name val="Times New Roman"/><family val="1"/></font>` +
	`<font><b/><sz val="14"/><name val="Times New Roman"/><family val="1"/></font></fonts>`

// Horizontal alignments.
const (
	alignGeneral = iota // numbers right, text left
	alignLeft
	alignCenter
	alignRight
)

// xf is a cell format: one entry of cellXfs.
type xf struct {
	numFmt  int
	font    uint8
	fill    bool // the header's fill
	box     bool // thin borders on every side
	align   uint8
	wrap    bool
	vcenter bool
}

// builtinFormats are Excel's number formats that need no numFmt element.
var builtinFormats = map[string]int{"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}

// styles registers cell formats and number formats in first-use order.
type styles struct {
	xfs     []xf
	ids     []string // each xf's index as text, for the s attribute
	byXF    map[xf]int
	formats []string // custom number formats, ids 164 onwards
	byCode  map[string]int
}

func newStyles() *styles {
	st := &styles{byXF: map[xf]int{}, byCode: map[string]int{}}
	st.get(xf{}) // style 0: the default
	return st
}

// get returns the index of a cell format, registering it if new.
func (st *styles) get(x xf) int {
	if i, ok := st.byXF[x]; ok {
		return i
	}
	i := len(st.xfs)
	st.xfs = append(st.xfs, x)
	st.ids = append(st.ids, strconv.Itoa(i))
	st.byXF[x] = i
	return i
}

// format returns the id of a number format code.
func (st *styles) format(code string) int {
	if id, ok := builtinFormats[code]; ok {
		return id
	}
	if id, ok := st.byCode[code]; ok {
		return id
	}
	id := 164 + len(st.formats)
	st.formats = append(st.formats, code)
	st.byCode[code] = id
	return id
}

// xml is styles.xml.
func (st *styles) xml() string {
	var b strings.Builder
	b.WriteString(decl + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	if len(st.formats) > 0 {
		b.WriteString(`<numFmts count="` + strconv.Itoa(len(st.formats)) + `">`)
		for i, code := range st.formats {
			b.WriteString(`<numFmt numFmtId="` + strconv.Itoa(164+i) + `" formatCode="`)
			b.Write(appendText(nil, code, 255))
			b.WriteString(`"/>`)
		}
		b.WriteString(`</numFmts>`)
	}
	b.WriteString(fontsXML +
		`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>` +
		`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>` +
		`<border><left style="thin"><color rgb="FF000000"/></left><right style="thin"><color rgb="FF000000"/></right><top style="thin"><color rgb="FF000000"/></top><bottom style="thin"><color rgb="FF000000"/></bottom><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="` + strconv.Itoa(len(st.xfs)) + `">`)
	for _, x := range st.xfs {
		b.WriteString(`<xf numFmtId="` + strconv.Itoa(x.numFmt) + `" fontId="` + strconv.Itoa(int(x.font)) + `" fillId="`)
		if x.fill {
			b.WriteString(`2`)
		} else {
			b.WriteString(`0`)
		}
		b.WriteString(`" borderId="`)
		if x.box {
			b.WriteString(`1`)
		} else {
			b.WriteString(`0`)
		}
		b.WriteString(`" xfId="0"`)
		if x.numFmt != 0 {
			b.WriteString(` applyNumberFormat="1"`)
		}
		if x.font != fontRegular {
			b.WriteString(` applyFont="1"`)
		}
		if x.fill {
			b.WriteString(` applyFill="1"`)
		}
		if x.box {
			b.WriteString(` applyBorder="1"`)
		}
		if x.align == alignGeneral && !x.wrap && !x.vcenter {
			b.WriteString(`/>`)
			continue
		}
		b.WriteString(` applyAlignment="1"><alignment`)
		if h := [...]string{"", "left", "center", "right"}[x.align]; h != "" {
			b.WriteString(` horizontal="` + h + `"`)
		}
		if x.vcenter {
			b.WriteString(` vertical="center"`)
		}
		if x.wrap {
			b.WriteString(` wrapText="1"`)
		}
		b.WriteString(`/></xf>`)
	}
	b.WriteString(`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>` +
		`<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>`)
	return b.String()
}

// Value classes: a column's own format, or the format a date or a time
// brings whatever the column.
const (
	classColumn = iota
	classDate
	classTime
)

// colStyle is a column's cell formats: plain for data rows, bold for the
// total, by value class.
type colStyle struct {
	plain, bold [3]int
}

// numberFormat is the format code of a column's numbers.
func numberFormat(c Col) string {
	switch c.Kind {
	case Integer:
		return "0"
	case Count, Money:
		return "#,##0"
	case Quantity, Percent:
		if c.Decimals <= 0 {
			return "#,##0"
		}
		return "#,##0." + strings.Repeat("0", min(c.Decimals, 10))
	}
	return "General"
}

// numeric reports whether a column holds numbers or dates, whose header is
// aligned right, over them.
func (k Kind) numeric() bool { return k != Text }

// columnStyles registers the formats of a table's columns and returns
// them with the header's.
func (wb *Workbook) columnStyles(cols []Col) ([]colStyle, []int) {
	st := wb.styles
	date, tm := st.format(wb.setup.DateFormat), st.format(wb.setup.DateTimeFormat)
	cs, hs := make([]colStyle, len(cols)), make([]int, len(cols))
	for i, c := range cols {
		own := st.format(numberFormat(c))
		if c.Kind == Date {
			own = date
		}
		for class, f := range [3]int{own, date, tm} {
			x := xf{numFmt: f, box: true, vcenter: true, wrap: c.Wrap && class == classColumn}
			cs[i].plain[class] = st.get(x)
			x.font = fontBold
			cs[i].bold[class] = st.get(x)
		}
		align := uint8(alignLeft)
		if c.Kind.numeric() {
			align = alignRight
		}
		hs[i] = st.get(xf{font: fontBold, fill: true, box: true, align: align, wrap: true, vcenter: true})
	}
	return cs, hs
}
