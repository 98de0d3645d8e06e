package store

import (
	"database/sql"
	"fmt"
	"strings"
)

// txSQL runs a feature's statements inside a journal transaction (a
// ledger.Hook), on whichever backend it is. Queries use ? placeholders.
type txSQL interface {
	pg() bool
	exec(query string, args ...any) (int64, error)
	query(query string, args []any, each func(scan func(dest ...any) error) error) error
}

func asTxSQL(tx any) (txSQL, error) {
	t, ok := tx.(txSQL)
	if !ok {
		return nil, fmt.Errorf("store: %T is not a journal transaction of this store", tx)
	}
	return t, nil
}

// rebindPG turns ? placeholders into $n.
func rebindPG(q string) string { return (&DB{pg: true}).rebind(q) }

func (t *pgJournalTx) pg() bool { return true }

func (t *pgJournalTx) exec(query string, args ...any) (int64, error) {
	tag, err := t.conn.Exec(t.ctx, rebindPG(query), args...)
	return tag.RowsAffected(), err
}

func (t *pgJournalTx) query(query string, args []any, each func(scan func(dest ...any) error) error) error {
	rows, err := t.conn.Query(t.ctx, rebindPG(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (t *sqliteJournalTx) pg() bool { return false }

func (t *sqliteJournalTx) exec(query string, args ...any) (int64, error) {
	res, err := t.q.ExecContext(t.ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (t *sqliteJournalTx) query(query string, args []any, each func(scan func(dest ...any) error) error) error {
	rows, err := t.q.QueryContext(t.ctx, query, args...)
	if err != nil {
		return err
	}
	return scanEach(rows, each)
}

func scanEach(rows *sql.Rows, each func(scan func(dest ...any) error) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

func inList(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }
