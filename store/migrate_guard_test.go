package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestSchemaGuard: a database migrated by a newer build, or one whose
// applied migration differs from the build's, is refused with a
// SchemaError that says what to do, and nothing is applied; the checksums
// of a database migrated before they were kept are recorded on first sight.
func TestSchemaGuard(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ms, err := db.Migrations()
		if err != nil {
			t.Fatal(err)
		}
		if v, err := db.SchemaVersion(ctx); err != nil || v != len(ms) {
			t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, len(ms))
		}
		// Up to date: migrating again applies nothing and is fine.
		if applied, err := db.Migrate(ctx); err != nil || len(applied) != 0 {
			t.Fatalf("second Migrate = %v, %v", applied, err)
		}

		// Checksums forgotten (a database migrated by an older build):
		// recorded again, no error.
		must(t, db.Exec(ctx, `DELETE FROM schema_checksums`))
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate without checksums: %v", err)
		}
		counts, err := db.RowCounts(ctx)
		must(t, err)
		if n := counts["schema_checksums"]; n != int64(len(ms)) {
			t.Fatalf("checksums recorded: %d, want %d", n, len(ms))
		}

		// An applied migration edited afterwards.
		must(t, db.Exec(ctx, `UPDATE schema_checksums SET sha256 = 'x' WHERE version = 3`))
		_, err = db.Migrate(ctx)
		var se *store.SchemaError
		if !errors.As(err, &se) || se.Changed != "0003_"+ms[2].Name || !strings.Contains(err.Error(), "changed after it was applied") {
			t.Fatalf("edited migration: err = %v, want a SchemaError naming 0003", err)
		}
		must(t, db.Exec(ctx, `UPDATE schema_checksums SET sha256 = ? WHERE version = 3`, ms[2].Checksum()))

		// A newer build's migration.
		must(t, db.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from_the_future', '2027-01-01T00:00:00Z')`, len(ms)+1))
		_, err = db.Migrate(ctx)
		if !errors.As(err, &se) || se.Applied != len(ms)+1 || se.Known != len(ms) || !strings.Contains(err.Error(), "newer than this build") {
			t.Fatalf("newer schema: err = %v, want a SchemaError %d > %d", err, len(ms)+1, len(ms))
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
