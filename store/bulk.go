package store

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"

	"reliefledger/ledger"
)

// Bulk rows on PostgreSQL go through COPY (pgx CopyFrom, the binary
// protocol): no statement to parse or plan, no array to build and unnest,
// the rows streamed to the server as they are encoded. A COPY is a round
// trip of its own (it cannot wait in the pipeline), so appends and
// donation inserts use it from copyMin rows up; a group commit's few
// entries keep the pipelined statements. Rows that merge into existing
// ones (balances, the balance history's days, word counts) stay statements
// (COPY cannot update) but are one row per balance, day or word, not per
// entry. A COPY is part of its transaction: a row the server refuses (a
// NUL byte in a text on PostgreSQL, a duplicate key) fails the transaction
// and nothing of it is written.

// copyMin is how many rows make a bulk write go through COPY.
const copyMin = 256

// copyFrom sends what is pending in the pipeline, then copies rows into
// table. row(i, buf) fills buf with row i's values.
func (t *Tx) copyFrom(table string, cols []string, n int, row func(i int, buf []any)) error {
	if n == 0 {
		return nil
	}
	if err := t.pg.flush(t.ctx); err != nil {
		return err
	}
	buf := make([]any, len(cols))
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		row(i, buf)
		i++
		return buf, nil
	})
	got, err := t.pg.conn.CopyFrom(t.ctx, pgx.Identifier{table}, cols, src)
	if err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	if got != int64(n) {
		return fmt.Errorf("copy into %s: %d rows copied, not %d", table, got, n)
	}
	return nil
}

// pgNumeric is d as PostgreSQL's binary numeric.
func pgNumeric(d decimal.Decimal) pgtype.Numeric {
	return pgtype.Numeric{Int: d.Coefficient(), Exp: d.Exponent(), Valid: true}
}

// pgNullNumeric is d, or NULL.
func pgNullNumeric(d decimal.NullDecimal) pgtype.Numeric {
	if !d.Valid {
		return pgtype.Numeric{}
	}
	return pgNumeric(d.Decimal)
}

// pgDate is an accounting date as PostgreSQL's binary date.
func pgDate(d ledger.Date) pgtype.Date {
	y, m, day := d.Date()
	return pgtype.Date{Time: time.Date(y, m, day, 0, 0, 0, 0, time.UTC), Valid: true}
}

// pgNullID is id, or NULL for 0.
func pgNullID(id int64) pgtype.Int8 { return pgtype.Int8{Int64: id, Valid: id != 0} }

var (
	entryCopyCols   = []string{"id", "entry_date", "kind", "description", "source_type", "source_id", "reverses_id", "created_by", "created_at", "prev_hash", "hash"}
	postingCopyCols = []string{"entry_id", "line", "account_id", "amount", "item_code", "quantity"}
)

// appendCopy is appendPG for many entries: the entries and postings by
// COPY, then the balances, idempotency keys and journal head as one
// pipelined statement, as appendPG queues them.
func (t *Tx) appendCopy(entries []ledger.Entry, balances map[ledger.BalanceKey]ledger.BalanceChange, idem []ledger.IdemRecord, head ledger.Head) error {
	err := t.copyFrom("journal_entries", entryCopyCols, len(entries), func(i int, r []any) {
		e := &entries[i]
		r[0], r[1], r[2], r[3], r[4], r[5] = e.ID, pgDate(e.Date), string(e.Kind), e.Description, e.Source.Type, e.Source.ID
		r[6], r[7], r[8], r[9], r[10] = pgNullID(e.ReversesID), e.CreatedBy, e.CreatedAt, e.PrevHash, e.Hash
	})
	if err != nil {
		return fmt.Errorf("insert entries: %w", err)
	}
	type at struct{ e, p int }
	var ps []at
	for i, e := range entries {
		for j := range e.Postings {
			ps = append(ps, at{i, j})
		}
	}
	err = t.copyFrom("postings", postingCopyCols, len(ps), func(i int, r []any) {
		e := &entries[ps[i].e]
		p := &e.Postings[ps[i].p]
		var item pgtype.Text
		qty := pgtype.Numeric{}
		if p.Item != "" {
			item, qty = pgtype.Text{String: p.Item, Valid: true}, pgNumeric(p.Quantity)
		}
		r[0], r[1], r[2], r[3], r[4], r[5] = e.ID, int32(p.Line), p.AccountID, pgNumeric(p.Amount), item, qty
	})
	if err != nil {
		return fmt.Errorf("insert postings: %w", err)
	}
	bAcc, bAsset, bAmt, bDate := changedColumns(balances)
	iScope, iKey, iHash, iRef := idemColumns(idem)
	t.pg.queue("SET LOCAL plan_cache_mode = auto")
	t.pg.queue(appendRestPG, bAcc, bAsset, bAmt, bDate, time.Now().UTC(), iScope, iKey, iHash, iRef, head.LastID, head.LastHash)
	return nil
}

// appendRestPG is appendPG without the entries and postings.
const appendRestPG = `WITH
b AS (
	UPDATE balances AS b SET amount = v.amt::numeric, last_date = NULLIF(v.d, '')::date
	FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS v(acc, asset, amt, d)
	WHERE b.account_id = v.acc AND b.asset = v.asset
),
i AS (
	INSERT INTO idempotency_keys (scope, key, request_hash, result_ref, created_at)
	SELECT scope, key, rh, ref, $5::timestamptz FROM unnest($6::text[], $7::text[], $8::text[], $9::text[]) AS x(scope, key, rh, ref)
)
UPDATE journal_head SET last_id = $10, last_hash = $11 WHERE id = 1`

// entryFundsCopy lists many entries under their funds by COPY: the
// funds of the accounts posted to are read first (a few rows).
func (t *Tx) entryFundsCopy(entries []ledger.Entry) error {
	var accs []int64
	seen := map[int64]bool{}
	for _, e := range entries {
		for _, p := range e.Postings {
			if !seen[p.AccountID] {
				seen[p.AccountID] = true
				accs = append(accs, p.AccountID)
			}
		}
	}
	fundOf := make(map[int64]int64, len(accs))
	err := t.each(`SELECT id, fund_id FROM accounts WHERE id = ANY(?::bigint[])`, []any{accs}, func(scan func(...any) error) error {
		var id, fund int64
		err := scan(&id, &fund)
		fundOf[id] = fund
		return err
	})
	if err != nil {
		return fmt.Errorf("funds of accounts: %w", err)
	}
	type row struct{ fund, entry int64 }
	var rs []row
	for _, e := range entries {
		var funds []int64
		for _, p := range e.Postings {
			f, ok := fundOf[p.AccountID]
			if !ok {
				return fmt.Errorf("list entries under their funds: no account %d", p.AccountID)
			}
			dup := false
			for _, g := range funds {
				dup = dup || g == f
			}
			if !dup {
				funds = append(funds, f)
				rs = append(rs, row{f, e.ID})
			}
		}
	}
	err = t.copyFrom("entry_funds", []string{"fund_id", "entry_id"}, len(rs), func(i int, r []any) { r[0], r[1] = rs[i].fund, rs[i].entry })
	if err != nil {
		return fmt.Errorf("list entries under their funds: %w", err)
	}
	return nil
}
