package api

import (
	"context"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/access"
	"reliefledger/households"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// districtOf returns the district dc of a fairness report, or fails.
func districtOf(t *testing.T, r response, dc string) map[string]any {
	t.Helper()
	for _, d := range r.JSON["districts"].([]any) {
		if d := d.(map[string]any); d["district"] == dc {
			return d
		}
	}
	t.Fatalf("no district %s in %s", dc, r.Body)
	return nil
}

// TestFairnessFigures is issue 14, acceptance 6 (fairness): a September
// report counts the deliveries made in September from a July approval as
// late against that approval, with the plan's approved amounts; a plan
// delivered exactly as allocated shows no spread on the entitlement measure
// (Gini 0, max/min 1, every district at the mean); a draft has nothing
// approved and no 0/0 figure; and a household that graduated after its aid
// was eligible when it got it.
func TestFairnessFigures(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		seeded := ts.seedSome(4, "941", "942")
		ts.fundBank("POOR", "100000000", "")
		p := ts.do(req{Method: "POST", Path: "/api/v1/allocation-plans", Key: "auto", Body: budgetPlan("POOR", "8000000", "941", "942")})
		if p.Status != 201 {
			t.Fatalf("plan: %d %s", p.Status, p.Body)
		}
		planID := int64(p.JSON["id"].(float64))
		planned := map[string]string{}
		for _, d := range p.JSON["districts"].([]any) {
			d := d.(map[string]any)
			planned[d["district"].(string)] = d["amount"].(string)
		}
		if a := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/allocation-plans/%d/approve", planID), Key: "auto", Token: ts.userToken(access.Approver, ""), Body: map[string]any{"date": "2021-07-20"}}); a.Status != 201 {
			t.Fatalf("approve: %d %s", a.Status, a.Body)
		}
		packages := map[string]int{}
		deliver := func(district, date string) {
			t.Helper()
			hs, err := ts.srv.Distribution.PlanHouseholds(context.Background(), planID, district, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			var rows []map[string]any
			for _, h := range hs {
				if h.Amount.IsPositive() {
					rows = append(rows, map[string]any{"household": h.Code, "date": date, "handed_over_by": "Trần Văn Tư, MTTQ xã"})
				}
			}
			packages[district] = len(rows)
			if r := ts.do(req{Method: "POST", Path: "/api/v1/deliveries", Key: "auto", Body: map[string]any{"plan": planID, "deliveries": rows}}); r.Status != 201 {
				t.Fatalf("deliver %s: %d %s", district, r.Status, r.Body)
			}
		}
		deliver("941", "2021-07-25")
		deliver("942", "2021-09-05") // 47 days after the approval
		if packages["942"] == 0 || packages["941"] == 0 {
			t.Fatalf("the plan gave no package in a district: %v", packages)
		}

		// September: 942's deliveries are counted against their July
		// approval.
		sept := ts.do(req{Method: "GET", Path: "/api/v1/fairness?fund=POOR&from=2021-09-01&to=2021-09-30"})
		if sept.Status != 200 {
			t.Fatalf("September fairness: %d %s", sept.Status, sept.Body)
		}
		d942 := districtOf(t, sept, "942")
		if d942["late_deliveries"] != float64(packages["942"]) || d942["median_days"] != float64(47) || d942["max_days"] != float64(47) {
			t.Errorf("942 in September: late %v, median %v, max %v days; want %d late, 47 days", d942["late_deliveries"], d942["median_days"], d942["max_days"], packages["942"])
		}
		if d942["approved"] != planned["942"] || d942["entitled"] != planned["942"] || d942["fulfilled"] != planned["942"] || d942["fulfilment"] != "100" {
			t.Errorf("942 in September: approved %v, entitled %v, fulfilled %v, fulfilment %v; the plan gave %s",
				d942["approved"], d942["entitled"], d942["fulfilled"], d942["fulfilment"], planned["942"])
		}
		// 941 got everything in July: the plan approved it, it owed nothing
		// in September, and there is no fulfilment to speak of.
		d941 := districtOf(t, sept, "941")
		if d941["approved"] != planned["941"] || d941["entitled"] != "0" || d941["fulfilment"] != nil || d941["relative_to_mean"] != nil || d941["received"] != "0" {
			t.Errorf("941 in September: %v", d941)
		}
		if o := sept.JSON["overall"].(map[string]any); o["fulfilment"] != "100" || o["gini"] != "0" {
			t.Errorf("September overall: %v", o)
		}

		// The whole plan, delivered exactly as allocated: no spread on the
		// entitlement measure, though poor and near-poor packages differ.
		whole := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/fairness?plan=%d", planID)})
		o := whole.JSON["overall"].(map[string]any)
		if o["gini"] != "0" || o["max_min_ratio"] != "1" || o["fulfilment"] != "100" || len(o["flagged_districts"].([]any)) != 0 {
			t.Errorf("plan delivered as allocated: %v", o)
		}
		for _, d := range whole.JSON["districts"].([]any) {
			if d := d.(map[string]any); d["relative_to_mean"] != "1" || d["fulfilment"] != "100" || d["flagged"] != false {
				t.Errorf("district %v of a plan delivered as allocated: %v", d["district"], d)
			}
		}
		cats := map[households.Category]bool{}
		for _, h := range seeded {
			cats[h.Category] = true
		}
		if g, _ := o["gini_of_amounts"].(string); len(cats) == 2 && (g == "" || g == "0") {
			t.Errorf("poor and near-poor packages differ, yet the Gini of amounts is %v", o["gini_of_amounts"])
		}

		// A draft: nothing approved, nothing owed, no figure made of 0/0.
		dr := ts.do(req{Method: "POST", Path: "/api/v1/allocation-plans", Key: "auto", Body: budgetPlan("POOR", "1000000", "941")})
		if dr.Status != 201 || dr.JSON["status"] != "draft" {
			t.Fatalf("draft: %d %s", dr.Status, dr.Body)
		}
		draft := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/fairness?plan=%v", dr.JSON["id"])})
		for _, d := range draft.JSON["districts"].([]any) {
			if d := d.(map[string]any); d["approved"] != "0" || d["entitled"] != "0" || d["relative_to_mean"] != nil {
				t.Errorf("district %v of a draft: %v", d["district"], d)
			}
		}
		if o := draft.JSON["overall"].(map[string]any); o["gini"] != nil || o["fulfilment"] != nil || o["max_min_ratio"] != nil || o["eligible_total"] == float64(0) {
			t.Errorf("draft overall: %v", o)
		}

		// A household of 941 graduates today, long after its July aid: in
		// July it was eligible, not an inclusion error; today it is not on
		// the list of those still to reach.
		var grad households.Household
		for _, h := range seeded {
			if h.District == "941" {
				grad = h
				break
			}
		}
		stored, err := ts.srv.Households.ByCodes(context.Background(), []string{grad.Code})
		if err != nil {
			t.Fatal(err)
		}
		if r := ts.do(req{Method: "PATCH", Path: fmt.Sprintf("/api/v1/households/%d", stored[grad.Code].ID), Body: map[string]any{"status": "graduated", "reason": "Thoát nghèo 2022"}}); r.Status != 200 {
			t.Fatalf("graduate: %d %s", r.Status, r.Body)
		}
		july := ts.do(req{Method: "GET", Path: "/api/v1/fairness?fund=POOR&from=2021-07-01&to=2021-07-31"})
		j941 := districtOf(t, july, "941")
		if j941["inclusion_errors"] != float64(0) || j941["eligible_total"] != float64(4) {
			t.Errorf("941 in July after a later graduation: %v", j941)
		}
		later := ts.do(req{Method: "GET", Path: "/api/v1/fairness?fund=POOR&from=2021-10-01"})
		if l941 := districtOf(t, later, "941"); l941["eligible_total"] != float64(3) {
			t.Errorf("941 from October, judged today: eligible %v, want 3 (one graduated)", l941["eligible_total"])
		}
	})
}

