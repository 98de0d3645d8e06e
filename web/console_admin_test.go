package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"reliefledger/access"
	"reliefledger/audit"
	"reliefledger/internal/i18n"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// formValue is the value of the first input named name in body.
func formValue(t *testing.T, body, name string) string {
	t.Helper()
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no input %q in:\n%s", name, body)
	}
	return html.UnescapeString(m[1])
}

// adminUser makes the admin of the console tests.
func (f *consoleFixture) adminUser(t *testing.T) access.User {
	t.Helper()
	return f.user(t, "Quản Trị Viên", "admin.test", access.Admin, "")
}

func TestConsoleAdmin(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newConsoleFixture(t, db)
		admin := f.adminUser(t)
		b := f.as(t, "admin.test")
		t.Run("who may", func(t *testing.T) { testAdminWhoMay(t, f) })
		t.Run("create", func(t *testing.T) { testAdminCreate(t, f, b, db) })
		t.Run("field errors", func(t *testing.T) { testAdminFieldErrors(t, f, b) })
		t.Run("role and deactivate", func(t *testing.T) { testAdminRoleAndDeactivate(t, f, b, admin) })
		t.Run("tokens", func(t *testing.T) { testAdminTokens(t, f, b) })
		t.Run("paging", func(t *testing.T) { testAdminPaging(t, f, b) })
		t.Run("funds", func(t *testing.T) { testAdminFunds(t, f, b) })
	})
}

func testAdminWhoMay(t *testing.T, f *consoleFixture) {
	auditor := f.as(t, "auditor.test")
	for _, path := range []string{"/console/users", fmt.Sprintf("/console/users/%d", f.officer.ID), "/console/funds"} {
		if r := auditor.get(path); r.Status != http.StatusForbidden {
			t.Errorf("an auditor opens %s: %d", path, r.Status)
		}
	}
	home := auditor.get("/console")
	if strings.Contains(home.Body, `href="/console/users"`) || strings.Contains(home.Body, `href="/console/funds"`) {
		t.Errorf("the auditor's console links the admin's pages")
	}
	// An auditor's post with a valid CSRF token is still refused by role.
	csrf := formCSRF(t, home.Body)
	if r := auditor.post("/console/users", url.Values{"csrf": {csrf}, "idem": {"k"}, "name": {"X"}, "role": {"auditor"}}); r.Status != http.StatusForbidden {
		t.Errorf("an auditor creates a user: %d", r.Status)
	}
}

