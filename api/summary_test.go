package api

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"reliefledger/access"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
	"reliefledger/reports"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// summaryBooks records richBooks, then what only the summary shows: a
// donation from a registered donor outside the province, a relief trip
// (money and rice from the province) and frontline support (money), posted
// as the trips lane will post them, and a request left waiting.
func (ts *testServer) summaryBooks() {
	ts.t.Helper()
	ts.richBooks()
	donor := ts.do(req{Method: "POST", Path: "/api/v1/donors", Key: "auto", Body: map[string]any{"name": "Hội đồng hương Sóc Trăng tại TP.HCM", "kind": "organisation"}})
	if donor.Status != 201 {
		ts.t.Fatalf("donor: %d %s", donor.Status, donor.Body)
	}
	if r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": "POOR", "channel": "bank", "amount": "7000000",
		"received_date": "2021-07-16", "donor_id": donor.JSON["id"], "bank_ref": "FT21197003"}}); r.Status != 201 {
		ts.t.Fatalf("donation: %d %s", r.Status, r.Body)
	}
	ctx := context.Background()
	for _, e := range []ledger.EntryInput{
		{Date: ledger.NewDate(2021, 7, 22), Kind: ledger.KindDelivery, Description: "Chuyến xe nghĩa tình TP.HCM", Source: ledger.Source{Type: reports.SourceReliefTrip, ID: "1"},
			Postings: []ledger.PostingInput{{Account: ledger.AccountByCode("POOR", "1120"), Amount: decimal.NewFromInt(-4000000)},
				{Account: ledger.AccountByCode("POOR", "5200"), Amount: decimal.NewFromInt(4000000)},
				{Account: ledger.AccountByCode("POOR", "1150.PROV.RICE"), Item: "RICE", Quantity: decimal.NewFromInt(-50), AtCost: true},
				{Account: ledger.AccountByCode("POOR", "5200"), Item: "RICE", Quantity: decimal.NewFromInt(50), CostOf: 3}}},
		{Date: ledger.NewDate(2021, 7, 23), Kind: ledger.KindDelivery, Description: "Hỗ trợ chốt kiểm soát", Source: ledger.Source{Type: reports.SourceFrontlineSupport, ID: "1"},
			Postings: []ledger.PostingInput{{Account: ledger.AccountByCode("POOR", "1110"), Amount: decimal.NewFromInt(-1500000)},
				{Account: ledger.AccountByCode("POOR", "5200"), Amount: decimal.NewFromInt(1500000)}}},
	} {
		if _, _, err := ts.srv.Ledger.Post(ctx, ledger.Actor{}, e); err != nil {
			ts.t.Fatalf("post %s: %v", e.Source.Type, err)
		}
	}
	if r := ts.do(req{Method: "POST", Path: "/api/v1/allocation-requests", Key: "auto", Token: ts.userToken(access.DistrictOfficer, "941"),
		Body: map[string]any{"fund": "POOR", "amount": "6000000", "households": 20, "reason": "Hộ cách ly tại nhà"}}); r.Status != 201 {
		ts.t.Fatalf("request: %d %s", r.Status, r.Body)
	}
}

