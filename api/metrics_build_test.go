package api

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestBuildInfo: /metrics names the running build, as reliefd version does.
func TestBuildInfo(t *testing.T) {
	m := NewMetrics()
	m.SetBuild("1.2.3", "abc123", "go1.26", 13)
	rec := httptest.NewRecorder()
	m.handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	want := `reliefledger_build_info{goversion="go1.26",revision="abc123",schema="13",version="1.2.3"} 1`
	if !strings.Contains(string(body), want) {
		t.Errorf("/metrics lacks %s:\n%s", want, body)
	}
}