func testAdminCreate(t *testing.T, f *consoleFixture, b *signinClient, db *store.DB) {
	ctx := context.Background()
	page := b.get("/console/users")
	if page.Status != 200 || !strings.Contains(page.Body, `<a href="/console/users" aria-current="page">Người dùng</a>`) || !strings.Contains(page.Body, "officer.943") {
		t.Fatalf("/console/users: %d\n%s", page.Status, page.Body)
	}
	form := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {formValue(t, page.Body, "idem")}, "name": {"Đỗ Thị Mai"},
		"role": {"district_officer"}, "district": {"944"}, "username": {"Mai.Do"}, "password": {"nước chảy đá mòn"}}

	// No CSRF token: refused, nothing created.
	noCSRF := url.Values{}
	for k, v := range form {
		if k != "csrf" {
			noCSRF[k] = v
		}
	}
	if r := b.post("/console/users", noCSRF); r.Status != http.StatusForbidden {
		t.Errorf("create without CSRF: %d", r.Status)
	}
	if _, err := f.users.ByUsername(ctx, "mai.do"); err == nil {
		t.Fatalf("a post without CSRF created the user")
	}

	// Posted twice with the same key: one user.
	first := b.post("/console/users", form)
	second := b.post("/console/users", form)
	if first.Status != http.StatusSeeOther || second.Status != http.StatusSeeOther || first.Header.Get("Location") != second.Header.Get("Location") {
		t.Fatalf("create twice: %d %q, %d %q\n%s", first.Status, first.Header.Get("Location"), second.Status, second.Header.Get("Location"), first.Body)
	}
	n := 0
	users, err := f.users.List(ctx, 0, 500)
	must(t, err)
	for _, u := range users {
		if u.Name == "Đỗ Thị Mai" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("posting the form twice made %d users", n)
	}
	mai, err := f.users.ByUsername(ctx, "mai.do")
	must(t, err)
	if mai.Role != access.DistrictOfficer || mai.District != "944" {
		t.Errorf("created %+v", mai)
	}
	if cols, err := db.ColumnsContaining(ctx, "nước chảy đá mòn"); err != nil || len(cols) > 0 {
		t.Errorf("the password is stored in clear in %v (%v)", cols, err)
	}
	shown := b.get(first.Header.Get("Location"))
	for _, want := range []string{"Đã tạo người dùng Đỗ Thị Mai.", "<code>mai.do</code>", "cán bộ huyện", "(944)", vi.T("console.admin.no_tokens")} {
		if !strings.Contains(shown.Body, want) {
			t.Errorf("the new user's page lacks %q:\n%s", want, shown.Body)
		}
	}
	// The new user signs in with the first password.
	if r := (&signinFixture{URL: f.URL}).client(t).signIn("mai.do", "nước chảy đá mòn"); r.Status != http.StatusSeeOther {
		t.Errorf("the new user signs in: %d", r.Status)
	}
	// One audit record for the creation, naming the user.
	recs, err := f.audit.List(ctx, audit.Filter{Route: "/console/users", Limit: 10})
	must(t, err)
	var got []string
	for _, r := range recs {
		got = append(got, fmt.Sprintf("%d %s", r.Status, r.Target))
	}
	if want := fmt.Sprintf("200 user:%d", mai.ID); len(got) != 2 || got[0] != want {
		t.Errorf("audit of the creation: %v, want [%s] and one replay", got, want)
	}
	// The same key with other values: refused (a conflict), nothing made.
	form.Set("name", "Người Khác")
	if r := b.post("/console/users", form); r.Status != http.StatusConflict {
		t.Errorf("the same key with another name: %d", r.Status)
	}
}

