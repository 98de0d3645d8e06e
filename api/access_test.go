package api

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// opsRoutes are the only routes outside the route table.
var opsRoutes = []string{"GET /healthz", "GET /metrics", "GET /openapi.json", "GET /readyz"}

// TestEveryRouteIsInThePermissionTable: a route registered any other way
// than through the table fails here.
func TestEveryRouteIsInThePermissionTable(t *testing.T) {
	s := &Server{}
	engine := s.Handler().(*gin.Engine)
	table := map[string]bool{}
	for _, rt := range s.routes() {
		table[rt.Method+" "+rt.Path] = true
	}
	var outside []string
	for _, r := range engine.Routes() {
		if !table[r.Method+" "+r.Path] {
			outside = append(outside, r.Method+" "+r.Path)
		}
	}
	sort.Strings(outside)
	if strings.Join(outside, ",") != strings.Join(opsRoutes, ",") {
		t.Errorf("routes outside the permission table: %v (only %v may be)", outside, opsRoutes)
	}
}

// TestPermissionWalk calls every route of the table as every role and as
// nobody, and checks the answer against the table: an allowed role is never
// refused (401/403), any other role always gets 403, nobody gets 401.
func TestPermissionWalk(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		tokens := map[access.Role]string{access.Admin: adminToken}
		for _, r := range access.Roles {
			if r != access.Admin {
				tokens[r] = ts.userToken(r, map[bool]string{true: "943"}[r == access.DistrictOfficer])
			}
		}
		for _, rt := range ts.srv.routes() {
			path := strings.NewReplacer(":token_id", "999", ":id", "1").Replace(rt.Path)
			allowed := map[access.Role]bool{}
			for _, r := range rt.Roles {
				allowed[r] = true
			}
			if rt.Roles == nil {
				if !strings.HasPrefix(rt.Path, "/api/v1/public/") {
					t.Errorf("%s %s is public but outside /api/v1/public/", rt.Method, rt.Path)
				}
				for _, r := range access.Roles {
					allowed[r] = true
				}
			}
			for _, role := range access.Roles {
				r := ts.do(req{Method: rt.Method, Path: path, Token: tokens[role], Key: "auto", Body: bodyFor(rt)})
				switch {
				case r.Status >= 500:
					t.Errorf("%s %s as %s: %d %s", rt.Method, rt.Path, role, r.Status, r.Body)
				case allowed[role] && (r.Status == 401 || r.Status == 403):
					t.Errorf("%s %s as %s: %d, but the table allows it", rt.Method, rt.Path, role, r.Status)
				case !allowed[role] && r.Status != 403:
					t.Errorf("%s %s as %s: %d, want 403", rt.Method, rt.Path, role, r.Status)
				}
			}
			if rt.Roles != nil {
				if r := ts.do(req{Method: rt.Method, Path: path, Token: "-", Key: "auto", Body: bodyFor(rt)}); r.Status != 401 {
					t.Errorf("%s %s without a token: %d, want 401", rt.Method, rt.Path, r.Status)
				}
			}
		}
	})
}

// bodyFor sends writes an empty object: allowed callers get a 400, which
// proves they passed the permission check without changing anything.
func bodyFor(rt route) any {
	if rt.JSONBody {
		return map[string]any{}
	}
	return nil
}

