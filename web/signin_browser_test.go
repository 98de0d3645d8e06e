package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestSignInBrowser signs a district officer in and out in headless
// chromium (without JavaScript, as the pages must work) on each backend:
// a wrong password shows the error, a form whose CSRF token was removed is
// refused with the 403 page, the right password reaches the account page
// with the role and district, and after signing out the old cookie put
// back into the browser is refused.
func TestSignInBrowser(t *testing.T) {
	exe := chromium(t)
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newSigninFixture(t, db)
		b := newTab(t, exe, f.URL)
		fill := func(username, password string) {
			t.Helper()
			b.call(chromedp.WaitVisible(chromedp.CSS("#username")),
				chromedp.SendKeys(chromedp.CSS("#username"), username),
				chromedp.SendKeys(chromedp.CSS("#password"), password))
		}

		b.visit("login", "/login")
		fill("officer.943", "sai mật khẩu rồi")
		b.call(chromedp.Click(chromedp.CSS("#signin")), chromedp.WaitVisible(chromedp.CSS("#error")))
		if got := b.text("#error"); !strings.Contains(got, "Sai tên đăng nhập hoặc mật khẩu") {
			t.Errorf("wrong password: %q", got)
		}

		// The form as another site would post it: no CSRF token.
		b.call(chromedp.Navigate(f.URL + "/login"))
		fill("officer.943", officerPW)
		b.call(chromedp.SetAttributeValue(chromedp.CSS(`input[name="csrf"]`), "value", ""),
			chromedp.Click(chromedp.CSS("#signin")), chromedp.WaitVisible(chromedp.CSS("p.message")))
		if h1, msg := b.text("main h1"), b.text("p.message"); h1 != "Yêu cầu bị từ chối" || !strings.Contains(msg, "Biểu mẫu đã hết hạn") {
			t.Errorf("form without its token: %q / %q", h1, msg)
		}

		b.call(chromedp.Navigate(f.URL + "/login"))
		fill("officer.943", officerPW)
		b.call(chromedp.Click(chromedp.CSS("#signin")), chromedp.WaitVisible(chromedp.CSS("#who")))
		if role, district := b.text("#role"), b.text("#district"); role != "cán bộ huyện" || district != "Kế Sách (943)" {
			t.Errorf("account: role %q, district %q", role, district)
		}
		b.visit("account", "/account")
		old := b.cookie(access.SessionCookie)
		if old == nil || !old.HTTPOnly || old.SameSite != network.CookieSameSiteLax || !old.Session {
			t.Fatalf("session cookie in the browser: %+v", old)
		}

		b.call(chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#status")))
		if got := b.text("#status"); got != "Bạn đã đăng xuất." {
			t.Errorf("after sign-out: %q", got)
		}
		if c := b.cookie(access.SessionCookie); c != nil {
			t.Errorf("the browser kept the session cookie: %+v", c)
		}
		// Put the old cookie back: the server refuses it.
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: access.SessionCookie, Value: old.Value, URL: f.URL,
			HTTPOnly: ptr(true), SameSite: network.CookieSameSiteLax})
		cancel()
		must(t, err)
		b.call(chromedp.Navigate(f.URL+"/account"), chromedp.WaitVisible(chromedp.CSS("#signin")))
		if h1 := b.text("main h1"); h1 != "Đăng nhập cho cán bộ" {
			t.Errorf("the old cookie opened %q", h1)
		}
	})
}

// cookie is the browser's cookie for the tab's origin named name, or nil.
func (tb *tab) cookie(name string) *network.Cookie {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{tb.origin}})
	must(tb.t, err)
	for _, c := range res.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}
