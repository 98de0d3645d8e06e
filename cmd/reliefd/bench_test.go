package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []float64
		want float64
	}{
		{"none", nil, 0},
		{"one", []float64{7}, 7},
		{"odd, unsorted", []float64{30, 10, 20}, 20},
		{"even: mean of the middle two", []float64{4, 1, 3, 2}, 2.5},
		{"an outlier does not move it", []float64{100, 101, 5000}, 101},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("%s: median(%v) = %v, want %v", tc.name, tc.in, got, tc.want)
		}
	}
	in := []float64{3, 1, 2}
	median(in)
	if !cmp.Equal(in, []float64{3, 1, 2}) {
		t.Errorf("median sorted its argument: %v", in)
	}
}

// TestSummarize: each row's figures are the medians of its runs, taken
// apart (the median p99 need not be the median run's), and the ratio is
// the row's median requests/s over the ceiling's.
func TestSummarize(t *testing.T) {
	ms := time.Millisecond
	rows := []benchRow{
		{Workload: ceilingName, Runs: []benchRun{{RPS: 1000, P50: 10 * ms, P99: 50 * ms}, {RPS: 1200, P50: 8 * ms, P99: 90 * ms}, {RPS: 900, P50: 12 * ms, P99: 40 * ms}}},
		{Workload: "journal-hot", Runs: []benchRun{{RPS: 300, P50: 30 * ms, P99: 200 * ms}, {RPS: 250, P50: 40 * ms, P99: 100 * ms}, {RPS: 500, P50: 20 * ms, P99: 300 * ms}}},
		{Workload: "search-ref", Skipped: "no data"},
	}
	summarize(rows)
	want := []struct {
		rps, ratio float64
		p50, p99   time.Duration
	}{{1000, 1, 10 * ms, 50 * ms}, {300, 0.3, 30 * ms, 200 * ms}, {0, 0, 0, 0}}
	for i, w := range want {
		r := rows[i]
		if r.RPS != w.rps || math.Abs(r.Ratio-w.ratio) > 1e-12 || r.P50 != w.p50 || r.P99 != w.p99 {
			t.Errorf("%s: rps %v ratio %v p50 %v p99 %v, want %+v", r.Workload, r.RPS, r.Ratio, r.P50, r.P99, w)
		}
	}
	if got := ratio(5, 0); got != 0 {
		t.Errorf("ratio to a ceiling of 0 = %v, want 0", got)
	}
}

// TestSeedEntries: the seeded journal spans 2021–2024 in date order over
// POOR and COVID and three kinds; every entry balances and no fund's bank
// or cash goes below zero at any point.
func TestSeedEntries(t *testing.T) {
	const n = 2000
	bal := map[string]decimal.Decimal{}
	funds, kinds := map[string]bool{}, map[ledger.EntryKind]bool{}
	var first, last ledger.Date
	for k := range n {
		e := seedEntry(k, n)
		if k == 0 {
			first = e.Date
		} else if e.Date.Before(last) {
			t.Fatalf("entry %d dated %s, before %s", k, e.Date, last)
		}
		last = e.Date
		kinds[e.Kind] = true
		sum := decimal.Zero
		for _, p := range e.Postings {
			sum = sum.Add(p.Amount)
			key := p.Account.Fund + ":" + p.Account.Code
			funds[p.Account.Fund] = true
			bal[key] = bal[key].Add(p.Amount)
			if (p.Account.Code == "1110" || p.Account.Code == "1120") && bal[key].IsNegative() {
				t.Fatalf("entry %d takes %s to %s", k, key, bal[key])
			}
		}
		if !sum.IsZero() {
			t.Fatalf("entry %d does not balance: %s", k, sum)
		}
	}
	if first != ledger.NewDate(2021, 1, 1) || last.Before(ledger.NewDate(2024, 12, 1)) || last.After(ledger.NewDate(2024, 12, 31)) {
		t.Errorf("dates %s … %s, want 2021-01-01 … December 2024", first, last)
	}
	if !funds["POOR"] || !funds["COVID"] || len(kinds) != 3 {
		t.Errorf("funds %v, kinds %v", funds, kinds)
	}
}

