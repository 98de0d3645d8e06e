package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"reliefledger"
	"reliefledger/internal/fold"
)

// Messages for CSV lines that cannot be split into cells.
const (
	msgParse     = "the row is not valid CSV (%v): check its quotes"
	msgOpenQuote = `the line opens a quote (") that does not close where its cell ends, so the lines after it would be read as part of it: fix its quotes`
)

// delimiters are the CSV delimiters a file may use, in order of preference.
var delimiters = []rune{',', ';', '\t'}

// prepareCSV checks that data is UTF-8 text and returns it without its
// byte-order mark and with old Mac line ends made line feeds.
func prepareCSV(data []byte, noun string) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, reliefledger.Errorf(reliefledger.Invalid,
			"%s must be UTF-8 text: in Excel choose Save As → CSV UTF-8 (Comma delimited)", noun)
	}
	if bytes.IndexByte(data, '\n') < 0 {
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	return data, nil
}

// csvDelimiter picks the delimiter that splits a row among the first ones
// into the most known headers; a comma when none does.
func (f *File) csvDelimiter() rune {
	best, bestCount := ',', 0
	for _, d := range delimiters {
		rows := newCSVRows(f.data, d, f.opt.LazyQuotes)
		for {
			rec, err := rows.next()
			if err == io.EOF || rec.row > f.opt.HeaderRows {
				break
			}
			if err != nil {
				continue
			}
			trimCells(rec.cells)
			if h := f.opt.Columns.readHeader(rec.row, rec.cells); h.Found > bestCount {
				best, bestCount = d, h.Found
			}
		}
	}
	return best
}

// csvSource reads a CSV file's rows.
type csvSource struct {
	rows *csvRows
	data []byte
}

func (s *csvSource) next(r *Row) (bool, error) {
	rec, err := s.rows.next()
	*r = Row{Number: rec.row, csv: true, data: s.data, start: rec.start, end: rec.end}
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		return false, nil
	case errors.As(err, &pe):
		r.Problem, r.raw = fmt.Sprintf(msgParse, pe.Err), rec.raw
	case errors.Is(err, errOpenQuote):
		r.Problem, r.raw = msgOpenQuote, rec.raw
	case err != nil:
		return false, fmt.Errorf("read csv: %w", err)
	default:
		r.Cells = trimCells(rec.cells)
	}
	return true, nil
}

func (s *csvSource) merged() []Range { return nil }
func (s *csvSource) close()          {}

// afterHeader prepares reading the data rows under h: it cuts the quoted
// cells left open (see openQuotes) when the caller tells data rows apart.
func (s *csvSource) afterHeader(h *Header, opt *Options) {
	if opt.RowStart == nil || !opt.LazyQuotes {
		return
	}
	sep := []byte(string(s.rows.delim))
	rowStart := func(line []byte) bool {
		return opt.RowStart(func(col int) string {
			if !h.Has(col) {
				return ""
			}
			i := h.Index[col]
			cells := bytes.SplitN(line, sep, i+2)
			if i >= len(cells) {
				return ""
			}
			return strings.Trim(fold.TrimSpace(string(cells[i])), `"`)
		})
	}
	s.rows.breakAt(openQuotes(s.data, s.rows.off, s.rows.end, byte(s.rows.delim), rowStart))
}

// rowsHint estimates the rows left: the line ends left, but not more than
// one per 48 bytes, so that a file of blank lines does not look large.
func (s *csvSource) rowsHint() int {
	rest := s.data[s.rows.off:]
	return min(bytes.Count(rest, []byte{'\n'})+1, len(rest)/48)
}

func trimCells(cells []string) []string {
	for i, c := range cells {
		cells[i] = fold.TrimSpace(c)
	}
	return cells
}

// lineSpan is a run of physical lines: lines first to last, data[from:to].
type lineSpan struct{ first, last, from, to int }

