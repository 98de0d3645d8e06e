package api

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// donation is a donation by a donor who gave no name; a bank transfer
// carries the bank's reference.
func donation(fund, channel, amount, date string) map[string]any {
	d := map[string]any{"fund": fund, "channel": channel, "amount": amount, "received_date": date, "anonymous": true}
	if channel == "bank" {
		d["bank_ref"] = "FT21" + amount
	}
	return d
}

// TestConcurrentDonationsGetGapFreeReceipts: 200 donations at once get
// receipt numbers 1…200 of their fund and year, and the fund holds their sum.
func TestConcurrentDonationsGetGapFreeReceipts(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		const n = 200
		receipts := make([]string, n)
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := decimal.Zero
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				amount := fmt.Sprint(100000 + i*1000)
				r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": "COVID", "channel": "bank",
					"amount": amount, "received_date": "2021-08-02", "donor_name": fmt.Sprintf("Nhà hảo tâm %d", i), "bank_ref": fmt.Sprintf("FT%08d", i)}})
				if r.Status != 201 {
					t.Errorf("donation %d: %d %s", i, r.Status, r.Body)
					return
				}
				receipts[i] = r.JSON["receipt_no"].(string)
				mu.Lock()
				total = total.Add(decimal.RequireFromString(amount))
				mu.Unlock()
			}(i)
		}
		wg.Wait()
		sort.Strings(receipts)
		for i, r := range receipts {
			if want := fmt.Sprintf("COVID-2021-%06d", i+1); r != want {
				t.Fatalf("receipt %d is %q, want %q: the numbers are not gap-free", i, r, want)
			}
		}
		if b := ts.balance(ts.accountID("COVID:1120")); b != total.String() {
			t.Errorf("bank balance %s, donations sum to %s", b, total)
		}
		ts.mustTrialBalanceZero("COVID")
		ts.mustVerifyClean()
	})
}

func TestDonationLifecycle(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		donor := ts.do(req{Method: "POST", Path: "/api/v1/donors", Key: "auto", Body: map[string]any{"name": "Công ty TNHH Mekong Xanh", "kind": "business", "inside_province": true}})
		if donor.Status != 201 {
			t.Fatalf("donor: %d %s", donor.Status, donor.Body)
		}
		d := donation("POOR", "cash", "5000000", "2021-07-25")
		d["donor_id"] = donor.JSON["id"]
		first := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "don-1", Body: d})
		if first.Status != 201 || first.JSON["receipt_no"] != "POOR-2021-000001" {
			t.Fatalf("donation: %d %s", first.Status, first.Body)
		}
		again := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "don-1", Body: d})
		if again.Status != 200 || again.JSON["receipt_no"] != "POOR-2021-000001" {
			t.Errorf("replay: %d %s", again.Status, again.Body)
		}
		// Foreign currency: the original amount and rate are kept, đồng posted.
		fx := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": "POOR", "channel": "bank", "bank_ref": "FT21USD01",
			"currency": "USD", "original_amount": "100.50", "rate": "23150.5", "received_date": "2021-07-26", "donor_name": "Sóc Trăng Association, CA"}})
		if fx.Status != 201 || fx.JSON["amount"] != "2326625" || fx.JSON["original_amount"] != "100.5" {
			t.Errorf("foreign currency: %d %s", fx.Status, fx.Body)
		}
		// In kind: goods and their value land in the stock account of the
		// province's warehouse, one per item.
		kind := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": "COVID", "channel": "in_kind",
			"received_date": "2021-07-27", "donor_name": "Chùa Dơi", "lines": []map[string]any{{"item": "RICE", "quantity": "2500.5", "unit_value": "13000"}, {"item": "MASKS", "quantity": "40", "unit_value": "55000"}}}})
		if kind.Status != 201 || kind.JSON["amount"] != "34706500" {
			t.Fatalf("in kind: %d %s", kind.Status, kind.Body)
		}
		goods := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/accounts/%d/balance", ts.accountID("COVID:1150.PROV.RICE"))})
		if !strings.Contains(string(goods.Body), `{"asset":"RICE","amount":"2500.5"}`) || !strings.Contains(string(goods.Body), `{"asset":"VND","amount":"32506500"}`) {
			t.Errorf("goods balance: %s", goods.Body)
		}
		// Void: a reversal; the number stays used; the next donation gets the next one.
		id := int64(first.JSON["id"].(float64))
		v := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/donations/%d/void", id), Key: "auto", Body: map[string]any{"reason": "ghi trùng"}})
		if v.Status != 200 || v.JSON["status"] != "voided" || v.JSON["void_entry_id"] == nil {
			t.Fatalf("void: %d %s", v.Status, v.Body)
		}
		if twice := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/donations/%d/void", id), Key: "auto", Body: map[string]any{"reason": "again"}}); twice.Status != 409 {
			t.Errorf("second void: %d", twice.Status)
		}
		next := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: donation("POOR", "cash", "100000", "2021-07-28")})
		if next.JSON["receipt_no"] != "POOR-2021-000003" {
			t.Errorf("after a void the next receipt is %v, want POOR-2021-000003", next.JSON["receipt_no"])
		}
		if b := ts.balance(ts.accountID("POOR:1110")); b != "100000" {
			t.Errorf("cash after the void: %s", b)
		}
		list := ts.do(req{Method: "GET", Path: "/api/v1/donations?fund=POOR&channel=cash&status=recorded"})
		if n := len(list.JSON["data"].([]any)); n != 1 {
			t.Errorf("filtered list has %d donations: %s", n, list.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/donations?q=mekong"}); len(r.JSON["data"].([]any)) != 1 {
			t.Errorf("search by donor name: %s", r.Body)
		}
		ts.mustTrialBalanceZero("POOR")
		ts.mustTrialBalanceZero("COVID")
		ts.mustVerifyClean()
	})
}

