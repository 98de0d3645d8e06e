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

// WithJournal implements ledger.Store.
func (l *Ledger) WithJournal(ctx context.Context, fn func(ledger.JournalTx) error) error {
	var err error
	for attempt := 0; attempt < 8; attempt++ {
		err = l.db.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			conn, ok := tx.Statement.ConnPool.(querier)
			if !ok {
				return fmt.Errorf("journal tx: unexpected connection type %T", tx.Statement.ConnPool)
			}
			return fn(&journalTx{ctx: ctx, q: conn, db: l.db})
		})
		if err == nil || !isRetryable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
	}
	return fmt.Errorf("journal transaction kept conflicting: %w", err)
}

type journalTx struct {
	ctx context.Context
	q   querier
	db  *DB
}

func (t *journalTx) forUpdate() string {
	if t.db.pg {
		return " FOR UPDATE"
	}
	return ""
}

func (t *journalTx) Head() (ledger.Head, error) {
	var h ledger.Head
	rows, err := t.q.QueryContext(t.ctx, `SELECT last_id, last_hash FROM journal_head WHERE id = 1`+t.forUpdate())
	if err != nil {
		return h, fmt.Errorf("lock journal head: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return h, fmt.Errorf("lock journal head: the head row is missing")
	}
	return h, rows.Scan(&h.LastID, &h.LastHash)
}

func (t *journalTx) Idem(keys []ledger.IdemKey) (map[ledger.IdemKey]ledger.IdemRecord, error) {
	out := map[ledger.IdemKey]ledger.IdemRecord{}
	if len(keys) == 0 {
		return out, nil
	}
	args := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, k.Scope, k.Key)
	}
	rows, err := t.q.QueryContext(t.ctx, t.db.rebind(`SELECT scope, key, request_hash, result_ref FROM idempotency_keys
		WHERE (scope, key) IN (`+placeholders(len(keys), 2)+`)`), args...)
	if err != nil {
		return nil, fmt.Errorf("read idempotency keys: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r ledger.IdemRecord
		if err := rows.Scan(&r.Scope, &r.Key, &r.RequestHash, &r.ResultRef); err != nil {
			return nil, err
		}
		out[r.IdemKey] = r
	}
	return out, rows.Err()
}

