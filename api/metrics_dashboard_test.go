package api

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"reliefledger/ledger"
)

// TestDashboardMetrics: every metric the Grafana dashboard in deploy/
// queries is one the service publishes.
func TestDashboardMetrics(t *testing.T) {
	b, err := os.ReadFile("../deploy/grafana/reliefledger.json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("the dashboard is not JSON: %v", err)
	}
	m := NewMetrics()
	m.SetBuild("v", "r", "go", 1)
	l := ledger.NewService(nil, ledger.Options{})
	defer l.Close()
	m.WatchLedger(l)
	m.WatchPool(func() (int, int, int) { return 0, 0, 0 })
	// Counters with labels appear once they have a value.
	m.writeErrors.WithLabelValues("POST", "/x", "internal")
	m.batchErrors.WithLabelValues("internal")
	m.observe("GET", "/x", 200, 0)
	fams, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range fams {
		have[f.GetName()] = true
	}
	name := regexp.MustCompile(`reliefledger_[a-z_]+`)
	n := 0
	for _, p := range d.Panels {
		for _, tg := range p.Targets {
			for _, used := range name.FindAllString(tg.Expr, -1) {
				n++
				base := used
				for _, suf := range []string{"_bucket", "_sum", "_count"} {
					if b, ok := strings.CutSuffix(used, suf); ok && have[b] {
						base = b
					}
				}
				if !have[base] {
					t.Errorf("panel %q queries %s, which /metrics does not publish", p.Title, used)
				}
			}
		}
	}
	if n < 10 {
		t.Errorf("the dashboard queries only %d metrics", n)
	}
}
