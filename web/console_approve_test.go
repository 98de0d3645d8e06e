package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/access"
	"reliefledger/audit"
	"reliefledger/distribution"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestConsoleApprove: the approver's queue, a plan approved through its
// form (once, however often it is posted), a request approved in part,
// the own-plan and CSRF refusals; the fairness pages show the service's
// figures and drill down to the communes.
func TestConsoleApprove(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newConsoleFixture(t, db)
		f.user(t, "Ngô Văn Duyệt", "approver.test", access.Approver, "")
		f.user(t, "Võ Thị Giám Sát", "supervisor.test", access.Supervisor, "")
		approver := f.as(t, "approver.test")
		demoHead := head(t, f)
		t.Run("plan", func(t *testing.T) { testApprovePlan(t, f, approver) })
		t.Run("queue paging", func(t *testing.T) { testApproveQueuePaging(t, f, approver) })
		t.Run("own plan", func(t *testing.T) { testApproveOwnPlan(t, f) })
		t.Run("request in part", func(t *testing.T) { testApproveRequest(t, f, approver) })
		t.Run("roles", func(t *testing.T) { testApproveRoles(t, f) })
		// Every entry the forms appended has its audit record, as the
		// API's writes do.
		missing, doubled, err := db.Audit().AuditCoverage(context.Background(), demoHead)
		must(t, err)
		if len(missing) > 0 || len(doubled) > 0 || head(t, f) == demoHead {
			t.Errorf("entries after %d without an audit record: %v, with two: %v", demoHead, missing, doubled)
		}
		supervisor := f.as(t, "supervisor.test")
		t.Run("fairness", func(t *testing.T) { testFairnessPage(t, f, supervisor) })
		t.Run("drill", func(t *testing.T) { testFairnessDrill(t, f, supervisor) })
		t.Run("district officer", func(t *testing.T) { testFairnessOfficer(t, f) })
	})
}

// draftPlan drafts a small budget plan for Kế Sách from POOR's bank
// account, by author.
func draftPlan(t *testing.T, f *consoleFixture, author int64, title string) distribution.Preview {
	t.Helper()
	p, _, err := f.srv.Distribution.CreatePlan(context.Background(), ledger.Actor{UserID: author}, distribution.PlanInput{Fund: "POOR",
		Title: title, Source: "bank", Method: distribution.Budget,
		Budget:  decimal.NullDecimal{Decimal: decimal.NewFromInt(20_000_000), Valid: true},
		Unit:    decimal.NullDecimal{Decimal: decimal.NewFromInt(10_000), Valid: true},
		Weights: map[string]decimal.Decimal{"poor": decimal.NewFromInt(1), "near_poor": decimal.RequireFromString("0.5")}, Districts: []string{"943"}})
	must(t, err)
	if p.Cover.Missing.IsPositive() {
		t.Fatalf("the test plan is not covered: %+v", p.Cover)
	}
	return p
}

// balanceOf is what a fund's account holds in đồng now (0 when the
// account does not exist yet).
func balanceOf(t *testing.T, f *consoleFixture, fund, code string) decimal.Decimal {
	t.Helper()
	acc, err := f.srv.Ledger.AccountByCode(fund, code)
	if err != nil {
		return decimal.Zero
	}
	bals, err := f.srv.Ledger.Balances(context.Background(), ledger.Date{}, acc.ID)
	must(t, err)
	for _, b := range bals {
		if b.Asset == ledger.AssetVND {
			return b.Amount
		}
	}
	return decimal.Zero
}

func head(t *testing.T, f *consoleFixture) int64 {
	t.Helper()
	h, err := f.srv.Ledger.Head(context.Background())
	must(t, err)
	return h.LastID
}

// formIdem is the idem field of a page's form.

