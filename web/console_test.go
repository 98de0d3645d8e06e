package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"reliefledger/access"
	"reliefledger/api"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

const consolePW = "sổ sách minh bạch 2021"

// consoleFixture is the portal over the demo books with the real sign-in
// and one user of each role the tests need.
type consoleFixture struct {
	*fixture
	URL                           string
	auditor, officer, fundOfficer access.User
}

func newConsoleFixture(t *testing.T, db *store.DB) *consoleFixture {
	t.Helper()
	f := newFixture(t, db)
	ctx := context.Background()
	cheap := access.PasswordParams{Memory: 64, Time: 1, Threads: 1}
	users := access.NewUsers(db.Access(), access.NewService(db.Access(), nil), nil)
	users.District, users.Params = f.srv.Households.DistrictExists, cheap
	sessions := access.NewSessions(db.Access(), nil)
	sessions.Params = cheap
	si := &SignIn{Sessions: sessions, Users: users, Routes: func(role access.Role) []RouteLink {
		var out []RouteLink
		for _, r := range api.RoutesFor(role) {
			out = append(out, RouteLink{Method: r.Method, Path: r.Path, Tag: r.Tag})
		}
		return out
	}}
	srv := *f.srv // the same services, now with sign-in
	srv.Sessions = si
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	mk := func(name, username string, role access.Role, district string) access.User {
		u, _, err := users.Create(ctx, access.UserInput{Name: name, Role: role, District: district}, nil)
		must(t, err)
		u, err = users.SetPassword(ctx, u.ID, username, consolePW)
		must(t, err)
		return u
	}
	return &consoleFixture{fixture: f, URL: hs.URL,
		auditor:     mk("Lê Kiểm Toán", "auditor.test", access.Auditor, ""),
		officer:     mk("Trần Thị Kế Sách", "officer.943", access.DistrictOfficer, "943"),
		fundOfficer: mk("Phạm Văn Quỹ", "fund.test", access.FundOfficer, ""),
	}
}

func (f *consoleFixture) as(t *testing.T, username string) *signinClient {
	t.Helper()
	b := (&signinFixture{URL: f.URL}).client(t)
	if r := b.signIn(username, consolePW); r.Status != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d\n%s", username, r.Status, r.Body)
	}
	return b
}

var vi = &View{Lang: i18n.VI}

func TestConsolePages(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newConsoleFixture(t, db)
		auditor := f.as(t, "auditor.test")
		t.Run("frame", func(t *testing.T) { testConsoleFrame(t, f, auditor) })
		t.Run("roles", func(t *testing.T) { testConsoleRoles(t, f) })
		t.Run("trial balance", func(t *testing.T) { testConsoleTrial(t, f, auditor) })
		t.Run("journal paging", func(t *testing.T) { testConsoleJournal(t, f, auditor) })
		t.Run("entry", func(t *testing.T) { testConsoleEntry(t, f, auditor) })
		t.Run("verify", func(t *testing.T) { testConsoleVerify(t, f, auditor) })
		t.Run("checkpoints", func(t *testing.T) { testConsoleCheckpoints(t, f, auditor) })
	})
}

func testConsoleFrame(t *testing.T, f *consoleFixture, b *signinClient) {
	// Not signed in: to the sign-in page, coming back here after.
	anon := (&signinFixture{URL: f.URL}).client(t)
	if r := anon.get("/console/journal"); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Fconsole%2Fjournal" {
		t.Errorf("anonymous: %d %q", r.Status, r.Header.Get("Location"))
	}
	home := b.get("/console")
	if home.Status != 200 {
		t.Fatalf("/console: %d\n%s", home.Status, home.Body)
	}
	for _, want := range []string{"Lê Kiểm Toán", `<span id="console-role">kiểm toán</span>`, "Toàn tỉnh", `id="console-signout"`,
		`<a href="/console/journal">Sổ nhật ký</a>`, `<a href="/console/trial-balance">Bảng cân đối thử</a>`,
		`<a href="/console/verify">Kiểm tra sổ</a>`, `<a href="/console/checkpoints">Điểm mốc đã ký</a>`} {
		if !strings.Contains(home.Body, want) {
			t.Errorf("/console lacks %q", want)
		}
	}
	if en := b.get("/console?lang=en"); !strings.Contains(en.Body, `<a href="/console/trial-balance">Trial balance</a>`) || !strings.Contains(en.Body, "auditor") {
		t.Errorf("/console in English:\n%s", en.Body)
	}
	b.get("/console?lang=vi") // the other tests read Vietnamese
}

