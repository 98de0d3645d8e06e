package api

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestPublicSearch: GET /api/v1/public/donations searches what is
// published, without a token: words, reference, amount, dates, fund; a
// capped count and keyset pages.
func TestPublicSearch(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		add := func(name string, anonymous bool, ref, amount, date, desc string) string {
			t.Helper()
			d := donation("COVID", "bank", amount, date)
			d["donor_name"], d["anonymous"], d["bank_ref"], d["description"] = name, anonymous, ref, desc
			r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: d})
			if r.Status != 201 {
				t.Fatalf("record: %d %s", r.Status, r.Body)
			}
			return r.JSON["receipt_no"].(string)
		}
		a := add("Nguyễn Thị Lan", false, "FT21191001", "500000", "2021-07-10", "ung ho 0912345678")
		b := add("Công ty Thủy sản", false, "FT21191002", "200000", "2021-07-11", "MBVCB.7001234567.123456.NGUYEN THI LAN ung ho dong bao")
		c := add("Trần Văn Hùng", true, "FT21191003", "1000000", "2021-07-12", "ung ho")
		d := add("Lê Thị Lan", false, "FT21191004", "500000", "2021-07-12", "")

		search := func(query string) response {
			t.Helper()
			r := ts.do(req{Method: "GET", Path: "/api/v1/public/donations?" + query, Token: "-"})
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", query, r.Status, r.Body)
			}
			return r
		}
		found := func(r response) []string {
			out := []string{}
			for _, x := range r.JSON["data"].([]any) {
				out = append(out, x.(map[string]any)["receipt_no"].(string))
			}
			return out
		}
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"q=" + url.QueryEscape("NGUYỄN thi lan"), []string{b, a}},
			{"q=lan", []string{d, b, a}},
			{"q=lan&amount=500000", []string{d, a}},
			{"q=lan&from=2021-07-11&to=2021-07-11", []string{b}},
			{"q=tran+van+hung", []string{}},
			{"q=0912345678", []string{}},
			{"q=7001234567", []string{}},
			{"ref=ft21191003", []string{c}},
			{"ref=" + strings.ToLower(d), []string{d}},
			{"ref=FT2119", []string{}},
			{"fund=POOR&q=lan", []string{}},
			{"fund=COVID&q=lan", []string{d, b, a}},
			{"q=" + url.QueryEscape(a), []string{a}},                       // a receipt number alone: that receipt
			{"q=" + url.QueryEscape(strings.ToLower(c)+" "), []string{c}},  // of an anonymous gift too
			{"q=" + url.QueryEscape("!!! ... ---"), []string{d, c, b, a}},  // no words: every donation
			{"q=" + url.QueryEscape("ung ho 1 2 3 4 5 6 7 8"), []string{}}, // ten words are fine
		} {
			r := search(tc.query)
			if got := found(r); !slices.Equal(got, tc.want) {
				t.Errorf("%s: found %q, want %q", tc.query, got, tc.want)
			}
			if r.JSON["count"].(float64) != float64(len(tc.want)) || r.JSON["count_capped"] != false || r.JSON["next"] != "" {
				t.Errorf("%s: count %v capped %v next %v, want %d, false, empty", tc.query, r.JSON["count"], r.JSON["count_capped"], r.JSON["next"], len(tc.want))
			}
		}
		anon := search("ref=FT21191003").JSON["data"].([]any)[0].(map[string]any)
		if anon["donor"] != "Nhà hảo tâm (ẩn danh)" {
			t.Errorf("anonymous gift published as %v", anon["donor"])
		}

		// Pages of one: every match once, newest first, the count on each.
		var paged []string
		cursor := ""
		for range 5 {
			r := search("q=lan&limit=1&cursor=" + url.QueryEscape(cursor))
			if r.JSON["count"].(float64) != 3 {
				t.Errorf("page count %v, want 3", r.JSON["count"])
			}
			paged = append(paged, found(r)...)
			if cursor = r.JSON["next"].(string); cursor == "" {
				break
			}
		}
		if want := []string{d, b, a}; !slices.Equal(paged, want) {
			t.Errorf("pages of one: %q, want %q", paged, want)
		}

		for query, field := range map[string]string{
			"cursor=nonsense":   "cursor",
			"cursor=2021-07-01": "cursor",
			"amount=abc":        "amount",
			"amount=10.5":       "amount",
			"amount=-5":         "amount",
			"amount=0":          "amount",
			"limit=0":           "limit",
			"limit=101":         "limit",
			"limit=many":        "limit",
			"from=2021-02-30":   "from",
			"to=yesterday":      "to",
			"q=" + url.QueryEscape("a b c d e f g h i j k"): "q", // eleven words
			"q=" + strings.Repeat("n", 201):                 "q", // 201 characters
			"q=" + strings.Repeat("%C3%A2", 201):            "q", // 201 characters of two bytes
		} {
			r := ts.do(req{Method: "GET", Path: "/api/v1/public/donations?" + query, Token: "-"})
			p := r.problem()
			if r.Status != 400 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") || len(p.Errors) != 1 || p.Errors[0].Field != field {
				t.Errorf("%s: %d %s, want 400 problem+json naming %s", query, r.Status, r.Body, field)
			}
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/public/donations?fund=NOPE", Token: "-"}); r.Status != 404 {
			t.Errorf("unknown fund: %d %s", r.Status, r.Body)
		}
	})
}
