package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/audit"
	"reliefledger/internal/i18n"
	"reliefledger/internal/proxy"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// wantCookie checks the attributes every sign-in cookie must have.
func wantCookie(t *testing.T, c *http.Cookie, secure bool) {
	t.Helper()
	if c == nil {
		t.Fatal("no cookie set")
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure != secure {
		t.Errorf("cookie %s: HttpOnly=%v SameSite=%v Path=%q Secure=%v; want HttpOnly, Lax, /, Secure=%v",
			c.Name, c.HttpOnly, c.SameSite, c.Path, c.Secure, secure)
	}
}

// TestSignInPages is the sign-in as a browser without JavaScript does it:
// the CSRF token of the form, a wrong password, the right one, the account
// page of a district officer, sign-out and the old cookie refused.
func TestSignInPages(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newSigninFixture(t, db)
		b := f.client(t)
		vi := func(k i18n.Key) string { return i18n.T(i18n.VI, k) }

		login := b.get("/login")
		if login.Status != 200 || !strings.Contains(login.Body, `action="/login"`) {
			t.Fatalf("GET /login: %d\n%s", login.Status, login.Body)
		}
		wantCookie(t, login.cookie(loginCSRFCookie), false)
		csrf := formCSRF(t, login.Body)

		// Without the form's token, or with another: refused, whatever the password.
		for _, tok := range []string{"", "x" + csrf[1:]} {
			r := b.post("/login", url.Values{"csrf": {tok}, "username": {"officer.943"}, "password": {officerPW}})
			if r.Status != 403 || !strings.Contains(r.Body, vi(i18n.WebCSRFText)) || r.cookie(access.SessionCookie) != nil {
				t.Errorf("csrf %q: %d\n%s", tok, r.Status, r.Body)
			}
		}
		// A wrong password and an unknown user get the same page.
		wrong := b.post("/login", url.Values{"csrf": {csrf}, "username": {"officer.943"}, "password": {"sai mất rồi đấy"}})
		unknown := b.post("/login", url.Values{"csrf": {csrf}, "username": {"nobody.here"}, "password": {"sai mất rồi đấy"}})
		for _, r := range []signinAnswer{wrong, unknown} {
			if r.Status != 401 || !strings.Contains(r.Body, vi(i18n.WebSignInWrong)) || r.cookie(access.SessionCookie) != nil {
				t.Errorf("wrong sign-in: %d\n%s", r.Status, r.Body)
			}
		}
		if strings.Replace(wrong.Body, "officer.943", "nobody.here", 1) != unknown.Body {
			t.Error("a wrong password and an unknown username get different pages")
		}

		// The right password; a next= that leaves the site is ignored.
		ok := b.post("/login", url.Values{"csrf": {csrf}, "username": {"Officer.943"}, "password": {officerPW}, "next": {"//evil.example/x"}})
		if ok.Status != http.StatusSeeOther || ok.Header.Get("Location") != "/account" {
			t.Fatalf("sign in: %d %q", ok.Status, ok.Header.Get("Location"))
		}
		sc := ok.cookie(access.SessionCookie)
		wantCookie(t, sc, false)
		if strings.Contains(ok.Header.Get("Location"), sc.Value) {
			t.Error("the session's secret is in a URL")
		}
		acct := b.get("/account")
		for _, want := range []string{"Trần Thị Kế Sách", "officer.943", "<dd id=\"role\">cán bộ huyện</dd>", "Kế Sách <span class=\"code\">(943)</span>",
			`<a href="/api/v1/households"><code>GET /api/v1/households</code></a>`, "<li><code>PATCH /api/v1/households/{id}</code></li>", "Tài khoản: Trần Thị Kế Sách"} {
			if !strings.Contains(acct.Body, want) {
				t.Errorf("account page lacks %q:\n%s", want, acct.Body)
			}
		}
		for _, not := range []string{"/api/v1/users</code>", "/api/v1/journal</code>", "/account/users"} {
			if strings.Contains(acct.Body, not) {
				t.Errorf("a district officer's account page offers %q", not)
			}
		}
		if r := b.get("/account/users"); r.Status != 403 || !strings.Contains(r.Body, vi(i18n.WebAdminOnlyText)) {
			t.Errorf("officer on /account/users: %d", r.Status)
		}

		// Sign out: without the session's token refused; with it, the
		// cookie is cleared, and the old cookie no longer signs anyone in.
		old := b.jarValue(access.SessionCookie)
		if r := b.post("/logout", url.Values{"csrf": {csrf}}); r.Status != 403 {
			t.Errorf("logout with the login form's token: %d", r.Status)
		}
		if r := b.get("/account"); r.Status != 200 {
			t.Fatalf("a refused logout signed out: %d", r.Status)
		}
		out := b.post("/logout", url.Values{"csrf": {formCSRF(t, acct.Body)}})
		if out.Status != http.StatusSeeOther || out.Header.Get("Location") != "/login?signed_out=1" {
			t.Fatalf("logout: %d %q", out.Status, out.Header.Get("Location"))
		}
		if c := out.cookie(access.SessionCookie); c == nil || c.MaxAge >= 0 {
			t.Errorf("logout did not clear the cookie: %+v", c)
		}
		if r := b.get("/login?signed_out=1"); !strings.Contains(r.Body, "Bạn đã đăng xuất.") {
			t.Errorf("no signed-out message:\n%s", r.Body)
		}
		replay := f.client(t)
		u, _ := url.Parse(f.URL)
		replay.c.Jar.SetCookies(u, []*http.Cookie{{Name: access.SessionCookie, Value: old}})
		if r := replay.get("/account"); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Faccount" {
			t.Errorf("the signed-out cookie reused: %d %q", r.Status, r.Header.Get("Location"))
		}
		if _, _, err := f.si.Sessions.Session(context.Background(), old); rl.ErrorKind(err) != rl.Unauthenticated {
			t.Errorf("the signed-out session: %v", err)
		}

		// The audit log has the sign-ins, the refusals and the sign-out;
		// no log line and no table holds a password.
		recs, err := db.Audit().List(context.Background(), audit.Filter{Limit: 20})
		must(t, err)
		var got []string
		for _, r := range recs {
			got = append(got, fmt.Sprintf("%s %d %d", r.Route, r.Status, r.UserID))
		}
		want := []string{"signout 200 " + itoa64(f.officer.ID), "signin 200 " + itoa64(f.officer.ID), "signin 401 0", "signin 401 " + itoa64(f.officer.ID)}
		if strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Errorf("audit (newest first):\n got %v\nwant %v", got, want)
		}
		for _, pw := range []string{officerPW, "sai mất rồi đấy"} {
			if strings.Contains(f.logs.String(), pw) {
				t.Errorf("the log holds a password:\n%s", f.logs.String())
			}
			cols, err := db.ColumnsContaining(context.Background(), pw)
			if err != nil || len(cols) > 0 {
				t.Errorf("a password is stored in %v (%v)", cols, err)
			}
		}
	})
}

