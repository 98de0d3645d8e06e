package xlsxw

// Cells are appended to reused byte slices, without fmt or reflection,
// because a journal export writes millions.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// maxChars is Excel's limit of characters in a cell.
const maxChars = 32767

// valueKind is what scalar formatted.
type valueKind uint8

const (
	emptyValue valueKind = iota
	numberValue
	boolValue
	textValue
)

// appendCell appends a <c> element for v in column col of the row in
// wb.num, styled by the column (bold in a total row); an empty value
// leaves an empty cell with the column's borders.
func (wb *Workbook) appendCell(b []byte, col int, cs *colStyle, bold bool, v any) ([]byte, error) {
	styles := &cs.plain
	if bold {
		styles = &cs.bold
	}
	if s, ok := v.(string); ok { // the common case, escaped straight into the row
		if s == "" {
			b = openCell(b, col, wb.num, styles[classColumn])
			return append(b, "/>"...), nil
		}
		return wb.appendString(b, col, styles[classColumn], s), nil
	}
	if f, ok := v.(Formula); ok {
		return wb.appendFormula(b, col, styles, f)
	}
	kind, class, err := wb.scalar(v)
	if err != nil {
		return b, cellErr(col, err)
	}
	b = openCell(b, col, wb.num, styles[class])
	switch kind {
	case emptyValue:
		return append(b, "/>"...), nil
	case textValue:
		b = append(b, ` t="inlineStr"><is><t xml:space="preserve">`...)
		b = append(b, wb.tmp...)
		return append(b, "</t></is></c>"...), nil
	case boolValue:
		b = append(b, ` t="b"`...)
	}
	b = append(b, "><v>"...)
	b = append(b, wb.tmp...)
	return append(b, "</v></c>"...), nil
}

// appendString appends an inline string cell with style st.
func (wb *Workbook) appendString(b []byte, col, st int, s string) []byte {
	b = openCell(b, col, wb.num, st)
	b = append(b, ` t="inlineStr"><is><t xml:space="preserve">`...)
	b = appendText(b, s, maxChars)
	return append(b, "</t></is></c>"...)
}

// appendFormula appends a formula cell with its cached value.
func (wb *Workbook) appendFormula(b []byte, col int, styles *[3]int, f Formula) ([]byte, error) {
	expr := strings.TrimPrefix(f.Expr, "=")
	if strings.TrimSpace(expr) == "" {
		return b, cellErr(col, fmt.Errorf("empty formula"))
	}
	if _, nested := f.Value.(Formula); nested {
		return b, cellErr(col, fmt.Errorf("a formula's value cannot be a formula"))
	}
	kind, class, err := wb.scalar(f.Value)
	if err != nil {
		return b, cellErr(col, err)
	}
	b = openCell(b, col, wb.num, styles[class])
	switch kind {
	case textValue:
		b = append(b, ` t="str"`...)
	case boolValue:
		b = append(b, ` t="b"`...)
	}
	b = append(b, "><f>"...)
	b = appendText(b, expr, math.MaxInt)
	b = append(b, "</f>"...)
	if kind != emptyValue {
		b = append(b, "<v>"...)
		b = append(b, wb.tmp...)
		b = append(b, "</v>"...)
	}
	return append(b, "</c>"...), nil
}

func cellErr(col int, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("xlsxw: column %s: %w", colNames[col], err)
}

