package xlsxw

// How a sheet prints: A4, one page wide and as many tall as it takes, the
// table's header repeated on every page, the workbook's header and footer
// (title, fund, period, "page x of y"), a title above the first table,
// notes and a signature block below the last.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Orientation is how a sheet's page is turned.
type Orientation int

const (
	// AutoOrientation turns the page to landscape when the columns are
	// too wide for portrait at a readable scale.
	AutoOrientation Orientation = iota
	Portrait
	Landscape
)

// landscapeFrom is the total column width (characters) from which a sheet
// prints in landscape: portrait A4 holds about 92 at full size, so wider
// tables would shrink below ~77 %, where 11 pt prints at 8.5.
const landscapeFrom = 120

// HeaderFooter is a page header or footer: text on the left, in the centre
// and on the right. "{page}" is the page's number, "{pages}" how many
// there are, "{sheet}" the sheet's name; everything else prints as it is.
type HeaderFooter struct {
	Left, Center, Right string
}

// Page is how a sheet looks and prints besides its tables.
type Page struct {
	// Title lines print above the first table, each across its width: the
	// first bold and larger, the others plain. A blank row separates them
	// from the header. Only the sheet's first part has them.
	Title       []string
	Orientation Orientation
	// RowHeight is the height of data rows in points (room to sign); 0
	// leaves the default.
	RowHeight float64
	// Header and Footer replace the workbook's (Setup) on this sheet.
	Header, Footer *HeaderFooter
	// NoFilter leaves the first table without an autofilter.
	NoFilter bool
}

// Signing is a signature block: who signs, side by side, each across an
// equal share of the table's width, with a hint under each title and
// room to sign below; Place (e.g. "Sóc Trăng, ngày … tháng … năm …") is
// written above the last signer.
type Signing struct {
	Place  string
	Titles []string
	Hint   string
}

const (
	lineHeight = 15 // points per line of 11 pt text
	signRoom   = 4  // empty rows left to sign in
)

// Note appends a line of text below the current table, across the sheet's
// width, wrapped onto as many lines as it needs. The first note after a
// table is set off by a blank row. The table takes no more rows.
func (s *Sheet) Note(text string) error {
	if err := s.usableAfterTotal(); err != nil {
		return err
	}
	wb := s.wb
	r := s.row + 1
	if !s.noted {
		r++
	}
	s.closed, s.noted = true, true
	total := 0.0
	for _, w := range s.widths {
		total += colWidth(w)
	}
	lines := wrappedLines(text, total, false)
	st := wb.styles.get(xf{align: alignLeft, wrap: true, vcenter: true})
	return s.free(r, lineHeight*float64(lines)+2, []freeCell{{text: text, style: st, from: 0, to: len(s.widths) - 1}})
}

// Signatures appends a signature block below everything else (see
// Signing), after a blank row. Nothing but notes may follow.
func (s *Sheet) Signatures(sg Signing) error {
	if err := s.usableAfterTotal(); err != nil {
		return err
	}
	n := len(sg.Titles)
	if n == 0 || n > len(s.widths) {
		return fmt.Errorf("xlsxw: %d signers for %d columns", n, len(s.widths))
	}
	s.closed, s.noted = true, true
	wb := s.wb
	groups := shares(s.widths, n)
	r := s.row + 2
	if sg.Place != "" {
		// Above the last signer, reaching further left when it needs to.
		from, last, room := groups[n-1][0], groups[n-1][1], 0.0
		for i := from; i <= last; i++ {
			room += colWidth(s.widths[i])
		}
		for need := TextWidth(sg.Place) + 2; room < need && from > 0; {
			from--
			room += colWidth(s.widths[from])
		}
		st := wb.styles.get(xf{font: fontItalic, align: alignCenter})
		if err := s.free(r, 0, []freeCell{{text: sg.Place, style: st, from: from, to: last}}); err != nil {
			return err
		}
		r++
	}
	cells := make([]freeCell, n)
	bold := wb.styles.get(xf{font: fontBold, align: alignCenter, wrap: true, vcenter: true})
	for i, g := range groups {
		cells[i] = freeCell{text: sg.Titles[i], style: bold, from: g[0], to: g[1]}
	}
	if err := s.free(r, 0, cells); err != nil {
		return err
	}
	r++
	if sg.Hint != "" {
		italic := wb.styles.get(xf{font: fontItalic, align: alignCenter})
		for i := range cells {
			cells[i].text, cells[i].style = sg.Hint, italic
		}
		if err := s.free(r, 0, cells); err != nil {
			return err
		}
	}
	// An empty cell with a style of its own ends the used range, and so
	// the printed page, below the room to sign.
	return s.free(r+signRoom, 0, []freeCell{{style: bold, from: 0, to: 0}})
}

