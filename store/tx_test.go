package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestTxAllOrNothing: what a transaction wrote is gone when its function
// fails, AfterCommit runs only after a commit, and a failure leaves the
// connection usable for the next transaction.
func TestTxAllOrNothing(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		committed := 0
		err := db.InJournalForTest(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { committed++ })
			if _, err := tx.ExecForTest(`INSERT INTO funds (code, name_vi, name_en, created_at) VALUES (?, ?, ?, ?)`, "GONE", "x", "x", time.Now().UTC()); err != nil {
				return err
			}
			n, err := tx.CountForTest(`SELECT COUNT(*) FROM funds WHERE code = ?`, "GONE")
			if err != nil || n != 1 {
				return fmt.Errorf("the transaction does not see its own row: %d, %v", n, err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("transaction error = %v, want boom", err)
		}
		if n, err := db.CountForTest(ctx, `SELECT COUNT(*) FROM funds WHERE code = ?`, "GONE"); err != nil || n != 0 {
			t.Errorf("rolled-back row is there: %d, %v", n, err)
		}
		if committed != 0 {
			t.Errorf("AfterCommit ran %d times after a rollback", committed)
		}
		err = db.InTxForTest(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { committed++ })
			_, err := tx.ExecForTest(`INSERT INTO funds (code, name_vi, name_en, created_at) VALUES (?, ?, ?, ?)`, "KEPT", "x", "x", time.Now().UTC())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := db.CountForTest(ctx, `SELECT COUNT(*) FROM funds WHERE code = ?`, "KEPT"); n != 1 || committed != 1 {
			t.Errorf("committed row count %d, AfterCommit ran %d times", n, committed)
		}
	})
}

// TestTxStatementErrorRollsBack: a refused statement in the middle of a
// pipelined PostgreSQL transaction (or SQLite's) fails the transaction,
// and nothing queued before it is kept.
func TestTxStatementErrorRollsBack(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.InJournalForTest(ctx, func(tx *store.Tx) error {
			if _, err := tx.ExecForTest(`INSERT INTO funds (code, name_vi, name_en, created_at) VALUES (?, ?, ?, ?)`, "DUP", "x", "x", time.Now().UTC()); err != nil {
				return err
			}
			_, err := tx.ExecForTest(`INSERT INTO funds (code, name_vi, name_en, created_at) VALUES (?, ?, ?, ?)`, "DUP", "x", "x", time.Now().UTC())
			return err
		})
		if err == nil {
			t.Fatal("a duplicate code was accepted")
		}
		if n, _ := db.CountForTest(ctx, `SELECT COUNT(*) FROM funds WHERE code = 'DUP'`); n != 0 {
			t.Errorf("%d rows of the failed transaction kept", n)
		}
		if _, err := db.CountForTest(ctx, `SELECT COUNT(*) FROM funds`); err != nil {
			t.Errorf("the database is unusable after a failed transaction: %v", err)
		}
	})
}

// TestAppendVisibleInItsTransaction: on PostgreSQL the journal append waits
// in the pipeline; a statement after it in the same transaction must see
// its rows (the pipeline keeps statements in order), and a row that refers
// to the appended entry commits with it.
func TestAppendVisibleInItsTransaction(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := ledger.NewService(db.Ledger(), ledger.Options{})
		t.Cleanup(l.Close)
		if err := l.SeedFunds(ctx); err != nil {
			t.Fatal(err)
		}
		amount := decimal.NewFromInt(1500000)
		in := ledger.EntryInput{Kind: ledger.KindAdjustment, Description: "opening", Postings: []ledger.PostingInput{
			{Account: ledger.AccountByCode("POOR", "1120"), Amount: amount}, {Account: ledger.AccountByCode("POOR", "3100"), Amount: amount.Neg()}}}
		err := db.InJournalForTest(ctx, func(tx *store.Tx) error {
			es, _, err := l.Record(ctx, tx, ledger.Actor{UserID: 1}, []ledger.EntryInput{in})
			if err != nil {
				return err
			}
			n, err := tx.CountForTest(`SELECT COUNT(*) FROM postings WHERE entry_id = ?`, es[0].ID)
			if err != nil || n != 2 {
				return fmt.Errorf("in its transaction entry %d has %d postings (%v), want 2", es[0].ID, n, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		r, err := l.Verify(ctx)
		if err != nil || !r.OK() || r.Entries != 1 {
			t.Fatalf("verify after a recorded entry: %+v, %v", r, err)
		}
	})
}

// TestInsertRows loads more rows than one PostgreSQL statement takes.
func TestInsertRows(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 12345
		rows := make([][]any, n)
		for i := range rows {
			rows[i] = []any{fmt.Sprintf("OLD%05d", i), fmt.Sprintf("NEW%05d", i), "2025-07-01"}
		}
		err := db.InTxForTest(ctx, func(tx *store.Tx) error {
			return tx.InsertRowsForTest("region_mappings", []string{"old_code", "new_code", "effective"}, []string{"text", "text", "text"}, rows)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := db.CountForTest(ctx, `SELECT COUNT(*) FROM region_mappings WHERE old_code LIKE 'OLD%'`); got != n {
			t.Errorf("inserted %d rows, want %d", got, n)
		}
	})
}