// TestRestrictedMoney: a donation designated for Kế Sách is held apart and
// can only be spent for Kế Sách.
func TestRestrictedMoney(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		d := donation("POOR", "bank", "20000000", "2021-07-25")
		d["earmark"] = "district:943"
		if r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: d}); r.Status != 201 {
			t.Fatalf("earmarked donation: %d %s", r.Status, r.Body)
		}
		ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: donation("POOR", "bank", "7000000", "2021-07-25")})
		funds := ts.do(req{Method: "GET", Path: "/api/v1/funds"})
		body := string(funds.Body)
		if !strings.Contains(body, `"restricted":{"district:943":"20000000"}`) {
			t.Errorf("funds do not show the restricted money: %s", body)
		}
		for _, code := range []string{"1310.943", "1310.944"} {
			ts.do(req{Method: "POST", Path: "/api/v1/accounts", Key: "auto", Body: map[string]any{"fund": "POOR", "code": code, "name": "allocated " + code,
				"type": "asset", "dimensions": map[string]any{"district": code[5:], "designation": "district:" + code[5:]}}})
		}
		wrong := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("allocate", posting("POOR:1310.944", "5000000"), posting("POOR:1120.R.d-943", "-5000000"))})
		if wrong.Status != 409 || wrong.problem().Type != ProblemTypePrefix+"restricted-money" || !strings.Contains(wrong.problem().Detail, "district:943") {
			t.Errorf("spending Kế Sách's money on Mỹ Tú: %d %s", wrong.Status, wrong.Body)
		}
		plain := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("to bank", posting("POOR:1120", "5000000"), posting("POOR:1120.R.d-943", "-5000000"))})
		if plain.Status != 409 {
			t.Errorf("moving restricted money to the general bank account: %d", plain.Status)
		}
		right := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("allocate", posting("POOR:1310.943", "5000000"), posting("POOR:1120.R.d-943", "-5000000"))})
		if right.Status != 201 {
			t.Errorf("spending Kế Sách's money on Kế Sách: %d %s", right.Status, right.Body)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": "POOR", "channel": "cash", "amount": "1",
			"received_date": "2021-07-25", "earmark": "district:999", "anonymous": true}}); r.Status != 400 {
			t.Errorf("earmark for an unknown district: %d", r.Status)
		}
		ts.mustVerifyClean()
	})
}

