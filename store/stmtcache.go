package store

import (
	"context"
	"database/sql"
	"sync"
)

// SQLite parses every statement it is sent; database/sql sends each
// ExecContext and QueryContext with its text, so a journal transaction on
// SQLite parsed its twenty-odd statements again each batch (a tenth of the
// writer's time on donations, BENCHMARKS.md). stmtCache keeps them
// prepared on the writer's one connection.
//
// A statement is prepared on the database handle (database/sql then keeps
// it per connection and hands it to a transaction on that connection with
// Tx.StmtContext), which needs the connection free: a text first seen in a
// transaction runs unprepared there and is prepared after it (fill). The
// cache is bounded by the bytes of its texts, so the multi-row inserts of
// every batch size do not make it grow without end; a text too long or
// seen when the cache is full is simply never prepared.
type stmtCache struct {
	db *sql.DB

	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
	bytes  int // of the texts in stmts and wanted
	hits   int64
}

const (
	stmtCacheBytes   = 256 << 10 // of SQL text, prepared or wanted
	stmtCacheLongest = 8 << 10   // bytes of one text
)

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// get returns the prepared statement of query, or nil: then query is
// noted to be prepared by the next fill, if the cache has room for it. A
// nil cache keeps nothing.
func (c *stmtCache) get(query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.stmts[query]; st != nil {
		c.hits++
		return st
	}
	if !c.wanted[query] && len(query) <= stmtCacheLongest && c.bytes+len(query) <= stmtCacheBytes {
		c.wanted[query] = true
		c.bytes += len(query)
	}
	return nil
}

// fill prepares the statements noted since the last fill. It is called
// with the writer's connection free (after a transaction ends) and holds
// no lock while it prepares: a transaction may be asking get meanwhile.
func (c *stmtCache) fill(ctx context.Context) {
	if c == nil {
		return
	}
	c.mu.Lock()
	if len(c.wanted) == 0 {
		c.mu.Unlock()
		return
	}
	todo := make([]string, 0, len(c.wanted))
	for q := range c.wanted {
		todo = append(todo, q)
	}
	c.mu.Unlock()
	for _, q := range todo {
		st, err := c.db.PrepareContext(ctx, q)
		c.mu.Lock()
		if c.wanted[q] {
			delete(c.wanted, q)
			if err == nil {
				c.stmts[q] = st
				st = nil
			} else {
				c.bytes -= len(q) // a text SQLite refuses is run as sent, each time
			}
		}
		c.mu.Unlock()
		if st != nil {
			st.Close() // another fill prepared it first, or forget emptied the cache
		}
	}
}

// forgetStatements closes the writer's prepared statements: a migration
// or an operator's statement may change the tables they were prepared on.
func (db *DB) forgetStatements() { db.stmts.forget() }

func (c *stmtCache) forget() {
	if c == nil {
		return
	}
	c.mu.Lock()
	stmts := c.stmts
	c.stmts, c.wanted, c.bytes = map[string]*sql.Stmt{}, map[string]bool{}, 0
	c.mu.Unlock()
	for _, st := range stmts {
		st.Close()
	}
}

// cachedTx is a SQLite write transaction that runs the statements it can
// prepared.
type cachedTx struct {
	tx    *sql.Tx
	cache *stmtCache
}

func (c cachedTx) exec(ctx context.Context, query string, args []any) (int64, error) {
	st := c.cache.get(query)
	if st == nil {
		return sqlConn{c.tx}.exec(ctx, query, args)
	}
	res, err := c.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c cachedTx) query(ctx context.Context, query string, args []any) (rows, error) {
	st := c.cache.get(query)
	if st == nil {
		return sqlConn{c.tx}.query(ctx, query, args)
	}
	rs, err := c.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rs}, nil
}

func (c cachedTx) execEach(ctx context.Context, query string, rs [][]any) error {
	st := c.cache.get(query)
	if st == nil {
		return sqlConn{c.tx}.execEach(ctx, query, rs)
	}
	ts := c.tx.StmtContext(ctx, st)
	for _, row := range rs {
		if _, err := ts.ExecContext(ctx, row...); err != nil {
			return err
		}
	}
	return nil
}
