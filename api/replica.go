package api

import (
	"context"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
)

// Replicas sends reads that may lag by a moment to read replicas
// (DATABASE_REPLICA_URLS); *store.DB implements it, and without replicas
// it leaves every read on the primary.
type Replicas interface {
	// MayLag marks ctx: its reads may be served by a replica that has
	// replayed the last write of userID (0: an anonymous caller).
	MayLag(ctx context.Context, userID int64) context.Context
	// BeginWrite marks a write of userID under way; done remembers where
	// the primary stood after it, for that caller's next reads.
	BeginWrite(userID int64) (done func(context.Context))
}

// lagTolerant are the routes whose reads may lag by a moment and so may
// be served by a replica: the public portal's data, lists, reports,
// fairness and exports. A caller's own writes are still seen (see
// Replicas). Single objects a caller looks up by id, the receipt check
// (a "no such receipt" must never be a replica's lag), users, tokens and
// the audit log read the primary.
var lagTolerant = map[string]bool{
	"GET /api/v1/public/use":           true,
	"GET /api/v1/public/funds":         true,
	"GET /api/v1/public/donations":     true,
	"GET /api/v1/public/checkpoints":   true,
	"GET /api/v1/funds":                true,
	"GET /api/v1/accounts":             true,
	"GET /api/v1/journal":              true,
	"GET /api/v1/trial-balance":        true,
	"GET /api/v1/items":                true,
	"GET /api/v1/warehouses":           true,
	"GET /api/v1/stock":                true,
	"GET /api/v1/stock/movements":      true,
	"GET /api/v1/allocation-plans":     true,
	"GET /api/v1/allocation-requests":  true,
	"GET /api/v1/deliveries":           true,
	"GET /api/v1/fairness":             true,
	"GET /api/v1/households/unreached": true,
	"GET /api/v1/households":           true,
	"GET /api/v1/households/summary":   true,
	"GET /api/v1/donors":               true,
	"GET /api/v1/donations":            true,
	"GET /api/v1/exports/:name":        true,
}

// replicaReads routes a request's reads: a lag-tolerant route's to a
// replica (that has the caller's last write), and for a write it
// remembers where the primary stood after it. Without Replicas it does
// nothing.
func (s *Server) replicaReads(rt route) gin.HandlerFunc {
	lag := lagTolerant[rt.Method+" "+rt.Path]
	write := !safeMethod(rt.Method)
	return func(c *gin.Context) {
		if s.Replicas == nil || (!lag && !write) {
			return
		}
		var user int64
		if p, ok := principal(c); ok {
			user = p.User.ID
		}
		if write {
			if user != 0 {
				done := s.Replicas.BeginWrite(user)
				c.Next()
				done(c.Request.Context())
			}
			return
		}
		c.Request = c.Request.WithContext(s.Replicas.MayLag(c.Request.Context(), user))
	}
}

// ReplicaStat is one read replica for /metrics.
type ReplicaStat struct {
	Name       string
	Up         bool
	LagBytes   int64
	LagSeconds float64
	// Reads counts the queries it served.
	Reads uint64
}

// WatchReplicas publishes the read replicas: up, lag in bytes and seconds,
// queries served; and the lag-tolerant queries the primary served because
// no replica fit (stats reports them).
func (m *Metrics) WatchReplicas(stats func() (replicas []ReplicaStat, primaryReads uint64)) {
	m.reg.MustRegister(&replicaCollector{stats: stats})
}

var (
	replicaUp = prometheus.NewDesc("reliefledger_replica_up",
		"1 while a read replica serves lag-tolerant reads; 0 while it is skipped (unreachable, not a standby, or lagging more than RELIEF_REPLICA_MAX_LAG).", []string{"replica"}, nil)
	replicaLagBytes = prometheus.NewDesc("reliefledger_replica_lag_bytes",
		"How far a read replica's replay is behind the primary's WAL position, in bytes.", []string{"replica"}, nil)
	replicaLagSeconds = prometheus.NewDesc("reliefledger_replica_lag_seconds",
		"How long ago the primary first stood past what a read replica has replayed (0 when it has replayed everything).", []string{"replica"}, nil)
	replicaReadsTotal = prometheus.NewDesc("reliefledger_replica_reads_total",
		"Queries a read replica served.", []string{"replica"}, nil)
	replicaPrimaryReads = prometheus.NewDesc("reliefledger_replica_primary_reads_total",
		"Lag-tolerant queries the primary served because no replica fit (none up, or none had replayed the caller's last write).", nil, nil)
)

type replicaCollector struct {
	stats func() ([]ReplicaStat, uint64)
}

func (c *replicaCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{replicaUp, replicaLagBytes, replicaLagSeconds, replicaReadsTotal, replicaPrimaryReads} {
		ch <- d
	}
}

func (c *replicaCollector) Collect(ch chan<- prometheus.Metric) {
	rs, primary := c.stats()
	for _, r := range rs {
		up := 0.0
		if r.Up {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(replicaUp, prometheus.GaugeValue, up, r.Name)
		ch <- prometheus.MustNewConstMetric(replicaLagBytes, prometheus.GaugeValue, float64(r.LagBytes), r.Name)
		ch <- prometheus.MustNewConstMetric(replicaLagSeconds, prometheus.GaugeValue, r.LagSeconds, r.Name)
		ch <- prometheus.MustNewConstMetric(replicaReadsTotal, prometheus.CounterValue, float64(r.Reads), r.Name)
	}
	ch <- prometheus.MustNewConstMetric(replicaPrimaryReads, prometheus.CounterValue, float64(primary))
}
