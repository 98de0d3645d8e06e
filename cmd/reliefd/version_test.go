package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"reliefledger/store"
)

// TestSchemaNewerRefused: a binary refuses, with exit code 3 and a message
// saying what to do, a database a newer build migrated; every command
// that opens the database does (migrate, serve's open, verify, export).
func TestSchemaNewerRefused(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("RELIEF_DATA_DIR", dir)
	t.Setenv("DATABASE_URL", "")
	var out bytes.Buffer
	if code := run([]string{"migrate"}, &out, &out); code != 0 {
		t.Fatalf("migrate: %d %s", code, out.String())
	}
	ctx := context.Background()
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	next := store.KnownSchema() + 1
	if err := db.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'newer', '2027-01-01T00:00:00Z')`, next); err != nil {
		t.Fatal(err)
	}
	db.Close()
	want := fmt.Sprintf("schema is at version %d, newer than this build of reliefd knows (%d)", next, store.KnownSchema())
	for _, args := range [][]string{{"migrate"}, {"serve"}, {"verify"}, {"export", "journal", "--fund", "POOR", "--out", t.TempDir() + "/j.xlsx"}} {
		out.Reset()
		if code := run(args, &out, &out); code != exitSchema || !strings.Contains(out.String(), want) {
			t.Errorf("%v on a newer schema: exit %d, output %q; want %d and %q", args, code, out.String(), exitSchema, want)
		}
	}
	out.Reset()
	if code := run([]string{"version"}, &out, &out); code != 0 || !strings.Contains(out.String(), fmt.Sprintf("schema %d\n", store.KnownSchema())) ||
		!strings.HasPrefix(out.String(), "reliefd ") {
		t.Errorf("version: %d %q", code, out.String())
	}
}

// TestConfigRefused: a value the service would otherwise take silently
// stops it at start, with the option's name; so does a renamed option.
func TestConfigRefused(t *testing.T) {
	for _, tc := range []struct{ env, value, want string }{
		{"RELIEF_LOG_FORMAT", "xml", `RELIEF_LOG_FORMAT "xml": want text or json`},
		{"RELIEF_DEMO", "maybe", `RELIEF_DEMO "maybe": want auto, true or false`},
		{"RELIEF_TRUSTED_PROXIES", "10.0.0.0/33", `RELIEF_TRUSTED_PROXIES: "10.0.0.0/33" is neither an address nor a CIDR`},
		{"RELIEF_TRUST_PROXY", "true", "RELIEF_TRUST_PROXY is replaced by RELIEF_TRUSTED_PROXIES"},
		{"RELIEF_TLS_CERT", "/etc/cert.pem", "RELIEF_TLS_CERT and RELIEF_TLS_KEY go together"},
		{"RELIEF_BACKUP_EVERY", "10s", `RELIEF_BACKUP_EVERY "10s": want a duration of at least 1m`},
		{"RELIEF_BACKUP_KEEP", "0", `RELIEF_BACKUP_KEEP "0": want a whole number of at least 1`},
		{"RELIEF_IDEMPOTENCY_DAYS", "-1", `RELIEF_IDEMPOTENCY_DAYS "-1": want a whole number of days`},
	} {
		t.Run(tc.env, func(t *testing.T) {
			t.Setenv("RELIEF_DATA_DIR", t.TempDir())
			t.Setenv("DATABASE_URL", "")
			t.Setenv(tc.env, tc.value)
			var out bytes.Buffer
			if code := run([]string{"migrate"}, &out, &out); code != 2 || !strings.Contains(out.String(), tc.want) {
				t.Errorf("exit %d, output %q; want 2 and %q", code, out.String(), tc.want)
			}
		})
	}
	t.Setenv("RELIEF_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
	if err := loadConfig().check(func(string) (string, bool) { return "", false }); err != nil {
		t.Errorf("valid proxies refused: %v", err)
	}
}