// TestPublicFiguresAddUp is issue 14, acceptance 6 (public): the funds'
// opening + received − distributed + payable is what they hold, and the
// public use shows rice issued to a checkpoint (a reversed issue takes its
// count and quantity back).
func TestPublicFiguresAddUp(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		open := entry("Số dư đầu kỳ", posting("POOR:1120", "5000000"), posting("POOR:3100", "-5000000"))
		open["date"] = "2021-07-01"
		if r := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: open}); r.Status != 201 {
			t.Fatalf("opening balance: %d %s", r.Status, r.Body)
		}
		ts.fundBank("COVID", "50000000", "")
		ts.receiveGoods("COVID", "PROV", "2021-07-18", goodsLine("RICE", "300", "12345"))
		issue := func(qty, recipient string) response {
			t.Helper()
			r := ts.do(req{Method: "POST", Path: "/api/v1/stock/issues", Key: "auto", Body: map[string]any{
				"fund": "COVID", "warehouse": "PROV", "item": "RICE", "quantity": qty, "unit": "kg", "date": "2021-07-22", "recipient": recipient, "purpose": "Hỗ trợ lực lượng trực chốt"}})
			if r.Status != 201 {
				t.Fatalf("issue: %d %s", r.Status, r.Body)
			}
			return r
		}
		issue("100", "Chốt kiểm soát cầu Mỹ Thanh")
		wrong := issue("10", "Chốt kiểm soát số 2")
		if r := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/journal/%v/reverse", wrong.JSON["id"]), Key: "auto",
			Body: map[string]any{"reason": "Ghi nhầm chốt", "date": "2021-07-23"}}); r.Status != 201 {
			t.Fatalf("reverse the issue: %d %s", r.Status, r.Body)
		}

		funds := ts.do(req{Method: "GET", Path: "/api/v1/public/funds", Token: "-"})
		byCode := map[string]map[string]any{}
		for _, f := range funds.JSON["data"].([]any) {
			f := f.(map[string]any)
			byCode[f["code"].(string)] = f
			sum := num(f["opening"]).Add(num(f["received"])).Sub(num(f["distributed"])).Add(num(f["payable"]))
			if !sum.Equal(num(f["on_hand"])) {
				t.Errorf("fund %v: opening %v + received %v − distributed %v + payable %v ≠ on hand %v",
					f["code"], f["opening"], f["received"], f["distributed"], f["payable"], f["on_hand"])
			}
		}
		if p := byCode["POOR"]; p["opening"] != "5000000" || p["on_hand"] != "5000000" {
			t.Errorf("POOR: %v", p)
		}
		c := byCode["COVID"]
		if c["received"] != decimal.NewFromInt(50000000+300*12345).String() || num(c["distributed"]).Sign() <= 0 {
			t.Errorf("COVID: %v", c)
		}

		use := ts.do(req{Method: "GET", Path: "/api/v1/public/use?fund=COVID", Token: "-"})
		var prov map[string]any
		for _, u := range use.JSON["data"].([]any) {
			if u := u.(map[string]any); u["district"] == "" {
				prov = u
			}
		}
		if prov == nil {
			t.Fatalf("public use shows no aid from the province's warehouse: %s", use.Body)
		}
		toOrgs := prov["goods_to_organisations"].(map[string]any)
		if prov["organisations"] != float64(1) || toOrgs["RICE"] != "100" || prov["goods"].(map[string]any)["RICE"] != "100" {
			t.Errorf("rice to the checkpoint: %v", prov)
		}
		// The only aid of COVID is that rice: its value is what was
		// distributed.
		if prov["goods_to_organisations_value"] != c["distributed"] {
			t.Errorf("value of the rice to organisations %v, COVID distributed %v", prov["goods_to_organisations_value"], c["distributed"])
		}
	})
}