func testApprovePlan(t *testing.T, f *consoleFixture, b *signinClient) {
	ctx := context.Background()
	p := draftPlan(t, f, f.fundOfficer.ID, "Hỗ trợ thử Kế Sách")
	queue := b.get("/console/approvals")
	if queue.Status != 200 || !strings.Contains(queue.Body, fmt.Sprintf(`data-plan="%d"`, p.ID)) || !strings.Contains(queue.Body, "Hỗ trợ thử Kế Sách") {
		t.Fatalf("the queue lacks plan %d: %d\n%s", p.ID, queue.Status, queue.Body)
	}
	path := fmt.Sprintf("/console/approvals/plans/%d", p.ID)
	page := b.get(path)
	if page.Status != 200 {
		t.Fatalf("%s: %d", path, page.Status)
	}
	// The explanation: each district's amount, and what the source holds.
	for _, d := range p.Result.Districts {
		if !strings.Contains(page.Body, `data-district="`+d.District+`"`) || !strings.Contains(page.Body, vi.Money(d.Amount)) {
			t.Errorf("the plan page lacks district %s with %s", d.District, d.Amount)
		}
	}
	if !strings.Contains(page.Body, p.Cover.Account) || !strings.Contains(page.Body, vi.Money(p.Cover.Holds)) {
		t.Errorf("the plan page lacks the cover %+v", p.Cover)
	}
	csrf, idem := formCSRF(t, page.Body), formIdem(t, page.Body)

	// Without the CSRF token: refused, nothing recorded.
	before, outstanding := head(t, f), balanceOf(t, f, "POOR", "1310.D943")
	if r := b.post(path, url.Values{"idem": {idem}, "date": {"2021-09-20"}}); r.Status != http.StatusForbidden {
		t.Errorf("no CSRF: %d", r.Status)
	}
	if head(t, f) != before {
		t.Fatal("a post without the CSRF token recorded an entry")
	}

	form := url.Values{"csrf": {csrf}, "idem": {idem}, "date": {"2021-09-20"}}
	r := b.post(path, form)
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != path+"?done=1" {
		t.Fatalf("approve: %d %q\n%s", r.Status, r.Header.Get("Location"), r.Body)
	}
	// Posted again (a double click, a resubmitted page): the same answer,
	// recorded once.
	if r := b.post(path, form); r.Status != http.StatusSeeOther {
		t.Fatalf("approve again: %d\n%s", r.Status, r.Body)
	}
	if got := head(t, f); got != before+1 {
		t.Errorf("two posts of one form appended %d entries, want 1", got-before)
	}
	got, err := f.srv.Distribution.Plan(ctx, p.ID)
	must(t, err)
	if got.Status != distribution.Approved || got.ApprovedOn.String() != "2021-09-20" {
		t.Errorf("plan after approval: %s on %s", got.Status, got.ApprovedOn)
	}
	if after := balanceOf(t, f, "POOR", "1310.D943"); !after.Sub(outstanding).Equal(p.Total) {
		t.Errorf("Kế Sách's outstanding allocation grew by %s, want the plan's %s", after.Sub(outstanding), p.Total)
	}
	// Both posts are in the audit log, the first with the approval's entry
	// (written in the approval's transaction, as the API's are).
	recs, err := f.audit.List(ctx, audit.Filter{Route: "/console/approvals/plans/{id}", Limit: 10})
	must(t, err)
	if len(recs) != 2 || recs[1].Target != fmt.Sprintf("allocation-plan:%d", p.ID) || recs[1].Status != http.StatusSeeOther ||
		recs[1].EntryFirst != got.EntryID || recs[1].EntryLast != got.EntryID || recs[0].EntryFirst != 0 || recs[1].UserID == 0 {
		t.Errorf("the approval's audit records: %+v", recs)
	}
	if en := b.get(path + "?lang=en"); en.Status != 200 || !strings.Contains(en.Body, "The allocation by district, explained") {
		t.Errorf("the plan in English: %d", en.Status)
	}
	b.get("/console?lang=vi")
	done := b.get(path + "?done=1")
	if !strings.Contains(done.Body, `id="result"`) || strings.Contains(done.Body, `id="approve-form"`) {
		t.Errorf("the approved plan's page:\n%s", done.Body)
	}
	if q := b.get("/console/approvals"); strings.Contains(q.Body, fmt.Sprintf(`data-plan="%d"`, p.ID)) {
		t.Error("an approved plan stays in the queue")
	}
}

