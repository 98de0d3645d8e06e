package store

import (
	"context"
	"fmt"
	"strings"

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
	return donationsTx{t}, nil
}

// LastReceipts implements donations.Tx. Every writer of the counters
// holds the journal head, which this transaction holds: the values stay
// as read until it commits.
func (tx donationsTx) LastReceipts(keys []donations.ReceiptKey) (map[donations.ReceiptKey]int64, error) {
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
	err := tx.each(`SELECT fund_id, year, last_seq FROM receipt_counters WHERE fund_id IN (?)`, []any{listOf(funds)},
		func(scan func(...any) error) error {
			var k donations.ReceiptKey
			var last int64
			if err := scan(&k.FundID, &k.Year, &last); err != nil {
				return err
			}
			if _, ok := out[k]; ok {
				out[k] = last
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read receipt counters: %w", err)
	}
	return out, nil
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
// new word gets its wordBit) and returns every word's signature bit: on
// PostgreSQL in one round trip (the upsert returns the bits), on SQLite
// as an upsert then a read.
func (t *Tx) countWords(keys []string, counts map[string]int64) (map[string]int, error) {
	cs := make([][]any, len(keys))
	for i, w := range keys {
		cs[i] = []any{w, counts[w], int64(wordBit(w))}
	}
	const upsert = " ON CONFLICT (word) DO UPDATE SET n = donation_word_counts.n + excluded.n"
	if t.pg == nil {
		err := t.run.insertRows(t.ctx, "donation_word_counts", []string{"word", "n", "bit"}, []string{"text", "bigint", "bigint"}, cs, upsert)
		if err != nil {
			return nil, fmt.Errorf("count donation words: %w", err)
		}
		bits, err := t.wordBits(keys)
		if err != nil {
			return nil, fmt.Errorf("donation word bits: %w", err)
		}
		return bits, nil
	}
	bits := make(map[string]int, len(keys))
	for start := 0; start < len(cs); start += 10000 {
		q, args := unnestInsert("donation_word_counts", []string{"word", "n", "bit"}, []string{"text", "bigint", "bigint"}, cs[start:min(start+10000, len(cs))])
		err := t.each(q+upsert+" RETURNING word, bit", args, func(scan func(...any) error) error {
			var w string
			var bit int
			err := scan(&w, &bit)
			bits[w] = bit
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("count donation words: %w", err)
		}
	}
	return bits, nil
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
