package donations_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"reliefledger/donations"
	"reliefledger/ledger"
	"reliefledger/store/storetest"
)

// BenchmarkRecordParallel: donations recorded by many goroutines at once
// through the service (no HTTP), group-committed.
//
//	go test ./donations -run XXX -bench RecordParallel -benchtime 5000x
func BenchmarkRecordParallel(b *testing.B) {
	for _, backend := range []storetest.Backend{storetest.SQLite, storetest.Postgres} {
		for _, words := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/words=%v", backend, words), func(b *testing.B) {
				db := storetest.Open(b, backend)
				e := newEnv(b, db, nil)
				var batches, took atomic.Int64
				e.ledger.OnBatch = func(size, _ int, d time.Duration) { batches.Add(1); took.Add(int64(d)) }
				var n atomic.Int64
				b.SetParallelism(32) // 64 goroutines on 2 cores
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						i := n.Add(1)
						_, _, err := e.svc.Record(context.Background(), ledger.Actor{UserID: 1}, money(100000+i%1000, "2021-07-20", func(in *donations.Input) {
							in.DonorName = fmt.Sprintf("Nguyễn Văn Khách %d", i)
							in.BankRef = fmt.Sprintf("FT%010d", i)
							in.Description = "ủng hộ người nghèo xã An Thạnh"
							if !words {
								in.DonorName, in.Description, in.Anonymous = "", "", true
							}
						}))
						if err != nil {
							b.Error(err)
							return
						}
					}
				})
				b.StopTimer()
				if k := batches.Load(); k > 0 {
					b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "donations/s")
					b.ReportMetric(float64(b.N)/float64(k), "per-batch")
					b.ReportMetric(float64(took.Load())/float64(k)/1e6, "ms/batch")
				}
			})
		}
	}
}
