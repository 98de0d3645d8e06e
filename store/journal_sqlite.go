package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"reliefledger/ledger"
)

// sqliteJournalTx runs the journal's statements one by one on SQLite's
// single writer connection, which BEGIN IMMEDIATE has already locked: no
// row locks are needed (and the driver ignores FOR UPDATE).
type sqliteJournalTx struct {
	ctx context.Context
	q   querier
}

func (t *sqliteJournalTx) Read(r ledger.JournalRead) (ledger.JournalState, error) {
	var st ledger.JournalState
	var err error
	if st.Head, err = t.head(); err != nil {
		return st, err
	}
	if st.Idem, err = t.idem(r.Keys); err != nil {
		return st, err
	}
	if st.Reversed, err = t.reversed(r.Reverses); err != nil {
		return st, err
	}
	st.Balances, err = t.lockBalances(r.Balances)
	return st, err
}

func (t *sqliteJournalTx) head() (ledger.Head, error) {
	var h ledger.Head
	rows, err := t.q.QueryContext(t.ctx, `SELECT last_id, last_hash FROM journal_head WHERE id = 1`+"")
	if err != nil {
		return h, fmt.Errorf("lock journal head: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return h, fmt.Errorf("lock journal head: the head row is missing")
	}
	return h, rows.Scan(&h.LastID, &h.LastHash)
}

func (t *sqliteJournalTx) idem(keys []ledger.IdemKey) (map[ledger.IdemKey]ledger.IdemRecord, error) {
	out := map[ledger.IdemKey]ledger.IdemRecord{}
	if len(keys) == 0 {
		return out, nil
	}
	args := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, k.Scope, k.Key)
	}
	rows, err := t.q.QueryContext(t.ctx, (`SELECT scope, key, request_hash, result_ref FROM idempotency_keys
		WHERE (scope, key) IN (` + placeholders(len(keys), 2) + `)`), args...)
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

func (t *sqliteJournalTx) reversed(ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := t.q.QueryContext(t.ctx, (`SELECT reverses_id FROM journal_entries WHERE reverses_id IN (` +
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + `)`), args...)
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

func (t *sqliteJournalTx) lock(keys []ledger.BalanceKey, out map[ledger.BalanceKey]decimal.Decimal) error {
	for start := 0; start < len(keys); start += 1000 {
		chunk := keys[start:min(start+1000, len(keys))]
		args := make([]any, 0, 2*len(chunk))
		for _, k := range chunk {
			args = append(args, k.AccountID, k.Asset)
		}
		rows, err := t.q.QueryContext(t.ctx, (`SELECT account_id, asset, amount FROM balances
			WHERE (account_id, asset) IN (` + placeholders(len(chunk), 2) + `) ORDER BY account_id, asset` + ""), args...)
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

func (t *sqliteJournalTx) lockBalances(keys []ledger.BalanceKey) (map[ledger.BalanceKey]decimal.Decimal, error) {
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
	if _, err := t.q.ExecContext(t.ctx, (`INSERT INTO balances (account_id, asset, amount) VALUES ` +
		placeholders(len(missing), 3) + ` ON CONFLICT DO NOTHING`), args...); err != nil {
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

func (t *sqliteJournalTx) Append(entries []ledger.Entry, balances map[ledger.BalanceKey]decimal.Decimal, idem []ledger.IdemRecord, head ledger.Head) error {
	// Small multi-row statements: the pure-Go driver binds parameters in
	// time quadratic in their number per statement.
	const entryCols, postingCols, rows = 11, 6, 32
	for start := 0; start < len(entries); start += rows {
		chunk := entries[start:min(start+rows, len(entries))]
		args := make([]any, 0, entryCols*len(chunk))
		for _, e := range chunk {
			var rev any
			if e.ReversesID != 0 {
				rev = e.ReversesID
			}
			args = append(args, e.ID, e.Date, string(e.Kind), e.Description, e.Source.Type, e.Source.ID, rev,
				e.CreatedBy, e.CreatedAt, e.PrevHash, e.Hash)
		}
		if _, err := t.q.ExecContext(t.ctx, (`INSERT INTO journal_entries (id, entry_date, kind, description,
			source_type, source_id, reverses_id, created_by, created_at, prev_hash, hash) VALUES ` + placeholders(len(chunk), entryCols)), args...); err != nil {
			return fmt.Errorf("insert entries: %w", err)
		}
	}
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		_, err := t.q.ExecContext(t.ctx, (`INSERT INTO postings (entry_id, line, account_id, amount, item_code, quantity) VALUES ` +
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
			if len(args) >= 2*rows*postingCols {
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
		if _, err := t.q.ExecContext(t.ctx, (`INSERT INTO idempotency_keys (scope, key, request_hash, result_ref, created_at) VALUES ` +
			placeholders(len(idem), 5)), args...); err != nil {
			return fmt.Errorf("insert idempotency keys: %w", err)
		}
	}
	if _, err := t.q.ExecContext(t.ctx, (`UPDATE journal_head SET last_id = ?, last_hash = ? WHERE id = 1`), head.LastID, head.LastHash); err != nil {
		return fmt.Errorf("move journal head: %w", err)
	}
	return nil
}

// writeBalances updates balance rows one by one (SQLite, a local file).
func (t *sqliteJournalTx) writeBalances(balances map[ledger.BalanceKey]decimal.Decimal) error {
	if len(balances) == 0 {
		return nil
	}
	for k, v := range balances {
		if _, err := t.q.ExecContext(t.ctx, `UPDATE balances SET amount = ? WHERE account_id = ? AND asset = ?`, v.String(), k.AccountID, k.Asset); err != nil {
			return fmt.Errorf("update balance: %w", err)
		}
	}
	return nil
}
