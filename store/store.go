// Package store is the only package that talks to the database. It opens
// PostgreSQL (production) or an embedded SQLite file (the zero-setup
// default), applies the embedded migrations and implements the stores that
// the domain packages declare.
//
// Which way a query goes:
//
//   - Every write happens in a Tx (tx.go), the store's own typed
//     transaction: DB.inTx for a feature's rows (an idempotent create, an
//     import), DB.inJournal when the journal is appended too. A feature's
//     store hands its domain the same *Tx wrapped in the transaction type
//     the domain declares (donations.Tx, distribution.Tx), and the ledger
//     decides and appends its entries on it (ledger.Service.Record): one
//     transaction, one commit, nothing passed around untyped.
//   - Raw SQL, in or out of a transaction, goes through a runner (sql.go):
//     queries are written once with ? placeholders; list arguments expand
//     IN (?), valueRows arguments multi-row VALUES ?, insertRows bulk-loads
//     (unnest arrays on PostgreSQL, one prepared statement on SQLite).
//     Locking, the journal, bulk writes, reports and every read whose shape
//     matters are raw SQL.
//   - GORM is kept where it carries its weight: reads of reference tables
//     with optional filters (funds, accounts, items, donors, users,
//     warehouses, households) and single-row creates outside a
//     transaction. It never runs inside a Tx, and the schema is the SQL
//     files in migrations/, never AutoMigrate.
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
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// DB is an open database. Raw SQL goes through runners (sql.go) and
// transactions through Tx (tx.go); GORM sits on the same pools for
// reference-table reads and single-row creates. On PostgreSQL one pgx pool
// serves all three (GORM through database/sql over the pool). On SQLite
// writes go through a single connection (SQLite has one writer, and the
// pure-Go driver ignores FOR UPDATE) while reads use a pool of their own.
type DB struct {
	w, r *gorm.DB // GORM: writes, reads
	read runner   // raw SQL outside a transaction (reads)
	pool *pgxpool.Pool
	sqlW *sql.DB // SQLite's single writer
	sqls []*sql.DB
	pg   bool
	desc string
	// The read replicas, when in use (replica.go).
	replicas *replicaSet
	// What the writers keep of the word index (donation_words.go,
	// donation_pairs.go).
	words wordIndex
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
		return openPostgres(ctx, dsn, cfg)
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

func openPostgres(ctx context.Context, dsn string, cfg *gorm.Config) (*DB, error) {
	pcfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		pcfg.MaxConns = 20
	}
	pcfg.MaxConnIdleTime = 5 * time.Minute
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	// database/sql over the pool, for GORM and the migrations: it keeps
	// few connections idle, since each one it holds is taken from the pool.
	sqlDB := stdlib.OpenDBFromPool(pool)
	sqlDB.SetMaxOpenConns(int(pcfg.MaxConns) / 2)
	sqlDB.SetMaxIdleConns(2)
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), cfg)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db := &DB{w: g, r: g, read: runner{c: sqlConn{sqlDB}, pg: true}, pool: pool, sqls: []*sql.DB{sqlDB}, pg: true, desc: "postgres " + redact(dsn)}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openSQLite(ctx context.Context, path string, cfg *gorm.Config) (*DB, error) {
	pragmas := "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	// The writer keeps its temporary files in memory: a multi-row insert
	// inside a transaction writes the pages it changes to a statement
	// journal, which past 64 kB SQLite spills to a temporary file, a
	// system call a page (a tenth of the writer's time on donations, in
	// BENCHMARKS.md). The writer's statements change a batch's rows; the
	// migrations, whose sorts can be large, set it back (applyMigrations).
	sqlW, err := sql.Open(sqlite.DriverName, "file:"+path+pragmas+"&_pragma=temp_store(MEMORY)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	sqlW.SetMaxOpenConns(1)
	sqlR, err := sql.Open(sqlite.DriverName, "file:"+path+pragmas)
	if err != nil {
		sqlW.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	sqlR.SetMaxOpenConns(8)
	db := &DB{read: runner{c: sqlConn{sqlR}}, sqlW: sqlW, sqls: []*sql.DB{sqlW, sqlR}, desc: "sqlite " + path}
	if db.w, err = gorm.Open(&sqlite.Dialector{Conn: sqlW}, cfg); err == nil {
		db.r, err = gorm.Open(&sqlite.Dialector{Conn: sqlR}, cfg)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	for _, s := range db.sqls {
		if err := s.PingContext(ctx); err != nil {
			return fmt.Errorf("ping %s: %w", db.desc, err)
		}
	}
	return nil
}

// Close closes every connection.
func (db *DB) Close() error {
	db.closeReplicas()
	var first error
	for _, s := range db.sqls {
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	if db.pool != nil {
		db.pool.Close()
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

// Exec runs one statement on the write connection. It is for operators'
// tools and tests (e.g. simulating tampering); the service never uses it.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	db.words.cache.forget() // the statement may rewrite donation_word_counts
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(query, args...)
		return err
	})
}

// analyze refreshes the planner's statistics of tables a bulk write grew
// (ANALYZE; on SQLite, which plans from its own statistics too, the same
// statement). A database that runs without autovacuum, or lags behind a
// large import, would otherwise plan with the sizes of an empty table.
func (db *DB) analyze(ctx context.Context, tables ...string) error {
	q := "ANALYZE " + strings.Join(tables, ", ")
	if !db.pg {
		for _, t := range tables {
			if _, err := db.sqlW.ExecContext(ctx, "ANALYZE "+t); err != nil {
				return fmt.Errorf("analyze %s: %w", t, err)
			}
		}
		return nil
	}
	if _, err := db.pool.Exec(ctx, q); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}
