package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestConsoleDistrictBrowser is Kế Sách's district officer's day in
// headless chromium without JavaScript, on each backend: sign in, import a
// commune's list with errors (see them, nothing registered), import the
// fixed list, then in a phone-width window mark two households of the
// plan delivered; another district's household, plan and commune are the
// not-found page.
func TestConsoleDistrictBrowser(t *testing.T) {
	exe := chromium(t)
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		w := newDistrictWorld(t, db)
		b := newTab(t, exe, w.URL)
		b.call(chromedp.Navigate(w.URL+"/login?next=%2Fconsole"), chromedp.WaitVisible(chromedp.CSS("#username")),
			chromedp.SendKeys(chromedp.CSS("#username"), "officer.943"), chromedp.SendKeys(chromedp.CSS("#password"), consolePW),
			chromedp.Click(chromedp.CSS("#signin")), chromedp.WaitVisible(chromedp.CSS("#console-who")))
		if who := b.text("#console-who"); !strings.Contains(who, "Trần Thị Kế Sách") || !strings.Contains(who, "943") {
			t.Errorf("console frame: %q", who)
		}
		b.visit("district-console", "/console")
		b.visit("district-households", "/console/households")
		b.visit("district-household", fmt.Sprintf("/console/households/%d", w.ownHH.ID))

		// The import: a list with errors first.
		dir := t.TempDir()
		badFile, goodFile := filepath.Join(dir, "xa-loi.csv"), filepath.Join(dir, "xa-da-sua.csv")
		tree := w.srv.Households.Tree()
		must(t, os.WriteFile(badFile, communeListCSV(tree, "KS-B", true), 0o644))
		must(t, os.WriteFile(goodFile, communeListCSV(tree, "KS-B", false), 0o644))
		before := w.householdCount(t)
		b.visit("district-import", "/console/households/import")
		b.call(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{badFile}), chromedp.Click(chromedp.CSS("#check")),
			chromedp.WaitVisible(chromedp.CSS("#import-problems")))
		problems := b.text("#problems tbody")
		for _, want := range []string{"KS-B-1 appears twice", "ba"} {
			if !strings.Contains(problems, want) {
				t.Errorf("the problems table lacks %q:\n%s", want, problems)
			}
		}
		shot(t, b, "district-import-problems")
		if n := w.householdCount(t); n != before {
			t.Errorf("the list with errors registered %d households", n-before)
		}
		// The fixed list: checked, confirmed, registered.
		b.call(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{goodFile}), chromedp.Click(chromedp.CSS("#check")),
			chromedp.WaitVisible(chromedp.CSS("#confirm")))
		shot(t, b, "district-import-ready")
		b.call(chromedp.Click(chromedp.CSS("#confirm")), chromedp.WaitVisible(chromedp.CSS("#imported")))
		if got := b.text("#imported"); !strings.Contains(got, "Đã ghi 3 hộ") {
			t.Errorf("import result: %q", got)
		}
		if n := w.householdCount(t); n != before+3 {
			t.Errorf("registered %d households, want 3", n-before)
		}

		// Deliveries on a phone.
		open := w.openHouseholds(t, w.ownCommune)
		delivered := w.deliveredCount(t)
		b.visit("district-deliveries", fmt.Sprintf("/console/deliveries?plan=%d", w.story.PlanID))
		list := fmt.Sprintf("/console/deliveries?plan=%d&commune=%s", w.story.PlanID, w.ownCommune)
		b.visit("district-deliveries-list", list)
		b.call(chromedp.EmulateViewport(360, 800), chromedp.Navigate(w.URL+list), chromedp.WaitVisible(chromedp.CSS("#deliver-form")),
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="household"][value="%s"]`, open[0].Code))),
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="household"][value="%s"]`, open[1].Code))),
			chromedp.SendKeys(chromedp.CSS("#handed_over_by"), "Lâm Văn Sơn"),
			chromedp.Click(chromedp.CSS("#record")), chromedp.WaitVisible(chromedp.CSS("#recorded")))
		if got := b.text("#recorded"); !strings.Contains(got, "2") {
			t.Errorf("recorded: %q", got)
		}
		if n := w.deliveredCount(t); n != delivered+2 {
			t.Errorf("recorded %d deliveries, want 2", n-delivered)
		}
		shot(t, b, "district-deliveries-recorded")
		b.visit("district-unreached", fmt.Sprintf("/console/unreached?plan=%d", w.story.PlanID))
		b.visit("district-requests", "/console/requests")

		// Another district's objects: the not-found page.
		for _, path := range []string{fmt.Sprintf("/console/households/%d", w.otherHH.ID),
			fmt.Sprintf("/console/deliveries?plan=%d", w.otherPlan),
			fmt.Sprintf("/console/deliveries?plan=%d&commune=%s", w.story.PlanID, w.otherComm)} {
			b.call(chromedp.Navigate(w.URL+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
			if h1 := b.text("main h1"); h1 != "Không tìm thấy trang" {
				t.Errorf("%s shows %q", path, h1)
			}
		}
		b.visit("district-not-found", fmt.Sprintf("/console/households/%d", w.otherHH.ID))
		// Last: the switch to English is remembered for the next pages.
		b.visit("district-deliveries-en", list+"&lang=en")
	})
}
