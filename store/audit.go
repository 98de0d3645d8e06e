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
	ID        int64 `gorm:"primaryKey"`
	At        time.Time
	UserID    int64
	Role      string
	Method    string
	Route     string
	Path      string
	Query     string
	Target    string
	Status    int
	ClientIP  string
	RequestID string
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
	}
	return out, nil
}
