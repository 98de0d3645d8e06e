package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// This file is the one way the store runs raw SQL, on either backend and
// inside or outside a transaction. Queries are written once, with ?
// placeholders; bind turns them into PostgreSQL's $n, expands list
// arguments for IN and rows for multi-row VALUES. GORM is kept for what it
// is good at (reference-table reads with optional filters, single-row
// creates outside a transaction); every transaction and every query whose
// shape matters (locking, bulk writes, reports) goes through a runner.

// conn is where a runner sends statements: database/sql (every read, and
// SQLite's transactions) or a PostgreSQL transaction's pipelined pgx
// connection (pgTx). Queries reach it already bound.
type conn interface {
	exec(ctx context.Context, query string, args []any) (int64, error)
	query(ctx context.Context, query string, args []any) (rows, error)
	// execEach runs one statement once per row of arguments.
	execEach(ctx context.Context, query string, rows [][]any) error
}

// queue sends a statement whose result is only checked for errors: on a
// pipelined PostgreSQL transaction with the next statement that needs an
// answer (no round trip of its own), elsewhere at once.
func (r runner) queue(ctx context.Context, query string, args ...any) error {
	if t, ok := r.c.(*pgTx); ok {
		q, a := bind(r.pg, query, args)
		t.queue(q, a...)
		return nil
	}
	_, err := r.exec(ctx, query, args...)
	return err
}

// lastNext says the next query is the last of a read-only snapshot
// (inReadSnapshot): on PostgreSQL the transaction ends in its round trip.
// Elsewhere it does nothing.
func (r runner) lastNext() {
	if t, ok := r.c.(*pgTx); ok {
		t.endWithNext()
	}
}

// rows is what both drivers' result sets have in common.
type rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// runner runs raw SQL on one conn of one backend.
type runner struct {
	c  conn
	pg bool
}

// exec runs a statement and returns how many rows it changed.
func (r runner) exec(ctx context.Context, query string, args ...any) (int64, error) {
	q, a := bind(r.pg, query, args)
	n, err := r.c.exec(ctx, q, a)
	return n, dbError(err)
}

// each runs a query and calls fn with each row's scan.
func (r runner) each(ctx context.Context, query string, args []any, fn func(scan func(dest ...any) error) error) error {
	q, a := bind(r.pg, query, args)
	rs, err := r.c.query(ctx, q, a)
	if err != nil {
		return dbError(err)
	}
	defer rs.Close()
	for rs.Next() {
		if err := fn(rs.Scan); err != nil {
			return err
		}
	}
	return dbError(rs.Err())
}

// one scans the first row of a query into dest; found is false when there
// is none.
func (r runner) one(ctx context.Context, query string, args []any, dest ...any) (found bool, err error) {
	err = r.each(ctx, query, args, func(scan func(...any) error) error {
		if found {
			return nil
		}
		found = true
		return scan(dest...)
	})
	return found, err
}

// ids runs a query whose rows are one integer each.
func (r runner) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	var out []int64
	err := r.each(ctx, query, args, func(scan func(...any) error) error {
		var id int64
		err := scan(&id)
		out = append(out, id)
		return err
	})
	return out, err
}

// list is an argument that stands for a comma-separated list of
// placeholders, for IN (?).
type list []any

