package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func get(t testing.TB, h http.Handler, target string, cookies ...*http.Cookie) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// TestLanguageSwitch: Vietnamese by default, ?lang=en switches and the
// cookie it sets keeps English on the next page.
func TestLanguageSwitch(t *testing.T) {
	h := (&Server{}).Handler()
	res, body := get(t, h, "/no-such-page")
	if res.StatusCode != 404 || !strings.Contains(body, "Không tìm thấy trang") || !strings.Contains(body, `<html lang="vi">`) {
		t.Fatalf("default page: %d, want Vietnamese 404:\n%s", res.StatusCode, body)
	}
	if !strings.Contains(body, `href="/no-such-page?lang=en"`) || !strings.Contains(body, `href="/login"`) {
		t.Errorf("the header lacks the language switch or the sign-in link:\n%s", body)
	}
	res, body = get(t, h, "/no-such-page?lang=en")
	if !strings.Contains(body, "Page not found") {
		t.Fatalf("?lang=en: want English:\n%s", body)
	}
	var lc *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == langCookie {
			lc = c
		}
	}
	if lc == nil || lc.Value != "en" {
		t.Fatalf("?lang=en set no cookie: %v", res.Cookies())
	}
	if _, body = get(t, h, "/elsewhere", lc); !strings.Contains(body, "Page not found") {
		t.Errorf("the cookie did not keep English:\n%s", body)
	}
}

func TestStaticAndHeaders(t *testing.T) {
	h := (&Server{}).Handler()
	res, body := get(t, h, "/static/site.css")
	if res.StatusCode != 200 || !strings.Contains(body, "@media print") {
		t.Fatalf("site.css: %d", res.StatusCode)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP = %q", csp)
	}
}

type fakeSessions struct{ v *Viewer }

func (f fakeSessions) Viewer(*http.Request) (Viewer, bool) {
	if f.v == nil {
		return Viewer{}, false
	}
	return *f.v, true
}

// TestSignInHook: a page that needs sign-in sends a stranger to /login and
// lets a signed-in user through; the header names the user.
func TestSignInHook(t *testing.T) {
	s := &Server{}
	ok := func(w http.ResponseWriter, r *http.Request) { s.render(w, r, 200, "message", message{Title: "inside"}) }
	h := s.wrap(page{Method: "GET", Path: "/secret", Handler: ok, SignIn: true})
	res, _ := get(t, h, "/secret?x=1")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Fsecret%3Fx%3D1" {
		t.Fatalf("stranger: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	s.Sessions = fakeSessions{&Viewer{ID: 7, Name: "Lan <b>"}}
	res, body := get(t, h, "/secret")
	if res.StatusCode != 200 || !strings.Contains(body, "Tài khoản: Lan &lt;b&gt;") {
		t.Fatalf("signed in: %d\n%s", res.StatusCode, body)
	}
}

// TestSearchCountCapped: past the count's cap the page says "more than".
func TestSearchCountCapped(t *testing.T) {
	s := &Server{}
	s.Handler()
	for _, c := range []struct {
		lang, want string
	}{{"vi", "Tìm thấy hơn 10.000 khoản ủng hộ."}, {"en", "More than 10,000 donations found."}} {
		rec := httptest.NewRecorder()
		s.render(rec, httptest.NewRequest("GET", "/donations?lang="+c.lang, nil), 200, "donations",
			searchData{Asked: true, Count: 10000, Capped: true})
		if got := text(rec.Body.String()); !strings.Contains(got, c.want) {
			t.Errorf("%s: no %q in %s", c.lang, c.want, got)
		}
	}
}

// TestSearchCountPartial: a search that stopped where one search may says
// "at least", and that the next page searches on.
func TestSearchCountPartial(t *testing.T) {
	s := &Server{}
	s.Handler()
	for _, c := range []struct {
		lang, want string
	}{{"vi", "Tìm thấy ít nhất 3 khoản ủng hộ trong những khoản mới nhất đã xem; trang sau tìm tiếp."},
		{"en", "At least 3 donations found among the newest searched; the next page searches on."}} {
		rec := httptest.NewRecorder()
		s.render(rec, httptest.NewRequest("GET", "/donations?lang="+c.lang, nil), 200, "donations",
			searchData{Asked: true, Count: 3, Partial: true, NextURL: "/donations?q=3-17&cursor=2021-11-08.2802"})
		if got := text(rec.Body.String()); !strings.Contains(got, c.want) {
			t.Errorf("%s: no %q in %s", c.lang, c.want, got)
		}
	}
}