// testConsoleRoles: a page answers a role exactly as the API's route table
// does, and the navigation offers only what the role may open.
func testConsoleRoles(t *testing.T, f *consoleFixture) {
	officer, fund := f.as(t, "officer.943"), f.as(t, "fund.test")
	forbidden := i18n.T(i18n.VI, i18n.ConsoleForbiddenText)
	for _, c := range []struct {
		b      *signinClient
		who    string
		path   string
		status int
	}{
		{officer, "district officer", "/console/journal", 403},
		{officer, "district officer", "/console/journal/1", 403},
		{officer, "district officer", "/console/trial-balance?fund=POOR", 403},
		{officer, "district officer", "/console/verify", 403},
		{officer, "district officer", "/console/checkpoints", 403},
		{fund, "fund officer", "/console/verify", 403},
		{fund, "fund officer", "/console/checkpoints", 403},
		// The API lets a fund officer read the journal and trial balance.
		{fund, "fund officer", "/console/journal", 200},
		{fund, "fund officer", "/console/trial-balance?fund=POOR", 200},
	} {
		r := c.b.get(c.path)
		if r.Status != c.status || (c.status == 403 && !strings.Contains(r.Body, forbidden)) {
			t.Errorf("%s GET %s: %d, want %d", c.who, c.path, r.Status, c.status)
		}
	}
	// A POST of verify by a role that may not: refused before the token matters.
	home := fund.get("/console")
	if r := fund.post("/console/verify", url.Values{"csrf": {formCSRF(t, home.Body)}}); r.Status != 403 || strings.Contains(r.Body, `id="verify-result"`) {
		t.Errorf("fund officer POST verify: %d", r.Status)
	}
	oh := officer.get("/console")
	if oh.Status != 200 || strings.Contains(oh.Body, `href="/console/journal"`) || !strings.Contains(oh.Body, `id="no-areas"`) {
		t.Errorf("district officer's console offers auditor areas:\n%s", oh.Body)
	}
	if !strings.Contains(oh.Body, "Kế Sách (943)") {
		t.Error("the district officer's district is not in the frame")
	}
	fh := fund.get("/console")
	if !strings.Contains(fh.Body, `href="/console/journal"`) || strings.Contains(fh.Body, `href="/console/verify"`) {
		t.Errorf("fund officer's navigation:\n%s", fh.Body)
	}
}

func testConsoleTrial(t *testing.T, f *consoleFixture, b *signinClient) {
	ctx := context.Background()
	asOf := ledger.NewDate(2021, 9, 15)
	tb, err := f.srv.Ledger.TrialBalanceOf(ctx, "POOR", asOf)
	must(t, err)
	if tb.TotalDebit.IsZero() {
		t.Fatal("the demo's POOR fund has nothing by 2021-09-15: pick another day")
	}
	r := b.get("/console/trial-balance?fund=POOR&as_of=2021-09-15")
	if r.Status != 200 {
		t.Fatalf("%d\n%s", r.Status, r.Body)
	}
	for _, want := range []string{`id="total-debit">` + vi.Money(tb.TotalDebit) + "<", `id="total-credit">` + vi.Money(tb.TotalCredit) + "<",
		"Tổng Nợ bằng tổng Có.", fmt.Sprintf("<tr>\n    <td><code>%s</code>", tb.Rows[0].Account.Code)} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("trial balance lacks %q", want)
		}
	}
	// Today's differs from September's: the date is honoured.
	now, err := f.srv.Ledger.TrialBalanceOf(ctx, "POOR", ledger.Date{})
	must(t, err)
	if r := b.get("/console/trial-balance?fund=POOR"); !strings.Contains(r.Body, `id="total-debit">`+vi.Money(now.TotalDebit)+"<") {
		t.Errorf("today's trial balance lacks %s", vi.Money(now.TotalDebit))
	}
	for _, q := range []string{"fund=NOPE", "fund=POOR&as_of=31/02/2021x"} {
		if r := b.get("/console/trial-balance?" + q); r.Status != 400 || !strings.Contains(r.Body, `id="errors"`) {
			t.Errorf("%s: %d", q, r.Status)
		}
	}
}

