package api

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// fieldsOf lists the fields a problem names.
func fieldsOf(p Problem) map[string]string {
	out := map[string]string{}
	for _, f := range p.Errors {
		out[f.Field] = f.Message
	}
	return out
}

// TestRulesByDate is issue 17, acceptance 2: two dates on either side of
// 11 December 2021 answer different rule sets, each parameter with its
// legal source or marked unknown.
func TestRulesByDate(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		clerk := ts.userToken(access.DistrictOfficer, "941")
		for _, tc := range []struct{ date, code, number string }{
			{"2021-08-01", "ND-64-2008", "64/2008/NĐ-CP"},
			{"2021-12-10", "ND-64-2008", "64/2008/NĐ-CP"},
			{"2021-12-11", "ND-93-2021", "93/2021/NĐ-CP"},
			{"2022-01-01", "ND-93-2021", "93/2021/NĐ-CP"},
		} {
			r := ts.do(req{Method: "GET", Path: "/api/v1/rules?date=" + tc.date, Token: clerk})
			if r.Status != 200 || r.JSON["code"] != tc.code || r.JSON["number"] != tc.number {
				t.Fatalf("rules on %s: %d %s", tc.date, r.Status, r.Body)
			}
			ps := r.JSON["parameters"].([]any)
			if len(ps) != 5 {
				t.Errorf("%s: %d parameters, want 5", tc.date, len(ps))
			}
			for _, p := range ps {
				p := p.(map[string]any)
				src := p["source"].(map[string]any)
				switch {
				case src["document"] != tc.number:
					t.Errorf("%s %s: source document %v", tc.date, p["key"], src["document"])
				case p["known"] == true && (src["quote"] == "" || (src["article"] == "" || src["clause"] == "") && src["secondary"] == nil):
					t.Errorf("%s %s is known without its quoted words and their clause or published summary: %v", tc.date, p["key"], p)
				case p["known"] == false && p["value"] != "unknown":
					t.Errorf("%s %s is unknown but has the value %v", tc.date, p["key"], p["value"])
				}
			}
		}
		if to := ts.do(req{Method: "GET", Path: "/api/v1/rules?date=2021-08-01"}).JSON["effective_to"]; to != "2021-12-10" {
			t.Errorf("Decree 64 in force until %v, want 2021-12-10", to)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/rules"}); r.Status != 200 || r.JSON["code"] != "ND-93-2021" || r.JSON["effective_to"] != nil {
			t.Errorf("rules today: %d %s", r.Status, r.Body)
		}
		r := ts.do(req{Method: "GET", Path: "/api/v1/rules?date=2021-13-01"})
		if r.Status != 400 || fieldsOf(r.problem())["date"] == "" {
			t.Errorf("bad date: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/rules?date=2001-01-01"}); r.Status != 404 {
			t.Errorf("before any rule set: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/rule-sets"}); r.Status != 200 || len(r.JSON["data"].([]any)) != 2 {
			t.Errorf("rule sets: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/rules", Token: "-"}); r.Status != 401 {
			t.Errorf("rules without a token: %d", r.Status)
		}
	})
}

func covidCampaign() map[string]any {
	return map[string]any{"code": "COVID-2021", "fund": "COVID", "name": "Vận động ủng hộ phòng, chống Covid-19 năm 2021",
		"mobilise_from": "2021-07-01", "mobilise_to": "2021-09-30", "target_amount": "5000000000"}
}

