package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
)

var (
	qrBox    = regexp.MustCompile(`<svg class="qr"[^>]*viewBox="0 0 (\d+) (\d+)"`)
	qrPath   = regexp.MustCompile(`<path fill="#000" d="([^"]*)"`)
	qrModule = regexp.MustCompile(`M(\d+) (\d+)h1v1h-1z`)
)

// readQR reads the module matrix back out of a page's QR code SVG.
func readQR(tb testing.TB, body string) [][]bool {
	tb.Helper()
	box, path := qrBox.FindStringSubmatch(body), qrPath.FindStringSubmatch(body)
	if box == nil || path == nil {
		tb.Fatalf("no QR code in the page")
	}
	n, _ := strconv.Atoi(box[1])
	m := make([][]bool, n)
	for i := range m {
		m[i] = make([]bool, n)
	}
	for _, mod := range qrModule.FindAllStringSubmatch(path[1], -1) {
		x, _ := strconv.Atoi(mod[1])
		y, _ := strconv.Atoi(mod[2])
		m[y][x] = true
	}
	return m
}

// wantQR checks that the page's QR code is the encoding of url: the module
// matrix read back from the SVG equals a fresh encoding of the URL.
func wantQR(tb testing.TB, body, url string) {
	tb.Helper()
	got := readQR(tb, body)
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		tb.Fatal(err)
	}
	want := q.Bitmap()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		tb.Errorf("the QR code does not encode %q (%d×%d modules, want %d×%d)", url, len(got), len(got), len(want), len(want))
	}
}

// testQR: a receipt's QR code encodes its own verification page, at the
// configured public address or else the address the request came to; and
// that address opens the receipt.
func testQR(t *testing.T, f *fixture, h http.Handler) {
	no := f.hostile.ReceiptNo
	_, body := get(t, h, "/r/"+no)
	wantQR(t, body, "http://example.com/r/"+no) // httptest's request host
	s := *f.srv
	s.PublicURL = "https://minhbach.example.vn/"
	_, body = get(t, s.Handler(), "/r/"+no)
	wantQR(t, body, "https://minhbach.example.vn/r/"+no)
	// The same matrix check fails for another address.
	q, _ := qrcode.New("https://minhbach.example.vn/r/"+no+"x", qrcode.Medium)
	if fmt.Sprint(readQR(t, body)) == fmt.Sprint(q.Bitmap()) {
		t.Error("the QR check cannot tell two addresses apart")
	}
	// Following the encoded address (its path, on this server) opens the receipt.
	wantStatus(t, h, "/r/"+no, 200, no, "&lt;script&gt;")
}
