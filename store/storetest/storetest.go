// Package storetest opens real databases for tests: SQLite in a temporary
// folder always, and PostgreSQL in a fresh schema when
// RELIEF_TEST_DATABASE_URL is set. When CI is set, PostgreSQL must be there:
// a missing URL or an unreachable server fails the test instead of skipping.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"reliefledger/store"
)

// EnvURL names the variable that points tests at PostgreSQL.
const EnvURL = "RELIEF_TEST_DATABASE_URL"

// Backend names a database kind.
type Backend string

// The backends.
const (
	SQLite   Backend = "sqlite"
	Postgres Backend = "postgres"
)

// EachBackend runs fn as a subtest on a new, migrated database of each
// backend.
func EachBackend(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, b := range []Backend{SQLite, Postgres} {
		t.Run(string(b), func(t *testing.T) {
			fn(t, Open(t, b))
		})
	}
}

// Open returns a new migrated database of backend b, closed at cleanup.
func Open(tb testing.TB, b Backend) *store.DB {
	tb.Helper()
	ctx := context.Background()
	var dsn string
	switch b {
	case SQLite:
		dsn = "file:" + tb.TempDir() + "/test.db"
	case Postgres:
		dsn = PostgresDSN(tb)
	}
	db, err := store.Open(ctx, dsn, "")
	if err != nil {
		tb.Fatalf("open %s: %v", b, err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatalf("migrate %s: %v", b, err)
	}
	return db
}

// PostgresDSN creates a fresh schema and returns a URL whose search_path
// points at it; the schema is dropped at cleanup. It skips when no URL is
// set, unless CI is set.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		if os.Getenv("CI") != "" {
			tb.Fatalf("CI is set but %s is not: the PostgreSQL tests must run in CI", EnvURL)
		}
		tb.Skipf("%s not set; skipping PostgreSQL", EnvURL)
	}
	admin, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		tb.Fatalf("PostgreSQL at %s is unreachable: %v", EnvURL, err)
	}
	sqlDB, _ := admin.DB()
	defer sqlDB.Close()
	buf := make([]byte, 6)
	rand.Read(buf)
	schema := "t_" + hex.EncodeToString(buf)
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		tb.Fatalf("PostgreSQL at %s: create schema: %v", EnvURL, err)
	}
	tb.Cleanup(func() {
		a, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
		if err != nil {
			return
		}
		a.Exec("DROP SCHEMA " + schema + " CASCADE")
		if s, err := a.DB(); err == nil {
			s.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