// freeCell is a cell of a row outside the tables, merged from column from
// to column to.
type freeCell struct {
	text     string
	style    int
	from, to int
}

// free writes a row outside the tables at row r (after the last row),
// ht points high (0: the default).
func (s *Sheet) free(r int, ht float64, cells []freeCell) error {
	wb := s.wb
	if r > s.limit { // a continuation for the rows below a table that filled its part
		s.finishPart()
		s.startPart()
		r = s.row + 2
	}
	b := appendFreeRow(wb.frame[:0], wb, r, ht, cells)
	for _, c := range cells {
		if c.to > c.from {
			s.merges = append(s.merges, cellRange(c.from, r, c.to, r))
		}
	}
	wb.frame = b
	s.row = r
	return wb.write(b)
}

func appendFreeRow(b []byte, wb *Workbook, r int, ht float64, cells []freeCell) []byte {
	wb.num = strconv.AppendInt(wb.num[:0], int64(r), 10)
	b = append(b, `<row r="`...)
	b = append(b, wb.num...)
	b = append(b, '"')
	if ht > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, ht, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	for _, c := range cells {
		if c.text == "" {
			b = openCell(b, c.from, wb.num, c.style)
			b = append(b, "/>"...)
			continue
		}
		b = wb.appendString(b, c.from, c.style, c.text)
	}
	return append(b, "</row>"...)
}

// appendTitle appends the sheet's title lines, rows 1 onwards, each merged
// across the sheet's columns.
func (s *Sheet) appendTitle(b []byte) []byte {
	wb := s.wb
	last := len(s.widths) - 1
	for i, line := range s.page.Title {
		st, ht := wb.styles.get(xf{align: alignCenter, vcenter: true}), 0.0
		if i == 0 {
			st, ht = wb.styles.get(xf{font: fontTitle, align: alignCenter, vcenter: true}), 21
		}
		b = appendFreeRow(b, wb, i+1, ht, []freeCell{{text: line, style: st, from: 0, to: last}})
		if last > 0 {
			s.merges = append(s.merges, cellRange(0, i+1, last, i+1))
		}
	}
	return b
}

// appendPrint appends the part's print settings: centred on A4, margins
// with room to bind on the left, one page wide and as many tall as it
// takes, and the header and footer.
func (s *Sheet) appendPrint(b []byte) []byte {
	orientation := "portrait"
	switch s.page.Orientation {
	case Landscape:
		orientation = "landscape"
	case AutoOrientation:
		total := 0.0
		for _, w := range s.widths {
			total += colWidth(w)
		}
		if total > landscapeFrom {
			orientation = "landscape"
		}
	}
	b = append(b, `<printOptions horizontalCentered="1"/><pageMargins left="0.8" right="0.4" top="0.8" bottom="0.7" header="0.3" footer="0.3"/>`...)
	b = append(b, `<pageSetup paperSize="9" orientation="`+orientation+`" fitToWidth="1" fitToHeight="0"/>`...)
	head, foot := s.wb.setup.Header, s.wb.setup.Footer
	if s.page.Header != nil {
		head = *s.page.Header
	}
	if s.page.Footer != nil {
		foot = *s.page.Footer
	}
	if head == (HeaderFooter{}) && foot == (HeaderFooter{}) {
		return b
	}
	b = append(b, `<headerFooter>`...)
	if head != (HeaderFooter{}) {
		b = append(b, `<oddHeader>`...)
		b = appendText(b, head.code(), maxChars)
		b = append(b, `</oddHeader>`...)
	}
	if foot != (HeaderFooter{}) {
		b = append(b, `<oddFooter>`...)
		b = appendText(b, foot.code(), maxChars)
		b = append(b, `</oddFooter>`...)
	}
	return append(b, `</headerFooter>`...)
}

