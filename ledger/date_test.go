package ledger_test

import (
	"testing"
	"time"

	"reliefledger/ledger"
)

// TestDateParts checks Date, which the workbooks use to write a date as
// Excel's day serial without formatting it first.
func TestDateParts(t *testing.T) {
	parsed, err := ledger.ParseDate("2021-07-05")
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		d        ledger.Date
		y, m, dd int
	}{
		"new":                               {ledger.NewDate(2024, time.February, 29), 2024, 2, 29},
		"parsed":                            {parsed, 2021, 7, 5},
		"of an instant late in the UTC day": {ledger.DateOf(time.Date(2024, 12, 31, 18, 0, 0, 0, time.UTC)), 2025, 1, 1},
	} {
		if y, m, d := c.d.Date(); y != c.y || int(m) != c.m || d != c.dd {
			t.Errorf("%s: Date() = %d-%d-%d, want %d-%d-%d", name, y, m, d, c.y, c.m, c.dd)
		}
	}
}
