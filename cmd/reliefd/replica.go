package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"reliefledger/api"
	"reliefledger/store"
	"reliefledger/web"
)

// replicas parses DATABASE_REPLICA_URLS and RELIEF_REPLICA_MAX_LAG.
func (c config) replicas() (store.ReplicaOptions, error) {
	var o store.ReplicaOptions
	lag, err := time.ParseDuration(c.ReplicaMaxLag)
	if err != nil || lag < 100*time.Millisecond {
		return o, fmt.Errorf("RELIEF_REPLICA_MAX_LAG must be a duration of at least 100ms (e.g. 5s), got %q", c.ReplicaMaxLag)
	}
	o.MaxLag = lag
	for i, u := range strings.Split(c.ReplicaURLs, ",") {
		if u = strings.TrimSpace(u); u == "" {
			continue
		}
		if !isPostgres(u) {
			return o, fmt.Errorf("DATABASE_REPLICA_URLS: URL %d is not a postgres:// URL", i+1)
		}
		o.URLs = append(o.URLs, u)
	}
	if len(o.URLs) > 0 && !isPostgres(c.DatabaseURL) {
		return o, fmt.Errorf("DATABASE_REPLICA_URLS needs DATABASE_URL to be PostgreSQL: the embedded database has no replicas")
	}
	return o, nil
}

// useReplicas sends the lag-tolerant reads of the API and of the public
// pages to the read replicas, if any are configured, and publishes them in
// /metrics. It returns the pages' handler.
func useReplicas(ctx context.Context, cfg config, db *store.DB, srv *api.Server, pages *web.Server, m *api.Metrics) (http.Handler, error) {
	o, err := cfg.replicas()
	if err != nil || len(o.URLs) == 0 {
		return pages.Handler(), err
	}
	if err := db.UseReplicas(ctx, o); err != nil {
		return nil, err
	}
	srv.Replicas = db
	m.WatchReplicas(func() ([]api.ReplicaStat, uint64) {
		st := db.Replicas()
		out := make([]api.ReplicaStat, len(st.Replicas))
		for i, r := range st.Replicas {
			out[i] = api.ReplicaStat{Name: r.Name, Up: r.Up, LagBytes: r.LagBytes, LagSeconds: r.Lag.Seconds(), Reads: r.Reads}
		}
		return out, st.PrimaryReads
	})
	return pages.WithReplicas(pages.Handler(), db), nil
}