// testApproveQueuePaging: the queue pages its plans by cursor.
func testApproveQueuePaging(t *testing.T, f *consoleFixture, b *signinClient) {
	p1 := draftPlan(t, f, f.fundOfficer.ID, "Phương án thứ nhất")
	p2 := draftPlan(t, f, f.fundOfficer.ID, "Phương án thứ hai")
	first := b.get("/console/approvals?limit=1")
	next := regexp.MustCompile(`href="(\?[^"]+)" id="plans-next"`).FindStringSubmatch(first.Body)
	if !strings.Contains(first.Body, fmt.Sprintf(`data-plan="%d"`, p1.ID)) || strings.Contains(first.Body, fmt.Sprintf(`data-plan="%d"`, p2.ID)) || next == nil {
		t.Fatalf("the queue's first page:\n%s", first.Body)
	}
	second := b.get("/console/approvals" + strings.ReplaceAll(next[1], "&amp;", "&"))
	if !strings.Contains(second.Body, fmt.Sprintf(`data-plan="%d"`, p2.ID)) || strings.Contains(second.Body, fmt.Sprintf(`data-plan="%d"`, p1.ID)) {
		t.Errorf("the queue's second page:\n%s", second.Body)
	}
	if r := b.get("/console/approvals?plans_cursor=bad"); r.Status != http.StatusBadRequest {
		t.Errorf("a bad cursor: %d", r.Status)
	}
}

// testApproveOwnPlan: an administrator who drafted a plan is not offered
// the form, and a post is refused with the domain's reason.
func testApproveOwnPlan(t *testing.T, f *consoleFixture) {
	admin := f.user(t, "Đặng Quản Trị", "admin.test", access.Admin, "")
	p := draftPlan(t, f, admin.ID, "Phương án tự lập")
	b := f.as(t, "admin.test")
	path := fmt.Sprintf("/console/approvals/plans/%d", p.ID)
	page := b.get(path)
	if page.Status != 200 || !strings.Contains(page.Body, `id="own-plan"`) || strings.Contains(page.Body, `id="approve-form"`) {
		t.Fatalf("own plan's page: %d\n%s", page.Status, page.Body)
	}
	before := head(t, f)
	r := b.post(path, url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {newFormKey()}})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "was drafted by you; another approver must approve it") {
		t.Errorf("approving one's own plan: %d\n%s", r.Status, r.Body)
	}
	if head(t, f) != before {
		t.Error("one's own plan was approved")
	}
	// So with a request the administrator filed.
	req, _, err := f.srv.Distribution.FileRequest(context.Background(), ledger.Actor{UserID: admin.ID}, "", distribution.RequestInput{Fund: "COVID",
		District: "942", Amount: decimal.NewFromInt(5_000_000), Reason: "Đề nghị tự lập"})
	must(t, err)
	rpath := fmt.Sprintf("/console/approvals/requests/%d", req.ID)
	if page := b.get(rpath); !strings.Contains(page.Body, `id="own-request"`) || strings.Contains(page.Body, `id="decide-form"`) {
		t.Errorf("own request's page:\n%s", page.Body)
	}
	r = b.post(rpath, url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {newFormKey()}, "decision": {"approve"}})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "was filed by you; another approver must decide it") || head(t, f) != before {
		t.Errorf("deciding one's own request: %d\n%s", r.Status, r.Body)
	}
}