// journalFigures recomputes the summary's ledger figures from the
// journal alone (entries and postings, balances as of the last day), by
// account codes: 1110 cash, 1120 bank, 1150.WAREHOUSE.ITEM goods, 1310
// outstanding, 5100 households, 5200 organisations, ".R." earmarked.
func (ts *testServer) journalFigures(fund string, from, to ledger.Date, head int64) map[string]decimal.Decimal {
	ts.t.Helper()
	ctx := context.Background()
	f, err := ts.srv.Ledger.Fund(ctx, fund)
	if err != nil {
		ts.t.Fatal(err)
	}
	accs, err := ts.srv.Ledger.AccountsByID(ctx)
	if err != nil {
		ts.t.Fatal(err)
	}
	out := map[string]decimal.Decimal{}
	add := func(k string, v decimal.Decimal) { out[k] = out[k].Add(v) }
	sources := map[int64]ledger.Source{}
	var ids []int64
	for after := int64(0); ; {
		es, err := ts.srv.Ledger.Entries(ctx, ledger.EntryFilter{FundID: f.ID, To: to, AfterID: after})
		if err != nil {
			ts.t.Fatal(err)
		}
		for _, e := range es {
			if e.ID > head {
				continue
			}
			src := e.Source
			if e.ReversesID != 0 {
				src = sources[e.ReversesID]
			}
			sources[e.ID] = src
			if !e.Date.Within(from, to) {
				continue
			}
			for _, p := range e.Postings {
				a := accs[p.AccountID]
				code := a.Code
				switch {
				case src.Type == "donation" && a.Type == ledger.Asset:
					ch := map[string]string{"1110": "cash", "1120": "bank", "1150": "in_kind"}[code[:4]]
					add("received.total", p.Amount)
					add("received.by_channel."+ch, p.Amount)
					if strings.Contains(code, ".R.") {
						add("received.earmarked", p.Amount)
					} else {
						add("received.unrestricted", p.Amount)
					}
					if p.Item != "" {
						add("goods_received."+p.Item+".quantity", p.Quantity)
						add("goods_received."+p.Item+".value", p.Amount)
					}
				case a.Type == ledger.Expense:
					bucket := map[bool]string{true: "to_households", false: "to_organisations"}[strings.HasPrefix(code, "5100")]
					if src.Type == reports.SourceReliefTrip || src.Type == reports.SourceFrontlineSupport {
						bucket = strings.ReplaceAll(src.Type, "-", "_")
						bucket = strings.Replace(bucket, "relief_trip", "relief_trips", 1)
					}
					add("distributed."+bucket+".value", p.Amount)
					if p.Item == "" {
						add("distributed."+bucket+".money", p.Amount)
					} else {
						add("distributed."+bucket+".goods."+p.Item+".quantity", p.Quantity)
						add("distributed."+bucket+".goods."+p.Item+".value", p.Amount)
					}
				}
			}
		}
		if len(es) < 1000 {
			break
		}
		after = es[len(es)-1].ID
	}
	for id, a := range accs {
		if a.FundID == f.ID && a.Type == ledger.Asset {
			ids = append(ids, id)
		}
	}
	bals, err := ts.srv.Ledger.Balances(ctx, to, ids...)
	if err != nil {
		ts.t.Fatal(err)
	}
	for _, b := range bals {
		code := accs[b.AccountID].Code
		switch {
		case strings.HasPrefix(code, "1110") || strings.HasPrefix(code, "1120"):
			if b.Asset == ledger.AssetVND {
				add("on_hand.money", b.Amount)
				if strings.Contains(code, ".R.") {
					add("on_hand.money_earmarked", b.Amount)
				}
			}
		case strings.HasPrefix(code, "1150."):
			parts := strings.Split(code, ".")
			key := "on_hand.goods." + parts[1] + "/" + parts[2]
			if b.Asset == ledger.AssetVND {
				add(key+".value", b.Amount)
			} else {
				add(key+".quantity", b.Amount)
			}
		case strings.HasPrefix(code, "1310"):
			if b.Asset == ledger.AssetVND && accs[b.AccountID].Dimensions.Item == "" {
				add("approved_not_delivered.money", b.Amount)
			}
		}
	}
	for k, v := range out {
		if v.IsZero() {
			delete(out, k)
		}
	}
	return out
}

// flattenFigures turns a figures object into figure name → value: objects by
// key, lists of goods by item (and warehouse), by category; counts too.
func flattenFigures(prefix string, v any, out map[string]decimal.Decimal) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "district" {
				continue
			}
			flattenFigures(prefix+"."+k, e, out)
		}
	case []any:
		for _, e := range x {
			m := e.(map[string]any)
			key := fmt.Sprint(m["item"])
			if w, ok := m["warehouse"]; ok {
				key = fmt.Sprint(w) + "/" + key
			}
			if c, ok := m["category"]; ok {
				key = fmt.Sprint(c)
			}
			rest := map[string]any{}
			for k, f := range m {
				if k != "item" && k != "warehouse" && k != "category" {
					rest[k] = f
				}
			}
			flattenFigures(prefix+"."+key, rest, out)
		}
	case string:
		out[strings.TrimPrefix(prefix, ".")] = decimal.RequireFromString(x)
	case float64:
		out[strings.TrimPrefix(prefix, ".")] = decimal.NewFromFloat(x)
	case nil:
	default:
		panic(fmt.Sprintf("%s: %T", prefix, v))
	}
}

func figures(v any) map[string]decimal.Decimal {
	if _, ok := v.(map[string]any); !ok {
		b, _ := json.Marshal(v)
		v = nil
		json.Unmarshal(b, &v)
	}
	out := map[string]decimal.Decimal{}
	flattenFigures("", v, out)
	return out
}

