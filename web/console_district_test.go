package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"reliefledger/access"
	"reliefledger/demo/story"
	"reliefledger/distribution"
	"reliefledger/households"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// districtWorld is what the district pages' tests use beside the console
// fixture: a plan of Châu Thành (942) only, approved, so that Kế Sách's
// officer (943) has another district's plan to try.
type districtWorld struct {
	*consoleFixture
	otherPlan  int64 // approved, households of 942 only
	ownHH      households.Household
	otherHH    households.Household
	otherComm  string // a commune of 942
	ownCommune string // a commune of 943 whose households are not all delivered
}

func newDistrictWorld(t *testing.T, db *store.DB) *districtWorld {
	t.Helper()
	ctx := context.Background()
	f := newConsoleFixture(t, db)
	w := &districtWorld{consoleFixture: f}
	approver := f.user(t, "Võ Văn Duyệt", "approver.test", access.Approver, "")
	d := f.srv.Distribution
	p, _, err := d.CreatePlan(ctx, ledger.Actor{UserID: f.fundOfficer.ID}, distribution.PlanInput{Fund: "POOR", Title: "Châu Thành đợt 2",
		Source: "bank", Method: distribution.Budget, Budget: decimal.NewNullDecimal(decimal.NewFromInt(10_000_000)),
		Unit:      decimal.NewNullDecimal(decimal.NewFromInt(10_000)),
		Weights:   map[string]decimal.Decimal{"poor": decimal.NewFromInt(1), "near_poor": decimal.RequireFromString("0.6")},
		Districts: []string{story.ChauThanh}})
	must(t, err)
	_, _, err = d.ApprovePlan(ctx, ledger.Actor{UserID: approver.ID}, p.ID, distribution.PlanApproval{Date: f.srv.Ledger.Today()})
	must(t, err)
	w.otherPlan = p.ID
	hs, err := f.srv.Households.List(ctx, households.Filter{District: story.ChauThanh, Limit: 1}, "")
	must(t, err)
	w.otherHH, w.otherComm = hs[0], hs[0].Commune
	hs, err = f.srv.Households.List(ctx, households.Filter{District: story.KeSach, Limit: 1}, "")
	must(t, err)
	w.ownHH = hs[0]
	w.ownCommune = w.openCommune(t)
	return w
}

// openCommune is a commune of Kế Sách with households of the demo plan
// that have not received their package.
func (w *districtWorld) openCommune(t *testing.T) string {
	t.Helper()
	open := w.openHouseholds(t, "")
	if len(open) == 0 {
		t.Fatal("the demo plan has no open household in 943")
	}
	return open[0].Commune
}

// openHouseholds are the demo plan's households of 943 (of commune, if
// set) with a package not delivered yet.
func (w *districtWorld) openHouseholds(t *testing.T, commune string) []distribution.PlanHousehold {
	t.Helper()
	ctx := context.Background()
	hs, err := w.srv.Distribution.PlanHouseholds(ctx, w.story.PlanID, story.KeSach, 0, 0)
	must(t, err)
	ds, err := w.srv.Distribution.Deliveries(ctx, distribution.DeliveryFilter{PlanID: w.story.PlanID}, "")
	must(t, err)
	done := map[int64]bool{}
	for _, d := range ds {
		done[d.HouseholdID] = true
	}
	var out []distribution.PlanHousehold
	for _, h := range hs {
		if h.Amount.IsPositive() && !done[h.HouseholdID] && (commune == "" || h.Commune == commune) {
			out = append(out, h)
		}
	}
	return out
}

func (w *districtWorld) deliveredCount(t *testing.T) int {
	t.Helper()
	ds, err := w.srv.Distribution.Deliveries(context.Background(), distribution.DeliveryFilter{PlanID: w.story.PlanID}, "")
	must(t, err)
	return len(ds)
}

func (w *districtWorld) householdCount(t *testing.T) int64 {
	t.Helper()
	n, err := w.srv.Households.Count(context.Background())
	must(t, err)
	return n
}

// switchLink is the language switch, the one place a page echoes its own
// address.
var switchLink = regexp.MustCompile(`<a href="[^"]*" lang="en" hreflang="en"`)

var idemRe = regexp.MustCompile(`name="idem" value="([^"]+)"`)

