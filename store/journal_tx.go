package store

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"reliefledger/ledger"
)

// The journal's side of a transaction: *Tx implements ledger.Tx. On
// PostgreSQL the reads go out in one round trip after BEGIN and the head
// lock, and the append waits in the pipeline for COMMIT (or for the
// feature's next statement), so a batch of journal entries costs two round
// trips. Its statements take whole columns as arrays (unnest), so each has
// one fixed text that the driver prepares once. An append of copyMin
// entries or more (a statement import's chunk) sends its entries and
// postings by COPY instead (appendCopy, bulk.go).

var _ ledger.Tx = (*Tx)(nil)

const (
	sqlHeadPG     = `SELECT last_id, last_hash FROM journal_head WHERE id = 1`
	sqlIdemPG     = `SELECT scope, key, request_hash, result_ref FROM idempotency_keys WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`
	sqlReversedPG = `SELECT reverses_id FROM journal_entries WHERE reverses_id = ANY($1::bigint[])`
	sqlLockPG     = `SELECT account_id, asset, amount, last_date FROM balances WHERE (account_id, asset) IN (SELECT * FROM unnest($1::bigint[], $2::text[])) ORDER BY account_id, asset FOR UPDATE`
	sqlMissingPG  = `INSERT INTO balances (account_id, asset, amount) SELECT acc, asset, 0 FROM unnest($1::bigint[], $2::text[]) AS x(acc, asset) ON CONFLICT DO NOTHING`
)

// Read implements ledger.Tx.
func (t *Tx) Read(r ledger.JournalRead) (ledger.JournalState, error) {
	st := ledger.JournalState{Idem: map[ledger.IdemKey]ledger.IdemRecord{}, Reversed: map[int64]bool{},
		Balances: map[ledger.BalanceKey]decimal.Decimal{}, LastDates: map[ledger.BalanceKey]ledger.Date{}}
	var err error
	if t.pg != nil {
		err = t.readPG(r, &st)
	} else {
		err = t.readSQLite(r, &st)
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
	// First movement of an asset in an account: create its rows, then lock.
	if err := t.createBalances(missing); err != nil {
		return st, err
	}
	if err := t.lockBalances(missing, &st); err != nil {
		return st, err
	}
	for _, k := range missing {
		if _, ok := st.Balances[k]; !ok {
			return st, fmt.Errorf("lock balances: no row for account %d %s", k.AccountID, k.Asset)
		}
	}
	return st, nil
}

func balanceColumns(keys []ledger.BalanceKey) ([]int64, []string) {
	ids, assets := make([]int64, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		ids[i], assets[i] = k.AccountID, k.Asset
	}
	return ids, assets
}

func (t *Tx) readPG(r ledger.JournalRead, st *ledger.JournalState) error {
	scopes, keys := make([]string, len(r.Keys)), make([]string, len(r.Keys))
	for i, k := range r.Keys {
		scopes[i], keys[i] = k.Scope, k.Key
	}
	ids, assets := balanceColumns(r.Balances)
	b := &pgx.Batch{}
	// The journal's lookups are planned for the tables as they are now.
	// pgx prepares each statement once per connection, and PostgreSQL would
	// otherwise settle on a generic plan costed while a table was small (a
	// sequential scan of the idempotency keys) and keep it as the table
	// grows, with autovacuum off or lagging behind: 6× slower writes after
	// 100,000 keys. The bulk append keeps cached plans (planning its
	// arrays anew each time doubles an import's time): see appendPG.
	b.Queue("SET LOCAL plan_cache_mode = force_custom_plan")
	b.Queue(sqlHeadPG)
	b.Queue(sqlIdemPG, scopes, keys)
	b.Queue(sqlReversedPG, r.Reverses)
	b.Queue(sqlLockPG, ids, assets)
	queueClosed(b, r)
	br, err := t.pg.send(t.ctx, b)
	if err != nil {
		return fmt.Errorf("lock journal head: %w", err)
	}
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return err
	}
	if err := br.QueryRow().Scan(&st.Head.LastID, &st.Head.LastHash); err != nil {
		return fmt.Errorf("read journal head: %w", err)
	}
	if err := scanAll(br, func(rs pgx.Rows) error {
		var rec ledger.IdemRecord
		err := rs.Scan(&rec.Scope, &rec.Key, &rec.RequestHash, &rec.ResultRef)
		st.Idem[rec.IdemKey] = rec
		return err
	}); err != nil {
		return err
	}
	if err := scanAll(br, func(rs pgx.Rows) error {
		var id int64
		err := rs.Scan(&id)
		st.Reversed[id] = true
		return err
	}); err != nil {
		return err
	}
	if err := scanAll(br, func(rs pgx.Rows) error { return scanBalance(rs.Scan, st) }); err != nil {
		return err
	}
	return scanClosed(br, st)
}

