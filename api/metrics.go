package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the Prometheus metrics of one server.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	entries  prometheus.Counter
	batches  prometheus.Histogram
	batchDur prometheus.Histogram
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
