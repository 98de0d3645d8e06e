package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	rl "reliefledger"
	"reliefledger/donations"
	"reliefledger/ledger"
)

// Within implements donations.Store: the batcher's journal transaction is
// this store's *Tx (Ledger.WithJournal hands it out), so the donation
// rows go on it.
func (s *Donations) Within(tx ledger.Tx) (donations.Tx, error) {
	t, ok := tx.(*Tx)
	if !ok {
		return nil, fmt.Errorf("store: Donations.Within: a %T is not this store's transaction", tx)
	}
	return donationsTx{t, &s.db.words}, nil
}

// LastReceipts implements donations.Tx. Every writer of the counters
// holds the journal head, which this transaction holds: the values stay
// as read until it commits. On PostgreSQL the IDs of the donations to
// insert are drawn in the same round trip (InsertDonations takes them),
// and the version of the words' pairing read (insertWords).
func (tx donationsTx) LastReceipts(keys []donations.ReceiptKey, inserts int) (map[donations.ReceiptKey]int64, error) {
	out := make(map[donations.ReceiptKey]int64, len(keys))
	var funds []int64
	seen := map[int64]bool{}
	for _, k := range keys {
		out[k] = 0
		if !seen[k.FundID] {
			seen[k.FundID] = true
			funds = append(funds, k.FundID)
		}
	}
	if len(funds) == 0 {
		return out, nil
	}
	scan := func(scan func(...any) error) error {
		var k donations.ReceiptKey
		var last int64
		if err := scan(&k.FundID, &k.Year, &last); err != nil {
			return err
		}
		if _, ok := out[k]; ok {
			out[k] = last
		}
		return nil
	}
	const q = `SELECT fund_id, year, last_seq FROM receipt_counters WHERE fund_id IN (?)`
	if tx.pg == nil || inserts <= 0 {
		if err := tx.each(q, []any{listOf(funds)}, scan); err != nil {
			return nil, fmt.Errorf("read receipt counters: %w", err)
		}
		return out, nil
	}
	b := &pgx.Batch{}
	cq, cargs := bind(true, q, []any{listOf(funds)})
	b.Queue(cq, cargs...)
	b.Queue(sqlDrawDonationIDs, inserts)
	b.Queue(sqlPairingVersion)
	br, err := tx.pg.send(tx.ctx, b)
	if err == nil {
		err = eachResult(br, scan)
	}
	var ids []int64
	if err == nil {
		ids, err = scanIDs(br)
	}
	var version int64
	if err == nil {
		err = br.QueryRow().Scan(&version)
	}
	if br != nil {
		if cerr := br.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return nil, fmt.Errorf("read receipt counters: %w", err)
	}
	tx.pg.donationIDs = append(tx.pg.donationIDs, ids...)
	tx.pairing = &version
	return out, nil
}

// sqlDrawDonationIDs draws $1 IDs from the donations' sequence, in order.
const sqlDrawDonationIDs = `SELECT nextval(pg_get_serial_sequence('donations', 'id')) FROM generate_series(1, $1::int)`

// eachResult calls fn with each row of the batch's next result.
func eachResult(br pgx.BatchResults, fn func(scan func(...any) error) error) error {
	rs, err := br.Query()
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		if err := fn(rs.Scan); err != nil {
			return err
		}
	}
	return rs.Err()
}

// scanIDs reads the batch's next result, a column of IDs.
func scanIDs(br pgx.BatchResults) ([]int64, error) {
	var ids []int64
	err := eachResult(br, func(scan func(...any) error) error {
		var id int64
		err := scan(&id)
		ids = append(ids, id)
		return err
	})
	slices.Sort(ids)
	return ids, err
}

// donationIDs returns n IDs for new donations: those LastReceipts drew
// first, then drawn from the sequence (a round trip).
func (tx donationsTx) donationIDs(n int) ([]int64, error) {
	ids := tx.pg.donationIDs[:min(n, len(tx.pg.donationIDs))]
	tx.pg.donationIDs = tx.pg.donationIDs[len(ids):]
	if len(ids) == n {
		return ids, nil
	}
	b := &pgx.Batch{}
	b.Queue(sqlDrawDonationIDs, n-len(ids))
	br, err := tx.pg.send(tx.ctx, b)
	if err != nil {
		return nil, fmt.Errorf("donation ids: %w", err)
	}
	more, err := scanIDs(br)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err == nil && len(more) != n-len(ids) {
		err = fmt.Errorf("%d drawn for %d donations", len(more), n-len(ids))
	}
	if err != nil {
		return nil, fmt.Errorf("donation ids: %w", err)
	}
	return append(append([]int64(nil), ids...), more...), nil
}

// AuditTarget implements donations.Tx.
func (tx donationsTx) AuditTarget(ctx context.Context, target string) {
	if a := tx.auditOf(rl.RequestFrom(ctx)); a != nil {
		a.target = target
	}
}

