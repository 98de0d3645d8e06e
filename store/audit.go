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

// Append implements audit.Store. On PostgreSQL one statement with array
// columns takes the whole batch (the log is written on every request, so
// it must cost little); SQLite goes through GORM.
func (a *Audit) Append(ctx context.Context, rs []audit.Record) error {
	if a.db.pg {
		return a.appendPG(ctx, rs)
	}
	rows := make([]auditRow, len(rs))
	for i, r := range rs {
		rows[i] = auditRow{At: r.At, UserID: r.UserID, Role: r.Role, Method: r.Method, Route: r.Route, Path: r.Path,
			Query: r.Query, Target: r.Target, Status: r.Status, ClientIP: r.ClientIP, RequestID: r.RequestID}
	}
	if err := a.db.w.WithContext(ctx).CreateInBatches(rows, 500).Error; err != nil {
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

func (a *Audit) appendPG(ctx context.Context, rs []audit.Record) error {
	n := len(rs)
	at := make([]time.Time, n)
	user := make([]int64, n)
	status := make([]int32, n)
	role, method, route, path, query, target, ip, reqID := make([]string, n), make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, r := range rs {
		at[i], user[i], status[i] = r.At, r.UserID, int32(r.Status)
		role[i], method[i], route[i], path[i], query[i], target[i], ip[i], reqID[i] = r.Role, r.Method, r.Route, r.Path, r.Query, r.Target, r.ClientIP, r.RequestID
	}
	sqlDB, err := a.db.w.DB()
	if err != nil {
		return err
	}
	_, err = sqlDB.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, role, method, route, path, query, target, status, client_ip, request_id)
		SELECT * FROM unnest($1::timestamptz[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[], $11::text[])`,
		at, user, role, method, route, path, query, target, status, ip, reqID)
	if err != nil {
		return fmt.Errorf("insert audit records: %w", err)
	}
	return nil
}
