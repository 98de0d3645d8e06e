package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestWriterStatementsPrepared: on SQLite the writer runs a statement it
// has seen before prepared, inside later transactions, with the same
// answers and the same errors; an operator's statement or a migration
// empties the cache; long texts and texts past its budget are not kept;
// and the writer keeps its temporary files in memory outside migrations.
func TestWriterStatementsPrepared(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	count := `SELECT COUNT(*) FROM funds WHERE code LIKE ?`
	insert := `INSERT INTO funds (code, name_vi, name_en, created_at) VALUES (?, ?, ?, ?)`
	countIn := func(fn func(tx *store.Tx) error) int64 {
		t.Helper()
		var n int64
		err := db.InTxForTest(ctx, func(tx *store.Tx) error {
			if err := fn(tx); err != nil {
				return err
			}
			var err error
			n, err = tx.CountForTest(count, "T%")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	add := func(code string) func(tx *store.Tx) error {
		return func(tx *store.Tx) error {
			_, err := tx.ExecForTest(insert, code, "x", "x", time.Now().UTC())
			return err
		}
	}

	if n := countIn(add("T1")); n != 1 {
		t.Fatalf("first transaction counts %d funds, want 1", n)
	}
	for _, q := range []string{count, insert} {
		if ok, _, _, _ := db.PreparedForTest(q); !ok {
			t.Fatalf("not prepared after a transaction ran it: %s", q)
		}
	}
	// Prepared, the statements see the transaction's own rows.
	_, _, _, before := db.PreparedForTest(count)
	if n := countIn(add("T2")); n != 2 {
		t.Fatalf("prepared count sees %d funds, want 2", n)
	}
	if _, _, _, after := db.PreparedForTest(count); after-before != 2 {
		t.Fatalf("the second transaction ran %d statements prepared, want 2", after-before)
	}
	// A prepared statement refused fails as the same statement sent as
	// text does, and leaves the writer usable.
	dup := db.InTxForTest(ctx, add("T1"))
	padded := db.InTxForTest(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecForTest(insert+" /* "+strings.Repeat("x", 9000)+" */", "T1", "x", "x", time.Now().UTC())
		return err
	})
	if dup == nil || padded == nil || fmt.Sprint(dup) != fmt.Sprint(padded) {
		t.Fatalf("a duplicate fund: prepared %v, as text %v; want the same error", dup, padded)
	}
	if n := countIn(add("T3")); n != 3 {
		t.Fatalf("after a refusal: %d funds, want 3", n)
	}

	// An operator's statement may change the schema: the cache is emptied,
	// and the statements prepared again work on the new table.
	if err := db.Exec(ctx, `ALTER TABLE funds ADD COLUMN note TEXT`); err != nil {
		t.Fatal(err)
	}
	if ok, _, _, _ := db.PreparedForTest(count); ok {
		t.Fatal("still prepared after an operator's statement")
	}
	if n := countIn(add("T4")); n != 4 {
		t.Fatalf("after ALTER TABLE: %d funds, want 4", n)
	}
	if n := countIn(add("T5")); n != 5 {
		t.Fatalf("prepared again after ALTER TABLE: %d funds, want 5", n)
	}

	// Bounds: a text longer than the longest kept is never prepared, and
	// distinct texts stop being kept at the byte budget.
	budget, longest := store.StatementCacheLimitsForTest()
	long := count + " /* " + strings.Repeat("y", longest) + " */"
	for range 2 {
		countInQuery(t, db, long)
	}
	if ok, _, _, _ := db.PreparedForTest(long); ok {
		t.Fatalf("a text of %d bytes was prepared (longest kept %d)", len(long), longest)
	}
	var last string
	for i := range 2 * budget / 1000 {
		last = fmt.Sprintf("%s /* %d %s */", count, i, strings.Repeat("z", 1000))
		countInQuery(t, db, last)
	}
	_, n, bytes, _ := db.PreparedForTest("")
	if bytes > budget || n > budget/1000 {
		t.Fatalf("%d statements of %d bytes kept, budget %d bytes", n, bytes, budget)
	}
	if ok, _, _, _ := db.PreparedForTest(last); ok {
		t.Fatal("a text seen past the budget was prepared")
	}
	if n := countIn(add("T6")); n != 6 {
		t.Fatalf("with the cache full: %d funds, want 6", n)
	}

	// Temporary files in memory for the writer, on disk while migrating.
	tempStore := func() int64 {
		var v int64
		if err := db.InTxForTest(ctx, func(tx *store.Tx) error {
			var err error
			v, err = tx.CountForTest(`PRAGMA temp_store`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := tempStore(); v != 2 {
		t.Fatalf("the writer's temp_store = %d, want 2 (memory)", v)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if v := tempStore(); v != 2 {
		t.Fatalf("after migrating, the writer's temp_store = %d, want 2 (memory)", v)
	}
}

func countInQuery(t *testing.T, db *store.DB, q string) {
	t.Helper()
	if err := db.InTxForTest(context.Background(), func(tx *store.Tx) error {
		_, err := tx.CountForTest(q, "T%")
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
