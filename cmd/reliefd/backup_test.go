package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestBackupRestore, on each backend: a backup taken while donations are
// being recorded restores into an empty data dir (an empty PostgreSQL
// database), where verify --all passes and new donations continue the
// receipt numbers without a gap; restoring over books is refused; a
// dropped append-only trigger makes verify --all fail, naming it.
func TestBackupRestore(t *testing.T) {
	for _, backend := range []storetest.Backend{storetest.SQLite, storetest.Postgres} {
		t.Run(string(backend), func(t *testing.T) {
			source := ""
			if backend == storetest.Postgres {
				source = storetest.PostgresDSN(t)
			}
			t.Setenv("RELIEF_DATA_DIR", t.TempDir())
			t.Setenv("DATABASE_URL", source)
			t.Setenv("RELIEF_DEMO", "false")
			cmd := func(args ...string) (int, string) {
				var out bytes.Buffer
				code := run(args, &out, &out)
				return code, out.String()
			}
			if code, out := cmd("gen", "donations", "--fund", "POOR", "--count", "300", "--seed", "1"); code != 0 {
				t.Fatalf("gen: %d %s", code, out)
			}
			// The backup runs while another 600 donations are recorded.
			file := filepath.Join(t.TempDir(), "books.backup")
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				if code, out := cmd("gen", "donations", "--fund", "POOR", "--count", "600", "--seed", "2"); code != 0 {
					t.Errorf("gen during the backup: %d %s", code, out)
				}
			}()
			code, out := cmd("backup", "--out", file)
			wg.Wait()
			if code != 0 || !strings.Contains(out, "backup written: "+file) {
				t.Fatalf("backup: %d %s", code, out)
			}
			if code, out := cmd("backup", "--out", file); code != 1 || !strings.Contains(out, "exists") {
				t.Errorf("backup over an existing file: %d %s", code, out)
			}

			// Restore into an empty place.
			if backend == storetest.Postgres {
				t.Setenv("DATABASE_URL", emptyDatabase(t, source))
			} else {
				t.Setenv("RELIEF_DATA_DIR", t.TempDir())
			}
			if code, out := cmd("restore", file); code != 0 || !strings.Contains(out, "restored") {
				t.Fatalf("restore: %d %s", code, out)
			}
			if code, out := cmd("verify", "--all"); code != 0 || !strings.Contains(out, "receipts run without gaps") {
				t.Fatalf("verify --all after the restore: %d %s", code, out)
			}
			// New donations continue the numbers.
			if code, out := cmd("gen", "donations", "--fund", "POOR", "--count", "50", "--seed", "3"); code != 0 {
				t.Fatalf("gen after the restore: %d %s", code, out)
			}
			if code, out := cmd("verify", "--all"); code != 0 {
				t.Fatalf("verify --all after new donations: %d %s", code, out)
			}
			if code, out := cmd("restore", file); code != 1 || !strings.Contains(out, "never over live books") {
				t.Errorf("restore over books: %d %s", code, out)
			}

			// A dropped guard is named.
			ctx := context.Background()
			db, err := store.Open(ctx, os.Getenv("DATABASE_URL"), os.Getenv("RELIEF_DATA_DIR"))
			if err != nil {
				t.Fatal(err)
			}
			drop, name := `DROP TRIGGER journal_entries_no_delete`, "journal_entries_no_delete"
			if backend == storetest.Postgres {
				drop, name = `DROP TRIGGER journal_entries_append_only ON journal_entries`, "journal_entries_append_only"
			}
			err = db.Exec(ctx, drop)
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			if code, out := cmd("verify", "--all"); code != 1 || !strings.Contains(out, "trigger "+name+" on journal_entries is missing") {
				t.Errorf("verify --all without the trigger: %d %s", code, out)
			}
		})
	}
}

// emptyDatabase creates a new PostgreSQL database beside the test one,
// dropped at cleanup, and returns source's URL pointed at it (with the
// same search_path: a dump of one schema restores into that schema).
func emptyDatabase(t *testing.T, source string) string {
	t.Helper()
	base := os.Getenv(storetest.EnvURL)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	for i := range b {
		b[i] = byte(rand.IntN(256))
	}
	name := "restore_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	u, err := url.Parse(source)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestScheduledBackups: the running service writes a backup every
// RELIEF_BACKUP_EVERY and keeps the newest RELIEF_BACKUP_KEEP; each is a
// whole database that restores.
func TestScheduledBackups(t *testing.T) {
	testingBackups = true
	defer func() { testingBackups = false }()
	cfg := defaultConfig()
	cfg.DataDir, cfg.BootstrapToken, cfg.Demo = t.TempDir(), "serve-test-token-0123456789", "false"
	cfg.Addr, cfg.BackupDir, cfg.BackupEvery, cfg.BackupKeep = freeAddr(t), t.TempDir(), "100ms", "2"
	if _, _, err := cfg.backups(); err != nil {
		t.Fatal(err)
	}
	serveFor(t, cfg, func(string) {
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if n, _ := filepath.Glob(filepath.Join(cfg.BackupDir, "reliefledger-*.db")); len(n) >= 2 {
				time.Sleep(400 * time.Millisecond) // a few more ticks, to see the oldest pruned
				return
			}
		}
		t.Fatal("no two scheduled backups within 20 s")
	})
	names, _ := filepath.Glob(filepath.Join(cfg.BackupDir, "reliefledger-*.db"))
	if len(names) != 2 {
		t.Fatalf("scheduled backups kept: %v, want 2", names)
	}
	t.Setenv("RELIEF_DATA_DIR", t.TempDir())
	t.Setenv("DATABASE_URL", "")
	var out bytes.Buffer
	if code := run([]string{"restore", names[1]}, &out, &out); code != 0 {
		t.Fatalf("restore %s: %d %s", names[1], code, out.String())
	}
	if code := run([]string{"verify", "--all"}, &out, &out); code != 0 {
		t.Fatalf("verify --all: %d %s", code, out.String())
	}
}
