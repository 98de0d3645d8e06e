package store

import (
	"context"
	"fmt"
	"time"

	rl "reliefledger"
)

// A write made for a request leaves its audit record in its own
// transaction (see reliefledger.Request): the transaction stages one row
// per request it serves and writes them just before COMMIT; once committed
// the requests are marked audited, and the API writes no second record.

type txAudit struct {
	req         *rl.Request
	target      string
	first, last int64
}

// Audit implements ledger.Tx: the entries first..last were appended for the
// request ctx carries, if any.
func (t *Tx) Audit(ctx context.Context, first, last int64) {
	a := t.auditOf(rl.RequestFrom(ctx))
	if a == nil {
		return
	}
	if a.first == 0 || first < a.first {
		a.first = first
	}
	if last > a.last {
		a.last = last
	}
	if a.target == "" {
		a.target = fmt.Sprintf("entry:%d", first)
	}
}

// note records that the transaction's own request acted on target.
func (t *Tx) note(target string) {
	if a := t.auditOf(rl.RequestFrom(t.ctx)); a != nil {
		a.target = target
	}
}

func (t *Tx) auditOf(req *rl.Request) *txAudit {
	if req == nil {
		return nil
	}
	for _, a := range t.audits {
		if a.req == req {
			return a
		}
	}
	a := &txAudit{req: req, target: req.Target}
	t.audits = append(t.audits, a)
	return a
}

// writeAudit writes the staged records; the requests count as audited once
// the transaction commits.
func (t *Tx) writeAudit() error {
	if !t.journal && !t.replayed {
		t.auditOf(rl.RequestFrom(t.ctx))
	}
	if len(t.audits) == 0 {
		return nil
	}
	at := rl.Stamp(time.Now())
	rows := make([][]any, len(t.audits))
	for i, a := range t.audits {
		r := a.req
		rows[i] = []any{at, r.UserID, r.Role, r.Method, r.Route, r.Path, r.Query, a.target, r.Status, r.ClientIP, r.RequestID,
			nullID(a.first), nullID(a.last)}
		t.AfterCommit(r.MarkAudited)
	}
	if err := t.insertRows("audit_log", auditColumns, auditTypes, rows); err != nil {
		return fmt.Errorf("write audit records: %w", err)
	}
	return nil
}

var (
	auditColumns = []string{"at", "user_id", "role", "method", "route", "path", "query", "target", "status", "client_ip", "request_id", "entry_first", "entry_last"}
	auditTypes   = []string{"timestamptz", "bigint", "text", "text", "text", "text", "text", "text", "int", "text", "text", "bigint", "bigint"}
)
