package store

import "context"

// Hooks into the store's transactions for its external tests.

// InJournalForTest runs fn in a journal transaction.
func (db *DB) InJournalForTest(ctx context.Context, fn func(*Tx) error) error {
	return db.inJournal(ctx, fn)
}

// InTxForTest runs fn in a write transaction.
func (db *DB) InTxForTest(ctx context.Context, fn func(*Tx) error) error { return db.inTx(ctx, fn) }

// ExecForTest runs a statement in the transaction.
func (t *Tx) ExecForTest(query string, args ...any) (int64, error) { return t.exec(query, args...) }

// CountForTest runs a query whose one row is a count.
func (t *Tx) CountForTest(query string, args ...any) (n int64, err error) {
	_, err = t.one(query, args, &n)
	return n, err
}

// InsertRowsForTest bulk-inserts in the transaction.
func (t *Tx) InsertRowsForTest(table string, cols, types []string, rows [][]any) error {
	return t.insertRows(table, cols, types, rows)
}

// CountForTest counts outside any transaction.
func (db *DB) CountForTest(ctx context.Context, query string, args ...any) (n int64, err error) {
	_, err = db.read.one(ctx, query, args, &n)
	return n, err
}

// RoundTripsForTest calls fn with the round trips of each PostgreSQL
// transaction that commits, until stop is called.
func RoundTripsForTest(fn func(n int)) (stop func()) {
	sendsHook.Store(&fn)
	return func() { sendsHook.Store(nil) }
}

// SnapshotRoundTripsForTest calls fn with the round trips of each
// PostgreSQL read-only snapshot (a public search), until stop is called.
func SnapshotRoundTripsForTest(fn func(n int)) (stop func()) {
	snapshotSendsHook.Store(&fn)
	return func() { snapshotSendsHook.Store(nil) }
}