func TestUsersAndTokens(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		bad := ts.do(req{Method: "POST", Path: "/api/v1/users", Key: "auto", Body: map[string]any{"name": "Trần Văn Út", "role": "district_officer"}})
		if bad.Status != 400 || bad.problem().Errors[0].Field != "district" {
			t.Errorf("district officer without district: %d %s", bad.Status, bad.Body)
		}
		bad = ts.do(req{Method: "POST", Path: "/api/v1/users", Key: "auto", Body: map[string]any{"name": "x", "role": "king"}})
		if bad.Status != 400 {
			t.Errorf("unknown role: %d", bad.Status)
		}
		u := ts.do(req{Method: "POST", Path: "/api/v1/users", Key: "user-ut", Body: map[string]any{"name": "Trần Văn Út", "role": "district_officer", "district": "943"}})
		if u.Status != 201 || u.JSON["district"] != "943" {
			t.Fatalf("create user: %d %s", u.Status, u.Body)
		}
		id := int64(u.JSON["id"].(float64))
		tokPath := fmt.Sprintf("/api/v1/users/%d/tokens", id)
		tok := ts.do(req{Method: "POST", Path: tokPath, Key: "tok-1", Body: map[string]any{"name": "laptop"}})
		secret, _ := tok.JSON["secret"].(string)
		if tok.Status != 201 || !strings.HasPrefix(secret, "rl_") {
			t.Fatalf("create token: %d %s", tok.Status, tok.Body)
		}
		replay := ts.do(req{Method: "POST", Path: tokPath, Key: "tok-1", Body: map[string]any{"name": "laptop"}})
		if replay.Status != 200 || replay.JSON["secret"] != nil || replay.JSON["id"] != tok.JSON["id"] {
			t.Errorf("replayed token creation must not show the secret again: %d %s", replay.Status, replay.Body)
		}
		me := ts.do(req{Method: "GET", Path: "/api/v1/me", Token: secret})
		if me.Status != 200 || me.JSON["role"] != "district_officer" {
			t.Fatalf("me: %d %s", me.Status, me.Body)
		}
		list := ts.do(req{Method: "GET", Path: tokPath})
		if strings.Contains(string(list.Body), secret) || strings.Contains(string(list.Body), access.HashToken(secret)) {
			t.Errorf("token list shows a secret or its hash: %s", list.Body)
		}
		tokID := int64(tok.JSON["id"].(float64))
		rev := ts.do(req{Method: "DELETE", Path: fmt.Sprintf("%s/%d", tokPath, tokID)})
		if rev.Status != 200 || rev.JSON["revoked_at"] == nil {
			t.Fatalf("revoke: %d %s", rev.Status, rev.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/me", Token: secret}); r.Status != 401 {
			t.Errorf("revoked token: %d, want 401", r.Status)
		}
		if r := ts.do(req{Method: "DELETE", Path: fmt.Sprintf("%s/%d", tokPath, 424242)}); r.Status != 404 {
			t.Errorf("revoking an unknown token: %d", r.Status)
		}
		// An expired token is refused.
		past := time.Now().Add(-time.Minute)
		expired := access.NewSecret()
		if _, err := db.Access().CreateToken(context.Background(), access.Token{UserID: id, Name: "old", CreatedAt: past.Add(-time.Hour), ExpiresAt: &past}, access.HashToken(expired)); err != nil {
			t.Fatal(err)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/me", Token: expired}); r.Status != 401 {
			t.Errorf("expired token: %d, want 401", r.Status)
		}
		if r := ts.do(req{Method: "POST", Path: tokPath, Key: "auto", Body: map[string]any{"name": "x", "expires_at": "2020-01-01T00:00:00Z"}}); r.Status != 400 {
			t.Errorf("token expiring in the past: %d", r.Status)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/users/9999/tokens", Key: "auto", Body: map[string]any{"name": "x"}}); r.Status != 404 {
			t.Errorf("token for unknown user: %d", r.Status)
		}
		// Secrets never reach the log.
		if logs := ts.logs.String(); strings.Contains(logs, secret) || strings.Contains(logs, adminToken) || strings.Contains(logs, expired) {
			t.Errorf("a token appears in the server log")
		}
	})
}

