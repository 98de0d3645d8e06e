package api

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// tripBody is a relief trip to Ho Chi Minh City carrying rice of the
// province's warehouse and money of the bank account.
func tripBody(rice, money string) map[string]any {
	b := map[string]any{"fund": "COVID", "kind": "trip", "destination": "TP. Hồ Chí Minh", "inside_province": false,
		"date_from": "2021-08-10", "date_to": "2021-08-12", "organisation": "Hội đồng hương Sóc Trăng tại TP.HCM", "people_reached": 350,
		"note": "Chuyến xe nghĩa tình đợt 1", "proofs": []string{"BB-01/2021", "https://example.org/anh-trao-qua.jpg"}}
	if rice != "" {
		b["goods"] = []map[string]any{{"warehouse": "PROV", "item": "RICE", "quantity": rice, "unit": "kg"}}
	}
	if money != "" {
		b["money"] = []map[string]any{{"account": "COVID:1120", "amount": money}}
	}
	return b
}

// tripBooks stocks the province's warehouse with 100 kg of rice at 10,000
// đ/kg and the bank account with 50,000,000 đ.
func (ts *testServer) tripBooks() {
	ts.t.Helper()
	ts.receiveGoods("COVID", "PROV", "2021-07-20", goodsLine("RICE", "100", "10000"))
	ts.fundBank("COVID", "50000000", "")
}

// tripCounts counts what a trip writes: trips, their lines, entries,
// postings and accounts.
func tripCounts(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	all, err := db.RowCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, k := range []string{"relief_trips", "relief_trip_lines", "journal_entries", "postings", "accounts", "balances", "idempotency_keys"} {
		out[k] = all[k]
	}
	return out
}

func TestTripCreate(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.tripBooks()
		r := ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: "auto", Body: tripBody("60", "20000000")})
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		trip := r.JSON
		if trip["source_type"] != "relief-trip" || trip["goods_value"] != "600000" || trip["money_total"] != "20000000" || trip["district"] != nil {
			t.Errorf("trip: %s", r.Body)
		}
		goods := trip["goods"].([]any)[0].(map[string]any)
		if goods["warehouse"] != "PROV" || goods["item"] != "RICE" || goods["quantity"] != "60" || goods["value"] != "600000" {
			t.Errorf("goods line: %v", goods)
		}
		if m := trip["money"].([]any)[0].(map[string]any); m["account"] != "COVID:1120" || m["amount"] != "20000000" {
			t.Errorf("money line: %v", m)
		}
		if q, v := ts.stockOf("COVID", "PROV", "RICE", ""); q != "40" || v != "400000" {
			t.Errorf("stock after: %s kg, %s đ; want 40 kg, 400000 đ", q, v)
		}
		if got := ts.balance(ts.accountID("COVID:5200")); got != "20600000" {
			t.Errorf("5200: %s, want 20600000", got)
		}
		if got := ts.balance(ts.accountID("COVID:1120")); got != "30000000" {
			t.Errorf("1120: %s, want 30000000", got)
		}
		// One entry, dated the trip's first day, naming the trip.
		e := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/journal/%.0f", trip["entry_id"])})
		src := e.JSON["source"].(map[string]any)
		if e.JSON["date"] != "2021-08-10" || src["type"] != "relief-trip" || src["id"] != fmt.Sprintf("%.0f", trip["id"]) || len(e.JSON["postings"].([]any)) != 4 {
			t.Errorf("entry: %s", e.Body)
		}
		// Audited in the trip's own transaction, with its entry.
		au := ts.do(req{Method: "GET", Path: "/api/v1/audit?route=/api/v1/relief-trips"})
		var audited bool
		for _, a := range au.JSON["data"].([]any) {
			m := a.(map[string]any)
			audited = audited || (m["method"] == "POST" && m["status"] == 201.0 && m["target"] == fmt.Sprintf("relief-trip:%.0f", trip["id"]) && m["entry_first"] == trip["entry_id"])
		}
		if !audited {
			t.Errorf("no audit record of the trip: %s", au.Body)
		}
		got := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/relief-trips/%.0f", trip["id"])})
		if diff := cmp.Diff(trip, got.JSON); got.Status != 200 || diff != "" {
			t.Errorf("read back (-created +read): %d %s", got.Status, diff)
		}
		// Frontline support, goods only.
		f := tripBody("10", "")
		f["kind"], f["destination"], f["inside_province"], f["organisation"] = "frontline", "Khu cách ly tập trung Trần Đề", true, "Ban chỉ huy khu cách ly"
		delete(f, "date_to")
		r = ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: "auto", Body: f})
		if r.Status != 201 || r.JSON["source_type"] != "frontline-support" || r.JSON["date_to"] != "2021-08-10" || r.JSON["goods_value"] != "100000" {
			t.Fatalf("frontline: %d %s", r.Status, r.Body)
		}
		for q, want := range map[string]int{"": 2, "?kind=trip": 1, "?kind=frontline": 1, "?fund=POOR": 0, "?from=2021-08-11": 0, "?to=2021-08-10&fund=COVID": 2, "?limit=1": 1} {
			l := ts.do(req{Method: "GET", Path: "/api/v1/relief-trips" + q})
			if l.Status != 200 || len(l.JSON["data"].([]any)) != want {
				t.Errorf("list %q: %d, want %d: %s", q, l.Status, want, l.Body)
			}
		}
		next := ts.do(req{Method: "GET", Path: "/api/v1/relief-trips?limit=1"}).JSON["next_cursor"].(string)
		if l := ts.do(req{Method: "GET", Path: "/api/v1/relief-trips?limit=1&cursor=" + next}); l.JSON["data"].([]any)[0].(map[string]any)["kind"] != "frontline" {
			t.Errorf("second page: %s", l.Body)
		}
		// The same key with another body is refused.
		ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: "same-key", Body: tripBody("1", "")})
		if r := ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: "same-key", Body: tripBody("2", "")}); r.Status != 409 {
			t.Errorf("same key, other body: %d %s", r.Status, r.Body)
		}
		ts.mustTrialBalanceZero("COVID")
		ts.mustVerifyClean()
	})
}

