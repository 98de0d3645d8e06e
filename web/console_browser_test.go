package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestConsoleBrowser is the auditor's day in headless chromium without
// JavaScript, on each backend: sign in, open every console page (phone
// and desktop screenshots), download the reconciliation through the
// workbooks form and read it back, run verify and see OK.
func TestConsoleBrowser(t *testing.T) {
	exe := chromium(t)
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newConsoleFixture(t, db)
		b := newTab(t, exe, f.URL)
		b.call(chromedp.Navigate(f.URL+"/login?next=%2Fconsole"), chromedp.WaitVisible(chromedp.CSS("#username")),
			chromedp.SendKeys(chromedp.CSS("#username"), "auditor.test"), chromedp.SendKeys(chromedp.CSS("#password"), consolePW),
			chromedp.Click(chromedp.CSS("#signin")), chromedp.WaitVisible(chromedp.CSS("#console-who")))
		if who := b.text("#console-who"); who != "Lê Kiểm Toán · kiểm toán · Toàn tỉnh" {
			t.Errorf("console frame: %q", who)
		}

		b.visit("console", "/console")
		b.visit("console-journal", "/console/journal?fund=POOR&limit=10")
		b.visit("console-entry", "/console/journal/2")
		b.visit("console-trial-balance", "/console/trial-balance?fund=POOR&as_of=2021-09-30")
		b.visit("console-checkpoints", "/console/checkpoints")
		b.visit("console-audit", "/console/audit")

		// The reconciliation of POOR, from the workbooks form.
		b.visit("console-workbooks", "/console/workbooks")
		b.call(chromedp.SetValue(chromedp.CSS("#name"), "reconciliation"), chromedp.SetValue(chromedp.CSS("#fund"), "POOR"))
		path := b.downloadFile(t, "#download")
		if !strings.HasSuffix(path, ".xlsx") {
			t.Fatalf("downloaded %s, want a workbook", path)
		}
		x, err := excelize.OpenFile(path)
		must(t, err)
		defer x.Close()
		const sheet = "Đối soát"
		closing := cellRight(t, x, sheet, "Số dư cuối kỳ (sổ cái)")
		tb, err := f.srv.Ledger.TrialBalanceOf(context.Background(), "POOR", ledger.Date{})
		must(t, err)
		var assets decimal.Decimal
		for _, r := range tb.Rows {
			if r.Account.Type == ledger.Asset {
				assets = assets.Add(r.Debit).Sub(r.Credit)
			}
		}
		if closing.IsZero() || !closing.Equal(assets) {
			t.Errorf("the workbook's closing balance %s, the ledger's assets %s", closing, assets)
		}

		b.visit("console-verify", "/console/verify")
		b.call(chromedp.Click(chromedp.CSS("#verify")), chromedp.WaitVisible(chromedp.CSS("#verify-result")))
		if got := b.text("#verify-result"); got != "Sổ đúng: không có sai lệch nào." {
			t.Errorf("verify: %q", got)
		}
		// The result page, for the tour.
		shot(t, b, "console-verify-ok")
	})
}

// cellRight is the number right of the cell in column A that says label.
func cellRight(t *testing.T, x *excelize.File, sheet, label string) decimal.Decimal {
	t.Helper()
	rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	must(t, err)
	for _, r := range rows {
		if len(r) > 1 && strings.TrimSpace(r[0]) == label {
			d, err := decimal.NewFromString(r[1])
			if err != nil {
				t.Fatalf("%s: %q is not a number", label, r[1])
			}
			return d
		}
	}
	t.Fatalf("no row %q in %s", label, sheet)
	return decimal.Zero
}

// shot screenshots the page as it is now (after a form), at both widths.
func shot(t *testing.T, tb *tab, name string) {
	t.Helper()
	for _, w := range []int64{360, 1280} {
		tb.call(chromedp.EmulateViewport(w, 800))
		ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		cancel()
		must(t, err)
		dir := filepath.Join(screenshotDir, t.Name())
		must(t, os.MkdirAll(dir, 0o755))
		must(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, w)), png, 0o644))
	}
}