// scanAll reads the next result of a batch, row by row.
func scanAll(br pgx.BatchResults, each func(pgx.Rows) error) error {
	rs, err := br.Query()
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		if err := each(rs); err != nil {
			return err
		}
	}
	return rs.Err()
}

func scanBalance(scan func(...any) error, st *ledger.JournalState) error {
	var k ledger.BalanceKey
	var v decimal.Decimal
	var last sql.Null[ledger.Date]
	if err := scan(&k.AccountID, &k.Asset, &v, &last); err != nil {
		return err
	}
	st.Balances[k], st.LastDates[k] = v, last.V
	return nil
}

// readSQLite reads on the single writer, which BEGIN IMMEDIATE has
// locked: no row locks are needed (and the driver ignores FOR UPDATE).
func (t *Tx) readSQLite(r ledger.JournalRead, st *ledger.JournalState) error {
	found, err := t.one(sqlHeadPG, nil, &st.Head.LastID, &st.Head.LastHash)
	if err != nil || !found {
		return fmt.Errorf("read journal head: found %v: %w", found, err)
	}
	for start := 0; start < len(r.Keys); start += 500 {
		part := r.Keys[start:min(start+500, len(r.Keys))]
		pairs := make(valueRows, len(part))
		for i, k := range part {
			pairs[i] = []any{k.Scope, k.Key}
		}
		err := t.each(`SELECT scope, key, request_hash, result_ref FROM idempotency_keys WHERE (scope, key) IN (VALUES ?)`, []any{pairs},
			func(scan func(...any) error) error {
				var rec ledger.IdemRecord
				err := scan(&rec.Scope, &rec.Key, &rec.RequestHash, &rec.ResultRef)
				st.Idem[rec.IdemKey] = rec
				return err
			})
		if err != nil {
			return fmt.Errorf("read idempotency keys: %w", err)
		}
	}
	if len(r.Reverses) > 0 {
		ids, err := t.run.ids(t.ctx, `SELECT reverses_id FROM journal_entries WHERE reverses_id IN (?)`, listOf(r.Reverses))
		if err != nil {
			return fmt.Errorf("read reversals: %w", err)
		}
		for _, id := range ids {
			st.Reversed[id] = true
		}
	}
	if err := t.readClosedSQLite(r, st); err != nil {
		return err
	}
	return t.lockBalances(r.Balances, st)
}

// lockBalances reads (on PostgreSQL: locks, in key order) balance rows.
func (t *Tx) lockBalances(keys []ledger.BalanceKey, st *ledger.JournalState) error {
	if t.pg != nil {
		ids, assets := balanceColumns(keys)
		err := t.each(sqlLockPG, []any{ids, assets}, func(scan func(...any) error) error { return scanBalance(scan, st) })
		if err != nil {
			return fmt.Errorf("lock balances: %w", err)
		}
		return nil
	}
	for start := 0; start < len(keys); start += 500 {
		part := keys[start:min(start+500, len(keys))]
		pairs := make(valueRows, len(part))
		for i, k := range part {
			pairs[i] = []any{k.AccountID, k.Asset}
		}
		err := t.each(`SELECT account_id, asset, amount, last_date FROM balances WHERE (account_id, asset) IN (VALUES ?)`, []any{pairs},
			func(scan func(...any) error) error { return scanBalance(scan, st) })
		if err != nil {
			return fmt.Errorf("read balances: %w", err)
		}
	}
	return nil
}

