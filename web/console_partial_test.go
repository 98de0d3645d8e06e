package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/access"
	"reliefledger/distribution"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// draftTwoDistricts drafts a budget plan for Kế Sách (943) and Châu Thành
// (942) from POOR's bank account, by author.
func draftTwoDistricts(t *testing.T, f *consoleFixture, author int64, title string) distribution.Preview {
	t.Helper()
	p, _, err := f.srv.Distribution.CreatePlan(context.Background(), ledger.Actor{UserID: author}, distribution.PlanInput{Fund: "POOR",
		Title: title, Source: "bank", Method: distribution.Budget,
		Budget:  decimal.NullDecimal{Decimal: decimal.NewFromInt(20_000_000), Valid: true},
		Unit:    decimal.NullDecimal{Decimal: decimal.NewFromInt(10_000), Valid: true},
		Weights: map[string]decimal.Decimal{"poor": decimal.NewFromInt(1), "near_poor": decimal.RequireFromString("0.5")}, Districts: []string{"942", "943"}})
	must(t, err)
	if p.Cover.Missing.IsPositive() || len(p.Result.Districts) != 2 {
		t.Fatalf("the test plan: cover %+v, %d districts", p.Cover, len(p.Result.Districts))
	}
	return p
}

// TestConsoleApprovePartial: the approver unticks a district; without a
// reason the form is refused next to the reason field and keeps the
// district unticked; with one the plan is approved without the district
// (its outstanding allocation untouched), once however often the form is
// posted, and the plan's page says what was left out and why.
func TestConsoleApprovePartial(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newConsoleFixture(t, db)
		f.user(t, "Ngô Văn Duyệt", "approver.test", access.Approver, "")
		b := f.as(t, "approver.test")
		p := draftTwoDistricts(t, f, f.fundOfficer.ID, "Hỗ trợ Châu Thành và Kế Sách")
		path := fmt.Sprintf("/console/approvals/plans/%d", p.ID)
		page := b.get(path)
		for _, d := range []string{"942", "943"} {
			if !strings.Contains(page.Body, fmt.Sprintf(`name="district" value="%s" id="district-%s" checked`, d, d)) {
				t.Fatalf("the form lacks a ticked box for %s:\n%s", d, page.Body)
			}
		}
		csrf, idem := formCSRF(t, page.Body), formIdem(t, page.Body)
		before := head(t, f)
		out942, out943 := balanceOf(t, f, "POOR", "1310.D942"), balanceOf(t, f, "POOR", "1310.D943")

		// Without the CSRF token: refused.
		if r := b.post(path, url.Values{"idem": {idem}, "listed": {"942", "943"}, "district": {"943"}, "reason": {"x"}}); r.Status != http.StatusForbidden {
			t.Errorf("no CSRF: %d", r.Status)
		}
		// 942 unticked, no reason: refused, nothing recorded.
		form := url.Values{"csrf": {csrf}, "idem": {idem}, "date": {"2021-09-20"}, "listed": {"942", "943"}, "district": {"943"}}
		r := b.post(path, form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="reason-error"`) ||
			!strings.Contains(r.Body, "Hãy ghi lý do") || !strings.Contains(r.Body, `id="district-942">`) {
			t.Fatalf("no reason: %d\n%s", r.Status, r.Body)
		}
		// Every district unticked: refused by the districts' list.
		none := url.Values{"csrf": {csrf}, "idem": {newFormKey()}, "listed": {"942", "943"}, "reason": {"x"}}
		if r := b.post(path, none); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="districts-error"`) {
			t.Errorf("every district unticked: %d\n%s", r.Status, r.Body)
		}
		if head(t, f) != before {
			t.Fatal("a refused form recorded an entry")
		}

		const reason = "Châu Thành đã nhận hỗ trợ từ ngân sách huyện"
		// The refused form corrected and posted again, with its key.
		form = url.Values{"csrf": {csrf}, "idem": {idem}, "date": {"2021-09-20"}, "listed": {"942", "943"}, "district": {"943"}, "reason": {reason}}
		for i := range 2 { // a double submit
			if r := b.post(path, form); r.Status != http.StatusSeeOther || r.Header.Get("Location") != path+"?done=1" {
				t.Fatalf("post %d: %d\n%s", i+1, r.Status, r.Body)
			}
		}
		if got := head(t, f); got != before+1 {
			t.Errorf("two posts of one form appended %d entries, want 1", got-before)
		}
		got, err := f.srv.Distribution.Plan(ctx, p.ID)
		must(t, err)
		var share943 decimal.Decimal
		for _, d := range p.Result.Districts {
			if d.District == "943" {
				share943 = d.Amount
			}
		}
		if got.Status != distribution.Approved || len(got.Result.Excluded) != 1 || got.Result.Excluded[0].District != "942" ||
			got.Result.ApprovalReason != reason || !got.Total.Equal(share943) {
			t.Errorf("plan after the form: %s, total %s, excluded %+v, reason %q", got.Status, got.Total, got.Result.Excluded, got.Result.ApprovalReason)
		}
		if d942, d943 := balanceOf(t, f, "POOR", "1310.D942").Sub(out942), balanceOf(t, f, "POOR", "1310.D943").Sub(out943); !d942.IsZero() || !d943.Equal(share943) {
			t.Errorf("outstanding grew by %s (942) and %s (943), want 0 and %s", d942, d943, share943)
		}
		done := b.get(path + "?done=1")
		if !strings.Contains(done.Body, `id="result"`) || !strings.Contains(done.Body, "1 huyện không được duyệt") ||
			!strings.Contains(done.Body, `<table id="excluded"`) || !strings.Contains(done.Body, reason) || strings.Contains(done.Body, `id="approve-form"`) {
			t.Errorf("the plan approved in part:\n%s", done.Body)
		}
		if en := b.get(path + "?lang=en"); !strings.Contains(en.Body, "Districts left out") || !strings.Contains(en.Body, "approved in part") {
			t.Errorf("the plan in English:\n%s", en.Body)
		}
	})
}