func TestDonationBadInput(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		for name, tc := range map[string]struct {
			body  any
			field string
		}{
			"negative":       {donation("POOR", "cash", "-5", "2021-07-25"), "amount"},
			"zero":           {donation("POOR", "cash", "0", "2021-07-25"), "amount"},
			"decimals":       {donation("POOR", "cash", "10.5", "2021-07-25"), "amount"},
			"number":         {`{"fund":"POOR","channel":"cash","amount":5000,"received_date":"2021-07-25"}`, "amount"},
			"unknown fund":   {donation("NOPE", "cash", "5000", "2021-07-25"), "fund"},
			"future":         {donation("POOR", "cash", "5000", "2099-01-01"), "received_date"},
			"no date":        {donation("POOR", "cash", "5000", ""), "received_date"},
			"channel":        {donation("POOR", "crypto", "5000", "2021-07-25"), "channel"},
			"bank ref cash":  {map[string]any{"anonymous": true, "fund": "POOR", "channel": "cash", "amount": "5", "received_date": "2021-07-25", "bank_ref": "FT1"}, "bank_ref"},
			"goods no lines": {map[string]any{"anonymous": true, "fund": "POOR", "channel": "in_kind", "received_date": "2021-07-25"}, "lines"},
			"bad item":       {map[string]any{"anonymous": true, "fund": "POOR", "channel": "in_kind", "received_date": "2021-07-25", "lines": []map[string]any{{"item": "GOLD", "quantity": "1", "unit_value": "1"}}}, "lines[0].item"},
			"masks halves":   {map[string]any{"anonymous": true, "fund": "POOR", "channel": "in_kind", "received_date": "2021-07-25", "lines": []map[string]any{{"item": "MASKS", "quantity": "1.5", "unit_value": "1"}}}, "lines[0].quantity"},
			"fx no rate":     {map[string]any{"anonymous": true, "fund": "POOR", "channel": "bank", "bank_ref": "FT1", "currency": "USD", "original_amount": "10", "received_date": "2021-07-25"}, "rate"},
			"earmark":        {map[string]any{"anonymous": true, "fund": "POOR", "channel": "cash", "amount": "5", "received_date": "2021-07-25", "earmark": "vip"}, "earmark"},
			"unknown donor":  {map[string]any{"anonymous": true, "fund": "POOR", "channel": "cash", "amount": "5", "received_date": "2021-07-25", "donor_id": 999}, "donor_id"},
		} {
			t.Run(name, func(t *testing.T) {
				r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: tc.body})
				if r.Status != 400 {
					t.Fatalf("%d %s", r.Status, r.Body)
				}
				for _, f := range r.problem().Errors {
					if f.Field == tc.field {
						return
					}
				}
				t.Errorf("field %s not named: %s", tc.field, r.Body)
			})
		}
		if v := ts.verify(); v["entries"].(float64) != 0 {
			t.Errorf("bad donations wrote %v entries", v["entries"])
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/donations"}); len(r.JSON["data"].([]any)) != 0 {
			t.Errorf("bad donations were recorded")
		}
	})
}

// TestPublicDisclosure: names without accents, anonymous donors never named,
// numbers in descriptions masked, receipts verifiable.
func TestPublicDisclosure(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		named := donation("COVID", "bank", "1500000", "2021-08-01")
		named["donor_name"], named["bank_ref"], named["description"] = "Nguyễn Văn An", "FT21213XYZ", "ung ho Covid, lien he 0912345678, STK 0071000123456"
		delete(named, "anonymous")
		ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: named})
		secret := ts.do(req{Method: "POST", Path: "/api/v1/donors", Key: "auto", Body: map[string]any{"name": "Trần Thị Kín Đáo", "kind": "individual", "publish_name": false}})
		anon := donation("COVID", "cash", "2000000", "2021-08-02")
		anon["donor_id"] = secret.JSON["id"]
		anonR := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: anon})
		inline := donation("COVID", "cash", "300000", "2021-08-03")
		inline["donor_name"], inline["anonymous"] = "Lý Văn Giấu", true
		ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: inline})

		found := ts.do(req{Method: "GET", Path: "/api/v1/public/donations?q=nguyen+van+an", Token: "-"})
		data := found.JSON["data"].([]any)
		if len(data) != 1 || data[0].(map[string]any)["donor"] != "Nguyễn Văn An" {
			t.Fatalf("public search: %s", found.Body)
		}
		desc := data[0].(map[string]any)["description"].(string)
		if strings.Contains(desc, "0912345678") || !strings.Contains(desc, "0912****78") || strings.Contains(desc, "0071000123456") {
			t.Errorf("numbers not masked: %q", desc)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/public/donations?ref=ft21213xyz", Token: "-"}); len(r.JSON["data"].([]any)) != 1 {
			t.Errorf("search by bank reference: %s", r.Body)
		}
		var bodies []string
		for _, p := range []string{"/api/v1/public/donations", "/api/v1/public/donations?q=kin+dao", "/api/v1/public/donations?q=tran+thi",
			"/api/v1/public/donations?q=giau", "/api/v1/public/receipts/" + anonR.JSON["receipt_no"].(string), "/api/v1/public/funds"} {
			r := ts.do(req{Method: "GET", Path: p, Token: "-"})
			if r.Status != 200 {
				t.Errorf("%s: %d", p, r.Status)
			}
			bodies = append(bodies, string(r.Body))
		}
		all := strings.Join(bodies, "\n")
		for _, name := range []string{"Kín Đáo", "Trần Thị", "Giấu"} {
			if strings.Contains(all, name) {
				t.Errorf("an anonymous donor's name %q appears in a public answer", name)
			}
		}
		receipt := ts.do(req{Method: "GET", Path: "/api/v1/public/receipts/" + anonR.JSON["receipt_no"].(string), Token: "-"})
		if receipt.JSON["donor"] != "Nhà hảo tâm (ẩn danh)" || receipt.JSON["amount"] != "2000000" || len(receipt.JSON["entry_hash"].(string)) != 64 {
			t.Errorf("receipt: %s", receipt.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/public/receipts/COVID-2021-999999", Token: "-"}); r.Status != 404 {
			t.Errorf("unknown receipt: %d", r.Status)
		}
		funds := ts.do(req{Method: "GET", Path: "/api/v1/public/funds", Token: "-"})
		for _, f := range funds.JSON["data"].([]any) {
			m := f.(map[string]any)
			if m["code"] == "COVID" && (m["received"] != "3800000" || m["on_hand"] != "3800000" || m["distributed"] != "0") {
				t.Errorf("public totals: %v", m)
			}
		}
	})
}

