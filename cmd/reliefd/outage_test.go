package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"reliefledger/store/storetest"
)

// TestOutage cuts the real service off PostgreSQL for five seconds while
// clients keep writing: the log holds a few lines of each kind of trouble
// and the count of those held back, not one line per failed request;
// /metrics shows the failed writes and batches and the writer's queue; and
// once the database is back, writes succeed again.
func TestOutage(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := storetest.NewProxy(t, u.Host)
	u.Host = proxy.Addr
	q := u.Query()
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()

	cfg := defaultConfig()
	cfg.DataDir, cfg.BootstrapToken, cfg.Demo, cfg.WriteRate = t.TempDir(), "outage-test-token-0123456789", "false", "0"
	cfg.Addr, cfg.DatabaseURL = freeAddr(t), u.String()
	var logs syncBuffer
	log, err := cfg.logger(&logs)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, log, io.Discard) }()
	base := "http://" + cfg.Addr
	waitHealthy(t, base, done)
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	}()

	var ok, failed, internal atomic.Int64
	post := func(i int) int {
		body := fmt.Sprintf(`{"description":"outage %d","postings":[{"account":"POOR:1120","amount":"1000"},{"account":"POOR:4100","amount":"-1000"}]}`, i)
		r, _ := http.NewRequest("POST", base+"/api/v1/journal", strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+cfg.BootstrapToken)
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Idempotency-Key", fmt.Sprintf("outage-%d", i))
		res, err := http.DefaultClient.Do(r)
		if err != nil {
			return 0
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	if s := post(-1); s != 201 {
		t.Fatalf("a write before the cut: %d", s)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var n atomic.Int64
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				switch post(int(n.Add(1))) {
				case 201:
					ok.Add(1)
				case 500:
					internal.Add(1)
					failed.Add(1)
				default:
					failed.Add(1)
				}
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)
	before := logs.Len()
	proxy.Cut()
	time.AfterFunc(5*time.Second, proxy.Restore)
	time.Sleep(5 * time.Second)
	during := logs.String()[before:]
	close(stop)
	wg.Wait()

	lines := strings.Count(during, "\n")
	t.Logf("during the cut: %d requests failed, %d log lines", failed.Load(), lines)
	if failed.Load() == 0 {
		t.Fatal("no write failed during the cut: the cut did not cut")
	}
	if internal.Load() > 0 {
		t.Errorf("%d requests answered 500 during the cut: an unreachable database is 503 (try again), not an internal error", internal.Load())
	}
	if lines > 300 {
		t.Errorf("%d log lines during a 5-second cut (%d failed requests), want at most 300:\n%s", lines, failed.Load(), clip([]byte(during)))
	}
	if testing.Verbose() {
		t.Logf("the log during the cut:\n%s", during)
	}

	// Back: writes succeed again (the pool reconnects).
	var s int
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if s = post(int(n.Add(1))); s == 201 {
			break
		}
	}
	if s != 201 {
		t.Fatalf("after the cut, a write answers %d", s)
	}

	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	var m bytes.Buffer
	io.Copy(&m, res.Body)
	res.Body.Close()
	metric := func(re string) float64 {
		t.Helper()
		var sum float64
		for _, g := range regexp.MustCompile(`(?m)^`+re+` ([0-9.e+]+)$`).FindAllStringSubmatch(m.String(), -1) {
			v, _ := strconv.ParseFloat(g[1], 64)
			sum += v
		}
		return sum
	}
	if v := metric(`reliefledger_write_errors_total\{kind="(?:internal|unavailable)",method="POST",route="/api/v1/journal"\}`); v == 0 {
		t.Errorf("/metrics shows no failed journal writes:\n%s", grepLines(m.String(), "reliefledger_write_errors"))
	}
	if v := metric(`reliefledger_ledger_batch_failures_total\{reason="[a-z_]+"\}`); v == 0 {
		t.Errorf("/metrics shows no failed journal batches:\n%s", grepLines(m.String(), "reliefledger_ledger_batch_failures"))
	}
	for _, name := range []string{"reliefledger_ledger_queue_depth", "reliefledger_ledger_head_id", "reliefledger_ledger_last_commit_timestamp_seconds",
		"reliefledger_db_connections_in_use", "reliefledger_db_connections_max", "reliefledger_build_info"} {
		if !strings.Contains(m.String(), "\n"+name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	if metric(`reliefledger_ledger_head_id`) < float64(ok.Load()) {
		t.Errorf("head id %v below the %d writes that succeeded", metric(`reliefledger_ledger_head_id`), ok.Load())
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