// TestSignInCookieSecure: cookies are Secure over TLS, and behind a proxy
// that says so only when the proxy is trusted.
func TestSignInCookieSecure(t *testing.T) {
	si := &SignIn{Sessions: access.NewSessions(nil, nil)}
	h := (&Server{Sessions: si}).Handler()
	secure := func(target string, header map[string]string) bool {
		req := httptest.NewRequest("GET", target, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		for _, c := range rec.Result().Cookies() {
			if c.Name == loginCSRFCookie {
				wantCookie(t, c, c.Secure)
				return c.Secure
			}
		}
		t.Fatalf("%s: no cookie", target)
		return false
	}
	proxied := map[string]string{"X-Forwarded-Proto": "https"}
	if secure("http://relief.example/login", nil) || !secure("https://relief.example/login", nil) || secure("http://relief.example/login", proxied) {
		t.Error("Secure: want it on TLS only, not on a header from an untrusted proxy")
	}
	// Only a proxy at a trusted address may say so (httptest's peer is 192.0.2.1).
	si.Proxies, _ = proxy.Parse("10.0.0.0/8")
	if secure("http://relief.example/login", proxied) {
		t.Error("Secure: a header from an address that is not a trusted proxy counted")
	}
	si.Proxies, _ = proxy.Parse("192.0.2.0/24")
	if !secure("http://relief.example/login", proxied) || secure("http://relief.example/login", nil) {
		t.Error("Secure behind a trusted proxy: want it when the proxy says https")
	}
}

// TestAdminSetsPassword: the admin's page sets a user's password with the
// session's CSRF token, in the page's words when refused; the change is
// audited and ends the user's sessions.
func TestAdminSetsPassword(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newSigninFixture(t, db)
		officer := f.client(t)
		if r := officer.signIn("officer.943", officerPW); r.Status != http.StatusSeeOther {
			t.Fatalf("officer sign-in: %d", r.Status)
		}
		admin := f.client(t)
		if r := admin.signIn("admin.test", adminPW); r.Status != http.StatusSeeOther {
			t.Fatalf("admin sign-in: %d", r.Status)
		}
		list := admin.get("/account/users")
		if list.Status != 200 || !strings.Contains(list.Body, "officer.943") || !strings.Contains(list.Body, fmt.Sprintf(`href="/account/users/%d"`, f.officer.ID)) {
			t.Fatalf("users: %d\n%s", list.Status, list.Body)
		}
		path := fmt.Sprintf("/account/users/%d", f.officer.ID)
		form := admin.get(path)
		csrf := formCSRF(t, form.Body)
		const newPW = "mùa nước nổi năm nay"
		if r := admin.post(path, url.Values{"username": {"officer.943"}, "password": {newPW}}); r.Status != 403 {
			t.Errorf("without csrf: %d", r.Status)
		}
		r := admin.post(path+"?lang=en", url.Values{"csrf": {csrf}, "username": {"officer.943"}, "password": {"short"}})
		if r.Status != 400 || !strings.Contains(r.Body, i18n.T(i18n.EN, i18n.WebUsersPasswordRule)) {
			t.Errorf("short password: %d\n%s", r.Status, r.Body)
		}
		// ?lang=en is remembered: back to Vietnamese.
		r = admin.post(path+"?lang=vi", url.Values{"csrf": {csrf}, "username": {"admin.test"}, "password": {newPW}})
		if r.Status != 400 || !strings.Contains(r.Body, i18n.T(i18n.VI, i18n.WebUsersUsernameTaken)) {
			t.Errorf("taken username: %d\n%s", r.Status, r.Body)
		}
		r = admin.post(path, url.Values{"csrf": {csrf}, "username": {"officer.943"}, "password": {newPW}})
		if r.Status != 200 || !strings.Contains(r.Body, i18n.F(i18n.VI, i18n.WebUsersSaved, f.officer.Name)) {
			t.Fatalf("set: %d\n%s", r.Status, r.Body)
		}
		if r := officer.get("/account"); r.Status != http.StatusSeeOther {
			t.Errorf("the officer's session outlived the reset: %d", r.Status)
		}
		if r := f.client(t).signIn("officer.943", newPW); r.Status != http.StatusSeeOther {
			t.Errorf("the new password: %d", r.Status)
		}
		recs, err := db.Audit().List(context.Background(), audit.Filter{Route: "/account/users/{id}", Limit: 5})
		must(t, err)
		if len(recs) != 1 || recs[0].UserID != f.admin.ID || recs[0].Target != fmt.Sprintf("user:%d", f.officer.ID) || recs[0].Status != 200 {
			t.Errorf("audit of the reset: %+v", recs)
		}
		if cols, err := db.ColumnsContaining(context.Background(), newPW); err != nil || len(cols) > 0 {
			t.Errorf("the new password is stored in %v (%v)", cols, err)
		}
		if strings.Contains(f.logs.String(), newPW) {
			t.Error("the log holds the new password")
		}
	})
}