// TestTripAllOrNothing is issue 17, acceptance 3: a manifest that asks for
// more rice than the warehouse holds records nothing, and says which line.
func TestTripAllOrNothing(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.tripBooks()
		before := tripCounts(t, db)
		bank := ts.balance(ts.accountID("COVID:1120"))
		noodles := tripBody("50", "1000000")
		noodles["goods"] = append(noodles["goods"].([]map[string]any), map[string]any{"warehouse": "PROV", "item": "NOODLES", "quantity": "5"})
		for name, c := range map[string]struct {
			body  map[string]any
			field string
		}{
			"too much rice":  {tripBody("150", "1000000"), "goods[0].quantity"},
			"too much money": {tripBody("50", "60000000"), "money[0].amount"},
			"no noodles":     {noodles, "goods[1].quantity"},
		} {
			r := ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: "auto", Body: c.body})
			p := r.problem()
			if r.Status != 409 || !strings.HasSuffix(p.Type, "insufficient-balance") || len(p.Errors) != 1 || p.Errors[0].Field != c.field {
				t.Errorf("%s: %d %s, want 409 insufficient-balance on %s", name, r.Status, r.Body, c.field)
			}
		}
		if diff := cmp.Diff(before, tripCounts(t, db)); diff != "" {
			t.Errorf("refused trips wrote rows (-before +after):\n%s", diff)
		}
		if q, v := ts.stockOf("COVID", "PROV", "RICE", ""); q != "100" || v != "1000000" {
			t.Errorf("stock: %s kg, %s đ", q, v)
		}
		if got := ts.balance(ts.accountID("COVID:1120")); got != bank {
			t.Errorf("bank %s, was %s", got, bank)
		}
		ts.mustVerifyClean()
	})
}

