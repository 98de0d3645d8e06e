package sheet

import (
	"fmt"
	"strings"

	"reliefledger/internal/fold"
)

// Column is a column a reader looks for: its canonical name, which is
// accepted as a header too ("head_name"), and the other header texts that
// name it. By convention the first alias is the one to suggest when the
// column is missing.
type Column struct {
	Name    string
	Aliases []string
}

// Columns is a reader's alias table: the columns it knows, numbered in the
// order given, and the header texts that name each.
type Columns struct {
	cols  []Column
	index map[string]int // Key(text) → column
}

// NewColumns indexes an alias table. It panics when one header text (after
// Key) names two columns: the table is the caller's code, not user input.
func NewColumns(cols ...Column) *Columns {
	c := &Columns{cols: cols, index: make(map[string]int)}
	for i, col := range cols {
		for _, text := range append([]string{col.Name}, col.Aliases...) {
			k := Key(text)
			if j, dup := c.index[k]; dup && j != i {
				panic(fmt.Sprintf("sheet: header %q names both %q and %q", text, cols[j].Name, col.Name))
			}
			c.index[k] = i
		}
	}
	return c
}

// Column returns column i.
func (c *Columns) Column(i int) Column { return c.cols[i] }

// Lookup returns the column a header cell names. Case, diacritics, spaces,
// underscores, a trailing colon or asterisk and a parenthesised note
// ("Số tiền (VND)", "MÃ HỘ (*)") do not matter, and a bilingual header
// ("Ngày GD/Transaction date") matches by either half.
func (c *Columns) Lookup(cell string) (int, bool) {
	if col, ok := c.index[Key(cell)]; ok {
		return col, true
	}
	if !strings.ContainsAny(cell, "/\n|") {
		return 0, false
	}
	for _, part := range strings.FieldsFunc(cell, func(r rune) bool { return r == '/' || r == '\n' || r == '|' }) {
		if col, ok := c.index[Key(part)]; ok {
			return col, true
		}
	}
	return 0, false
}

// Key folds a header text for matching: no case, diacritics, spaces or
// underscores, and no trailing punctuation or parenthesised note.
func Key(s string) string {
	k := fold.String(s)
	for {
		k = strings.TrimRight(k, " *:.;,-_")
		i := strings.LastIndexByte(k, '(')
		if !strings.HasSuffix(k, ")") || i < 0 {
			break
		}
		k = k[:i]
	}
	if strings.ContainsAny(k, " _") {
		k = keySpaces.Replace(k)
	}
	return k
}

var keySpaces = strings.NewReplacer(" ", "", "_", "")

// maxHeaderLen bounds the header texts looked up: a longer cell is data,
// and folding it would be wasted.
const maxHeaderLen = 200

// Header is a header row: which cell holds each column.
type Header struct {
	Row   int      // the row's number
	Index []int    // by column: the index of the cell naming it, -1 when none does
	Names []string // by column: the header text naming it, as written (trimmed)
	Cells []string // the row's cells, trimmed
	Found int      // the columns named
	// Repeats are the cells that name a column an earlier cell names; the
	// earlier one is read.
	Repeats []Repeat
}

// Repeat is a header cell naming a column named before.
type Repeat struct{ Cell, Column int }

// Has reports whether the header names column col.
func (h *Header) Has(col int) bool { return col >= 0 && col < len(h.Index) && h.Index[col] >= 0 }

// Missing returns the columns of cols the header does not name.
func (h *Header) Missing(cols []int) []int {
	var out []int
	for _, c := range cols {
		if !h.Has(c) {
			out = append(out, c)
		}
	}
	return out
}

// readHeader reads the cells of row n as a header row.
func (c *Columns) readHeader(n int, cells []string) Header {
	h := Header{Row: n, Index: make([]int, len(c.cols)), Names: make([]string, len(c.cols)), Cells: make([]string, len(cells))}
	for i := range h.Index {
		h.Index[i] = -1
	}
	for i, cell := range cells {
		h.Cells[i] = cell
		if cell == "" || len(cell) > maxHeaderLen {
			continue
		}
		col, ok := c.Lookup(cell)
		switch {
		case !ok:
		case h.Index[col] >= 0:
			h.Repeats = append(h.Repeats, Repeat{Cell: i, Column: col})
		default:
			h.Index[col], h.Names[col] = i, cell
			h.Found++
		}
	}
	return h
}
