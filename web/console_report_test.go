package web

import (
	"context"
	"strings"
	"testing"

	"reliefledger/reports"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestConsoleSummary: the summary page shows the report service's figures
// for the demo books, with the districts' parts; a district officer's is
// their district's part and names no other; the page is in the nav of the
// roles the API allows; a bad fund or date is a 400 with its message.
func TestConsoleSummary(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newConsoleFixture(t, db)
		ctx := context.Background()
		rs := f.srv.summaryReports()
		auditor := f.as(t, "auditor.test")
		if home := auditor.get("/console"); !strings.Contains(home.Body, `href="/console/reports/summary"`) {
			t.Errorf("the console's nav has no summary report")
		}
		rep, err := rs.Summary(ctx, reports.Input{Fund: "POOR", DeadlineDays: 20})
		must(t, err)
		if rep.Total.Deliveries == 0 || rep.Total.Received.IsZero() {
			t.Fatalf("the demo books give an empty report: %+v", rep.Total)
		}
		r := auditor.get("/console/reports/summary?fund=POOR&deadline_days=20")
		if r.Status != 200 {
			t.Fatalf("summary: %d\n%s", r.Status, r.Body)
		}
		tot := rep.Total
		for id, want := range map[string]string{
			"received-total": vi.Money(tot.Received), "received-bank": vi.Money(tot.ByChannel["bank"]), "to-households": vi.Money(tot.ToHouseholds.Value),
			"money-on-hand": vi.Money(tot.MoneyOnHand), "open-money": vi.Money(tot.OutstandingMoney), "deliveries": vi.Count(tot.Deliveries),
			"late": vi.Count(tot.Late), "unreached-poor": vi.Count(tot.Unreached["poor"]), "waiting": vi.Count(tot.RequestsWaiting),
		} {
			if got := withinTag(r.Body, id); got != want {
				t.Errorf("%s: page %q, report %q", id, got, want)
			}
		}
		if n := strings.Count(r.Body, "<tr data-district="); n != len(rep.Parts) || len(rep.Parts) < 3 {
			t.Errorf("%d part rows, report has %d", n, len(rep.Parts))
		}
		for _, want := range []string{"Người lập biểu", "Kế toán trưởng", "Thủ trưởng đơn vị", `href="/api/v1/exports/summary.xlsx?fund=POOR`, "Số liệu tính tại bút toán số"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if en := auditor.get("/console/reports/summary?fund=POOR&lang=en"); en.Status != 200 || !strings.Contains(en.Body, "Total received") || !strings.Contains(en.Body, "late: the deadline is unknown") && !strings.Contains(en.Body, "the deadline is unknown") {
			t.Errorf("in English: %d", en.Status)
		}

		// A district officer sees their district's part only.
		officer := f.as(t, "officer.943")
		mine, err := rs.Summary(ctx, reports.Input{Fund: "POOR", District: "943"})
		must(t, err)
		o := officer.get("/console/reports/summary?fund=POOR")
		if o.Status != 200 || withinTag(o.Body, "to-households") != vi.Money(mine.Total.ToHouseholds.Value) ||
			withinTag(o.Body, "unreached-poor") != vi.Count(mine.Total.Unreached["poor"]) || strings.Contains(o.Body, "<tr data-district=") {
			t.Errorf("officer's page: %d to households %q (want %s)", o.Status, withinTag(o.Body, "to-households"), mine.Total.ToHouseholds.Value)
		}
		if mine.Total.MoneyOnHand.Equal(tot.MoneyOnHand) || withinTag(o.Body, "money-on-hand") != vi.Money(mine.Total.MoneyOnHand) {
			t.Errorf("the district's money on hand %s, the province's %s, the page's %q", mine.Total.MoneyOnHand, tot.MoneyOnHand, withinTag(o.Body, "money-on-hand"))
		}

		for _, c := range []struct{ query, want string }{
			{"fund=NOPE", "NOPE"},
			{"fund=POOR&from=2021-13-01", "2021-13-01"},
			{"fund=POOR&from=2021-08-01&to=2021-07-01", "from"},
			{"fund=POOR&deadline_days=x", "“x”"},
		} {
			if b := auditor.get("/console/reports/summary?" + c.query); b.Status != 400 || !strings.Contains(b.Body, c.want) {
				t.Errorf("%s: %d, want 400 naming %q", c.query, b.Status, c.want)
			}
		}
	})
}
