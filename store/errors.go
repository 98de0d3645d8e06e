package store

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	rl "reliefledger"
)

// isRetryable reports a transaction that lost a race and may simply be run
// again: PostgreSQL's serialization failure (40001) and deadlock (40P01),
// and SQLite's busy database.
func isRetryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40001" || pe.Code == "40P01"
	}
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}

// isUnique reports a unique-constraint violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// uniqueConstraint names the violated constraint (PostgreSQL) or the
// columns (SQLite), to tell which uniqueness failed.
func uniqueConstraint(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.ConstraintName
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

func notFound(err error, format string, args ...any) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return rl.Errorf(rl.NotFound, format, args...)
	}
	return err
}