// listOf makes a list argument of any slice.
func listOf[T any](vs []T) list {
	out := make(list, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// valueRows is an argument that stands for multi-row VALUES: (?, ?), (?, ?).
type valueRows [][]any

// bind rewrites a query written with ? placeholders for the backend: a
// list argument becomes ?,?,? and a valueRows argument (?,?),(?,?); on
// PostgreSQL every placeholder becomes $n. Question marks inside string
// literals are left alone.
func bind(pg bool, query string, args []any) (string, []any) {
	simple := true
	for _, a := range args {
		switch a.(type) {
		case list, valueRows:
			simple = false
		}
	}
	if simple && !pg {
		return query, args
	}
	var b strings.Builder
	b.Grow(len(query) + 8*len(args))
	out := args
	if !simple {
		out = make([]any, 0, len(args)*2)
	}
	n, next, quoted := 0, 0, false
	mark := func() {
		n++
		if pg {
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		} else {
			b.WriteByte('?')
		}
	}
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c == '\'' {
			quoted = !quoted
		}
		if c != '?' || quoted {
			b.WriteByte(c)
			continue
		}
		if next >= len(args) {
			mark() // the driver reports the missing argument
			continue
		}
		switch a := args[next].(type) {
		case list:
			if len(a) == 0 {
				b.WriteString("NULL") // IN (NULL) matches nothing
			}
			for j, v := range a {
				if j > 0 {
					b.WriteByte(',')
				}
				mark()
				out = append(out, v)
			}
		case valueRows:
			for j, row := range a {
				if j > 0 {
					b.WriteByte(',')
				}
				b.WriteByte('(')
				for k, v := range row {
					if k > 0 {
						b.WriteByte(',')
					}
					mark()
					out = append(out, v)
				}
				b.WriteByte(')')
			}
		default:
			mark()
			if !simple {
				out = append(out, a)
			}
		}
		next++
	}
	return b.String(), out
}

// insertRows writes rows into table: on PostgreSQL as one statement per
// 10,000 rows over unnest(arrays) (types names each column's SQL type); on
// SQLite through one prepared single-row statement, since a local file has
// no round trips to save and the pure-Go driver binds a statement's
// parameters in time quadratic in their number.
func (r runner) insertRows(ctx context.Context, table string, cols, types []string, rs [][]any, tail string) error {
	if len(rs) == 0 {
		return nil
	}
	head := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) `
	if !r.pg {
		q, _ := bind(false, head+`VALUES ?`+tail, []any{valueRows{rs[0]}})
		return r.c.execEach(ctx, q, rs)
	}
	sel := make([]string, len(cols))
	for j, t := range types {
		sel[j] = "?::" + t + "[]"
	}
	q := head + `SELECT * FROM unnest(` + strings.Join(sel, ", ") + `)` + tail
	for start := 0; start < len(rs); start += 10000 {
		part := rs[start:min(start+10000, len(rs))]
		args := make([]any, len(cols))
		for j, t := range types {
			col := make([]any, len(part))
			for i, row := range part {
				col[i] = row[j]
			}
			args[j] = pgArray(col, t)
		}
		if _, err := r.exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// pgArray turns a column of values into a slice pgx sends as one array;
// typ is the column's SQL type. NULLs (nil) are kept.
func pgArray(vals []any, typ string) any {
	switch typ {
	case "bigint", "int":
		out := make([]*int64, len(vals))
		for i, v := range vals {
			switch n := v.(type) {
			case int64:
				out[i] = &n
			case int:
				m := int64(n)
				out[i] = &m
			case int32:
				m := int64(n)
				out[i] = &m
			}
		}
		return out
	case "timestamptz":
		out := make([]*time.Time, len(vals))
		for i, v := range vals {
			if t, ok := v.(time.Time); ok {
				out[i] = &t
			}
		}
		return out
	case "boolean":
		out := make([]*bool, len(vals))
		for i, v := range vals {
			if b, ok := v.(bool); ok {
				out[i] = &b
			}
		}
		return out
	default: // text, numeric, date: as text
		out := make([]*string, len(vals))
		for i, v := range vals {
			if s, ok := textOf(v); ok {
				out[i] = &s
			}
		}
		return out
	}
}

// textOf writes a value as PostgreSQL reads it from text.
func textOf(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, true
	case *string:
		if x == nil {
			return "", false
		}
		return *x, true
	case decimal.Decimal:
		return x.String(), true
	case fmt.Stringer:
		return x.String(), true
	}
	return fmt.Sprint(v), true
}

// sqlConn runs statements through database/sql: a pool (reads) or an open
// transaction (SQLite writes).
type sqlConn struct {
	q interface {
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	}
}

func (c sqlConn) exec(ctx context.Context, query string, args []any) (int64, error) {
	res, err := c.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c sqlConn) query(ctx context.Context, query string, args []any) (rows, error) {
	rs, err := c.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rs}, nil
}

func (c sqlConn) execEach(ctx context.Context, query string, rs [][]any) error {
	stmt, err := c.q.PrepareContext(ctx, query)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, row := range rs {
		if _, err := stmt.ExecContext(ctx, row...); err != nil {
			return err
		}
	}
	return nil
}

// sqlRows gives database/sql's rows pgx's Close (the error, if any, is
// the one Err reports).
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

// bindFor rewrites a query with plain ? placeholders for database/sql on
// the backend (the migrations' bookkeeping).
func bindFor(pg bool, query string) string {
	q, _ := bind(pg, query, nil)
	return q
}
