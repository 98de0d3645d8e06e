package lograte

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestOutage: a thousand identical failures log the burst, then one line
// saying how many were held back; successes and other kinds pass.
func TestOutage(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2021, 8, 1, 0, 0, 0, 0, time.UTC)
	h := New(slog.NewTextHandler(&buf, nil), 3, 10*time.Second)
	h.now = func() time.Time { return now }
	log := slog.New(h)
	for i := range 1000 {
		log.Info("request", "method", "POST", "route", "/api/v1/journal", "status", 503, "request_id", i)
		log.Error("internal error", "route", "/api/v1/journal", "request_id", i, "err", "dial tcp: connection refused")
	}
	for i := range 5 {
		log.Info("request", "method", "GET", "route", "/api/v1/funds", "status", 200, "request_id", i)
	}
	lines := strings.Count(buf.String(), "\n")
	if lines != 3+3+5 {
		t.Fatalf("%d lines during the outage, want 11:\n%s", lines, buf.String())
	}
	buf.Reset()
	now = now.Add(11 * time.Second)
	log.Info("request", "method", "POST", "route", "/api/v1/journal", "status", 503, "request_id", "x")
	out := buf.String()
	if !strings.Contains(out, `msg="log lines held back" count=997 like=request`) || !strings.Contains(out, "status=503") ||
		strings.Count(out, "\n") != 2 {
		t.Errorf("after the window:\n%s", out)
	}
}
