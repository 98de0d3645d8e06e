package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	rl "reliefledger"
	"reliefledger/ledger"
)

// Metrics are the Prometheus metrics of one server.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	entries  prometheus.Counter
	batches  prometheus.Histogram
	batchDur prometheus.Histogram
	// writeErrors counts writes (POST, PUT, PATCH, DELETE) answered with
	// an error, by route and error kind; batchErrors journal transactions
	// that failed as a whole, by reason.
	writeErrors *prometheus.CounterVec
	batchErrors *prometheus.CounterVec
	// Slow, if set, is told of journal transactions slower than 100 ms.
	Slow func(size int, took time.Duration)
}

// NewMetrics registers the service's metrics in a registry of their own.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reliefledger_http_requests_total", Help: "HTTP requests by route template, method and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "reliefledger_http_request_duration_seconds", Help: "HTTP request latency by route template.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
		entries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "reliefledger_ledger_entries_posted_total", Help: "Journal entries appended.",
		}),
		batches: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "reliefledger_ledger_batch_size", Help: "Entries requested per journal write transaction.",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256},
		}),
		batchDur: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "reliefledger_ledger_batch_duration_seconds", Help: "Duration of journal write transactions.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		}),
	}
	m.writeErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reliefledger_write_errors_total", Help: "Writes answered with an error, by route and kind (invalid, conflict, unavailable, internal…).",
	}, []string{"method", "route", "kind"})
	m.batchErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reliefledger_ledger_batch_failures_total", Help: "Journal write transactions that failed as a whole (every entry of the batch refused), by reason.",
	}, []string{"reason"})
	m.reg.MustRegister(m.writeErrors, m.batchErrors)
	m.reg.MustRegister(m.requests, m.latency, m.entries, m.batches, m.batchDur,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// SetBuild publishes the running build as reliefledger_build_info, a
// gauge of 1 whose labels name it.
func (m *Metrics) SetBuild(version, revision, goVersion string, schema int) {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "reliefledger_build_info", Help: "The running build: version, VCS revision, Go version and the schema version it knows (always 1).",
	}, []string{"version", "revision", "goversion", "schema"})
	g.WithLabelValues(version, revision, goVersion, strconv.Itoa(schema)).Set(1)
	m.reg.MustRegister(g)
}

// WatchLedger publishes the journal writer's state: entries waiting, the
// newest entry this process appended and when, and the failed batches.
func (m *Metrics) WatchLedger(l *ledger.Service) {
	l.OnBatchError = func(size int, err error) {
		m.batchErrors.WithLabelValues(kindName(err)).Inc()
	}
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "reliefledger_ledger_queue_depth", Help: "Journal entries waiting for the writer."},
			func() float64 { return float64(l.QueueDepth()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "reliefledger_ledger_head_id", Help: "The newest journal entry this process appended (0 before its first)."},
			func() float64 { id, _ := l.LastAppended(); return float64(id) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "reliefledger_ledger_last_commit_timestamp_seconds", Help: "When this process last appended to the journal (unix time; 0 before its first)."},
			func() float64 {
				if _, at := l.LastAppended(); !at.IsZero() {
					return float64(at.UnixNano()) / 1e9
				}
				return 0
			}),
	)
}

// WatchPool publishes the database connection pool's use.
func (m *Metrics) WatchPool(stats func() (inUse, open, max int)) {
	gauge := func(name, help string, pick func(inUse, open, max int) int) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return float64(pick(stats())) })
	}
	m.reg.MustRegister(
		gauge("reliefledger_db_connections_in_use", "Database connections in use now.", func(u, _, _ int) int { return u }),
		gauge("reliefledger_db_connections_open", "Database connections open now.", func(_, o, _ int) int { return o }),
		gauge("reliefledger_db_connections_max", "The most database connections the pool opens.", func(_, _, x int) int { return x }),
	)
}

// writeError counts a write answered with err's kind.
func (m *Metrics) writeError(method, route string, err error) {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		m.writeErrors.WithLabelValues(method, route, kindName(err)).Inc()
	}
}

// kindNames name the error kinds in metrics.
var kindNames = map[rl.Kind]string{
	rl.Internal: "internal", rl.Invalid: "invalid", rl.NotFound: "not_found", rl.Conflict: "conflict", rl.Forbidden: "forbidden",
	rl.Unauthenticated: "unauthenticated", rl.TooLarge: "too_large", rl.Unsupported: "unsupported", rl.RateLimited: "rate_limited",
	rl.Unavailable: "unavailable", rl.MethodNotAllowed: "method_not_allowed",
}

func kindName(err error) string { return kindNames[rl.ErrorKind(err)] }

// ObserveBatch records one journal write transaction.
func (m *Metrics) ObserveBatch(size, appended int, took time.Duration) {
	m.batches.Observe(float64(size))
	m.entries.Add(float64(appended))
	m.batchDur.Observe(took.Seconds())
	if took > 100*time.Millisecond && m.Slow != nil {
		m.Slow(size, took)
	}
}

func (m *Metrics) observe(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(method, route).Observe(d.Seconds())
}

func (m *Metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
