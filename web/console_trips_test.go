package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"reliefledger/distribution"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestConsoleTrips: the console lists the trips a user may see and records
// a new one through the domain, once per form, with the domain's refusal
// shown on the form when the warehouse holds too little.
func TestConsoleTrips(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newConsoleFixture(t, db)
		ctx := context.Background()
		count := func() int {
			ts, err := f.srv.Distribution.Trips(ctx, distribution.TripFilter{}, "")
			must(t, err)
			return len(ts)
		}
		before := count()
		fund := f.as(t, "fund.test")
		page := fund.get("/console/trips")
		if page.Status != 200 || !strings.Contains(page.Body, `id="trip-form"`) || !strings.Contains(page.Body, "[demo] Hội đồng hương Sóc Trăng tại TP. Hồ Chí Minh") {
			t.Fatalf("/console/trips: %d\n%s", page.Status, page.Body)
		}
		form := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {hiddenValue(t, page.Body, `id="trip-form"`, "idem")}, "fund": {"COVID"},
			"kind": {"frontline"}, "destination": {"Chốt kiểm dịch cầu Đại Ngãi"}, "inside_province": {"true"}, "date_from": {"2021-08-20"},
			"organisation": {"Tổ trực chốt Đại Ngãi"}, "people_reached": {"24"}, "warehouse": {"PROV"}, "item": {"RICE"}, "quantity": {"10"},
			"account": {"COVID:1110"}, "amount": {"1.000.000"}, "proof": {"BB-07"}}
		r := fund.post("/console/trips", form)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/console/trips?recorded=") {
			t.Fatalf("record: %d %s\n%s", r.Status, r.Header.Get("Location"), r.Body)
		}
		again := fund.post("/console/trips", form)
		if again.Header.Get("Location") != r.Header.Get("Location") || count() != before+1 {
			t.Errorf("the same form posted twice: %s then %s, %d trips (had %d)", r.Header.Get("Location"), again.Header.Get("Location"), count(), before)
		}
		if done := fund.get(r.Header.Get("Location")); !strings.Contains(done.Body, `id="recorded"`) || !strings.Contains(done.Body, "Tổ trực chốt Đại Ngãi") {
			t.Errorf("after recording:\n%s", done.Body)
		}
		page = fund.get("/console/trips")
		form.Set("idem", hiddenValue(t, page.Body, `id="trip-form"`, "idem"))
		form.Set("quantity", "99999999")
		if bad := fund.post("/console/trips", form); bad.Status != http.StatusConflict || !strings.Contains(bad.Body, "1150.PROV.RICE") || count() != before+1 {
			t.Errorf("too much rice: %d, %d trips\n%s", bad.Status, count(), bad.Body)
		}
		form.Set("idem", hiddenValue(t, page.Body, `id="trip-form"`, "idem")+"x")
		form.Set("destination", "")
		if bad := fund.post("/console/trips", form); bad.Status != http.StatusUnprocessableEntity || count() != before+1 {
			t.Errorf("no destination: %d\n%s", bad.Status, bad.Body)
		}
		// A district officer sees their district's trips only (none) and
		// their district's warehouse only.
		officer := f.as(t, "officer.943").get("/console/trips")
		if officer.Status != 200 || strings.Contains(officer.Body, "Tổ trực chốt Đại Ngãi") || strings.Contains(officer.Body, `value="PROV"`) || !strings.Contains(officer.Body, `value="D943"`) {
			t.Errorf("district officer's page: %d\n%s", officer.Status, officer.Body)
		}
	})
}
