package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestUpdateUserRoute: an admin changes a user's role and district (the
// district rule of creating), deactivates them (sign-in refused, their
// open session and token refused at once), reactivates them (the token
// works again, the ended session stays ended); an admin cannot change
// their own role or deactivate themselves, and the last active admin
// cannot be demoted; every change is audited.
func TestUpdateUserRoute(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ts := newTestServer(t, db)
		sessions := ts.withSessions()
		const pw = "lúa chín vàng đồng"
		u := ts.do(req{Method: "POST", Path: "/api/v1/users", Key: "auto",
			Body: map[string]any{"name": "Lý Văn Hai", "username": "hai.ly", "role": "district_officer", "district": "943"}})
		if u.Status != 201 {
			t.Fatalf("create user: %d %s", u.Status, u.Body)
		}
		id := u.JSON["id"]
		path := fmt.Sprintf("/api/v1/users/%v", id)
		if r := ts.do(req{Method: "PUT", Path: path + "/password", Body: map[string]any{"password": pw}}); r.Status != 200 {
			t.Fatalf("set password: %d %s", r.Status, r.Body)
		}
		tok := ts.do(req{Method: "POST", Path: path + "/tokens", Key: "auto", Body: map[string]any{"name": "máy tính xã"}})
		secret, _ := tok.JSON["secret"].(string)
		if tok.Status != 201 || secret == "" {
			t.Fatalf("token: %d %s", tok.Status, tok.Body)
		}
		fields := func(r response) []string {
			var out []string
			for _, e := range r.problem().Errors {
				out = append(out, e.Field+": "+e.Message)
			}
			return out
		}

		// The district rule.
		for _, c := range []struct {
			body map[string]any
			want []string
		}{
			{map[string]any{"district": "999"}, []string{`district: no district with code "999"`}},
			{map[string]any{"district": ""}, []string{"district: is required for a district_officer"}},
			{map[string]any{"role": "auditor", "district": "943"}, []string{"district: only a district_officer has a district"}},
			{map[string]any{"role": "king"}, []string{"role: must be one of admin, fund_officer, approver, district_officer, auditor, supervisor"}},
		} {
			r := ts.do(req{Method: "PATCH", Path: path, Body: c.body})
			if r.Status != 400 {
				t.Errorf("%v: %d %s", c.body, r.Status, r.Body)
				continue
			}
			if diff := cmp.Diff(c.want, fields(r)); diff != "" {
				t.Errorf("%v: fields (-want +got):\n%s", c.body, diff)
			}
		}
		if r := ts.do(req{Method: "PATCH", Path: path, Body: map[string]any{"district": "944"}}); r.Status != 200 || r.JSON["district"] != "944" || r.JSON["role"] != "district_officer" {
			t.Errorf("move to 944: %d %s", r.Status, r.Body)
		}
		// Leaving district_officer clears the district.
		if r := ts.do(req{Method: "PATCH", Path: path, Body: map[string]any{"role": "auditor"}}); r.Status != 200 || r.JSON["district"] != nil || r.JSON["role"] != "auditor" {
			t.Errorf("make auditor: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "PATCH", Path: path, Body: map[string]any{"role": "district_officer"}}); r.Status != 400 {
			t.Errorf("district officer without district: %d %s", r.Status, r.Body)
		}
		// The role change holds for the token at once (the cache is dropped).
		if r := ts.do(req{Method: "GET", Path: "/api/v1/audit?limit=1", Token: secret}); r.Status != 200 {
			t.Errorf("the new auditor reads the audit log: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/users/404404", Token: adminToken}); r.Status != 404 {
			t.Errorf("unknown user: %d", r.Status)
		}
		if r := ts.do(req{Method: "PATCH", Path: "/api/v1/users/404404", Body: map[string]any{"active": false}}); r.Status != 404 {
			t.Errorf("patch an unknown user: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "PATCH", Path: path, Token: secret, Body: map[string]any{"active": false}}); r.Status != 403 {
			t.Errorf("an auditor patches a user: %d", r.Status)
		}

		// Deactivate: sign-in refused, session and token refused at once.
		_, cookie, _, err := sessions.SignIn(ctx, "hai.ly", pw, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if r := ts.doCookie("GET", "/api/v1/me", cookie, "", nil); r.Status != 200 {
			t.Fatalf("me by session: %d", r.Status)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/me", Token: secret}); r.Status != 200 {
			t.Fatalf("me by token: %d", r.Status)
		}
		off := ts.do(req{Method: "PATCH", Path: path, Body: map[string]any{"active": false}})
		if off.Status != 200 || off.JSON["disabled_at"] == nil {
			t.Fatalf("deactivate: %d %s", off.Status, off.Body)
		}
		if again := ts.do(req{Method: "PATCH", Path: path, Body: map[string]any{"active": false}}); again.Status != 200 || again.JSON["disabled_at"] != off.JSON["disabled_at"] {
			t.Errorf("deactivating twice moves the time: %s then %s", off.Body, again.Body)
		}
		if r := ts.doCookie("GET", "/api/v1/me", cookie, "", nil); r.Status != 401 {
			t.Errorf("the deactivated user's session: %d", r.Status)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/me", Token: secret}); r.Status != 401 {
			t.Errorf("the deactivated user's token: %d", r.Status)
		}
		if _, _, _, err := sessions.SignIn(ctx, "hai.ly", pw, "127.0.0.1", "test"); err != access.ErrSignIn {
			t.Errorf("the deactivated user signs in: %v", err)
		}
		if r := ts.do(req{Method: "POST", Path: path + "/tokens", Key: "auto", Body: map[string]any{"name": "again"}}); r.Status != 400 {
			t.Errorf("a token for a deactivated user: %d %s", r.Status, r.Body)
		}

		// Reactivate: the token works again, the ended session does not.
		on := ts.do(req{Method: "PATCH", Path: path, Body: map[string]any{"active": true}})
		if on.Status != 200 || on.JSON["disabled_at"] != nil {
			t.Fatalf("reactivate: %d %s", on.Status, on.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/me", Token: secret}); r.Status != 200 {
			t.Errorf("the reactivated user's token: %d", r.Status)
		}
		if r := ts.doCookie("GET", "/api/v1/me", cookie, "", nil); r.Status != 401 {
			t.Errorf("the session ended by deactivation came back: %d", r.Status)
		}
		if _, _, _, err := sessions.SignIn(ctx, "hai.ly", pw, "127.0.0.1", "test"); err != nil {
			t.Errorf("the reactivated user signs in: %v", err)
		}

		// Oneself, and the last admin.
		self := ts.do(req{Method: "PATCH", Path: "/api/v1/users/1", Body: map[string]any{"active": false, "role": "auditor"}})
		if diff := cmp.Diff([]string{"role: you cannot change your own role: another admin can", "active: you cannot deactivate yourself: another admin can"}, fields(self)); self.Status != 400 || diff != "" {
			t.Errorf("an admin deactivates themselves: %d %s", self.Status, diff)
		}
		if r := ts.do(req{Method: "PATCH", Path: "/api/v1/users/1", Body: map[string]any{"role": "admin"}}); r.Status != 200 {
			t.Errorf("an admin keeps their own role: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "PATCH", Path: path, Body: map[string]any{"role": "admin"}}); r.Status != 200 {
			t.Fatalf("make a second admin: %d %s", r.Status, r.Body)
		}
		// The second admin (by the token) demotes the first: allowed, there
		// is still one; then the first could not demote the second (the
		// first is no admin now), and the second cannot leave.
		if r := ts.do(req{Method: "PATCH", Path: "/api/v1/users/1", Token: secret, Body: map[string]any{"role": "supervisor"}}); r.Status != 200 {
			t.Fatalf("demote the first admin: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "PATCH", Path: path, Body: map[string]any{"active": false}}); r.Status != 403 {
			t.Errorf("a supervisor deactivates a user: %d %s", r.Status, r.Body)
		}
		// The last admin, changed by nobody else: the store refuses it.
		if _, err := ts.srv.Users.Update(ctx, 0, int64(id.(float64)), access.UserUpdate{Active: ptr(false)}); err != access.ErrLastAdmin && !strings.Contains(fmt.Sprint(err), access.ErrLastAdmin.Error()) {
			t.Errorf("deactivate the last admin: %v", err)
		}
		if u, _ := ts.srv.Users.Get(ctx, int64(id.(float64))); u.Role != access.Admin || u.DisabledAt != nil {
			t.Errorf("the refused change was written: %+v", u)
		}

		audit := ts.do(req{Method: "GET", Path: "/api/v1/audit?route=/api/v1/users/:id&limit=100", Token: secret})
		data, _ := audit.JSON["data"].([]any)
		var ok200, refused int
		for _, d := range data {
			m := d.(map[string]any)
			if m["method"] != "PATCH" {
				continue
			}
			if m["status"] == float64(200) {
				ok200++
			} else {
				refused++
			}
		}
		if ok200 != 8 || refused != 9 {
			t.Errorf("audited PATCHes: %d done, %d refused; want 8, 9\n%s", ok200, refused, audit.Body)
		}
	})
}

func ptr[T any](v T) *T { return &v }
