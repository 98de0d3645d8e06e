package api

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// receiveGoods records an in-kind donation into a warehouse.
func (ts *testServer) receiveGoods(fund, warehouse, date string, lines ...map[string]any) {
	ts.t.Helper()
	r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": fund, "channel": "in_kind",
		"received_date": date, "donor_name": "Nhà hảo tâm", "warehouse": warehouse, "lines": lines}})
	if r.Status != 201 {
		ts.t.Fatalf("receive goods: %d %s", r.Status, r.Body)
	}
}

func goodsLine(item, qty, unitValue string) map[string]any {
	return map[string]any{"item": item, "quantity": qty, "unit_value": unitValue}
}

// stockOf returns the quantity and value a warehouse holds of an item.
func (ts *testServer) stockOf(fund, warehouse, item, asOf string) (string, string) {
	ts.t.Helper()
	path := fmt.Sprintf("/api/v1/stock?fund=%s&warehouse=%s&item=%s", fund, warehouse, item)
	if asOf != "" {
		path += "&as_of=" + asOf
	}
	r := ts.do(req{Method: "GET", Path: path})
	data := r.JSON["data"].([]any)
	if r.Status != 200 || len(data) != 1 {
		ts.t.Fatalf("stock %s %s: %d %s", warehouse, item, r.Status, r.Body)
	}
	row := data[0].(map[string]any)
	return row["quantity"].(string), row["value"].(string)
}

// TestConcurrentStockIssues is issue 6, acceptance 1: 50 concurrent issues
// of 10 kg from a warehouse holding 300 kg; exactly 30 succeed and the
// warehouse ends at 0 kg and 0 đồng, though the average cost (11,333.67
// đ/kg) does not divide evenly.
func TestConcurrentStockIssues(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.receiveGoods("COVID", "PROV", "2021-07-20", goodsLine("RICE", "100", "10001"))
		ts.receiveGoods("COVID", "PROV", "2021-07-21", goodsLine("RICE", "200", "12000"))
		if q, v := ts.stockOf("COVID", "PROV", "RICE", ""); q != "300" || v != "3400100" {
			t.Fatalf("stock before: %s kg, %s đ", q, v)
		}
		const n = 50
		statuses := make([]int, n)
		details := make([]string, n)
		values := make([]string, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r := ts.do(req{Method: "POST", Path: "/api/v1/stock/issues", Key: fmt.Sprintf("issue-%d", i), Body: map[string]any{
					"fund": "COVID", "warehouse": "PROV", "item": "RICE", "quantity": "10", "unit": "kg", "date": "2021-07-22",
					"recipient": fmt.Sprintf("Chốt kiểm soát số %d", i)}})
				statuses[i], details[i] = r.Status, r.problem().Detail
				if r.Status == 201 {
					values[i] = r.JSON["postings"].([]any)[1].(map[string]any)["amount"].(string)
				}
			}(i)
		}
		wg.Wait()
		count := map[int]int{}
		total := decimal.Zero
		for i, s := range statuses {
			count[s]++
			if s == 409 && !strings.Contains(details[i], "1150.PROV.RICE") {
				t.Errorf("409 does not name the stock account: %q", details[i])
			}
			if s == 201 {
				total = total.Add(decimal.RequireFromString(values[i]))
			}
		}
		if count[201] != 30 || count[409] != 20 {
			t.Fatalf("statuses %v, want 30×201 and 20×409", count)
		}
		if !total.Equal(decimal.NewFromInt(3400100)) {
			t.Errorf("issues took %s đ in all, want the 3,400,100 đ received", total)
		}
		if q, v := ts.stockOf("COVID", "PROV", "RICE", ""); q != "0" || v != "0" {
			t.Errorf("stock after: %s kg, %s đ; want 0 and 0", q, v)
		}
		// A retried request with its key records nothing new.
		for i, s := range statuses {
			if s != 201 {
				continue
			}
			r := ts.do(req{Method: "POST", Path: "/api/v1/stock/issues", Key: fmt.Sprintf("issue-%d", i), Body: map[string]any{
				"fund": "COVID", "warehouse": "PROV", "item": "RICE", "quantity": "10", "unit": "kg", "date": "2021-07-22",
				"recipient": fmt.Sprintf("Chốt kiểm soát số %d", i)}})
			if r.Status != 200 || r.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("replay: %d %s", r.Status, r.Body)
			}
			break
		}
		ts.mustTrialBalanceZero("COVID")
		ts.mustVerifyClean()
	})
}