// summaryOf asks for the report and fails the test unless it is 200.
func (ts *testServer) summaryOf(query, token string) map[string]any {
	ts.t.Helper()
	r := ts.do(req{Method: "GET", Path: "/api/v1/reports/summary?" + query, Token: token})
	if r.Status != 200 {
		ts.t.Fatalf("summary %s: %d %s", query, r.Status, r.Body)
	}
	return r.JSON
}

// TestSummaryTiesToJournal is issue 17, acceptance 1: every ledger figure
// of the summary equals the same figure recomputed from the journal by
// account codes; the delivery figures equal the deliveries' own counts;
// unreached equals the registry less the households reached; the head is
// the journal's and the checkpoint covers it.
func TestSummaryTiesToJournal(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.summaryBooks()
		if r := ts.do(req{Method: "POST", Path: "/api/v1/checkpoints", Key: "auto", Body: map[string]any{}}); r.Status != 201 {
			t.Fatalf("checkpoint: %d %s", r.Status, r.Body)
		}
		ctx := context.Background()
		head, err := ts.srv.Ledger.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		auditor := ts.userToken(access.Auditor, "")
		s := ts.summaryOf("fund=POOR&from=2021-07-01&to=2021-07-31&deadline_days=3&rule_set=test", auditor)
		h := s["head"].(map[string]any)
		if h["last_id"] != float64(head.LastID) || h["last_hash"] != head.LastHash {
			t.Errorf("head %v, journal %+v", h, head)
		}
		if cp, _ := s["checkpoint"].(map[string]any); cp == nil || cp["entry_id"] != float64(head.LastID) || cp["covers_head"] != true {
			t.Errorf("checkpoint %v", s["checkpoint"])
		}
		if s["rule_set"] != "test" || s["deadline_days"] != float64(3) {
			t.Errorf("rule set %v, deadline %v", s["rule_set"], s["deadline_days"])
		}
		got := figures(s["total"])
		want := ts.journalFigures("POOR", ledger.NewDate(2021, 7, 1), ledger.NewDate(2021, 7, 31), head.LastID)
		for k, v := range want {
			if !got[k].Equal(v) {
				t.Errorf("%s: report %s, journal %s", k, got[k], v)
			}
		}
		// Ledger figures the journal recomputation has none of are zero.
		for k, v := range got {
			ledgerFigure := strings.HasPrefix(k, "received.total") || strings.HasPrefix(k, "received.by_channel") || strings.HasPrefix(k, "goods_received") ||
				strings.HasPrefix(k, "on_hand") || (strings.HasPrefix(k, "distributed.") && !strings.HasPrefix(k, "distributed.by_category") && !strings.HasSuffix(k, ".entries"))
			if _, ok := want[k]; ledgerFigure && !ok && !v.IsZero() {
				t.Errorf("%s: report %s, journal nothing", k, v)
			}
		}
		if len(want) < 15 || want["distributed.relief_trips.goods.RICE.quantity"].IntPart() != 50 || want["distributed.frontline_support.money"].IntPart() != 1500000 {
			t.Fatalf("the books miss what the test checks: %v", want)
		}
		// By donor: the registered donor is an organisation outside the
		// province; the others are known by name only.
		for k, v := range map[string]string{"received.by_donor_kind.organisation": "7000000", "received.by_province.outside": "7000000",
			"received.by_donor_kind.unknown": want["received.total"].Sub(decimal.NewFromInt(7000000)).String()} {
			if !got[k].Equal(decimal.RequireFromString(v)) {
				t.Errorf("%s: %s, want %s", k, got[k], v)
			}
		}
		// Deliveries: the registered deliveries of July, those of the plan
		// (5 days after its approval) late against 3 days, the request's
		// (1 day) not; by category, the money to households the ledger holds.
		ds := ts.do(req{Method: "GET", Path: "/api/v1/deliveries?fund=POOR&from=2021-07-01&to=2021-07-31&limit=500", Token: auditor})
		rows := ds.JSON["data"].([]any)
		late, money, reached := 0, decimal.Zero, map[any]bool{}
		for _, r := range rows {
			d := r.(map[string]any)
			if d["plan_id"] != nil {
				late++
			}
			if d["household"] != nil && d["kind"] == "money" {
				money = money.Add(decimal.RequireFromString(d["amount"].(string)))
				reached[d["household"]] = true
			}
		}
		if got["deliveries.count"].IntPart() != int64(len(rows)) || got["deliveries.late"].IntPart() != int64(late) || late == 0 {
			t.Errorf("deliveries %s late %s, want %d and %d", got["deliveries.count"], got["deliveries.late"], len(rows), late)
		}
		if byCat := got["distributed.by_category.poor.money"].Add(got["distributed.by_category.near_poor.money"]); !byCat.Equal(money) || !money.Equal(want["distributed.to_households.money"]) {
			t.Errorf("by category %s, deliveries %s, ledger %s", byCat, money, want["distributed.to_households.money"])
		}
		if n := got["distributed.by_category.poor.households"].Add(got["distributed.by_category.near_poor.households"]); n.IntPart() != int64(len(reached)) {
			t.Errorf("households reached %s, want %d", n, len(reached))
		}
		reg := ts.do(req{Method: "GET", Path: "/api/v1/households/summary", Token: auditor})
		total := int64(reg.JSON["total"].(float64))
		if n := got["unreached.poor"].Add(got["unreached.near_poor"]); n.IntPart() != total-int64(len(reached)) {
			t.Errorf("unreached %s, registry %d less reached %d", n, total, len(reached))
		}
		if got["requests.waiting"].IntPart() != 1 || got["requests.waiting_money"].IntPart() != 6000000 {
			t.Errorf("requests waiting %s %s", got["requests.waiting"], got["requests.waiting_money"])
		}
		ts.checkSummaryWorkbook(s, "fund=POOR&from=2021-07-01&to=2021-07-31&deadline_days=3&rule_set=test", auditor)
		// Without a deadline, lateness is unknown, not zero.
		if d := ts.summaryOf("fund=POOR&from=2021-07-01&to=2021-07-31", auditor)["total"].(map[string]any)["deliveries"].(map[string]any); d["late"] != nil {
			t.Errorf("late without a deadline: %v", d["late"])
		}
	})
}

