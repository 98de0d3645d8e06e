package api

import (
	"net/url"
	"slices"
	"testing"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestSearchIgnoresInvisibleCharacters: names pasted from web banking or a
// web page carry a zero-width space (U+200B) or a byte-order mark (U+FEFF).
// An accent-free search still finds the donor, the donation and the
// household, and a search typed with such a character finds the plain name.
func TestSearchIgnoresInvisibleCharacters(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		for _, name := range []string{"Nguyễn\u200bThị Hoa", "\ufeffLê Văn Bình", "Đặng Thị Mến"} {
			if r := ts.do(req{Method: "POST", Path: "/api/v1/donors", Key: "auto", Body: map[string]any{"name": name, "kind": "individual"}}); r.Status != 201 {
				t.Fatalf("donor %q: %d %s", name, r.Status, r.Body)
			}
		}
		d := donation("COVID", "bank", "500000", "2021-08-01")
		d["donor_name"] = "Phạm\u200bThị\u00a0Lan\ufeff"
		delete(d, "anonymous")
		if r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: d}); r.Status != 201 {
			t.Fatalf("donation: %d %s", r.Status, r.Body)
		}
		for code, head := range map[string]string{"FOLD-1": "\ufeffTrần\u200bVăn Tư", "FOLD-2": "Thạch Thị Sóc Khum"} {
			if r := ts.do(req{Method: "POST", Path: "/api/v1/households", Key: "auto", Body: map[string]any{"code": code, "head_name": head,
				"commune": "Xã Kế An", "category": "poor", "members": 3}}); r.Status != 201 {
				t.Fatalf("household %s: %d %s", code, r.Status, r.Body)
			}
		}
		tests := []struct {
			name, path, query string
			field             string // what identifies a result
			want              []string
		}{
			{"donor with a zero-width space, plain query", "/api/v1/donors", "nguyen thi hoa", "name", []string{"Nguyễn\u200bThị Hoa"}},
			{"donor with a byte-order mark, plain query", "/api/v1/donors", "le van binh", "name", []string{"\ufeffLê Văn Bình"}},
			{"plain donor, query with a zero-width space", "/api/v1/donors", "dang\u200bthi men", "name", []string{"Đặng Thị Mến"}},
			{"plain donor, query with a byte-order mark and accents", "/api/v1/donors", "\ufeffĐặng Thị", "name", []string{"Đặng Thị Mến"}},
			{"donation with invisibles, plain query", "/api/v1/donations", "pham thi lan", "receipt_no", []string{"COVID-2021-000001"}},
			{"public donation list", "/api/v1/public/donations", "pham\u200bthi lan", "receipt_no", []string{"COVID-2021-000001"}},
			{"household head with a byte-order mark", "/api/v1/households", "tran van tu", "code", []string{"FOLD-1"}},
			{"plain household, query with a zero-width space", "/api/v1/households", "thach\u200bthi soc", "code", []string{"FOLD-2"}},
			{"plain household, query with a byte-order mark", "/api/v1/households", "\ufeffsoc khum", "code", []string{"FOLD-2"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				token := ""
				if tc.path == "/api/v1/public/donations" {
					token = "-"
				}
				r := ts.do(req{Method: "GET", Path: tc.path + "?q=" + url.QueryEscape(tc.query), Token: token})
				if r.Status != 200 {
					t.Fatalf("%d %s", r.Status, r.Body)
				}
				var got []string
				for _, x := range r.JSON["data"].([]any) {
					got = append(got, x.(map[string]any)[tc.field].(string))
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("found %q, want %q", got, tc.want)
				}
			})
		}
	})
}
