package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/access"
	"reliefledger/distribution"
	"reliefledger/goods"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestPlanApprovedInPart is issue 16's "an approver approves a plan in
// part": the approver leaves a district out with a reason; the entry
// allocates the other districts' amounts only, the district's households
// leave the plan (no delivery to them, not unreached), the plan says what
// was left out and why, recomputes as drafted, and a retry replays.
func TestPlanApprovedInPart(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ctx := context.Background()
		seeded := ts.seedSome(10, "941", "942", "943")
		ts.fundBank("POOR", "100000000", "")
		r := ts.do(req{Method: "POST", Path: "/api/v1/allocation-plans", Key: "auto", Body: budgetPlan("POOR", "10000000")})
		if r.Status != 201 {
			t.Fatalf("draft: %d %s", r.Status, r.Body)
		}
		planID := int64(r.JSON["id"].(float64))
		draft := map[string]decimal.Decimal{}
		for _, d := range r.JSON["districts"].([]any) {
			d := d.(map[string]any)
			draft[d["district"].(string)] = num(d["amount"])
		}
		if len(draft) != 3 || !draft["942"].IsPositive() {
			t.Fatalf("the draft's districts: %v", draft)
		}
		households942, err := ts.srv.Distribution.PlanHouseholds(ctx, planID, "942", 0, 0)
		if err != nil || len(households942) == 0 {
			t.Fatalf("942's households in the draft: %d, %v", len(households942), err)
		}
		bank := num(ts.balance(ts.accountID("POOR:1120")))
		approver := ts.userToken(access.Approver, "")
		approve := fmt.Sprintf("/api/v1/allocation-plans/%d/approve", planID)

		// Refusals name their fields and record nothing.
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
			says  string
		}{
			{"unknown district", map[string]any{"exclude_districts": []string{"999"}, "reason": "x"}, "exclude_districts[0]", "no district"},
			{"not in the plan", map[string]any{"exclude_districts": []string{"944"}, "reason": "x"}, "exclude_districts[0]", "not in plan"},
			{"every district", map[string]any{"exclude_districts": []string{"941", "942", "943"}, "reason": "x"}, "exclude_districts", "every district"},
			{"no reason", map[string]any{"exclude_districts": []string{"942"}, "reason": "  "}, "reason", "required"},
		} {
			a := ts.do(req{Method: "POST", Path: approve, Key: "auto", Token: approver, Body: c.body})
			p := a.problem()
			if a.Status != 400 || len(p.Errors) != 1 || p.Errors[0].Field != c.field || !strings.Contains(p.Errors[0].Message, c.says) {
				t.Errorf("%s: %d %s", c.name, a.Status, a.Body)
			}
		}
		if entries := ts.do(req{Method: "GET", Path: "/api/v1/journal?kind=allocation"}).JSON["data"].([]any); len(entries) != 0 {
			t.Fatalf("refused approvals recorded %d entries", len(entries))
		}

		// Approved without 942.
		const reason = "Huyện Mỹ Tú đã được tỉnh hỗ trợ từ nguồn ngân sách"
		body := map[string]any{"date": "2021-07-20", "exclude_districts": []string{"942"}, "reason": reason}
		a := ts.do(req{Method: "POST", Path: approve, Key: "partial-1", Token: approver, Body: body})
		if a.Status != 201 || a.JSON["status"] != "approved" || a.JSON["approval_reason"] != reason {
			t.Fatalf("approve in part: %d %s", a.Status, a.Body)
		}
		approvedTotal := draft["941"].Add(draft["943"])
		if !num(a.JSON["total"]).Equal(approvedTotal) {
			t.Errorf("the approved total %v, want 941's and 943's %s", a.JSON["total"], approvedTotal)
		}
		ex := a.JSON["excluded"].([]any)
		if len(ex) != 1 || ex[0].(map[string]any)["district"] != "942" || !num(ex[0].(map[string]any)["amount"]).Equal(draft["942"]) {
			t.Errorf("excluded: %v", ex)
		}
		for _, d := range a.JSON["districts"].([]any) {
			if d.(map[string]any)["district"] == "942" {
				t.Error("942 is still among the plan's districts")
			}
		}
		if got := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/allocation-plans/%d", planID)}); got.JSON["approval_reason"] != reason || len(got.JSON["excluded"].([]any)) != 1 {
			t.Errorf("the plan read again: %s", got.Body)
		}
		// The entry: 941's and 943's amounts from the bank, nothing to 942.
		entries := ts.do(req{Method: "GET", Path: "/api/v1/journal?kind=allocation"}).JSON["data"].([]any)
		if len(entries) != 1 {
			t.Fatalf("%d allocation entries, want 1", len(entries))
		}
		for _, d := range []string{"941", "943"} {
			if b := num(ts.balance(ts.accountID("POOR:1310.D" + d))); !b.Equal(draft[d]) {
				t.Errorf("outstanding of %s: %s, want %s", d, b, draft[d])
			}
		}
		if b := num(ts.balance(ts.accountID("POOR:1120"))); !bank.Sub(b).Equal(approvedTotal) {
			t.Errorf("the bank paid %s, want %s", bank.Sub(b), approvedTotal)
		}
		accs := ts.do(req{Method: "GET", Path: "/api/v1/accounts?fund=POOR&limit=500"})
		if strings.Contains(string(accs.Body), `"1310.D942"`) {
			t.Error("an outstanding allocation was opened for the excluded district")
		}
		// The plan's households: 942's are gone; the stored count agrees.
		if hs, err := ts.srv.Distribution.PlanHouseholds(ctx, planID, "942", 0, 0); err != nil || len(hs) != 0 {
			t.Errorf("942's households after the approval: %d, %v", len(hs), err)
		}
		p, err := ts.srv.Distribution.Plan(ctx, planID)
		if err != nil {
			t.Fatal(err)
		}
		all, err := ts.srv.Distribution.PlanHouseholds(ctx, planID, "", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		withPackage, sum := 0, decimal.Zero
		for _, h := range all {
			if h.Amount.IsPositive() {
				withPackage++
				sum = sum.Add(h.Amount)
			}
		}
		if p.Households != withPackage || !sum.Equal(p.Total) || len(p.Result.Excluded) != 1 || len(p.Result.Excluded[0].Claimants) != len(households942) {
			t.Errorf("stored plan: %d households (rows say %d), total %s (rows say %s), excluded %+v", p.Households, withPackage, p.Total, sum, p.Result.Excluded)
		}
		// Recomputed as drafted, 942 included: the same.
		if rc := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/allocation-plans/%d/recompute", planID)}); rc.JSON["same"] != true {
			t.Errorf("recompute: %s", rc.Body)
		}

		// The distribution list names the plan as approved in part.
		wb := ts.workbook(fmt.Sprintf("/api/v1/exports/distribution-list.xlsx?plan=%d&district=941", planID), "")
		found := false
		for _, sh := range wb.GetSheetList() {
			rows, _ := wb.GetRows(sh)
			for _, c := range flatten(rows) {
				found = found || strings.Contains(c, "không gồm huyện 942 (lý do: "+reason+")")
			}
		}
		if !found {
			t.Error("the distribution list does not say the plan was approved in part")
		}

		// The retry replays; the same key with another body is refused.
		again := ts.do(req{Method: "POST", Path: approve, Key: "partial-1", Token: approver, Body: body})
		if again.Status != 200 || again.JSON["entry_id"] != a.JSON["entry_id"] || again.JSON["approval_reason"] != reason {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		if other := ts.do(req{Method: "POST", Path: approve, Key: "partial-1", Token: approver, Body: map[string]any{"date": "2021-07-20"}}); other.Status != 409 {
			t.Errorf("same key, other body: %d %s", other.Status, other.Body)
		}

		// A household of 942 is not on the plan any more.
		var code942 string
		for _, h := range seeded {
			if h.District == "942" {
				code942 = h.Code
				break
			}
		}
		del := ts.do(req{Method: "POST", Path: "/api/v1/deliveries", Key: "auto", Body: map[string]any{"plan": planID,
			"deliveries": []map[string]any{{"household": code942, "date": "2021-07-22", "handed_over_by": "Trần Văn Tư", "proof": "DS-02"}}}})
		if del.Status != 400 || !strings.Contains(string(del.Body), "not on plan") {
			t.Errorf("delivery to an excluded district's household: %d %s", del.Status, del.Body)
		}
		// Unreached and fairness see the approved districts only; delivered
		// to all of them, the plan is fully covered and nothing is owed.
		rows := ts.deliveriesFor(planID, "2021-07-22")
		unreached := fmt.Sprintf("/api/v1/households/unreached?plan=%d&limit=500", planID)
		if u := ts.do(req{Method: "GET", Path: unreached}); len(u.JSON["data"].([]any)) != len(rows) || strings.Contains(string(u.Body), code942) {
			t.Errorf("unreached before any delivery: %d, want %d", len(u.JSON["data"].([]any)), len(rows))
		}
		if d := ts.do(req{Method: "POST", Path: "/api/v1/deliveries", Key: "auto", Body: map[string]any{"plan": planID, "deliveries": rows}}); d.Status != 201 {
			t.Fatalf("deliveries: %d %s", d.Status, d.Body)
		}
		f := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/fairness?plan=%d", planID)})
		for _, d := range f.JSON["districts"].([]any) {
			if d.(map[string]any)["district"] == "942" {
				t.Errorf("fairness lists the excluded district: %v", d)
			}
		}
		ts.mustFullCoverage(fmt.Sprintf("plan=%d", planID))
		ts.mustOutstandingZero("POOR")
		ts.mustTrialBalanceZero("POOR")
		ts.mustVerifyClean()
		if p.Status != distribution.Approved {
			t.Errorf("status %s", p.Status)
		}
	})
}

