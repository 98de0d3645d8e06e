package store

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// pgTx is a PostgreSQL transaction on one pgx connection, pipelined:
// statements whose results are only checked for errors (BEGIN, the journal
// head lock, the journal append) wait in pending and go out in the same
// round trip as the next statement that needs an answer, or with COMMIT.
// Statements in a pipeline run in order, so a query sees everything queued
// before it.
type pgTx struct {
	conn    *pgx.Conn
	pending *pgx.Batch
	wraps   []func(error) error // of pending's statements, or nil
	begun   bool                // BEGIN was sent
	done    bool                // COMMIT or ROLLBACK was sent
	// sends counts the round trips (send calls): tests hold a donation
	// batch to its count (sendsHook).
	sends int
	// donationIDs are IDs drawn for the donations the transaction inserts
	// next (donationsTx.LastReceipts, donationIDs).
	donationIDs []int64
	// endNext says the next query is the transaction's last: ROLLBACK goes
	// out in its round trip (a read-only snapshot, inReadSnapshot).
	endNext bool
}

// sendsHook, when set (tests), is told the round trips of each PostgreSQL
// transaction that commits; snapshotSendsHook those of each read-only
// snapshot (inReadSnapshot), its end included.
var sendsHook, snapshotSendsHook atomic.Pointer[func(sends int)]

func newPgTx(conn *pgx.Conn) *pgTx { return beginPgTx(conn, "BEGIN") }

// beginPgTx is newPgTx with a BEGIN of the caller's (a read-only snapshot's).
func beginPgTx(conn *pgx.Conn, begin string) *pgTx {
	t := &pgTx{conn: conn, pending: &pgx.Batch{}}
	t.queue(begin)
	return t
}

// endWithNext makes the next query the transaction's last: ROLLBACK is
// sent in the same round trip and checked when its rows are closed. For a
// read-only transaction, which has nothing to commit.
func (t *pgTx) endWithNext() { t.endNext = true }

// queue adds a statement whose result is only checked for errors.
func (t *pgTx) queue(query string, args ...any) { t.queueWrapped(nil, query, args...) }

// queueWrapped is queue with the statement's error passed through wrap
// (which gives it the meaning the caller would have given it on the spot).
func (t *pgTx) queueWrapped(wrap func(error) error, query string, args ...any) {
	t.pending.Queue(query, args...)
	t.wraps = append(t.wraps, wrap)
}

// send sends what is pending followed by b's statements, checks the
// pending ones and returns the results of b's.
func (t *pgTx) send(ctx context.Context, b *pgx.Batch) (pgx.BatchResults, error) {
	all, wraps := t.pending, t.wraps
	n := all.Len()
	for _, q := range b.QueuedQueries {
		all.Queue(q.SQL, q.Arguments...)
	}
	t.pending, t.wraps = &pgx.Batch{}, nil
	t.begun = true
	t.sends++
	br := t.conn.SendBatch(ctx, all)
	for i := 0; i < n; i++ {
		if _, err := br.Exec(); err != nil {
			br.Close()
			if i < len(wraps) && wraps[i] != nil {
				err = wraps[i](err)
			}
			return nil, err
		}
	}
	return br, nil
}

func (t *pgTx) exec(ctx context.Context, query string, args []any) (int64, error) {
	b := &pgx.Batch{}
	b.Queue(query, args...)
	br, err := t.send(ctx, b)
	if err != nil {
		return 0, err
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag.RowsAffected(), err
}

func (t *pgTx) query(ctx context.Context, query string, args []any) (rows, error) {
	b := &pgx.Batch{}
	b.Queue(query, args...)
	end := t.endNext
	if end {
		// (A statement that fails skips the ROLLBACK after it: the
		// connection is then left in a failed transaction, and the pool
		// destroys such a connection when it is released.)
		b.Queue("ROLLBACK")
		t.endNext, t.done = false, true
	}
	br, err := t.send(ctx, b)
	if err != nil {
		return nil, err
	}
	rs, err := br.Query()
	if err != nil {
		br.Close()
		return nil, err
	}
	return &batchRows{Rows: rs, br: br, end: end}, nil
}

// batchRows closes its batch with the rows (and, at the end of a
// transaction, checks the ROLLBACK sent after them).
type batchRows struct {
	pgx.Rows
	br  pgx.BatchResults
	end bool
	err error
}

func (r *batchRows) Close() {
	r.Rows.Close()
	if r.end && r.Rows.Err() == nil {
		if _, err := r.br.Exec(); err != nil {
			r.err = err
		}
	}
	if err := r.br.Close(); err != nil && r.Rows.Err() == nil && r.err == nil {
		r.err = err
	}
}

func (r *batchRows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return err
	}
	return r.err
}

func (t *pgTx) execEach(ctx context.Context, query string, rs [][]any) error {
	b := &pgx.Batch{}
	for _, row := range rs {
		b.Queue(query, row...)
	}
	br, err := t.send(ctx, b)
	if err != nil {
		return err
	}
	for range rs {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return err
		}
	}
	return br.Close()
}

// flush sends what is pending and checks it, so that the connection is
// free for a COPY.
func (t *pgTx) flush(ctx context.Context) error {
	if t.pending.Len() == 0 {
		return nil
	}
	br, err := t.send(ctx, &pgx.Batch{})
	if err != nil {
		return err
	}
	return br.Close()
}

// commit sends what is pending with COMMIT.
func (t *pgTx) commit(ctx context.Context) error {
	b := &pgx.Batch{}
	b.Queue("COMMIT")
	br, err := t.send(ctx, b)
	t.done = true
	if err != nil {
		return err
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err == nil && tag.String() == "ROLLBACK" {
		// COMMIT of a transaction that had failed answers ROLLBACK.
		err = fmt.Errorf("commit: the transaction was rolled back")
	}
	if fn := sendsHook.Load(); err == nil && fn != nil {
		(*fn)(t.sends)
	}
	return err
}

// rollback ends a transaction that was begun; nothing pending is sent.
func (t *pgTx) rollback() {
	if t.done || !t.begun {
		return
	}
	t.done = true
	t.sends++
	// A failed ROLLBACK leaves the connection outside the idle state, and
	// the pool destroys such a connection when it is released.
	_, _ = t.conn.Exec(context.Background(), "ROLLBACK")
}
