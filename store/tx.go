package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Tx is one write transaction of the store, typed end to end: every
// statement in it goes through run, on PostgreSQL a pipelined pgx
// connection (pgTx), on SQLite the single writer's database/sql
// transaction. A journal transaction (DB.inJournal) also holds the journal
// head, and Tx implements ledger.Tx on it; each feature's store wraps the
// same *Tx in a small type that adds its rows (donationsTx,
// distributionTx), so the domain sees one interface and nothing crosses
// packages as an untyped value.
type Tx struct {
	ctx    context.Context
	run    runner
	pg     *pgTx // nil on SQLite
	after  []func()
	audits []*txAudit
	// journal: the request's record is staged by what the journal appends
	// (ledger.Tx.Audit); other write transactions stage it at commit,
	// unless nothing was written for the request (replayed).
	journal, replayed bool
	// pairing is donation_pairing.version as read in the transaction
	// (pairingVersion), once read.
	pairing *int64
}

// AfterCommit runs fn once the transaction has committed (never if it
// rolls back): caches and metrics learn only what is durable.
func (t *Tx) AfterCommit(fn func()) { t.after = append(t.after, fn) }

// exec runs a statement in the transaction.
func (t *Tx) exec(query string, args ...any) (int64, error) { return t.run.exec(t.ctx, query, args...) }

// each runs a query in the transaction.
func (t *Tx) each(query string, args []any, fn func(scan func(...any) error) error) error {
	return t.run.each(t.ctx, query, args, fn)
}

// one scans the first row of a query in the transaction.
func (t *Tx) one(query string, args []any, dest ...any) (bool, error) {
	return t.run.one(t.ctx, query, args, dest...)
}

// insertRows bulk-inserts in the transaction (see runner.insertRows).
func (t *Tx) insertRows(table string, cols, types []string, rs [][]any) error {
	return t.run.insertRows(t.ctx, table, cols, types, rs, "")
}

// The lock every journal transaction takes first, so that appends are
// serialised across every process and entries numbered without gaps.
const sqlLockHead = `SELECT last_id FROM journal_head WHERE id = 1 FOR UPDATE`

// inTx runs fn in a write transaction and commits when it returns nil. A
// transaction that loses a race (serialization failure, deadlock, a busy
// SQLite file) is run again from the start, a bounded number of times, so
// fn must compute everything it writes inside the transaction.
func (db *DB) inTx(ctx context.Context, fn func(*Tx) error) error {
	return db.transact(ctx, false, fn)
}

// inJournal is inTx holding the journal head. Once begun it runs to its
// end even if the caller goes away (a retry with the same idempotency key
// then gets the committed answer), within the caller's deadline or five
// minutes.
func (db *DB) inJournal(ctx context.Context, fn func(*Tx) error) error {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(5 * time.Minute)
	}
	ctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancel()
	return db.transact(ctx, true, fn)
}

func (db *DB) transact(ctx context.Context, journal bool, fn func(*Tx) error) error {
	var err error
	for attempt := 0; attempt < 8; attempt++ {
		if db.pg {
			err = db.tryPG(ctx, journal, fn)
		} else {
			err = db.trySQLite(ctx, journal, fn)
		}
		if err == nil || !isRetryable(err) {
			return dbError(err)
		}
		time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
	}
	return fmt.Errorf("transaction kept conflicting: %w", err)
}

func (db *DB) tryPG(ctx context.Context, journal bool, fn func(*Tx) error) error {
	pc, err := db.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("get connection: %w", err)
	}
	defer pc.Release()
	p := newPgTx(pc.Conn())
	if journal {
		p.queue(sqlLockHead)
	}
	t := &Tx{ctx: ctx, run: runner{c: p, pg: true}, pg: p, journal: journal}
	if err := fn(t); err != nil {
		p.rollback()
		return err
	}
	if err := t.writeAudit(); err != nil {
		p.rollback()
		return err
	}
	if err := p.commit(ctx); err != nil {
		var pe *pgconn.PgError
		if !errors.As(err, &pe) && !isRetryable(err) {
			return commitUnknown(err)
		}
		return err
	}
	t.committed()
	return nil
}

// trySQLite runs fn on the single writer: BEGIN IMMEDIATE (the DSN's
// _txlock) takes the database's write lock, so no row locks are needed.
func (db *DB) trySQLite(ctx context.Context, journal bool, fn func(*Tx) error) error {
	stx, err := db.sqlW.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	t := &Tx{ctx: ctx, run: runner{c: sqlConn{stx}}, journal: journal}
	err = fn(t)
	if err == nil {
		err = t.writeAudit()
	}
	if err != nil {
		stx.Rollback()
		return err
	}
	if err := stx.Commit(); err != nil {
		return err
	}
	t.committed()
	return nil
}

func (t *Tx) committed() {
	for _, fn := range t.after {
		fn()
	}
}

// inReadSnapshot runs fn on a read-only transaction that sees one
// consistent snapshot, for a read that may lag (a replica serves it when
// ctx allows, as db.read would: MayLag). On PostgreSQL it is pipelined on
// one pgx connection: BEGIN goes out with fn's first statement, settings
// queued with runner.queue go out with the next query, and the query fn
// marks with runner.lastNext ends the transaction in its own round trip.
// A replica that cannot serve it hands it to the primary, from the start.
// On SQLite it is inSnapshot.
func (db *DB) inReadSnapshot(ctx context.Context, fn func(runner) error) error {
	if !db.pg {
		return db.inSnapshot(ctx, fn)
	}
	if db.replicas != nil {
		if r := db.replicas.pick(ctx); r != nil {
			err := pgSnapshot(ctx, r.pool, fn)
			if err == nil {
				r.reads.Add(1)
				return nil
			}
			if !db.replicas.failed(ctx, r, err) {
				return err
			}
		}
	}
	return pgSnapshot(ctx, db.pool, fn)
}

func pgSnapshot(ctx context.Context, pool *pgxpool.Pool, fn func(runner) error) error {
	pc, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("get connection: %w", err)
	}
	defer pc.Release()
	p := beginPgTx(pc.Conn(), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
	err = fn(runner{c: p, pg: true})
	p.rollback() // when fn did not end it
	if fn := snapshotSendsHook.Load(); err == nil && fn != nil {
		(*fn)(p.sends)
	}
	return err
}

// inSnapshot runs fn on a read-only transaction that sees one consistent
// snapshot: REPEATABLE READ on PostgreSQL, a read transaction on SQLite
// (WAL gives it a snapshot).
func (db *DB) inSnapshot(ctx context.Context, fn func(runner) error) error {
	var opts *sql.TxOptions
	if db.pg {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	stx, err := db.sqls[len(db.sqls)-1].BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin snapshot: %w", err)
	}
	defer stx.Rollback()
	return fn(runner{c: sqlConn{stx}, pg: db.pg})
}
