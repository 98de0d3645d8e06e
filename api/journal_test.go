package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

func TestCreateEntryAndRead(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		r := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: map[string]any{
			"date": "2021-07-20", "kind": "opening", "description": "Số dư đầu kỳ", "source": map[string]any{"type": "manual", "id": "SD-01"},
			"postings": []map[string]any{posting("POOR:1120", "2450000000"), {"account_id": ts.accountID("POOR:3100"), "amount": "-2450000000"}}}})
		if r.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		if r.JSON["id"].(float64) != 1 || r.JSON["date"] != "2021-07-20" || r.JSON["kind"] != "opening" {
			t.Errorf("created entry: %s", r.Body)
		}
		got := ts.do(req{Method: "GET", Path: "/api/v1/journal/1"})
		if diff := cmp.Diff(r.JSON, got.JSON); diff != "" {
			t.Errorf("GET differs from POST answer (-post +get):\n%s", diff)
		}
		if b := ts.balance(ts.accountID("POOR:1120")); b != "2450000000" {
			t.Errorf("bank balance %s", b)
		}
		asOf := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/accounts/%d/balance?as_of=2021-07-19", ts.accountID("POOR:1120"))})
		if asOf.JSON["balances"].([]any)[0].(map[string]any)["amount"] != "0" {
			t.Errorf("as_of before the entry: %s", asOf.Body)
		}
		funds := ts.do(req{Method: "GET", Path: "/api/v1/funds"})
		poor := funds.JSON["data"].([]any)[1].(map[string]any)
		if poor["code"] != "POOR" || poor["balances"].(map[string]any)["asset"] != "2450000000" || poor["balances"].(map[string]any)["net_assets"] != "2450000000" {
			t.Errorf("funds: %s", funds.Body)
		}
		ts.mustTrialBalanceZero("POOR")
		ts.mustVerifyClean()
		if r := ts.do(req{Method: "GET", Path: "/api/v1/journal/99"}); r.Status != 404 {
			t.Errorf("missing entry: %d", r.Status)
		}
	})
}

// TestBadInputWritesNothing: every malformed request gets a 4xx
// problem+json that names the field, and the journal does not move.
func TestBadInputWritesNothing(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ok := func(a, b string) map[string]any { return entry("x", posting("POOR:1120", a), posting("POOR:4100", b)) }
		big := `{"description":"` + strings.Repeat("x", 10<<20) + `"}`
		tests := []struct {
			name   string
			r      req
			status int
			field  string
		}{
			{"unbalanced", req{Body: ok("1000", "-999")}, 400, "postings"},
			{"unknown account", req{Body: entry("x", map[string]any{"account_id": 424242, "amount": "1"}, posting("POOR:4100", "-1"))}, 400, "postings[0].account_id"},
			{"exponent", req{Body: ok("1e3", "-1000")}, 400, "postings[0].amount"},
			{"negative zero", req{Body: ok("-0", "0")}, 400, "postings[0].amount"},
			{"decimals on dong", req{Body: ok("12.345", "-12.345")}, 400, "postings[0].amount"},
			{"letters", req{Body: ok("abc", "-1")}, 400, "postings[0].amount"},
			{"amount as a number", req{Body: `{"description":"x","postings":[{"account":"POOR:1120","amount":1000},{"account":"POOR:4100","amount":"-1000"}]}`}, 400, "postings.amount"},
			{"unknown field", req{Body: `{"description":"x","amount":"5","postings":[]}`}, 400, "amount"},
			{"malformed JSON", req{Body: `{"description":`}, 400, "body"},
			{"two objects", req{Body: `{"description":"x"} {}`}, 400, "body"},
			{"empty body", req{Body: ""}, 400, "body"},
			{"manual donation kind", req{Body: map[string]any{"kind": "donation", "description": "x", "postings": []any{posting("POOR:1120", "1"), posting("POOR:4100", "-1")}}}, 400, "kind"},
			{"10 MB body", req{Body: big}, 413, ""},
			{"wrong content type", req{Body: `description=x`, ContentType: "application/x-www-form-urlencoded"}, 415, "Content-Type"},
			{"text/plain JSON", req{Body: ok("1", "-1"), ContentType: "text/plain"}, 415, "Content-Type"},
			{"no idempotency key", req{Body: ok("1", "-1"), Key: "none"}, 400, "Idempotency-Key"},
			{"overdraft", req{Body: entry("x", posting("POOR:1110", "1"), posting("POOR:1120", "-1"))}, 409, "postings[1].account_id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.r
				r.Method, r.Path = "POST", "/api/v1/journal"
				switch r.Key {
				case "":
					r.Key = "auto"
				case "none":
					r.Key = ""
				}
				resp := ts.do(r)
				if resp.Status != tt.status {
					t.Fatalf("status %d, want %d: %s", resp.Status, tt.status, resp.Body)
				}
				p := resp.problem()
				if p.Detail == "" || p.Title == "" {
					t.Errorf("problem lacks title or detail: %s", resp.Body)
				}
				if tt.field == "" {
					return
				}
				for _, f := range p.Errors {
					if f.Field == tt.field && f.Message != "" {
						return
					}
				}
				t.Errorf("problem does not name field %q: %s", tt.field, resp.Body)
			})
		}
		v := ts.verify()
		if v["entries"].(float64) != 0 || v["ok"] != true {
			t.Errorf("bad input wrote something: %v", v)
		}
	})
}