// formIdem is the idempotency key of the first writing form of a page.

// postFile posts a multipart form with fields and a file part "file".
func (b *signinClient) postFile(path string, fields url.Values, name string, content []byte) signinAnswer {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			must(b.t, mw.WriteField(k, v))
		}
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		must(b.t, err)
		_, err = fw.Write(content)
		must(b.t, err)
	}
	must(b.t, mw.Close())
	res, err := b.c.Post(b.base+path, mw.FormDataContentType(), &buf)
	must(b.t, err)
	return readAnswer(b.t, res)
}

// communeListCSV is a commune's list of Kế Sách: rows of good households,
// then, with bad, rows with problems (members not a number, a commune of
// another district, a code twice).
func communeListCSV(tree *households.Tree, prefix string, bad bool) []byte {
	own, other := "", ""
	for _, c := range tree.Children(story.KeSach) {
		if u, ok := tree.Unit(c); ok && u.IsCommune() && own == "" {
			own = u.Name
		}
	}
	for _, c := range tree.Children(story.ChauThanh) {
		if u, ok := tree.Unit(c); ok && u.IsCommune() && other == "" {
			other = c
		}
	}
	var b strings.Builder
	b.WriteString("Mã hộ,Họ tên chủ hộ,Xã/Phường,Huyện,Phân loại,Số nhân khẩu\n")
	fmt.Fprintf(&b, "%s-1,Trần Thị Bé,%s,Kế Sách,Nghèo,3\n", prefix, own)
	fmt.Fprintf(&b, "%s-2,Lý Văn Út,%s,Kế Sách,Cận nghèo,5\n", prefix, own)
	if bad {
		fmt.Fprintf(&b, "%s-3,Thạch Sa Rên,%s,Kế Sách,Nghèo,ba\n", prefix, own)
		fmt.Fprintf(&b, "%s-4,Danh Thị Mỹ,%s,,Nghèo,2\n", prefix, other)
		fmt.Fprintf(&b, "%s-1,Lâm Văn Hai,%s,Kế Sách,Nghèo,4\n", prefix, own)
	} else {
		fmt.Fprintf(&b, "%s-3,Thạch Sa Rên,%s,Kế Sách,Nghèo,3\n", prefix, own)
	}
	return []byte(b.String())
}

func TestConsoleDistrict(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		w := newDistrictWorld(t, db)
		officer := w.as(t, "officer.943")
		t.Run("scope", func(t *testing.T) { testDistrictScope(t, w, officer) })
		t.Run("households", func(t *testing.T) { testDistrictHouseholds(t, w, officer) })
		t.Run("edit", func(t *testing.T) { testDistrictEdit(t, w, officer) })
		t.Run("import", func(t *testing.T) { testDistrictImport(t, w, officer) })
		t.Run("deliveries", func(t *testing.T) { testDistrictDeliveries(t, w, officer) })
		t.Run("signed list", func(t *testing.T) { testDistrictSigned(t, w, officer) })
		t.Run("unreached", func(t *testing.T) { testDistrictUnreached(t, w, officer) })
		t.Run("requests", func(t *testing.T) { testDistrictRequests(t, w, officer) })
	})
}

