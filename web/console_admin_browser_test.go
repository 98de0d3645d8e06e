package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestConsoleAdminBrowser is the admin's work in headless chromium without
// JavaScript, on each backend: sign in, create a district officer through
// the form, issue them a token (its secret shown once), look at the funds,
// sign out; the new user signs in with the first password and sees their
// own console. Every admin page is screenshot at phone and desktop width.
func TestConsoleAdminBrowser(t *testing.T) {
	exe := chromium(t)
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newConsoleFixture(t, db)
		f.adminUser(t)
		b := newTab(t, exe, f.URL)
		signIn := func(username, password string) {
			b.call(chromedp.Navigate(f.URL+"/login?next=%2Fconsole"), chromedp.WaitVisible(chromedp.CSS("#username")),
				chromedp.SendKeys(chromedp.CSS("#username"), username), chromedp.SendKeys(chromedp.CSS("#password"), password),
				chromedp.Click(chromedp.CSS("#signin")), chromedp.WaitVisible(chromedp.CSS("#console-who")))
		}
		signIn("admin.test", consolePW)
		if who := b.text("#console-who"); who != "Quản Trị Viên · quản trị · Toàn tỉnh" {
			t.Errorf("console frame: %q", who)
		}

		b.visit("console-users", "/console/users")
		// A refused form: a district officer without a district.
		b.call(chromedp.SendKeys(chromedp.CSS("#name"), "Huỳnh Thị Thu"), chromedp.SetValue(chromedp.CSS("#role"), "district_officer"),
			chromedp.SendKeys(chromedp.CSS("#username"), "thu.huynh"), chromedp.SendKeys(chromedp.CSS("#password"), "mùa nước nổi 2021"),
			chromedp.Click(chromedp.CSS("#create")), chromedp.WaitVisible(chromedp.CSS("#district-error")))
		if got := b.text("#district-error"); got != "⚠ Cán bộ huyện phải có huyện." && got != "Cán bộ huyện phải có huyện." {
			t.Errorf("district error: %q", got)
		}
		shot(t, b, "console-users-refused")
		// The same form, now with the district (the password is typed again:
		// a refused form never shows it back).
		b.call(chromedp.SetValue(chromedp.CSS("#district"), "946"), chromedp.SendKeys(chromedp.CSS("#password"), "mùa nước nổi 2021"),
			chromedp.Click(chromedp.CSS("#create")), chromedp.WaitVisible(chromedp.CSS("#done")))
		if got := b.text("#done"); got != "Đã tạo người dùng Huỳnh Thị Thu." {
			t.Errorf("after creating: %q", got)
		}
		u, err := f.users.ByUsername(context.Background(), "thu.huynh")
		must(t, err)
		if u.District != "946" {
			t.Errorf("created %+v", u)
		}
		path := fmt.Sprintf("/console/users/%d", u.ID)
		b.visit("console-user", path)
		b.call(chromedp.SendKeys(chromedp.CSS("#token-name"), "máy tính bảng xã"), chromedp.Click(chromedp.CSS("#issue")),
			chromedp.WaitVisible(chromedp.CSS("#secret")))
		if secret := b.text("#secret"); !strings.HasPrefix(secret, "rl_") {
			t.Errorf("the token's secret: %q", secret)
		}
		shot(t, b, "console-user-token")
		b.visit("console-funds", "/console/funds?fund=POOR")

		// Sign out; the new user signs in and sees their console.
		b.call(chromedp.Click(chromedp.CSS("#console-signout")), chromedp.WaitNotPresent(chromedp.CSS("#console-who")), chromedp.WaitVisible(chromedp.CSS("#username")))
		signIn("thu.huynh", "mùa nước nổi 2021")
		b.visit("console-new-user", "/console")
		if who := b.text("#console-who"); !strings.HasPrefix(who, "Huỳnh Thị Thu · cán bộ huyện · ") || !strings.HasSuffix(who, "(946)") {
			t.Errorf("the new user's console: %q", who)
		}
		if b.text("main h1") == "" {
			t.Errorf("the new user's console has no heading")
		}
	})
}
