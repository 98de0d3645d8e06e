package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
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

// Checksum is the SHA-256 of the migration's SQL, kept when it is applied:
// a migration changed after it was applied is refused at the next start.
func (m Migration) Checksum() string {
	h := sha256.Sum256([]byte(m.SQL))
	return hex.EncodeToString(h[:])
}

// SchemaError is why the store refuses a database's schema: it is newer
// than this build knows (a newer reliefd migrated it), or an applied
// migration's SQL differs from the build's. cmd/reliefd exits with its own
// code on it, and nothing is served or written.
type SchemaError struct {
	// Applied is the database's newest migration; Known the build's.
	Applied, Known int
	// Changed names an applied migration whose SQL differs, if any.
	Changed string
}

func (e *SchemaError) Error() string {
	if e.Changed != "" {
		return fmt.Sprintf("migration %s was changed after it was applied to this database (its checksum differs): "+
			"restore the migration file as it was, or restore the database from a backup", e.Changed)
	}
	return fmt.Sprintf("the database's schema is at version %d, newer than this build of reliefd knows (%d): "+
		"run the reliefd that migrated it, or a newer one", e.Applied, e.Known)
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
	db.words.cache.forget() // a migration may give words other bits (0013 did)
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
	if !db.pg {
		// The writer keeps temporary files in memory (openSQLite); a
		// migration's sorts and rebuilds of whole tables spill to disk.
		if _, err := conn.ExecContext(ctx, `PRAGMA temp_store = FILE`); err != nil {
			return nil, fmt.Errorf("temp_store: %w", err)
		}
		defer conn.ExecContext(context.Background(), `PRAGMA temp_store = MEMORY`)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	// The checksums live in a table of their own: schema_migrations has no
	// column for them, and adding one portably (SQLite has no ADD COLUMN
	// IF NOT EXISTS) is more code than a second table.
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_checksums (
		version INTEGER PRIMARY KEY, sha256 TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_checksums: %w", err)
	}
	if db.pg {
		// The key is arbitrary but fixed: the word "relief" in ASCII.
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(125779936109926)`); err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(125779936109926)`)
	}
	if err := db.checkSchema(ctx, conn, ms); err != nil {
		return nil, err
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
	if _, err := tx.ExecContext(ctx, bindFor(db.pg, `INSERT INTO schema_checksums (version, sha256) VALUES (?, ?)`),
		m.Version, m.Checksum()); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// checkSchema refuses a database migrated by a newer build, and one whose
// applied migrations differ from the build's. A migration applied before
// checksums were kept gets the build's checksum now (trust on first sight).
func (db *DB) checkSchema(ctx context.Context, conn *sql.Conn, ms []Migration) error {
	var newest sql.NullInt64
	if err := conn.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if int(newest.Int64) > len(ms) {
		return &SchemaError{Applied: int(newest.Int64), Known: len(ms)}
	}
	sums := map[int]string{}
	rows, err := conn.QueryContext(ctx, `SELECT version, sha256 FROM schema_checksums`)
	if err != nil {
		return fmt.Errorf("read schema checksums: %w", err)
	}
	for rows.Next() {
		var v int
		var sum string
		if err := rows.Scan(&v, &sum); err != nil {
			rows.Close()
			return err
		}
		sums[v] = sum
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, m := range ms[:newest.Int64] {
		sum, ok := sums[m.Version]
		if !ok {
			if _, err := conn.ExecContext(ctx, bindFor(db.pg, `INSERT INTO schema_checksums (version, sha256) VALUES (?, ?)`), m.Version, m.Checksum()); err != nil {
				return fmt.Errorf("record checksum of migration %04d: %w", m.Version, err)
			}
			continue
		}
		if sum != m.Checksum() {
			return &SchemaError{Applied: int(newest.Int64), Known: len(ms), Changed: fmt.Sprintf("%04d_%s", m.Version, m.Name)}
		}
	}
	return nil
}

// SchemaVersion is the newest migration applied to the database (0 when
// none is).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.sqls[0].QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}

// KnownSchema is the newest schema version this build knows (its number
// of migrations; both backends have the same numbers).
func KnownSchema() int {
	names, _ := fs.Glob(migrations.Postgres, "postgres/*.sql")
	return len(names)
}