var nextLinkRe = regexp.MustCompile(`<a href="([^"]*)" id="next"`)

var entryRowRe = regexp.MustCompile(`data-entry="(\d+)"`)

func testConsoleJournal(t *testing.T, f *consoleFixture, b *signinClient) {
	ctx := context.Background()
	fund, err := f.srv.Ledger.Fund(ctx, "POOR")
	must(t, err)
	want, err := f.srv.Ledger.Entries(ctx, ledger.EntryFilter{FundID: fund.ID})
	must(t, err)
	// Pages of 4 (limit=, as in the API), so that the demo fills several.
	const size = 4
	if len(want) <= 2*size {
		t.Fatalf("POOR has %d entries: too few to page", len(want))
	}
	seen := map[string]int{}
	var order []string
	next, pages := fmt.Sprintf("/console/journal?fund=POOR&limit=%d", size), 0
	for next != "" {
		r := b.get(next)
		if r.Status != 200 {
			t.Fatalf("%s: %d\n%s", next, r.Status, r.Body)
		}
		pages++
		for _, m := range entryRowRe.FindAllStringSubmatch(r.Body, -1) {
			seen[m[1]]++
			order = append(order, m[1])
		}
		next = ""
		if m := nextLinkRe.FindStringSubmatch(r.Body); m != nil {
			next = "/console/journal" + html.UnescapeString(m[1])
		}
		if pages > len(want) {
			t.Fatal("the pages never end")
		}
	}
	if len(order) != len(want) || len(seen) != len(want) {
		t.Fatalf("paging showed %d rows, %d distinct; the domain has %d", len(order), len(seen), len(want))
	}
	for i, e := range want {
		if order[i] != fmt.Sprint(e.ID) {
			t.Fatalf("row %d is entry %s, want %d", i, order[i], e.ID)
		}
	}
	if pages != (len(want)+size-1)/size {
		t.Errorf("%d pages for %d entries", pages, len(want))
	}
	// The date filter: only September 2021's entries.
	sept, err := f.srv.Ledger.Entries(ctx, ledger.EntryFilter{FundID: fund.ID, From: ledger.NewDate(2021, 9, 1), To: ledger.NewDate(2021, 9, 30), Limit: consolePageSize})
	must(t, err)
	r := b.get("/console/journal?fund=POOR&from=2021-09-01&to=30/09/2021")
	got := entryRowRe.FindAllStringSubmatch(r.Body, -1)
	if len(sept) == 0 || len(got) != len(sept) || got[0][1] != fmt.Sprint(sept[0].ID) {
		t.Errorf("September: %d rows, want %d", len(got), len(sept))
	}
	for _, q := range []string{"cursor=bad", "fund=NOPE", "from=yesterday", "limit=0", "limit=501"} {
		if r := b.get("/console/journal?" + q); r.Status != 400 || !strings.Contains(r.Body, `id="errors"`) {
			t.Errorf("%s: %d", q, r.Status)
		}
	}
}

