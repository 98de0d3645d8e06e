package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reliefledger/checkpoint"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// call sends a request to a running server and returns status and body.
func call(t *testing.T, method, url, token, key string, body any) (int, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// serveFor runs serve with cfg while fn talks to it, then stops it
// gracefully.
func serveFor(t *testing.T, cfg config, fn func(base string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard) }()
	base := "http://" + cfg.Addr
	waitHealthy(t, base, done)
	fn(base)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestVerifyCheckpoint runs the real service twice (it signs a checkpoint
// at start once the journal has entries, with the key it created the
// first time), saves a checkpoint as POST /checkpoints answers it, lets an
// attacker truncate the journal, and runs reliefd verify: alone it passes,
// with the checkpoint it fails and names the missing entry.
func TestVerifyCheckpoint(t *testing.T) {
	for _, backend := range []storetest.Backend{storetest.SQLite, storetest.Postgres} {
		t.Run(string(backend), func(t *testing.T) {
			cfg := defaultConfig()
			cfg.DataDir, cfg.BootstrapToken, cfg.Demo, cfg.WriteRate = t.TempDir(), "serve-test-token-0123456789", "false", "0"
			if backend == storetest.Postgres {
				cfg.DatabaseURL = storetest.PostgresDSN(t)
			}
			tok := cfg.BootstrapToken
			var keyID string
			cfg.Addr = freeAddr(t)
			serveFor(t, cfg, func(base string) {
				for i := range 3 {
					body := map[string]any{"description": fmt.Sprint("d", i), "postings": []map[string]any{
						{"account": "POOR:1120", "amount": "1000"}, {"account": "POOR:4100", "amount": "-1000"}}}
					if st, b := call(t, "POST", base+"/api/v1/journal", tok, fmt.Sprint("e", i), body); st != 201 {
						t.Fatalf("post: %d %s", st, b)
					}
				}
				if _, b := call(t, "GET", base+"/api/v1/public/checkpoints", "", "", nil); !strings.Contains(string(b), `"data":[]`) {
					t.Errorf("a checkpoint of the empty journal at start: %s", b)
				}
				_, b := call(t, "GET", base+"/api/v1/public/checkpoint-key", "", "", nil)
				var k map[string]any
				json.Unmarshal(b, &k)
				keyID, _ = k["key_id"].(string)
			})
			st, err := os.Stat(filepath.Join(cfg.DataDir, checkpoint.KeyFile))
			if err != nil || st.Mode().Perm() != 0o600 || keyID == "" {
				t.Fatalf("key file: %v %v, key id %q", st, err, keyID)
			}

			file := filepath.Join(t.TempDir(), "checkpoint.json")
			cfg.Addr = freeAddr(t)
			serveFor(t, cfg, func(base string) {
				// Restarted on a journal with entries and no checkpoint: it signs one.
				deadline := time.Now().Add(10 * time.Second)
				for {
					_, b := call(t, "GET", base+"/api/v1/public/checkpoints", "", "", nil)
					if strings.Contains(string(b), `"entry_id":3`) {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("no checkpoint at start: %s", b)
					}
					time.Sleep(20 * time.Millisecond)
				}
				_, b := call(t, "GET", base+"/api/v1/public/checkpoint-key", "", "", nil)
				if !strings.Contains(string(b), `"key_id":"`+keyID+`"`) {
					t.Errorf("the key changed on restart: %s, was %s", b, keyID)
				}
				st, b := call(t, "POST", base+"/api/v1/checkpoints", tok, "cp", map[string]any{})
				if st != 201 {
					t.Fatalf("checkpoint: %d %s", st, b)
				}
				if err := os.WriteFile(file, b, 0o644); err != nil {
					t.Fatal(err)
				}
			})

			verifyWith := func(args ...string) (int, string) {
				var out, errs bytes.Buffer
				code := verify(context.Background(), cfg, args, &out, &errs)
				return code, out.String() + errs.String()
			}
			if code, out := verifyWith("--checkpoint", file); code != 0 || !strings.Contains(out, "checkpoint: entry 3, hash ") || !strings.Contains(out, "OK:") {
				t.Fatalf("an honest journal: exit %d\n%s", code, out)
			}

			db, err := store.Open(context.Background(), cfg.DatabaseURL, cfg.DataDir)
			if err != nil {
				t.Fatal(err)
			}
			storetest.Truncate(t, db, 1)
			db.Close()

			if code, out := verifyWith(); code != 0 || !strings.Contains(out, "checked 1 entries") || !strings.Contains(out, "OK:") {
				t.Fatalf("verify alone was meant to pass the truncation (the weakness): exit %d\n%s", code, out)
			}
			code, out := verifyWith("--checkpoint", file)
			if code != 1 || !strings.Contains(out, "PROBLEM checkpoint-truncated entry 3, the last entry at the checkpoint") || !strings.Contains(out, "now ends at entry 1") {
				t.Errorf("verify --checkpoint after truncation: exit %d\n%s", code, out)
			}
			code, out = verifyWith("--json", "--checkpoint", file)
			var report struct {
				OK         bool
				Checkpoint struct {
					OK      bool
					Problem struct{ Kind, Detail string }
				}
			}
			if err := json.Unmarshal([]byte(out), &report); err != nil || code != 1 || report.OK || report.Checkpoint.OK || report.Checkpoint.Problem.Kind != checkpoint.Truncated {
				t.Errorf("verify --json --checkpoint: exit %d %v\n%s", code, err, out)
			}

			// A forged file: the entry the attacker kept, the hash unchanged.
			var saved map[string]any
			b, _ := os.ReadFile(file)
			json.Unmarshal(b, &saved)
			saved["entry_id"] = 1
			forged := filepath.Join(t.TempDir(), "forged.json")
			b, _ = json.Marshal(saved)
			os.WriteFile(forged, b, 0o644)
			if code, out := verifyWith("--checkpoint", forged); code != 1 || !strings.Contains(out, "PROBLEM checkpoint-signature") {
				t.Errorf("a forged checkpoint: exit %d\n%s", code, out)
			}
			os.WriteFile(forged, []byte(`{"algorithm":"ed25519"}`), 0o644)
			if code, out := verifyWith("--checkpoint", forged); code != 2 || !strings.Contains(out, "not a checkpoint") {
				t.Errorf("not a checkpoint: exit %d\n%s", code, out)
			}
		})
	}
}

// TestCheckpointKeySources: RELIEF_CHECKPOINT_KEY wins and no file is
// made; otherwise serve creates the key file (0600) once and every later
// start, and verify, read the same key.
func TestCheckpointKeySources(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	seed := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	t.Setenv("RELIEF_CHECKPOINT_KEY", seed)
	t.Setenv("RELIEF_DATA_DIR", t.TempDir())
	cfg := loadConfig()
	want, _ := checkpoint.ParseKey(seed)
	if k, err := checkpointKey(cfg, true, log); err != nil || k.ID() != want.ID() {
		t.Errorf("from the environment: %v %v", k, err)
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, checkpoint.KeyFile)); !os.IsNotExist(err) {
		t.Errorf("a key file was made though the environment has the key: %v", err)
	}
	cfg.CheckpointKey = "c2hvcnQ="
	if _, err := checkpointKey(cfg, true, log); err == nil || !strings.Contains(err.Error(), "RELIEF_CHECKPOINT_KEY") {
		t.Errorf("a bad key in the environment: %v", err)
	}

	cfg.CheckpointKey = ""
	if _, err := checkpointKey(cfg, false, log); err == nil || !strings.Contains(err.Error(), "no checkpoint key") {
		t.Errorf("verify before any key exists: %v", err)
	}
	first, err := checkpointKey(cfg, true, log)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Join(cfg.DataDir, checkpoint.KeyFile)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file %v %v, want mode 0600", st, err)
	}
	for _, create := range []bool{true, false} {
		if k, err := checkpointKey(cfg, create, log); err != nil || k.ID() != first.ID() {
			t.Errorf("restart (create=%v): key %v %v, want %s", create, k, err, first.ID())
		}
	}
}
