package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reliefledger/store/storetest"
)

// TestGenNames: surnames in their real proportions, Nguyễn about 38 %.
func TestGenNames(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n, nguyen := 20000, 0
	for range n {
		if strings.HasPrefix(personName(rng), "Nguyễn ") {
			nguyen++
		}
	}
	if share := float64(nguyen) / float64(n); share < 0.35 || share > 0.41 {
		t.Errorf("Nguyễn is %.1f%% of names, want about 38%%", 100*share)
	}
}

// TestGenThenLoadSearch: generated donations go through the books (verify
// passes, a rerun with the same seed records nothing), and every search
// the load generator draws from them finds something.
func TestGenThenLoadSearch(t *testing.T) {
	for _, backend := range []storetest.Backend{storetest.SQLite, storetest.Postgres} {
		t.Run(string(backend), func(t *testing.T) {
			cfg := defaultConfig()
			cfg.DataDir, cfg.Addr, cfg.BootstrapToken, cfg.Demo = t.TempDir(), freeAddr(t), "gen-test-token-0123456789", "false"
			if backend == storetest.Postgres {
				cfg.DatabaseURL = storetest.PostgresDSN(t)
			}
			ctx := context.Background()
			var out bytes.Buffer
			args := []string{"donations", "--fund", "COVID", "--count", "400", "--seed", "3"}
			if code := runGen(ctx, cfg, args, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "400 donations recorded to COVID") {
				t.Fatalf("gen exited %d: %s", code, out.String())
			}
			out.Reset()
			if code := runGen(ctx, cfg, args, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "0 donations recorded to COVID (0 đ), 400 already there") {
				t.Fatalf("gen again exited %d: %s", code, out.String())
			}
			out.Reset()
			if code := verify(ctx, cfg, nil, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "checked 400 entries") {
				t.Fatalf("verify exited %d:\n%s", code, out.String())
			}

			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			sctx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- serve(sctx, cfg, log, io.Discard) }()
			base := "http://" + cfg.Addr
			waitHealthy(t, base, done)
			for _, kind := range searchKinds {
				out.Reset()
				code := runLoadSearch(ctx, []string{"-url", base, "-search", kind, "-clients", "2", "-pool", "50", "-duration", "300ms", "-warmup", "0s"}, &out, &out)
				// Hostile searches are not sampled: most find nothing.
				if code != 0 || !strings.Contains(out.String(), "throughput") || (kind != "hostile" && !strings.Contains(out.String(), "found nothing 0 (0.0%)")) {
					t.Errorf("load-search -search %s exited %d:\n%s", kind, code, out.String())
				}
			}
			cancel()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("serve did not stop")
			}
		})
	}
}

// TestGenStatement: `gen statement` writes the lines `gen donations`
// records with the same seed, as one statement: importing it after gen
// donations records nothing, and importing it into fresh books records
// every line.
func TestGenStatement(t *testing.T) {
	cfg := defaultConfig()
	cfg.DataDir, cfg.Demo = t.TempDir(), "false"
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "statement.csv")
	var out bytes.Buffer
	// 2 × genChunk + a few: the file joins three generated chunks under one header.
	if code := runGen(ctx, cfg, []string{"statement", "--count", "200003", "--seed", "4", file}, &out, io.Discard); code != 0 {
		t.Fatalf("gen statement exited %d: %s", code, out.String())
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte("\n")); n != 200004 || bytes.Count(data, []byte("counterparty_name")) != 1 {
		t.Fatalf("%d lines, %d headers; want 200,004 and one", n, bytes.Count(data, []byte("counterparty_name")))
	}
	want := genStatement(4, 1, genChunk)
	if !bytes.Contains(data, want[bytes.IndexByte(want, '\n')+1:]) {
		t.Error("the second chunk's lines are not those gen donations makes")
	}
	if code := runGen(ctx, cfg, []string{"statement", "--count", "0", file}, &out, io.Discard); code != 2 {
		t.Errorf("--count 0 exited %d, want 2", code)
	}
}