// testDistrictScope: another district's household, plan or commune is the
// same 404 page as one that does not exist, byte for byte.
func testDistrictScope(t *testing.T, w *districtWorld, b *signinClient) {
	pairs := [][2]string{
		{fmt.Sprintf("/console/households/%d", w.otherHH.ID), "/console/households/99999999"},
		{"/console/households?district=" + story.ChauThanh, "/console/households?district=999"},
		{"/console/households?commune=" + w.otherComm, "/console/households?commune=99999"},
		{fmt.Sprintf("/console/deliveries?plan=%d", w.otherPlan), "/console/deliveries?plan=99999999"},
		{fmt.Sprintf("/console/deliveries?plan=%d&commune=%s", w.story.PlanID, w.otherComm), fmt.Sprintf("/console/deliveries?plan=%d&commune=99999", w.story.PlanID)},
		{fmt.Sprintf("/console/unreached?plan=%d", w.otherPlan), "/console/unreached?plan=99999999"},
		{fmt.Sprintf("/console/requests/%d", w.story.RequestID), "/console/requests/99999999"},
	}
	for _, p := range pairs {
		other, missing := b.get(p[0]), b.get(p[1])
		if other.Status != http.StatusNotFound || missing.Status != http.StatusNotFound {
			t.Errorf("%s: %d, %s: %d; want 404 both", p[0], other.Status, p[1], missing.Status)
		}
		if switchLink.ReplaceAllString(other.Body, "") != switchLink.ReplaceAllString(missing.Body, "") {
			t.Errorf("%s and %s answer different pages:\n%s\n----\n%s", p[0], p[1], other.Body, missing.Body)
		}
	}
	// A post about another district's household is the same 404 too, and
	// changes nothing.
	page := b.get(fmt.Sprintf("/console/households/%d", w.ownHH.ID))
	form := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {"k-other"}, "version": {strconv.Itoa(w.otherHH.Version)},
		"category": {"poor"}, "status": {"active"}, "members": {"9"}, "head_name": {"X"}, "reason": {"thử"}}
	other := b.post(fmt.Sprintf("/console/households/%d", w.otherHH.ID), form)
	missing := b.post("/console/households/99999999", form)
	if other.Status != http.StatusNotFound || switchLink.ReplaceAllString(other.Body, "") != switchLink.ReplaceAllString(missing.Body, "") {
		t.Errorf("posting to another district's household: %d, same page as a missing one: %v", other.Status, other.Body == missing.Body)
	}
	if h, err := w.srv.Households.Get(context.Background(), w.otherHH.ID, ""); err != nil || h.Version != w.otherHH.Version {
		t.Errorf("another district's household changed: %+v %v", h, err)
	}
	// Delivering another district's plan is refused the same way.
	dp := b.get(fmt.Sprintf("/console/deliveries?plan=%d&commune=%s", w.story.PlanID, w.ownCommune))
	del := url.Values{"csrf": {formCSRF(t, dp.Body)}, "idem": {"k-plan"}, "plan": {strconv.FormatInt(w.otherPlan, 10)},
		"commune": {w.otherComm}, "date": {w.srv.Ledger.Today().String()}, "handed_over_by": {"A"}, "household": {w.otherHH.Code}}
	if r := b.post("/console/deliveries", del); r.Status != http.StatusNotFound {
		t.Errorf("delivering another district's plan: %d", r.Status)
	}
	// The officer's own household opens, with the identity number in full.
	own := b.get(fmt.Sprintf("/console/households/%d", w.ownHH.ID))
	if own.Status != 200 || !strings.Contains(own.Body, w.ownHH.Code) || (w.ownHH.NationalID != "" && !strings.Contains(own.Body, w.ownHH.NationalID)) {
		t.Errorf("own household: %d\n%s", own.Status, own.Body)
	}
}

func testDistrictHouseholds(t *testing.T, w *districtWorld, b *signinClient) {
	list := b.get("/console/households?limit=5")
	if list.Status != 200 || strings.Count(list.Body, "data-household=") != 5 || !strings.Contains(list.Body, `id="next"`) {
		t.Fatalf("list: %d\n%s", list.Status, list.Body)
	}
	if strings.Contains(list.Body, w.otherHH.Code) {
		t.Errorf("the officer's list shows another district's household %s", w.otherHH.Code)
	}
	// Filter by commune and category: every row is of them.
	ctx := context.Background()
	want, err := w.srv.Households.List(ctx, households.Filter{Commune: w.ownHH.Commune, Category: households.Poor}, story.KeSach)
	must(t, err)
	got := b.get("/console/households?limit=500&category=poor&commune=" + w.ownHH.Commune)
	if n := strings.Count(got.Body, "data-household="); got.Status != 200 || n != min(len(want), 500) {
		t.Errorf("commune %s, poor: %d rows, want %d", w.ownHH.Commune, n, len(want))
	}
	// Search by code.
	if s := b.get("/console/households?q=" + url.QueryEscape(w.ownHH.Code)); !strings.Contains(s.Body, fmt.Sprintf(`data-household="%d"`, w.ownHH.ID)) {
		t.Errorf("search by code %s misses it", w.ownHH.Code)
	}
	// The auditor sees every district, identity numbers masked.
	aud := w.as(t, "auditor.test")
	h := w.otherHH
	page := aud.get(fmt.Sprintf("/console/households/%d", h.ID))
	if page.Status != 200 || (h.NationalID != "" && (strings.Contains(page.Body, h.NationalID) || !strings.Contains(page.Body, households.Mask(h.NationalID)))) {
		t.Errorf("auditor's view of %s: %d", h.Code, page.Status)
	}
	if strings.Contains(page.Body, `id="household-form"`) {
		t.Errorf("the auditor is offered the edit form")
	}
}