// TestSignOutEverywherePage: the button ends every session of the user,
// on every device, and not another user's.
func TestSignOutEverywherePage(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newSigninFixture(t, db)
		phone, desk, adminTab := f.client(t), f.client(t), f.client(t)
		for _, c := range []*signinClient{phone, desk} {
			if r := c.signIn("officer.943", officerPW); r.Status != http.StatusSeeOther {
				t.Fatalf("sign in: %d", r.Status)
			}
		}
		if r := adminTab.signIn("admin.test", adminPW); r.Status != http.StatusSeeOther {
			t.Fatalf("admin sign in: %d", r.Status)
		}
		acct := phone.get("/account")
		if r := phone.post("/account/sign-out-everywhere", url.Values{"csrf": {formCSRF(t, desk.get("/account").Body)}}); r.Status != 403 {
			t.Errorf("with another session's token: %d", r.Status)
		}
		r := phone.post("/account/sign-out-everywhere", url.Values{"csrf": {formCSRF(t, acct.Body)}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login?signed_out=all" {
			t.Fatalf("sign out everywhere: %d %q", r.Status, r.Header.Get("Location"))
		}
		for name, c := range map[string]*signinClient{"phone": phone, "desk": desk} {
			if r := c.get("/account"); r.Status != http.StatusSeeOther {
				t.Errorf("%s still signed in: %d", name, r.Status)
			}
		}
		if r := adminTab.get("/account"); r.Status != 200 {
			t.Errorf("another user's session ended too: %d", r.Status)
		}
		if r := phone.get("/login?signed_out=all"); !strings.Contains(r.Body, "Bạn đã đăng xuất trên mọi thiết bị.") {
			t.Errorf("no message:\n%s", r.Body)
		}
	})
}