func TestTripBadInput(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.tripBooks()
		before := tripCounts(t, db)
		with := func(change func(b map[string]any)) map[string]any {
			b := tripBody("10", "1000")
			change(b)
			return b
		}
		goodsLine := func(k, v string) func(b map[string]any) {
			return func(b map[string]any) { b["goods"].([]map[string]any)[0][k] = v }
		}
		for name, c := range map[string]struct {
			body  any
			field string
		}{
			"empty body":           {map[string]any{}, "inside_province"},
			"no destination":       {with(func(b map[string]any) { delete(b, "destination") }), "destination"},
			"no organisation":      {with(func(b map[string]any) { b["organisation"] = "   " }), "organisation"},
			"no fund":              {with(func(b map[string]any) { delete(b, "fund") }), "fund"},
			"unknown fund":         {with(func(b map[string]any) { b["fund"] = "NOPE" }), "fund"},
			"bad kind":             {with(func(b map[string]any) { b["kind"] = "bus" }), "kind"},
			"no date":              {with(func(b map[string]any) { delete(b, "date_from") }), "date_from"},
			"year 0":               {with(func(b map[string]any) { b["date_from"] = "0000-01-01" }), "date_from"},
			"before 2000":          {with(func(b map[string]any) { b["date_from"] = "1999-12-31" }), "date_from"},
			"future":               {with(func(b map[string]any) { b["date_from"] = "2999-01-01" }), "date_from"},
			"ends before":          {with(func(b map[string]any) { b["date_to"] = "2021-08-01" }), "date_to"},
			"negative people":      {with(func(b map[string]any) { b["people_reached"] = -1 }), "people_reached"},
			"NUL byte":             {with(func(b map[string]any) { b["organisation"] = "Hội\x00 đồng hương" }), "organisation"},
			"empty proof":          {with(func(b map[string]any) { b["proofs"] = []string{"BB-01", " "} }), "proofs[1]"},
			"empty manifest":       {with(func(b map[string]any) { delete(b, "goods"); delete(b, "money") }), "goods"},
			"negative quantity":    {with(goodsLine("quantity", "-5")), "goods[0].quantity"},
			"zero quantity":        {with(goodsLine("quantity", "0")), "goods[0].quantity"},
			"too many decimals":    {with(goodsLine("quantity", "1.0001")), "goods[0].quantity"},
			"not a number":         {with(goodsLine("quantity", "mười")), "goods[0].quantity"},
			"unknown item":         {with(goodsLine("item", "GOLD")), "goods[0].item"},
			"unknown warehouse":    {with(goodsLine("warehouse", "NOWHERE")), "goods[0].warehouse"},
			"wrong unit":           {with(goodsLine("unit", "bao")), "goods[0].unit"},
			"expense as money":     {with(func(b map[string]any) { b["money"].([]map[string]any)[0]["account"] = "COVID:5200" }), "money[0].account"},
			"other fund's account": {with(func(b map[string]any) { b["money"].([]map[string]any)[0]["account"] = "POOR:1120" }), "money[0].account"},
			"fractional đồng":      {with(func(b map[string]any) { b["money"].([]map[string]any)[0]["amount"] = "10.5" }), "money[0].amount"},
			"negative money":       {with(func(b map[string]any) { b["money"].([]map[string]any)[0]["amount"] = "-10" }), "money[0].amount"},
			"mixed places": {with(func(b map[string]any) {
				b["goods"] = append(b["goods"].([]map[string]any), map[string]any{"warehouse": "D941", "item": "RICE", "quantity": "1"})
			}), "goods"},
			"line twice": {with(func(b map[string]any) {
				b["goods"] = append(b["goods"].([]map[string]any), map[string]any{"warehouse": "PROV", "item": "RICE", "quantity": "1"})
			}), "goods[1]"},
			"unknown field": {with(func(b map[string]any) { b["bus"] = "51B-123.45" }), "bus"},
		} {
			r := ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: "auto", Body: c.body})
			p := r.problem()
			found := false
			for _, e := range p.Errors {
				found = found || e.Field == c.field
			}
			if r.Status != 400 || !found {
				t.Errorf("%s: %d %s, want 400 naming %s", name, r.Status, r.Body, c.field)
			}
		}
		if diff := cmp.Diff(before, tripCounts(t, db)); diff != "" {
			t.Errorf("bad input wrote rows (-before +after):\n%s", diff)
		}
		for _, path := range []string{"/api/v1/relief-trips/0", "/api/v1/relief-trips/x", "/api/v1/relief-trips?kind=bus", "/api/v1/relief-trips?from=2021-13-01"} {
			if r := ts.do(req{Method: "GET", Path: path}); r.Status != 400 {
				t.Errorf("GET %s: %d %s", path, r.Status, r.Body)
			}
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/relief-trips/99"}); r.Status != 404 {
			t.Errorf("unknown trip: %d", r.Status)
		}
	})
}

