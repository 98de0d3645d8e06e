package ledger_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"reliefledger/ledger"
	"reliefledger/store/storetest"
)

// BenchmarkPostHot posts two-posting entries to the same two accounts from
// 64 goroutines: the hot case of every donation, without HTTP.
func BenchmarkPostHot(b *testing.B) {
	for _, backend := range []storetest.Backend{storetest.SQLite, storetest.Postgres} {
		b.Run(string(backend), func(b *testing.B) {
			db := storetest.Open(b, backend)
			s := newLedger(b, db)
			bank, rev := account(b, s, "POOR", "1120"), account(b, s, "POOR", "4100")
			var n atomic.Int64
			b.SetParallelism(32) // × GOMAXPROCS (2) = 64 posters
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					in := transfer(rev, bank, "1000")
					key := &ledger.IdemRecord{IdemKey: ledger.IdemKey{Scope: "bench", Key: fmt.Sprint(i)}, RequestHash: "h"}
					if _, _, err := s.Post(context.Background(), ledger.Actor{UserID: 1, Idem: key}, in); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}
