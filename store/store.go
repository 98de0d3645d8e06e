// Package store is the only package that talks to the database. It opens
// PostgreSQL (production) or an embedded SQLite file (the zero-setup
// default), applies the embedded migrations and implements the stores that
// the domain packages declare.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// DB is an open database. On PostgreSQL reads and writes share one pool; on
// SQLite writes go through a single connection (SQLite has one writer, and
// the pure-Go driver ignores FOR UPDATE) while reads use a pool of their own.
type DB struct {
	w, r *gorm.DB
	pg   bool
	desc string
}

// Postgres reports whether db is PostgreSQL.
func (db *DB) Postgres() bool { return db.pg }

// String describes the database without secrets.
func (db *DB) String() string { return db.desc }

// Open connects to dsn: a postgres:// URL, or when empty the SQLite file
// reliefledger.db in dataDir (created if missing). It does not migrate.
func Open(ctx context.Context, dsn, dataDir string) (*DB, error) {
	cfg := &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		g, err := gorm.Open(postgres.New(postgres.Config{DSN: dsn}), cfg)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		sqlDB, _ := g.DB()
		sqlDB.SetMaxOpenConns(16)
		sqlDB.SetMaxIdleConns(16)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		db := &DB{w: g, r: g, pg: true, desc: "postgres " + redact(dsn)}
		if err := db.Ping(ctx); err != nil {
			db.Close()
			return nil, err
		}
		return db, nil
	}
	if dsn != "" && !strings.HasPrefix(dsn, "file:") && !strings.HasSuffix(dsn, ".db") {
		return nil, fmt.Errorf("DATABASE_URL must be a postgres:// URL or empty for the embedded database")
	}
	path := strings.TrimPrefix(dsn, "file:")
	if path == "" {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
		path = filepath.Join(dataDir, "reliefledger.db")
	}
	return openSQLite(ctx, path, cfg)
}

func openSQLite(ctx context.Context, path string, cfg *gorm.Config) (*DB, error) {
	pragmas := "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	w, err := gorm.Open(sqlite.Open("file:"+path+pragmas+"&_txlock=immediate"), cfg)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	wdb, _ := w.DB()
	wdb.SetMaxOpenConns(1)
	r, err := gorm.Open(sqlite.Open("file:"+path+pragmas), cfg)
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	rdb, _ := r.DB()
	rdb.SetMaxOpenConns(8)
	db := &DB{w: w, r: r, desc: "sqlite " + path}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	for _, g := range []*gorm.DB{db.w, db.r} {
		s, err := g.DB()
		if err != nil {
			return err
		}
		if err := s.PingContext(ctx); err != nil {
			return fmt.Errorf("ping %s: %w", db.desc, err)
		}
	}
	return nil
}

// Close closes every connection.
func (db *DB) Close() error {
	var first error
	seen := map[*sql.DB]bool{}
	for _, g := range []*gorm.DB{db.w, db.r} {
		s, err := g.DB()
		if err != nil || seen[s] {
			continue
		}
		seen[s] = true
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func redact(dsn string) string {
	if i := strings.Index(dsn, "@"); i > 0 {
		if j := strings.Index(dsn, "://"); j >= 0 && j < i {
			return dsn[:j+3] + "…" + dsn[i:]
		}
	}
	return dsn
}

// rebind turns ? placeholders into PostgreSQL's $n.
func (db *DB) rebind(q string) string {
	if !db.pg {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(fmt.Sprint(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// placeholders returns "(?,?,?),(?,?,?)" for rows of cols.
func placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}

// Exec runs one statement on the write connection. It is for operators'
// tools and tests (e.g. simulating tampering); the service never uses it.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	return db.w.WithContext(ctx).Exec(query, args...).Error
}
