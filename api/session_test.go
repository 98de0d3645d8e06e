package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// cheapPasswords keep argon2id fast in tests; the hash names its costs.
var cheapPasswords = access.PasswordParams{Memory: 64, Time: 1, Threads: 1}

// withSessions lets the test server accept session cookies.
func (ts *testServer) withSessions() *access.Sessions {
	ts.t.Helper()
	s := access.NewSessions(ts.db.Access(), nil)
	s.Params = cheapPasswords
	ts.srv.Users.Params = cheapPasswords
	ts.srv.Sessions = s
	return s
}

// doCookie sends a request with a session cookie (and a CSRF header when
// csrf is not "").
func (ts *testServer) doCookie(method, path, cookie, csrf string, body any) response {
	ts.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	hr, err := http.NewRequest(method, ts.http.URL+path, rd)
	if err != nil {
		ts.t.Fatal(err)
	}
	hr.AddCookie(&http.Cookie{Name: access.SessionCookie, Value: cookie})
	if csrf != "" {
		hr.Header.Set(CSRFHeader, csrf)
	}
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := response{Status: resp.StatusCode, Header: resp.Header, Body: b}
	json.Unmarshal(b, &out.JSON)
	return out
}

// TestSetPasswordRoute: an admin sets a user's username and password; the
// password is in no log line, no table, no answer; the change is audited;
// the rules answer with field errors.
func TestSetPasswordRoute(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.withSessions()
		const pw = "ngày mai trời lại sáng"
		u := ts.do(req{Method: "POST", Path: "/api/v1/users", Key: "auto", Body: map[string]any{"name": "Phạm Thị Dung", "role": "auditor"}})
		if u.Status != 201 {
			t.Fatalf("create user: %d %s", u.Status, u.Body)
		}
		path := fmt.Sprintf("/api/v1/users/%v/password", u.JSON["id"])
		r := ts.do(req{Method: "PUT", Path: path, Body: map[string]any{"username": "Dung.Pham", "password": pw}})
		if r.Status != 200 || r.JSON["username"] != "dung.pham" {
			t.Fatalf("set password: %d %s", r.Status, r.Body)
		}
		bad := ts.do(req{Method: "PUT", Path: path, Body: map[string]any{"password": "ngắn"}})
		if bad.Status != 400 || !strings.Contains(string(bad.Body), "must be at least 10 characters") || strings.Contains(string(bad.Body), "ngắn") {
			t.Errorf("short password: %d %s", bad.Status, bad.Body)
		}
		if r := ts.do(req{Method: "PUT", Path: path, Token: ts.userToken(access.Auditor, ""), Body: map[string]any{"password": pw}}); r.Status != 403 {
			t.Errorf("an auditor sets a password: %d", r.Status)
		}
		if cols, err := db.ColumnsContaining(context.Background(), pw); err != nil || len(cols) > 0 {
			t.Errorf("the password is stored in clear in %v (%v)", cols, err)
		}
		if logs := ts.logs.String(); strings.Contains(logs, pw) || strings.Contains(logs, "ngắn") || !strings.Contains(logs, "/password") {
			t.Errorf("the log holds a password, or not the requests:\n%s", logs)
		}
		audit := ts.do(req{Method: "GET", Path: "/api/v1/audit?route=/api/v1/users/:id/password"})
		data, _ := audit.JSON["data"].([]any)
		var got []string
		for _, d := range data {
			m := d.(map[string]any)
			got = append(got, fmt.Sprintf("%v %v", m["status"], m["target"]))
		}
		want := []string{fmt.Sprintf("403 id=%v", u.JSON["id"]), fmt.Sprintf("400 id=%v", u.JSON["id"]), fmt.Sprintf("200 user:%v", u.JSON["id"])}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("audit records (-want +got):\n%s", diff)
		}
	})
}