func TestAuthentication(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		for _, tok := range []string{"-", "wrong-token", ""} {
			r := req{Method: "GET", Path: "/api/v1/funds", Token: tok}
			if tok == "" {
				r.Token = "   "
			}
			resp := ts.do(r)
			if resp.Status != 401 || resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("token %q: %d %v", tok, resp.Status, resp.Header)
			}
		}
		officer := ts.userToken("fund_officer", "")
		if r := ts.do(req{Method: "POST", Path: "/api/v1/ledger/verify", Token: officer}); r.Status != 403 {
			t.Errorf("fund officer verifying: %d", r.Status)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/funds", Token: officer}); r.Status != 200 {
			t.Errorf("fund officer listing funds: %d", r.Status)
		}
		district := ts.userToken("district_officer", "KS")
		if r := ts.do(req{Method: "GET", Path: "/api/v1/journal", Token: district}); r.Status != 403 {
			t.Errorf("district officer reading the journal: %d", r.Status)
		}
		for _, p := range []string{"/healthz", "/readyz", "/openapi.json", "/metrics"} {
			if r := ts.do(req{Method: "GET", Path: p, Token: "-"}); r.Status != 200 {
				t.Errorf("%s: %d", p, r.Status)
			}
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/nothing"}); r.Status != 404 {
			t.Errorf("unknown route: %d", r.Status)
		}
		if r := ts.do(req{Method: "DELETE", Path: "/api/v1/journal"}); r.Status != 405 {
			t.Errorf("wrong method: %d", r.Status)
		}
	})
}

// TestConcurrentOverdraftOverHTTP: 64 clients each move 1,000 đ out of an
// account holding 50,000 đ; exactly 50 succeed, the rest get a 409 problem
// naming the account.
func TestConcurrentOverdraftOverHTTP(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		if r := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("fund", posting("POOR:1120", "50000"), posting("POOR:4100", "-50000"))}); r.Status != 201 {
			t.Fatalf("fund: %d %s", r.Status, r.Body)
		}
		statuses := make([]int, 64)
		details := make([]string, 64)
		var wg sync.WaitGroup
		for i := range statuses {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("withdraw", posting("POOR:1110", "1000"), posting("POOR:1120", "-1000"))})
				statuses[i], details[i] = r.Status, r.problem().Detail
			}(i)
		}
		wg.Wait()
		count := map[int]int{}
		for i, s := range statuses {
			count[s]++
			if s == 409 && !strings.Contains(details[i], "POOR:1120") {
				t.Errorf("409 does not name the account: %q", details[i])
			}
		}
		if count[201] != 50 || count[409] != 14 {
			t.Fatalf("statuses %v, want 50×201 and 14×409", count)
		}
		if b := ts.balance(ts.accountID("POOR:1120")); b != "0" {
			t.Errorf("bank ends at %s", b)
		}
		ts.mustTrialBalanceZero("POOR")
		ts.mustVerifyClean()
	})
}

// TestCrossingTransfersOverHTTP moves money both ways between pairs of
// accounts at once: no deadlock or serialization failure reaches a client.
func TestCrossingTransfersOverHTTP(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		accs := []string{"POOR:1110", "POOR:1120", "POOR:1150", "POOR:1310"}
		for _, a := range accs {
			ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("fund", posting(a, "100000"), posting("POOR:4100", "-100000"))})
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		bad := map[int]int{}
		for i := 0; i < 64; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				a, b := accs[i%4], accs[(i+1)%4]
				if i%2 == 1 {
					a, b = b, a
				}
				for j := 0; j < 3; j++ {
					r := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("move", posting(a, "100"), posting(b, "-100"))})
					if r.Status != 201 {
						mu.Lock()
						bad[r.Status]++
						mu.Unlock()
					}
				}
			}(i)
		}
		wg.Wait()
		if len(bad) > 0 {
			t.Errorf("failed transfers by status: %v", bad)
		}
		ts.mustTrialBalanceZero("POOR")
		ts.mustVerifyClean()
	})
}

