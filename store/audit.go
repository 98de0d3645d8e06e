package store

import (
	"context"
	"fmt"
	"time"

	"reliefledger/audit"
)

// Audit implements audit.Store.
type Audit struct{ db *DB }

var _ audit.Store = (*Audit)(nil)

// Audit returns the audit log store of db.
func (db *DB) Audit() *Audit { return &Audit{db: db} }

type auditRow struct {
	ID         int64 `gorm:"primaryKey"`
	At         time.Time
	UserID     int64
	Role       string
	Method     string
	Route      string
	Path       string
	Query      string
	Target     string
	Status     int
	ClientIP   string
	RequestID  string
	EntryFirst *int64
	EntryLast  *int64
}

func (auditRow) TableName() string { return "audit_log" }

// Append implements audit.Store: the whole batch in one transaction (on
// PostgreSQL one statement over array columns; the log is written on
// every request, so it must cost little).
func (a *Audit) Append(ctx context.Context, rs []audit.Record) error {
	rows := make([][]any, len(rs))
	for i, r := range rs {
		rows[i] = []any{r.At, r.UserID, r.Role, r.Method, r.Route, r.Path, r.Query, r.Target, r.Status, r.ClientIP, r.RequestID}
	}
	err := a.db.inTx(ctx, func(tx *Tx) error {
		return tx.insertRows("audit_log", []string{"at", "user_id", "role", "method", "route", "path", "query", "target", "status", "client_ip", "request_id"},
			[]string{"timestamptz", "bigint", "text", "text", "text", "text", "text", "text", "int", "text", "text"}, rows)
	})
	if err != nil {
		return fmt.Errorf("insert audit records: %w", err)
	}
	return nil
}

// List implements audit.Store.
func (a *Audit) List(ctx context.Context, f audit.Filter) ([]audit.Record, error) {
	q := a.db.r.WithContext(ctx).Order("id DESC")
	if f.UserID != 0 {
		q = q.Where("user_id = ?", f.UserID)
	}
	if f.Route != "" {
		q = q.Where("route = ?", f.Route)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To)
	}
	if f.BeforeID != 0 {
		q = q.Where("id < ?", f.BeforeID)
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var rows []auditRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list audit records: %w", err)
	}
	out := make([]audit.Record, len(rows))
	for i, r := range rows {
		out[i] = audit.Record{ID: r.ID, At: r.At.UTC(), UserID: r.UserID, Role: r.Role, Method: r.Method, Route: r.Route, Path: r.Path,
			Query: r.Query, Target: r.Target, Status: r.Status, ClientIP: r.ClientIP, RequestID: r.RequestID}
		if r.EntryFirst != nil && r.EntryLast != nil {
			out[i].EntryFirst, out[i].EntryLast = *r.EntryFirst, *r.EntryLast
		}
	}
	return out, nil
}

// AuditCoverage finds journal entries whose append has no audit record
// (missing) or more than one (doubled), among the entries after afterID.
// Entries appended by the command line or by the service itself carry no
// request and have none.
func (a *Audit) AuditCoverage(ctx context.Context, afterID int64) (missing, doubled []int64, err error) {
	err = a.db.read.each(ctx, `SELECT e.id, (SELECT COUNT(*) FROM audit_log l WHERE e.id BETWEEN l.entry_first AND l.entry_last)
		FROM journal_entries e WHERE e.id > ? ORDER BY e.id`, []any{afterID}, func(scan func(...any) error) error {
		var id, n int64
		if err := scan(&id, &n); err != nil {
			return err
		}
		switch {
		case n == 0:
			missing = append(missing, id)
		case n > 1:
			doubled = append(doubled, id)
		}
		return nil
	})
	return missing, doubled, err
}