func testConsoleEntry(t *testing.T, f *consoleFixture, b *signinClient) {
	ctx := context.Background()
	all, err := f.srv.Ledger.Entries(ctx, ledger.EntryFilter{})
	must(t, err)
	var rev ledger.Entry
	for _, e := range all {
		if e.ReversesID != 0 {
			rev = e
			break
		}
	}
	if rev.ID == 0 {
		rev = all[len(all)-1] // no reversal in the demo: still check the rest
	}
	r := b.get(fmt.Sprintf("/console/journal/%d", rev.ID))
	if r.Status != 200 {
		t.Fatalf("%d\n%s", r.Status, r.Body)
	}
	var debit ledger.Entry = rev
	total := entryOf(debit, map[int64]ledger.Account{}).Total
	wants := []string{`<code class="hash" id="hash">` + rev.Hash + "<", `<code class="hash" id="prev-hash">` + rev.PrevHash + "<",
		`<td class="num">` + vi.Money(total) + `</td><td class="num">` + vi.Money(total) + "</td>"}
	if rev.Source.Type != "" {
		wants = append(wants, "<code>"+rev.Source.Type+":"+rev.Source.ID+"</code>")
	}
	if rev.ReversesID != 0 {
		wants = append(wants, fmt.Sprintf(`<a id="reverses" href="/console/journal/%d">`, rev.ReversesID))
	}
	for _, want := range wants {
		if !strings.Contains(r.Body, want) {
			t.Errorf("entry %d lacks %q", rev.ID, want)
		}
	}
	if len(entryPostingRe.FindAllString(r.Body, -1)) != len(rev.Postings) {
		t.Errorf("entry %d shows %d postings, has %d", rev.ID, len(entryPostingRe.FindAllString(r.Body, -1)), len(rev.Postings))
	}
	for _, p := range []string{"/console/journal/999999999", "/console/journal/abc", "/console/journal/0"} {
		if r := b.get(p); r.Status != 404 || !strings.Contains(r.Body, i18n.T(i18n.VI, i18n.WebNotFoundTitle)) {
			t.Errorf("%s: %d", p, r.Status)
		}
	}
}

var entryPostingRe = regexp.MustCompile(`<tr>\n    <td><code>[A-Z_]+:`)

func testConsoleVerify(t *testing.T, f *consoleFixture, b *signinClient) {
	form := b.get("/console/verify")
	if form.Status != 200 || !strings.Contains(form.Body, `action="/console/verify"`) {
		t.Fatalf("%d\n%s", form.Status, form.Body)
	}
	csrf := formCSRF(t, form.Body)
	for _, tok := range []string{"", "x" + csrf[1:]} {
		if r := b.post("/console/verify", url.Values{"csrf": {tok}}); r.Status != 403 || strings.Contains(r.Body, `id="verify-result"`) ||
			!strings.Contains(r.Body, i18n.T(i18n.VI, i18n.WebCSRFText)) {
			t.Errorf("csrf %q: %d", tok, r.Status)
		}
	}
	rep, err := f.srv.Ledger.Verify(context.Background())
	must(t, err)
	if !rep.OK() {
		t.Fatalf("the demo books do not verify: %+v", rep.Problems)
	}
	r := b.post("/console/verify", url.Values{"csrf": {csrf}})
	if r.Status != 200 || !strings.Contains(r.Body, "Sổ đúng: không có sai lệch nào.") ||
		!strings.Contains(r.Body, fmt.Sprintf("Đã đọc %s bút toán", vi.Count64(rep.Entries))) || !strings.Contains(r.Body, rep.Head.LastHash) {
		t.Errorf("verify: %d\n%s", r.Status, r.Body)
	}
}

func testConsoleCheckpoints(t *testing.T, f *consoleFixture, b *signinClient) {
	r := b.get("/console/checkpoints")
	if r.Status != 200 || !strings.Contains(r.Body, `<code class="hash">`+f.cp.Hash+"<") ||
		!strings.Contains(r.Body, fmt.Sprintf(`<a href="/console/journal/%d">`, f.cp.EntryID)) || !strings.Contains(r.Body, f.srv.Checkpoints.KeyID()) {
		t.Errorf("checkpoints: %d\n%s", r.Status, r.Body)
	}
	if r := b.get("/console/checkpoints?cursor=bad"); r.Status != 400 {
		t.Errorf("bad cursor: %d", r.Status)
	}
}