func TestCampaigns(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		// Received during the appeal: the July donation counts, the October
		// one does not.
		for _, d := range []map[string]any{donation("COVID", "bank", "150000000", "2021-07-15"), donation("COVID", "cash", "2000000", "2021-09-30"),
			donation("COVID", "bank", "70000000", "2021-10-05"), donation("POOR", "bank", "9000000", "2021-08-01")} {
			if r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: d}); r.Status != 201 {
				t.Fatalf("donation: %d %s", r.Status, r.Body)
			}
		}
		r := ts.do(req{Method: "POST", Path: "/api/v1/campaigns", Key: "camp-1", Body: covidCampaign()})
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		id := r.JSON["id"].(float64)
		dl := r.JSON["delivery_deadline"].(map[string]any)
		if r.JSON["rule_set"] != "ND-64-2008" || r.JSON["received"] != "152000000" || r.JSON["target_amount"] != "5000000000" ||
			dl["known"] != false || dl["value"] != "unknown" || dl["due_by"] != nil || dl["rule_set"] != "ND-64-2008" {
			t.Errorf("campaign: %s", r.Body)
		}
		// The same key and body: the same campaign, not a second one.
		again := ts.do(req{Method: "POST", Path: "/api/v1/campaigns", Key: "camp-1", Body: covidCampaign()})
		if again.Status != 200 || again.JSON["id"] != id || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/campaigns", Key: "camp-2", Body: covidCampaign()}); r.Status != 409 || !strings.Contains(r.problem().Detail, "COVID-2021") {
			t.Errorf("duplicate code: %d %s", r.Status, r.Body)
		}
		// Named explicitly, a rule set need not be the one in force.
		named := covidCampaign()
		named["code"], named["rule_set"] = "COVID-2021-B", "ND-93-2021"
		delete(named, "target_amount")
		// Decree 93 allows receiving until 90 days from the launch: 30 September is 91 days after 1 July.
		if r := ts.do(req{Method: "POST", Path: "/api/v1/campaigns", Key: "auto", Body: named}); r.Status != 400 ||
			!strings.Contains(fieldsOf(r.problem())["mobilise_to"], "2021-09-29") {
			t.Errorf("a receiving period longer than Decree 93's: %d %s", r.Status, r.Body)
		}
		named["mobilise_to"] = "2021-09-29"
		if r := ts.do(req{Method: "POST", Path: "/api/v1/campaigns", Key: "auto", Token: ts.userToken(access.FundOfficer, ""), Body: named}); r.Status != 201 ||
			r.JSON["rule_set"] != "ND-93-2021" || r.JSON["target_amount"] != nil {
			t.Errorf("named rule set, by a fund officer: %d %s", r.Status, r.Body)
		}

		bad := map[string]any{"code": "covid 2021", "fund": "NOPE", "name": " ", "mobilise_from": "2021-09-01", "mobilise_to": "2021-08-01",
			"target_amount": "-5", "rule_set": "ND-1-1999"}
		r = ts.do(req{Method: "POST", Path: "/api/v1/campaigns", Key: "auto", Body: bad})
		fs := fieldsOf(r.problem())
		for _, f := range []string{"code", "fund", "name", "mobilise_to", "target_amount", "rule_set"} {
			if fs[f] == "" {
				t.Errorf("bad campaign: no error for %s: %d %s", f, r.Status, r.Body)
			}
		}
		old := covidCampaign()
		old["code"], old["mobilise_from"] = "OLD-2005", "2005-01-01"
		if r := ts.do(req{Method: "POST", Path: "/api/v1/campaigns", Key: "auto", Body: old}); r.Status != 400 || fieldsOf(r.problem())["rule_set"] == "" {
			t.Errorf("no rule set in force: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/campaigns", Key: "auto", Body: map[string]any{"code": "X-1"}}); r.Status != 400 ||
			fieldsOf(r.problem())["mobilise_from"] == "" || fieldsOf(r.problem())["mobilise_to"] == "" {
			t.Errorf("missing dates: %d %s", r.Status, r.Body)
		}

		// A district officer reads campaigns but does not create them.
		district := ts.userToken(access.DistrictOfficer, "941")
		other := covidCampaign()
		other["code"] = "COVID-2021-C"
		if r := ts.do(req{Method: "POST", Path: "/api/v1/campaigns", Key: "auto", Token: district, Body: other}); r.Status != 403 {
			t.Errorf("district officer creates: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/campaigns/COVID-2021", Token: district}); r.Status != 200 || r.JSON["id"] != id {
			t.Errorf("get by code: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/campaigns/%.0f", id)}); r.Status != 200 || r.JSON["code"] != "COVID-2021" {
			t.Errorf("get by id: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/campaigns/NOPE-1"}); r.Status != 404 {
			t.Errorf("missing campaign: %d %s", r.Status, r.Body)
		}
		first := ts.do(req{Method: "GET", Path: "/api/v1/campaigns?fund=COVID&limit=1", Token: district})
		if first.Status != 200 || len(first.JSON["data"].([]any)) != 1 || first.JSON["next_cursor"] == nil {
			t.Fatalf("first page: %d %s", first.Status, first.Body)
		}
		next := ts.do(req{Method: "GET", Path: "/api/v1/campaigns?fund=COVID&limit=1&cursor=" + url.QueryEscape(first.JSON["next_cursor"].(string))})
		if d := next.JSON["data"].([]any); len(d) != 1 || d[0].(map[string]any)["code"] != "COVID-2021-B" || next.JSON["next_cursor"] != nil {
			t.Errorf("second page: %s", next.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/campaigns?fund=POOR"}); len(r.JSON["data"].([]any)) != 0 {
			t.Errorf("POOR has no campaign: %s", r.Body)
		}
		// The create is in the audit log once, with what it created.
		log := ts.do(req{Method: "GET", Path: "/api/v1/audit?route=/api/v1/campaigns"}).JSON["data"].([]any)
		created := 0
		for _, a := range log {
			if a := a.(map[string]any); a["method"] == "POST" && a["status"] == float64(201) && a["target"] == fmt.Sprintf("campaign:%.0f", id) {
				created++
			}
		}
		if created != 1 {
			t.Errorf("%d audit records of the create, want 1: %v", created, log)
		}
	})
}