func testAdminFieldErrors(t *testing.T, f *consoleFixture, b *signinClient) {
	page := b.get("/console/users")
	post := func(v url.Values) signinAnswer {
		v.Set("csrf", formCSRF(t, page.Body))
		v.Set("idem", newFormKey())
		return b.post("/console/users", v)
	}
	r := post(url.Values{"name": {"Võ Văn Tám"}, "role": {"district_officer"}, "username": {"tam.vo"}, "password": {"ngắn"}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a district officer without district: %d\n%s", r.Status, r.Body)
	}
	for _, want := range []string{
		`<p class="field-error" id="district-error" role="alert">` + vi.T(string(i18n.ConsoleAdminErrDistrictNeed)) + `</p>`,
		`<p class="field-error" id="password-error" role="alert">` + html.EscapeString(vi.T(string(i18n.WebUsersPasswordRule))) + `</p>`,
		`value="Võ Văn Tám"`, `value="tam.vo"`, `<option value="district_officer" selected>`,
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if strings.Contains(r.Body, "ngắn") {
		t.Errorf("the refused form shows the password again")
	}
	if _, err := f.users.ByUsername(context.Background(), "tam.vo"); err == nil {
		t.Errorf("a refused form created the user")
	}
	// A taken username.
	r = post(url.Values{"name": {"Another"}, "role": {"auditor"}, "username": {"officer.943"}, "password": {"một mật khẩu dài đủ"}})
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, `id="username-error"`) {
		t.Errorf("a taken username: %d\n%s", r.Status, r.Body)
	}
	// A username without a password.
	r = post(url.Values{"name": {"Nguyễn Chín"}, "role": {"auditor"}, "username": {"chin.nguyen"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, vi.T(string(i18n.ConsoleAdminErrPasswordNeed))) {
		t.Errorf("a username without password: %d", r.Status)
	}
}

func testAdminRoleAndDeactivate(t *testing.T, f *consoleFixture, b *signinClient, admin access.User) {
	ctx := context.Background()
	lan := f.user(t, "Lâm Thị Lan", "lan.lam", access.FundOfficer, "")
	lanB := f.as(t, "lan.lam")
	if r := lanB.get("/console"); r.Status != 200 {
		t.Fatalf("Lan's console: %d", r.Status)
	}
	path := fmt.Sprintf("/console/users/%d", lan.ID)
	page := b.get(path)
	csrf := formCSRF(t, page.Body)

	// Make her a district officer without a district: the error is next to
	// the field; then with 945.
	r := b.post(path, url.Values{"csrf": {csrf}, "role": {"district_officer"}, "district": {""}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="district-error"`) {
		t.Errorf("district officer without district: %d", r.Status)
	}
	if r := b.post(path, url.Values{"role": {"district_officer"}, "district": {"945"}}); r.Status != http.StatusForbidden {
		t.Errorf("change of role without CSRF: %d", r.Status)
	}
	for i := 0; i < 2; i++ { // twice: the same result
		r = b.post(path, url.Values{"csrf": {csrf}, "role": {"district_officer"}, "district": {"945"}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != path+"?done=saved" {
			t.Fatalf("change of role: %d %s", r.Status, r.Body)
		}
	}
	got, err := f.users.Get(ctx, lan.ID)
	must(t, err)
	if got.Role != access.DistrictOfficer || got.District != "945" {
		t.Errorf("after the change: %+v", got)
	}
	// Her session sees the new role at once.
	if me := lanB.get("/account"); !strings.Contains(me.Body, "945") {
		t.Errorf("Lan's account page does not show district 945")
	}

	// Deactivate: her session is refused at once, she cannot sign in.
	if r := b.post(path+"/active", url.Values{"active": {"false"}}); r.Status != http.StatusForbidden {
		t.Errorf("deactivate without CSRF: %d", r.Status)
	}
	for i := 0; i < 2; i++ {
		r = b.post(path+"/active", url.Values{"csrf": {csrf}, "active": {"false"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("deactivate: %d %s", r.Status, r.Body)
		}
	}
	off, err := f.users.Get(ctx, lan.ID)
	must(t, err)
	if off.DisabledAt == nil {
		t.Fatalf("not deactivated")
	}
	if r := lanB.get("/console"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Errorf("the deactivated user's session: %d %q", r.Status, r.Header.Get("Location"))
	}
	if r := (&signinFixture{URL: f.URL}).client(t).signIn("lan.lam", consolePW); r.Status == http.StatusSeeOther {
		t.Errorf("the deactivated user signed in")
	}
	shown := b.get(path + "?done=deactivated")
	if !strings.Contains(shown.Body, "Đã ngừng hoạt động tài khoản Lâm Thị Lan.") || !strings.Contains(shown.Body, `id="reactivate"`) {
		t.Errorf("the page after deactivation:\n%s", shown.Body)
	}
	list := b.get("/console/users")
	if !strings.Contains(list.Body, "Ngừng hoạt động từ") {
		t.Errorf("the list does not show the deactivation")
	}
	// Reactivate: she signs in again.
	if r := b.post(path+"/active", url.Values{"csrf": {csrf}, "active": {"true"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("reactivate: %d", r.Status)
	}
	if r := (&signinFixture{URL: f.URL}).client(t).signIn("lan.lam", consolePW); r.Status != http.StatusSeeOther {
		t.Errorf("the reactivated user signs in: %d", r.Status)
	}

	// Oneself: the buttons are disabled, and a forged post is refused
	// next to the field.
	self := fmt.Sprintf("/console/users/%d", admin.ID)
	mine := b.get(self)
	if !strings.Contains(mine.Body, `id="self"`) || !strings.Contains(mine.Body, `id="deactivate" class="danger" aria-describedby="active-error" disabled`) {
		t.Errorf("the admin's own page:\n%s", mine.Body)
	}
	r = b.post(self+"/active", url.Values{"csrf": {csrf}, "active": {"false"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, vi.T(string(i18n.ConsoleAdminErrSelfActive))) {
		t.Errorf("an admin deactivates themselves: %d", r.Status)
	}
	// Reset her password: her sessions end, the new one works.
	lanB = f.as(t, "lan.lam")
	r = b.post(path+"/password", url.Values{"csrf": {csrf}, "username": {"lan.lam"}, "password": {"trăng rằm tháng tám"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("reset password: %d %s", r.Status, r.Body)
	}
	if r := lanB.get("/console"); r.Status != http.StatusSeeOther {
		t.Errorf("a session outlived the password reset: %d", r.Status)
	}
	if r := (&signinFixture{URL: f.URL}).client(t).signIn("lan.lam", "trăng rằm tháng tám"); r.Status != http.StatusSeeOther {
		t.Errorf("the new password: %d", r.Status)
	}
	r = b.post(path+"/password", url.Values{"csrf": {csrf}, "username": {"lan.lam"}, "password": {"ngắn"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="password-error"`) {
		t.Errorf("a short password: %d", r.Status)
	}
	recs, err := f.audit.List(ctx, audit.Filter{Route: "/console/users/{id}/active", Limit: 10})
	must(t, err)
	if len(recs) != 4 || recs[0].Status != http.StatusUnprocessableEntity {
		t.Errorf("audit of activity changes: %+v", recs)
	}
}

func testAdminTokens(t *testing.T, f *consoleFixture, b *signinClient) {
	ctx := context.Background()
	bot := f.user(t, "Máy đối soát", "bot.doisoat", access.Auditor, "")
	path := fmt.Sprintf("/console/users/%d", bot.ID)
	page := b.get(path)
	form := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {formValue(t, page.Body, "idem")}, "name": {"đối soát hằng đêm"}, "expires": {"2099-01-01"}}
	r := b.post(path+"/tokens", form)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="expires_at-error"`) {
		t.Errorf("a token for 73 years: %d", r.Status)
	}
	form.Set("expires", "")
	form.Set("idem", newFormKey())
	first := b.post(path+"/tokens", form)
	m := regexp.MustCompile(`<code id="secret" class="hash">(rl_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(first.Body)
	if first.Status != 200 || m == nil || first.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("issue a token: %d\n%s", first.Status, first.Body)
	}
	second := b.post(path+"/tokens", form)
	if second.Status != 200 || strings.Contains(second.Body, `id="secret"`) || !strings.Contains(second.Body, "đã được cấp ở lần gửi trước") {
		t.Errorf("the same form again: %d\n%s", second.Status, second.Body)
	}
	toks, err := f.users.Tokens(ctx, bot.ID)
	must(t, err)
	if len(toks) != 1 {
		t.Fatalf("posting twice issued %d tokens", len(toks))
	}
	// The secret works on the API.
	call := func() int {
		req, _ := http.NewRequest("GET", f.URL+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+m[1])
		res, err := http.DefaultClient.Do(req)
		must(t, err)
		res.Body.Close()
		return res.StatusCode
	}
	if s := call(); s != 200 {
		t.Fatalf("the issued token: %d", s)
	}
	if r := b.post(fmt.Sprintf("%s/tokens/%d/revoke", path, toks[0].ID), url.Values{"idem": {"x"}}); r.Status != http.StatusForbidden {
		t.Errorf("revoke without CSRF: %d", r.Status)
	}
	for i := 0; i < 2; i++ {
		r = b.post(fmt.Sprintf("%s/tokens/%d/revoke", path, toks[0].ID), url.Values{"csrf": {form.Get("csrf")}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
	}
	toks2, err := f.users.Tokens(ctx, bot.ID)
	must(t, err)
	if toks2[0].RevokedAt == nil {
		t.Fatalf("not revoked")
	}
	shown := b.get(r.Header.Get("Location"))
	if !strings.Contains(shown.Body, "Đã thu hồi mã “đối soát hằng đêm”.") || strings.Contains(shown.Body, "revoke-") {
		t.Errorf("the page after revoking:\n%s", shown.Body)
	}
	// Another user's token through this user's path: not found.
	if r := b.post(fmt.Sprintf("/console/users/%d/tokens/%d/revoke", f.auditor.ID, toks[0].ID), url.Values{"csrf": {form.Get("csrf")}}); r.Status != http.StatusNotFound {
		t.Errorf("revoke another user's token: %d", r.Status)
	}
	if r := b.get("/console/users/999999"); r.Status != http.StatusNotFound {
		t.Errorf("an unknown user: %d", r.Status)
	}
}

func testAdminPaging(t *testing.T, f *consoleFixture, b *signinClient) {
	ids := regexp.MustCompile(`data-user="(\d+)"`)
	first := b.get("/console/users?limit=2")
	next := regexp.MustCompile(`<a href="([^"]+)" id="next"`).FindStringSubmatch(first.Body)
	one := ids.FindAllStringSubmatch(first.Body, -1)
	if first.Status != 200 || next == nil || len(one) != 2 {
		t.Fatalf("first page: %d %v %v", first.Status, next, one)
	}
	second := b.get("/console/users" + html.UnescapeString(next[1]))
	two := ids.FindAllStringSubmatch(second.Body, -1)
	if second.Status != 200 || len(two) != 2 || !strings.Contains(second.Body, vi.T("console.first")) {
		t.Fatalf("second page: %d\n%s", second.Status, second.Body)
	}
	if two[0][1] == one[0][1] || two[0][1] == one[1][1] {
		t.Errorf("the second page repeats the first: %v then %v", one, two)
	}
	if r := b.get("/console/users?cursor=bogus"); !strings.Contains(r.Body, vi.T(string(i18n.ConsoleBadCursor))) {
		t.Errorf("a bad cursor is not explained")
	}
}

func testAdminFunds(t *testing.T, f *consoleFixture, b *signinClient) {
	ctx := context.Background()
	r := b.get("/console/funds?fund=POOR")
	if r.Status != 200 {
		t.Fatalf("/console/funds: %d\n%s", r.Status, r.Body)
	}
	for _, want := range []string{`data-fund="POOR"`, `data-fund="COVID"`, `id="account-list"`, "Tài khoản của quỹ POOR"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("/console/funds lacks %q", want)
		}
	}
	// The asset column of POOR is the trial balance's asset total.
	sums, err := f.srv.Ledger.FundSummaries(ctx)
	must(t, err)
	for _, s := range sums {
		if s.Code != "POOR" {
			continue
		}
		row := regexp.MustCompile(`(?s)<tr data-fund="POOR">.*?</tr>`).FindString(r.Body)
		// Assets on the debit side, revenue on the credit side: both positive.
		for _, want := range []string{vi.Money(s.ByType["asset"]), vi.Money(s.ByType["revenue"].Neg())} {
			if !strings.Contains(row, ">"+want+"<") || strings.HasPrefix(want, "-") {
				t.Errorf("POOR's row lacks %s:\n%s", want, row)
			}
		}
	}
	if r := b.get("/console/funds?fund=NOPE"); !strings.Contains(r.Body, "Không có quỹ mã “NOPE”.") {
		t.Errorf("an unknown fund is not explained")
	}
	if r := f.as(t, "officer.943").get("/console/funds"); r.Status != http.StatusForbidden {
		t.Errorf("a district officer opens the funds page: %d", r.Status)
	}
}