func testApproveRequest(t *testing.T, f *consoleFixture, b *signinClient) {
	ctx := context.Background()
	req, _, err := f.srv.Distribution.FileRequest(ctx, ledger.Actor{UserID: f.officer.ID}, "943", distribution.RequestInput{Fund: "COVID",
		District: "943", Amount: decimal.NewFromInt(50_000_000), Households: 12, Reason: "Hỗ trợ khu cách ly xã Phong Nẫm"})
	must(t, err)
	if q := b.get("/console/approvals"); !strings.Contains(q.Body, fmt.Sprintf(`data-request="%d"`, req.ID)) {
		t.Fatalf("the queue lacks request %d:\n%s", req.ID, q.Body)
	}
	path := fmt.Sprintf("/console/approvals/requests/%d", req.ID)
	page := b.get(path)
	if page.Status != 200 || !strings.Contains(page.Body, "COVID:1120") || !strings.Contains(page.Body, vi.Money(balanceOf(t, f, "COVID", "1120"))) {
		t.Fatalf("request page: %d\n%s", page.Status, page.Body)
	}
	csrf, idem := formCSRF(t, page.Body), formIdem(t, page.Body)
	// In part without a reason: the domain's message next to the field.
	r := b.post(path, url.Values{"csrf": {csrf}, "idem": {idem}, "decision": {"approve"}, "amount": {"30000000"}, "source": {"bank"}, "date": {"2021-09-21"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="reason-error"`) || !strings.Contains(r.Body, "is required to approve in part") {
		t.Fatalf("in part without a reason: %d\n%s", r.Status, r.Body)
	}
	// The re-rendered form keeps the values and the key.
	if formIdem(t, r.Body) != idem || !strings.Contains(r.Body, `value="30000000"`) {
		t.Error("the refused form lost its values")
	}
	before, outstanding := head(t, f), balanceOf(t, f, "COVID", "1310.D943")
	form := url.Values{"csrf": {csrf}, "idem": {newFormKey()}, "decision": {"approve"}, "amount": {"30000000"}, "source": {"bank"},
		"date": {"2021-09-21"}, "reason": {"Duyệt trước 30 triệu đồng theo số dư của quỹ"}}
	for i := 0; i < 2; i++ {
		if r := b.post(path, form); r.Status != http.StatusSeeOther || r.Header.Get("Location") != path+"?done=1" {
			t.Fatalf("decide (post %d): %d\n%s", i+1, r.Status, r.Body)
		}
	}
	if got := head(t, f); got != before+1 {
		t.Errorf("two posts of one form appended %d entries, want 1", got-before)
	}
	got, err := f.srv.Distribution.Request(ctx, req.ID, "")
	must(t, err)
	if got.Status != distribution.Approved || !got.ApprovedAmount.Decimal.Equal(decimal.NewFromInt(30_000_000)) || got.DecisionReason == "" {
		t.Errorf("request after the decision: %+v", got)
	}
	if grew := balanceOf(t, f, "COVID", "1310.D943").Sub(outstanding); !grew.Equal(decimal.NewFromInt(30_000_000)) {
		t.Errorf("Kế Sách's COVID allocation grew by %s, want 30,000,000", grew)
	}
	if done := b.get(path + "?done=1"); !strings.Contains(done.Body, `id="approved-amount">30.000.000 đồng`) {
		t.Errorf("the decided request's page:\n%s", done.Body)
	}

	// A request of goods shows what the warehouses hold of the item.
	goodsReq, _, err := f.srv.Distribution.FileRequest(ctx, ledger.Actor{UserID: f.officer.ID}, "943", distribution.RequestInput{Fund: "COVID",
		District: "943", Item: "RICE", Amount: decimal.NewFromInt(100), Reason: "Gạo cho khu cách ly"})
	must(t, err)
	if r := b.get(fmt.Sprintf("/console/approvals/requests/%d", goodsReq.ID)); r.Status != 200 || !strings.Contains(r.Body, `id="holdings"`) ||
		!strings.Contains(r.Body, `name="source" value="PROV"`) || !strings.Contains(r.Body, "100 RICE") {
		t.Errorf("a goods request's page: %d\n%s", r.Status, r.Body)
	}

	// A rejection needs a reason and records no entry.
	req2, _, err := f.srv.Distribution.FileRequest(ctx, ledger.Actor{UserID: f.officer.ID}, "943", distribution.RequestInput{Fund: "COVID",
		District: "943", Amount: decimal.NewFromInt(10_000_000), Reason: "Đề nghị thứ hai"})
	must(t, err)
	path2 := fmt.Sprintf("/console/approvals/requests/%d", req2.ID)
	before = head(t, f)
	reject := url.Values{"csrf": {csrf}, "idem": {newFormKey()}, "decision": {"reject"}, "reason": {"Trùng với đề nghị đã duyệt"}}
	for i := 0; i < 2; i++ {
		if r := b.post(path2, reject); r.Status != http.StatusSeeOther {
			t.Fatalf("reject (post %d): %d\n%s", i+1, r.Status, r.Body)
		}
	}
	// Another key is another decision: the request was decided already.
	reject.Set("idem", newFormKey())
	if r := b.post(path2, reject); r.Status != http.StatusConflict || !strings.Contains(r.Body, "was rejected already") {
		t.Errorf("deciding twice: %d\n%s", r.Status, r.Body)
	}
	if got, _ := f.srv.Distribution.Request(ctx, req2.ID, ""); got.Status != distribution.Rejected || head(t, f) != before {
		t.Errorf("rejected request: %s, %d entries", got.Status, head(t, f)-before)
	}
}

// testApproveRoles: the approval pages follow the API's approve route:
// a supervisor or a fund officer gets the 403 page, and no link.
func testApproveRoles(t *testing.T, f *consoleFixture) {
	forbidden := i18n.T(i18n.VI, i18n.ConsoleForbiddenText)
	for _, name := range []string{"supervisor.test", "fund.test"} {
		b := f.as(t, name)
		if r := b.get("/console/approvals"); r.Status != http.StatusForbidden || !strings.Contains(r.Body, forbidden) {
			t.Errorf("%s opens the queue: %d", name, r.Status)
		}
		if r := b.get("/console"); strings.Contains(r.Body, `href="/console/approvals"`) || !strings.Contains(r.Body, `href="/console/fairness"`) {
			t.Errorf("%s's console links:\n%s", name, r.Body)
		}
	}
}

// withinTag is the text of the element with id, tags stripped.
func withinTag(body, id string) string {
	_, after, ok := strings.Cut(body, `id="`+id+`">`)
	if !ok {
		return ""
	}
	text, _, _ := strings.Cut(after, "</")
	return text
}

func testFairnessPage(t *testing.T, f *consoleFixture, b *signinClient) {
	ctx := context.Background()
	rep, err := f.srv.Distribution.Fairness(ctx, distribution.Scope{PlanID: f.story.PlanID, DeadlineDays: 20})
	must(t, err)
	if !rep.Overall.Gini.Valid {
		t.Fatal("the demo plan has no Gini")
	}
	r := b.get(fmt.Sprintf("/console/fairness?plan=%d", f.story.PlanID))
	if r.Status != 200 {
		t.Fatalf("fairness: %d\n%s", r.Status, r.Body)
	}
	if got := withinTag(r.Body, "gini"); got != vi.Num(rep.Overall.Gini.Decimal) {
		t.Errorf("Gini on the page %q, the service's %s", got, rep.Overall.Gini.Decimal)
	}
	if got := withinTag(r.Body, "overall-coverage"); got != vi.Num(rep.Overall.Coverage)+" %" {
		t.Errorf("coverage on the page %q, the service's %s", got, rep.Overall.Coverage)
	}
	rows := regexp.MustCompile(`(?s)<tr data-district="(\d+)">.*?<td class="num coverage"[^>]*>([^<]*)</td>`).FindAllStringSubmatch(r.Body, -1)
	if len(rows) != len(rep.Districts) {
		t.Fatalf("%d district rows, the service has %d", len(rows), len(rep.Districts))
	}
	for i, d := range rep.Districts {
		if rows[i][1] != d.District || rows[i][2] != vi.Num(d.Coverage)+" %" {
			t.Errorf("row %d: %s %q, the service's %s %s", i, rows[i][1], rows[i][2], d.District, d.Coverage)
		}
	}
	// The Lorenz curve explains the same Gini; the charts are there with
	// their tables.
	l, err := f.srv.Distribution.FairnessLorenz(ctx, distribution.Scope{PlanID: f.story.PlanID}, 0)
	must(t, err)
	if !l.Gini.Valid || !l.Gini.Decimal.Equal(rep.Overall.Gini.Decimal) {
		t.Errorf("the Lorenz curve's Gini %v, the report's %v", l.Gini, rep.Overall.Gini)
	}
	for _, want := range []string{`id="coverage-chart"`, `id="lorenz-chart"`, `<polyline class="curve"`, `id="lorenz"`, `id="amounts"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the fairness page lacks %s", want)
		}
	}
	// In English too.
	en := b.get(fmt.Sprintf("/console/fairness?plan=%d&lang=en", f.story.PlanID))
	if en.Status != 200 || !strings.Contains(en.Body, "Lorenz curve") || !strings.Contains(en.Body, "Coverage by district") {
		t.Errorf("fairness in English: %d", en.Status)
	}
	b.get("/console?lang=vi")
	// A fund and a period work too; a bad one says why.
	if r := b.get("/console/fairness?fund=POOR&from=2021-08-01&to=2021-09-30"); r.Status != 200 || !strings.Contains(r.Body, `id="districts"`) {
		t.Errorf("fund fairness: %d", r.Status)
	}
	if r := b.get("/console/fairness?fund=NOPE"); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "NOPE") {
		t.Errorf("unknown fund: %d", r.Status)
	}
	if r := b.get("/console/fairness?plan=999999"); r.Status != http.StatusNotFound {
		t.Errorf("missing plan: %d", r.Status)
	}
}

