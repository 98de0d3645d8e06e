package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/access"
	"reliefledger/api"
	"reliefledger/audit"
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
	audit                         *audit.Log
	users                         *access.Users
	URL                           string
	auditor, officer, fundOfficer access.User
}

// user creates a user of role (and district) who signs in as username
// with consolePW.
func (f *consoleFixture) user(t *testing.T, name, username string, role access.Role, district string) access.User {
	t.Helper()
	ctx := context.Background()
	u, _, err := f.users.Create(ctx, access.UserInput{Name: name, Role: role, District: district}, nil)
	must(t, err)
	u, err = f.users.SetPassword(ctx, u.ID, username, consolePW)
	must(t, err)
	return u
}

func newConsoleFixture(t *testing.T, db *store.DB) *consoleFixture {
	t.Helper()
	f := newFixture(t, db)
	cheap := access.PasswordParams{Memory: 64, Time: 1, Threads: 1}
	users := access.NewUsers(db.Access(), access.NewService(db.Access(), nil), nil)
	users.District, users.Params = f.srv.Households.DistrictExists, cheap
	sessions := access.NewSessions(db.Access(), nil)
	sessions.Params = cheap
	log := audit.New(db.Audit(), nil)
	t.Cleanup(log.Close)
	// Sign-ins go into the audit log, as cmd/reliefd wires them.
	sessions.Audit = func(ctx context.Context, e access.Event) error {
		return log.Write(ctx, audit.Record{UserID: e.UserID, Role: string(e.Role), Method: "POST", Route: e.Action, Path: "/" + e.Action,
			Target: e.Target, Status: e.Status, ClientIP: e.ClientIP})
	}
	si := &SignIn{Sessions: sessions, Users: users, Routes: func(role access.Role) []RouteLink {
		var out []RouteLink
		for _, r := range api.RoutesFor(role) {
			out = append(out, RouteLink{Method: r.Method, Path: r.Path, Tag: r.Tag})
		}
		return out
	}}
	srv := *f.srv // the same services, now with sign-in
	srv.Sessions, srv.Audit = si, log
	// The API beside the pages, as cmd/reliefd serves them, for the
	// workbook downloads the pages hand to it.
	acc := access.NewService(db.Access(), nil)
	apiSrv := &api.Server{Ledger: srv.Ledger, Access: acc, Users: users, Sessions: sessions, Audit: log, Households: srv.Households,
		Donations: srv.Donations, Goods: srv.Goods, Distribution: srv.Distribution, Checkpoints: srv.Checkpoints, DB: db, Log: srv.Log}
	mux := http.NewServeMux()
	mux.Handle("/api/", apiSrv.Handler())
	mux.Handle("/", srv.Handler())
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	cf := &consoleFixture{fixture: f, audit: log, users: users, URL: hs.URL}
	cf.auditor = cf.user(t, "Lê Kiểm Toán", "auditor.test", access.Auditor, "")
	cf.officer = cf.user(t, "Trần Thị Kế Sách", "officer.943", access.DistrictOfficer, "943")
	cf.fundOfficer = cf.user(t, "Phạm Văn Quỹ", "fund.test", access.FundOfficer, "")
	return cf
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
		t.Run("audit", func(t *testing.T) { testConsoleAudit(t, f, auditor) })
		t.Run("workbooks", func(t *testing.T) { testConsoleWorkbooks(t, f, auditor) })
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
		`<a href="/console/verify">Kiểm tra sổ</a>`, `<a href="/console/checkpoints">Điểm mốc đã ký</a>`,
		`<a href="/console/audit">Nhật ký truy cập</a>`, `<a href="/console/workbooks">Tải bảng tính</a>`} {
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
		{fund, "fund officer", "/console/audit", 403},
		{officer, "district officer", "/console/audit", 403},
		// Every role may download workbooks (the API decides which).
		{officer, "district officer", "/console/workbooks", 200},
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
	if oh.Status != 200 || strings.Contains(oh.Body, `href="/console/journal"`) || strings.Contains(oh.Body, `href="/console/audit"`) || !strings.Contains(oh.Body, `href="/console/workbooks"`) {
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
	slices.Reverse(want) // the console lists newest first
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
	sept, err := f.srv.Ledger.Entries(ctx, ledger.EntryFilter{FundID: fund.ID, From: ledger.NewDate(2021, 9, 1), To: ledger.NewDate(2021, 9, 30), Limit: consolePageSize, Newest: true})
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
	// The demo reverses nothing: reverse the last entry (the fixture's
	// late donation), so that the page has a reversal to link.
	all, err := f.srv.Ledger.Entries(ctx, ledger.EntryFilter{})
	must(t, err)
	last := all[len(all)-1]
	rev, _, err := f.srv.Ledger.Reverse(ctx, ledger.Actor{}, last.ID, "ghi nhầm quỹ", ledger.Date{})
	must(t, err)
	if rev.ReversesID != last.ID {
		t.Fatalf("reversal of %d reverses %d", last.ID, rev.ReversesID)
	}
	r := b.get(fmt.Sprintf("/console/journal/%d", rev.ID))
	if r.Status != 200 {
		t.Fatalf("%d\n%s", r.Status, r.Body)
	}
	var total decimal.Decimal
	for _, p := range rev.Postings {
		total = total.Add(decimal.Max(p.Amount, decimal.Zero))
	}
	wants := []string{`<code class="hash" id="hash">` + rev.Hash + "<", `<code class="hash" id="prev-hash">` + rev.PrevHash + "<",
		`id="total-debit">` + vi.Money(total) + "<", `id="total-credit">` + vi.Money(total) + "<"}
	if rev.Source.Type != "" {
		wants = append(wants, "<code>"+rev.Source.Type+":"+rev.Source.ID+"</code>")
	}
	wants = append(wants, fmt.Sprintf(`<a id="reverses" href="/console/journal/%d">`, last.ID), "Đảo bút toán")
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
	// Audited, as the API's verify is.
	last, err := f.audit.List(context.Background(), audit.Filter{Limit: 1})
	must(t, err)
	if len(last) != 1 || last[0].Route != "/console/verify" || last[0].UserID != f.auditor.ID || last[0].Status != 200 {
		t.Errorf("verify's audit record: %+v", last)
	}
}

// TestConsoleVerifyProblems: a report with differences shows each one,
// linked to its entry (the demo's books have none to show).
func TestConsoleVerifyProblems(t *testing.T) {
	s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	rep := &ledger.Report{Entries: 9, Postings: 18, Balances: 4, Head: ledger.Head{LastID: 9, LastHash: "abc"}, Problems: []ledger.Problem{
		{Kind: "hash", EntryID: 7, Detail: "entry 7's content no longer matches its hash: it was changed after it was written"},
		{Kind: "balance", AccountID: 3, Detail: "account 3 stores 10 but its postings add up to 12"}}}
	w := httptest.NewRecorder()
	s.render(w, httptest.NewRequest("POST", "/console/verify", nil), http.StatusOK, "console_verify", verifyPage{Report: rep})
	body := w.Body.String()
	for _, want := range []string{"Phát hiện 2 sai lệch.", `<a href="/console/journal/7">7</a>`, "it was changed after it was written",
		"account 3 stores 10 but its postings add up to 12", `role="alert"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the problems page lacks %q", want)
		}
	}
	if strings.Contains(body, "Sổ đúng") {
		t.Error("a report with problems says the books are correct")
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

var auditRowRe = regexp.MustCompile(`data-audit="(\d+)"`)

// testConsoleAudit: the log as the domain has it, newest first, each
// record once across pages, and the user filter.
func testConsoleAudit(t *testing.T, f *consoleFixture, b *signinClient) {
	ctx := context.Background()
	want, err := f.audit.List(ctx, audit.Filter{Limit: 500})
	must(t, err)
	if len(want) < 3 { // three sign-ins at least
		t.Fatalf("the audit log has %d records", len(want))
	}
	var got []string
	next, pages := "/console/audit?limit=2", 0
	for next != "" && pages <= len(want) {
		r := b.get(next)
		if r.Status != 200 {
			t.Fatalf("%s: %d\n%s", next, r.Status, r.Body)
		}
		pages++
		for _, m := range auditRowRe.FindAllStringSubmatch(r.Body, -1) {
			got = append(got, m[1])
		}
		next = ""
		if m := nextLinkRe.FindStringSubmatch(r.Body); m != nil {
			next = "/console/audit" + html.UnescapeString(m[1])
		}
	}
	// Records written after the domain's list (this page's own reads are
	// not audited) would show first; there are none.
	if len(got) != len(want) {
		t.Fatalf("paging showed %d records, the log has %d", len(got), len(want))
	}
	for i, r := range want {
		if got[i] != fmt.Sprint(r.ID) {
			t.Fatalf("row %d is record %s, want %d", i, got[i], r.ID)
		}
	}
	mine, err := f.audit.List(ctx, audit.Filter{UserID: f.officer.ID, Limit: 500})
	must(t, err)
	r := b.get(fmt.Sprintf("/console/audit?user_id=%d", f.officer.ID))
	if rows := auditRowRe.FindAllStringSubmatch(r.Body, -1); len(mine) == 0 || len(rows) != len(mine) {
		t.Errorf("officer's records: %d rows, want %d", len(rows), len(mine))
	}
	for _, q := range []string{"user_id=x", "cursor=bad", "from=hôm qua"} {
		if r := b.get("/console/audit?" + url.PathEscape(q)); r.Status != 400 || !strings.Contains(r.Body, `id="errors"`) {
			t.Errorf("%s: %d", q, r.Status)
		}
	}
}

func testConsoleWorkbooks(t *testing.T, f *consoleFixture, b *signinClient) {
	page := b.get("/console/workbooks")
	for _, want := range []string{`<p id="console-who"><strong>Lê Kiểm Toán</strong>`, `<option value="reconciliation">Đối soát quỹ (reconciliation.xlsx)</option>`, `<option>POOR</option>`, `<option value="943">Kế Sách (943)</option>`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("workbooks page lacks %q", want)
		}
	}
	// The download is the API's export, with the form's filters.
	r := b.get("/console/workbooks/download?name=reconciliation&fund=POOR&from=01/09/2021&to=2021-09-30&as_of=&district=&plan=")
	loc := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || loc != "/api/v1/exports/reconciliation.xlsx?from=2021-09-01&fund=POOR&to=2021-09-30" {
		t.Fatalf("download: %d %q", r.Status, loc)
	}
	// The API answers the session with the workbook and audits it.
	before, err := f.audit.List(context.Background(), audit.Filter{Limit: 1})
	must(t, err)
	x := b.get(loc)
	if x.Status != 200 || !strings.HasPrefix(x.Body, "PK") {
		t.Fatalf("GET %s: %d %.200s", loc, x.Status, x.Body)
	}
	after, err := f.audit.List(context.Background(), audit.Filter{Limit: 1})
	must(t, err)
	if len(after) == 0 || (len(before) > 0 && after[0].ID == before[0].ID) || after[0].Route != "/api/v1/exports/:name" ||
		after[0].UserID != f.auditor.ID || after[0].Query != "from=2021-09-01&fund=POOR&to=2021-09-30" {
		t.Errorf("the download's audit record: %+v", after)
	}
	for _, q := range []string{"name=passwords", "name=journal&from=31/31/2021", "name=distribution-list&plan=abc"} {
		if r := b.get("/console/workbooks/download?" + q); r.Status != 400 || !strings.Contains(r.Body, `id="errors"`) {
			t.Errorf("%s: %d", q, r.Status)
		}
	}
	// A district officer is offered their district's workbooks only.
	officer := f.as(t, "officer.943")
	op := officer.get("/console/workbooks")
	if strings.Contains(op.Body, `value="reconciliation"`) || !strings.Contains(op.Body, `value="deliveries"`) ||
		strings.Contains(op.Body, `value="942"`) || !strings.Contains(op.Body, `value="943"`) {
		t.Errorf("district officer's workbooks page:\n%s", op.Body)
	}
	if r := officer.get("/console/workbooks/download?name=reconciliation&fund=POOR"); r.Status != 400 {
		t.Errorf("district officer asks for the reconciliation: %d", r.Status)
	}
}
