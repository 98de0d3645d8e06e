package api

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestForwardedFor: the audit log records the connection's address, not
// one a caller claims in X-Forwarded-For, unless the connection comes from
// a trusted proxy (RELIEF_TRUSTED_PROXIES).
func TestForwardedFor(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		officer := ts.userToken(access.FundOfficer, "")
		auditor := ts.userToken(access.Auditor, "")
		post := func(base, key string) {
			t.Helper()
			body := []byte(`{"description":"x","postings":[{"account":"POOR:1120","amount":"1000"},{"account":"POOR:4100","amount":"-1000"}]}`)
			r, _ := http.NewRequest("POST", base+"/api/v1/journal", bytes.NewReader(body))
			r.Header.Set("Authorization", "Bearer "+officer)
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Idempotency-Key", key)
			r.Header.Set("X-Forwarded-For", "6.6.6.6")
			res, err := http.DefaultClient.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 201 {
				t.Fatalf("post: %d", res.StatusCode)
			}
		}
		lastIP := func() string {
			t.Helper()
			r := ts.do(req{Method: "GET", Path: "/api/v1/audit?limit=1&route=/api/v1/journal", Token: auditor})
			data, _ := r.JSON["data"].([]any)
			if len(data) != 1 {
				t.Fatalf("audit: %s", r.Body)
			}
			return data[0].(map[string]any)["client_ip"].(string)
		}
		post(ts.http.URL, "forged")
		if ip := lastIP(); ip != "127.0.0.1" {
			t.Errorf("an untrusted caller's X-Forwarded-For was recorded: client_ip %q", ip)
		}
		ts.srv.TrustedProxies = []string{"127.0.0.1/32"}
		proxied := httptest.NewServer(ts.srv.Handler())
		defer proxied.Close()
		post(proxied.URL, "proxied")
		if ip := lastIP(); ip != "6.6.6.6" {
			t.Errorf("behind a trusted proxy: client_ip %q, want 6.6.6.6", ip)
		}
	})
}