func testFairnessDrill(t *testing.T, f *consoleFixture, b *signinClient) {
	ctx := context.Background()
	sc := distribution.Scope{PlanID: f.story.PlanID, DeadlineDays: 20}
	rep, err := f.srv.Distribution.Fairness(ctx, sc)
	must(t, err)
	var d distribution.DistrictFairness
	for _, x := range rep.Districts {
		if x.District == "943" {
			d = x
		}
	}
	if len(d.Communes) == 0 {
		t.Fatal("Kế Sách has no communes in the demo plan's report")
	}
	path := fmt.Sprintf("/console/fairness/districts/943?plan=%d", f.story.PlanID)
	r := b.get(path)
	if r.Status != 200 {
		t.Fatalf("%s: %d", path, r.Status)
	}
	if !strings.Contains(r.Body, `<span id="console-district">Toàn tỉnh</span>`) {
		t.Error("the drill page's frame does not say whose console it is")
	}
	tree := f.srv.Households.Tree()
	for _, c := range d.Communes {
		u, _ := tree.Unit(c.Commune)
		if !strings.Contains(r.Body, `data-commune="`+c.Commune+`"`) || !strings.Contains(r.Body, u.Name) {
			t.Errorf("the drill page lacks commune %s %s", c.Commune, u.Name)
		}
	}
	// A commune with households left out: its unreached list is the
	// service's.
	var commune distribution.CommuneFairness
	for _, c := range d.Communes {
		if c.Reached < c.Eligible {
			commune = c
			break
		}
	}
	if commune.Commune == "" {
		t.Fatal("every commune of Kế Sách was reached")
	}
	sc.District = "943"
	all, err := f.srv.Distribution.Unreached(ctx, sc, 0, 0)
	must(t, err)
	var want []string
	for _, h := range all {
		if h.Commune == commune.Commune {
			want = append(want, h.Code)
		}
	}
	r = b.get(path + "&commune=" + commune.Commune + "&limit=500")
	if r.Status != 200 {
		t.Fatalf("commune: %d", r.Status)
	}
	got := regexp.MustCompile(`<tr data-household="\d+"><th scope="row"><code>([^<]+)</code>`).FindAllStringSubmatch(r.Body, -1)
	if len(got) != len(want) || len(want) != commune.Eligible-commune.Reached {
		t.Fatalf("commune %s: %d unreached on the page, %d from the service, %d by the report", commune.Commune, len(got), len(want), commune.Eligible-commune.Reached)
	}
	for i := range want {
		if got[i][1] != want[i] {
			t.Errorf("unreached %d: %s, want %s", i, got[i][1], want[i])
		}
	}
	// Paged by two: the next link continues.
	if len(want) > 2 {
		p1 := b.get(path + "&commune=" + commune.Commune + "&limit=2")
		next := regexp.MustCompile(`href="(\?[^"]+)#unreached" id="next"`).FindStringSubmatch(p1.Body)
		if next == nil {
			t.Fatal("no next page")
		}
		p2 := b.get("/console/fairness/districts/943" + strings.ReplaceAll(next[1], "&amp;", "&"))
		if !strings.Contains(p2.Body, "<code>"+want[2]+"</code>") {
			t.Errorf("the second page lacks %s", want[2])
		}
	}
	if r := b.get(path + "&commune=99999"); r.Status != http.StatusNotFound {
		t.Errorf("an unknown commune: %d", r.Status)
	}
}

