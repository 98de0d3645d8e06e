package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestServePages: the server answers the API's paths with the API and
// every other path with the pages.
func TestServePages(t *testing.T) {
	cfg := defaultConfig()
	cfg.DataDir, cfg.Addr, cfg.BootstrapToken, cfg.Demo = t.TempDir(), freeAddr(t), "serve-test-token-0123456789", "false"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard) }()
	t.Cleanup(func() { cancel(); <-done })
	base := "http://" + cfg.Addr
	waitHealthy(t, base, done)
	for _, c := range []struct {
		path, contentType, want string
		status                  int
	}{
		{"/", "text/html", "Quỹ Vì người nghèo", 200},
		{"/donations?q=ai", "text/html", "Tra cứu khoản ủng hộ", 200},
		{"/r/NOPE-1", "text/html", "Không có biên nhận", 404},
		{"/static/site.css", "text/css", "@media print", 200},
		{"/api/v1/public/funds", "application/json", `"code":"POOR"`, 200},
		{"/api/v1/nope", "application/problem+json", "no route", 404},
		{"/healthz", "application/json", "ok", 200},
	} {
		res, err := http.Get(base + c.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.status || !strings.HasPrefix(res.Header.Get("Content-Type"), c.contentType) || !strings.Contains(string(b), c.want) {
			t.Errorf("GET %s: %d %s, want %d %s with %q:\n%.300s", c.path, res.StatusCode, res.Header.Get("Content-Type"), c.status, c.contentType, c.want, b)
		}
	}
}
