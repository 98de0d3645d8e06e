package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"reliefledger/migrations"
)

// Migration is one schema change from the migrations folder.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations for db's backend, in order.
func (db *DB) Migrations() ([]Migration, error) {
	fsys, dir := fs.FS(migrations.SQLite), "sqlite"
	if db.pg {
		fsys, dir = migrations.Postgres, "postgres"
	}
	names, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, name := range names {
		base := strings.TrimSuffix(name[len(dir)+1:], ".sql")
		num, label, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", name)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: label, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := range out {
		if out[i].Version != i+1 {
			return nil, fmt.Errorf("migrations: expected version %d, found %d", i+1, out[i].Version)
		}
	}
	return out, nil
}

// Migrate applies every migration not yet applied, each in its own
// transaction, and returns the versions it applied. Concurrent starts on
// PostgreSQL wait for each other on an advisory lock. Then it fills what
// the SQL could not (backfillDonationSearch), once the migration
// connection is released: on SQLite it is the one writer.
func (db *DB) Migrate(ctx context.Context) ([]int, error) {
	applied, err := db.applyMigrations(ctx)
	if err != nil {
		return applied, err
	}
	if _, err := db.backfillDonationSearch(ctx); err != nil {
		return applied, err
	}
	return applied, nil
}

func (db *DB) applyMigrations(ctx context.Context) ([]int, error) {
	ms, err := db.Migrations()
	if err != nil {
		return nil, err
	}
	conn, err := db.sqls[0].Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	if db.pg {
		// The key is arbitrary but fixed: the word "relief" in ASCII.
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(125779936109926)`); err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(125779936109926)`)
	}
	var applied []int
	for _, m := range ms {
		done, err := db.applyOne(ctx, conn, m)
		if err != nil {
			return applied, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		if done {
			applied = append(applied, m.Version)
		}
	}
	return applied, nil
}

func (db *DB) applyOne(ctx context.Context, conn *sql.Conn, m Migration) (bool, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, bindFor(db.pg, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), m.Version).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, bindFor(db.pg, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
		m.Version, m.Name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return false, err
	}
	return true, tx.Commit()
}