// testFairnessOfficer: a district officer sees their own district and the
// province's figures; another district answers as a missing one.
func testFairnessOfficer(t *testing.T, f *consoleFixture) {
	b := f.as(t, "officer.943")
	r := b.get(fmt.Sprintf("/console/fairness?plan=%d", f.story.PlanID))
	if r.Status != 200 || !strings.Contains(r.Body, `data-district="943"`) || strings.Contains(r.Body, `data-district="942"`) || !strings.Contains(r.Body, `id="gini"`) {
		t.Errorf("the officer's fairness page: %d\n%s", r.Status, r.Body)
	}
	other := b.get(fmt.Sprintf("/console/fairness/districts/942?plan=%d", f.story.PlanID))
	missing := b.get(fmt.Sprintf("/console/fairness/districts/999?plan=%d", f.story.PlanID))
	if other.Status != http.StatusNotFound || missing.Status != http.StatusNotFound || strings.ReplaceAll(other.Body, "942", "999") != missing.Body {
		t.Errorf("another district: %d, a missing one: %d", other.Status, missing.Status)
	}
	if r := b.get(fmt.Sprintf("/console/fairness/districts/943?plan=%d", f.story.PlanID)); r.Status != 200 || !strings.Contains(r.Body, `<span id="console-district">Kế Sách (943)</span>`) {
		t.Errorf("own district: %d", r.Status)
	}
}
