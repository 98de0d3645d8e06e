package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/shopspring/decimal"

	"reliefledger/ledger"
)

// On PostgreSQL the journal's statements take whole columns as arrays
// (unnest), so each has one fixed text that the driver prepares once, and
// the append is a single statement: entries, postings, balances,
// idempotency keys and the head move together.

// pgJournalTx pipelines the journal transaction on one pgx connection:
// BEGIN, the head lock and every read go out in one round trip, the append
// and COMMIT in a second. Statements in a pipeline run in order, and each
// (READ COMMITTED) reads the data committed before it started, so the
// reads after the head lock see every earlier append.
type pgJournalTx struct {
	ctx  context.Context
	conn *pgx.Conn
	open bool // BEGIN was sent
	done bool // COMMIT succeeded
}

func (l *Ledger) withJournalPG(ctx context.Context, fn func(ledger.JournalTx) error) error {
	sqlDB, err := l.db.w.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("journal: get connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("journal: unexpected driver connection %T", dc)
		}
		tx := &pgJournalTx{ctx: ctx, conn: sc.Conn()}
		err := fn(tx)
		if err == nil && tx.open && !tx.done {
			if _, err = tx.conn.Exec(ctx, "COMMIT"); err == nil {
				tx.done = true
			}
		}
		if err != nil && tx.open && !tx.done {
			tx.conn.Exec(context.Background(), "ROLLBACK")
		}
		return err
	})
}

const (
	sqlHeadPG     = `SELECT last_id, last_hash FROM journal_head WHERE id = 1 FOR UPDATE`
	sqlIdemPG     = `SELECT scope, key, request_hash, result_ref FROM idempotency_keys WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`
	sqlReversedPG = `SELECT reverses_id FROM journal_entries WHERE reverses_id = ANY($1::bigint[])`
	sqlLockPG     = `SELECT account_id, asset, amount FROM balances WHERE (account_id, asset) IN (SELECT * FROM unnest($1::bigint[], $2::text[])) ORDER BY account_id, asset FOR UPDATE`
	sqlMissingPG  = `INSERT INTO balances (account_id, asset, amount) SELECT acc, asset, 0 FROM unnest($1::bigint[], $2::text[]) AS x(acc, asset) ON CONFLICT DO NOTHING`
)

func balanceColumns(keys []ledger.BalanceKey) ([]int64, []string) {
	ids, assets := make([]int64, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		ids[i], assets[i] = k.AccountID, k.Asset
	}
	return ids, assets
}

func (t *pgJournalTx) Read(r ledger.JournalRead) (ledger.JournalState, error) {
	st := ledger.JournalState{Idem: map[ledger.IdemKey]ledger.IdemRecord{}, Reversed: map[int64]bool{}, Balances: map[ledger.BalanceKey]decimal.Decimal{}}
	scopes, keys := make([]string, len(r.Keys)), make([]string, len(r.Keys))
	for i, k := range r.Keys {
		scopes[i], keys[i] = k.Scope, k.Key
	}
	ids, assets := balanceColumns(r.Balances)
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	b.Queue(sqlHeadPG)
	b.Queue(sqlIdemPG, scopes, keys)
	b.Queue(sqlReversedPG, r.Reverses)
	b.Queue(sqlLockPG, ids, assets)
	t.open = true
	br := t.conn.SendBatch(t.ctx, b)
	err := t.readAll(br, &st)
	if cerr := br.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return st, fmt.Errorf("journal read: %w", err)
	}
	var missing []ledger.BalanceKey
	for _, k := range r.Balances {
		if _, ok := st.Balances[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return st, nil
	}
	// First movement of an item in an account: create its rows, then lock.
	ids, assets = balanceColumns(missing)
	if _, err := t.conn.Exec(t.ctx, sqlMissingPG, ids, assets); err != nil {
		return st, fmt.Errorf("create balances: %w", err)
	}
	rows, err := t.conn.Query(t.ctx, sqlLockPG, ids, assets)
	if err != nil {
		return st, fmt.Errorf("lock balances: %w", err)
	}
	if err := scanBalances(rows, st.Balances); err != nil {
		return st, err
	}
	for _, k := range missing {
		if _, ok := st.Balances[k]; !ok {
			return st, fmt.Errorf("lock balances: no row for account %d %s", k.AccountID, k.Asset)
		}
	}
	return st, nil
}

