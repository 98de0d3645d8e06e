package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"reliefledger/donations"
)

// pageBudget is the most a page may transfer, everything it loads
// included (acceptance: under 150 KB without downloads).
const pageBudget = 150 << 10

// screenshotDir holds the screenshots the browser test takes (gitignored);
// docs/ keeps two of them for the README.
const screenshotDir = "testdata/screenshots"

// chromium finds Debian's chromium. Without it the browser test skips,
// unless CI is set: then it fails, as a missing PostgreSQL does.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but no chromium is installed: the browser tests must run in CI (.ci/run installs it)")
	}
	t.Skip("no chromium; skipping the browser test")
	return ""
}

// tab is a headless chromium tab that records every request it makes and
// the bytes it transfers.
type tab struct {
	t      *testing.T
	ctx    context.Context
	origin string

	mu    sync.Mutex
	urls  []string
	bytes float64
}

func newTab(t *testing.T, exe, origin string) *tab {
	tb := &tab{t: t, origin: origin}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Headless)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	tb.ctx = ctx
	// The first run starts the browser: it gets the tab's own context, as
	// a timeout on it would stop the browser when it ends.
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		// Every page counts its whole weight, stylesheet included.
		if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			return err
		}
		// The pages must work without JavaScript: the tab runs none.
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	if err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return tb
}

func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		tb.urls = append(tb.urls, ev.Request.URL)
	case *network.EventLoadingFinished:
		tb.bytes += ev.EncodedDataLength
	}
}

func (tb *tab) call(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatal(err)
	}
}