// TestIdempotencyOverHTTP: 32 concurrent identical POSTs with one key make
// one entry and get the same answer; the key with another body gets 409.
func TestIdempotencyOverHTTP(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		body := entry("donation", posting("COVID:1120", "1500000"), posting("COVID:4100", "-1500000"))
		resps := make([]response, 32)
		var wg sync.WaitGroup
		for i := range resps {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				resps[i] = ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "donation-0001", Body: body})
			}(i)
		}
		wg.Wait()
		first := 0
		for i, r := range resps {
			switch {
			case r.Status == 201:
				first++
			case r.Status == 200 && r.Header.Get("Idempotent-Replayed") == "true":
			default:
				t.Fatalf("response %d: %d %s", i, r.Status, r.Body)
			}
			if diff := cmp.Diff(resps[0].JSON, r.JSON); diff != "" {
				t.Errorf("answer %d differs (-first +this):\n%s", i, diff)
			}
		}
		if first != 1 {
			t.Errorf("%d requests got 201, want exactly 1", first)
		}
		if b := ts.balance(ts.accountID("COVID:1120")); b != "1500000" {
			t.Errorf("balance %s: the donation was recorded more than once", b)
		}
		other := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "donation-0001", Body: entry("donation", posting("COVID:1120", "2000000"), posting("COVID:4100", "-2000000"))})
		if other.Status != 409 || other.problem().Type != ProblemTypePrefix+"idempotency-mismatch" {
			t.Errorf("same key, other body: %d %s", other.Status, other.Body)
		}
		// A request that can no longer validate is still answered from its key.
		ts.mustVerifyClean()
		if v := ts.verify(); v["entries"].(float64) != 1 {
			t.Errorf("entries = %v, want 1", v["entries"])
		}
	})
}

func TestReverseOverHTTP(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("donation", posting("POOR:1120", "700000"), posting("POOR:4100", "-700000"))})
		r := ts.do(req{Method: "POST", Path: "/api/v1/journal/1/reverse", Key: "rev-1", Body: map[string]any{"reason": "recorded twice"}})
		if r.Status != 201 || r.JSON["reverses_id"].(float64) != 1 || r.JSON["kind"] != "reversal" {
			t.Fatalf("reverse: %d %s", r.Status, r.Body)
		}
		again := ts.do(req{Method: "POST", Path: "/api/v1/journal/1/reverse", Key: "rev-1", Body: map[string]any{"reason": "recorded twice"}})
		if again.Status != 200 || again.JSON["id"] != r.JSON["id"] {
			t.Errorf("replayed reverse: %d %s", again.Status, again.Body)
		}
		twice := ts.do(req{Method: "POST", Path: "/api/v1/journal/1/reverse", Key: "rev-2", Body: map[string]any{"reason": "again"}})
		if twice.Status != 409 {
			t.Errorf("second reversal: %d %s", twice.Status, twice.Body)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/journal/abc/reverse", Key: "rev-3", Body: map[string]any{"reason": "x"}}); r.Status != 400 {
			t.Errorf("bad id: %d", r.Status)
		}
		if b := ts.balance(ts.accountID("POOR:1120")); b != "0" {
			t.Errorf("balance after reversal %s", b)
		}
		ts.mustVerifyClean()
	})
}

// TestTamperingOverHTTP changes a posting behind the service's back;
// POST /ledger/verify names the entry and the account.
func TestTamperingOverHTTP(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("a", posting("POOR:1120", "5000"), posting("POOR:4100", "-5000"))})
		ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("b", posting("POOR:1110", "2000"), posting("POOR:1120", "-2000"))})
		ctx := context.Background()
		if db.Postgres() {
			db.Exec(ctx, `ALTER TABLE postings DISABLE TRIGGER postings_append_only`)
		} else {
			db.Exec(ctx, `DROP TRIGGER postings_no_update`)
		}
		if err := db.Exec(ctx, `UPDATE postings SET amount = '9000' WHERE entry_id = 2 AND line = 1`); err != nil {
			t.Fatal(err)
		}
		v := ts.verify()
		if v["ok"] != false {
			t.Fatalf("verify did not notice: %v", v)
		}
		var saw []string
		for _, p := range v["problems"].([]any) {
			m := p.(map[string]any)
			saw = append(saw, fmt.Sprintf("%v/%v/%v", m["kind"], m["entry_id"], m["account_id"]))
		}
		cash := ts.accountID("POOR:1110")
		// The balance history of the edited posting's date disagrees too.
		want := []string{"hash/2/<nil>", "unbalanced/2/<nil>", fmt.Sprintf("balance/<nil>/%d", cash), fmt.Sprintf("history/<nil>/%d", cash)}
		if diff := cmp.Diff(want, saw); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
	})
}

