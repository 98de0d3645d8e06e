package store

import (
	"context"
	"fmt"
	"regexp"
)

// Scratch is a throwaway table for measuring what the database itself can
// take: `reliefd bench` serves one INSERT per request into it to find the
// ceiling the service's own writes are compared with. It is no part of the
// schema: CreateScratch makes it, Drop removes it.
type Scratch struct {
	db    *DB
	table string
	stmt  string
}

var scratchName = regexp.MustCompile(`^scratch_[a-z0-9_]{1,40}$`)

// CreateScratch creates the table name (scratch_ and lower-case letters,
// digits or _) if it is not there. Returns an error for any other name.
func (db *DB) CreateScratch(ctx context.Context, name string) (*Scratch, error) {
	if !scratchName.MatchString(name) {
		return nil, fmt.Errorf("scratch table %q: the name must match %s", name, scratchName)
	}
	ddl := "CREATE TABLE IF NOT EXISTS " + name + " (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL, at TEXT NOT NULL)"
	if db.pg {
		ddl = "CREATE TABLE IF NOT EXISTS " + name + " (id bigserial PRIMARY KEY, v text NOT NULL, at timestamptz NOT NULL)"
	}
	if err := db.Exec(ctx, ddl); err != nil {
		return nil, fmt.Errorf("create %s: %w", name, err)
	}
	s := &Scratch{db: db, table: name, stmt: "INSERT INTO " + name + " (v, at) VALUES ($1, now())"}
	if !db.pg {
		s.stmt = "INSERT INTO " + name + " (v, at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))"
	}
	return s, nil
}

// Insert adds one row in a transaction of its own: a single statement in
// autocommit, one round trip and one commit, the least a durable write
// costs (on SQLite through the one writer connection, as the service's
// writes go).
func (s *Scratch) Insert(ctx context.Context, v string) error {
	var err error
	if s.db.pg {
		_, err = s.db.pool.Exec(ctx, s.stmt, v)
	} else {
		_, err = s.db.sqlW.ExecContext(ctx, s.stmt, v)
	}
	if err != nil {
		return fmt.Errorf("insert into %s: %w", s.table, err)
	}
	return nil
}

// Rows counts the table's rows.
func (s *Scratch) Rows(ctx context.Context) (n int64, err error) {
	err = s.db.sqls[0].QueryRowContext(ctx, "SELECT count(*) FROM "+s.table).Scan(&n)
	return n, err
}

// Drop removes the table.
func (s *Scratch) Drop(ctx context.Context) error {
	return s.db.Exec(ctx, "DROP TABLE IF EXISTS "+s.table)
}