func (t *journalTx) Reversed(ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := t.q.QueryContext(t.ctx, t.db.rebind(`SELECT reverses_id FROM journal_entries WHERE reverses_id IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`)`), args...)
	if err != nil {
		return nil, fmt.Errorf("read reversals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

func (t *journalTx) lock(keys []ledger.BalanceKey, out map[ledger.BalanceKey]decimal.Decimal) error {
	for start := 0; start < len(keys); start += 1000 {
		chunk := keys[start:min(start+1000, len(keys))]
		args := make([]any, 0, 2*len(chunk))
		for _, k := range chunk {
			args = append(args, k.AccountID, k.Asset)
		}
		rows, err := t.q.QueryContext(t.ctx, t.db.rebind(`SELECT account_id, asset, amount FROM balances
			WHERE (account_id, asset) IN (`+placeholders(len(chunk), 2)+`) ORDER BY account_id, asset`+t.forUpdate()), args...)
		if err != nil {
			return fmt.Errorf("lock balances: %w", err)
		}
		for rows.Next() {
			var k ledger.BalanceKey
			var v decimal.Decimal
			if err := rows.Scan(&k.AccountID, &k.Asset, &v); err != nil {
				rows.Close()
				return err
			}
			out[k] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (t *journalTx) LockBalances(keys []ledger.BalanceKey) (map[ledger.BalanceKey]decimal.Decimal, error) {
	out := make(map[ledger.BalanceKey]decimal.Decimal, len(keys))
	if err := t.lock(keys, out); err != nil {
		return nil, err
	}
	var missing []ledger.BalanceKey
	for _, k := range keys {
		if _, ok := out[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	args := make([]any, 0, 3*len(missing))
	for _, k := range missing {
		args = append(args, k.AccountID, k.Asset, "0")
	}
	if _, err := t.q.ExecContext(t.ctx, t.db.rebind(`INSERT INTO balances (account_id, asset, amount) VALUES `+
		placeholders(len(missing), 3)+` ON CONFLICT DO NOTHING`), args...); err != nil {
		return nil, fmt.Errorf("create balances: %w", err)
	}
	if err := t.lock(missing, out); err != nil {
		return nil, err
	}
	for _, k := range missing {
		if _, ok := out[k]; !ok {
			return nil, fmt.Errorf("lock balances: no row for account %d %s", k.AccountID, k.Asset)
		}
	}
	return out, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (t *journalTx) Append(entries []ledger.Entry, balances map[ledger.BalanceKey]decimal.Decimal, idem []ledger.IdemRecord, head ledger.Head) error {
	const entryCols, postingCols = 11, 6
	for start := 0; start < len(entries); start += 500 {
		chunk := entries[start:min(start+500, len(entries))]
		args := make([]any, 0, entryCols*len(chunk))
		for _, e := range chunk {
			var rev any
			if e.ReversesID != 0 {
				rev = e.ReversesID
			}
			args = append(args, e.ID, e.Date, string(e.Kind), e.Description, e.Source.Type, e.Source.ID, rev,
				e.CreatedBy, e.CreatedAt, e.PrevHash, e.Hash)
		}
		if _, err := t.q.ExecContext(t.ctx, t.db.rebind(`INSERT INTO journal_entries (id, entry_date, kind, description,
			source_type, source_id, reverses_id, created_by, created_at, prev_hash, hash) VALUES `+placeholders(len(chunk), entryCols)), args...); err != nil {
			return fmt.Errorf("insert entries: %w", err)
		}
	}
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		_, err := t.q.ExecContext(t.ctx, t.db.rebind(`INSERT INTO postings (entry_id, line, account_id, amount, item_code, quantity) VALUES `+
			placeholders(len(args)/postingCols, postingCols)), args...)
		args = args[:0]
		if err != nil {
			return fmt.Errorf("insert postings: %w", err)
		}
		return nil
	}
	for _, e := range entries {
		for _, p := range e.Postings {
			var qty any
			if p.Item != "" {
				qty = p.Quantity.String()
			}
			args = append(args, e.ID, p.Line, p.AccountID, p.Amount.String(), nullable(p.Item), qty)
			if len(args) >= 2000*postingCols {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if err := t.writeBalances(balances); err != nil {
		return err
	}
	if len(idem) > 0 {
		now := time.Now().UTC()
		args := make([]any, 0, 5*len(idem))
		for _, r := range idem {
			args = append(args, r.Scope, r.Key, r.RequestHash, r.ResultRef, now)
		}
		if _, err := t.q.ExecContext(t.ctx, t.db.rebind(`INSERT INTO idempotency_keys (scope, key, request_hash, result_ref, created_at) VALUES `+
			placeholders(len(idem), 5)), args...); err != nil {
			return fmt.Errorf("insert idempotency keys: %w", err)
		}
	}
	if _, err := t.q.ExecContext(t.ctx, t.db.rebind(`UPDATE journal_head SET last_id = ?, last_hash = ? WHERE id = 1`), head.LastID, head.LastHash); err != nil {
		return fmt.Errorf("move journal head: %w", err)
	}
	return nil
}

func (t *journalTx) writeBalances(balances map[ledger.BalanceKey]decimal.Decimal) error {
	if len(balances) == 0 {
		return nil
	}
	if !t.db.pg {
		for k, v := range balances {
			if _, err := t.q.ExecContext(t.ctx, `UPDATE balances SET amount = ? WHERE account_id = ? AND asset = ?`, v.String(), k.AccountID, k.Asset); err != nil {
				return fmt.Errorf("update balance: %w", err)
			}
		}
		return nil
	}
	args := make([]any, 0, 3*len(balances))
	var vals []string
	for k, v := range balances {
		vals = append(vals, "(?::bigint, ?::text, ?::numeric)")
		args = append(args, k.AccountID, k.Asset, v.String())
	}
	_, err := t.q.ExecContext(t.ctx, t.db.rebind(`UPDATE balances AS b SET amount = v.amount FROM (VALUES `+strings.Join(vals, ",")+
		`) AS v(account_id, asset, amount) WHERE b.account_id = v.account_id AND b.asset = v.asset`), args...)
	if err != nil {
		return fmt.Errorf("update balances: %w", err)
	}
	return nil
}