func TestJournalPagination(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		for i := 0; i < 7; i++ {
			ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry(fmt.Sprint("e", i), posting("POOR:1120", "10"), posting("POOR:4100", "-10"))})
		}
		var ids []float64
		path := "/api/v1/journal?limit=3"
		for pages := 0; pages < 5; pages++ {
			r := ts.do(req{Method: "GET", Path: path})
			for _, e := range r.JSON["data"].([]any) {
				ids = append(ids, e.(map[string]any)["id"].(float64))
			}
			next, _ := r.JSON["next_cursor"].(string)
			if next == "" {
				break
			}
			path = "/api/v1/journal?limit=3&cursor=" + next
		}
		if diff := cmp.Diff([]float64{1, 2, 3, 4, 5, 6, 7}, ids); diff != "" {
			t.Errorf("pages (-want +got):\n%s", diff)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/journal?cursor=garbage"}); r.Status != 400 {
			t.Errorf("bad cursor: %d", r.Status)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/journal?limit=0"}); r.Status != 400 {
			t.Errorf("limit 0: %d", r.Status)
		}
		acc := ts.accountID("POOR:4100")
		r := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/journal?account_id=%d&from=2000-01-01&fund=POOR", acc)})
		if len(r.JSON["data"].([]any)) != 7 {
			t.Errorf("filtered journal: %s", r.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/journal?fund=NOPE"}); r.Status != 404 {
			t.Errorf("unknown fund: %d", r.Status)
		}
	})
}

func TestFundsAndAccountsOverHTTP(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		r := ts.do(req{Method: "POST", Path: "/api/v1/funds", Key: "fund-yagi", Body: map[string]any{"code": "YAGI2024", "name_vi": "Quỹ cứu trợ bão Yagi", "name_en": "Typhoon Yagi relief"}})
		if r.Status != 201 || r.JSON["code"] != "YAGI2024" {
			t.Fatalf("create fund: %d %s", r.Status, r.Body)
		}
		if again := ts.do(req{Method: "POST", Path: "/api/v1/funds", Key: "fund-yagi", Body: map[string]any{"code": "YAGI2024", "name_vi": "Quỹ cứu trợ bão Yagi", "name_en": "Typhoon Yagi relief"}}); again.Status != 200 {
			t.Errorf("replay: %d %s", again.Status, again.Body)
		}
		if dup := ts.do(req{Method: "POST", Path: "/api/v1/funds", Key: "fund-yagi-2", Body: map[string]any{"code": "YAGI2024", "name_vi": "x"}}); dup.Status != 409 {
			t.Errorf("duplicate code: %d", dup.Status)
		}
		acc := ts.do(req{Method: "POST", Path: "/api/v1/accounts", Key: "auto", Body: map[string]any{"fund": "YAGI2024", "code": "1310.KS", "name": "Phân bổ Kế Sách", "type": "asset", "dimensions": map[string]any{"district": "KS"}}})
		if acc.Status != 201 || acc.JSON["non_negative"] != true {
			t.Fatalf("create account: %d %s", acc.Status, acc.Body)
		}
		list := ts.do(req{Method: "GET", Path: "/api/v1/accounts?fund=YAGI2024&type=asset"})
		if n := len(list.JSON["data"].([]any)); n != 5 {
			t.Errorf("asset accounts of YAGI2024: %d", n)
		}
		if bad := ts.do(req{Method: "GET", Path: "/api/v1/accounts?type=cash"}); bad.Status != 400 {
			t.Errorf("bad type filter: %d", bad.Status)
		}
		officer := ts.userToken("fund_officer", "")
		if r := ts.do(req{Method: "POST", Path: "/api/v1/funds", Key: "auto", Token: officer, Body: map[string]any{"code": "X1", "name_vi": "x"}}); r.Status != 403 {
			t.Errorf("fund officer creating a fund: %d", r.Status)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/items"}); len(r.JSON["data"].([]any)) < 4 {
			t.Errorf("items: %s", r.Body)
		}
	})
}