// scalar formats v into wb.tmp (escaped if text) and returns its kind and
// its value class: dates and times bring their own format whatever the
// column.
func (wb *Workbook) scalar(v any) (valueKind, int, error) {
	b := wb.tmp[:0]
	kind, class := numberValue, classColumn
	switch x := v.(type) {
	case nil:
		return emptyValue, class, nil
	case string:
		if x == "" {
			return emptyValue, class, nil
		}
		b, kind = appendText(b, x, maxChars), textValue
	case bool:
		kind = boolValue
		if x {
			b = append(b, '1')
		} else {
			b = append(b, '0')
		}
	case int:
		b = strconv.AppendInt(b, int64(x), 10)
	case int8:
		b = strconv.AppendInt(b, int64(x), 10)
	case int16:
		b = strconv.AppendInt(b, int64(x), 10)
	case int32:
		b = strconv.AppendInt(b, int64(x), 10)
	case int64:
		b = strconv.AppendInt(b, x, 10)
	case uint:
		b = strconv.AppendUint(b, uint64(x), 10)
	case uint8:
		b = strconv.AppendUint(b, uint64(x), 10)
	case uint16:
		b = strconv.AppendUint(b, uint64(x), 10)
	case uint32:
		b = strconv.AppendUint(b, uint64(x), 10)
	case uint64:
		b = strconv.AppendUint(b, x, 10)
	case float32:
		return wb.scalar(float64(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return emptyValue, class, fmt.Errorf("%v is not a number Excel can hold", x)
		}
		b = strconv.AppendFloat(b, x, 'f', -1, 64)
	case decimal.Decimal:
		b, _ = appendDecimal(b, x)
	case decimal.NullDecimal:
		if !x.Valid {
			return emptyValue, class, nil
		}
		return wb.scalar(x.Decimal)
	case time.Time:
		if x.IsZero() {
			return emptyValue, class, nil
		}
		t := x
		if wb.loc != nil {
			t = x.In(wb.loc)
		}
		n, ok := serial(t.Year(), t.Month(), t.Day())
		if !ok {
			b, kind = t.AppendFormat(b, "2006-01-02 15:04:05"), textValue
			break
		}
		secs := t.Hour()*3600 + t.Minute()*60 + t.Second()
		b = strconv.AppendFloat(b, float64(n)+float64(secs)/86400, 'f', -1, 64)
		class = classTime
	case CalendarDate: // after time.Time, which has the same methods
		if x.IsZero() {
			return emptyValue, class, nil
		}
		y, m, d := x.Date()
		n, ok := serial(y, m, d)
		if !ok { // before 1900 or after 9999: Excel has no serial, keep it readable
			b, kind = time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AppendFormat(b, "2006-01-02"), textValue
			break
		}
		b, class = strconv.AppendInt(b, n, 10), classDate
	default:
		return emptyValue, class, fmt.Errorf("cannot write a %T", v)
	}
	wb.tmp = b
	return kind, class, nil
}

// openCell appends `<c r="B12" s="4"` (without the closing '>').
func openCell(b []byte, col int, row []byte, st int) []byte {
	b = append(b, `<c r="`...)
	b = append(b, colNames[col]...)
	b = append(b, row...)
	if st != 0 {
		b = append(b, `" s="`...)
		if st < len(styleNums) {
			b = append(b, styleNums[st]...)
		} else {
			b = strconv.AppendInt(b, int64(st), 10)
		}
	}
	return append(b, '"')
}

// styleNums are the first style indexes as text, which every cell writes.
var styleNums = func() (s [256]string) {
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return s
}()

// serial is the days since 1899-12-30, as Excel counts them: it believes
// 1900 was a leap year, so dates before 1900-03-01 are one day less.
func serial(y int, m time.Month, d int) (int64, bool) {
	if y > 9999 {
		return 0, false
	}
	n := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400 + 25569 // 1970-01-01 is 25569
	if n < 61 {
		n--
	}
	return n, n >= 1
}

// appendDecimal appends d in plain notation (never an exponent, whatever
// decimal.UseScientificNotation says) without trailing zeros, and whether
// it is whole. Coefficients of up to 18 digits, all real amounts, take a
// path that does not allocate.
func appendDecimal(b []byte, d decimal.Decimal) ([]byte, bool) {
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

// asciiClass classifies ASCII bytes for appendText: 0 copied as is, 1
// dropped (not allowed in XML 1.0), 2 escaped.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range 0x20 {
		t[c] = 1
	}
	t['\t'], t['\n'] = 0, 0
	for _, c := range "<>&\"\r_" {
		t[c] = 2
	}
	return t
}()

// appendText appends s escaped for XML text and attributes, dropping
// characters XML 1.0 forbids and stopping at limit UTF-16 units (Excel's
// measure of a cell). '\r' is a reference so that XML parsers keep it, and
// an underscore that would start Excel's _xHHHH_ escape is itself escaped,
// so that text reads back literally.
func appendText(b []byte, s string, limit int) []byte {
	n := 0
	for i := 0; i < len(s) && n < limit; {
		j := i
		for j < len(s) && s[j] < utf8.RuneSelf && asciiClass[s[j]] == 0 && n < limit {
			j++
			n++
		}
		b = append(b, s[i:j]...)
		if i = j; i >= len(s) || n >= limit {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			i++
			if asciiClass[c] == 1 {
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
				if isEscape(s[i-1:]) {
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

// isEscape reports whether s starts with _xHHHH_.
func isEscape(s string) bool {
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
