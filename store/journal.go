package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	rl "reliefledger"
	"reliefledger/ledger"
)

const entryColumns = `id, entry_date, kind, description, source_type, source_id, COALESCE(reverses_id, 0), created_by, created_at, prev_hash, hash`

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (l *Ledger) reader() (querier, error) {
	s, err := l.db.r.DB()
	return s, err
}

// Entry implements ledger.Store.
func (l *Ledger) Entry(ctx context.Context, id int64) (ledger.Entry, error) {
	q, err := l.reader()
	if err != nil {
		return ledger.Entry{}, err
	}
	es, err := l.readEntries(ctx, q, `SELECT `+entryColumns+` FROM journal_entries WHERE id = ?`, []any{id})
	if err != nil {
		return ledger.Entry{}, err
	}
	if len(es) == 0 || es[0].ID != id {
		return ledger.Entry{}, rl.Errorf(rl.NotFound, "no journal entry %d", id)
	}
	return es[0], nil
}

// Entries implements ledger.Store.
func (l *Ledger) Entries(ctx context.Context, f ledger.EntryFilter) ([]ledger.Entry, error) {
	q, err := l.reader()
	if err != nil {
		return nil, err
	}
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	add("id > ?", f.AfterID)
	if f.AccountID != 0 {
		add("id IN (SELECT entry_id FROM postings WHERE account_id = ?)", f.AccountID)
	}
	if f.FundID != 0 {
		add("id IN (SELECT p.entry_id FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.fund_id = ?)", f.FundID)
	}
	if f.Kind != "" {
		add("kind = ?", string(f.Kind))
	}
	if !f.From.IsZero() {
		add("entry_date >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("entry_date <= ?", f.To)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	query := `SELECT ` + entryColumns + ` FROM journal_entries WHERE ` + strings.Join(where, " AND ") + ` ORDER BY id LIMIT ` + fmt.Sprint(limit)
	return l.readEntries(ctx, q, query, args)
}

func (l *Ledger) readEntries(ctx context.Context, q querier, query string, args []any) ([]ledger.Entry, error) {
	rows, err := q.QueryContext(ctx, l.db.rebind(query), args...)
	if err != nil {
		return nil, fmt.Errorf("query entries: %w", err)
	}
	var es []ledger.Entry
	for rows.Next() {
		var e ledger.Entry
		var kind string
		if err := rows.Scan(&e.ID, &e.Date, &kind, &e.Description, &e.Source.Type, &e.Source.ID, &e.ReversesID,
			&e.CreatedBy, &e.CreatedAt, &e.PrevHash, &e.Hash); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan entry: %w", err)
		}
		e.Kind = ledger.EntryKind(kind)
		e.CreatedAt = e.CreatedAt.UTC()
		es = append(es, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return es, nil
	}
	return es, l.attachPostings(ctx, q, es)
}

// attachPostings loads the postings of es (sorted by ID) in one query.
func (l *Ledger) attachPostings(ctx context.Context, q querier, es []ledger.Entry) error {
	idx := make(map[int64]int, len(es))
	ids := make([]any, len(es))
	for i, e := range es {
		idx[e.ID] = i
		ids[i] = e.ID
	}
	var rows *sql.Rows
	var err error
	first, last := es[0].ID, es[len(es)-1].ID
	if last-first+1 == int64(len(es)) {
		rows, err = q.QueryContext(ctx, l.db.rebind(`SELECT entry_id, line, account_id, amount, COALESCE(item_code, ''), quantity
			FROM postings WHERE entry_id BETWEEN ? AND ? ORDER BY entry_id, line`), first, last)
	} else {
		rows, err = q.QueryContext(ctx, l.db.rebind(`SELECT entry_id, line, account_id, amount, COALESCE(item_code, ''), quantity
			FROM postings WHERE entry_id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`) ORDER BY entry_id, line`), ids...)
	}
	if err != nil {
		return fmt.Errorf("query postings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var entryID int64
		var p ledger.Posting
		var qty decimal.NullDecimal
		if err := rows.Scan(&entryID, &p.Line, &p.AccountID, &p.Amount, &p.Item, &qty); err != nil {
			return fmt.Errorf("scan posting: %w", err)
		}
		if qty.Valid {
			p.Quantity = qty.Decimal
		}
		i, ok := idx[entryID]
		if !ok {
			continue
		}
		es[i].Postings = append(es[i].Postings, p)
	}
	return rows.Err()
}

// ReversalOf implements ledger.Store.
func (l *Ledger) ReversalOf(ctx context.Context, id int64) (int64, error) {
	var ids []int64
	err := l.db.r.WithContext(ctx).Raw(`SELECT id FROM journal_entries WHERE reverses_id = ?`, id).Scan(&ids).Error
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}

// StoredBalances implements ledger.Store.
func (l *Ledger) StoredBalances(ctx context.Context, ids ...int64) ([]ledger.Balance, error) {
	q, err := l.reader()
	if err != nil {
		return nil, err
	}
	return l.storedBalances(ctx, q, ids)
}

func (l *Ledger) storedBalances(ctx context.Context, q querier, ids []int64) ([]ledger.Balance, error) {
	query := `SELECT account_id, asset, amount FROM balances`
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	if len(ids) > 0 {
		query += ` WHERE account_id IN (` + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + `)`
	}
	rows, err := q.QueryContext(ctx, l.db.rebind(query+` ORDER BY account_id, asset`), args...)
	if err != nil {
		return nil, fmt.Errorf("query balances: %w", err)
	}
	defer rows.Close()
	var out []ledger.Balance
	for rows.Next() {
		var b ledger.Balance
		if err := rows.Scan(&b.AccountID, &b.Asset, &b.Amount); err != nil {
			return nil, fmt.Errorf("scan balance: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// BalancesAsOf implements ledger.Store. PostgreSQL sums in SQL; SQLite
// stores amounts as text, so its rows are summed here with decimals.
func (l *Ledger) BalancesAsOf(ctx context.Context, asOf ledger.Date, fundID int64, ids ...int64) ([]ledger.Balance, error) {
	q, err := l.reader()
	if err != nil {
		return nil, err
	}
	from := ` FROM postings p JOIN journal_entries e ON e.id = p.entry_id`
	where := ` WHERE e.entry_date <= ?`
	args := []any{asOf}
	if len(ids) > 0 {
		where += ` AND p.account_id IN (` + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	} else if fundID != 0 {
		from += ` JOIN accounts a ON a.id = p.account_id`
		where += ` AND a.fund_id = ?`
		args = append(args, fundID)
	}
	if l.db.pg {
		query := `SELECT p.account_id, 'VND', SUM(p.amount)` + from + where + ` GROUP BY p.account_id
			UNION ALL SELECT p.account_id, p.item_code, SUM(p.quantity)` + from + where + ` AND p.item_code IS NOT NULL GROUP BY p.account_id, p.item_code`
		rows, err := q.QueryContext(ctx, l.db.rebind(query), append(args, args...)...)
		if err != nil {
			return nil, fmt.Errorf("sum balances: %w", err)
		}
		defer rows.Close()
		var out []ledger.Balance
		for rows.Next() {
			var b ledger.Balance
			if err := rows.Scan(&b.AccountID, &b.Asset, &b.Amount); err != nil {
				return nil, err
			}
			out = append(out, b)
		}
		return out, rows.Err()
	}
	rows, err := q.QueryContext(ctx, `SELECT p.account_id, p.amount, COALESCE(p.item_code, ''), p.quantity`+from+where, args...)
	if err != nil {
		return nil, fmt.Errorf("sum balances: %w", err)
	}
	defer rows.Close()
	sums := map[ledger.BalanceKey]decimal.Decimal{}
	var order []ledger.BalanceKey
	addTo := func(k ledger.BalanceKey, d decimal.Decimal) {
		if _, ok := sums[k]; !ok {
			order = append(order, k)
		}
		sums[k] = sums[k].Add(d)
	}
	for rows.Next() {
		var acc int64
		var amount decimal.Decimal
		var item string
		var qty decimal.NullDecimal
		if err := rows.Scan(&acc, &amount, &item, &qty); err != nil {
			return nil, err
		}
		addTo(ledger.BalanceKey{AccountID: acc, Asset: ledger.AssetVND}, amount)
		if item != "" && qty.Valid {
			addTo(ledger.BalanceKey{AccountID: acc, Asset: item}, qty.Decimal)
		}
	}
	out := make([]ledger.Balance, len(order))
	for i, k := range order {
		out[i] = ledger.Balance{AccountID: k.AccountID, Asset: k.Asset, Amount: sums[k]}
	}
	return out, rows.Err()
}

// ReadJournal implements ledger.Store: a repeatable-read snapshot on
// PostgreSQL, a read transaction on SQLite (WAL gives it a snapshot).
func (l *Ledger) ReadJournal(ctx context.Context, each func(ledger.Entry) error) ([]ledger.Balance, ledger.Head, error) {
	var opts *sql.TxOptions
	if l.db.pg {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	s, err := l.db.r.DB()
	if err != nil {
		return nil, ledger.Head{}, err
	}
	tx, err := s.BeginTx(ctx, opts)
	if err != nil {
		return nil, ledger.Head{}, err
	}
	defer tx.Rollback()
	var head ledger.Head
	if err := tx.QueryRowContext(ctx, `SELECT last_id, last_hash FROM journal_head WHERE id = 1`).Scan(&head.LastID, &head.LastHash); err != nil {
		return nil, head, fmt.Errorf("read head: %w", err)
	}
	const page = 2000
	after := int64(0)
	for {
		es, err := l.readEntries(ctx, tx, `SELECT `+entryColumns+` FROM journal_entries WHERE id > ? ORDER BY id LIMIT `+fmt.Sprint(page), []any{after})
		if err != nil {
			return nil, head, err
		}
		for _, e := range es {
			if err := each(e); err != nil {
				return nil, head, err
			}
		}
		if len(es) < page {
			break
		}
		after = es[len(es)-1].ID
	}
	bals, err := l.storedBalances(ctx, tx, nil)
	return bals, head, err
}

// WithJournal implements ledger.Store. PostgreSQL pipelines the
// transaction over a pgx connection; SQLite runs it on its single writer.
func (l *Ledger) WithJournal(ctx context.Context, fn func(ledger.JournalTx) error) error {
	var err error
	for attempt := 0; attempt < 8; attempt++ {
		if l.db.pg {
			err = l.withJournalPG(ctx, fn)
		} else {
			err = l.db.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				conn, ok := tx.Statement.ConnPool.(querier)
				if !ok {
					return fmt.Errorf("journal tx: unexpected connection type %T", tx.Statement.ConnPool)
				}
				return fn(&sqliteJournalTx{ctx: ctx, q: conn})
			})
		}
		if err == nil || !isRetryable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
	}
	return fmt.Errorf("journal transaction kept conflicting: %w", err)
}

// Movements implements ledger.Store.
func (l *Ledger) Movements(ctx context.Context, ids []int64, from, to ledger.Date) ([]ledger.Movement, error) {
	q, err := l.reader()
	if err != nil {
		return nil, err
	}
	query := `SELECT e.id, e.entry_date, e.kind, e.description, e.source_type, e.source_id,
			p.line, p.account_id, p.amount, COALESCE(p.item_code, ''), p.quantity
		FROM postings p JOIN journal_entries e ON e.id = p.entry_id
		WHERE p.account_id IN (` + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + `)`
	args := make([]any, 0, len(ids)+2)
	for _, id := range ids {
		args = append(args, id)
	}
	if !from.IsZero() {
		query += ` AND e.entry_date >= ?`
		args = append(args, from)
	}
	if !to.IsZero() {
		query += ` AND e.entry_date <= ?`
		args = append(args, to)
	}
	rows, err := q.QueryContext(ctx, l.db.rebind(query+` ORDER BY e.id, p.line`), args...)
	if err != nil {
		return nil, fmt.Errorf("query movements: %w", err)
	}
	defer rows.Close()
	var out []ledger.Movement
	for rows.Next() {
		var m ledger.Movement
		var kind string
		var qty decimal.NullDecimal
		if err := rows.Scan(&m.EntryID, &m.Date, &kind, &m.Description, &m.Source.Type, &m.Source.ID,
			&m.Line, &m.AccountID, &m.Amount, &m.Item, &qty); err != nil {
			return nil, fmt.Errorf("scan movement: %w", err)
		}
		m.Kind = ledger.EntryKind(kind)
		if qty.Valid {
			m.Quantity = qty.Decimal
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// EachEntry implements ledger.Store: one query over entries and postings,
// read as a stream (a journal of a million postings never sits in memory).
func (l *Ledger) EachEntry(ctx context.Context, f ledger.EntryFilter, each func(ledger.Entry) error) error {
	q, err := l.reader()
	if err != nil {
		return err
	}
	where, args := []string{"e.id > ?"}, []any{f.AfterID}
	if f.FundID != 0 {
		where = append(where, "e.id IN (SELECT p2.entry_id FROM postings p2 JOIN accounts a2 ON a2.id = p2.account_id WHERE a2.fund_id = ?)")
		args = append(args, f.FundID)
	}
	if f.Kind != "" {
		where, args = append(where, "e.kind = ?"), append(args, string(f.Kind))
	}
	if !f.From.IsZero() {
		where, args = append(where, "e.entry_date >= ?"), append(args, f.From)
	}
	if !f.To.IsZero() {
		where, args = append(where, "e.entry_date <= ?"), append(args, f.To)
	}
	rows, err := q.QueryContext(ctx, l.db.rebind(`SELECT e.id, e.entry_date, e.kind, e.description, e.source_type, e.source_id,
		COALESCE(e.reverses_id, 0), e.created_by, e.created_at, e.prev_hash, e.hash,
		p.line, p.account_id, p.amount, COALESCE(p.item_code, ''), p.quantity
		FROM journal_entries e JOIN postings p ON p.entry_id = e.id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY e.id, p.line`), args...)
	if err != nil {
		return fmt.Errorf("stream entries: %w", err)
	}
	defer rows.Close()
	var cur ledger.Entry
	for rows.Next() {
		var e ledger.Entry
		var kind string
		var p ledger.Posting
		var qty decimal.NullDecimal
		if err := rows.Scan(&e.ID, &e.Date, &kind, &e.Description, &e.Source.Type, &e.Source.ID, &e.ReversesID, &e.CreatedBy, &e.CreatedAt,
			&e.PrevHash, &e.Hash, &p.Line, &p.AccountID, &p.Amount, &p.Item, &qty); err != nil {
			return fmt.Errorf("scan entry: %w", err)
		}
		if qty.Valid {
			p.Quantity = qty.Decimal
		}
		if e.ID != cur.ID {
			if cur.ID != 0 {
				if err := each(cur); err != nil {
					return err
				}
			}
			e.Kind, e.CreatedAt = ledger.EntryKind(kind), e.CreatedAt.UTC()
			cur = e
		}
		cur.Postings = append(cur.Postings, p)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cur.ID != 0 {
		return each(cur)
	}
	return nil
}
