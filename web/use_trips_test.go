package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"reliefledger/distribution"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// testUseTrips: the demo's relief trip and frontline support are listed on
// /use and in the public-disclosure workbook, with the figures the domain
// reads from the ledger; the district table counts them at province level.
func testUseTrips(t *testing.T, f *fixture, h http.Handler) {
	ctx := context.Background()
	fund, err := f.srv.Ledger.Fund(ctx, "COVID")
	must(t, err)
	trips, err := f.srv.Distribution.PublicTrips(ctx, fund.ID, ledger.Date{}, ledger.Date{})
	must(t, err)
	if len(trips) != f.story.Trips || len(trips) != 2 {
		t.Fatalf("the demo has %d trips, the story says %d", len(trips), f.story.Trips)
	}
	wants := []string{"Chuyến xe nghĩa tình và hỗ trợ lực lượng tuyến đầu", "Hỗ trợ lực lượng tuyến đầu", "Khẩu trang"}
	kinds := map[distribution.TripKind]bool{}
	for _, tr := range trips {
		kinds[tr.Kind] = true
		wants = append(wants, tr.Destination, tr.Organisation, i18n.VI.Count(tr.PeopleReached), i18n.VI.Number(tr.MoneyTotal(), 0))
	}
	if !kinds[distribution.TripRelief] || !kinds[distribution.TripFrontline] {
		t.Errorf("demo trips: %+v", trips)
	}
	wantStatus(t, h, "/use?fund=COVID", 200, wants...)
	uses, err := f.srv.Distribution.Use(ctx, fund.ID, ledger.Date{}, ledger.Date{})
	must(t, err)
	for _, u := range uses {
		if u.District == "" && u.Trips != 2 {
			t.Errorf("province level counts %d trips, want 2", u.Trips)
		}
	}
	if body := wantStatus(t, h, "/use?fund=COVID&from=2021-09-01", 200); strings.Contains(body, `id="trips"`) {
		t.Error("trips of August listed for September")
	}
	res, body := get(t, h, "/downloads/public-disclosure.xlsx?fund=COVID")
	if res.StatusCode != 200 {
		t.Fatalf("workbook: %d", res.StatusCode)
	}
	x, err := excelize.OpenReader(strings.NewReader(body))
	must(t, err)
	defer x.Close()
	sheet := i18n.T(i18n.VI, i18n.SheetTrips)
	rows, err := x.GetRows(sheet)
	must(t, err)
	var found int
	for _, tr := range trips {
		for _, r := range rows {
			if len(r) > 7 && r[4] == tr.Destination && r[7] == tr.Organisation {
				found++
			}
		}
	}
	if found != len(trips) {
		t.Errorf("workbook sheet %q lists %d of %d trips:\n%v", sheet, found, len(trips), rows)
	}
	last := rows[len(rows)-1]
	for col, i := range map[string]int{"J": 9, "L": 11} {
		formula := ""
		for n := len(rows); n > 0 && formula == ""; n-- {
			formula, _ = x.GetCellFormula(sheet, col+itoa64(int64(n)))
		}
		if !strings.HasPrefix(formula, "SUM(") || len(last) <= i || last[i] == "" {
			t.Errorf("column %s total: formula %q, row %v", col, formula, last)
		}
	}
}