// TestTripRace: trips racing for the last rice; exactly those the stock
// covers succeed, and stock never goes below zero.
func TestTripRace(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.tripBooks()
		const n = 8 // each asks for 30 kg of the 100 kg: three fit
		status := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b := tripBody("30", "")
				b["organisation"] = fmt.Sprintf("Nhóm đồng hương số %d", i)
				status[i] = ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: fmt.Sprintf("race-%d", i), Body: b}).Status
			}()
		}
		wg.Wait()
		count := map[int]int{}
		for _, s := range status {
			count[s]++
		}
		if count[201] != 3 || count[409] != n-3 {
			t.Errorf("statuses %v, want 3×201 and %d×409", count, n-3)
		}
		if q, v := ts.stockOf("COVID", "PROV", "RICE", ""); q != "10" || v != "100000" {
			t.Errorf("stock %s kg, %s đ; want 10 kg, 100000 đ", q, v)
		}
		if l := ts.do(req{Method: "GET", Path: "/api/v1/relief-trips"}); len(l.JSON["data"].([]any)) != 3 {
			t.Errorf("trips: %s", l.Body)
		}
		// The last two racing for the last 10 kg: exactly one wins.
		var last [2]int
		for i := range last {
			wg.Add(1)
			go func() {
				defer wg.Done()
				last[i] = ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: fmt.Sprintf("last-%d", i), Body: tripBody("10", "")}).Status
			}()
		}
		wg.Wait()
		if !(last[0] == 201 && last[1] == 409 || last[0] == 409 && last[1] == 201) {
			t.Errorf("last rice: %v, want one 201 and one 409", last)
		}
		if q, v := ts.stockOf("COVID", "PROV", "RICE", ""); q != "0" || v != "0" {
			t.Errorf("stock %s kg, %s đ; want 0", q, v)
		}
		ts.mustTrialBalanceZero("COVID")
		ts.mustVerifyClean()
	})
}

// TestTripDistrict: a district officer sends goods from their district's
// warehouses only and sees their district's trips only; another
// district's trip answers as a missing one.
func TestTripDistrict(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.tripBooks()
		ts.receiveGoods("COVID", "D941", "2021-07-20", goodsLine("RICE", "50", "12000"))
		mine, other := ts.userToken(access.DistrictOfficer, "941"), ts.userToken(access.DistrictOfficer, "943")
		province := ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: "auto", Body: tripBody("10", "100000")})
		if province.Status != 201 {
			t.Fatalf("province trip: %d %s", province.Status, province.Body)
		}
		b := tripBody("", "")
		b["kind"], b["inside_province"] = "frontline", true
		b["goods"] = []map[string]any{{"warehouse": "D941", "item": "RICE", "quantity": "20"}}
		r := ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: "auto", Token: mine, Body: b})
		if r.Status != 201 || r.JSON["district"] != "941" || r.JSON["goods_value"] != "240000" {
			t.Fatalf("district trip: %d %s", r.Status, r.Body)
		}
		id := r.JSON["id"]
		// Another district's warehouse, the province's, and money: refused.
		before := tripCounts(t, db)
		for name, c := range map[string]struct {
			token, warehouse string
			money            bool
			status           int
		}{
			"other district's warehouse": {other, "D941", false, 404},
			"province warehouse":         {mine, "PROV", false, 404},
			"money":                      {mine, "D941", true, 400},
		} {
			b := tripBody("", "")
			b["goods"] = []map[string]any{{"warehouse": c.warehouse, "item": "RICE", "quantity": "1"}}
			if c.money {
				b["money"] = []map[string]any{{"account": "COVID:1120", "amount": "1000"}}
			}
			r := ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: "auto", Token: c.token, Body: b})
			if r.Status != c.status {
				t.Errorf("%s: %d %s, want %d", name, r.Status, r.Body, c.status)
			}
		}
		if diff := cmp.Diff(before, tripCounts(t, db)); diff != "" {
			t.Errorf("refused trips wrote rows (-before +after):\n%s", diff)
		}
		// Reads: the other district gets the same 404 as for no trip at all.
		missing := ts.do(req{Method: "GET", Path: "/api/v1/relief-trips/999", Token: other})
		hidden := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/relief-trips/%.0f", id), Token: other})
		if hidden.Status != 404 || strings.ReplaceAll(hidden.problem().Detail, fmt.Sprintf("%.0f", id), "N") != strings.ReplaceAll(missing.problem().Detail, "999", "N") {
			t.Errorf("other district reads the trip: %d %s (missing: %s)", hidden.Status, hidden.Body, missing.Body)
		}
		for token, want := range map[string]int{mine: 1, other: 0, adminToken: 2} {
			l := ts.do(req{Method: "GET", Path: "/api/v1/relief-trips", Token: token})
			if l.Status != 200 || len(l.JSON["data"].([]any)) != want {
				t.Errorf("list: %d %s, want %d trips", l.Status, l.Body, want)
			}
		}
		if g := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/relief-trips/%.0f", province.JSON["id"]), Token: mine}); g.Status != 404 {
			t.Errorf("district officer reads the province's trip: %d", g.Status)
		}
		// Read-only roles read; they do not create.
		auditor := ts.userToken(access.Auditor, "")
		if g := ts.do(req{Method: "GET", Path: "/api/v1/relief-trips", Token: auditor}); g.Status != 200 {
			t.Errorf("auditor lists: %d", g.Status)
		}
		if c := ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: "auto", Token: auditor, Body: tripBody("1", "")}); c.Status != 403 {
			t.Errorf("auditor creates: %d", c.Status)
		}
		if q, _ := ts.stockOf("COVID", "D941", "RICE", ""); q != "30" {
			t.Errorf("district stock %s, want 30", q)
		}
	})
}

