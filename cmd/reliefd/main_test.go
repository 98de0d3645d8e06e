package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"reliefledger/store/storetest"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestServeLoadVerify starts the real service on each backend, drives it
// with the load generator, stops it gracefully and verifies the books.
func TestServeLoadVerify(t *testing.T) {
	for _, backend := range []storetest.Backend{storetest.SQLite, storetest.Postgres} {
		t.Run(string(backend), func(t *testing.T) {
			cfg := defaultConfig()
			cfg.DataDir, cfg.Addr, cfg.BootstrapToken, cfg.Demo, cfg.WriteRate = t.TempDir(), freeAddr(t), "serve-test-token-0123456789", "false", "0"
			if backend == storetest.Postgres {
				cfg.DatabaseURL = storetest.PostgresDSN(t)
			}
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- serve(ctx, cfg, log, io.Discard) }()
			base := "http://" + cfg.Addr
			waitHealthy(t, base, done)

			var out bytes.Buffer
			code := runLoad(context.Background(), []string{"-url", base, "-token", cfg.BootstrapToken, "-clients", "4",
				"-duration", "700ms", "-warmup", "100ms"}, &out, &out)
			if code != 0 || !strings.Contains(out.String(), "throughput") || !strings.Contains(out.String(), "every acknowledged entry is in the books") {
				t.Fatalf("load exited %d:\n%s", code, out.String())
			}
			out.Reset()
			if code := runLoad(context.Background(), []string{"-url", base, "-token", cfg.BootstrapToken, "-clients", "2", "-accounts", "spread",
				"-spread", "3", "-duration", "300ms", "-warmup", "0s"}, &out, &out); code != 0 {
				t.Fatalf("spread load exited %d:\n%s", code, out.String())
			}
			out.Reset()
			if code := runLoad(context.Background(), []string{"-url", base, "-token", cfg.BootstrapToken, "-target", "donations", "-clients", "4",
				"-duration", "400ms", "-warmup", "0s"}, &out, &out); code != 0 ||
				!regexp.MustCompile(`throughput [1-9]\d* donations/s`).MatchString(out.String()) || !strings.Contains(out.String(), "acknowledged donations") {
				t.Fatalf("donations load exited %d:\n%s", code, out.String())
			}
			if code := runLoad(context.Background(), []string{"-url", base, "-target", "refunds"}, io.Discard, io.Discard); code != 2 {
				t.Errorf("an unknown -target exited %d, want 2", code)
			}

			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("serve: %v", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("serve did not stop")
			}
			out.Reset()
			if code := verify(context.Background(), cfg, nil, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "OK:") {
				t.Fatalf("verify exited %d:\n%s", code, out.String())
			}
		})
	}
}

func waitHealthy(t *testing.T, base string, done chan error) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v", err)
		default:
		}
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never became ready", base)
}

func TestCommands(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"help"}, &out, &out); code != 0 || !strings.Contains(out.String(), "RELIEF_BOOTSTRAP_TOKEN") {
		t.Errorf("help: %d %s", code, out.String())
	}
	out.Reset()
	if code := run([]string{"frobnicate"}, &out, &out); code != 2 {
		t.Errorf("unknown command exited %d", code)
	}
	t.Setenv("RELIEF_DATA_DIR", t.TempDir())
	t.Setenv("DATABASE_URL", "")
	if code := run([]string{"migrate"}, &out, &out); code != 0 {
		t.Errorf("migrate: %d %s", code, out.String())
	}
	out.Reset()
	if code := run([]string{"verify", "--json"}, &out, &out); code != 0 || !strings.Contains(out.String(), `"ok": true`) {
		t.Errorf("verify --json: %d %s", code, out.String())
	}
	// seed --entries, then export the journal: the workbook's totals match.
	out.Reset()
	if code := run([]string{"seed", "--entries", "120"}, &out, &out); code != 0 || !strings.Contains(out.String(), "appended 120 entries") {
		t.Errorf("seed --entries: %d %s", code, out.String())
	}
	file := filepath.Join(t.TempDir(), "journal.xlsx")
	out.Reset()
	if code := run([]string{"export", "journal", "--fund", "POOR", "--out", file}, &out, &out); code != 0 {
		t.Fatalf("export: %d %s", code, out.String())
	}
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Nhật ký")
	debit, _ := f.GetCellValue("Nhật ký", fmt.Sprintf("J%d", len(rows)), excelize.Options{RawCellValue: true})
	credit, _ := f.GetCellValue("Nhật ký", fmt.Sprintf("K%d", len(rows)), excelize.Options{RawCellValue: true})
	f.Close()
	// The title block (4 lines and a blank), the header, POOR's 120 postings
	// (seed alternates between POOR and COVID), the total.
	if len(rows) != 5+1+120+1 || debit != credit || debit == "0" {
		t.Errorf("journal: %d rows, debit %s, credit %s", len(rows), debit, credit)
	}
	if code := run([]string{"export", "nope", "--out", file}, io.Discard, io.Discard); code != 2 {
		t.Errorf("unknown export exited %d", code)
	}
	if code := run([]string{"export", "reconciliation", "--out", file}, io.Discard, io.Discard); code != 2 {
		t.Errorf("reconciliation without a fund exited %d", code)
	}
	t.Setenv("DATABASE_URL", "mysql://nope")
	if code := run([]string{"migrate"}, io.Discard, io.Discard); code != 1 {
		t.Errorf("bad DATABASE_URL exited %d", code)
	}
}

// TestSampleFileImports writes a sample commune list and imports it: the
// file the seed command writes is one the importer takes whole.
func TestSampleFileImports(t *testing.T) {
	t.Setenv("RELIEF_DATA_DIR", t.TempDir())
	t.Setenv("DATABASE_URL", "")
	file := filepath.Join(t.TempDir(), "sample.xlsx")
	var out bytes.Buffer
	if code := run([]string{"seed", "--sample-file", file, "--rows", "40"}, &out, &out); code != 0 || !strings.Contains(out.String(), "wrote 40 synthetic households") {
		t.Fatalf("seed --sample-file: %d %s", code, out.String())
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"dry run", []string{"import", "households", "--dry-run", file}, "40 rows: 40 valid, 0 with problems; 0 registered"},
		{"apply", []string{"import", "households", file}, "40 rows: 40 valid, 0 with problems; 40 registered"},
	} {
		out.Reset()
		if code := run(tc.args, &out, io.Discard); code != 0 || !strings.Contains(out.String(), tc.want) {
			t.Errorf("%s: exited %d, want output containing %q:\n%s", tc.name, code, tc.want, out.String())
		}
	}
}