// TestGoodsPlanApprovedInPart: a rice plan by rates approved without 942
// takes only 941's kilograms out of the warehouse (at their average cost),
// recomputes as drafted, and is delivered in full to 941.
func TestGoodsPlanApprovedInPart(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ctx := context.Background()
		ts.seedSome(5, "941", "942")
		ts.receiveGoods("COVID", "PROV", "2021-07-18", goodsLine("RICE", "300", "12345"))
		p := ts.do(req{Method: "POST", Path: "/api/v1/allocation-plans", Key: "auto", Body: map[string]any{"fund": "COVID", "title": "Gạo", "item": "RICE",
			"method": "rates", "rates": map[string]string{"poor": "10", "near_poor": "5.5"}, "districts": []string{"941", "942"}}})
		if p.Status != 201 {
			t.Fatalf("rice plan: %d %s", p.Status, p.Body)
		}
		planID := int64(p.JSON["id"].(float64))
		kg := map[string]decimal.Decimal{}
		for _, d := range p.JSON["districts"].([]any) {
			kg[d.(map[string]any)["district"].(string)] = num(d.(map[string]any)["amount"])
		}
		approver := ts.userToken(access.Approver, "")
		a := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/allocation-plans/%d/approve", planID), Key: "auto", Token: approver,
			Body: map[string]any{"date": "2021-07-20", "exclude_districts": []string{"942"}, "reason": "Mỹ Tú nhận gạo của tỉnh"}})
		if a.Status != 201 || !num(a.JSON["total"]).Equal(kg["941"]) || len(a.JSON["excluded"].([]any)) != 1 {
			t.Fatalf("approve rice in part: %d %s", a.Status, a.Body)
		}
		rows, err := ts.srv.Goods.Stock(ctx, goods.StockFilter{Fund: "COVID", Item: "RICE", Warehouse: "PROV"}, ledger.Date{})
		if err != nil || len(rows) != 1 || !rows[0].Quantity.Equal(decimal.NewFromInt(300).Sub(kg["941"])) {
			t.Errorf("the warehouse after the approval: %+v, %v; want 300 − %s kg", rows, err, kg["941"])
		}
		if rc := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/allocation-plans/%d/recompute", planID)}); rc.JSON["same"] != true {
			t.Errorf("recompute: %s", rc.Body)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/deliveries", Key: "auto", Body: map[string]any{"plan": planID, "deliveries": ts.deliveriesFor(planID, "2021-07-21")}}); r.Status != 201 {
			t.Fatalf("deliver rice: %d %s", r.Status, r.Body)
		}
		ts.mustOutstandingZero("COVID")
		ts.mustTrialBalanceZero("COVID")
		ts.mustVerifyClean()
	})
}