func (tb *tab) text(sel string) string {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		tb.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// visit loads path at a phone's and a desktop's width, screenshots both,
// and checks that the page stayed on its own origin and within budget.
func (tb *tab) visit(name, path string) {
	tb.t.Helper()
	for _, w := range []int64{360, 1280} {
		tb.mu.Lock()
		tb.urls, tb.bytes = nil, 0
		tb.mu.Unlock()
		tb.call(chromedp.EmulateViewport(w, 800), chromedp.Navigate(tb.origin+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		cancel()
		if err != nil {
			tb.t.Fatalf("screenshot of %s: %v", path, err)
		}
		dir := filepath.Join(screenshotDir, tb.t.Name())
		must(tb.t, os.MkdirAll(dir, 0o755))
		must(tb.t, os.WriteFile(filepath.Join(dir, name+"-"+itoa64(w)+".png"), png, 0o644))
		tb.checkRequests(path + " @" + itoa64(w) + "px")
	}
}

// checkRequests: every request went to the server's own origin (a data:
// URL stays in the page), and the page weighed less than the budget.
func (tb *tab) checkRequests(path string) {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.urls) == 0 {
		tb.t.Errorf("%s: no request seen: the network listener is not working", path)
	}
	for _, u := range tb.urls {
		if !strings.HasPrefix(u, tb.origin+"/") && !strings.HasPrefix(u, "data:") {
			tb.t.Errorf("%s: a request left the origin: %s", path, u)
		}
	}
	if tb.bytes > pageBudget {
		tb.t.Errorf("%s: %.0f bytes transferred, over the %d budget", path, tb.bytes, pageBudget)
	}
	tb.t.Logf("%s: %d requests, %.1f KB", path, len(tb.urls), tb.bytes/1024)
}

// testBrowser drives headless chromium, without JavaScript, through the
// portal (TestPortal runs it on each backend): search, receipts (a voided
// one), use of funds, a download.
func testBrowser(t *testing.T, f *fixture) {
	exe := chromium(t)
	b := newTab(t, exe, f.URL)

	b.visit("home", "/")
	if got := b.text("#fund-COVID"); !strings.Contains(got, "Quỹ phòng, chống Covid-19") {
		t.Errorf("home: %q", got)
	}
	// The keyboard: the first Tab reaches the skip link, which shows;
	// Enter moves the focus to the main content; the next Tab goes on
	// from there, past the header.
	b.call(chromedp.KeyEvent(kb.Tab), chromedp.WaitVisible(chromedp.CSS("a.skip:focus")),
		chromedp.KeyEvent(kb.Enter), chromedp.WaitReady(chromedp.CSS("main:focus")),
		chromedp.KeyEvent(kb.Tab), chromedp.WaitReady(chromedp.CSS("main :focus")))

	// Search by typing into the form and submitting it, as a person does.
	b.visit("search", "/donations")
	b.call(chromedp.SendKeys(chromedp.CSS("#q"), "sa ret"), chromedp.Submit(chromedp.CSS("#q")),
		// Only the answer's form holds the words typed (in its value
		// attribute): then the old page is gone.
		chromedp.WaitVisible(chromedp.CSS(`#q[value="sa ret"]`)))
	if got := b.text("#count"); got != "Tìm thấy 2 khoản ủng hộ." {
		t.Errorf("search count: %q", got)
	}
	b.visit("search-anonymous", "/donations?amount=5000000&fund=COVID")
	if got := b.text("table.donations tbody"); !strings.Contains(got, "Nhà hảo tâm (ẩn danh)") {
		t.Errorf("anonymous donor: %q", got)
	}

	ds, err := f.srv.Donations.List(context.Background(), donations.Filter{Query: "sa ret", Limit: 10})
	must(t, err)
	for _, d := range ds {
		name := "receipt"
		if d.Status == "voided" {
			name = "receipt-voided"
		}
		b.visit(name, "/r/"+d.ReceiptNo)
		got := b.text("main")
		if voided := strings.Contains(got, "ĐÃ HỦY"); voided != (d.Status == "voided") {
			t.Errorf("%s (%s): says voided=%v:\n%s", d.ReceiptNo, d.Status, voided, got)
		}
		// The QR code's address, followed in the browser, opens this receipt.
		addr := b.text(".qrbox .hash")
		if addr != f.URL+"/r/"+d.ReceiptNo {
			t.Errorf("QR address %q", addr)
		}
		b.call(chromedp.Navigate(addr), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if h1 := b.text("main h1"); h1 != "Biên nhận "+d.ReceiptNo {
			t.Errorf("the QR address opens %q", h1)
		}
		if d.Status == "voided" {
			b.printed(name)
		}
	}

	b.visit("use", "/use?fund=POOR")
	if got := b.text("main table"); !strings.Contains(got, "Kế Sách") {
		t.Errorf("use: %q", got)
	}
	b.visit("use-en", "/use?fund=COVID&lang=en")
	b.visit("downloads", "/downloads?lang=vi")
	b.download(t, "a[href='/downloads/received.csv?fund=COVID']", "Nhà hảo tâm (ẩn danh)")
}

// printed renders the page as printed: the site's header, navigation and
// footer go; the receipt and its QR code stay.
func (tb *tab) printed(name string) {
	tb.t.Helper()
	media := func(m string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
			return err
		})
	}
	tb.call(chromedp.EmulateViewport(794, 1123), media("print"), chromedp.WaitNotVisible(chromedp.CSS("header.site")),
		chromedp.WaitNotVisible(chromedp.CSS("footer.site")), chromedp.WaitVisible(chromedp.CSS("svg.qr")), chromedp.WaitVisible(chromedp.CSS(".voided")))
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	cancel()
	must(tb.t, err)
	must(tb.t, os.WriteFile(filepath.Join(screenshotDir, tb.t.Name(), name+"-print.png"), png, 0o644))
	tb.call(media(""))
}

// download clicks a link, waits for the browser to save the file and
// checks that the file holds want.
func (tb *tab) download(t *testing.T, link, want string) {
	path := tb.downloadFile(t, link)
	b, err := os.ReadFile(path)
	must(t, err)
	if !strings.Contains(string(b), want) {
		t.Errorf("%s lacks %q:\n%s", path, want, b)
	}
}

// downloadFile clicks sel and returns the path of the one file the browser
// saved.
func (tb *tab) downloadFile(t *testing.T, sel string) string {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: ptr(true)})
	must(t, err)
	events := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	tb.call(chromedp.Click(chromedp.CSS(sel)))
	for ev, err := range events {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the download was canceled")
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 1 {
		t.Fatalf("downloaded %v", files)
	}
	return files[0]
}

func ptr[T any](v T) *T { return &v }
