package main

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestDemoCampaigns: the demo's two appeals are campaigns under the 2021
// rule set, and what each received ties to the donations register:
// receipts dated within the appeal less the voids dated within it.
func TestDemoCampaigns(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		a := demoApp(t, db)
		get := demoServer(t, a)
		for _, tc := range []struct{ code, fund, from, to string }{
			{"COVID-2021", "COVID", "2021-07-01", "2021-09-30"},
			{"POOR-2021", "POOR", "2021-07-01", "2021-08-31"},
		} {
			var c map[string]any
			body := get(t, "/api/v1/campaigns/"+tc.code)
			if err := json.Unmarshal(body, &c); err != nil {
				t.Fatal(err)
			}
			if c["fund"] != tc.fund || c["rule_set"] != "ND-64-2008" || c["mobilise_from"] != tc.from || c["mobilise_to"] != tc.to {
				t.Errorf("%s: %s", tc.code, body)
			}
			received := decimal.RequireFromString(c["received"].(string))
			var list struct {
				Data []struct {
					Amount       decimal.Decimal
					ReceivedDate string `json:"received_date"`
					Status       string
					VoidedOn     string `json:"voided_on"`
				}
			}
			if err := json.Unmarshal(get(t, "/api/v1/donations?limit=500&fund="+tc.fund), &list); err != nil {
				t.Fatal(err)
			}
			want := decimal.Zero
			for _, d := range list.Data {
				if d.ReceivedDate >= tc.from && d.ReceivedDate <= tc.to {
					want = want.Add(d.Amount)
				}
				if d.Status == "voided" && d.VoidedOn >= tc.from && d.VoidedOn <= tc.to {
					want = want.Sub(d.Amount)
				}
			}
			if !want.IsPositive() || !received.Equal(want) {
				t.Errorf("%s received %s; the register says %s", tc.code, received, want)
			}
			var f map[string]any
			if err := json.Unmarshal(get(t, "/api/v1/fairness?campaign="+tc.code), &f); err != nil {
				t.Fatal(err)
			}
			if f["rule_set"] != "ND-64-2008" || f["deadline"].(map[string]any)["known"] != false {
				t.Errorf("%s fairness: rule_set %v, deadline %v", tc.code, f["rule_set"], f["deadline"])
			}
		}
	})
}