// openQuotes finds the records, from offset start on (which begins physical
// line line+1), that a quote left open makes run into a line that looks
// like a data row (rowStart): a cell that starts with a quote goes on until
// a quote followed by the delimiter or the line's end, so one such slip
// would turn the rest of the file into one cell and hide its rows. Each
// such record is cut before that line, to be reported, and the line starts
// a new record.
//
// It follows encoding/csv's reading with LazyQuotes, one pass over the data:
// each line is looked at once as a continuation and once as a record start.
func openQuotes(data []byte, start, line int, delim byte, rowStart func([]byte) bool) []lineSpan {
	if bytes.IndexByte(data[start:], '"') < 0 {
		return nil // most files
	}
	var out []lineSpan
	quotedStop := "\"\n"
	plainStop := string([]byte{delim, '\n'})
	i := start
	line++
	for i < len(data) { // at a record start
		if data[i] == '\n' || (data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n') {
			i += bytes.IndexByte(data[i:], '\n') + 1 // a blank line
			line++
			continue
		}
		rec := lineSpan{first: line, from: i}
	fields:
		for i < len(data) { // at a field start
			if data[i] != '"' {
				j := bytes.IndexAny(data[i:], plainStop)
				if j < 0 {
					return out
				}
				i += j + 1
				if data[i-1] == '\n' {
					line++
					break fields
				}
				continue
			}
			i++
			for { // in a quoted cell
				j := bytes.IndexAny(data[i:], quotedStop)
				if j < 0 {
					return out
				}
				i += j + 1
				if data[i-1] == '\n' {
					line++
					end := bytes.IndexByte(data[i:], '\n')
					if end < 0 {
						end = len(data) - i
					}
					if rowStart(data[i : i+end]) {
						rec.last, rec.to = line-1, i
						out = append(out, rec)
						break fields
					}
					continue
				}
				switch {
				case i == len(data):
					return out
				case data[i] == '"': // a doubled quote
					i++
				case data[i] == delim:
					i++
					continue fields
				case data[i] == '\n' || (data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n'):
					i += bytes.IndexByte(data[i:], '\n') + 1
					line++
					break fields
				}
			}
		}
	}
	return out
}

// errOpenQuote marks a record cut by openQuotes.
var errOpenQuote = errors.New("open quote")

// csvRecord is one CSV record: its cells (valid until the next read), its
// row number and where its text lies in the data.
type csvRecord struct {
	cells      []string
	row        int
	start, end int    // data[start:end] is the record's text, maybe after blank lines
	raw        string // the text of a record in error
}

// csvRows reads CSV records with their row numbers as Excel shows them: a
// blank line is a row, and a quoted cell spanning lines is one row. With
// lazy quotes a stray quote in a cell is text, and the records openQuotes
// cuts are returned with errOpenQuote.
type csvRows struct {
	data     []byte
	delim    rune
	lazy     bool
	r        *csv.Reader
	base     int        // offset in data where r started
	lineBase int        // physical lines before base
	off      int        // offset in data where the last record ended
	row      int        // row number of the last record
	end      int        // physical line the last record ended on
	cuts     []lineSpan // records cut by openQuotes, ahead of r
}

func newCSVRows(data []byte, delim rune, lazy bool) *csvRows {
	c := &csvRows{data: data, delim: delim, lazy: lazy}
	c.restart(0, 0)
	return c
}

// breakAt makes the reader stop at each cut record, which must lie ahead.
func (c *csvRows) breakAt(cuts []lineSpan) {
	c.cuts = cuts
	c.restart(c.off, c.end)
}

// restart reads on from data[off:], which starts after physical line line,
// up to the next cut record.
func (c *csvRows) restart(off, line int) {
	stop := len(c.data)
	if len(c.cuts) > 0 {
		stop = c.cuts[0].from
	}
	c.r = csv.NewReader(bytes.NewReader(c.data[off:stop]))
	c.r.Comma, c.r.FieldsPerRecord, c.r.ReuseRecord, c.r.LazyQuotes = c.delim, -1, true, c.lazy
	c.base, c.lineBase, c.off, c.end = off, line, off, line
}

// next returns the next record. A *csv.ParseError or errOpenQuote comes with
// the record's row number and raw text; reading can go on after it.
func (c *csvRows) next() (csvRecord, error) {
	start := c.off
	rec, err := c.r.Read()
	c.off = c.base + int(c.r.InputOffset())
	var pe *csv.ParseError
	switch {
	case err == io.EOF && len(c.cuts) > 0:
		cut := c.cuts[0]
		c.cuts = c.cuts[1:]
		c.row += cut.first - c.end
		c.restart(cut.to, cut.last)
		return csvRecord{row: c.row, raw: c.text(cut.from, cut.to)}, errOpenQuote
	case errors.As(err, &pe):
		c.row += c.lineBase + pe.StartLine - c.end
		c.end = c.lineBase + pe.Line
		return csvRecord{row: c.row, raw: c.text(start, c.off)}, err
	case err != nil:
		return csvRecord{}, err
	}
	first, _ := c.r.FieldPos(0)
	last, _ := c.r.FieldPos(len(rec) - 1)
	c.row += c.lineBase + first - c.end
	c.end = c.lineBase + last + strings.Count(rec[len(rec)-1], "\n")
	return csvRecord{cells: rec, row: c.row, start: start, end: c.off}, nil
}

// text returns data[from:to] without the line ends around it.
func (c *csvRows) text(from, to int) string {
	return strings.Trim(string(c.data[from:to]), "\r\n")
}
