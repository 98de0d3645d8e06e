package exports

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/internal/fold"
	"reliefledger/ledger"
)

// received marks: what districts write in "Đã nhận (x)".
var receivedMarks = map[string]bool{"x": true, "✓": true, "✔": true, "v": true, "có": true, "co": true, "1": true, "yes": true, "y": true, "da nhan": true, "đã nhận": true}

// ReadDistributionList reads a distribution list this package wrote, after
// a district marked it: the rows marked received, with their date.
// Unmarked rows are skipped. Invalid when no sheet has the list's columns,
// or naming every row it cannot use ("Sheet!row": a mark without a date, a
// date or a mark it cannot read).
func ReadDistributionList(r io.Reader) ([]distribution.SignedRow, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, rl.InvalidFields(rl.FieldError{Field: "file", Message: "is not an XLSX workbook: " + err.Error()})
	}
	defer f.Close()
	var rows []distribution.SignedRow
	var problems rl.Fields
	found := false
	for _, name := range f.GetSheetList() {
		cells, err := f.GetRows(name)
		if err != nil || len(cells) == 0 {
			continue
		}
		col := map[int]int{}
		for i, title := range cells[0] {
			for j, c := range listCols {
				if t := strings.TrimSpace(title); t == c.vi || t == c.en {
					col[j] = i
				}
			}
		}
		if _, ok := col[1]; !ok {
			continue
		}
		if _, ok := col[9]; !ok {
			continue
		}
		found = true
		get := func(row []string, j int) string {
			i, ok := col[j]
			if !ok || i >= len(row) {
				return ""
			}
			return strings.TrimSpace(row[i])
		}
		for n, row := range cells[1:] {
			line := n + 2
			code, mark := get(row, 1), fold.String(get(row, 9))
			if code == "" || mark == "" {
				continue
			}
			if !receivedMarks[mark] && !receivedMarks[get(row, 9)] {
				problems.Add(fmt.Sprintf("%s!%d", name, line), "cannot read the mark %q; write x for received", get(row, 9))
				continue
			}
			date, err := listDate(get(row, 10))
			if err != nil {
				problems.Add(fmt.Sprintf("%s!%d", name, line), "%v", err)
				continue
			}
			rows = append(rows, distribution.SignedRow{Sheet: name, Line: line, Household: code, Date: date, HandedOverBy: get(row, 11)})
		}
	}
	if !found {
		return nil, rl.InvalidFields(rl.FieldError{Field: "file", Message: "no sheet has the distribution list's columns (Mã hộ, Đã nhận (x))"})
	}
	return rows, problems.Err()
}

// listDate reads the received date as a district may type it: an Excel
// date (shown as yyyy-mm-dd), dd/mm/yyyy, or a serial number.
func listDate(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("marked received without a date")
	}
	if d, err := ledger.ParseDate(s); err == nil {
		return d.String(), nil
	}
	for _, layout := range []string{"02/01/2006", "2/1/2006", "02-01-2006", "01-02-06"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 30000 && n < 80000 {
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n)).Format("2006-01-02"), nil
	}
	return "", fmt.Errorf("cannot read the date %q; write it as dd/mm/yyyy", s)
}
