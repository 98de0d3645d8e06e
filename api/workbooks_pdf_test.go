package api

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"reliefledger/access"
	"reliefledger/store/storetest"
)

// TestPrintedPDF is issue 14, acceptance 2: LibreOffice renders the
// reconciliation and a district's distribution list on A4, and the PDFs
// are read back: the reconciliation fits in two pages with every column of
// each table on one page; each household's row of the list carries its
// name, code and package on the page whose header has the signature
// column; every page carries its title, its period (the list: its plan)
// and "Trang x / y". It needs soffice (libreoffice-calc-nogui) and
// pdftotext and pdfinfo (poppler-utils): without them it skips, unless CI
// is set. RELIEF_PDF_DIR keeps the files there to look at.
func TestPrintedPDF(t *testing.T) {
	soffice := tool(t, "soffice", "libreoffice")
	pdftotext, pdfinfo := tool(t, "pdftotext"), tool(t, "pdfinfo")
	dir := os.Getenv("RELIEF_PDF_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, storetest.Open(t, storetest.SQLite))
	plan := ts.richBooks()
	auditor := ts.userToken(access.Auditor, "")
	files := map[string]string{
		"reconciliation":    "/api/v1/exports/reconciliation.xlsx?fund=POOR&from=2021-07-01&to=2021-07-31",
		"distribution-list": fmt.Sprintf("/api/v1/exports/distribution-list.xlsx?plan=%d&district=941", plan),
		"summary":           "/api/v1/exports/summary.xlsx?fund=POOR&from=2021-07-01&to=2021-07-31&deadline_days=20",
	}
	books := map[string]*excelize.File{}
	var paths []string
	for name, path := range files {
		r := ts.do(req{Method: "GET", Path: path, Token: auditor})
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", name, r.Status, r.Body)
		}
		file := filepath.Join(dir, name+".xlsx")
		if err := os.WriteFile(file, r.Body, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, file)
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		books[name] = f
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	profile := "file://" + filepath.ToSlash(t.TempDir())
	cmd := exec.CommandContext(ctx, soffice, append([]string{"-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf", "--outdir", dir}, paths...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", soffice, err, out)
	}
	pages := func(name string) []string {
		t.Helper()
		pdf := filepath.Join(dir, name+".pdf")
		info, err := exec.CommandContext(ctx, pdfinfo, pdf).Output()
		if err != nil {
			t.Fatalf("pdfinfo %s: %v", pdf, err)
		}
		m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
		if m == nil {
			t.Fatalf("pdfinfo %s: no page count in %s", pdf, info)
		}
		n, _ := strconv.Atoi(string(m[1]))
		out := make([]string, n)
		for i := range n {
			p := strconv.Itoa(i + 1)
			text, err := exec.CommandContext(ctx, pdftotext, "-layout", "-f", p, "-l", p, pdf, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext %s page %s: %v", pdf, p, err)
			}
			out[i] = string(text)
		}
		return out
	}
	everyPage := func(name string, ps []string, want ...string) {
		t.Helper()
		for i, p := range ps {
			for _, w := range append(want, fmt.Sprintf("Trang %d / %d", i+1, len(ps))) {
				if !strings.Contains(p, w) {
					t.Errorf("%s, page %d of %d lacks %q:\n%s", name, i+1, len(ps), w, p)
				}
			}
		}
	}
	// onePage finds the page that has every word of every title: a table
	// whose columns are all on it.
	onePage := func(name string, ps []string, titles ...string) int {
		t.Helper()
		for i, p := range ps {
			if hasWords(p, titles...) {
				return i
			}
		}
		t.Errorf("%s: no page has all of %q", name, titles)
		return -1
	}

	recon := pages("reconciliation")
	t.Logf("reconciliation: %d pages", len(recon))
	if len(recon) > 2 {
		t.Errorf("the reconciliation takes %d pages, want at most 2", len(recon))
	}
	everyPage("reconciliation", recon, "Đối soát quỹ", "Kỳ: 01/07/2021 – 31/07/2021")
	summary := onePage("reconciliation", recon, "Khoản mục", "Số tiền (đồng)", "Trong đó (đồng)", "Ghi chú")
	checks := onePage("reconciliation", recon, "Kiểm tra", "Vế trái (đồng)", "Vế phải (đồng)", "Kết quả")
	onePage("reconciliation", recon, "Số hiệu TK", "Tên tài khoản", "Đầu kỳ (đồng)", "Tăng (đồng)", "Giảm (đồng)", "Cuối kỳ (đồng)")
	if summary >= 0 && checks >= 0 {
		f := books["reconciliation"]
		for _, label := range []string{"Số dư đầu kỳ", "Tổng thu", "Tổng chi", "Số dư cuối kỳ (tính)", "Số dư cuối kỳ (sổ cái)"} {
			value, _ := f.GetCellValue("Đối soát", fmt.Sprintf("B%d", rowOf(t, f, "Đối soát", label)))
			if line := lineWith(recon[summary], label); !strings.Contains(line, value) {
				t.Errorf("reconciliation: %q and its value %s are not on one line: %q", label, value, line)
			}
		}
		if n := strings.Count(recon[checks], "Khớp"); n != 5 {
			t.Errorf("reconciliation: %d checks pass on the page, want 5", n)
		}
		if !hasWords(recon[checks], "Người lập biểu", "Kế toán trưởng", "Thủ trưởng đơn vị", "(Ký, họ tên)") {
			t.Errorf("reconciliation: the signatures are not on the page of the checks")
		}
	}

	// The summary prints on A4, its figures one page wide and
	// signed; its districts' table one page wide.
	sum := pages("summary")
	t.Logf("summary: %d pages", len(sum))
	everyPage("summary", sum, "Báo cáo tổng hợp", "Kỳ: 01/07/2021 – 31/07/2021")
	if first := onePage("summary", sum, "Chỉ tiêu", "Số hộ, số lượt", "Số lượng hàng", "Số tiền (đồng)"); first >= 0 {
		signedOn := -1
		for i, p := range sum {
			if hasWords(p, "Người lập biểu", "Kế toán trưởng", "Thủ trưởng đơn vị", "(Ký, họ tên)") {
				signedOn = i
			}
		}
		if signedOn < first {
			t.Errorf("summary: no signature block on or after the figures' page %d", first)
		}
		f := books["summary"]
		value, _ := f.GetCellValue("Tổng hợp", fmt.Sprintf("D%d", rowOf(t, f, "Tổng hợp", "Tổng tiếp nhận")))
		if line := lineWith(sum[first], "Tổng tiếp nhận"); !strings.Contains(line, value) {
			t.Errorf("summary: the total received %s is not on its line: %q", value, line)
		}
	}
	onePage("summary", sum, "Huyện, thị xã, thành phố", "Tiếp nhận (đồng)", "Cấp cho hộ (đồng)", "Tiền còn (đồng)", "Hộ chưa được hỗ trợ")

	list := pages("distribution-list")
	t.Logf("distribution list of district 941: %d pages", len(list))
	everyPage("distribution-list", list, "Danh sách hộ ký nhận hỗ trợ", "Phương án số")
	f := books["distribution-list"]
	households := 0
	for _, sheet := range communeSheets(f) {
		for _, row := range dataRows(t, f, sheet, "STT") {
			code, name, pkg := row[1], row[2], row[7]
			households++
			found := false
			for _, p := range list {
				if line := lineWith(p, code); line != "" && strings.Contains(line, name) && strings.Contains(line, pkg) && hasWords(p, "Ký nhận", "Mức hỗ trợ") {
					found = true
				}
			}
			if !found {
				t.Errorf("distribution list: no page has %s, %s and %s on one line under the signature column", code, name, pkg)
			}
		}
		commune := strings.SplitN(sheet, " – ", 2)[1]
		n := 0
		for _, p := range list {
			if strings.Contains(p, commune) && hasWords(p, "Người lập biểu", "Thủ trưởng đơn vị") {
				n++
			}
		}
		if n == 0 {
			t.Errorf("distribution list: the page of %s has no signatures", commune)
		}
	}
	if households == 0 {
		t.Error("distribution list: no households")
	}
}

// tool finds a program on PATH: the test skips without it, or fails when
// CI says it must be there.
func tool(t *testing.T, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but %s is not on PATH (apt-get install libreoffice-calc-nogui poppler-utils)", strings.Join(names, " or "))
	}
	t.Skipf("%s is not on PATH", strings.Join(names, " or "))
	return ""
}

// hasWords reports whether text has every word of every title (a header
// may wrap a title onto two lines).
func hasWords(text string, titles ...string) bool {
	for _, title := range titles {
		for _, w := range strings.Fields(title) {
			if !strings.Contains(text, w) {
				return false
			}
		}
	}
	return true
}

// lineWith is the first line of text that contains s, or "".
func lineWith(text, s string) string {
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}