// TestBench runs `reliefd bench` with tiny durations against the real
// service on each backend, with entries and donations loaded: the JSON
// rows are every workload with three runs, each median is the median of
// its runs and each ratio the row's over the ceiling's; the table names
// every workload; the scratch table is gone after; the books verify.
func TestBench(t *testing.T) {
	for _, backend := range []storetest.Backend{storetest.SQLite, storetest.Postgres} {
		t.Run(string(backend), func(t *testing.T) {
			cfg := defaultConfig()
			cfg.DataDir, cfg.Addr, cfg.BootstrapToken, cfg.Demo, cfg.WriteRate = t.TempDir(), freeAddr(t), "bench-test-token-0123456789", "false", "0"
			if backend == storetest.Postgres {
				cfg.DatabaseURL = storetest.PostgresDSN(t)
			}
			ctx := context.Background()
			if code := seedEntries(ctx, cfg, 300, io.Discard, io.Discard); code != 0 {
				t.Fatalf("seed exited %d", code)
			}
			if code := runGen(ctx, cfg, []string{"donations", "--fund", "COVID", "--count", "300"}, io.Discard, io.Discard); code != 0 {
				t.Fatalf("gen exited %d", code)
			}
			sctx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- serve(sctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard) }()
			base := "http://" + cfg.Addr
			waitHealthy(t, base, done)
			defer func() {
				cancel()
				select {
				case <-done:
				case <-time.After(30 * time.Second):
					t.Error("serve did not stop")
				}
				var out bytes.Buffer
				if code := verify(ctx, cfg, []string{"--all"}, &out, io.Discard); code != 0 {
					t.Errorf("verify --all after the bench exited %d:\n%s", code, out.String())
				}
			}()
			args := []string{"--url", base, "--token", cfg.BootstrapToken, "--clients", "4", "--spread", "3", "--lines", "50",
				"--duration", "150ms", "--warmup", "0s"}

			var out, errs bytes.Buffer
			if code := runBench(ctx, cfg, append(args, "--json"), &out, &errs); code != 0 {
				t.Fatalf("bench --json exited %d:\n%s", code, errs.String())
			}
			var got struct{ Rows []benchRow }
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("%v:\n%s", err, out.String())
			}
			names := []string{}
			for _, r := range got.Rows {
				names = append(names, r.Workload)
			}
			if diff := cmp.Diff(append([]string{ceilingName}, benchNames()...), names); diff != "" {
				t.Fatalf("rows mismatch (-want +got):\n%s", diff)
			}
			ceiling := got.Rows[0].RPS
			if ceiling <= 0 {
				t.Fatalf("the ceiling measured nothing: %+v", got.Rows[0])
			}
			for _, r := range got.Rows {
				if r.Skipped != "" || len(r.Runs) != 3 {
					t.Errorf("%s: skipped %q, %d runs; want 3 runs", r.Workload, r.Skipped, len(r.Runs))
					continue
				}
				var rps, p99 []float64
				for _, run := range r.Runs {
					rps, p99 = append(rps, run.RPS), append(p99, float64(run.P99))
					if run.Note != "" || run.RPS <= 0 || (runtime.GOOS == "linux" && run.Load < 0) {
						t.Errorf("%s: a run %+v", r.Workload, run)
					}
				}
				if r.RPS != median(rps) || r.P99 != time.Duration(median(p99)) || math.Abs(r.Ratio-r.RPS/ceiling) > 1e-9 {
					t.Errorf("%s: median %v of %v, p99 %v of %v, ratio %v (ceiling %v)", r.Workload, r.RPS, rps, r.P99, p99, r.Ratio, ceiling)
				}
			}
			if !strings.Contains(errs.String(), "run 3/3: search-ref") {
				t.Errorf("no progress on stderr:\n%s", errs.String())
			}

			out.Reset()
			if code := runBench(ctx, cfg, append(args, "--runs", "1", "--only", "journal-hot,search-name"), &out, io.Discard); code != 0 {
				t.Fatalf("bench exited %d", code)
			}
			table := out.String()
			for _, want := range []string{"workload  ", "requests/s", "p50", "p99", "ratio", "load (1 min)", "\nceiling ", "\njournal-hot ", "\nsearch-name "} {
				if !strings.Contains(table, want) {
					t.Errorf("the table has no %q:\n%s", want, table)
				}
			}
			if strings.Contains(table, "donations-hot") {
				t.Errorf("--only ran a workload it did not name:\n%s", table)
			}
			if code := runBench(ctx, cfg, append(args, "--only", "nope"), io.Discard, io.Discard); code != 2 {
				t.Errorf("an unknown workload exited %d, want 2", code)
			}

			db, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Exec(ctx, fmt.Sprintf("SELECT 1 FROM scratch_bench_%d", os.Getpid())); err == nil {
				t.Error("the scratch table is still there after the bench")
			}
		})
	}
}

// TestBenchSkipsWithoutData: on an empty journal with no donations, the
// reads and searches say so instead of failing.
func TestBenchSkipsWithoutData(t *testing.T) {
	cfg := defaultConfig()
	cfg.DataDir, cfg.Addr, cfg.BootstrapToken, cfg.Demo, cfg.WriteRate = t.TempDir(), freeAddr(t), "bench-test-token-0123456789", "false", "0"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard) }()
	defer func() { cancel(); <-done }()
	base := "http://" + cfg.Addr
	waitHealthy(t, base, done)
	var out bytes.Buffer
	code := runBench(context.Background(), cfg, []string{"--url", base, "--token", cfg.BootstrapToken, "--clients", "2", "--runs", "1",
		"--duration", "100ms", "--warmup", "0s", "--only", "trial-balance,search-ref"}, &out, io.Discard)
	if code != 0 {
		t.Fatalf("bench exited %d:\n%s", code, out.String())
	}
	for _, want := range []string{"skipped: no data (the journal of POOR is empty", "skipped: no data (no donations"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out.String())
		}
	}
}
