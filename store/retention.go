package store

import (
	"context"
	"fmt"
	"time"
)

// pruneBatch is how many idempotency keys one DELETE removes: small
// enough that a prune never holds locks or a long transaction while the
// service writes.
const pruneBatch = 10_000

// PruneIdempotency deletes the idempotency keys recorded before before,
// in batches, and returns how many it deleted. A request retried with a
// deleted key is recorded again: keys are kept for a window (30 days by
// default) far longer than any client retries.
func (db *DB) PruneIdempotency(ctx context.Context, before time.Time) (int64, error) {
	var total int64
	for {
		var n int64
		err := db.inTx(ctx, func(tx *Tx) error {
			var err error
			n, err = tx.exec(`DELETE FROM idempotency_keys WHERE (scope, key) IN
				(SELECT scope, key FROM idempotency_keys WHERE created_at < ? LIMIT ?)`, before.UTC(), pruneBatch)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("prune idempotency keys: %w", err)
		}
		total += n
		if n < pruneBatch {
			return total, nil
		}
	}
}