// TestStockBadInput is issue 6, acceptance 2: quantities with more decimals
// than the item allows and units that are not the item's are refused, with
// the field named, and nothing is written.
func TestStockBadInput(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.receiveGoods("COVID", "PROV", "2021-07-20", goodsLine("RICE", "500", "12000"), goodsLine("MASKS", "100", "50000"))
		before := ts.do(req{Method: "GET", Path: "/api/v1/journal"}).JSON["data"].([]any)
		move := func(extra map[string]any) map[string]any {
			b := map[string]any{"fund": "COVID", "from": "PROV", "to": "D941", "item": "RICE", "quantity": "10"}
			for k, v := range extra {
				b[k] = v
			}
			return b
		}
		cases := []struct {
			name, path string
			body       any
			field      string
		}{
			{"rice to the gram and a bit", "/api/v1/stock/transfers", move(map[string]any{"quantity": "1.2345"}), "quantity"},
			{"half a box of masks", "/api/v1/stock/transfers", move(map[string]any{"item": "MASKS", "quantity": "1.5"}), "quantity"},
			{"rice in boxes", "/api/v1/stock/transfers", move(map[string]any{"unit": "hộp"}), "unit"},
			{"masks in kg", "/api/v1/stock/issues", map[string]any{"fund": "COVID", "warehouse": "PROV", "item": "MASKS", "quantity": "2", "unit": "kg", "recipient": "Khu cách ly"}, "unit"},
			{"zero", "/api/v1/stock/transfers", move(map[string]any{"quantity": "0"}), "quantity"},
			{"negative", "/api/v1/stock/transfers", move(map[string]any{"quantity": "-5"}), "quantity"},
			{"same warehouse", "/api/v1/stock/transfers", move(map[string]any{"to": "PROV"}), "to"},
			{"unknown warehouse", "/api/v1/stock/transfers", move(map[string]any{"to": "NOWHERE"}), "to"},
			{"unknown item", "/api/v1/stock/transfers", move(map[string]any{"item": "GOLD"}), "item"},
			{"no recipient", "/api/v1/stock/issues", map[string]any{"fund": "COVID", "warehouse": "PROV", "item": "RICE", "quantity": "2"}, "recipient"},
			{"donation in the wrong unit", "/api/v1/donations", map[string]any{"fund": "COVID", "channel": "in_kind", "received_date": "2021-07-20", "anonymous": true,
				"lines": []map[string]any{{"item": "RICE", "quantity": "5", "unit": "thùng", "unit_value": "1"}}}, "lines[0].unit"},
			{"donation into no warehouse", "/api/v1/donations", map[string]any{"fund": "COVID", "channel": "in_kind", "received_date": "2021-07-20", "anonymous": true,
				"warehouse": "XX", "lines": []map[string]any{{"item": "RICE", "quantity": "5", "unit_value": "1"}}}, "warehouse"},
		}
		for _, c := range cases {
			r := ts.do(req{Method: "POST", Path: c.path, Key: "auto", Body: c.body})
			p := r.problem()
			if r.Status != 400 || len(p.Errors) == 0 || p.Errors[0].Field != c.field {
				t.Errorf("%s: %d %s, want 400 naming %s", c.name, r.Status, r.Body, c.field)
			}
		}
		// More than the warehouse holds: 409, nothing moves.
		if r := ts.do(req{Method: "POST", Path: "/api/v1/stock/transfers", Key: "auto", Body: move(map[string]any{"quantity": "500.001"})}); r.Status != 409 {
			t.Errorf("overdraw: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/stock/transfers", Key: "auto", Body: move(map[string]any{"to": "D941", "from": "D942"})}); r.Status != 409 {
			t.Errorf("from an empty warehouse: %d %s", r.Status, r.Body)
		}
		after := ts.do(req{Method: "GET", Path: "/api/v1/journal"}).JSON["data"].([]any)
		if len(after) != len(before) {
			t.Errorf("bad input wrote %d entries", len(after)-len(before))
		}
		// Rice earmarked for Kế Sách (943) stays out of other districts'
		// warehouses.
		if r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": "COVID", "channel": "in_kind", "anonymous": true,
			"received_date": "2021-07-20", "earmark": "district:943", "warehouse": "D941", "lines": []map[string]any{{"item": "RICE", "quantity": "5", "unit_value": "1"}}}}); r.Status != 400 {
			t.Errorf("earmarked goods into another district's warehouse: %d %s", r.Status, r.Body)
		}
		ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": "COVID", "channel": "in_kind", "anonymous": true,
			"received_date": "2021-07-20", "earmark": "district:943", "lines": []map[string]any{{"item": "RICE", "quantity": "50", "unit_value": "12000"}}}})
		earmarked := move(map[string]any{"designation": "district:943", "quantity": "20"})
		if r := ts.do(req{Method: "POST", Path: "/api/v1/stock/transfers", Key: "auto", Body: earmarked}); r.Status != 409 || !strings.Contains(r.problem().Detail, "district 943") {
			t.Errorf("earmarked goods to D941: %d %s", r.Status, r.Body)
		}
		earmarked["to"] = "D943"
		if r := ts.do(req{Method: "POST", Path: "/api/v1/stock/transfers", Key: "auto", Body: earmarked}); r.Status != 201 {
			t.Errorf("earmarked goods to D943: %d %s", r.Status, r.Body)
		}
		// A district officer moves goods only out of their own district.
		tok := ts.userToken(access.DistrictOfficer, "942")
		if r := ts.do(req{Method: "POST", Path: "/api/v1/stock/transfers", Key: "auto", Token: tok, Body: move(nil)}); r.Status != 404 {
			t.Errorf("district officer from the province warehouse: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/stock", Token: tok}); r.Status != 200 || len(r.JSON["data"].([]any)) != 0 {
			t.Errorf("district officer sees other stock: %s", r.Body)
		}
	})
}

