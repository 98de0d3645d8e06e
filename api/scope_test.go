package api

import (
	"fmt"
	"regexp"
	"testing"

	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestOtherDistrictsLookMissing is issue 13, acceptance 4: a district
// officer cannot tell another district's household, request, plan rows,
// warehouse or export from one that does not exist, by any answer. Each
// route is asked once about an object of district 942 and once about a
// code that does not exist; the two answers must be the same, up to the
// identifier that was asked for.
func TestOtherDistrictsLookMissing(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		hs := ts.seedSome(3, "941", "942")
		ts.fundBank("COVID", "90000000", "")
		approver := ts.userToken(access.Approver, "")
		officer := ts.userToken(access.DistrictOfficer, "941")
		other := ts.userToken(access.DistrictOfficer, "942")
		var h941, h942 string
		for _, h := range hs {
			if h.District == "941" && h941 == "" {
				h941 = h.Code
			}
			if h.District == "942" && h942 == "" {
				h942 = h.Code
			}
		}
		hh, err := ts.srv.Households.ByCodes(t.Context(), []string{h942})
		if err != nil {
			t.Fatal(err)
		}
		id942 := hh[h942].ID
		plan := ts.do(req{Method: "POST", Path: "/api/v1/allocation-plans", Key: "auto", Body: budgetPlan("COVID", "3000000", "941", "942")})
		if plan.Status != 201 {
			t.Fatalf("plan: %d %s", plan.Status, plan.Body)
		}
		planID := plan.JSON["id"]
		if r := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/allocation-plans/%v/approve", planID), Key: "auto", Token: approver,
			Body: map[string]any{"date": "2021-07-20"}}); r.Status != 201 {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		rq := ts.do(req{Method: "POST", Path: "/api/v1/allocation-requests", Key: "auto", Token: other, Body: map[string]any{"fund": "COVID", "amount": "1000000", "reason": "942"}})
		rqID := rq.JSON["id"]
		if r := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/allocation-requests/%v/decision", rqID), Key: "auto", Token: approver,
			Body: map[string]any{"decision": "approve", "date": "2021-07-20"}}); r.Status != 201 {
			t.Fatalf("approve request: %d %s", r.Status, r.Body)
		}
		deliver := func(body map[string]any) req {
			return req{Method: "POST", Path: "/api/v1/deliveries", Key: "auto", Token: officer, Body: body}
		}
		row := func(code string) []map[string]any {
			return []map[string]any{{"household": code, "date": "2021-07-21", "handed_over_by": "Trần Văn Tư"}}
		}
		cases := []struct {
			name          string
			other, absent req
			otherID       string // how the answer names the other district's object
			absentID      string
		}{
			{"household", req{Method: "GET", Path: fmt.Sprintf("/api/v1/households/%d", id942)}, req{Method: "GET", Path: "/api/v1/households/987654"},
				fmt.Sprint(id942), "987654"},
			{"household history", req{Method: "GET", Path: fmt.Sprintf("/api/v1/households/%d/history", id942)}, req{Method: "GET", Path: "/api/v1/households/987654/history"},
				fmt.Sprint(id942), "987654"},
			{"household patch", req{Method: "PATCH", Path: fmt.Sprintf("/api/v1/households/%d", id942), Body: map[string]any{"members": 3, "version": 1, "reason": "x"}},
				req{Method: "PATCH", Path: "/api/v1/households/987654", Body: map[string]any{"members": 3, "version": 1, "reason": "x"}}, fmt.Sprint(id942), "987654"},
			{"households of a district", req{Method: "GET", Path: "/api/v1/households?district=942"}, req{Method: "GET", Path: "/api/v1/households?district=999"}, "942", "999"},
			{"unreached of a district", req{Method: "GET", Path: "/api/v1/households/unreached?fund=COVID&district=942"}, req{Method: "GET", Path: "/api/v1/households/unreached?fund=COVID&district=999"}, "942", "999"},
			{"plan rows of a district", req{Method: "GET", Path: fmt.Sprintf("/api/v1/allocation-plans/%v/households?district=942", planID)},
				req{Method: "GET", Path: fmt.Sprintf("/api/v1/allocation-plans/%v/households?district=999", planID)}, "942", "999"},
			{"requests of a district", req{Method: "GET", Path: "/api/v1/allocation-requests?district=942"}, req{Method: "GET", Path: "/api/v1/allocation-requests?district=999"}, "942", "999"},
			{"deliveries of a district", req{Method: "GET", Path: "/api/v1/deliveries?district=942"}, req{Method: "GET", Path: "/api/v1/deliveries?district=999"}, "942", "999"},
			{"request", req{Method: "GET", Path: fmt.Sprintf("/api/v1/allocation-requests/%v", rqID)}, req{Method: "GET", Path: "/api/v1/allocation-requests/987654"},
				fmt.Sprint(rqID), "987654"},
			{"delivery to a household on the plan", deliver(map[string]any{"plan": planID, "deliveries": row(h942)}),
				deliver(map[string]any{"plan": planID, "deliveries": row("KHONG-CO")}), h942, "KHONG-CO"},
			{"delivery against a request", deliver(map[string]any{"request": rqID, "deliveries": row(h941)}),
				deliver(map[string]any{"request": 987654, "deliveries": row(h941)}), fmt.Sprint(rqID), "987654"},
			{"distribution list", req{Method: "GET", Path: fmt.Sprintf("/api/v1/exports/distribution-list.xlsx?plan=%v&district=942", planID)},
				req{Method: "GET", Path: fmt.Sprintf("/api/v1/exports/distribution-list.xlsx?plan=%v&district=999", planID)}, "942", "999"},
			{"stock moved out of a warehouse", req{Method: "POST", Path: "/api/v1/stock/transfers", Key: "auto", Body: map[string]any{"fund": "COVID", "from": "D942", "to": "D941", "item": "RICE", "quantity": "1"}},
				req{Method: "POST", Path: "/api/v1/stock/transfers", Key: "auto", Body: map[string]any{"fund": "COVID", "from": "D999", "to": "D941", "item": "RICE", "quantity": "1"}}, "D942", "D999"},
		}
		// Fairness: the officer's own district in detail, the province
		// only in its overall figures.
		f := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/fairness?plan=%v", planID), Token: officer})
		if ds := f.JSON["districts"].([]any); f.Status != 200 || len(ds) != 1 || ds[0].(map[string]any)["district"] != "941" {
			t.Errorf("fairness for a district officer: %d %s", f.Status, f.Body)
		}
		if all := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/fairness?plan=%v", planID)}); len(all.JSON["districts"].([]any)) != 2 {
			t.Errorf("fairness for the province: %s", all.Body)
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				tc.other.Token, tc.absent.Token = officer, officer
				if tc.other.Method != "GET" && tc.other.Key == "" {
					tc.other.Key, tc.absent.Key = "auto", "auto"
				}
				a, b := ts.do(tc.other), ts.do(tc.absent)
				if a.Status < 400 {
					t.Fatalf("another district's object was served: %d %s", a.Status, a.Body)
				}
				ga, gb := answer(a, tc.otherID), answer(b, tc.absentID)
				if ga != gb {
					t.Errorf("another district's object answers differently from a missing one:\n other:   %s\n missing: %s", ga, gb)
				}
			})
		}
	})
}

var volatile = regexp.MustCompile(`"(request_id|instance)":"[^"]*"`)

// answer is a response with what may differ between two requests blanked:
// the request id, the path and the identifier asked for.
func answer(r response, id string) string {
	s := volatile.ReplaceAllString(string(r.Body), "")
	s = regexp.MustCompile(`\b`+regexp.QuoteMeta(id)+`\b`).ReplaceAllString(s, "‹id›")
	return fmt.Sprintf("%d %s", r.Status, s)
}