// TestSummaryDistrictsSumToProvince: the districts' parts and the
// province's own sum to the province's report, figure by figure, exactly;
// each district officer's report is their part; another district answers
// as a missing one; bad input is a problem.
func TestSummaryDistrictsSumToProvince(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.summaryBooks()
		q := "fund=POOR&from=2021-07-01&to=2021-07-31&deadline_days=3"
		s := ts.summaryOf(q, ts.userToken(access.Supervisor, ""))
		total := figures(s["total"])
		sum := map[string]decimal.Decimal{}
		var districts []string
		for _, p := range s["parts"].([]any) {
			part := p.(map[string]any)
			for k, v := range figures(part) {
				sum[k] = sum[k].Add(v)
			}
			if d := part["district"].(string); d != "" {
				districts = append(districts, d)
				mine := ts.summaryOf(q, ts.userToken(access.DistrictOfficer, d))
				if mine["district"] != d || fmt.Sprint(figures(mine["total"])) != fmt.Sprint(figures(part)) {
					t.Errorf("district %s: officer's report %v, province's part %v", d, figures(mine["total"]), figures(part))
				}
			}
		}
		if len(districts) < 2 || !sort.StringsAreSorted(districts) {
			t.Fatalf("districts %v", districts)
		}
		for k := range merge(total, sum) {
			if !total[k].Equal(sum[k]) {
				t.Errorf("%s: province %s, districts and own %s", k, total[k], sum[k])
			}
		}
		own := figures(s["parts"].([]any)[len(districts)].(map[string]any))
		if own["distributed.relief_trips.value"].IsZero() || own["on_hand.money"].IsZero() || !own["distributed.to_households.value"].IsZero() {
			t.Errorf("province's own part: %v", own)
		}
		officer := ts.userToken(access.DistrictOfficer, "941")
		for _, c := range []struct {
			name, query, token string
			status             int
			field              string
		}{
			{"another district", q + "&district=942", officer, 404, ""},
			{"no such district", q + "&district=999", officer, 404, ""},
			{"own district named", q + "&district=941", officer, 200, ""},
			{"bad date", "fund=POOR&from=2021-13-01", "", 400, "from"},
			{"from after to", "fund=POOR&from=2021-08-01&to=2021-07-01", "", 400, "to"},
			{"no fund", "from=2021-07-01", "", 400, "fund"},
			{"unknown fund", "fund=NOPE", "", 404, ""},
			{"bad deadline", "fund=POOR&deadline_days=-1", "", 400, "deadline_days"},
		} {
			r := ts.do(req{Method: "GET", Path: "/api/v1/reports/summary?" + c.query, Token: c.token})
			if r.Status != c.status {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
				continue
			}
			if c.status == 200 {
				continue
			}
			p := r.problem()
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") || (c.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != c.field)) {
				t.Errorf("%s: %s %s", c.name, r.Header.Get("Content-Type"), r.Body)
			}
			if c.status == 404 && c.token == officer && (strings.Contains(string(r.Body), "942") != strings.Contains(c.query, "942")) {
				t.Errorf("%s: %s", c.name, r.Body)
			}
		}
		a := ts.do(req{Method: "GET", Path: "/api/v1/reports/summary?" + q + "&district=942", Token: officer})
		b := ts.do(req{Method: "GET", Path: "/api/v1/reports/summary?" + q + "&district=999", Token: officer})
		if strings.ReplaceAll(a.problem().Detail, "942", "X") != strings.ReplaceAll(b.problem().Detail, "999", "X") {
			t.Errorf("another district %q, a missing one %q", a.problem().Detail, b.problem().Detail)
		}
	})
}

