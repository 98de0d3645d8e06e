package store_test

import (
	"context"
	"testing"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestSQLiteWriterTempInMemory: SQLite's writer keeps its temporary files
// (the statement journals of multi-row inserts) in memory, and still does
// after a migration, which sets them on disk while it runs.
func TestSQLiteWriterTempInMemory(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
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