func TestAuditLog(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.noReplayCheck = true // every request counts here
		auditor := ts.userToken(access.Auditor, "")
		officer := ts.userToken(access.FundOfficer, "")
		ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Token: officer, Body: entry("donation", posting("POOR:1120", "1000"), posting("POOR:4100", "-1000"))})
		ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Token: officer, Body: entry("overdraft", posting("POOR:1110", "5000"), posting("POOR:1120", "-5000"))})
		ts.do(req{Method: "POST", Path: "/api/v1/funds", Key: "auto", Token: officer, Body: map[string]any{"code": "X1", "name_vi": "x"}})
		ts.do(req{Method: "GET", Path: "/api/v1/journal", Token: officer})
		r := ts.do(req{Method: "GET", Path: "/api/v1/audit?limit=10", Token: auditor})
		if r.Status != 200 {
			t.Fatalf("audit: %d %s", r.Status, r.Body)
		}
		var got []string
		for _, x := range r.JSON["data"].([]any) {
			m := x.(map[string]any)
			target, _ := m["target"].(string)
			got = append(got, fmt.Sprintf("%v %v %v %s", m["method"], m["route"], m["status"], target))
			if m["client_ip"] == "" || m["request_id"] == "" || m["role"] != "fund_officer" {
				t.Errorf("audit record lacks who/where: %v", m)
			}
		}
		want := []string{
			"POST /api/v1/funds 403 ",
			"POST /api/v1/journal 409 ",
			"POST /api/v1/journal 201 entry:1",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if strings.Contains(string(r.Body), officer) || strings.Contains(string(r.Body), access.HashToken(officer)) {
			t.Errorf("the audit log holds a token")
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/audit", Token: officer}); r.Status != 403 {
			t.Errorf("fund officer reading the audit log: %d", r.Status)
		}
		// The log cannot be changed, even with database access.
		if err := db.Exec(context.Background(), `UPDATE audit_log SET status = 200`); err == nil {
			t.Errorf("the audit log accepted an update")
		}
		page2 := ts.do(req{Method: "GET", Path: "/api/v1/audit?limit=2", Token: auditor})
		next := page2.JSON["next_cursor"].(string)
		rest := ts.do(req{Method: "GET", Path: "/api/v1/audit?limit=2&cursor=" + next, Token: auditor})
		if n := len(rest.JSON["data"].([]any)); n != 1 {
			t.Errorf("second page has %d records, want 1", n)
		}
	})
}

func TestDistrictScopeOfAccounts(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		for _, d := range []string{"943", "944"} {
			r := ts.do(req{Method: "POST", Path: "/api/v1/accounts", Key: "auto", Body: map[string]any{"fund": "POOR", "code": "1310." + d, "name": "allocated " + d, "type": "asset", "dimensions": map[string]any{"district": d}}})
			if r.Status != 201 {
				t.Fatalf("account: %d %s", r.Status, r.Body)
			}
		}
		keSach := ts.userToken(access.DistrictOfficer, "943")
		list := ts.do(req{Method: "GET", Path: "/api/v1/accounts?fund=POOR&limit=500", Token: keSach})
		body := string(list.Body)
		if !strings.Contains(body, "1310.943") || strings.Contains(body, "1310.944") {
			t.Errorf("Kế Sách's officer sees: %s", body)
		}
		myTu := ts.accountID("POOR:1310.944")
		if r := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/accounts/%d/balance", myTu), Token: keSach}); r.Status != 404 {
			t.Errorf("Mỹ Tú's account to Kế Sách's officer: %d, want 404", r.Status)
		}
		if r := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/accounts/%d/balance", myTu)}); r.Status != 200 {
			t.Errorf("Mỹ Tú's account to the admin: %d", r.Status)
		}
	})
}

func TestWriteRateLimit(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ts := newTestServer(t, db)
	ts.noReplayCheck = true // every request counts here
	ts.srv.limiter = newLimiter(1, 2)
	var statuses []int
	var retry string
	for i := 0; i < 3; i++ {
		r := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("d", posting("POOR:1120", "1"), posting("POOR:4100", "-1"))})
		statuses = append(statuses, r.Status)
		retry = r.Header.Get("Retry-After")
	}
	if fmt.Sprint(statuses) != "[201 201 429]" || retry != "1" {
		t.Errorf("statuses %v, Retry-After %q", statuses, retry)
	}
	if r := ts.do(req{Method: "GET", Path: "/api/v1/funds"}); r.Status != http.StatusOK {
		t.Errorf("reads are not limited: %d", r.Status)
	}
}
