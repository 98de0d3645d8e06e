package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SQLitePath is the embedded database's file, or "" on PostgreSQL.
func (db *DB) SQLitePath() string {
	if db.pg {
		return ""
	}
	return strings.TrimPrefix(db.desc, "sqlite ")
}

// BackupTo writes a consistent copy of the embedded database to path,
// safe while the service writes: VACUUM INTO on a reading connection sees
// one snapshot of the write-ahead log and blocks no writer. path must not
// exist (a backup never overwrites one). On PostgreSQL it refuses: use
// pg_dump (cmd/reliefd's backup command wraps it).
func (db *DB) BackupTo(ctx context.Context, path string) error {
	if db.pg {
		return fmt.Errorf("backup: the PostgreSQL database is backed up with pg_dump")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists; a backup never overwrites a file, choose a new name", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// The read pool (sqls[1]): VACUUM INTO only reads the source.
	if _, err := db.sqls[len(db.sqls)-1].ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup to %s: %w", path, dbError(err))
	}
	return nil
}

// Empty reports whether the database has no table yet (nothing migrated,
// nothing restored).
func (db *DB) Empty(ctx context.Context) (bool, error) {
	names, err := db.tableNames(ctx)
	return len(names) == 0, err
}

// PoolStats is how the connection pool is used: connections in use, open,
// and the most it opens (for PostgreSQL the pgx pool; for SQLite the
// reading pool plus the one writer).
type PoolStats struct{ InUse, Open, Max int }

// Pool reports the connection pool's use now.
func (db *DB) Pool() PoolStats {
	if db.pool != nil {
		s := db.pool.Stat()
		return PoolStats{InUse: int(s.AcquiredConns()), Open: int(s.TotalConns()), Max: int(s.MaxConns())}
	}
	var p PoolStats
	for _, s := range db.sqls {
		st := s.Stats()
		p.InUse += st.InUse
		p.Open += st.OpenConnections
		p.Max += st.MaxOpenConnections
	}
	return p
}