func merge(a, b map[string]decimal.Decimal) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// TestSummaryAtHead: a report computed at a head ignores what was written
// after it, so a report asked while entries are appended is the report of
// the head it names.
func TestSummaryAtHead(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.richBooks()
		ctx := context.Background()
		in := reports.Input{Fund: "POOR", From: ledger.NewDate(2021, 7, 1), To: ledger.NewDate(2021, 7, 31), DeadlineDays: 20}
		before, err := ts.srv.summaryService().Summary(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		ts.fundBank("POOR", "900000", "")
		if r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": "POOR", "channel": "cash", "amount": "100000", "received_date": "2021-07-30", "donor_name": "Sau"}}); r.Status != 201 {
			t.Fatalf("donation: %d %s", r.Status, r.Body)
		}
		in.Head = before.Head
		at, err := ts.srv.summaryService().Summary(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		now, err := ts.srv.summaryService().Summary(ctx, reports.Input{Fund: "POOR", From: in.From, To: in.To, DeadlineDays: 20})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(figures(summaryOut(at).Total)) != fmt.Sprint(figures(summaryOut(before).Total)) {
			t.Errorf("at the old head:\n%v\nbefore:\n%v", figures(summaryOut(at).Total), figures(summaryOut(before).Total))
		}
		// Nothing is closed: the period is open. The period-close hook,
		// set, says whether the period is closed.
		if b, _ := json.Marshal(summaryOut(now)); !strings.Contains(string(b), `"period_closed":false`) || strings.Contains(string(b), "closed_through") {
			t.Errorf("nothing closed: %s", b)
		}
		rs := *ts.srv.summaryService()
		for _, c := range []struct {
			through ledger.Date
			ok      bool
			want    string
		}{
			{ledger.NewDate(2021, 7, 31), true, `"closed_through":"2021-07-31","period_closed":true`},
			{ledger.NewDate(2021, 7, 30), true, `"closed_through":"2021-07-30","period_closed":false`},
			{ledger.Date{}, false, `"period_closed":false`},
		} {
			rs.ClosedThrough = func(_ context.Context, fund string) (ledger.Date, bool, error) {
				if fund != "POOR" {
					t.Errorf("closed through asked of %q", fund)
				}
				return c.through, c.ok, nil
			}
			r, err := rs.Summary(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := json.Marshal(summaryOut(r)); !strings.Contains(string(b), c.want) || (!c.ok && strings.Contains(string(b), "closed_through")) {
				t.Errorf("closed through %v %v: %s", c.through, c.ok, b)
			}
		}
		if now.Head.LastID <= before.Head.LastID || now.Total.Received.Sub(before.Total.Received).IntPart() != 1000000 {
			t.Errorf("now: head %d, received %s (before %d, %s)", now.Head.LastID, now.Total.Received, before.Head.LastID, before.Total.Received)
		}
	})
}

