package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"reliefledger/audit"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestConsoleClosePeriod: the admin closes a period from the funds page
// (CSRF, idempotency key, audit), the page shows each fund's closing date,
// a refused close shows its field error and stores nothing, and another
// role may not close.
func TestConsoleClosePeriod(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newConsoleFixture(t, db)
		f.adminUser(t)
		b := f.as(t, "admin.test")
		page := b.get("/console/funds")
		if page.Status != 200 || !strings.Contains(page.Body, `id="close-form"`) {
			t.Fatalf("/console/funds: %d, no close form", page.Status)
		}
		closes := func() []ledger.PeriodClose {
			t.Helper()
			cs, err := f.srv.Ledger.PeriodCloses(ctx, "")
			must(t, err)
			return cs
		}
		form := func(date string) url.Values {
			return url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {formValue(t, page.Body, "idem")}, "fund": {"POOR"}, "date": {date}, "note": {"báo cáo quý II"}}
		}
		tomorrow := ledger.DateOf(time.Now()).AddDays(1).String()
		if r := b.post("/console/funds/close", form(tomorrow)); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="date-error"`) {
			t.Errorf("a close dated tomorrow: %d", r.Status)
		}
		noCSRF := form("2021-06-30")
		noCSRF.Set("csrf", "wrong")
		if r := b.post("/console/funds/close", noCSRF); r.Status != http.StatusForbidden {
			t.Errorf("a close without the CSRF token: %d", r.Status)
		}
		if r := f.as(t, "auditor.test").post("/console/funds/close", form("2021-06-30")); r.Status != http.StatusForbidden {
			t.Errorf("an auditor closing: %d", r.Status)
		}
		if cs := closes(); len(cs) != 0 {
			t.Fatalf("refused closes stored %+v", cs)
		}

		ok := form("2021-06-30")
		r := b.post("/console/funds/close", ok)
		if r.Status != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "closed=POOR") {
			t.Fatalf("close: %d %s", r.Status, r.Header.Get("Location"))
		}
		if again := b.post("/console/funds/close", ok); again.Status != http.StatusSeeOther {
			t.Errorf("the same form posted twice: %d", again.Status)
		}
		cs := closes()
		if len(cs) != 1 || cs[0].FundCode != "POOR" || cs[0].ClosedThrough.String() != "2021-06-30" || cs[0].Note != "báo cáo quý II" {
			t.Fatalf("closes %+v, want one of POOR through 2021-06-30", cs)
		}
		shown := b.get(r.Header.Get("Location"))
		if !strings.Contains(shown.Body, `id="close-done"`) || !strings.Contains(shown.Body, "2021-06-30") {
			t.Errorf("the funds page does not show the close")
		}
		if r := b.post("/console/funds/close", url.Values{"csrf": ok["csrf"], "idem": {newFormKey()}, "fund": {"POOR"}, "date": {"2021-05-31"}}); r.Status != http.StatusConflict ||
			!strings.Contains(r.Body, "already closed through 2021-06-30") {
			t.Errorf("closing an earlier date: %d", r.Status)
		}
		recs, err := f.audit.List(ctx, audit.Filter{Route: "/console/funds/close", Limit: 10})
		must(t, err)
		got := map[int]int{}
		for _, rec := range recs {
			got[rec.Status]++
			if rec.Target != ledger.CloseResultRef(cs[0].ID) {
				t.Errorf("an audit record of the close names %q", rec.Target)
			}
		}
		if got[http.StatusCreated] != 1 || got[http.StatusOK] != 1 || len(recs) != 2 {
			t.Errorf("audit records of the close and its replay: %+v", recs)
		}
	})
}
