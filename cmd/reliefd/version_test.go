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