// hfLimit is Excel's limit on the length of a header or footer, codes
// included.
const hfLimit = 255

// code is the header or footer in SpreadsheetML's codes: &L, &C, &R start
// the sections, && is an ampersand, &P the page, &N the pages and &A the
// sheet's name. Long sections are cut with an ellipsis to keep within
// Excel's limit.
func (h HeaderFooter) code() string {
	parts := [3]string{h.Left, h.Center, h.Right}
	for budget := 110; ; budget -= 10 {
		var sb strings.Builder
		for i, p := range parts {
			if p == "" {
				continue
			}
			sb.WriteString([...]string{"&L", "&C", "&R"}[i])
			if utf8.RuneCountInString(p) > budget {
				p = string([]rune(p)[:budget-1]) + "…"
			}
			p = strings.ReplaceAll(p, "&", "&&")
			p = strings.NewReplacer("{page}", "&P", "{pages}", "&N", "{sheet}", "&A").Replace(p)
			sb.WriteString(p)
		}
		if utf8.RuneCountInString(sb.String()) <= hfLimit || budget <= 20 {
			return sb.String()
		}
	}
}

// shares splits columns of widths into n runs of about equal width, as
// [first, last] column indexes: each run ends at the column boundary
// nearest to its share of the total width.
func shares(widths []float64, n int) [][2]int {
	cum := make([]float64, len(widths)) // width up to and with column i
	total := 0.0
	for i, w := range widths {
		total += colWidth(w)
		cum[i] = total
	}
	out := make([][2]int, 0, n)
	from := 0
	for j := 1; j < n; j++ {
		target := total * float64(j) / float64(n)
		best := from
		for i := from; i <= len(widths)-1-(n-j); i++ {
			if math.Abs(cum[i]-target) < math.Abs(cum[best]-target) {
				best = i
			}
		}
		out = append(out, [2]int{from, best})
		from = best + 1
	}
	return append(out, [2]int{from, len(widths) - 1})
}

// colWidth is a column's width, the spreadsheet's default when unset.
func colWidth(w float64) float64 {
	if w <= 0 {
		return 8.43
	}
	return w
}

// TextWidth estimates the width of s in the default font, in the unit of
// column widths (the width of a digit). Times New Roman's letters are
// narrower than its digits, its capitals wider; accents take no room.
func TextWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == ' ' || r == '.' || r == ',' || r == ':' || r == ';' || r == '\'' || r == '!':
			w += 0.5
		case strings.ContainsRune("ijlftrI()[]-/", r):
			w += 0.65
		case strings.ContainsRune("mwMW—%", r):
			w += 1.6
		case unicode.IsDigit(r):
			w++
		case unicode.IsUpper(r):
			w += 1.35
		case unicode.IsLetter(r):
			w += 0.95
		default:
			w++
		}
	}
	return w
}

// wrappedLines is how many lines text takes in a column of width when
// wrapped between words (bold text is wider).
func wrappedLines(text string, width float64, bold bool) int {
	room := colWidth(width) - 1
	k := 1.0
	if bold {
		k = 1.08
	}
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		lines++
		used := 0.0
		for i, word := range strings.Fields(para) {
			ww := TextWidth(word) * k
			if i > 0 && used+0.5+ww > room {
				lines++
				used = ww
				continue
			}
			if i > 0 {
				used += 0.5
			}
			used += ww
			for used > room { // a word longer than the line breaks inside
				lines++
				used -= room
			}
		}
	}
	return lines
}

// fitTitles widens each column whose title has a word wider than it, so
// that a header wraps between words and is never cut.
func fitTitles(widths []float64, cols []Col) {
	for i, c := range cols {
		for _, word := range strings.Fields(c.Title) {
			if need := TextWidth(word)*1.08 + 1.5; need > colWidth(widths[i]) {
				widths[i] = need
			}
		}
	}
}

// cellRange is "A1:C1".
func cellRange(c1, r1, c2, r2 int) string {
	return colNames[c1] + strconv.Itoa(r1) + ":" + colNames[c2] + strconv.Itoa(r2)
}
