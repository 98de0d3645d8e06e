package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/ledger"
)

const entryColumns = `id, entry_date, kind, description, source_type, source_id, COALESCE(reverses_id, 0), created_by, created_at, prev_hash, hash`

// Entry implements ledger.Store.
func (l *Ledger) Entry(ctx context.Context, id int64) (ledger.Entry, error) {
	es, err := l.readEntries(ctx, l.db.read, `SELECT `+entryColumns+` FROM journal_entries WHERE id = ?`, []any{id})
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
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	order := "id"
	if f.Newest {
		order = "id DESC"
	}
	from := `journal_entries`
	if f.FundID != 0 {
		// One fund's entries are walked in the fund's list (entry_funds) by
		// its key (fund, entry) from the cursor, and looked up by ID: a page
		// costs a page however long the journal. With no other filter the
		// list stops at the page; with one it is walked until the page is
		// full.
		list, largs := []string{"fund_id = ?", "entry_id > ?"}, []any{f.FundID, f.AfterID}
		if f.Newest && f.BeforeID > 0 {
			list, largs = append(list, "entry_id < ?"), append(largs, f.BeforeID)
		}
		sub := `SELECT entry_id FROM entry_funds WHERE ` + strings.Join(list, " AND ")
		if f.AccountID == 0 && f.Kind == "" && f.From.IsZero() && f.To.IsZero() {
			sub += ` ORDER BY entry_` + order + ` LIMIT ` + fmt.Sprint(limit)
		}
		from = `(` + sub + `) f JOIN journal_entries ON id = f.entry_id`
		args = append(args, largs...)
	}
	add("id > ?", f.AfterID)
	if f.AccountID != 0 {
		add("id IN (SELECT entry_id FROM postings WHERE account_id = ?)", f.AccountID)
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
	if f.Newest && f.BeforeID > 0 {
		add("id < ?", f.BeforeID)
	}
	query := `SELECT ` + entryColumns + ` FROM ` + from + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + order + ` LIMIT ` + fmt.Sprint(limit)
	return l.readEntries(ctx, l.db.read, query, args)
}

func (l *Ledger) readEntries(ctx context.Context, q runner, query string, args []any) ([]ledger.Entry, error) {
	var es []ledger.Entry
	err := q.each(ctx, query, args, func(scan func(...any) error) error {
		var e ledger.Entry
		var kind string
		if err := scan(&e.ID, &e.Date, &kind, &e.Description, &e.Source.Type, &e.Source.ID, &e.ReversesID,
			&e.CreatedBy, &e.CreatedAt, &e.PrevHash, &e.Hash); err != nil {
			return fmt.Errorf("scan entry: %w", err)
		}
		e.Kind = ledger.EntryKind(kind)
		e.CreatedAt = e.CreatedAt.UTC()
		es = append(es, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("query entries: %w", err)
	}
	if len(es) == 0 {
		return es, nil
	}
	return es, l.attachPostings(ctx, q, es)
}

// attachPostings loads the postings of es (sorted by ID) in one query.
func (l *Ledger) attachPostings(ctx context.Context, q runner, es []ledger.Entry) error {
	idx := make(map[int64]int, len(es))
	ids := make(list, len(es))
	for i, e := range es {
		idx[e.ID] = i
		ids[i] = e.ID
	}
	// The bounds are there for the planner: on a table never analyzed
	// (autovacuum off) PostgreSQL guesses that an IN list of 50 IDs
	// matches a quarter of the postings and scans them all; a range on the
	// key it reads through the index, where the list's IDs are looked up
	// one by one however far apart they are.
	first, last := es[0].ID, es[len(es)-1].ID
	if first > last {
		first, last = last, first
	}
	query, args := `SELECT entry_id, line, account_id, amount, COALESCE(item_code, ''), quantity FROM postings
		WHERE entry_id BETWEEN ? AND ? AND entry_id IN (?) ORDER BY entry_id, line`, []any{first, last, ids}
	if last-first+1 == int64(len(es)) {
		query, args = `SELECT entry_id, line, account_id, amount, COALESCE(item_code, ''), quantity FROM postings WHERE entry_id BETWEEN ? AND ? ORDER BY entry_id, line`, []any{first, last}
	}
	err := q.each(ctx, query, args, func(scan func(...any) error) error {
		var entryID int64
		var p ledger.Posting
		var qty decimal.NullDecimal
		if err := scan(&entryID, &p.Line, &p.AccountID, &p.Amount, &p.Item, &qty); err != nil {
			return fmt.Errorf("scan posting: %w", err)
		}
		if qty.Valid {
			p.Quantity = qty.Decimal
		}
		if i, ok := idx[entryID]; ok {
			es[i].Postings = append(es[i].Postings, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("query postings: %w", err)
	}
	return nil
}

// ReversalOf implements ledger.Store.
func (l *Ledger) ReversalOf(ctx context.Context, id int64) (int64, error) {
	var by int64
	_, err := l.db.read.one(ctx, `SELECT id FROM journal_entries WHERE reverses_id = ?`, []any{id}, &by)
	return by, err
}

// StoredBalances implements ledger.Store.
func (l *Ledger) StoredBalances(ctx context.Context, ids ...int64) ([]ledger.Balance, error) {
	return l.storedBalances(ctx, l.db.read, ids)
}

func (l *Ledger) storedBalances(ctx context.Context, q runner, ids []int64) ([]ledger.Balance, error) {
	query, args := `SELECT account_id, asset, amount FROM balances ORDER BY account_id, asset`, []any(nil)
	if len(ids) > 0 {
		query, args = `SELECT account_id, asset, amount FROM balances WHERE account_id IN (?) ORDER BY account_id, asset`, []any{listOf(ids)}
	}
	var out []ledger.Balance
	err := q.each(ctx, query, args, func(scan func(...any) error) error {
		var b ledger.Balance
		err := scan(&b.AccountID, &b.Asset, &b.Amount)
		out = append(out, b)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("query balances: %w", err)
	}
	return out, nil
}

// ReadJournal implements ledger.Store: a repeatable-read snapshot on
// PostgreSQL, a read transaction on SQLite (WAL gives it a snapshot).
func (l *Ledger) ReadJournal(ctx context.Context, each func(ledger.Entry) error) ([]ledger.Balance, []ledger.DayBalance, ledger.Head, error) {
	var head ledger.Head
	var bals []ledger.Balance
	var days []ledger.DayBalance
	err := l.db.inSnapshot(ctx, func(q runner) error {
		if _, err := q.one(ctx, `SELECT last_id, last_hash FROM journal_head WHERE id = 1`, nil, &head.LastID, &head.LastHash); err != nil {
			return fmt.Errorf("read head: %w", err)
		}
		const page = 2000
		for after := int64(0); ; {
			es, err := l.readEntries(ctx, q, `SELECT `+entryColumns+` FROM journal_entries WHERE id > ? ORDER BY id LIMIT `+fmt.Sprint(page), []any{after})
			if err != nil {
				return err
			}
			for _, e := range es {
				if err := each(e); err != nil {
					return err
				}
			}
			if len(es) < page {
				break
			}
			after = es[len(es)-1].ID
		}
		var err error
		if bals, err = l.storedBalances(ctx, q, nil); err != nil {
			return err
		}
		days, err = l.balanceHistory(ctx, q)
		return err
	})
	return bals, days, head, err
}

// Head implements ledger.Store.
func (l *Ledger) Head(ctx context.Context) (ledger.Head, error) {
	var h ledger.Head
	found, err := l.db.read.one(ctx, `SELECT last_id, last_hash FROM journal_head WHERE id = 1`, nil, &h.LastID, &h.LastHash)
	if err != nil {
		return ledger.Head{}, fmt.Errorf("read journal head: %w", err)
	}
	if !found {
		return ledger.Head{}, fmt.Errorf("read journal head: the journal_head row is missing")
	}
	return h, nil
}

// WithJournal implements ledger.Store.
func (l *Ledger) WithJournal(ctx context.Context, fn func(ledger.Tx) error) error {
	return l.db.inJournal(ctx, func(tx *Tx) error { return fn(tx) })
}

// Movements implements ledger.Store.
func (l *Ledger) Movements(ctx context.Context, ids []int64, from, to ledger.Date) ([]ledger.Movement, error) {
	query := `SELECT e.id, e.entry_date, e.kind, e.description, e.source_type, e.source_id,
			p.line, p.account_id, p.amount, COALESCE(p.item_code, ''), p.quantity
		FROM postings p JOIN journal_entries e ON e.id = p.entry_id
		WHERE p.account_id IN (?)`
	args := []any{listOf(ids)}
	if !from.IsZero() {
		query += ` AND e.entry_date >= ?`
		args = append(args, from)
	}
	if !to.IsZero() {
		query += ` AND e.entry_date <= ?`
		args = append(args, to)
	}
	var out []ledger.Movement
	err := l.db.read.each(ctx, query+` ORDER BY e.id, p.line`, args, func(scan func(...any) error) error {
		var m ledger.Movement
		var kind string
		var qty decimal.NullDecimal
		if err := scan(&m.EntryID, &m.Date, &kind, &m.Description, &m.Source.Type, &m.Source.ID,
			&m.Line, &m.AccountID, &m.Amount, &m.Item, &qty); err != nil {
			return fmt.Errorf("scan movement: %w", err)
		}
		m.Kind = ledger.EntryKind(kind)
		if qty.Valid {
			m.Quantity = qty.Decimal
		}
		out = append(out, m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("query movements: %w", err)
	}
	return out, nil
}

// EachEntry implements ledger.Store: one query over entries and postings,
// read as a stream (a journal of a million postings never sits in memory).
func (l *Ledger) EachEntry(ctx context.Context, f ledger.EntryFilter, each func(ledger.Entry) error) error {
	where, args := []string{"e.id > ?"}, []any{f.AfterID}
	if f.FundID != 0 {
		where = append(where, "e.id IN (SELECT entry_id FROM entry_funds WHERE fund_id = ?)")
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
	var cur ledger.Entry
	err := l.db.read.each(ctx, `SELECT e.id, e.entry_date, e.kind, e.description, e.source_type, e.source_id,
		COALESCE(e.reverses_id, 0), e.created_by, e.created_at, e.prev_hash, e.hash,
		p.line, p.account_id, p.amount, COALESCE(p.item_code, ''), p.quantity
		FROM journal_entries e JOIN postings p ON p.entry_id = e.id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY e.id, p.line`, args, func(scan func(...any) error) error {
		var e ledger.Entry
		var kind string
		var p ledger.Posting
		var qty decimal.NullDecimal
		if err := scan(&e.ID, &e.Date, &kind, &e.Description, &e.Source.Type, &e.Source.ID, &e.ReversesID, &e.CreatedBy, &e.CreatedAt,
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
		return nil
	})
	if err != nil {
		return err
	}
	if cur.ID != 0 {
		return each(cur)
	}
	return nil
}