func testDistrictEdit(t *testing.T, w *districtWorld, b *signinClient) {
	ctx := context.Background()
	path := fmt.Sprintf("/console/households/%d", w.ownHH.ID)
	page := b.get(path)
	h, err := w.srv.Households.Get(ctx, w.ownHH.ID, "")
	must(t, err)
	form := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {formIdem(t, page.Body)}, "version": {strconv.Itoa(h.Version)},
		"category": {string(h.Category)}, "status": {string(h.Status)}, "members": {strconv.Itoa(h.Members + 1)}, "head_name": {h.HeadName},
		"hamlet": {h.Hamlet}, "phone": {h.Phone}, "flags": h.Flags}
	// No reason: refused, the message next to the input, nothing changed.
	r := b.post(path, form)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="reason-error"`) {
		t.Errorf("no reason: %d\n%s", r.Status, r.Body)
	}
	form.Set("reason", "Sinh thêm con")
	// Without the CSRF token: refused.
	noCSRF := url.Values{}
	for k, v := range form {
		noCSRF[k] = v
	}
	noCSRF.Del("csrf")
	if r := b.post(path, noCSRF); r.Status != http.StatusForbidden {
		t.Errorf("no CSRF: %d", r.Status)
	}
	// Twice the same form: one change.
	for i := 0; i < 2; i++ {
		r := b.post(path, form)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != path+"?saved=1" {
			t.Fatalf("post %d: %d %s\n%s", i+1, r.Status, r.Header.Get("Location"), r.Body)
		}
	}
	hist, err := w.srv.Households.History(ctx, h.ID, "")
	must(t, err)
	if len(hist) != 1 || hist[0].Reason != "Sinh thêm con" || hist[0].Fields["members"][1] != strconv.Itoa(h.Members+1) {
		t.Errorf("history after a double post: %+v", hist)
	}
	if saved := b.get(path + "?saved=1"); !strings.Contains(saved.Body, `id="saved"`) || !strings.Contains(saved.Body, "Sinh thêm con") {
		t.Errorf("the saved page lacks the message or the history")
	}
}

func testDistrictImport(t *testing.T, w *districtWorld, b *signinClient) {
	tree := w.srv.Households.Tree()
	before := w.householdCount(t)
	form := b.get("/console/households/import")
	csrf := formCSRF(t, form.Body)
	// A list with errors: every bad row shown, nothing registered.
	bad := b.postFile("/console/households/import", url.Values{"csrf": {csrf}}, "xa.csv", communeListCSV(tree, "KS-W", true))
	if bad.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad list: %d\n%s", bad.Status, bad.Body)
	}
	for _, line := range []string{`data-line="4"`, `data-line="5"`, `data-line="6"`} {
		if !strings.Contains(bad.Body, line) {
			t.Errorf("the bad list's page lacks the problem of %s", line)
		}
	}
	if strings.Contains(bad.Body, `id="confirm"`) {
		t.Errorf("a list with problems can be confirmed")
	}
	if n := w.householdCount(t); n != before {
		t.Errorf("a checked list registered %d households", n-before)
	}
	// Without the CSRF token: refused.
	if r := b.postFile("/console/households/import", nil, "xa.csv", communeListCSV(tree, "KS-W", false)); r.Status != http.StatusForbidden {
		t.Errorf("no CSRF: %d", r.Status)
	}
	// The fixed list: ready, then registered once however often confirmed.
	good := b.postFile("/console/households/import", url.Values{"csrf": {csrf}}, "xa.csv", communeListCSV(tree, "KS-W", false))
	m := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(good.Body)
	if good.Status != 200 || m == nil {
		t.Fatalf("good list: %d\n%s", good.Status, good.Body)
	}
	if n := w.householdCount(t); n != before {
		t.Errorf("checking registered %d households", n-before)
	}
	confirm := url.Values{"csrf": {csrf}, "token": {m[1]}}
	if r := b.post("/console/households/import/confirm", url.Values{"token": {m[1]}}); r.Status != http.StatusForbidden {
		t.Errorf("confirm without CSRF: %d", r.Status)
	}
	var loc string
	for i := 0; i < 2; i++ {
		r := b.post("/console/households/import/confirm", confirm)
		if r.Status != http.StatusSeeOther || (loc != "" && r.Header.Get("Location") != loc) {
			t.Fatalf("confirm %d: %d %q\n%s", i+1, r.Status, r.Header.Get("Location"), r.Body)
		}
		loc = r.Header.Get("Location")
	}
	if n := w.householdCount(t); n != before+3 {
		t.Errorf("registered %d households, want 3", n-before)
	}
	done := b.get(loc)
	if done.Status != 200 || !strings.Contains(done.Body, `id="imported"`) || !strings.Contains(done.Body, "Đã ghi 3 hộ") {
		t.Errorf("result page: %d\n%s", done.Status, done.Body)
	}
	// Another user cannot see the result.
	if r := w.as(t, "fund.test").get(loc); r.Status != http.StatusNotFound {
		t.Errorf("another user opens the import's result: %d", r.Status)
	}
}

func testDistrictDeliveries(t *testing.T, w *districtWorld, b *signinClient) {
	home := b.get("/console/deliveries")
	if home.Status != 200 || !strings.Contains(home.Body, fmt.Sprintf(`<option value="%d"`, w.story.PlanID)) ||
		strings.Contains(home.Body, fmt.Sprintf(`<option value="%d"`, w.otherPlan)) {
		t.Fatalf("plans offered:\n%s", home.Body)
	}
	communes := b.get(fmt.Sprintf("/console/deliveries?plan=%d", w.story.PlanID))
	if !strings.Contains(communes.Body, "commune="+w.ownCommune) {
		t.Errorf("commune %s not offered", w.ownCommune)
	}
	path := fmt.Sprintf("/console/deliveries?plan=%d&commune=%s", w.story.PlanID, w.ownCommune)
	page := b.get(path)
	open := w.openHouseholds(t, w.ownCommune)
	if page.Status != 200 || len(open) < 2 || strings.Count(page.Body, `name="household"`) != len(open) {
		t.Fatalf("list: %d, %d open\n%s", page.Status, len(open), page.Body)
	}
	before := w.deliveredCount(t)
	form := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {formIdem(t, page.Body)}, "plan": {strconv.FormatInt(w.story.PlanID, 10)},
		"commune": {w.ownCommune}, "handed_over_by": {"Lâm Văn Sơn"}, "household": {open[0].Code, open[1].Code}}
	// Before the plan's approval: refused, the message next to the date.
	form.Set("date", "2021-08-01")
	r := b.post("/console/deliveries", form)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="date-error"`) || !strings.Contains(r.Body, "trước ngày duyệt phương án (09/08/2021)") {
		t.Errorf("early date: %d\n%s", r.Status, r.Body)
	}
	// Without the CSRF token: refused.
	noCSRF := url.Values{}
	for k, v := range form {
		noCSRF[k] = v
	}
	noCSRF.Del("csrf")
	if r := b.post("/console/deliveries", noCSRF); r.Status != http.StatusForbidden {
		t.Errorf("no CSRF: %d", r.Status)
	}
	if n := w.deliveredCount(t); n != before {
		t.Fatalf("refused posts recorded %d deliveries", n-before)
	}
	// A fresh form with a good date, posted twice: recorded once.
	page = b.get(path)
	form.Set("idem", formIdem(t, page.Body))
	form.Set("date", w.srv.Ledger.Today().String())
	var loc string
	for i := 0; i < 2; i++ {
		r := b.post("/console/deliveries", form)
		if r.Status != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "recorded=2") {
			t.Fatalf("post %d: %d %q\n%s", i+1, r.Status, r.Header.Get("Location"), r.Body)
		}
		loc = r.Header.Get("Location")
	}
	if n := w.deliveredCount(t); n != before+2 {
		t.Errorf("recorded %d deliveries, want 2", n-before)
	}
	after := b.get(loc)
	if !strings.Contains(after.Body, `id="recorded"`) || strings.Count(after.Body, `name="household"`) != len(open)-2 ||
		!strings.Contains(after.Body, `name="handed_over_by" required maxlength="200" value="Lâm Văn Sơn"`) {
		t.Errorf("the list after recording:\n%s", after.Body)
	}
	// The same households again with another form: already delivered.
	form.Set("idem", formIdem(t, after.Body))
	if r := b.post("/console/deliveries", form); r.Status != http.StatusConflict || !strings.Contains(r.Body, "đã nhận phần của phương án này rồi") {
		t.Errorf("delivering twice: %d", r.Status)
	}
}