func (t *pgJournalTx) readAll(br pgx.BatchResults, st *ledger.JournalState) error {
	if _, err := br.Exec(); err != nil {
		return err
	}
	if err := br.QueryRow().Scan(&st.Head.LastID, &st.Head.LastHash); err != nil {
		return fmt.Errorf("lock journal head: %w", err)
	}
	rows, err := br.Query()
	if err != nil {
		return err
	}
	for rows.Next() {
		var r ledger.IdemRecord
		if err := rows.Scan(&r.Scope, &r.Key, &r.RequestHash, &r.ResultRef); err != nil {
			rows.Close()
			return err
		}
		st.Idem[r.IdemKey] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = br.Query()
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		st.Reversed[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = br.Query()
	if err != nil {
		return err
	}
	return scanBalances(rows, st.Balances)
}

func scanBalances(rows pgx.Rows, out map[ledger.BalanceKey]decimal.Decimal) error {
	defer rows.Close()
	for rows.Next() {
		var k ledger.BalanceKey
		var v decimal.Decimal
		if err := rows.Scan(&k.AccountID, &k.Asset, &v); err != nil {
			return err
		}
		out[k] = v
	}
	return rows.Err()
}

const appendPG = `WITH
e AS (
	INSERT INTO journal_entries (id, entry_date, kind, description, source_type, source_id, reverses_id, created_by, created_at, prev_hash, hash)
	SELECT id, d::date, kind, descr, st, sid, NULLIF(rev, 0), cb, ca, ph, h
	FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::timestamptz[], $10::text[], $11::text[])
		AS x(id, d, kind, descr, st, sid, rev, cb, ca, ph, h)
),
p AS (
	INSERT INTO postings (entry_id, line, account_id, amount, item_code, quantity)
	SELECT eid, line, acc, amt::numeric, NULLIF(item, ''), NULLIF(qty, '')::numeric
	FROM unnest($12::bigint[], $13::int[], $14::bigint[], $15::text[], $16::text[], $17::text[]) AS x(eid, line, acc, amt, item, qty)
),
b AS (
	UPDATE balances AS b SET amount = v.amt::numeric
	FROM unnest($18::bigint[], $19::text[], $20::text[]) AS v(acc, asset, amt)
	WHERE b.account_id = v.acc AND b.asset = v.asset
),
i AS (
	INSERT INTO idempotency_keys (scope, key, request_hash, result_ref, created_at)
	SELECT scope, key, rh, ref, $21::timestamptz FROM unnest($22::text[], $23::text[], $24::text[], $25::text[]) AS x(scope, key, rh, ref)
)
UPDATE journal_head SET last_id = $26, last_hash = $27 WHERE id = 1`

func (t *pgJournalTx) Append(entries []ledger.Entry, balances map[ledger.BalanceKey]decimal.Decimal, idem []ledger.IdemRecord, head ledger.Head) error {
	n := len(entries)
	eID, eRev, eBy := make([]int64, n), make([]int64, n), make([]int64, n)
	eDate, eKind, eDesc, eST, eSID, ePrev, eHash := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	eAt := make([]time.Time, n)
	var pEntry, pAcc []int64
	var pLine []int32
	var pAmt, pItem, pQty []string
	for i, e := range entries {
		eID[i], eRev[i], eBy[i], eAt[i] = e.ID, e.ReversesID, e.CreatedBy, e.CreatedAt
		eDate[i], eKind[i], eDesc[i], eST[i], eSID[i], ePrev[i], eHash[i] = e.Date.String(), string(e.Kind), e.Description, e.Source.Type, e.Source.ID, e.PrevHash, e.Hash
		for _, p := range e.Postings {
			qty := ""
			if p.Item != "" {
				qty = p.Quantity.String()
			}
			pEntry, pLine, pAcc = append(pEntry, e.ID), append(pLine, int32(p.Line)), append(pAcc, p.AccountID)
			pAmt, pItem, pQty = append(pAmt, p.Amount.String()), append(pItem, p.Item), append(pQty, qty)
		}
	}
	var bAcc []int64
	var bAsset, bAmt []string
	for k, v := range balances {
		bAcc, bAsset, bAmt = append(bAcc, k.AccountID), append(bAsset, k.Asset), append(bAmt, v.String())
	}
	iScope, iKey, iHash, iRef := make([]string, len(idem)), make([]string, len(idem)), make([]string, len(idem)), make([]string, len(idem))
	for i, r := range idem {
		iScope[i], iKey[i], iHash[i], iRef[i] = r.Scope, r.Key, r.RequestHash, r.ResultRef
	}
	b := &pgx.Batch{}
	b.Queue(appendPG,
		eID, eDate, eKind, eDesc, eST, eSID, eRev, eBy, eAt, ePrev, eHash,
		pEntry, pLine, pAcc, pAmt, pItem, pQty,
		bAcc, bAsset, bAmt,
		time.Now().UTC(), iScope, iKey, iHash, iRef,
		head.LastID, head.LastHash)
	b.Queue("COMMIT")
	br := t.conn.SendBatch(t.ctx, b)
	_, err := br.Exec()
	if err != nil {
		br.Close()
		return fmt.Errorf("append %d entries: %w", n, err)
	}
	_, err = br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("commit %d entries: %w", n, err)
	}
	t.done = true
	return nil
}
