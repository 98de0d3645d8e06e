package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"

	"reliefledger/access"
	"reliefledger/distribution"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestConsoleApproveBrowser is the approver's and the supervisor's day in
// headless chromium without JavaScript, on each backend: the approver
// opens the queue, approves a plan, another plan in part (one district
// unticked, with the reason) and a request in part; the supervisor
// opens the fairness of the demo plan and drills down to a commune. Every
// page is screenshot at phone and desktop width.
func TestConsoleApproveBrowser(t *testing.T) {
	exe := chromium(t)
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newConsoleFixture(t, db)
		f.user(t, "Ngô Văn Duyệt", "approver.test", access.Approver, "")
		f.user(t, "Võ Thị Giám Sát", "supervisor.test", access.Supervisor, "")
		// The fund officer drafts a plan, Kế Sách files a request.
		p := draftPlan(t, f, f.fundOfficer.ID, "Hỗ trợ hộ nghèo Kế Sách, đợt 2")
		req, _, err := f.srv.Distribution.FileRequest(ctx, ledger.Actor{UserID: f.officer.ID}, "943", distribution.RequestInput{Fund: "COVID",
			District: "943", Amount: decimal.NewFromInt(50_000_000), Households: 12, Reason: "Hỗ trợ khu cách ly xã Phong Nẫm"})
		must(t, err)

		b := newTab(t, exe, f.URL)
		signInAs := func(username, next string) {
			b.call(chromedp.Navigate(f.URL+"/login?next="+next), chromedp.WaitVisible(chromedp.CSS("#username")),
				chromedp.SendKeys(chromedp.CSS("#username"), username), chromedp.SendKeys(chromedp.CSS("#password"), consolePW),
				chromedp.Click(chromedp.CSS("#signin")), chromedp.WaitVisible(chromedp.CSS("#console-who")))
		}
		signInAs("approver.test", "%2Fconsole%2Fapprovals")
		b.visit("approvals", "/console/approvals")
		if got := b.text(fmt.Sprintf(`#plans tr[data-plan="%d"]`, p.ID)); !strings.Contains(got, "Hỗ trợ hộ nghèo Kế Sách, đợt 2") {
			t.Errorf("the queue's plan row: %q", got)
		}

		// The plan, approved as it stands.
		b.call(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#plans tr[data-plan="%d"] td a`, p.ID))), chromedp.WaitVisible(chromedp.CSS("#shares")))
		b.visit("approvals-plan", fmt.Sprintf("/console/approvals/plans/%d", p.ID))
		b.call(chromedp.SetValue(chromedp.CSS("#date"), "2021-09-20"), chromedp.Click(chromedp.CSS("#approve")), chromedp.WaitVisible(chromedp.CSS("#result")))
		shot(t, b, "approvals-plan-approved")
		if got, err := f.srv.Distribution.Plan(ctx, p.ID); err != nil || got.Status != distribution.Approved {
			t.Errorf("plan after the form: %s, %v", got.Status, err)
		}

		// Another plan, approved in part: the approver unticks Châu Thành
		// and says why.
		two := draftTwoDistricts(t, f, f.fundOfficer.ID, "Hỗ trợ Châu Thành và Kế Sách, đợt 3")
		b.visit("approvals-plan-partial", fmt.Sprintf("/console/approvals/plans/%d", two.ID))
		b.call(chromedp.Click(chromedp.CSS("#district-942")), chromedp.SetValue(chromedp.CSS("#date"), "2021-09-20"),
			chromedp.SendKeys(chromedp.CSS("#reason"), "Châu Thành đã nhận hỗ trợ từ ngân sách huyện"),
			chromedp.Click(chromedp.CSS("#approve")), chromedp.WaitVisible(chromedp.CSS("#result")))
		shot(t, b, "approvals-plan-partial-approved")
		if got := b.text(`#excluded tr[data-district="942"]`); !strings.Contains(got, "942") {
			t.Errorf("the excluded district's row: %q", got)
		}
		if got := b.text("#approval-reason"); !strings.Contains(got, "ngân sách huyện") {
			t.Errorf("the reason on the page: %q", got)
		}
		if got, err := f.srv.Distribution.Plan(ctx, two.ID); err != nil || got.Status != distribution.Approved ||
			len(got.Result.Excluded) != 1 || got.Result.Excluded[0].District != "942" || len(got.Result.Districts) != 1 {
			t.Errorf("plan approved in part: %s, excluded %+v, %v", got.Status, got.Result.Excluded, err)
		}

		// The request, approved in part with a reason.
		b.visit("approvals-request", fmt.Sprintf("/console/approvals/requests/%d", req.ID))
		b.call(chromedp.SetValue(chromedp.CSS("#amount"), "30000000"), chromedp.SetValue(chromedp.CSS("#date"), "2021-09-21"),
			chromedp.SendKeys(chromedp.CSS("#reason"), "Duyệt trước 30 triệu đồng theo số dư của quỹ"),
			chromedp.Click(chromedp.CSS("#decide")), chromedp.WaitVisible(chromedp.CSS("#result")))
		shot(t, b, "approvals-request-decided")
		if got := b.text("#approved-amount"); got != "30.000.000 đồng" {
			t.Errorf("approved amount on the page: %q", got)
		}
		got, err := f.srv.Distribution.Request(ctx, req.ID, "")
		must(t, err)
		if got.Status != distribution.Approved || !got.ApprovedAmount.Decimal.Equal(decimal.NewFromInt(30_000_000)) {
			t.Errorf("request after the form: %s %v", got.Status, got.ApprovedAmount)
		}

		// The supervisor: fairness of the demo plan, Kế Sách, a commune.
		b.call(chromedp.Click(chromedp.CSS("#console-signout")), chromedp.WaitVisible(chromedp.CSS("#username")))
		signInAs("supervisor.test", "%2Fconsole")
		b.visit("fairness-form", "/console/fairness")
		fair := fmt.Sprintf("/console/fairness?plan=%d", f.story.PlanID)
		b.visit("fairness", fair)
		rep, err := f.srv.Distribution.Fairness(ctx, distribution.Scope{PlanID: f.story.PlanID, DeadlineDays: 20})
		must(t, err)
		if got := b.text("#gini"); got != vi.Num(rep.Overall.Gini.Decimal) {
			t.Errorf("Gini on the page %q, the service's %s", got, rep.Overall.Gini.Decimal)
		}
		b.call(chromedp.Click(chromedp.CSS(`#districts tr[data-district="943"] th a`)), chromedp.WaitVisible(chromedp.CSS("#communes")))
		var commune distribution.CommuneFairness
		for _, d := range rep.Districts {
			for _, c := range d.Communes {
				if d.District == "943" && commune.Commune == "" && c.Reached < c.Eligible {
					commune = c
				}
			}
		}
		b.visit("fairness-district", fmt.Sprintf("/console/fairness/districts/943?plan=%d", f.story.PlanID))
		b.call(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#communes tr[data-commune="%s"] th a`, commune.Commune))),
			chromedp.WaitVisible(chromedp.CSS("#unreached-list")))
		unit, _ := f.srv.Households.Tree().Unit(commune.Commune)
		if h := b.text("#unreached"); !strings.Contains(h, unit.Name) {
			t.Errorf("the commune's heading: %q, want %s", h, unit.Name)
		}
		b.visit("fairness-commune", fmt.Sprintf("/console/fairness/districts/943?plan=%d&commune=%s", f.story.PlanID, commune.Commune))
	})
}
