package store_test

import (
	"context"
	"testing"
	"time"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestPruneIdempotency: keys older than the window go, newer ones stay.
func TestPruneIdempotency(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		for i, age := range []time.Duration{40 * 24 * time.Hour, 31 * 24 * time.Hour, 29 * 24 * time.Hour, time.Minute} {
			must(t, db.Exec(ctx, `INSERT INTO idempotency_keys (scope, key, request_hash, result_ref, created_at) VALUES (?, ?, 'h', 'entry:1', ?)`,
				"user:1", string(rune('a'+i)), now.Add(-age)))
		}
		n, err := db.PruneIdempotency(ctx, now.Add(-30*24*time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("pruned %d, %v; want 2", n, err)
		}
		counts, err := db.RowCounts(ctx)
		must(t, err)
		if counts["idempotency_keys"] != 2 {
			t.Errorf("%d keys left, want 2", counts["idempotency_keys"])
		}
	})
}