// checkSummaryWorkbook downloads the summary workbook of query and checks
// its figures against the JSON report s: the first sheet's lines by their
// labels, the second sheet's districts and province's own in order, and
// its SUM totals against the report's totals.
func (ts *testServer) checkSummaryWorkbook(s map[string]any, query, token string) {
	t := ts.t.(*testing.T)
	t.Helper()
	f := ts.workbook("/api/v1/exports/summary.xlsx?"+query, token)
	vi := func(k i18n.Key, args ...any) string { return i18n.F(i18n.VI, k, args...) }
	rows, err := f.GetRows(f.GetSheetList()[0], excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	line := map[string][]string{}
	for _, r := range rows {
		if len(r) > 0 {
			line[r[0]] = append(r, "", "", "", "")
		}
	}
	dec := func(v string) decimal.Decimal {
		if v == "" {
			return decimal.Zero
		}
		return decimal.RequireFromString(v)
	}
	want := figures(s["total"])
	for label, c := range map[string]struct {
		col    int
		figure string
	}{
		vi(i18n.SumByChannel, i18n.Value(i18n.VI, "channel", "cash")):    {3, "received.by_channel.cash"},
		vi(i18n.SumByChannel, i18n.Value(i18n.VI, "channel", "bank")):    {3, "received.by_channel.bank"},
		vi(i18n.SumByChannel, i18n.Value(i18n.VI, "channel", "in_kind")): {3, "received.by_channel.in_kind"},
		vi(i18n.SumReceivedTotal):                                        {3, "received.total"},
		vi(i18n.SumEarmarked):                                            {3, "received.earmarked"},
		vi(i18n.SumToHouseholds):                                         {3, "distributed.to_households.value"},
		vi(i18n.SumToOrgs):                                               {3, "distributed.to_organisations.value"},
		vi(i18n.SumTrips):                                                {3, "distributed.relief_trips.value"},
		vi(i18n.SumFrontline):                                            {3, "distributed.frontline_support.value"},
		vi(i18n.SumMoneyOnHand):                                          {3, "on_hand.money"},
		vi(i18n.SumOpenMoney):                                            {3, "approved_not_delivered.money"},
		vi(i18n.SumWaiting):                                              {1, "requests.waiting"},
		vi(i18n.SumDeliveries):                                           {1, "deliveries.count"},
		vi(i18n.SumLate, 3):                                              {1, "deliveries.late"},
		vi(i18n.SumUnreached, i18n.Value(i18n.VI, "category", "poor")):   {1, "unreached.poor"},
	} {
		r, ok := line[label]
		if !ok {
			t.Errorf("workbook: no line %q", label)
			continue
		}
		if got := dec(r[c.col]); !got.Equal(want[c.figure]) {
			t.Errorf("workbook %q: %s, report %s %s", label, got, c.figure, want[c.figure])
		}
	}
	dist := want["distributed.to_households.value"].Add(want["distributed.to_organisations.value"]).Add(want["distributed.relief_trips.value"]).Add(want["distributed.frontline_support.value"])
	if r := line[vi(i18n.SumDistTotal)]; r == nil || !dec(r[3]).Equal(dist) {
		t.Errorf("workbook distributed total %v, report %s", r, dist)
	}
	// The formulas are the auditor's: SUM over the lines above.
	sheet := f.GetSheetList()[0]
	for _, label := range []string{vi(i18n.SumReceivedTotal), vi(i18n.SumDistTotal)} {
		for i, r := range rows {
			if len(r) > 0 && r[0] == label {
				if fm, _ := f.GetCellFormula(sheet, fmt.Sprintf("D%d", i+1)); !strings.HasPrefix(fm, "SUM(D") {
					t.Errorf("%s: formula %q", label, fm)
				}
			}
		}
	}
	parts := s["parts"].([]any)
	byPart, err := f.GetRows(f.GetSheetList()[1], excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var data [][]string
	for i, r := range byPart {
		if len(r) > 0 && r[0] == vi(i18n.ColSummaryDistrict) {
			data = byPart[i+1:]
			break
		}
	}
	if len(data) != len(parts)+1 {
		t.Fatalf("by district: %d rows, %d parts: %v", len(data), len(parts), data)
	}
	for i, p := range append(parts, s["total"]) {
		fg := figures(p)
		orgs := fg["distributed.to_organisations.value"].Add(fg["distributed.relief_trips.value"]).Add(fg["distributed.frontline_support.value"])
		for col, v := range []decimal.Decimal{fg["received.total"], fg["distributed.to_households.value"], orgs, fg["on_hand.money"],
			fg["approved_not_delivered.money"], fg["unreached.poor"].Add(fg["unreached.near_poor"])} {
			if got := dec(append(data[i], "", "", "", "", "", "", "")[col+1]); !got.Equal(v) {
				t.Errorf("by district row %d (%s) column %d: %s, report %s", i, data[i][0], col+1, got, v)
			}
		}
	}
}
