package reliefledger

import (
	"context"
	"sync/atomic"
)

// Request is who asked for a change and how, as the audit log keeps it.
// The API puts it in the request's context; the store writes it, with
// what the change did, in the same transaction that commits the change, so
// that no change answers without its record and no record names a change
// that did not commit.
type Request struct {
	UserID    int64
	Role      string
	Method    string
	Route     string // the route template
	Path      string
	Query     string
	ClientIP  string
	RequestID string
	Status    int    // what the request answers when its change commits
	Target    string // what it acts on, when known before (path parameters)

	audited atomic.Bool
}

// Audited reports whether the request's change committed with its record.
func (r *Request) Audited() bool { return r != nil && r.audited.Load() }

// MarkAudited is called once the transaction holding the record commits.
func (r *Request) MarkAudited() { r.audited.Store(true) }

type requestKey struct{}

// WithRequest returns ctx carrying r.
func WithRequest(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom returns the request ctx carries, or nil (the command line,
// the service's own work).
func RequestFrom(ctx context.Context) *Request {
	if ctx == nil {
		return nil
	}
	r, _ := ctx.Value(requestKey{}).(*Request)
	return r
}