// TestTripUseAndReverse: trips show in the use-of-funds disclosure, at the
// province level for the province's warehouse; a cancelled trip gives its
// goods and money back and leaves the disclosure's totals.
func TestTripUseAndReverse(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.tripBooks()
		r := ts.do(req{Method: "POST", Path: "/api/v1/relief-trips", Key: "auto", Body: tripBody("60", "20000000")})
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		id := fmt.Sprintf("%.0f", r.JSON["id"])
		use := ts.do(req{Method: "GET", Path: "/api/v1/public/use?fund=COVID", Token: "-"})
		if use.Status != 200 {
			t.Fatalf("use: %d %s", use.Status, use.Body)
		}
		row := use.JSON["data"].([]any)[0].(map[string]any)
		if row["district"] != "" || row["organisations"] != 1.0 || row["to_organisations"] != "20000000" || row["goods_to_organisations_value"] != "600000" ||
			row["goods_to_organisations"].(map[string]any)["RICE"] != "60" || row["relief_trips"] != 1.0 {
			t.Errorf("use row: %v", row)
		}
		trips := use.JSON["relief_trips"].([]any)
		if len(trips) != 1 {
			t.Fatalf("use trips: %s", use.Body)
		}
		want := map[string]any{"id": r.JSON["id"], "kind": "trip", "date_from": "2021-08-10", "date_to": "2021-08-12", "destination": "TP. Hồ Chí Minh",
			"inside_province": false, "organisation": "Hội đồng hương Sóc Trăng tại TP.HCM", "people_reached": 350.0, "money": "20000000",
			"goods": map[string]any{"RICE": "60"}, "goods_value": "600000", "reversed": false}
		if diff := cmp.Diff(want, trips[0]); diff != "" {
			t.Errorf("public trip (-want +got):\n%s", diff)
		}
		if use := ts.do(req{Method: "GET", Path: "/api/v1/public/use?fund=COVID&from=2021-08-11", Token: "-"}); len(use.JSON["relief_trips"].([]any)) != 0 {
			t.Errorf("trip outside the period: %s", use.Body)
		}
		// Cancel: the reversal gives everything back.
		rev := ts.do(req{Method: "POST", Path: "/api/v1/relief-trips/" + id + "/reverse", Key: "auto", Body: map[string]any{"reason": "Trùng chuyến", "date": "2021-08-20"}})
		if rev.Status != 201 || rev.JSON["reversal"].(map[string]any)["date"] != "2021-08-20" || rev.JSON["reversal"].(map[string]any)["reason"] != "Trùng chuyến" {
			t.Fatalf("reverse: %d %s", rev.Status, rev.Body)
		}
		if again := ts.do(req{Method: "POST", Path: "/api/v1/relief-trips/" + id + "/reverse", Key: "auto", Body: map[string]any{"reason": "Lần nữa"}}); again.Status != 409 {
			t.Errorf("second reversal: %d %s", again.Status, again.Body)
		}
		if bad := ts.do(req{Method: "POST", Path: "/api/v1/relief-trips/" + id + "/reverse", Key: "auto", Body: map[string]any{"reason": ""}}); bad.Status != 400 && bad.Status != 409 {
			t.Errorf("reversal without reason: %d", bad.Status)
		}
		if q, v := ts.stockOf("COVID", "PROV", "RICE", ""); q != "100" || v != "1000000" {
			t.Errorf("stock after reversal: %s kg, %s đ", q, v)
		}
		if got := ts.balance(ts.accountID("COVID:5200")); got != "0" {
			t.Errorf("5200 after reversal: %s", got)
		}
		use = ts.do(req{Method: "GET", Path: "/api/v1/public/use?fund=COVID", Token: "-"})
		row = use.JSON["data"].([]any)[0].(map[string]any)
		if row["organisations"] != 0.0 || row["to_organisations"] != "0" || row["goods_to_organisations_value"] != "0" || row["relief_trips"] != 0.0 {
			t.Errorf("use row after reversal: %v", row)
		}
		if tr := use.JSON["relief_trips"].([]any)[0].(map[string]any); tr["reversed"] != true {
			t.Errorf("reversed trip: %v", tr)
		}
		ts.mustTrialBalanceZero("COVID")
		ts.mustVerifyClean()
	})
}