// TestStockMixedDay is issue 6, acceptance 3: after receipts, transfers and
// issues over several days, every warehouse and item satisfies opening + in
// − out = closing in quantity and value, to the last decimal, and agrees
// with the ledger; value is neither made nor lost by moving goods.
func TestStockMixedDay(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		if r := ts.do(req{Method: "POST", Path: "/api/v1/items", Key: "auto", Body: map[string]any{"code": "SUGAR", "name_vi": "Đường", "name_en": "Sugar", "unit": "kg", "decimals": 2}}); r.Status != 201 {
			t.Fatalf("item: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/items", Key: "auto", Body: map[string]any{"code": "SUGAR", "name_vi": "Đường", "unit": "kg"}}); r.Status != 409 {
			t.Errorf("duplicate item: %d %s", r.Status, r.Body)
		}
		ts.receiveGoods("COVID", "PROV", "2021-07-19", goodsLine("RICE", "1000.5", "12500"), goodsLine("SUGAR", "50.25", "18000"))
		post := func(path string, body map[string]any) {
			t.Helper()
			if r := ts.do(req{Method: "POST", Path: path, Key: "auto", Body: body}); r.Status != 201 {
				t.Fatalf("%s: %d %s", path, r.Status, r.Body)
			}
		}
		transfer := func(date, from, to, item, qty string) {
			post("/api/v1/stock/transfers", map[string]any{"fund": "COVID", "from": from, "to": to, "item": item, "quantity": qty, "date": date})
		}
		issue := func(date, wh, item, qty string) {
			post("/api/v1/stock/issues", map[string]any{"fund": "COVID", "warehouse": wh, "item": item, "quantity": qty, "date": date, "recipient": "Khu cách ly tập trung"})
		}
		transfer("2021-07-19", "PROV", "D941", "RICE", "300.125")
		// The mixed day.
		ts.receiveGoods("COVID", "PROV", "2021-07-20", goodsLine("RICE", "499.333", "13100"))
		ts.receiveGoods("COVID", "D941", "2021-07-20", goodsLine("RICE", "77.7", "11999"))
		transfer("2021-07-20", "PROV", "D941", "RICE", "123.457")
		transfer("2021-07-20", "PROV", "D943", "RICE", "250")
		transfer("2021-07-20", "PROV", "D943", "SUGAR", "10.01")
		issue("2021-07-20", "D941", "RICE", "99.999")
		issue("2021-07-20", "D943", "RICE", "33.333")
		issue("2021-07-20", "PROV", "SUGAR", "0.07")
		transfer("2021-07-20", "D941", "D943", "RICE", "1.001")
		issue("2021-07-21", "D943", "SUGAR", "10.01") // empties it

		r := ts.do(req{Method: "GET", Path: "/api/v1/stock/movements?fund=COVID&from=2021-07-20&to=2021-07-20&lines=true"})
		cards := r.JSON["data"].([]any)
		if r.Status != 200 || len(cards) != 5 {
			t.Fatalf("movements: %d %s", r.Status, r.Body)
		}
		dec := func(m any, k string) decimal.Decimal {
			return decimal.RequireFromString(m.(map[string]any)[k].(string))
		}
		for _, c := range cards {
			card := c.(map[string]any)
			name := card["warehouse"].(string) + " " + card["item"].(string)
			for _, k := range []string{"quantity", "value"} {
				opening, in, out, closing := dec(card["opening"], k), dec(card["in"], k), dec(card["out"], k), dec(card["closing"], k)
				if !opening.Add(in).Sub(out).Equal(closing) {
					t.Errorf("%s %s: %s + %s − %s ≠ %s", name, k, opening, in, out, closing)
				}
			}
			if card["balanced"] != true {
				t.Errorf("%s: card does not agree with the ledger: %v", name, card)
			}
			// The closing balance is the stock at the end of the day, and the
			// last line's running balance.
			q, v := ts.stockOf("COVID", card["warehouse"].(string), card["item"].(string), "2021-07-20")
			if !dec(card["closing"], "quantity").Equal(decimal.RequireFromString(q)) || !dec(card["closing"], "value").Equal(decimal.RequireFromString(v)) {
				t.Errorf("%s: closing %v, stock as of the day %s / %s", name, card["closing"], q, v)
			}
			if lines, _ := card["lines"].([]any); len(lines) > 0 {
				last := lines[len(lines)-1].(map[string]any)["balance"]
				if !dec(last, "quantity").Equal(dec(card["closing"], "quantity")) || !dec(last, "value").Equal(dec(card["closing"], "value")) {
					t.Errorf("%s: last line's balance %v ≠ closing %v", name, last, card["closing"])
				}
			}
		}
		// Quantities by hand: D941 RICE = 300.125 + 77.7 + 123.457 − 99.999 − 1.001.
		if q, _ := ts.stockOf("COVID", "D941", "RICE", ""); q != "400.282" {
			t.Errorf("D941 rice: %s kg, want 400.282", q)
		}
		if q, v := ts.stockOf("COVID", "D943", "SUGAR", ""); q != "0" || v != "0" {
			t.Errorf("D943 sugar after it was all issued: %s kg, %s đ", q, v)
		}
		// Moving goods neither makes nor loses value: what is in stock plus
		// what was given out equals what was received.
		all := ts.do(req{Method: "GET", Path: "/api/v1/stock?fund=COVID"}).JSON["data"].([]any)
		held := decimal.Zero
		for _, row := range all {
			held = held.Add(dec(row, "value"))
		}
		given := decimal.RequireFromString(ts.balance(ts.accountID("COVID:5200")))
		received := decimal.RequireFromString(ts.balance(ts.accountID("COVID:4200"))).Neg()
		if !held.Add(given).Equal(received) {
			t.Errorf("held %s + given %s ≠ received %s", held, given, received)
		}
		ts.mustTrialBalanceZero("COVID")
		ts.mustVerifyClean()
	})
}