// TestFairnessByCampaign: a 2021 campaign's fairness report counts late
// deliveries by the 2021 rule set (Decree 64/2008, whose deadline is
// unknown: not computed), not by deadline_days, and says so.
func TestFairnessByCampaign(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.seedSome(5, "941", "942")
		ts.fundBank("POOR", "100000000", "")
		r := ts.do(req{Method: "POST", Path: "/api/v1/allocation-plans", Key: "auto", Body: budgetPlan("POOR", "10000000")})
		if r.Status != 201 {
			t.Fatalf("plan: %d %s", r.Status, r.Body)
		}
		planID := int64(r.JSON["id"].(float64))
		approve := fmt.Sprintf("/api/v1/allocation-plans/%d/approve", planID)
		if r := ts.do(req{Method: "POST", Path: approve, Key: "auto", Token: ts.userToken(access.Approver, ""), Body: map[string]any{"date": "2021-07-20"}}); r.Status != 201 {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/deliveries", Key: "auto", Body: map[string]any{"plan": planID, "deliveries": ts.deliveriesFor(planID, "2021-07-25")}}); r.Status != 201 {
			t.Fatalf("deliveries: %d %s", r.Status, r.Body)
		}
		camp := map[string]any{"code": "POOR-2021", "fund": "POOR", "name": "Vận động Quỹ Vì người nghèo năm 2021", "mobilise_from": "2021-07-01", "mobilise_to": "2021-07-15"}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/campaigns", Key: "auto", Body: camp}); r.Status != 201 {
			t.Fatalf("campaign: %d %s", r.Status, r.Body)
		}
		late := func(body map[string]any) int {
			n := 0
			for _, d := range body["districts"].([]any) {
				n += int(d.(map[string]any)["late_deliveries"].(float64))
			}
			return n
		}
		// With a caller's deadline of 1 day, the deliveries 5 days after the
		// approval are late.
		byDays := ts.do(req{Method: "GET", Path: "/api/v1/fairness?fund=POOR&deadline_days=1"})
		if byDays.Status != 200 || late(byDays.JSON) == 0 || byDays.JSON["deadline"] != nil ||
			!strings.Contains(byDays.JSON["definitions"].(map[string]any)["late_deliveries"].(string), "a figure the caller chose") {
			t.Fatalf("fairness by deadline_days: %d %s", byDays.Status, byDays.Body)
		}
		district := ts.userToken(access.DistrictOfficer, "941")
		f := ts.do(req{Method: "GET", Path: "/api/v1/fairness?campaign=POOR-2021&deadline_days=1", Token: district})
		if f.Status != 200 {
			t.Fatalf("fairness of the campaign: %d %s", f.Status, f.Body)
		}
		dl, _ := f.JSON["deadline"].(map[string]any)
		if f.JSON["campaign"] != "POOR-2021" || f.JSON["rule_set"] != "ND-64-2008" || dl == nil || dl["known"] != false || dl["due_by"] != nil ||
			!strings.Contains(dl["rule"].(string), "64/2008/NĐ-CP") {
			t.Errorf("the campaign's report does not name its rule set and deadline: %s", f.Body)
		}
		if late(f.JSON) != 0 || !strings.Contains(f.JSON["definitions"].(map[string]any)["late_deliveries"].(string), "Not computed") {
			t.Errorf("late deliveries under an unknown deadline: %d, %v", late(f.JSON), f.JSON["definitions"].(map[string]any)["late_deliveries"])
		}
		if got, want := f.JSON["overall"].(map[string]any)["received"], byDays.JSON["overall"].(map[string]any)["received"]; got != want {
			t.Errorf("the campaign's period from 2021-07-01 received %v, the fund's %v", got, want)
		}
		// The unreached list takes the campaign's fund and period too.
		byFund := ts.do(req{Method: "GET", Path: "/api/v1/households/unreached?fund=POOR&from=2021-07-01&limit=500"})
		byCampaign := ts.do(req{Method: "GET", Path: "/api/v1/households/unreached?campaign=POOR-2021&limit=500"})
		if byCampaign.Status != 200 || string(byCampaign.Body) != string(byFund.Body) {
			t.Errorf("unreached of the campaign: %d %s; of its fund and period: %s", byCampaign.Status, byCampaign.Body, byFund.Body)
		}
		// A campaign under Decree 93 (named: an appeal may state the rule set
		// it follows) counts deliveries after its due date as late: receiving
		// ended 2021-07-02, due 2021-07-22, delivered 2021-07-25.
		camp93 := map[string]any{"code": "POOR-2021-B", "fund": "POOR", "name": "Đợt hai", "mobilise_from": "2021-07-01", "mobilise_to": "2021-07-02", "rule_set": "ND-93-2021"}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/campaigns", Key: "auto", Body: camp93}); r.Status != 201 {
			t.Fatalf("campaign under Decree 93: %d %s", r.Status, r.Body)
		}
		f93 := ts.do(req{Method: "GET", Path: "/api/v1/fairness?campaign=POOR-2021-B"})
		dl93, _ := f93.JSON["deadline"].(map[string]any)
		if f93.Status != 200 || dl93 == nil || dl93["known"] != true || dl93["due_by"] != "2021-07-22" || late(f93.JSON) == 0 {
			t.Errorf("fairness under Decree 93's deadline: %d %s", f93.Status, f93.Body)
		}
		// The deliveries of a campaign are each judged by its rule set's
		// deadline: all late under Decree 93's, none marked under Decree 64's.
		d93 := ts.do(req{Method: "GET", Path: "/api/v1/deliveries?campaign=POOR-2021-B&limit=500"})
		if d93.Status != 200 || d93.JSON["rule_set"] != "ND-93-2021" || len(d93.JSON["data"].([]any)) == 0 {
			t.Fatalf("deliveries of a campaign: %d %s", d93.Status, d93.Body)
		}
		for _, d := range d93.JSON["data"].([]any) {
			if d.(map[string]any)["late"] != true {
				t.Errorf("delivery of 2021-07-25 under a due date of 2021-07-22 not late: %v", d)
			}
		}
		d64 := ts.do(req{Method: "GET", Path: "/api/v1/deliveries?campaign=POOR-2021&limit=500", Token: district})
		if d64.Status != 200 || d64.JSON["rule_set"] != "ND-64-2008" || d64.JSON["deadline"].(map[string]any)["known"] != false || len(d64.JSON["data"].([]any)) == 0 {
			t.Fatalf("deliveries of a 2021 campaign: %d %s", d64.Status, d64.Body)
		}
		for _, d := range d64.JSON["data"].([]any) {
			if late, ok := d.(map[string]any)["late"]; ok {
				t.Errorf("a delivery judged late (%v) under an unknown deadline", late)
			}
			if d.(map[string]any)["district"] != "941" {
				t.Errorf("a district officer sees another district's delivery: %v", d)
			}
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/deliveries?campaign=NOPE-1"}); r.Status != 400 || fieldsOf(r.problem())["campaign"] == "" {
			t.Errorf("deliveries of an unknown campaign: %d %s", r.Status, r.Body)
		}
		// The summary report takes the campaign's fund, period and deadline.
		deliveries := func(body map[string]any) (count float64, late any) {
			d := body["total"].(map[string]any)["deliveries"].(map[string]any)
			return d["count"].(float64), d["late"]
		}
		s93 := ts.do(req{Method: "GET", Path: "/api/v1/reports/summary?campaign=POOR-2021-B"})
		if s93.Status != 200 {
			t.Fatalf("summary of a campaign: %d %s", s93.Status, s93.Body)
		}
		if n, l := deliveries(s93.JSON); s93.JSON["campaign"] != "POOR-2021-B" || s93.JSON["rule_set"] != "ND-93-2021" || s93.JSON["from"] != "2021-07-01" ||
			n == 0 || l != n || s93.JSON["deadline"].(map[string]any)["due_by"] != "2021-07-22" {
			t.Errorf("summary under Decree 93: every delivery of 2021-07-25 is late: %s", s93.Body)
		}
		s64 := ts.do(req{Method: "GET", Path: "/api/v1/reports/summary?campaign=POOR-2021", Token: district})
		if n, l := deliveries(s64.JSON); s64.Status != 200 || n == 0 || l != nil || s64.JSON["deadline"].(map[string]any)["known"] != false {
			t.Errorf("summary under Decree 64: late is unknown (null): %d %s", s64.Status, s64.Body)
		}
		if x := ts.do(req{Method: "GET", Path: "/api/v1/exports/summary.xlsx?campaign=POOR-2021-B"}); x.Status != 200 {
			t.Errorf("summary workbook of a campaign: %d %s", x.Status, x.Body)
		}
		for _, q := range []string{"campaign=NOPE-1", "campaign=POOR-2021&fund=COVID", "campaign=POOR-2021&deadline_days=3"} {
			if r := ts.do(req{Method: "GET", Path: "/api/v1/reports/summary?" + q}); r.Status != 400 {
				t.Errorf("summary %s: %d %s", q, r.Status, r.Body)
			}
		}
		for _, tc := range []struct{ query, field string }{
			{"campaign=NOPE-1", "campaign"},
			{"campaign=POOR-2021&fund=COVID", "fund"},
			{fmt.Sprintf("campaign=POOR-2021&plan=%d", planID), "campaign"},
		} {
			if r := ts.do(req{Method: "GET", Path: "/api/v1/fairness?" + tc.query}); r.Status != 400 || fieldsOf(r.problem())[tc.field] == "" {
				t.Errorf("%s: %d %s", tc.query, r.Status, r.Body)
			}
		}
	})
}