// TestSessionCookieOnAPI: a district officer's session sees what the
// officer's token sees and is refused what the token is refused; unsafe
// requests need the CSRF header; a signed-out or reset session is refused.
func TestSessionCookieOnAPI(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ts := newTestServer(t, db)
		sessions := ts.withSessions()
		hs := ts.seedSome(3, "941", "942")
		token := ts.userToken(access.DistrictOfficer, "941")
		const pw = "giúp nhau vượt dịch"
		u := ts.do(req{Method: "POST", Path: "/api/v1/users", Key: "auto",
			Body: map[string]any{"name": "Officer 941", "username": "officer.941", "role": "district_officer", "district": "941"}})
		if u.Status != 201 {
			t.Fatalf("create user: %d %s", u.Status, u.Body)
		}
		pwPath := fmt.Sprintf("/api/v1/users/%v/password", u.JSON["id"])
		if r := ts.do(req{Method: "PUT", Path: pwPath, Body: map[string]any{"password": pw}}); r.Status != 200 {
			t.Fatalf("set password: %d %s", r.Status, r.Body)
		}
		sess, cookie, _, err := sessions.SignIn(ctx, "officer.941", pw, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		var id941, id942 int64
		for _, h := range hs {
			got, err := ts.srv.Households.ByCodes(ctx, []string{h.Code})
			if err != nil {
				t.Fatal(err)
			}
			if h.District == "941" {
				id941 = got[h.Code].ID
			} else {
				id942 = got[h.Code].ID
			}
		}

		me := ts.doCookie("GET", "/api/v1/me", cookie, "", nil)
		if me.Status != 200 || me.JSON["username"] != "officer.941" || me.JSON["district"] != "941" {
			t.Fatalf("me: %d %s", me.Status, me.Body)
		}
		list := ts.doCookie("GET", "/api/v1/households", cookie, "", nil)
		data, _ := list.JSON["data"].([]any)
		if list.Status != 200 || len(data) != 3 {
			t.Fatalf("households: %d %s", list.Status, list.Body)
		}
		for _, d := range data {
			if dist := d.(map[string]any)["district"]; dist != "941" {
				t.Errorf("the officer of 941 sees a household of %v", dist)
			}
		}
		// The session gets the token's answers, refusals included.
		for _, path := range []string{"/api/v1/households", "/api/v1/households?district=942", fmt.Sprintf("/api/v1/households/%d", id942),
			fmt.Sprintf("/api/v1/households/%d", id941), "/api/v1/users", "/api/v1/journal"} {
			byToken := ts.do(req{Method: "GET", Path: path, Token: token})
			bySession := ts.doCookie("GET", path, cookie, "", nil)
			if byToken.Status != bySession.Status || byToken.problem().Detail != bySession.problem().Detail {
				t.Errorf("%s: token %d %s, session %d %s", path, byToken.Status, byToken.problem().Detail, bySession.Status, bySession.problem().Detail)
			}
			if byToken.Status == 200 && !bytes.Equal(byToken.Body, bySession.Body) {
				t.Errorf("%s: the session sees\n%s\nthe token\n%s", path, bySession.Body, byToken.Body)
			}
		}

		// Unsafe requests: the CSRF header or a 403.
		patch := map[string]any{"members": 5, "version": 1, "reason": "thêm một người"}
		hpath := fmt.Sprintf("/api/v1/households/%d", id941)
		for _, csrf := range []string{"", "wrong", cookie} {
			r := ts.doCookie("PATCH", hpath, cookie, csrf, patch)
			if r.Status != 403 || r.problem().Detail != "a request made with a session cookie must send the session's CSRF token in the X-CSRF-Token header" {
				t.Errorf("PATCH with CSRF %q: %d %s", csrf, r.Status, r.Body)
			}
		}
		if r := ts.doCookie("PATCH", hpath, cookie, sess.CSRF, patch); r.Status != 200 {
			t.Errorf("PATCH with the CSRF token: %d %s", r.Status, r.Body)
		}
		if r := ts.doCookie("PATCH", fmt.Sprintf("/api/v1/households/%d", id942), cookie, sess.CSRF, patch); r.Status != 404 {
			t.Errorf("PATCH another district's household: %d %s", r.Status, r.Body)
		}

		// A bearer token wins over a cookie and needs no CSRF header.
		hr, _ := http.NewRequest("GET", ts.http.URL+"/api/v1/users", nil)
		hr.Header.Set("Authorization", "Bearer "+adminToken)
		hr.AddCookie(&http.Cookie{Name: access.SessionCookie, Value: cookie})
		if resp, err := http.DefaultClient.Do(hr); err != nil || resp.StatusCode != 200 {
			t.Errorf("admin token with an officer's cookie: %v %v", resp.StatusCode, err)
		}

		// Signed out: refused. A reset password ends the other sessions.
		if err := sessions.SignOut(ctx, cookie, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if r := ts.doCookie("GET", "/api/v1/me", cookie, "", nil); r.Status != 401 || r.problem().Detail != "the session has ended: sign in again" {
			t.Errorf("signed-out cookie: %d %s", r.Status, r.Body)
		}
		_, second, _, err := sessions.SignIn(ctx, "officer.941", pw, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if r := ts.doCookie("GET", "/api/v1/me", second, "", nil); r.Status != 200 {
			t.Fatalf("second session: %d", r.Status)
		}
		if r := ts.do(req{Method: "PUT", Path: pwPath, Body: map[string]any{"password": "một mật khẩu mới"}}); r.Status != 200 {
			t.Fatalf("reset: %d %s", r.Status, r.Body)
		}
		if r := ts.doCookie("GET", "/api/v1/me", second, "", nil); r.Status != 401 {
			t.Errorf("a session from before the reset: %d", r.Status)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/me", Token: token}); r.Status != 200 {
			t.Errorf("the officer's token after the reset: %d", r.Status)
		}
	})
}