const sqlSetReceipts = `INSERT INTO receipt_counters (fund_id, year, last_seq) VALUES (?, ?, ?)
	ON CONFLICT (fund_id, year) DO UPDATE SET last_seq = excluded.last_seq`

// SetLastReceipts implements donations.Tx. On PostgreSQL the statement
// waits in the pipeline for the next one that needs an answer (the
// donations' insert): no round trip of its own.
func (tx donationsTx) SetLastReceipts(last map[donations.ReceiptKey]int64) error {
	for k, n := range last {
		if tx.pg != nil {
			q, args := bind(true, sqlSetReceipts, []any{k.FundID, k.Year, n})
			tx.pg.queue(q, args...)
			continue
		}
		if _, err := tx.exec(sqlSetReceipts, k.FundID, k.Year, n); err != nil {
			return fmt.Errorf("receipt counter: %w", err)
		}
	}
	return nil
}

// countWords adds counts to the words' rows of donation_word_counts (a
// new word gets its wordBit) and returns what is known of every word: its
// bit, its rows (n, counted in) and its pairing. When cache knows every
// word as of version (the transaction's reading of donation_pairing), the
// upsert returns nothing: on PostgreSQL it waits in the pipeline (no round
// trip of its own) and n is the cache's plus counts. Otherwise, on
// PostgreSQL the upsert returns the words (one round trip), on SQLite they
// are read after it.
func (t *Tx) countWords(keys []string, counts map[string]int64, cache *bitCache, version int64) (map[string]wordInfo, error) {
	cs := make([][]any, len(keys))
	for i, w := range keys {
		cs[i] = []any{w, counts[w], int64(wordBit(w))}
	}
	cols, types := []string{"word", "n", "bit"}, []string{"text", "bigint", "bigint"}
	const upsert = " ON CONFLICT (word) DO UPDATE SET n = donation_word_counts.n + excluded.n"
	if cache != nil {
		if infos, ok := cache.lookup(keys, version); ok {
			for w, c := range counts {
				i := infos[w]
				i.n += c
				infos[w] = i
			}
			if t.pg != nil {
				for start := 0; start < len(cs); start += 10000 {
					q, args := unnestInsert("donation_word_counts", cols, types, cs[start:min(start+10000, len(cs))])
					q, args = bind(true, q+upsert, args)
					t.pg.queueWrapped(wrapErr("count donation words"), q, args...)
				}
				return infos, nil
			}
			if err := t.run.insertRows(t.ctx, "donation_word_counts", cols, types, cs, upsert); err != nil {
				return nil, fmt.Errorf("count donation words: %w", err)
			}
			return infos, nil
		}
	}
	if t.pg == nil {
		err := t.run.insertRows(t.ctx, "donation_word_counts", cols, types, cs, upsert)
		if err != nil {
			return nil, fmt.Errorf("count donation words: %w", err)
		}
		infos, err := t.wordInfos(keys)
		if err != nil {
			return nil, fmt.Errorf("donation words: %w", err)
		}
		return infos, nil
	}
	infos := make(map[string]wordInfo, len(keys))
	for start := 0; start < len(cs); start += 10000 {
		q, args := unnestInsert("donation_word_counts", cols, types, cs[start:min(start+10000, len(cs))])
		err := t.each(q+upsert+" RETURNING word, bit, n, paired", args, func(scan func(...any) error) error {
			var w string
			var i wordInfo
			err := scan(&w, &i.bit, &i.n, &i.paired)
			infos[w] = i
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("count donation words: %w", err)
		}
	}
	return infos, nil
}

// wrapErr prefixes a queued statement's error with what it did.
func wrapErr(what string) func(error) error {
	return func(err error) error { return fmt.Errorf("%s: %w", what, err) }
}

// queueRows is insertRows on PostgreSQL with the statements queued in the
// pipeline: they go out with the next statement that needs an answer (or
// COMMIT), which reports their errors.
func (t *Tx) queueRows(table string, cols, types []string, rs [][]any) {
	for start := 0; start < len(rs); start += 10000 {
		q, args := unnestInsert(table, cols, types, rs[start:min(start+10000, len(rs))])
		q, args = bind(true, q, args)
		t.pg.queue(q, args...)
	}
}

// unnestInsert is the statement insertRows sends on PostgreSQL: the rows
// as one array a column.
func unnestInsert(table string, cols, types []string, rs [][]any) (string, []any) {
	sel := make([]string, len(cols))
	args := make([]any, len(cols))
	for j, typ := range types {
		sel[j] = "?::" + typ + "[]"
		col := make([]any, len(rs))
		for i, row := range rs {
			col[i] = row[j]
		}
		args[j] = pgArray(col, typ)
	}
	return `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) SELECT * FROM unnest(` + strings.Join(sel, ", ") + `)`, args
}