// TestDonationRules is issue 14's data rules: a bank transfer needs its
// bank reference, a donation needs a donor (registered, named or stated
// anonymous), its entry names its receipt, and a void takes a date that
// is never before the donation's and dates the reversal.
func TestDonationRules(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		post := func(body map[string]any) response {
			return ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: body})
		}
		noRef := map[string]any{"fund": "POOR", "channel": "bank", "amount": "100000", "received_date": "2021-07-20", "donor_name": "Lê Văn Tám"}
		if r := post(noRef); r.Status != 400 || !strings.Contains(string(r.Body), `"field":"bank_ref"`) {
			t.Errorf("bank transfer without bank_ref: %d %s", r.Status, r.Body)
		}
		noDonor := map[string]any{"fund": "POOR", "channel": "cash", "amount": "100000", "received_date": "2021-07-20"}
		if r := post(noDonor); r.Status != 400 || !strings.Contains(string(r.Body), `"field":"donor_name"`) {
			t.Errorf("donation without a donor: %d %s", r.Status, r.Body)
		}
		noDonor["anonymous"] = true
		d := post(noDonor)
		if d.Status != 201 || d.JSON["public_name"] != "Nhà hảo tâm (ẩn danh)" {
			t.Fatalf("anonymous donation: %d %s", d.Status, d.Body)
		}
		e := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/journal/%v", d.JSON["entry_id"])})
		if src, _ := e.JSON["source"].(map[string]any); src["type"] != "donation" || src["id"] != d.JSON["receipt_no"] {
			t.Errorf("the donation's entry names %v, want its receipt %v", e.JSON["source"], d.JSON["receipt_no"])
		}
		voidPath := fmt.Sprintf("/api/v1/donations/%v/void", d.JSON["id"])
		if r := ts.do(req{Method: "POST", Path: voidPath, Key: "auto", Body: map[string]any{"reason": "ghi nhầm", "date": "2021-07-19"}}); r.Status != 400 ||
			!strings.Contains(string(r.Body), `"field":"date"`) {
			t.Errorf("void dated before the donation: %d %s", r.Status, r.Body)
		}
		v := ts.do(req{Method: "POST", Path: voidPath, Key: "auto", Body: map[string]any{"reason": "ghi nhầm", "date": "2021-07-22"}})
		if v.Status != 200 || v.JSON["status"] != "voided" || v.JSON["voided_on"] != "2021-07-22" {
			t.Fatalf("void dated 2021-07-22: %d %s", v.Status, v.Body)
		}
		rev := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/journal/%v", v.JSON["void_entry_id"])})
		if rev.JSON["date"] != "2021-07-22" {
			t.Errorf("the void's reversal is dated %v, want 2021-07-22", rev.JSON["date"])
		}
		ts.mustVerifyClean()
	})
}
