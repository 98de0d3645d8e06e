// Package audit keeps the audit log: every write and every export, with who
// did it, when, to what, with what result and from where. Records are
// appended in groups by one writer; a request waits until its record is
// committed.
package audit

import (
	"context"
	"fmt"
	"sync"
	"time"

	rl "reliefledger"
)

// Record is one audited request.
type Record struct {
	ID        int64
	At        time.Time
	UserID    int64
	Role      string
	Method    string
	Route     string // the route template, e.g. /api/v1/journal/:id/reverse
	Path      string // the path asked for
	Query     string // filters of reads and exports (never credentials)
	Target    string // what was acted on, e.g. entry:42
	Status    int
	ClientIP  string
	RequestID string
	// EntryFirst and EntryLast are the journal entries a write appended
	// (0 when none); such records are written by the write's transaction.
	EntryFirst, EntryLast int64
}

// Filter selects records, newest first, before BeforeID when set.
type Filter struct {
	UserID   int64
	Route    string
	From, To time.Time
	BeforeID int64
	Limit    int
}

// Store persists the log.
type Store interface {
	// Append writes records in one transaction.
	Append(ctx context.Context, rs []Record) error
	// List returns records matching f, newest first.
	List(ctx context.Context, f Filter) ([]Record, error)
}

// Log appends records through one batching writer.
type Log struct {
	store Store
	now   func() time.Time
	queue chan pending

	mu     sync.RWMutex
	closed bool
	done   chan struct{}
}

type pending struct {
	r    Record
	errc chan error
}

// New starts a Log; Close stops it.
func New(store Store, now func() time.Time) *Log {
	if now == nil {
		now = time.Now
	}
	l := &Log{store: store, now: now, queue: make(chan pending, 1024), done: make(chan struct{})}
	go l.run()
	return l
}

// Write appends r and waits until it is committed.
func (l *Log) Write(ctx context.Context, r Record) error {
	if r.At.IsZero() {
		r.At = rl.Stamp(l.now())
	}
	p := pending{r: r, errc: make(chan error, 1)}
	l.mu.RLock()
	if l.closed {
		l.mu.RUnlock()
		return fmt.Errorf("audit log closed")
	}
	select {
	case l.queue <- p:
		l.mu.RUnlock()
	case <-ctx.Done():
		l.mu.RUnlock()
		return ctx.Err()
	}
	select {
	case err := <-p.errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// List returns records, newest first.
func (l *Log) List(ctx context.Context, f Filter) ([]Record, error) { return l.store.List(ctx, f) }

// Close writes what is queued and stops.
func (l *Log) Close() {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.queue)
	}
	l.mu.Unlock()
	<-l.done
}

func (l *Log) run() {
	defer close(l.done)
	for first := range l.queue {
		batch := []pending{first}
	fill:
		for len(batch) < 512 {
			select {
			case p, ok := <-l.queue:
				if !ok {
					break fill
				}
				batch = append(batch, p)
			default:
				break fill
			}
		}
		rs := make([]Record, len(batch))
		for i, p := range batch {
			rs[i] = p.r
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := l.store.Append(ctx, rs)
		cancel()
		if err != nil {
			err = fmt.Errorf("append %d audit records: %w", len(rs), err)
		}
		for _, p := range batch {
			p.errc <- err
		}
	}
}
