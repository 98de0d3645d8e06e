package store

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

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
	msg := chainText(err)
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}

// chainText is the text of err and of every error it wraps (SQLite's
// driver says what failed only in words).
func chainText(err error) string {
	var b strings.Builder
	for e := err; e != nil; e = errors.Unwrap(e) {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

// isUnique reports a unique-constraint violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return err != nil && strings.Contains(chainText(err), "UNIQUE constraint failed")
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
	return dbError(err)
}

// dbError gives a driver's error the kind a caller can act on, keeping it
// as the cause for the log: a value the database refuses is Invalid (code
// "refused-by-database"; the request failed alone and changing it can
// help), a database that cannot be reached or is overloaded is Unavailable
// (code "database-unavailable"; retrying later can help). Errors of the
// domain pass unchanged; anything else stays internal.
func dbError(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := rl.AsError(err); ok {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "22"): // data exception
			return &rl.Error{Kind: rl.Invalid, Code: "refused-by-database", Cause: err,
				Message: "the database refused a value of this request (" + dataProblem(pe.Code) + "); nothing was recorded"}
		case strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "57P"), pe.Code == "53300", pe.Code == "53100":
			return unavailable(err)
		}
		return err
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	msg := chainText(err)
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, context.DeadlineExceeded),
		strings.Contains(msg, "conn closed"), strings.Contains(msg, "SQLITE_BUSY"), strings.Contains(msg, "database is locked"),
		strings.Contains(msg, "disk I/O error"):
		return unavailable(err)
	}
	return err
}

func unavailable(err error) error {
	return &rl.Error{Kind: rl.Unavailable, Code: "database-unavailable", Cause: err,
		Message: "the database cannot be reached just now; nothing was recorded; try again shortly"}
}

// commitUnknown is the error for a COMMIT whose answer was lost with the
// connection: the transaction may have committed.
func commitUnknown(err error) error {
	return &rl.Error{Kind: rl.Unavailable, Code: "commit-unknown", Cause: err,
		Message: "the connection to the database was lost while committing: the request may have been recorded. " +
			"Retry it with the same Idempotency-Key; the retry answers with what was recorded, or records it once"}
}

// dataProblem says in words what a data exception refused.
func dataProblem(code string) string {
	switch code {
	case "22021", "22P05":
		return "a text contains a character the database cannot store"
	case "22008", "22007":
		return "a date or time is out of range"
	case "22003":
		return "a number is out of range"
	}
	return "a value is out of range or malformed"
}