func testDistrictUnreached(t *testing.T, w *districtWorld, b *signinClient) {
	ctx := context.Background()
	want, err := w.srv.Distribution.Unreached(ctx, distribution.Scope{PlanID: w.story.PlanID, District: story.KeSach}, 0, 0)
	must(t, err)
	page := b.get(fmt.Sprintf("/console/unreached?plan=%d&limit=500", w.story.PlanID))
	if n := strings.Count(page.Body, "data-household="); page.Status != 200 || n != min(len(want), 500) || n == 0 {
		t.Errorf("unreached: %d, %d rows, want %d", page.Status, n, len(want))
	}
	if strings.Contains(page.Body, w.otherHH.Code) {
		t.Errorf("another district's household among the unreached")
	}
}

func testDistrictRequests(t *testing.T, w *districtWorld, b *signinClient) {
	ctx := context.Background()
	count := func() int {
		rs, err := w.srv.Distribution.Requests(ctx, distribution.RequestFilter{}, "")
		must(t, err)
		return len(rs)
	}
	page := b.get("/console/requests")
	if page.Status != 200 || strings.Contains(page.Body, fmt.Sprintf(`data-request="%d"`, w.story.RequestID)) {
		t.Fatalf("requests: %d, shows Trần Đề's request: %v", page.Status, strings.Contains(page.Body, fmt.Sprintf(`data-request="%d"`, w.story.RequestID)))
	}
	before := count()
	form := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {formIdem(t, page.Body)}, "fund": {"POOR"}, "amount": {"50.000.000"},
		"households": {"40"}, "reason": {"Hộ nghèo xã Trinh Phú bị ảnh hưởng dịch"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("amount", "năm mươi triệu")
	if r := b.post("/console/requests", bad); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="amount-error"`) {
		t.Errorf("bad amount: %d", r.Status)
	}
	bad.Del("csrf")
	if r := b.post("/console/requests", bad); r.Status != http.StatusForbidden {
		t.Errorf("no CSRF: %d", r.Status)
	}
	var loc string
	for i := 0; i < 2; i++ {
		r := b.post("/console/requests", form)
		if r.Status != http.StatusSeeOther || (loc != "" && r.Header.Get("Location") != loc) {
			t.Fatalf("post %d: %d %q\n%s", i+1, r.Status, r.Header.Get("Location"), r.Body)
		}
		loc = r.Header.Get("Location")
	}
	if n := count(); n != before+1 {
		t.Fatalf("filed %d requests, want 1", n-before)
	}
	rs, err := w.srv.Distribution.Requests(ctx, distribution.RequestFilter{District: story.KeSach}, "")
	must(t, err)
	last := rs[len(rs)-1]
	if last.District != story.KeSach || !last.Amount.Equal(decimal.NewFromInt(50_000_000)) || last.Status != distribution.Pending {
		t.Errorf("the request: %+v", last)
	}
	if r := b.get(loc); !strings.Contains(r.Body, `id="filed"`) || !strings.Contains(r.Body, fmt.Sprintf(`data-request="%d"`, last.ID)) {
		t.Errorf("the list after filing lacks it")
	}
	if r := b.get(fmt.Sprintf("/console/requests/%d", last.ID)); r.Status != 200 || !strings.Contains(r.Body, "đang chờ duyệt") {
		t.Errorf("the request's page: %d", r.Status)
	}
}

// testDistrictSigned: the plan's distribution list, downloaded from the
// API, two households marked received, uploaded twice with the same form:
// recorded once.
func testDistrictSigned(t *testing.T, w *districtWorld, b *signinClient) {
	dl := b.get(fmt.Sprintf("/api/v1/exports/distribution-list.xlsx?plan=%d", w.story.PlanID))
	if dl.Status != 200 {
		t.Fatalf("distribution list: %d %s", dl.Status, dl.Body)
	}
	x, err := excelize.OpenReader(strings.NewReader(dl.Body))
	must(t, err)
	open := map[string]bool{}
	for _, h := range w.openHouseholds(t, "") {
		open[h.Code] = true
	}
	marked := 0
	for _, sheet := range x.GetSheetList() {
		rows, err := x.GetRows(sheet)
		must(t, err)
		for i, row := range rows {
			if marked < 2 && len(row) > 1 && open[row[1]] {
				must(t, x.SetCellValue(sheet, fmt.Sprintf("I%d", i+1), "x"))
				must(t, x.SetCellValue(sheet, fmt.Sprintf("J%d", i+1), w.srv.Ledger.Today().String()))
				marked++
			}
		}
	}
	if marked != 2 {
		t.Fatalf("marked %d rows", marked)
	}
	var buf bytes.Buffer
	must(t, x.Write(&buf))
	page := b.get(fmt.Sprintf("/console/deliveries?plan=%d", w.story.PlanID))
	form := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {regexp.MustCompile(`id="signed-form">\s*<input type="hidden" name="csrf" value="[^"]*"><input type="hidden" name="idem" value="([^"]+)"`).FindStringSubmatch(page.Body)[1]},
		"plan": {strconv.FormatInt(w.story.PlanID, 10)}, "handed_over_by": {"Trần Thị Mai, MTTQ xã"}}
	before := w.deliveredCount(t)
	noCSRF := url.Values{"idem": form["idem"], "plan": form["plan"]}
	if r := b.postFile("/console/deliveries/signed", noCSRF, "ds-943.xlsx", buf.Bytes()); r.Status != http.StatusForbidden {
		t.Errorf("no CSRF: %d", r.Status)
	}
	for i := 0; i < 2; i++ {
		r := b.postFile("/console/deliveries/signed", form, "ds-943.xlsx", buf.Bytes())
		if r.Status != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "recorded=2") {
			t.Fatalf("upload %d: %d %q\n%s", i+1, r.Status, r.Header.Get("Location"), r.Body)
		}
	}
	if n := w.deliveredCount(t); n != before+2 {
		t.Errorf("the signed list recorded %d deliveries, want 2", n-before)
	}
	// Another key, the same file: already delivered, shown on the page.
	form.Set("idem", "another-key")
	if r := b.postFile("/console/deliveries/signed", form, "ds-943.xlsx", buf.Bytes()); r.Status != http.StatusConflict || !strings.Contains(r.Body, `id="signed-errors"`) {
		t.Errorf("the same list again: %d", r.Status)
	}
}

// TestPendingImports: a user's new check replaces their unconfirmed one;
// a confirmed one stays; the store keeps within its bytes.
func TestPendingImports(t *testing.T) {
	p := &pendingImports{m: map[string]*pendingImport{}}
	a := p.add(&pendingImport{user: 1, body: []byte("a")})
	b := p.add(&pendingImport{user: 1, body: []byte("b")})
	if p.get(a, 1) != nil || p.get(b, 1) == nil {
		t.Errorf("a new check of user 1 did not replace the old one")
	}
	if p.get(b, 2) != nil {
		t.Errorf("user 2 reads user 1's import")
	}
	p.get(b, 1).settled.Store(true)
	c := p.add(&pendingImport{user: 1, body: []byte("c")})
	if p.get(b, 1) == nil || p.get(c, 1) == nil {
		t.Errorf("a confirmed import was dropped by a new check")
	}
	big := make([]byte, maxPendingBytes/2+1)
	d := p.add(&pendingImport{user: 3, body: big})
	e := p.add(&pendingImport{user: 4, body: big})
	if p.get(d, 3) != nil || p.get(e, 4) == nil {
		t.Errorf("over the bytes bound the oldest was not dropped")
	}
}
