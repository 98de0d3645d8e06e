package store_test

import (
	"context"
	"sync"
	"testing"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestScratch: the bench's scratch table takes concurrent inserts, counts
// them, and is gone after Drop; a name outside scratch_… is refused.
func TestScratch(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.CreateScratch(ctx, "journal_entries; --"); err == nil {
			t.Fatal("a name outside scratch_… was taken")
		}
		s, err := db.CreateScratch(ctx, "scratch_test")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					if err := s.Insert(ctx, "x\x01"); err != nil {
						t.Errorf("client %d: %v", i, err)
					}
				}
			}()
		}
		wg.Wait()
		if n, err := s.Rows(ctx); err != nil || n != 40 {
			t.Fatalf("rows %d %v, want 40", n, err)
		}
		if err := s.Drop(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Rows(ctx); err == nil {
			t.Error("the table is still there after Drop")
		}
	})
}
