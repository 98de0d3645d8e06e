package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"reliefledger/ledger"
)

// Closed periods (ledger/close.go): the closes are rows of period_closes,
// and a fund's closing date is the latest of its rows. The journal reads
// the closing dates of the funds a batch touches in its Read, after the
// head lock (on PostgreSQL in the same round trip as the other reads), and
// a close is inserted in a journal transaction too.

const sqlClosedPG = `SELECT fund_id, MAX(closed_through) FROM period_closes WHERE fund_id = ANY($1::bigint[]) GROUP BY fund_id`

// queueClosed adds the read of the funds' closing dates to the journal's
// first round trip; scanClosed reads its answer.
func queueClosed(b *pgx.Batch, r ledger.JournalRead) { b.Queue(sqlClosedPG, r.Funds) }

func scanClosed(br pgx.BatchResults, st *ledger.JournalState) error {
	return scanAll(br, func(rs pgx.Rows) error { return scanClosedRow(rs.Scan, st) })
}

func scanClosedRow(scan func(...any) error, st *ledger.JournalState) error {
	var fund int64
	var through ledger.Date
	if err := scan(&fund, &through); err != nil {
		return fmt.Errorf("read closing dates: %w", err)
	}
	if st.Closed == nil {
		st.Closed = map[int64]ledger.Date{}
	}
	st.Closed[fund] = through
	return nil
}

// readClosedSQLite reads the funds' closing dates on the single writer.
func (t *Tx) readClosedSQLite(r ledger.JournalRead, st *ledger.JournalState) error {
	if len(r.Funds) == 0 {
		return nil
	}
	return t.each(`SELECT fund_id, MAX(closed_through) FROM period_closes WHERE fund_id IN (?) GROUP BY fund_id`,
		[]any{listOf(r.Funds)}, func(scan func(...any) error) error { return scanClosedRow(scan, st) })
}

// ClosePeriod implements ledger.Tx.
func (t *Tx) ClosePeriod(c ledger.PeriodClose, idem *ledger.IdemRecord) (int64, error) {
	var id int64
	if _, err := t.one(`INSERT INTO period_closes (fund_id, closed_through, closed_at, closed_by, note, after_entry_id)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		[]any{c.FundID, c.ClosedThrough, c.ClosedAt.UTC(), c.ClosedBy, c.Note, c.AfterEntry}, &id); err != nil {
		return 0, fmt.Errorf("insert close of fund %s through %s: %w", c.FundCode, c.ClosedThrough, err)
	}
	ref := ledger.CloseResultRef(id)
	if idem != nil {
		if _, err := t.exec(`INSERT INTO idempotency_keys (scope, key, request_hash, result_ref, created_at) VALUES (?, ?, ?, ?, ?)`,
			idem.Scope, idem.Key, idem.RequestHash, ref, time.Now().UTC()); err != nil {
			return 0, fmt.Errorf("insert idempotency key of close: %w", err)
		}
	}
	t.note(ref)
	return id, nil
}

// PeriodCloses implements ledger.Store.
func (l *Ledger) PeriodCloses(ctx context.Context, fundID int64) ([]ledger.PeriodClose, error) {
	query := `SELECT c.id, c.fund_id, f.code, c.closed_through, c.closed_at, c.closed_by, c.note, c.after_entry_id
		FROM period_closes c JOIN funds f ON f.id = c.fund_id`
	var args []any
	if fundID != 0 {
		query += ` WHERE c.fund_id = ?`
		args = append(args, fundID)
	}
	out := []ledger.PeriodClose{}
	err := l.db.read.each(ctx, query+` ORDER BY c.id`, args, func(scan func(...any) error) error {
		var c ledger.PeriodClose
		if err := scan(&c.ID, &c.FundID, &c.FundCode, &c.ClosedThrough, &c.ClosedAt, &c.ClosedBy, &c.Note, &c.AfterEntry); err != nil {
			return fmt.Errorf("scan period close: %w", err)
		}
		c.ClosedAt = c.ClosedAt.UTC()
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list period closes: %w", err)
	}
	return out, nil
}