func (t *Tx) createBalances(keys []ledger.BalanceKey) error {
	var err error
	if t.pg != nil {
		ids, assets := balanceColumns(keys)
		_, err = t.exec(sqlMissingPG, ids, assets)
	} else {
		rs := make(valueRows, len(keys))
		for i, k := range keys {
			rs[i] = []any{k.AccountID, k.Asset, "0"}
		}
		_, err = t.exec(`INSERT INTO balances (account_id, asset, amount) VALUES ? ON CONFLICT DO NOTHING`, rs)
	}
	if err != nil {
		return fmt.Errorf("create balances: %w", err)
	}
	return nil
}

// OpenAccounts implements ledger.Tx: accounts are inserted unless their
// fund has the code already, and every one is read back with its ID.
func (t *Tx) OpenAccounts(as []ledger.Account) ([]ledger.Account, error) {
	if len(as) == 0 {
		return nil, nil
	}
	rs := make(valueRows, len(as))
	want := map[string]bool{}
	var funds []int64
	var codes []string
	for i, a := range as {
		r := toAccountRow(a)
		rs[i] = []any{r.FundID, r.Code, r.Name, r.Type, r.NonNegative, r.DistrictCode, r.WarehouseCode, r.ItemCode, r.Designation, r.CreatedAt}
		want[fmt.Sprint(a.FundID, ":", a.Code)] = true
		funds, codes = append(funds, a.FundID), append(codes, a.Code)
	}
	if _, err := t.exec(`INSERT INTO accounts (fund_id, code, name, type, non_negative, district_code, warehouse_code, item_code, designation, created_at)
		VALUES ? ON CONFLICT (fund_id, code) DO NOTHING`, rs); err != nil {
		return nil, fmt.Errorf("open accounts: %w", err)
	}
	var out []ledger.Account
	err := t.each(`SELECT `+accountColumns+` FROM accounts a JOIN funds f ON f.id = a.fund_id WHERE a.fund_id IN (?) AND a.code IN (?) ORDER BY a.id`,
		[]any{listOf(funds), listOf(codes)}, func(scan func(...any) error) error {
			a, err := scanAccount(scan)
			if want[fmt.Sprint(a.FundID, ":", a.Code)] {
				out = append(out, a)
			}
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("open accounts: %w", err)
	}
	bals := make([]ledger.BalanceKey, len(out))
	for i, a := range out {
		bals[i] = ledger.BalanceKey{AccountID: a.ID, Asset: ledger.AssetVND}
	}
	return out, t.createBalances(bals)
}

// Append implements ledger.Tx.
func (t *Tx) Append(entries []ledger.Entry, balances map[ledger.BalanceKey]ledger.BalanceChange, idem []ledger.IdemRecord, head ledger.Head) error {
	if t.pg != nil && len(entries) >= copyMin {
		if err := t.appendCopy(entries, balances, idem, head); err != nil {
			return err
		}
	} else if t.pg != nil {
		t.appendPG(entries, balances, idem, head)
	} else if err := t.appendSQLite(entries, balances, idem, head); err != nil {
		return err
	}
	return t.appendHistory(entries)
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
	UPDATE balances AS b SET amount = v.amt::numeric, last_date = NULLIF(v.d, '')::date
	FROM unnest($18::bigint[], $19::text[], $20::text[], $28::text[]) AS v(acc, asset, amt, d)
	WHERE b.account_id = v.acc AND b.asset = v.asset
),
i AS (
	INSERT INTO idempotency_keys (scope, key, request_hash, result_ref, created_at)
	SELECT scope, key, rh, ref, $21::timestamptz FROM unnest($22::text[], $23::text[], $24::text[], $25::text[]) AS x(scope, key, rh, ref)
)
UPDATE journal_head SET last_id = $26, last_hash = $27 WHERE id = 1`

// appendPG queues the whole append as one statement; it leaves with the
// transaction's next statement or its COMMIT.
func (t *Tx) appendPG(entries []ledger.Entry, balances map[ledger.BalanceKey]ledger.BalanceChange, idem []ledger.IdemRecord, head ledger.Head) {
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
	bAcc, bAsset, bAmt, bDate := changedColumns(balances)
	iScope, iKey, iHash, iRef := idemColumns(idem)
	t.pg.queue("SET LOCAL plan_cache_mode = auto")
	t.pg.queue(appendPG,
		eID, eDate, eKind, eDesc, eST, eSID, eRev, eBy, eAt, ePrev, eHash,
		pEntry, pLine, pAcc, pAmt, pItem, pQty,
		bAcc, bAsset, bAmt,
		time.Now().UTC(), iScope, iKey, iHash, iRef,
		head.LastID, head.LastHash, bDate)
}

// dateText writes a date for a text column or array; zero is empty.
func dateText(d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func (t *Tx) appendSQLite(entries []ledger.Entry, balances map[ledger.BalanceKey]ledger.BalanceChange, idem []ledger.IdemRecord, head ledger.Head) error {
	// Small multi-row statements: the pure-Go driver binds parameters in
	// time quadratic in their number per statement.
	const rowsPer = 32
	for start := 0; start < len(entries); start += rowsPer {
		chunk := entries[start:min(start+rowsPer, len(entries))]
		rs := make(valueRows, len(chunk))
		for i, e := range chunk {
			rs[i] = []any{e.ID, e.Date, string(e.Kind), e.Description, e.Source.Type, e.Source.ID, nullID(e.ReversesID),
				e.CreatedBy, e.CreatedAt, e.PrevHash, e.Hash}
		}
		if _, err := t.exec(`INSERT INTO journal_entries (id, entry_date, kind, description, source_type, source_id, reverses_id,
			created_by, created_at, prev_hash, hash) VALUES ?`, rs); err != nil {
			return fmt.Errorf("insert entries: %w", err)
		}
	}
	var rs valueRows
	flush := func() error {
		if len(rs) == 0 {
			return nil
		}
		_, err := t.exec(`INSERT INTO postings (entry_id, line, account_id, amount, item_code, quantity) VALUES ?`, rs)
		rs = rs[:0]
		if err != nil {
			return fmt.Errorf("insert postings: %w", err)
		}
		return nil
	}
	for _, e := range entries {
		for _, p := range e.Postings {
			var item, qty any
			if p.Item != "" {
				item, qty = p.Item, p.Quantity.String()
			}
			rs = append(rs, []any{e.ID, p.Line, p.AccountID, p.Amount.String(), item, qty})
			if len(rs) >= 2*rowsPer {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	for k, v := range balances {
		if _, err := t.exec(`UPDATE balances SET amount = ?, last_date = ? WHERE account_id = ? AND asset = ?`,
			v.Amount.String(), nullText(dateText(v.LastDate)), k.AccountID, k.Asset); err != nil {
			return fmt.Errorf("update balance: %w", err)
		}
	}
	if len(idem) > 0 {
		now := time.Now().UTC()
		keys := make(valueRows, len(idem))
		for i, r := range idem {
			keys[i] = []any{r.Scope, r.Key, r.RequestHash, r.ResultRef, now}
		}
		if _, err := t.exec(`INSERT INTO idempotency_keys (scope, key, request_hash, result_ref, created_at) VALUES ?`, keys); err != nil {
			return fmt.Errorf("insert idempotency keys: %w", err)
		}
	}
	if _, err := t.exec(`UPDATE journal_head SET last_id = ?, last_hash = ? WHERE id = 1`, head.LastID, head.LastHash); err != nil {
		return fmt.Errorf("move journal head: %w", err)
	}
	return nil
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// changedColumns lays the changed balance rows out as the columns the
// PostgreSQL append statements take as arrays.
func changedColumns(balances map[ledger.BalanceKey]ledger.BalanceChange) (acc []int64, asset, amount, lastDate []string) {
	for k, v := range balances {
		acc, asset = append(acc, k.AccountID), append(asset, k.Asset)
		amount, lastDate = append(amount, v.Amount.String()), append(lastDate, dateText(v.LastDate))
	}
	return acc, asset, amount, lastDate
}

// idemColumns lays idempotency records out as columns, as changedColumns.
func idemColumns(idem []ledger.IdemRecord) (scope, key, hash, ref []string) {
	scope, key, hash, ref = make([]string, len(idem)), make([]string, len(idem)), make([]string, len(idem)), make([]string, len(idem))
	for i, r := range idem {
		scope[i], key[i], hash[i], ref[i] = r.Scope, r.Key, r.RequestHash, r.ResultRef
	}
	return scope, key, hash, ref
}
