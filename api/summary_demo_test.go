package api

import (
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/access"
	"reliefledger/demo"
	"reliefledger/demo/story"
	"reliefledger/households"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestSummaryOnDemoBooks is issue 17, acceptance 1, on the demo's books
// (its campaigns, relief trip and frontline support included): for each
// fund and for each campaign, every ledger figure of the summary equals
// the same figure recomputed from the journal, and the districts' parts
// with the province's own sum to the province's report exactly.
func TestSummaryOnDemoBooks(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ctx := context.Background()
		hh := ts.srv.Households
		var registry []households.Household
		for i, h := range demo.HouseholdsOf(hh.Tree(), demo.Seed) {
			if (h.District == story.KeSach || h.District == story.ChauThanh || h.District == story.TranDe) && i%5 == 0 {
				registry = append(registry, h)
			}
		}
		if err := hh.InsertMany(ctx, registry, nil); err != nil {
			t.Fatal(err)
		}
		sum, loaded, err := story.Load(ctx, story.Services{Ledger: ts.srv.Ledger, Users: ts.srv.Users, Households: hh,
			Donations: ts.srv.Donations, Goods: ts.srv.Goods, Distribution: ts.srv.Distribution, Campaigns: ts.srv.Campaigns})
		if err != nil || !loaded || sum.Trips < 2 {
			t.Fatalf("demo books: loaded %v, trips %d, err %v", loaded, sum.Trips, err)
		}
		head, err := ts.srv.Ledger.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		auditor := ts.userToken(access.Auditor, "")
		for _, tc := range []struct {
			query, fund string
			from, to    ledger.Date
		}{
			{"fund=POOR&from=2021-01-01&to=2021-12-31", "POOR", ledger.NewDate(2021, 1, 1), ledger.NewDate(2021, 12, 31)},
			{"fund=COVID&from=2021-01-01&to=2021-12-31", "COVID", ledger.NewDate(2021, 1, 1), ledger.NewDate(2021, 12, 31)},
			{"campaign=COVID-2021&to=2021-12-31", "COVID", ledger.NewDate(2021, 7, 1), ledger.NewDate(2021, 12, 31)},
			{"campaign=POOR-2021&to=2021-12-31", "POOR", ledger.NewDate(2021, 7, 1), ledger.NewDate(2021, 12, 31)},
		} {
			s := ts.summaryOf(tc.query, auditor)
			if h := s["head"].(map[string]any); h["last_id"] != float64(head.LastID) {
				t.Fatalf("%s: computed at %v, the journal's head is %d", tc.query, h["last_id"], head.LastID)
			}
			got := figures(s["total"])
			want := ts.journalFigures(tc.fund, tc.from, tc.to, head.LastID)
			for k, v := range want {
				if !got[k].Equal(v) {
					t.Errorf("%s: %s: report %s, journal %s", tc.query, k, got[k], v)
				}
			}
			for k, v := range got {
				ledgerFigure := strings.HasPrefix(k, "received.total") || strings.HasPrefix(k, "received.by_channel") || strings.HasPrefix(k, "goods_received") ||
					strings.HasPrefix(k, "on_hand") || (strings.HasPrefix(k, "distributed.") && !strings.HasPrefix(k, "distributed.by_category") && !strings.HasSuffix(k, ".entries"))
				if _, ok := want[k]; ledgerFigure && !ok && !v.IsZero() {
					t.Errorf("%s: %s: report %s, journal nothing", tc.query, k, v)
				}
			}
			parts := map[string]decimal.Decimal{}
			for _, p := range s["parts"].([]any) {
				for k, v := range figures(p) {
					parts[k] = parts[k].Add(v)
				}
			}
			for k := range merge(got, parts) {
				if !got[k].Equal(parts[k]) {
					t.Errorf("%s: %s: province %s, districts and own %s", tc.query, k, got[k], parts[k])
				}
			}
			if tc.fund == "COVID" && (want["distributed.relief_trips.value"].IsZero() || want["distributed.frontline_support.value"].IsZero()) {
				t.Errorf("%s: the demo's relief trip and frontline support are not in the books: %v", tc.query, want)
			}
			if strings.HasPrefix(tc.query, "campaign=") {
				if dl, _ := s["deadline"].(map[string]any); s["rule_set"] != "ND-64-2008" || dl == nil || dl["known"] != false {
					t.Errorf("%s: a 2021 campaign follows Decree 64, whose deadline is unknown: %v %v", tc.query, s["rule_set"], s["deadline"])
				}
			}
		}
	})
}
