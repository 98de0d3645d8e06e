package households

import (
	"context"
	"fmt"
	"io"
	"sort"

	rl "reliefledger"
	"reliefledger/internal/sheet"
)

// ImportProblem is one problem of an import file: its row, its column (as
// headed in the file) and why.
type ImportProblem struct {
	Line    int
	Column  string
	Message string
}

// ImportReport says what an import found and did.
type ImportReport struct {
	DryRun     bool
	HeaderLine int
	Rows       int // data rows read
	Valid      int
	Invalid    int // rows with at least one problem
	Created    int
	ByCategory map[Category]int
	Problems   []ImportProblem
}

// ImportOptions tune an import.
type ImportOptions struct {
	DryRun bool
	Scope  string // the caller's district, if any
	// Limits bound the file (its bytes, what it inflates to, its rows).
	Limits sheet.Limits
	// Progress, if set, hears how many rows have been written.
	Progress func(done, total int)
}

// Import reads a commune's file (XLSX or CSV), checks every row — fields,
// duplicates inside the file, codes and ID numbers already in the registry —
// and, unless it is a dry run, registers all rows in one transaction. If
// any row has a problem nothing is registered and the error is Invalid
// with code "import-invalid"; the report lists every problem. A file that
// cannot be read at all is Invalid too.
func (s *Service) Import(ctx context.Context, name string, r io.Reader, opt ImportOptions) (ImportReport, error) {
	rep := ImportReport{DryRun: opt.DryRun, ByCategory: map[Category]int{}}
	sheet, err := ReadFile(name, r, opt.Limits)
	if err != nil {
		if rl.ErrorKind(err) == rl.TooLarge {
			return rep, err
		}
		return rep, rl.InvalidFields(rl.FieldError{Field: "file", Message: err.Error()})
	}
	rep.HeaderLine, rep.Rows = sheet.HeaderLine, len(sheet.Rows)
	for _, p := range sheet.Problems {
		rep.Problems = append(rep.Problems, ImportProblem(p))
	}
	if len(sheet.Problems) > 0 {
		rep.Invalid = rep.Rows
		return rep, importInvalid(rep)
	}
	header := func(c Column) string {
		if h, ok := sheet.Columns[c]; ok {
			return h
		}
		return string(c)
	}
	hs := make([]Household, 0, len(sheet.Rows))
	lines := make([]int, 0, len(sheet.Rows))
	bad := map[int]bool{}
	problem := func(line int, col, format string, args ...any) {
		rep.Problems = append(rep.Problems, ImportProblem{Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
		bad[line] = true
	}
	firstCode, firstID := map[string]int{}, map[string]int{}
	for _, row := range sheet.Rows {
		for _, p := range row.Problems {
			problem(row.Line, p.Column, "%s", p.Message)
		}
		h, ps := s.validate(Input(row.Values), opt.Scope)
		for _, p := range ps {
			problem(row.Line, header(p.Column), "%s", p.Message)
		}
		if h.Code != "" {
			if first, dup := firstCode[h.Code]; dup {
				problem(row.Line, header(ColCode), "%s appears twice in the file (first on row %d)", h.Code, first)
			} else {
				firstCode[h.Code] = row.Line
			}
		}
		if h.NationalID != "" {
			if first, dup := firstID[h.NationalID]; dup {
				problem(row.Line, header(ColNationalID), "%s appears twice in the file (first on row %d)", Mask(h.NationalID), first)
			} else {
				firstID[h.NationalID] = row.Line
			}
		}
		hs = append(hs, h)
		lines = append(lines, row.Line)
	}
	codes := make([]string, 0, len(firstCode))
	for c := range firstCode {
		codes = append(codes, c)
	}
	ids := make([]string, 0, len(firstID))
	for id := range firstID {
		ids = append(ids, id)
	}
	codeTaken, idTaken, err := s.store.Taken(ctx, codes, ids)
	if err != nil {
		return rep, fmt.Errorf("import: check the registry: %w", err)
	}
	for i, h := range hs {
		if codeTaken[h.Code] && firstCode[h.Code] == lines[i] {
			problem(lines[i], header(ColCode), "%s is already in the registry", h.Code)
		}
		if other, ok := idTaken[h.NationalID]; ok && h.NationalID != "" && firstID[h.NationalID] == lines[i] {
			problem(lines[i], header(ColNationalID), "%s is already registered for household %s", Mask(h.NationalID), other)
		}
	}
	rep.Invalid = len(bad)
	rep.Valid = rep.Rows - rep.Invalid
	for i, h := range hs {
		if !bad[lines[i]] {
			rep.ByCategory[h.Category]++
		}
	}
	sortProblems(rep.Problems)
	if rep.Invalid > 0 {
		if opt.DryRun {
			return rep, nil
		}
		return rep, importInvalid(rep)
	}
	if opt.DryRun || rep.Rows == 0 {
		return rep, nil
	}
	now := rl.Stamp(s.now())
	for i := range hs {
		hs[i].CreatedAt, hs[i].UpdatedAt = now, now
	}
	progress := func(done int) {
		if opt.Progress != nil {
			opt.Progress(done, len(hs))
		}
	}
	if err := s.store.InsertMany(ctx, hs, progress); err != nil {
		return rep, err
	}
	rep.Created = len(hs)
	return rep, nil
}

// sortProblems orders problems by row; those of one row keep their order.
func sortProblems(ps []ImportProblem) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
}

func importInvalid(rep ImportReport) error {
	return rl.CodedErrorf(rl.Invalid, "import-invalid",
		"%d of %d rows have problems (%d in all); nothing was imported", rep.Invalid, rep.Rows, len(rep.Problems))
}
