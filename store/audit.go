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

// AuditCoverage finds journal entries after afterID whose append has no
// audit record (missing) or more than one (doubled), at most 1,000 of each.
// Entries appended by the command line or by the service itself carry no
// request and have none. It reads the records' entry ranges in order,
// once: entries are numbered without gaps (verify checks that), so the
// ranges must tile 1…head exactly.
func (a *Audit) AuditCoverage(ctx context.Context, afterID int64) (missing, doubled []int64, err error) {
	const most = 1000
	note := func(list *[]int64, from, to int64) {
		for id := from; id <= to && len(*list) < most; id++ {
			*list = append(*list, id)
		}
	}
	var head int64
	if _, err := a.db.read.one(ctx, `SELECT last_id FROM journal_head WHERE id = 1`, nil, &head); err != nil {
		return nil, nil, err
	}
	next := afterID + 1 // the first entry no record has covered yet
	err = a.db.read.each(ctx, `SELECT entry_first, entry_last FROM audit_log WHERE entry_first IS NOT NULL AND entry_last > ? ORDER BY entry_first`,
		[]any{afterID}, func(scan func(...any) error) error {
			var first, last int64
			if err := scan(&first, &last); err != nil {
				return err
			}
			first = max(first, afterID+1)
			if first > next {
				note(&missing, next, first-1)
			}
			if first < next {
				note(&doubled, first, min(last, next-1))
			}
			next = max(next, last+1)
			return nil
		})
	if err != nil {
		return nil, nil, err
	}
	note(&missing, next, head)
	return missing, doubled, nil
}
